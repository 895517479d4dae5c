"""Letters held against the print-and-post numbers themselves, written out here, not taken from w4r.

A batch draws its letters with its own fast path (w4r.render.batch_letter), which
shares its geometry with ``w4r letter``: a test that compares the two would
pass with a bug in that shared geometry.  So the letters of a batch and of the
single-letter command are both measured against DIN 5008 Form B and the US #10
window as the print-layout notes give them, read back from the PDF (text by
pypdf, line ends by poppler, marks from the drawn paths).
"""

from __future__ import annotations

import pytest

from tests.conftest import INCH, MM, page_count, text_runs, word_boxes

# DIN 5008 Form B (A4), in mm from the top-left corner.
A4 = {
    "text_left": 25 * MM,  # the recipient lines start at the 25 mm text margin, 5 mm inside the 20 mm field
    "field": (20 * MM, 105 * MM),  # address field: 20 mm from the left, 85 mm wide
    "return_zone": (45 * MM, 62.7 * MM),
    "recipient_zone": (62.7 * MM, 90 * MM),
    "marks": (105 * MM, 148.5 * MM, 210 * MM),  # fold, punch, fold
    "info_x": 125 * MM,
    "info_y": 50 * MM,
}
# US Letter tri-folded into a #10 window envelope: recipient lines inside x 1.0-5.25 in, y 2.167-3.042 in.
LETTER = {
    "text_left": 1.0 * INCH,
    "field": (1.0 * INCH, 5.25 * INCH),
    "recipient_zone": (2.167 * INCH, 3.042 * INCH),
    "marks": (3.667 * INCH, 7.333 * INCH),
}
REFERENCE = {"a4": A4, "letter": LETTER}

ROSTER = (
    "name,message,case,to,address\n"
    "Ann Example,We think of you.,manahel,authorities,12 High Street|Anytown AB1 2CD|UNITED KINGDOM\n"
    "Bo Li,Stay strong.,luis-manuel,authorities,\n"
    "Cy Doe,From Anytown.,chow-hang-tung,authorities,Flat 3 Long Building Name|12 High Street|Anytown AB1 2CD|UNITED KINGDOM\n"
)


def check_page(pdf: bytes, page: int, paper: str) -> None:
    ref = REFERENCE[paper]
    left, right = ref["field"]
    top, bottom = ref["recipient_zone"]
    runs = text_runs(pdf, page)
    recipient = [r for r in runs if top < r.top <= bottom and r.x < right]
    assert len(recipient) >= 4, [r.text for r in runs]
    for r in recipient:
        assert r.x == pytest.approx(ref["text_left"], abs=0.3), r
        assert r.top - 0.75 * r.size >= top and r.size >= 8, r
    for w in word_boxes(pdf, page):
        if top < (w.top + w.bottom) / 2 < bottom:
            assert left <= w.x0 and w.x1 <= right, (w, w.x1 / MM)
    if paper == "a4":
        ret_top, ret_bottom = ref["return_zone"]
        ret = [w for w in word_boxes(pdf, page) if ret_top < (w.top + w.bottom) / 2 < ret_bottom and w.x0 < ref["info_x"] - 5 * MM]
        assert ret, "a return address above the recipient"
        for w in ret:
            assert ref["text_left"] - 0.3 <= w.x0 and w.x1 <= right, w
        date = [r for r in runs if "2026" in r.text]
        assert date and date[0].x == pytest.approx(ref["info_x"], abs=0.3) and date[0].top > ref["info_y"], date
    # Fold (and punch) marks: short lines at the left edge, at the reference heights, as poppler paints them.
    marks = left_edge_marks(pdf, page)
    assert marks == pytest.approx(list(ref["marks"]), abs=0.5 * MM), [m / MM for m in marks]


def left_edge_marks(pdf: bytes, page: int, dpi: int = 100) -> list[float]:
    """Heights (points from the top) of the ink between 4 and 7 mm from the left edge, painted by pdftoppm."""
    import subprocess
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "in.pdf"
        src.write_bytes(pdf)
        subprocess.run(["pdftoppm", "-gray", "-r", str(dpi), "-f", str(page + 1), "-l", str(page + 1), str(src), str(Path(tmp) / "p")], check=True, timeout=120)
        (pgm_path,) = Path(tmp).glob("p*.pgm")
        pgm = pgm_path.read_bytes()
    # Binary PGM: "P5\n<width> <height>\n255\n" then one byte per pixel.
    header, _, pixels = pgm.partition(b"\n255\n")
    width, height = (int(v) for v in header.split()[1:3])
    cols = range(round(4 * dpi / 25.4), round(7 * dpi / 25.4))
    dark_rows = [y for y in range(height) if any(pixels[y * width + x] < 200 for x in cols)]
    groups: list[list[int]] = []
    for y in dark_rows:
        if groups and y - groups[-1][-1] <= 1:
            groups[-1].append(y)
        else:
            groups.append([y])
    return [(sum(g) / len(g) + 0.5) * 72 / dpi for g in groups]


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_batch_letters_meet_the_reference_numbers(w4r, tmp_path, paper):
    roster = tmp_path / "class.csv"
    roster.write_text(ROSTER, encoding="utf-8")
    out = tmp_path / "class.pdf"
    res = w4r("batch", str(roster), "-o", str(out), "--paper", paper, "--date", "2026-12-10")
    assert res.returncode == 0, res.stderr
    pdf = out.read_bytes()
    assert page_count(pdf) == 3
    for page in range(3):
        check_page(pdf, page, paper)


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_single_letters_meet_the_reference_numbers(w4r, tmp_path, paper):
    # Germain's case is closed: --force makes the letter for the record, laid out as any other (its long
    # ambassador's line must stay inside the field).
    for case_id in ("germain", "chow-hang-tung"):
        out = tmp_path / f"{case_id}-{paper}.pdf"
        res = w4r("letter", case_id, "--from", "Ann Example", "--address", "12 High Street|Anytown AB1 2CD|UNITED KINGDOM", "--paper", paper, "--date", "2026-12-10", "-o", str(out), "--force")
        assert res.returncode == 0, res.stderr
        check_page(out.read_bytes(), 0, paper)
