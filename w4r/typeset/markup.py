"""User and template text as ReportLab paragraph markup: escaped, one ``<font>`` run per face.

Nothing a user typed is ever passed to ReportLab's markup parser as markup: text
is cleaned, escaped, and wrapped in ``<font>`` tags that w4r itself writes.  The
only structure allowed through is a list of Spans (bold/italic runs) that the
compose layer has already checked against an allowlist.  Give the result to
``w4r.typeset.paragraphs.Paragraph``, which lays it out.
"""

from __future__ import annotations

from typing import Iterable

from w4r.richtext import RichText, Span, clean, plain
from w4r.typeset.fonts import BOLD, REGULAR, book


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
