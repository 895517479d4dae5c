"""Address labels on L7163 and 5160 sheets, and the printer test sheet."""

from __future__ import annotations

import re
import subprocess

import pytest

from tests.conftest import MM, page_count, page_size, page_text
from w4r.typeset.fonts import book
from w4r.batch.labels import LabelOptions, make_labels
from w4r.render.formats import LABEL_SHEETS, label_sheet


def word_boxes(pdf: bytes, tmp_path, page: int = 0) -> list[tuple[str, float, float, float, float]]:
    """(word, x0, top, x1, bottom) in points from the top-left, as poppler reads them."""
    path = tmp_path / "labels.pdf"
    path.write_bytes(pdf)
    html = subprocess.run(["pdftotext", "-bbox", "-f", str(page + 1), "-l", str(page + 1), str(path), "-"],
                          capture_output=True, text=True, check=True).stdout
    pattern = r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]+)<'
    return [(m[4], float(m[0]), float(m[1]), float(m[2]), float(m[3])) for m in re.findall(pattern, html)]


def test_sheets_are_data_that_fill_their_page():
    l7163, avery5160 = label_sheet("l7163"), label_sheet("5160")
    assert (l7163.per_sheet, avery5160.per_sheet) == (14, 30)
    for sheet in LABEL_SHEETS.values():
        assert sheet.source
        right = sheet.margin[0] + (sheet.columns - 1) * sheet.pitch[0] + sheet.label[0]
        bottom = sheet.margin[1] + (sheet.rows - 1) * sheet.pitch[1] + sheet.label[1]
        # Symmetric margins, as the makers' templates give them.
        assert sheet.page[0] - right == pytest.approx(sheet.margin[0], abs=0.01)
        assert sheet.page[1] - bottom == pytest.approx(sheet.margin[1], abs=0.01)


@pytest.mark.parametrize("fmt", ["L7163", "5160"])
def test_each_address_lies_inside_its_label(tmp_path, fmt):
    sheet = label_sheet(fmt)
    # Two sheets' worth, starting on label 5 of a used sheet; germain's long ambassador line must wrap.
    roster = tmp_path / "class.csv"
    cases = ["germain", "luis-manuel", "chow-hang-tung", "sasha"]
    n = sheet.per_sheet + 3
    roster.write_text("name,message,case,to\n" + "".join(f"P{i},Hi,{cases[i % 4]},letter\n" for i in range(n)), encoding="utf-8")
    result = make_labels(LabelOptions(source=str(roster), format=fmt, start=5), fb=book())
    pdf = result.pdf
    assert result.sheets == page_count(pdf) == 2
    assert page_size(pdf) == pytest.approx((sheet.page[0] * MM, sheet.page[1] * MM), abs=0.01)
    assert [p.slot for p in result.placed[:2]] == [4, 5] and result.placed[-1].sheet == 1
    assert len(result.placed) == n
    height = sheet.page[1] * MM
    for page in (0, 1):
        boxes = [p.box for p in result.placed if p.sheet == page]
        words = word_boxes(pdf, tmp_path, page)
        assert words
        for word, x0, top, x1, bottom in words:
            inside = [b for b in boxes if b[0] + 1 <= x0 and x1 <= b[0] + b[2] - 1
                      and height - (b[1] + b[3]) + 1 <= top and bottom <= height - b[1] - 1]
            assert len(inside) == 1, (page, word, x0, top)
    first = page_text(pdf, 0)
    assert "Gaudence" in first and "UNITED STATES OF AMERICA" in first


def test_labels_for_a_case_and_cards_only_where_they_can_be_posted(tmp_path):
    result = make_labels(LabelOptions(source="chow-hang-tung", copies=2), fb=book())
    assert len(result.addresses) == 4  # the official and the card address, twice each
    assert any("PO Box" in line for line in result.addresses[2])
    result = make_labels(LabelOptions(source="manahel"), fb=book())
    assert len(result.addresses) == 2  # two officials; Manahel's cards are handed in
    roster = tmp_path / "r.csv"
    roster.write_text("name,message,case,to\nA,Hi,luis-manuel,card\nB,Hi,chow-hang-tung,card\nC,Hi,chow-hang-tung,card\n", encoding="utf-8")
    result = make_labels(LabelOptions(source=str(roster)), fb=book())
    assert len(result.addresses) == 1 and "Chow Hang-tung" in result.addresses[0]


def test_start_must_be_on_the_sheet():
    from w4r.errors import InputError

    with pytest.raises(InputError, match="labels 1 to 14"):
        make_labels(LabelOptions(source="luis-manuel", start=15), fb=book())


def test_printer_test_has_two_pages_and_moves_with_the_offset(tmp_path):
    from w4r.render.printertest import render_printer_test

    plain = render_printer_test("a4", fb=book())
    assert page_count(plain) == 2
    assert "TOP" in page_text(plain, 0) and "TOP" in page_text(plain, 1) and "LONG edge" in page_text(plain, 1)
    moved = render_printer_test("a4", (2, 3), (-1, 0), fb=book())
    a, b = word_boxes(plain, tmp_path, 0), word_boxes(moved, tmp_path, 0)
    (top_a,), (top_b,) = [w for w in a if w[0] == "TOP"], [w for w in b if w[0] == "TOP"]
    assert (top_b[1] - top_a[1], top_b[2] - top_a[2]) == pytest.approx((2 * MM, 3 * MM), abs=0.01)
    a, b = word_boxes(plain, tmp_path, 1), word_boxes(moved, tmp_path, 1)
    (top_a,), (top_b,) = [w for w in a if w[0] == "TOP"], [w for w in b if w[0] == "TOP"]
    assert (top_b[1] - top_a[1], top_b[2] - top_a[2]) == pytest.approx((-1 * MM, 0), abs=0.01)
    assert page_size(plain) == pytest.approx((210 * MM, 297 * MM), abs=0.01)
    assert page_size(render_printer_test("letter", fb=book())) == pytest.approx((612, 792), abs=0.01)
