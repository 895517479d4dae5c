"""One line of text on a canvas, font-fallback aware, bidi and shaped.

- ``draw_line()``: one line at a baseline, run by run in visual order.
- ``string_width()``: the width ``draw_line`` will use, for layouts that measure first.

The runs of a line are remembered by the font book they were measured with: a
batch draws the same lines (recipient, date, return address) again and again.
"""

from __future__ import annotations

from reportlab.pdfbase.pdfmetrics import getFont, stringWidth

from w4r.richtext import clean
from w4r.typeset import bidi
from w4r.typeset.bidi import AUTO, RTL
from w4r.typeset.fonts import BOLD, REGULAR, FontBook, book
from w4r.typeset.outlines import draw_marks
from w4r.typeset.textops import show_text


def _draw_pieces(fb: FontBook, text: str, size: float, bold: bool, direction: str) -> tuple[tuple[str, str, float], ...]:
    """(text or shaped glyphs, font name, width) for one line, left to right."""
    if direction != RTL and text.isprintable() and (text.isascii() or _plain_ltr(text)):
        # Plain text (most names and addresses, and a return line with its
        # middle dots): one piece in the base face, if the base face has every
        # character and is not shaped.  This is what _laid_out_pieces makes of
        # it: a printable text has nothing for clean() to drop, and with no
        # right-to-left character and no combining mark it is one run, unshaped.
        base = fb.memo("typeset.line base font", dict)  # weight -> (name, font), None if the base face is shaped
        found = base.get(bold, False)
        if found is False:
            found = base[bold] = _base_font(fb, bold)
        if found is not None:
            runs = fb.runs(text)
            if len(runs) == 1 and runs[0][1] == fb.base:
                name, font = found
                return ((text, name, font.stringWidth(text, size)),)  # what pdfmetrics.stringWidth asks the font
    # Remembered by the book: a batch draws the same lines (recipient, date,
    # return address after measuring it) again and again.
    memo = fb.memo("typeset.line pieces")
    key = (text, size, bold, direction)
    found = memo.get(key)
    if found is None:
        found = memo.keep(key, _laid_out_pieces(fb, text, size, bold, direction))
    return found


def _base_font(fb: FontBook, bold: bool):
    """(ReportLab name, font) of the base face at this weight; None if that face is shaped."""
    if fb.face(fb.base).shaped:
        return None
    name = fb.font_name(fb.base, BOLD if bold else REGULAR)
    return name, getFont(name)


def _plain_ltr(text: str) -> bool:
    """No right-to-left character and no combining mark: bidi and shaping leave ``text`` as it is."""
    return not bidi.needs_bidi(text) and not bidi.has_combining(text)


def _laid_out_pieces(fb: FontBook, text: str, size: float, bold: bool, direction: str) -> tuple[tuple[str, str, float], ...]:
    weight = BOLD if bold else REGULAR
    text = fb.printable(clean(text).replace("\n", " "))
    font_runs = fb.runs(text)
    if direction != RTL and not bidi.needs_bidi(text):
        # Left to right throughout: the font runs are the visual runs.
        runs = [(chunk, key, False) for chunk, key in font_runs]
    else:
        styles: list[str | None] = []
        for chunk, key in font_runs:
            styles.extend([key] * len(chunk))
        lv, base = bidi.levels(text, direction)
        runs = [(run.text, run.style, run.rtl) for run in bidi.visual_runs(text, styles, lv, base)]
    pieces = []
    for chunk, key, rtl in runs:
        key = key or fb.base
        name = fb.font_name(key, weight)
        if bidi.needs_shaping(fb, chunk, key, rtl):
            glyphs = bidi.shape(fb, chunk, name, rtl)
            pieces.append((glyphs, name, bidi.shaped_width(glyphs, size)))
        else:
            pieces.append((chunk, name, stringWidth(chunk, name, size)))
    return tuple(pieces)


def string_width(text: str, size: float, *, bold: bool = False, direction: str = AUTO, fb: FontBook | None = None) -> float:
    """Width of one line of ``text`` in points, as ``draw_line`` lays it out (with ``fb``, else the default book)."""
    return sum(w for _, _, w in _draw_pieces(fb or book(), text, size, bold, direction))


def draw_line(canvas, x: float, y: float, text: str, size: float, *, bold: bool = False, align: str = "left", direction: str = AUTO,
              fb: FontBook | None = None) -> float:
    """Draw one line at baseline ``y``, run by run in visual order; return its width.

    ``align`` is left (x is the start), right (x is the end) or centre.
    ``direction`` is the line's base direction: auto (its first strong
    character decides), ltr or rtl.
    """
    fb = fb or book()
    pieces = _draw_pieces(fb, text, size, bold, direction)
    total = pieces[0][2] if len(pieces) == 1 else sum(w for _, _, w in pieces)  # one piece: most lines
    if align == "right":
        x -= total
    elif align == "centre":
        x -= total / 2
    for chunk, name, w in pieces:
        if type(chunk) is str:
            show_text(canvas, x, y, chunk, name, size)
        else:  # shaped glyphs: ReportLab positions them; their marks are painted as outlines
            canvas.setFont(name, size)
            canvas.drawString(x, y, chunk)
            if chunk.marks:
                draw_marks(fb, canvas, chunk, x, y, size)
        x += w
    return total

