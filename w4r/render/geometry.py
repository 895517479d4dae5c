"""Paper, envelope and layout geometry, in points, each with its source.

All positions are measured from the top-left corner of the page, as the
standards state them; ``from_top`` converts to ReportLab's bottom-left origin.
Numbers come from DIN 5008 (A4 business letter), DIN 680 / DIN 678 (window
envelopes), USPS Publication 28 and common #10 window envelopes; see
print-layout notes in docs/print-layout.md.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.units import inch, mm

# --- Paper sizes (ISO 216, ANSI) -------------------------------------------
A4 = (210 * mm, 297 * mm)
A5 = (148 * mm, 210 * mm)
A6 = (105 * mm, 148 * mm)
LETTER = (8.5 * inch, 11 * inch)
HALF_LETTER = (5.5 * inch, 8.5 * inch)

# Home and office printers cannot print the outer 4-6.35 mm of a sheet.
PRINTER_SAFE_MARGIN = 5 * mm


@dataclass(frozen=True)
class Box:
    """A rectangle given from the top-left corner of the page (x, y, width, height)."""

    x: float
    y: float
    width: float
    height: float

    @property
    def right(self) -> float:
        return self.x + self.width

    @property
    def bottom(self) -> float:
        return self.y + self.height


@dataclass(frozen=True)
class LetterGeometry:
    """Where the parts of a window-envelope letter go on one paper size."""

    name: str
    page: tuple[float, float]
    margin_left: float
    margin_right: float
    margin_top_next: float  # top margin of pages after the first
    margin_bottom: float
    return_zone: Box  # sender's line in small type, filled bottom-up
    recipient_zone: Box  # the lines that show through the window
    info_block: Box  # date and reference
    body_top: float  # first line of the subject/body on page 1
    fold_marks: tuple[float, ...]
    punch_mark: float | None
    sender_block: Box | None  # US: full return address at the top left
    address_max_lines: int


# DIN 5008 Form B, A4: address field 20 mm from the left, 45 mm from the top,
# 85 x 45 mm; return-address/additions zone 45-62.7 mm, recipient zone
# 62.7-90 mm (6 lines); information block at x 125 mm, y 50 mm, 75 mm wide;
# fold marks 105 and 210 mm; punch mark 148.5 mm; left margin 25 mm, right >= 20 mm.
# Z-folded at the marks it sits behind the window of a DL or C6/5 envelope
# (DIN 680: window 90 x 45 mm, 20 mm from the left, 15 mm from the bottom).
DIN5008_B = LetterGeometry(
    name="a4",
    page=A4,
    margin_left=25 * mm,
    margin_right=20 * mm,
    margin_top_next=20 * mm,
    margin_bottom=20 * mm,
    return_zone=Box(20 * mm, 45 * mm, 85 * mm, 17.7 * mm),
    recipient_zone=Box(20 * mm, 62.7 * mm, 85 * mm, 27.3 * mm),
    info_block=Box(125 * mm, 50 * mm, 75 * mm, 40 * mm),
    body_top=98.46 * mm,  # DIN 5008: first line of text after the address field
    fold_marks=(105 * mm, 210 * mm),
    punch_mark=148.5 * mm,
    sender_block=None,
    address_max_lines=6,
)

# US Letter tri-folded (panels of 3 2/3 in) into a #10 envelope with a
# 4 1/2 x 1 1/8 in window 7/8 in from the left and 1/2 in from the bottom: the
# window shows 2.042-3.167 in from the top and 0.875-5.375 in from the left.
# USPS Pub 28 asks for 1/8 in clear around the address, which leaves
# x 1.0-5.25 in, y 2.167-3.042 in for the recipient lines.
US_LETTER_10 = LetterGeometry(
    name="letter",
    page=LETTER,
    margin_left=1 * inch,
    margin_right=1 * inch,
    margin_top_next=0.75 * inch,
    margin_bottom=0.75 * inch,
    return_zone=Box(1.0 * inch, 1.92 * inch, 4.25 * inch, 0.22 * inch),
    recipient_zone=Box(1.0 * inch, 2.167 * inch, 4.25 * inch, 0.875 * inch),
    info_block=Box(5.5 * inch, 0.5 * inch, 2.5 * inch, 1.2 * inch),
    body_top=3.5 * inch,
    fold_marks=(3.667 * inch, 7.333 * inch),
    punch_mark=None,
    sender_block=Box(0.5 * inch, 0.5 * inch, 4.5 * inch, 1.3 * inch),
    address_max_lines=6,
)

LETTER_GEOMETRIES = {"a4": DIN5008_B, "letter": US_LETTER_10}

# Fold and punch marks: short lines at the left edge, the only marks allowed in
# the unprintable band (a printer that clips them loses nothing).
FOLD_MARK_X = (3 * mm, 8 * mm)
PUNCH_MARK_X = (3 * mm, 11 * mm)

# Typography of a letter (points)
BODY_SIZE = 10.5
BODY_LEADING = 14.5
ADDRESS_SIZE = 10
ADDRESS_MIN_SIZE = 8  # DIN 5008 / post offices: address type at least 8 pt
RETURN_SIZE = 7  # DIN 5008: return address in 6-8 pt


def from_top(page_height: float, y_from_top: float) -> float:
    """Convert a distance from the top edge into ReportLab's y coordinate."""
    return page_height - y_from_top
