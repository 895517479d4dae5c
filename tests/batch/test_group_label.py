"""The roster's group column prints small on each folded card's back, for sorting after printing."""

from __future__ import annotations

from w4r.typeset.fonts import book

import pytest

from tests.conftest import MM, page_size, text_runs


def test_group_label_on_the_back_panel_of_folded_cards(w4r, tmp_path):
    roster = tmp_path / "class.csv"
    roster.write_text(
        "name,message,case,to,group\n"
        "Sam,Thinking of you.,luis-manuel,individual,Class 7B\n"
        "Jo,Warm wishes from our school.,luis-manuel,individual,Class 7C\n",
        encoding="utf-8",
    )
    out = tmp_path / "cards.pdf"
    res = w4r("batch", str(roster), "-o", str(out), "--format", "a5", "--no-stacks", "-q")
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


POSTCARD_ROSTER = (
    "name,message,case,to,group\n"
    "Sam,Thinking of you.,luis-manuel,individual,Class 7B\n"
    "Jo,Warm wishes from our school.,luis-manuel,individual,Class 7C\n"
    "Mia,We hope you are home soon.,luis-manuel,individual,\n"
    "Ali,Stay strong.,luis-manuel,individual,Table 4\n"
    "Zed,Hello from all of us.,luis-manuel,individual,Class 9\n"
)


def test_group_label_at_the_foot_of_each_postcards_message_side(w4r, tmp_path):
    from w4r.render.imposition import A6_4UP

    roster = tmp_path / "class.csv"
    roster.write_text(POSTCARD_ROSTER, encoding="utf-8")
    out = tmp_path / "cards.pdf"
    res = w4r("batch", str(roster), "-o", str(out), "--format", "a6-4up", "--no-stacks", "-q")
    assert res.returncode == 0, res.stderr
    pdf = out.read_bytes()
    # Sheet 1 holds rows 1-4, its message side is page 1; row 5 is alone on sheet 2 (page 3).
    expected = [(1, 0, "Class 7B", "Sam"), (1, 1, "Class 7C", "Jo"), (1, 2, None, "Mia"), (1, 3, "Table 4", "Ali"), (3, 0, "Class 9", "Zed")]
    for page, slot_index, label, name in expected:
        slot = A6_4UP.slot(slot_index, "back")  # mirrored: behind its own front
        inside = [r for r in text_runs(pdf, page) if slot.x <= r.x < slot.right and slot.y <= r.top < slot.bottom]
        signed = [r for r in inside if r.text.strip() == name]
        assert len(signed) == 1, (name, [r.text for r in inside])
        labels = [r for r in inside if r.text.strip().startswith(("Class", "Table"))]
        if label is None:
            assert labels == []
            continue
        assert [r.text.strip() for r in labels] == [label]
        r = labels[0]
        assert r.size <= 7
        assert r.top > signed[0].top  # below the message and the name
        # Clear of the cut and of the printer's unprinted band: at least 5 mm inside the card.
        assert slot.bottom - r.top >= 5 * MM
        assert r.x >= slot.x + 5 * MM and r.x + 20 * MM <= slot.right


def test_a_postcards_label_takes_room_from_its_message(tmp_path, w4r):
    from w4r.cases import CaseLibrary
    from w4r.compose.card import compose_card
    from w4r.compose.sender import make_sender
    from w4r.render.card_message import characters_that_fit, message_box
    from w4r.render.card_type import CARD_FORMATS

    form = CARD_FORMATS["a6-4up"]
    plain, labelled = message_box(form), message_box(form, labelled=True)
    assert plain.height - labelled.height == pytest.approx(4 * MM)
    case = CaseLibrary.open(None).get("luis-manuel")
    words = ("We are thinking of you and hoping for your freedom every single day. " * 40).strip()
    card = compose_card(case, sender=make_sender("Sam", None), message=words)
    fits = characters_that_fit(card, plain.width, plain.height, form.type, fb=book())
    fits_labelled = characters_that_fit(card, labelled.width, labelled.height, form.type, fb=book())
    assert fits_labelled < fits
    message = words[:fits].rsplit(" ", 1)[0]
    assert len(message) > fits_labelled
    roster = tmp_path / "r.csv"
    roster.write_text(f"name,message,case,to,group\nSam,{message},luis-manuel,individual,\nSam,{message},luis-manuel,individual,Class 7B\n", encoding="utf-8")
    res = w4r("batch", str(roster), "-o", str(tmp_path / "out.pdf"), "--format", "a6-4up", "--skip-invalid", "-q")
    assert res.returncode == 0, res.stderr
    problem_rows = [line for line in res.stderr.splitlines() if "does not fit" in line]
    assert len(problem_rows) == 1 and problem_rows[0].lstrip().startswith("3")  # the labelled row (spreadsheet row 3)
