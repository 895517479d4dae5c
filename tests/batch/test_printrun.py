"""Print runs that cannot go wrong (issue 12): duplex-safe mixed runs, class stacks, spreadsheets, offsets."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.conftest import MM, page_count, page_text, text_runs
from w4r.typeset.fonts import book
from w4r.batch.job import BatchOptions, run_batch

DATE = dt.date(2026, 12, 10)
HEADER = ["name", "message", "case", "to", "group"]


def mixed_rows(n: int = 40) -> list[list[str]]:
    """Letters and cards for three cases in two classes, interleaved as a class list would be."""
    rows = [HEADER]
    cases = ["luis-manuel", "chow-hang-tung", "manahel"]
    for i in range(n):
        to = "card" if i % 3 == 1 else "letter"
        kind = "C" if to == "card" else "L"
        rows.append([f"Pupil {i}", f"Msg{kind}{i:02d} from our class.", cases[(i // 3) % 3], to, "7B" if i % 2 else "7C"])
    return rows


def classify(pdf: bytes) -> list[str]:
    """What each page is: cover, slip, blank, letter:Msg.., card-out, card-in:Msg.."""
    kinds = []
    for p in range(page_count(pdf)):
        text = page_text(pdf, p)
        if not text.strip():
            kinds.append("blank")
        elif "this class's stack" in text:
            kinds.append("cover")
        elif "Packing slip" in text:
            kinds.append("slip")
        elif "MsgC" in text:
            kinds.append("card-in:" + text[text.index("MsgC") : text.index("MsgC") + 6])
        elif "MsgL" in text:
            kinds.append("letter:" + text[text.index("MsgL") : text.index("MsgL") + 6])
        elif "Thinking of you" in text:
            kinds.append("card-out")
        else:
            kinds.append("other")
    return kinds


@pytest.fixture(scope="module")
def mixed_run():
    return run_batch(BatchOptions(rows=mixed_rows(), date=DATE), fb=book())


def test_a_mixed_class_run_prints_every_card_with_its_own_back(mixed_run):
    pdf = mixed_run.pdf
    kinds = classify(pdf)
    assert len(kinds) == mixed_run.pages
    assert "other" not in kinds
    assert kinds.count("cover") == 2 and kinds.count("slip") == 3
    letters = [k for k in kinds if k.startswith("letter:")]
    cards = [k for k in kinds if k.startswith("card-in:")]
    assert len(letters) == 27 and len(cards) == 13 and len(set(letters)) == 27
    for i, k in enumerate(kinds):
        page = i + 1  # as a printer counts
        if k == "card-out":
            assert page % 2 == 1 and kinds[i + 1].startswith("card-in:"), (page, kinds[i : i + 2])
        if k.startswith("card-in:"):
            assert page % 2 == 0 and kinds[i - 1] == "card-out", page
        if k.startswith("letter:") or k in ("cover", "slip"):
            # On the front of a sheet of its own: its back is blank (these are all one page).
            assert page % 2 == 1 and kinds[i + 1] == "blank", (page, k)
    # Class 7C first (row 2 is in 7C), then 7B; the packing slips close the run.
    assert kinds[0] == "cover" and kinds[-6:] == ["slip", "blank"] * 3
    second_cover = kinds.index("cover", 1)
    first_part = {k for k in kinds[:second_cover] if ":" in k}
    assert all(int(k[-2:]) % 2 == 0 for k in first_part)  # even rows are class 7C
    (out,) = [o for o in [mixed_run] if o]  # the run returned its PDF rather than writing a file
    assert out.outputs == []


def test_the_summary_counts_envelopes_only_for_cases_with_a_postal_address(mixed_run):
    cases = mixed_run.cases
    assert cases["chow-hang-tung"].card_address and not cases["luis-manuel"].card_address
    assert cases["chow-hang-tung"].envelopes == cases["chow-hang-tung"].letters + 1
    assert cases["luis-manuel"].envelopes == cases["luis-manuel"].letters and cases["luis-manuel"].hand_in


def test_a_roster_of_letters_only_stays_compact_and_one_sided(tmp_path):
    rows = [["name", "message", "case", "to"]] + [[f"P{i}", f"Hello {i}", "luis-manuel", "letter"] for i in range(3)]
    result = run_batch(BatchOptions(rows=rows, date=DATE, output=tmp_path / "l.pdf"), fb=book())
    assert result.pages == 3
    (out,) = result.outputs
    assert (out.two_sided, out.flip, out.copies, out.paper, out.pages) == (False, None, 1, "a4", 3)


def test_two_page_letters_and_blank_backs_keep_the_parity(tmp_path):
    # Issue 16 item 32: duplex parity with letters of two pages, blank backs and the page count in the summary.
    long_message = "\n\n".join(f"Paragraph {k}: " + "We think of you every day at our school. " * 12 for k in range(9))
    rows = [HEADER, ["Ann", long_message, "luis-manuel", "letter", ""], ["Bob", "MsgC01 short", "luis-manuel", "card", ""],
            ["Cat", "MsgL02 short", "luis-manuel", "letter", ""], ["Dan", "MsgC03 short", "luis-manuel", "card", ""]]
    result = run_batch(BatchOptions(rows=rows, date=DATE, output=tmp_path / "m.pdf"), fb=book())
    pdf = (tmp_path / "m.pdf").read_bytes()
    n = page_count(pdf)
    assert result.pages == n == result.outputs[0].pages
    texts = [page_text(pdf, p) for p in range(n)]
    # Letters first (the two-page one fills its sheet: no blank after it), the one-page letter gets a blank back,
    # then each card on a sheet of its own.
    assert "Paragraph 0" in texts[0] and "Paragraph 8" in texts[1]
    assert "MsgL02" in texts[2] and texts[3].strip() == ""
    assert "Thinking of you" in texts[4] and "MsgC01" in texts[5] and "Thinking of you" in texts[6] and "MsgC03" in texts[7]
    assert n == 8 and result.outputs[0].sheets == 4 and result.outputs[0].two_sided


def test_by_kind_writes_letters_cards_and_envelopes_each_with_its_printing_line(tmp_path):
    rows = [HEADER, ["Ann", "MsgL00", "chow-hang-tung", "letter", "7B"], ["Bob", "MsgC01", "chow-hang-tung", "card", "7B"],
            ["Cat", "MsgL02", "luis-manuel", "letter", "7B"]]
    result = run_batch(BatchOptions(rows=rows, date=DATE, by_kind_dir=tmp_path / "run"), fb=book())
    files = {o.content: o for o in result.outputs}
    assert set(files) == {"letters", "cards", "envelopes"}
    assert not files["letters"].two_sided and files["cards"].two_sided and files["cards"].flip == "short"
    letters = (tmp_path / "run" / "letters.pdf").read_bytes()
    # One-sided: the cover, the two letters, the packing slips, with no blank pages.
    assert [k for k in classify(letters)] == ["cover", "letter:MsgL00", "letter:MsgL02", "slip", "slip"]
    cards = (tmp_path / "run" / "cards.pdf").read_bytes()
    assert classify(cards) == ["cover", "blank", "card-out", "card-in:MsgC01"]
    envelopes = (tmp_path / "run" / "envelopes.pdf").read_bytes()
    # A letter each, and one for the cards of the case with a postal address (Chow Hang-tung's PO box).
    assert page_count(envelopes) == 3 and "PO Box" in page_text(envelopes, 1)


def words(pdf: bytes, page: int, tmp_path) -> dict[str, tuple[float, float]]:
    """Each word's (left, top) in points as poppler reads the page (an independent reader that applies every matrix)."""
    import re
    import subprocess

    path = tmp_path / "w.pdf"
    path.write_bytes(pdf)
    html = subprocess.run(["pdftotext", "-bbox", "-f", str(page + 1), "-l", str(page + 1), str(path), "-"],
                          capture_output=True, text=True, check=True).stdout
    return {m[2]: (float(m[0]), float(m[1])) for m in re.findall(r'xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>([^<]+)<', html)}


def test_offset_moves_the_letters_address_block(tmp_path):
    rows = [["name", "message", "case", "to"], ["Ann", "Hello", "luis-manuel", "letter"]]
    plain = run_batch(BatchOptions(rows=rows, date=DATE), fb=book()).pdf
    from w4r.batch.assemble import Offset

    moved = run_batch(BatchOptions(rows=rows, date=DATE, offset=Offset(2, 3)), fb=book()).pdf

    a, b = words(plain, 0, tmp_path)["Bermúdez"], words(moved, 0, tmp_path)["Bermúdez"]  # the official's name, first address line
    assert b[0] - a[0] == pytest.approx(2 * MM, abs=0.01)
    assert b[1] - a[1] == pytest.approx(3 * MM, abs=0.01)
    assert page_text(plain) == page_text(moved)


def test_the_back_of_a_two_sided_sheet_gets_the_back_offset(tmp_path):
    from w4r.batch.assemble import Offset

    rows = [["name", "message", "case", "to"], ["Ann", "Hello there", "luis-manuel", "card"]]
    plain = run_batch(BatchOptions(rows=rows, date=DATE), fb=book()).pdf
    moved = run_batch(BatchOptions(rows=rows, date=DATE, offset=Offset(1, 0, -1.5, 2)), fb=book()).pdf

    front0, front1 = words(plain, 0, tmp_path)["Manuel"], words(moved, 0, tmp_path)["Manuel"]
    back0, back1 = words(plain, 1, tmp_path)["there"], words(moved, 1, tmp_path)["there"]
    assert (front1[0] - front0[0], front1[1] - front0[1]) == pytest.approx((1 * MM, 0), abs=0.01)
    assert (back1[0] - back0[0], back1[1] - back0[1]) == pytest.approx((-1.5 * MM, 2 * MM), abs=0.01)


def test_return_address_prints_on_letters_without_their_own_and_never_on_cards():
    rows = [["name", "message", "case", "to", "address"], ["Ann", "Hello", "luis-manuel", "letter", ""],
            ["Bob", "Hello", "luis-manuel", "letter", "5 Own Road|Mytown"], ["Cat", "Hi there", "luis-manuel", "card", ""]]
    result = run_batch(BatchOptions(rows=rows, date=DATE, return_address="Anytown School, 1 School Lane, Anytown AB1 2CD"), fb=book())
    pdf = result.pdf
    assert "1 School Lane" in page_text(pdf, 0) and "Anytown AB1 2CD" in page_text(pdf, 0)
    assert "5 Own Road" in page_text(pdf, 2) and "School Lane" not in page_text(pdf, 2)
    assert all("School Lane" not in page_text(pdf, p) for p in (4, 5))
