"""ReportLab's Paragraph with w4r's line breaking, bidi layout and shaping.

Give ``Paragraph`` (a drop-in for ReportLab's) the output of
``w4r.typeset.markup.markup``: the paragraph breaks lines itself
(``w4r.typeset.linebreak``), then lays out each line right-to-left where the
Unicode bidi algorithm says so and shapes Arabic, Hebrew and Devanagari with
HarfBuzz.  A paragraph's direction is ``ltr`` (default), ``rtl`` or ``auto``; in
a right-to-left paragraph a left-aligned style is aligned right (the start).
One line without a paragraph: ``w4r.typeset.line``.
"""

from __future__ import annotations

from bisect import bisect_right
from typing import Sequence

from reportlab.lib.abag import ABag
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import getAscentDescent, stringWidth
from reportlab.platypus.paragraph import FragLine, ParaLines
from reportlab.platypus.paragraph import Paragraph as _RLParagraph

from w4r.typeset import bidi
from w4r.typeset.bidi import LTR, RTL
from w4r.typeset.fonts import FontBook, book
from w4r.typeset.linebreak import fill, run_width
from w4r.typeset.outlines import draw_marks


def directed(style: ParagraphStyle, direction: str) -> ParagraphStyle:
    """A copy of ``style`` whose paragraphs run in ``direction`` (ltr, rtl or auto)."""
    return ParagraphStyle(f"{style.name}-{direction}", parent=style, w4r_direction=direction)


class Paragraph(_RLParagraph):
    """ReportLab's Paragraph with w4r's line breaking, bidi layout and shaping.

    Takes the same arguments (give it ``markup()`` output) plus ``direction``:
    ltr, rtl or auto; by default the style's (see ``directed``), else ltr;
    and ``fb``, the font book the markup was made with (else the default book).
    """

    def __init__(self, text, style=None, bulletText=None, frags=None, caseSensitive=1, encoding="utf8", *, direction: str | None = None,
                 fb: FontBook | None = None):
        self._w4r_direction = direction
        # None: the default book, looked up only when the paragraph is first measured.  ReportLab
        # makes the parts of a split paragraph without our arguments; ``split`` hands them this book.
        self._w4r_book = fb
        super().__init__(text, style, bulletText, frags, caseSensitive, encoding)
        self.frags = _merged(self.frags)

    @property
    def _w4r_fonts(self) -> FontBook:
        if self._w4r_book is None:
            self._w4r_book = book()
        return self._w4r_book

    # Direction -----------------------------------------------------------
    def _plain(self) -> str:
        return "".join(getattr(f, "text", "") for f in self.frags if not getattr(f, "lineBreak", False))

    def base_level(self) -> int:
        cached = getattr(self, "_w4r_base", None)
        if cached is None:
            direction = self._w4r_direction or getattr(self.style, "w4r_direction", LTR)
            cached = self._w4r_base = bidi.base_level(self._plain(), direction)
        return cached

    def drawPara(self, debug=0):  # noqa: N802 - ReportLab's name
        style = self.style
        if self.base_level() == 1 and style.alignment in (TA_LEFT, TA_RIGHT):
            # Left means "at the start of the line", which is the right in Arabic.
            self.style = ParagraphStyle(style.name, parent=style, alignment=TA_RIGHT if style.alignment == TA_LEFT else TA_LEFT)
        self.canv.setNamedCB(_MARKS_CALLBACK, _draw_marks_here)
        try:
            super().drawPara(debug)
        finally:
            self.style = style

    # Line breaking ---------------------------------------------------------
    def _segments(self) -> list[tuple[str, list[int], object]]:
        """The text between forced line breaks: (text, frag index per character, the <br/> frag or None)."""
        out = []
        chars: list[str] = []
        owners: list[int] = []
        for i, f in enumerate(self.frags):
            if getattr(f, "lineBreak", False):
                out.append(("".join(chars), owners, f))
                chars, owners = [], []
            elif hasattr(f, "cbDefn"):
                continue  # images and anchors: w4r's markup never makes them
            else:
                text = getattr(f, "text", "")
                chars.append(text)
                owners.extend([i] * len(text))
        out.append(("".join(chars), owners, None))
        return out

    def _piece_width(self, text: str, frag_index: int, rtl: bool) -> float:
        f = self.frags[frag_index]
        return run_width(self._w4r_fonts, text, f.fontName, f.fontSize, rtl)

    def _width(self, text: str, owners: Sequence[int], lv: Sequence[int], a: int, b: int) -> float:
        if b > a and owners[a] == owners[b - 1] and not any(lv[a:b]):
            # One frag (owners only grow along the text), all left to right: one piece.
            return self._piece_width(text[a:b], owners[a], False)
        total = 0.0
        start = a
        for i in range(a + 1, b + 1):
            if i == b or owners[i] != owners[start] or lv[i] % 2 != lv[start] % 2:
                total += self._piece_width(text[start:i], owners[start], lv[start] % 2 == 1)
                start = i
        return total

    def _line(self, text: str, owners: Sequence[int], lv: Sequence[int], base: int, span: tuple[int, int, int], max_width: float, hard) -> FragLine:
        a, b, full = span
        shown = text[a:b]
        words = []
        total = 0.0
        fb = self._w4r_fonts
        for run in bidi.visual_runs(shown, owners[a:b], lv[a:b], base):
            f = self.frags[run.style]
            key = fb.key_of(f.fontName)
            if bidi.needs_shaping(fb, run.text, key, run.rtl):
                glyphs = bidi.shape(fb, run.text, f.fontName, run.rtl)
                width = bidi.shaped_width(glyphs, f.fontSize)
                if glyphs.marks:
                    # A zero-width callback just before the run paints its marks
                    # where ReportLab is about to draw it (see drawPara).
                    cb = f.clone()
                    cb.text = ""
                    cb.cbDefn = ABag(kind="onDraw", name=_MARKS_CALLBACK, label=(glyphs, f.fontSize, getattr(f, "rise", 0), f.textColor, fb))
                    words.append(cb)
            else:
                glyphs = run.text
                width = stringWidth(glyphs, f.fontName, f.fontSize)
            g = f.clone()
            g.text = glyphs
            words.append(g)
            total += width
        if not words:
            g = self.frags[owners[a] if a < len(owners) else 0].clone() if self.frags else None
            if g is not None:
                g.text = ""
                words.append(g)
        size = max((w.fontSize for w in words), default=self.style.fontSize)
        ascent = descent = 0.0
        for w in words:
            asc, desc = getAscentDescent(w.fontName, w.fontSize)
            ascent, descent = max(ascent, asc), min(descent, desc)
        line = FragLine(
            extraSpace=max_width - total, wordCount=shown.count(" ") + 1, lineBreak=hard is not None,
            words=words, fontSize=size, ascent=ascent, descent=descent, maxWidth=max_width, sFW=0,
        )
        logical = []
        start = a
        while start < full:
            # owners only grow along the text: the frag's characters end where a larger index starts.
            end = min(bisect_right(owners, owners[start], start, full), full)
            logical.append((self.frags[owners[start]], text[start:end]))
            start = end
        line.w4r_logical = logical
        line.w4r_break = hard
        return line

    def breakLines(self, width):  # noqa: N802 - ReportLab's name
        widths = list(width) if isinstance(width, (list, tuple)) else [width]
        self._width_max = 0
        if not self.frags:
            return ParaLines(kind=1, lines=[])
        base = self.base_level()
        lines: list[FragLine] = []
        segments = self._segments()
        for n, (text, owners, hard) in enumerate(segments):
            if not text.strip() and hard is None and n == len(segments) - 1 and lines:
                break  # nothing after the last <br/>
            lv, _ = bidi.levels(text, RTL if base else LTR)
            if text:
                spans = fill(text, lambda a, b: self._width(text, owners, lv, a, b), widths, len(lines))
            else:
                spans = [(0, 0, 0)]
            for k, span in enumerate(spans):
                max_width = widths[min(len(lines), len(widths) - 1)]
                line = self._line(text, owners, lv, base, span, max_width, hard if k == len(spans) - 1 else None)
                self._width_max = max(self._width_max, max_width - line.extraSpace)
                lines.append(line)
        return ParaLines(kind=1, lines=lines)

    breakLinesCJK = breakLines  # noqa: N815 - ReportLab's name; w4r's breaker handles CJK already

    # Splitting across frames --------------------------------------------
    def _get_split_blParaFunc(self):  # noqa: N802 - ReportLab's name
        return _logical_frags

    def split(self, availWidth, availHeight):  # noqa: N803 - ReportLab's names
        parts = super().split(availWidth, availHeight)
        fixed = RTL if self.base_level() else LTR
        for p in parts:
            if p is not self:
                p._w4r_direction = fixed
                p._w4r_base = self.base_level()
                p._w4r_book = self._w4r_fonts
        return parts



_MARKS_CALLBACK = "w4r-marks"


def _draw_marks_here(canvas, kind, label) -> None:
    """ReportLab's onDraw callback: paint a shaped run's marks at the point its text starts."""
    glyphs, size, rise, color, fb = label
    # ReportLab's text position for callbacks: x on the line, baseline y.  It leaves out
    # word spacing, which only justified text has; w4r never justifies.
    where = canvas._curr_tx_info
    draw_marks(fb, canvas, glyphs, where["cur_x"], where["cur_y"] + rise, size, color)


def _merged(frags: list) -> list:
    """Neighbouring text frags of the same style as one.

    ReportLab's parser makes a frag of every piece between entities, so
    "A &lt;B&gt;" came out as four runs: drawn in the right places, but as
    four pieces of text that PDF readers put back together in odd orders
    beside Arabic.
    """
    out: list = []
    for f in frags:
        prev = out[-1] if out else None
        if (
            prev is not None
            and type(prev) is type(f)
            and isinstance(getattr(f, "text", None), str)
            and isinstance(getattr(prev, "text", None), str)
            and not (getattr(f, "lineBreak", False) or getattr(prev, "lineBreak", False))
            and not (hasattr(f, "cbDefn") or hasattr(prev, "cbDefn"))
            and {k: v for k, v in vars(prev).items() if k != "text"} == {k: v for k, v in vars(f).items() if k != "text"}
        ):
            prev.text += f.text
        else:
            out.append(f)
    return out


def _logical_frags(blPara, start: int, stop: int) -> list:  # noqa: N803
    """The frags of lines ``start:stop`` in logical order, to rebuild a split paragraph's part."""
    out = []
    for line in blPara.lines[start:stop]:
        for frag, text in line.w4r_logical:
            g = frag.clone()
            g.text = text
            out.append(g)
        if line.w4r_break is not None:
            out.append(line.w4r_break)
    return out
