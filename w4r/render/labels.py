"""Address labels on a label sheet: one address per label, in the order given.

The sheet's geometry is data (``formats.LABEL_SHEETS``).  Each address is set
inside its label with a padding, at the largest size from 10 pt down that fits
(long lines wrap at a space); below 8 pt, which post offices ask as the least,
it still shrinks to 6 pt with a warning rather than leave the label.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from w4r.errors import InputError
from w4r.render.formats import MM, LabelSheet
from w4r.typeset import fit
from w4r.typeset.canvas import canvas_kwargs, set_metadata
from w4r.typeset.fonts import FontBook
from w4r.typeset.line import draw_line, string_width


PAD_X = 4 * mm
PAD_Y = 2 * mm
MAX_SIZE, MIN_SIZE, SIZE_STEP = 10.0, 6.0, 0.5  # 10 pt down to 6 pt in half points
POST_MIN = 8.0
LEADING = 1.18


@dataclass(frozen=True)
class Placed:
    """Where one address went: the label's box and its lines' boxes, in points (for checks and tests)."""

    sheet: int  # 0-based sheet (page)
    slot: int  # 0-based position on the sheet
    box: tuple[float, float, float, float]
    lines: tuple[str, ...]
    size: float


def _wrap(line: str, size: float, width: float, fb: FontBook) -> list[str]:
    # A line that fits stays as it is, spacing and all.
    return [line] if string_width(line, size, fb=fb) <= width else fit.wrap_words(line, size, width, fb=fb)


def fit_address(lines: tuple[str, ...], width: float, height: float, fb: FontBook) -> tuple[float, list[str]]:
    def wrapped(size: float) -> tuple[float, list[str]] | None:
        parts = [part for line in lines for part in _wrap(line, size, width, fb)]
        if len(parts) * size * LEADING <= height and all(string_width(p, size, fb=fb) <= width for p in parts):
            return size, parts
        return None

    found = fit.first_fit(wrapped, MAX_SIZE, MIN_SIZE, SIZE_STEP)
    if found is not None:
        return found
    raise InputError(f"the address {' / '.join(lines)[:60]!r} does not fit a label even at 6 pt; shorten it", code="label-too-small")


def render_labels(sheet: LabelSheet, addresses: list[tuple[str, ...]], *, start: int = 1,
                  offset_mm: tuple[float, float] = (0.0, 0.0), outline: bool = False, fb: FontBook) -> tuple[bytes, list[Placed]]:
    """The label sheets as a PDF and where each address went; ``start``: the first free label on the first sheet (1-based)."""
    if not 1 <= start <= sheet.per_sheet:
        raise InputError(f"start {start}: a {sheet.name} sheet has labels 1 to {sheet.per_sheet}", code="bad-start", field="start")
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=(sheet.page[0] * MM, sheet.page[1] * MM), **canvas_kwargs(fb))
    placed: list[Placed] = []
    position = start - 1
    page = 0
    for lines in addresses:
        if position == sheet.per_sheet:
            c.showPage()
            page, position = page + 1, 0
        x, y, w, h = sheet.box(position)
        size, wrapped = fit_address(lines, w - 2 * PAD_X, h - 2 * PAD_Y, fb)
        c.saveState()
        c.translate(offset_mm[0] * mm, -offset_mm[1] * mm)
        if outline:
            c.setLineWidth(0.2)
            c.setStrokeGray(0.7)
            c.roundRect(x, y, w, h, sheet.corner * mm)
        block = len(wrapped) * size * LEADING
        base = y + h / 2 + block / 2 - size  # the block centred in the label's height
        for i, part in enumerate(wrapped):
            draw_line(c, x + PAD_X, base - i * size * LEADING, part, size, fb=fb)
        c.restoreState()
        placed.append(Placed(page, position, (x, y, w, h), tuple(wrapped), size))
        position += 1
    c.showPage()
    set_metadata(c, f"Address labels ({sheet.name})")
    c.save()
    return buf.getvalue(), placed
