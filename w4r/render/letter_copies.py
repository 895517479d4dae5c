"""Several copies of one appeal letter in one PDF, for a writing table.

Each copy is laid out exactly as ``render_letter`` lays out one letter (the
same page templates, story and footer) and starts on a new sheet; a letter
longer than one page is numbered "Page n of m" within its own copy.
"""

from __future__ import annotations

import io

from reportlab.platypus import NextPageTemplate, PageBreak

from w4r.compose.letter import Letter
from w4r.render import formats
from w4r.render.letter import letter_document, page_footer
from w4r.render.letter_body import letter_story, letter_styles
from w4r.typeset.canvas import CountingCanvas
from w4r.typeset.fonts import FontBook


def render_letter_copies(letter: Letter, paper: str = "a4", copies: int = 1, *, fb: FontBook) -> bytes:
    """``copies`` identical letters, each starting on a fresh sheet, as PDF bytes."""
    if copies < 1:
        raise ValueError("copies must be at least 1")
    geo = formats.paper(paper).letter
    one_letter_footer = page_footer(letter, geo, fb=fb)

    def footer(c, page: int, pages: int) -> None:
        # Every copy has the same number of pages, so each copy's own page number follows.
        per_copy = pages // copies
        one_letter_footer(c, (page - 1) % per_copy + 1, per_copy)

    class _Canvas(CountingCanvas):
        pass

    _Canvas.footer = staticmethod(footer)
    styles = letter_styles(fb)
    story: list = []
    for i in range(copies):
        if i:
            story += [NextPageTemplate("first"), PageBreak()]
        story += letter_story(letter, styles, fb=fb)
    buf = io.BytesIO()
    letter_document(letter, geo, buf, fb=fb).build(story, canvasmaker=_Canvas)
    return buf.getvalue()
