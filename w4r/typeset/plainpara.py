"""Plain paragraphs: one face, left to right, no markup, laid out without ReportLab's parser.

A batch prints a personal message and a name on every letter.  Most are plain
text in the base face (no Arabic, no Chinese, no combining marks), and for
those ``Paragraph`` (markup parser, fragments, bidi runs) costs far more than
the text needs.  ``plain_paragraph`` returns a flowable that breaks and places
the lines exactly as ``w4r.typeset.paragraphs.Paragraph`` would (same break points,
same width arithmetic, first baseline one type size below the top, one
leading per line), or None when the text needs the full machinery.
``tests/render/test_plainpara.py`` holds the two to the same lines and positions.
"""

from __future__ import annotations

from reportlab.lib.enums import TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable

from w4r.typeset import bidi
from w4r.typeset.bidi import RTL
from w4r.typeset.fonts import book
from w4r.richtext import clean
from w4r.typeset.linebreak import breaks_anywhere, run_width
from w4r.typeset.textops import show_text


def _simple_style(style: ParagraphStyle) -> bool:
    return (
        style.alignment == TA_LEFT
        and getattr(style, "w4r_direction", "ltr") != RTL
        and not (style.leftIndent or style.rightIndent or style.firstLineIndent)
        and not (style.backColor or style.borderWidth or getattr(style, "autoLeading", ""))
        and _is_black(style.textColor)
    )


def _is_black(color) -> bool:
    rgb = getattr(color, "rgb", None)
    return rgb is not None and tuple(rgb()) == (0, 0, 0) and getattr(color, "alpha", 1) == 1


def _simple_text(text: str, font_key: str) -> bool:
    # Paragraph's markup parser turns each run of white space into one space:
    # text spaced any other way is left to it.
    if not text or " ".join(text.split()) != text or clean(text) != text:
        return False
    runs = book().runs(text)
    if len(runs) != 1 or runs[0][1] != font_key:
        return False
    if text.isascii():
        return True
    return not (
        bidi.needs_bidi(text)
        or bidi.needs_shaping(text, font_key, False)
        or any(breaks_anywhere(ch) for ch in text)
    )


def break_lines(text: str, font_name: str, size: float, max_width: float) -> list[str] | None:
    """The lines ``Paragraph`` makes of ``text`` (words with single spaces between); None if a word is wider than the line.

    Greedy filling, with the same width sums in the same order as
    ``w4r.typeset.linebreak.fill``, so that a line which only just fits fits in both.
    """
    words = text.split(" ")
    space = run_width(" ", font_name, size, False)
    lines: list[str] = []
    first = 0  # the current line's first word
    width = -1.0
    for k, word in enumerate(words):
        w = run_width(word, font_name, size, False)
        if width >= 0:
            if width + space + w <= max_width + 1e-6:
                width += space + w
                continue
            lines.append(" ".join(words[first:k]))
        if w > max_width and len(word) > 1:
            return None  # Paragraph cuts such a word; leave that to it
        first, width = k, w
    lines.append(" ".join(words[first:]))
    return lines


class PlainParagraph(Flowable):
    """Lines of one face placed as a left-aligned ``Paragraph`` places them."""

    def __init__(self, text: str, style: ParagraphStyle, width: float | None = None, lines: list[str] | None = None):
        super().__init__()
        self.text, self.style = text, style
        self.lines: list[str] = lines or []
        self._lines_width = width if lines is not None else None  # the width self.lines were broken for

    def wrap(self, availWidth, availHeight):  # noqa: N803 - ReportLab's names
        if availWidth != self._lines_width:
            lines = break_lines(self.text, self.style.fontName, self.style.fontSize, availWidth)
            if lines is None:
                raise ValueError("plain_paragraph() should have refused this text")
            self.lines, self._lines_width = lines, availWidth
        self.width, self.height = availWidth, len(self.lines) * self.style.leading
        return self.width, self.height

    def draw(self):
        style, c = self.style, self.canv
        c.setFillColor(style.textColor)
        y = self.height - style.fontSize
        for line in self.lines:
            show_text(c, 0, y, line, style.fontName, style.fontSize)
            y -= style.leading


def plain_paragraph(text: str, style: ParagraphStyle, width: float) -> PlainParagraph | None:
    """A PlainParagraph for ``text`` in ``style`` if it needs nothing more, else None."""
    fb = book()
    key = fb.key_of(style.fontName)
    if key is None or fb.font_name(key) != style.fontName or not _simple_style(style) or not _simple_text(text, key):
        return None
    lines = break_lines(text, style.fontName, style.fontSize, width)
    if lines is None:
        return None
    return PlainParagraph(text, style, width, lines)
