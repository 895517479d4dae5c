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
    address_inset: float = 0.0  # recipient and return lines start this far inside the field

    @property
    def recipient_text(self) -> Box:
        """Where the recipient lines may be set: the recipient zone less the inset on the left."""
        z = self.recipient_zone
        return Box(z.x + self.address_inset, z.y, z.width - self.address_inset, z.height)

    @property
    def return_text(self) -> Box:
        """Where the one-line return address may be set (DIN 5008: same left edge as the recipient)."""
        z = self.return_zone
        return Box(z.x + self.address_inset, z.y, z.width - self.address_inset, z.height)


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
    address_inset=5 * mm,  # DIN 5008: the lines start at the 25 mm text margin; the field ends at 105 mm
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
ADDRESS_WRAP_BELOW = 9  # shrink a little before wrapping a line; below this, wrap (if the lines allow) first
ADDRESS_LEADING = 1.2
RETURN_SIZE = 7  # DIN 5008: return address in 6-8 pt
RETURN_MIN_SIZE = 6


def from_top(page_height: float, y_from_top: float) -> float:
    """Convert a distance from the top edge into ReportLab's y coordinate."""
    return page_height - y_from_top


# --- Cards and envelopes ----------------------------------------------------
# Card panels.  A folded card is one sheet in landscape, folded once down the
# middle; a postcard sheet carries four cards, two by two, cut apart.
A4_LANDSCAPE = (297 * mm, 210 * mm)
LETTER_LANDSCAPE = (11 * inch, 8.5 * inch)
A5_CARD_PANEL = (148.5 * mm, 210 * mm)  # half of A4 landscape (ISO 216 A5 is 148 x 210)
HALF_LETTER_PANEL = (5.5 * inch, 8.5 * inch)  # half of US Letter (ANSI half letter)
A6_CARD = (105 * mm, 148 * mm)  # ISO 216 A6 postcard, 4 up on A4 portrait
A2_CARD = (4.25 * inch, 5.5 * inch)  # US "A2" announcement card, 4 up on Letter; fits an A2 envelope 4 3/8 x 5 3/4 in

# On a folded card the sheet edge is also a card edge, where home printers leave
# 4-6.35 mm blank: artwork and text stay inside PRINTER_SAFE_MARGIN plus a little.
CARD_EDGE_INSET = PRINTER_SAFE_MARGIN + 5 * mm
# A 4-up postcard: every side is either a sheet edge (unprintable band) or a cut
# (text 3-5 mm inside the trim, print-layout notes): one inset for all four sides,
# so the card looks the same whichever slot it was printed in.
POSTCARD_INSET = PRINTER_SAFE_MARGIN + 2 * mm

# Message type: shrinks to fit the panel, never below the floor (then it is an error).
CARD_MESSAGE_SIZE = 13
CARD_MESSAGE_MIN_SIZE = 9
CARD_LEADING_RATIO = 1.3

# Crop (cut) marks: 0.25 pt hairlines (print-layout notes; prepress practice puts them
# about 3 mm outside the trim).  On a 4-up sheet the cards meet edge to edge and
# fill the sheet, so there is no "outside the trim": the marks sit on the sheet edge
# in line with each cut and reach far enough in to survive the unprintable band.
CROP_MARK_LENGTH = 9 * mm  # from the sheet edge; the part beyond 5 mm always prints
CROP_MARK_WIDTH = 0.25

# Envelopes, landscape (width x height) as they go through a printer's envelope feed.
DL_ENVELOPE = (220 * mm, 110 * mm)  # ISO 269 / DIN 678 DL
C5_ENVELOPE = (229 * mm, 162 * mm)  # ISO 269 C5 (A5 flat, A4 folded once)
C6_ENVELOPE = (162 * mm, 114 * mm)  # ISO 269 C6 (A6 postcards)
US10_ENVELOPE = (9.5 * inch, 4.125 * inch)  # ANSI #10 commercial envelope

# Stamp (franking) zone in the top-right corner: Swiss Post's 74 x 38 mm.  Nothing
# but the box for the stamp is printed in it; the box (room for one or two
# stamps, 24 x 27 mm) sits 8 mm from the top and right edges, inside the zone.
STAMP_ZONE = (74 * mm, 38 * mm)
STAMP_BOX = (24 * mm, 27 * mm)
STAMP_BOX_MARGIN = 8 * mm
# Return address and air-mail label from the top-left corner (UPU practice: the
# label goes top left, under the sender's address).
ENVELOPE_EDGE_MARGIN = 10 * mm
AIRMAIL_LABEL = (36 * mm, 11 * mm)
# Recipient block: left-aligned lines in the lower right part of the front, below
# the stamp zone, clear of the bottom 15 mm that sorting machines print barcodes
# into (USPS Pub 28: bottom 5/8 in; Deutsche Post and Swiss Post read the lower
# right).  Type 11 pt, never below 8 pt.
ENVELOPE_BOTTOM_CLEAR = 15 * mm
ENVELOPE_ADDRESS_SIZE = 11
ENVELOPE_ADDRESS_MIN_SIZE = 8  # post offices: address type at least 8 pt
ENVELOPE_ADDRESS_MAX_LINES = 6  # UPU practice: up to 5-6 lines
ENVELOPE_ADDRESS_WRAP_FROM = 10  # below this, wrap a long line rather than shrink the block (10-12 pt preferred)
ENVELOPE_RETURN_SIZE = 8


@dataclass(frozen=True)
class EnvelopeGeometry:
    """Where the parts of an envelope's front go, for one envelope size (page = envelope)."""

    name: str
    page: tuple[float, float]
    return_box: Box
    airmail_box: Box
    stamp_box: Box
    recipient_box: Box


def _envelope(name: str, page: tuple[float, float], recipient: Box, return_width: float) -> EnvelopeGeometry:
    width, _height = page
    m = ENVELOPE_EDGE_MARGIN
    return_box = Box(m, m, return_width, 30 * mm)
    return EnvelopeGeometry(
        name=name,
        page=page,
        return_box=return_box,
        airmail_box=Box(m, return_box.bottom + 3 * mm, *AIRMAIL_LABEL),
        stamp_box=Box(width - STAMP_BOX_MARGIN - STAMP_BOX[0], STAMP_BOX_MARGIN, *STAMP_BOX),
        recipient_box=recipient,
    )


# Recipient boxes start right of the middle and below the stamp zone (38 mm);
# each ends 10 mm or more from the right edge and ENVELOPE_BOTTOM_CLEAR or more above the bottom.
ENVELOPES = {
    e.name: e
    for e in (
        _envelope("dl", DL_ENVELOPE, Box(90 * mm, 50 * mm, 120 * mm, 45 * mm), 95 * mm),
        _envelope("c5", C5_ENVELOPE, Box(95 * mm, 80 * mm, 124 * mm, 62 * mm), 100 * mm),
        _envelope("c6", C6_ENVELOPE, Box(62 * mm, 52 * mm, 90 * mm, 47 * mm), 72 * mm),
        # USPS: return address top left; delivery address in the OCR read area, here
        # from 3 3/4 in to 1/2 in short of the right edge, 1 3/4 in to 3 3/8 in from the top.
        _envelope("us10", US10_ENVELOPE, Box(3.75 * inch, 1.75 * inch, 5.25 * inch, 1.625 * inch), 3.5 * inch),
    )
}
DEFAULT_ENVELOPE = {"a4": "dl", "letter": "us10"}

# --- Event-pack sheets: briefing, poster, tally sheet, pack index -------------
# Plain portrait pages on the group's paper.  A 15 mm margin keeps everything
# three times clear of the printer's unprintable band (PRINTER_SAFE_MARGIN) and
# leaves room to hole-punch or staple (ISO 838 holes sit 12 mm from the edge).
SHEET_PAPER = {"a4": A4, "letter": LETTER}
SHEET_MARGIN = 15 * mm
SHEET_FOOTER_Y = 9 * mm  # baseline of the footer line, from the bottom edge (> PRINTER_SAFE_MARGIN)

# QR code, quiet zone included: ISO/IEC 18004 asks for a 4-module quiet zone; a URL
# of up to ~60 characters is a version 3-4 symbol (29-33 modules), so 28 mm across
# gives modules of about 0.7 mm, which phone cameras read at arm's length.
QR_SIZE = 28 * mm
QR_QUIET_MODULES = 4

# Rows written in by hand: paper forms use 8-10 mm per handwritten line.
HANDWRITING_ROW = 9 * mm

# The envelope a pack prints for a case's cards, all of them posted together, by card
# format: a folded A5 or half-letter card (148.5 x 210 mm, 5 1/2 x 8 1/2 in) goes flat
# into C5 (162 x 229 mm, ISO 269); an A6 postcard (105 x 148 mm) or an A2 card
# (4 1/4 x 5 1/2 in = 108 x 140 mm) into C6 (114 x 162 mm).
CARD_ENVELOPE = {"a5": "c5", "half-letter": "c5", "a6-4up": "c6", "a2-4up": "c6"}
