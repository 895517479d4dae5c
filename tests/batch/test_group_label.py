"""The roster's group column prints small on each folded card's back, for sorting after printing."""

from __future__ import annotations

from tests.conftest import MM, page_size, text_runs


def test_group_label_on_the_back_panel_of_folded_cards(w4r, tmp_path):
    roster = tmp_path / "class.csv"
    roster.write_text(
        "name,message,case,to,group\n"
        "Sam,Thinking of you.,rita,individual,Class 7B\n"
        "Jo,Warm wishes from our school.,rita,individual,Class 7C\n",
        encoding="utf-8",
    )
    out = tmp_path / "cards.pdf"
    res = w4r("batch", str(roster), "-o", str(out), "--format", "a5", "-q")
    assert res.returncode == 0, res.stderr
    pdf = out.read_bytes()
    width, height = page_size(pdf, 0)
    for page, label in ((0, "Class 7B"), (2, "Class 7C")):
        runs = [r for r in text_runs(pdf, page) if r.text.strip() == label]
        assert len(runs) == 1, (page, [r.text for r in text_runs(pdf, page)])
        r = runs[0]
        # On the back (left) panel of the landscape sheet, near its foot, clear of the unprintable band.
        assert 5 * MM < r.x < width / 2 - 5 * MM
        assert height - 20 * MM < r.top < height - 5 * MM
