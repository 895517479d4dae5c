"""User and template text -> ReportLab, escaped, font-fallback aware, bidi and shaped.

Nothing a user typed is ever passed to ReportLab's markup parser as markup: text
is cleaned, escaped, and wrapped in ``<font>`` tags that w4r itself writes.  The
only structure allowed through is a list of Spans (bold/italic runs) that the
compose layer has already checked against an allowlist.

Three ways text reaches a page:

- ``markup()`` + ``Paragraph`` (this module's, a drop-in for ReportLab's): the
  paragraph breaks lines itself (at spaces, and between Chinese/Japanese
  characters), then lays out each line right-to-left where the Unicode bidi
  algorithm says so and shapes Arabic, Hebrew and Devanagari with HarfBuzz.
  A paragraph's direction is ``ltr`` (default), ``rtl`` or ``auto``; in a
  right-to-left paragraph a left-aligned style is aligned right (the start).
- ``draw_line()``: one line on a canvas, same layout.
- ``string_width()``: the width ``draw_line`` will use.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from functools import lru_cache
from typing import Iterable, Sequence

from reportlab.lib.abag import ABag
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import getAscentDescent, stringWidth
from reportlab.platypus.paragraph import FragLine, ParaLines
from reportlab.platypus.paragraph import Paragraph as _RLParagraph

from w4r.typeset import bidi
from w4r.typeset.bidi import AUTO, LTR, RTL
from w4r.typeset.fonts import BOLD, REGULAR, book
from w4r.richtext import RichText, Span, clean, plain
from w4r.typeset.outlines import draw_marks
from w4r.typeset.textops import show_text

def escape(text: str) -> str:
    """Escape for ReportLab's paragraph parser (XML-like: & < > and quotes)."""
    # Written out rather than xml.sax.saxutils.escape, whose module loads
    # urllib, http and ssl (about 15 ms of start-up) for four replacements.
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def _face_markup(chunk: str, key: str | None, weight: int) -> str:
    if key is None:
        # No font has these characters: print them in the base face so the gap
        # is visible; the compose layer has already warned about them.
        key = book().base
    name = book().font_name(key, weight)
    return f'<font face="{name}">{escape(chunk)}</font>'


def markup(text: str | RichText, *, bold: bool = False) -> str:
    """Paragraph markup for ``text`` with one <font> run per face and <br/> for line breaks.

    The text stays in logical order: give it to this module's ``Paragraph``,
    which does the right-to-left layout and shaping.
    """
    spans: Iterable[Span] = plain(text) if isinstance(text, str) else text
    parts: list[str] = []
    fb = book()
    for span in spans:
        weight = BOLD if (bold or span.bold) else REGULAR
        lines = fb.printable(clean(span.text)).split("\n")
        for i, line in enumerate(lines):
            if i:
                parts.append("<br/>")
            for chunk, key in fb.runs(line):
                parts.append(_face_markup(chunk, key, weight))
    return "".join(parts)


# ---------------------------------------------------------------------------
# One line


def _draw_pieces(text: str, size: float, bold: bool, direction: str) -> tuple[tuple[str, str, float], ...]:
    """(text or shaped glyphs, font name, width) for one line, left to right."""
    if direction != RTL and text.isascii() and text.isprintable():
        # Plain ASCII (most names and addresses): one piece in the base face,
        # if the base face has every character and is not shaped.
        fb = book()
        runs = fb.runs(text)
        if len(runs) == 1 and runs[0][1] == fb.base and not fb.face(fb.base).shaped:
            name = fb.font_name(fb.base, BOLD if bold else REGULAR)
            return ((text, name, stringWidth(text, name, size)),)
    return _laid_out_pieces(text, size, bold, direction)


@lru_cache(maxsize=4096)
def _laid_out_pieces(text: str, size: float, bold: bool, direction: str) -> tuple[tuple[str, str, float], ...]:
    # Cached: a batch draws the same lines (recipient, date, return address
    # after measuring it) again and again.
    fb = book()
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
        if bidi.needs_shaping(chunk, key, rtl):
            glyphs = bidi.shape(chunk, name, rtl)
            pieces.append((glyphs, name, bidi.shaped_width(glyphs, size)))
        else:
            pieces.append((chunk, name, stringWidth(chunk, name, size)))
    return tuple(pieces)


def string_width(text: str, size: float, *, bold: bool = False, direction: str = AUTO) -> float:
    """Width of one line of ``text`` in points, as ``draw_line`` lays it out."""
    return sum(w for _, _, w in _draw_pieces(text, size, bold, direction))


def draw_line(canvas, x: float, y: float, text: str, size: float, *, bold: bool = False, align: str = "left", direction: str = AUTO) -> float:
    """Draw one line at baseline ``y``, run by run in visual order; return its width.

    ``align`` is left (x is the start), right (x is the end) or centre.
    ``direction`` is the line's base direction: auto (its first strong
    character decides), ltr or rtl.
    """
    pieces = _draw_pieces(text, size, bold, direction)
    total = sum(w for _, _, w in pieces)
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
                draw_marks(canvas, chunk, x, y, size)
        x += w
    return total


# ---------------------------------------------------------------------------
# Paragraphs

# Where a line may break between two characters with no space (Chinese and
# Japanese), except before closing and after opening punctuation (kinsoku).
_NO_START = set("、。，．：；？！）」』】〕〉》〗〙〛｝］〞’”・ー…‥々ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ,.:;?!)]}%")
_NO_END = set("（「『【〔〈《〖〘〚｛［〝‘“([{")
_SPACE = " \u3000"
_ASCII_WORD_START = re.compile(r"(?<= )[^ ]")


def breaks_anywhere(ch: str) -> bool:
    cp = ord(ch)
    return (
        0x2E80 <= cp <= 0x30FF  # CJK radicals, punctuation, kana
        or 0x3400 <= cp <= 0x4DBF
        or 0x4E00 <= cp <= 0x9FFF
        or 0xF900 <= cp <= 0xFAFF
        or 0xFF00 <= cp <= 0xFF60
        or 0x20000 <= cp <= 0x3FFFF
    )


def _can_break_before(prev: str, ch: str) -> bool:
    if ch in _SPACE or unicodedata.combining(ch):
        return False
    if prev in _SPACE:
        return True
    if ch in _NO_START or prev in _NO_END:
        return False
    return breaks_anywhere(prev) or breaks_anywhere(ch)


def directed(style: ParagraphStyle, direction: str) -> ParagraphStyle:
    """A copy of ``style`` whose paragraphs run in ``direction`` (ltr, rtl or auto)."""
    return ParagraphStyle(f"{style.name}-{direction}", parent=style, w4r_direction=direction)


class Paragraph(_RLParagraph):
    """ReportLab's Paragraph with w4r's line breaking, bidi layout and shaping.

    Takes the same arguments (give it ``markup()`` output) plus ``direction``:
    ltr, rtl or auto; by default the style's (see ``directed``), else ltr.
    """

    def __init__(self, text, style=None, bulletText=None, frags=None, caseSensitive=1, encoding="utf8", *, direction: str | None = None):
        self._w4r_direction = direction
        super().__init__(text, style, bulletText, frags, caseSensitive, encoding)
        self.frags = _merged(self.frags)

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
        return run_width(text, f.fontName, f.fontSize, rtl)

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

    def _fill(self, text: str, owners: Sequence[int], lv: Sequence[int], widths: Sequence[float], first_line: int) -> list[tuple[int, int, int]]:
        """Greedy line filling: (start, end of the text shown, end including trailing spaces) per line."""
        n = len(text)
        i = 0
        while i < n and text[i] in _SPACE:
            i += 1
        if text.isascii():
            # Only spaces break ASCII text (the rest of _can_break_before is for CJK and marks).
            starts = [i] + [m.start() for m in _ASCII_WORD_START.finditer(text, i + 1)]
        else:
            starts = [i] + [j for j in range(i + 1, n) if _can_break_before(text[j - 1], text[j])]
        words = []
        for k, s in enumerate(starts):
            e = starts[k + 1] if k + 1 < len(starts) else n
            c = e
            while c > s and text[c - 1] in _SPACE:
                c -= 1
            if s < e:
                words.append((s, c, e))
        lines: list[tuple[int, int, int]] = []
        cur: list[int] | None = None  # [start, content end, full end]
        cur_width = 0.0
        k = 0
        while k < len(words):
            s, c, e = words[k]
            max_width = widths[min(first_line + len(lines), len(widths) - 1)]
            w = self._width(text, owners, lv, s, c)
            if cur is None:
                if w > max_width and c - s > 1:
                    cut = self._cut(text, owners, lv, s, c, max_width)
                    lines.append((s, cut, cut))
                    words[k] = (cut, c, e)
                    continue
                cur, cur_width = [s, c, e], w
            else:
                gap = self._width(text, owners, lv, cur[1], s)
                if cur_width + gap + w <= max_width + 1e-6:
                    cur[1], cur[2] = c, e
                    cur_width += gap + w
                else:
                    lines.append(tuple(cur))
                    cur = None
                    continue
            k += 1
        if cur is not None:
            lines.append(tuple(cur))
        if not lines:
            lines.append((i, i, n))
        return lines

    def _cut(self, text: str, owners, lv, s: int, c: int, max_width: float) -> int:
        """Where to cut a word wider than the line: the longest prefix that fits (one character at least)."""
        best = s + 1
        while best < c and unicodedata.combining(text[best]):
            best += 1
        for j in range(best + 1, c + 1):
            if j < c and unicodedata.combining(text[j]):
                continue
            if self._width(text, owners, lv, s, j) > max_width:
                break
            best = j
        return best

    def _line(self, text: str, owners: Sequence[int], lv: Sequence[int], base: int, span: tuple[int, int, int], max_width: float, hard) -> FragLine:
        a, b, full = span
        shown = text[a:b]
        words = []
        total = 0.0
        fb = book()
        for run in bidi.visual_runs(shown, owners[a:b], lv[a:b], base):
            f = self.frags[run.style]
            key = fb.key_of(f.fontName)
            if bidi.needs_shaping(run.text, key, run.rtl):
                glyphs = bidi.shape(run.text, f.fontName, run.rtl)
                width = bidi.shaped_width(glyphs, f.fontSize)
                if glyphs.marks:
                    # A zero-width callback just before the run paints its marks
                    # where ReportLab is about to draw it (see drawPara).
                    cb = f.clone()
                    cb.text = ""
                    cb.cbDefn = ABag(kind="onDraw", name=_MARKS_CALLBACK, label=(glyphs, f.fontSize, getattr(f, "rise", 0), f.textColor))
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
            spans = self._fill(text, owners, lv, widths, len(lines)) if text else [(0, 0, 0)]
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
        return parts


_MARKS_CALLBACK = "w4r-marks"


def _draw_marks_here(canvas, kind, label) -> None:
    """ReportLab's onDraw callback: paint a shaped run's marks at the point its text starts."""
    glyphs, size, rise, color = label
    # ReportLab's text position for callbacks: x on the line, baseline y.  It leaves out
    # word spacing, which only justified text has; w4r never justifies.
    where = canvas._curr_tx_info
    draw_marks(canvas, glyphs, where["cur_x"], where["cur_y"] + rise, size, color)


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


@lru_cache(maxsize=8192)
def run_width(text: str, font_name: str, size: float, rtl: bool) -> float:
    """Width of one run of one font (words recur from line to line and letter to letter)."""
    key = book().key_of(font_name)
    if bidi.needs_shaping(text, key, rtl):
        return bidi.shaped_width(bidi.shape(text, font_name, rtl), size)
    return stringWidth(text, font_name, size)


def clear_caches() -> None:
    """Forget measured widths (the FontBook they were measured with was replaced)."""
    run_width.cache_clear()
    _laid_out_pieces.cache_clear()


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
