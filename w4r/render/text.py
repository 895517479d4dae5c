"""User and template text -> ReportLab paragraph markup, escaped and font-fallback aware.

Nothing a user typed is ever passed to ReportLab's markup parser as markup: text
is cleaned, escaped, and wrapped in ``<font>`` tags that w4r itself writes.  The
only structure allowed through is a list of Spans (bold/italic runs) that the
compose layer has already checked against an allowlist.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Sequence
from xml.sax.saxutils import escape as _xml_escape

from reportlab.pdfbase.pdfmetrics import stringWidth

from w4r.render.fonts import BOLD, REGULAR, book

# C0/C1 controls except tab and newline; lone surrogates; the noncharacters.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]")


@dataclass(frozen=True)
class Span:
    """A run of text; italic is kept as data but printed upright (one face file fewer to load)."""

    text: str
    bold: bool = False
    italic: bool = False


RichText = Sequence[Span]


def clean(text: str) -> str:
    """Drop control characters and normalise line endings; keep every printable character."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub("", text)


def plain(text: str) -> list[Span]:
    return [Span(text)]


def escape(text: str) -> str:
    """Escape for ReportLab's paragraph parser (XML-like: & < > and quotes)."""
    return _xml_escape(text, {'"': "&quot;"})


def _face_markup(chunk: str, key: str | None, weight: int) -> str:
    if key is None:
        # No bundled font has these characters: print them in the base face so
        # the gap is visible; the compose layer has already warned about them.
        key = "sans"
    name = book().font_name(key, weight)
    return f'<font face="{name}">{escape(chunk)}</font>'


def markup(text: str | RichText, *, bold: bool = False) -> str:
    """Paragraph markup for ``text`` with one <font> run per face and <br/> for line breaks."""
    spans: Iterable[Span] = plain(text) if isinstance(text, str) else text
    parts: list[str] = []
    fb = book()
    for span in spans:
        weight = BOLD if (bold or span.bold) else REGULAR
        lines = clean(span.text).split("\n")
        for i, line in enumerate(lines):
            if i:
                parts.append("<br/>")
            for chunk, key in fb.runs(line):
                parts.append(_face_markup(chunk, key, weight))
    return "".join(parts)


def string_width(text: str, size: float, *, bold: bool = False) -> float:
    """Width of one line of ``text`` in points, summed run by run in the faces that print it."""
    fb = book()
    weight = BOLD if bold else REGULAR
    total = 0.0
    for chunk, key in fb.runs(clean(text)):
        total += stringWidth(chunk, fb.font_name(key or "sans", weight), size)
    return total


def draw_line(canvas, x: float, y: float, text: str, size: float, *, bold: bool = False, align: str = "left") -> float:
    """Draw one line at baseline ``y``, face by face; return its width.

    ``align`` is left (x is the start), right (x is the end) or centre.
    """
    fb = book()
    weight = BOLD if bold else REGULAR
    runs = [(chunk, fb.font_name(key or "sans", weight)) for chunk, key in fb.runs(clean(text).replace("\n", " "))]
    widths = [stringWidth(chunk, name, size) for chunk, name in runs]
    total = sum(widths)
    if align == "right":
        x -= total
    elif align == "centre":
        x -= total / 2
    for (chunk, name), w in zip(runs, widths):
        canvas.setFont(name, size)
        canvas.drawString(x, y, chunk)
        x += w
    return total
