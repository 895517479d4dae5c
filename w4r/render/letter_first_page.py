"""Page one of a letter: the fixed parts drawn on the canvas.

Fold and punch marks, the sender's block (or ruled lines to write it by hand),
the return line above the window, the recipient fitted into the window field,
and the date in the information block (DIN 5008 Form B on A4, the #10 window
on US Letter).  ``render.letter`` draws these on the first page of a letter;
``render.batch_letter`` draws them on each letter of a batch.
"""

from __future__ import annotations

import unicodedata
from typing import Callable

from reportlab.lib.units import mm

from w4r.compose.letter import Letter
from w4r.compose.sender import RETURN_SEPARATOR
from w4r.errors import InputError
from w4r.typeset import bidi
from w4r.render.address import FittedAddress, fit_address, wrap_line
from w4r.render import geometry as g
from w4r.typeset import fit
from w4r.memo import Memo
from w4r.typeset.fonts import FontBook
from w4r.typeset.line import draw_line, string_width


SENDER_SIZE = 9.5
INFO_SIZE = 10
RULE_GAP = 7 * mm  # spacing of the ruled lines left for a handwritten sender

def _draw_marks(c, geo: g.LetterGeometry) -> None:
    height = geo.page[1]
    c.saveState()
    c.setLineWidth(0.4)
    c.setStrokeGray(0.35)
    for y in geo.fold_marks:
        yy = g.from_top(height, y)
        c.line(g.FOLD_MARK_X[0], yy, g.FOLD_MARK_X[1], yy)
    if geo.punch_mark is not None:
        yy = g.from_top(height, geo.punch_mark)
        c.line(g.PUNCH_MARK_X[0], yy, g.PUNCH_MARK_X[1], yy)
    c.restoreState()


def _draw_rules(c, x: float, y_top: float, width: float, count: int, label: str, fb: FontBook) -> None:
    c.saveState()
    c.setLineWidth(0.3)
    c.setStrokeGray(0.55)
    c.setFillGray(0.45)
    draw_line(c, x, y_top, label, 6.5, fb=fb)
    for i in range(1, count + 1):
        y = y_top - i * RULE_GAP
        c.line(x, y, x + width, y)
    c.restoreState()


def fit_recipient(letter: Letter, geo: g.LetterGeometry, fb: FontBook) -> FittedAddress:
    """The recipient lines as they fit the window: whole, wrapped at a sensible break, or smaller (>= 8 pt)."""
    recipient = letter.recipient
    if len(recipient) > geo.address_max_lines:
        raise InputError(f"the recipient address has {len(recipient)} lines; at most {geo.address_max_lines} fit the window")
    box = geo.recipient_text
    return fit_address(
        recipient,
        box.width,
        box.height,
        size=g.ADDRESS_SIZE,
        minimum=g.ADDRESS_MIN_SIZE,
        wrap_below=g.ADDRESS_WRAP_BELOW,
        max_lines=geo.address_max_lines,
        leading_ratio=g.ADDRESS_LEADING,
        what="recipient address",
        advice="shorten the longest line in the case file",
        fb=fb,
    )


SENDER_MIN_SIZE = 6.0  # below this a printed name or address line is hard to read


def sender_line_size(text: str, size: float, width: float, *, bold: bool = False, fb: FontBook) -> float:
    """``size``, or the smaller size at which one line of the sender fits ``width``.

    A name or address line may be 120 characters (compose.sender), wider than
    the block in wide letters; it shrinks, and is refused below SENDER_MIN_SIZE
    rather than run off the page.
    """
    wide = string_width(text, size, bold=bold, fb=fb)
    if wide <= width:
        return size
    fitted = size * width / wide
    if fitted < SENDER_MIN_SIZE:
        raise InputError(f"your name or address line {text[:40]!r} is too wide for the sender block even at {SENDER_MIN_SIZE:g} pt; shorten it")
    return fitted


def _sender_block(geo: g.LetterGeometry) -> g.Box:
    # The sender's own block: top of the page (DIN 5008 letterhead area / US top-left).
    return geo.sender_block or g.Box(geo.margin_left, 15 * mm, 110 * mm, 26 * mm)


def sender_sizes(letter: Letter, geo: g.LetterGeometry, fb: FontBook) -> tuple[float, tuple[float, ...]]:
    """Type sizes of the sender's name and address lines; an InputError if one cannot fit.

    Called before a document is built: an error raised inside a ReportLab page
    callback comes out with ReportLab's own text added to the message.
    """
    # Remembered by the book they were measured with: a batch asks when it checks a row
    # and again when it prints it (every row checked first, then every row printed).
    memo = fb.memo("render.letter_first_page sender sizes", _big_memo)
    key = (letter.sender, geo)
    found = memo.get(key)
    if found is None:
        found = memo.keep(key, _sender_sizes(fb, letter.sender, geo))
    return found


def _big_memo() -> Memo:
    return Memo(limit=16384)  # room for a big roster's senders


def _sender_sizes(fb: FontBook, sender, geo: g.LetterGeometry) -> tuple[float, tuple[float, ...]]:
    width = _sender_block(geo).width
    return_block(sender, geo, fb)  # refused here, before any page is drawn, if it cannot fit
    name = sender_line_size(sender.name, SENDER_SIZE + 1.5, width, bold=True, fb=fb) if sender.name else 0.0
    return name, tuple(sender_line_size(line, SENDER_SIZE, width, fb=fb) for line in sender.address)


RETURN_LEADING = 1.2
RETURN_STEP = 0.25  # the return line shrinks in quarter points


def return_block(sender, geo: g.LetterGeometry, fb: FontBook) -> tuple[tuple[tuple[str, ...], ...], float]:
    """The return address above the window: its lines (each a run of whole fields) and their size.

    One line at 7 pt, or smaller down to 6 pt (DIN 5008: 6-8 pt); if it is
    still too long, the fields go on two or more lines, filled bottom-up in the
    return zone, in order; a field too long for a line of its own breaks at a
    space (or, a word longer than the line, anywhere).  No part of the address is left out: a post office returns a letter
    to the address it can read here.  An InputError if even that does not fit.
    Remembered by the book it was measured with.
    """
    memo = fb.memo("render.letter_first_page return blocks", _big_memo)
    key = (sender, geo)
    found = memo.get(key)
    if found is None:
        found = memo.keep(key, _return_block(fb, sender, geo))
    return found


def _return_block(fb: FontBook, sender, geo: g.LetterGeometry) -> tuple[tuple[tuple[str, ...], ...], float]:
    fields = tuple(p for p in [sender.name, *sender.address] if p)
    if not fields or geo.sender_block is not None:  # US Letter: the sender block is the return address
        return (), g.RETURN_SIZE
    box = geo.return_text
    per_point = _fields_width(fb, fields, g.RETURN_SIZE) / g.RETURN_SIZE  # widths grow in proportion to the size

    def one_line(size: float) -> tuple[tuple[tuple[str, ...], ...], float] | None:
        return ((fields,), size) if per_point * size <= box.width else None

    def packed(size: float) -> tuple[tuple[tuple[str, ...], ...], float] | None:
        lines = _pack_fields(fb, fields, size, box.width)
        if lines is not None and len(lines) * size * RETURN_LEADING <= box.height - 2.0:
            return lines, size
        return None

    found = (
        fit.first_fit(one_line, g.RETURN_SIZE, g.RETURN_MIN_SIZE, RETURN_STEP)
        or fit.first_fit(packed, g.RETURN_SIZE, g.RETURN_MIN_SIZE, RETURN_STEP)
    )
    if found is not None:
        return found
    raise InputError(
        f"your name and address ({len(fields)} lines) do not fit the return-address lines above the window even at "
        f"{g.RETURN_MIN_SIZE:g} pt; shorten them"
    )


def _pack_fields(fb: FontBook, fields: tuple[str, ...], size: float, width: float) -> tuple[tuple[str, ...], ...] | None:
    """Fields in order on as few lines of ``width`` as they fill; a field too wide alone is broken at spaces."""
    pieces: list[str] = []
    for f in fields:
        broken = wrap_line(f, lambda part: string_width(part, size, fb=fb) <= width, anywhere=True)
        if broken is None:
            return None
        pieces += broken
    lines: list[tuple[str, ...]] = []
    current: tuple[str, ...] = ()
    for piece in pieces:
        trial = current + (piece,)
        if current and _fields_width(fb, trial, size) > width:
            lines.append(current)
            current = (piece,)
        else:
            current = trial
    lines.append(current)
    return tuple(lines)


def _fields_width(fb: FontBook, fields: tuple[str, ...], size: float) -> float:
    gaps = string_width(RETURN_SEPARATOR, size, fb=fb) * max(0, len(fields) - 1)
    return sum(string_width(f, size, fb=fb) for f in fields) + gaps


def _draw_fields(c, x: float, y: float, fields: tuple[str, ...], size: float, fb: FontBook) -> None:
    """Fields left to right, each laid out in its own direction.

    Left-to-right fields go out as one line (one piece of text when copied out
    of the PDF); a right-to-left field is laid out on its own so that bidi
    cannot move the other fields around it.
    """
    joined = RETURN_SEPARATOR.join(fields)
    if not bidi.needs_bidi(joined) or not any(unicodedata.bidirectional(ch) in ("R", "AL") for ch in joined):
        draw_line(c, x, y, joined, size, direction="ltr", fb=fb)
        return
    for i, field in enumerate(fields):
        if i:
            x += draw_line(c, x, y, RETURN_SEPARATOR, size, direction="ltr", fb=fb)
        x += draw_line(c, x, y, field, size, fb=fb)


def draw_sender(c, letter: Letter, geo: g.LetterGeometry, sizes: tuple[float, tuple[float, ...]] | None = None, *, fb: FontBook) -> None:
    """Page one's parts that belong to the writer: sender block (or ruled lines) and return line."""
    height = geo.page[1]
    sender = letter.sender
    block = _sender_block(geo)
    name_size, line_sizes = sizes or sender_sizes(letter, geo, fb)
    y = g.from_top(height, block.y) - SENDER_SIZE
    if sender.empty:
        _draw_rules(c, block.x, y + SENDER_SIZE * 0.2, min(block.width, 80 * mm), 3, letter.primary.lang.data.sender_placeholder, fb)
    else:
        if sender.name:
            draw_line(c, block.x, y, sender.name, name_size, bold=True, fb=fb)
            y -= SENDER_SIZE * 1.35
        for line, size in zip(sender.address, line_sizes):
            draw_line(c, block.x, y, line, size, fb=fb)
            y -= SENDER_SIZE * 1.25
    # Return address in small type, filled bottom-up from the bottom of the return zone (DIN 5008).
    lines, rsize = return_block(sender, geo, fb)
    if lines:
        box = geo.return_text
        c.saveState()
        c.setFillGray(0.25)
        y = g.from_top(height, box.bottom) + 2.0 + (len(lines) - 1) * rsize * RETURN_LEADING
        for fields in lines:
            _draw_fields(c, box.x, y, fields, rsize, fb)
            y -= rsize * RETURN_LEADING
        c.restoreState()


def page_one_fixed(letter: Letter, geo: g.LetterGeometry, *, fb: FontBook) -> Callable:
    """A drawer for page one's parts shared by every writer of the same letter: marks, recipient, date."""
    height = geo.page[1]
    fitted = fit_recipient(letter, geo, fb)

    def draw(c) -> None:
        _draw_marks(c, geo)
        # Recipient, top-down in the recipient zone, inset 5 mm as DIN 5008 does.
        box = geo.recipient_text
        y = g.from_top(height, box.y) - fitted.size
        for line in fitted.lines:
            draw_line(c, box.x, y, line, fitted.size, fb=fb)
            y -= fitted.leading
        # Date in the information block.
        ib = geo.info_block
        right = geo.date_align == "right"
        draw_line(c, ib.right if right else ib.x, g.from_top(height, ib.y) - INFO_SIZE, letter.date_text, INFO_SIZE, align=geo.date_align, fb=fb)

    return draw


def first_page(letter: Letter, geo: g.LetterGeometry, *, fb: FontBook) -> Callable:
    fixed = page_one_fixed(letter, geo, fb=fb)
    sizes = sender_sizes(letter, geo, fb)

    def draw(c, _doc) -> None:
        fixed(c)
        draw_sender(c, letter, geo, sizes, fb=fb)

    return draw
