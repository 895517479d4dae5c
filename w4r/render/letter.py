"""Lay out a composed Letter on A4 (DIN 5008 Form B) or US Letter (#10 window) and return PDF bytes.

Page one carries the fixed parts (sender, return line, recipient in the window
field, date, fold and punch marks) drawn on the canvas; the text flows through
platypus frames, so a long personal message continues on page two with a page
number instead of overlapping anything.

The fixed parts of page one: ``render.letter_first_page``; the flowing text:
``render.letter_body``.
"""

from __future__ import annotations

import io
from typing import Callable

from reportlab.lib.units import mm
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate

from w4r.compose.letter import Letter
from w4r.compose.sender import RETURN_SEPARATOR
from w4r.render import formats
from w4r.render import geometry as g
from w4r.typeset.canvas import CountingCanvas, canvas_kwargs, document_info
from w4r.typeset.fonts import FontBook
from w4r.typeset.line import draw_line
from w4r.render.letter_body import letter_story, letter_styles
from w4r.render.letter_first_page import first_page


def body_frames(geo: g.LetterGeometry) -> tuple[Frame, Frame]:
    """The text frames: page one (below the address field) and the pages after it."""
    width, height = geo.page
    body_width = width - geo.margin_left - geo.margin_right
    first = Frame(geo.margin_left, geo.margin_bottom, body_width, height - geo.body_top - geo.margin_bottom, id="first", leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    later = Frame(geo.margin_left, geo.margin_bottom, body_width, height - geo.margin_top_next - geo.margin_bottom, id="later", leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    return first, later


HEADER_SIZE = 8
HEADER_Y = 12 * mm  # baseline of the header on pages after the first, from the top (inside the 20 mm margin)


def page_footer(letter: Letter, geo: g.LetterGeometry, *, fb: FontBook) -> Callable:
    """``footer(canvas, page, pages)``: what a letter longer than one page carries besides its text.

    Page one: "Page 1 of n" at the foot.  Every later page: a header, as on
    the follow-up pages of a business letter, with the sender's name, the date
    and "Page 2 of n", so a page that comes loose can be put back.
    """
    width, height = geo.page
    lang = letter.primary.lang
    left = RETURN_SEPARATOR.join(p for p in (letter.sender.name, letter.date_text) if p)

    def footer(c, page: int, pages: int) -> None:
        if pages <= 1:
            return
        c.saveState()
        c.setFillGray(0.3)
        if page == 1:
            draw_line(c, width / 2, geo.margin_bottom / 2, lang.page_label(page, pages), HEADER_SIZE, align="centre", fb=fb)
        else:
            y = g.from_top(height, HEADER_Y)
            draw_line(c, geo.margin_left, y, left, HEADER_SIZE, fb=fb)
            draw_line(c, width - geo.margin_right, y, lang.page_label(page, pages), HEADER_SIZE, align="right", fb=fb)
            c.setStrokeGray(0.6)
            c.setLineWidth(0.3)
            rule = y - 0.4 * HEADER_SIZE
            c.line(geo.margin_left, rule, width - geo.margin_right, rule)
        c.restoreState()

    return footer


def letter_document(letter: Letter, geo: g.LetterGeometry, target, *, fb: FontBook) -> BaseDocTemplate:
    """The platypus document for one letter, writing to ``target`` (a file or buffer)."""
    first, later = body_frames(geo)
    return BaseDocTemplate(
        target,
        pagesize=geo.page,
        pageTemplates=[
            PageTemplate("first", [first], onPage=first_page(letter, geo, fb=fb), autoNextPageTemplate="later"),
            PageTemplate("later", [later]),
        ],
        **document_info(f"Appeal for {letter.case_id}", f"Write for Rights appeal letter, case {letter.case_id}", letter.primary.lang.code),
        **canvas_kwargs(fb),
    )


def render_letter(letter: Letter, paper: str = "a4", *, fb: FontBook) -> bytes:
    """The letter as PDF bytes on ``paper`` (a4 or letter), set in the fonts of ``fb``."""
    geo = formats.paper(paper).letter
    buf = io.BytesIO()

    class _Canvas(CountingCanvas):
        footer = staticmethod(page_footer(letter, geo, fb=fb))

    letter_document(letter, geo, buf, fb=fb).build(letter_story(letter, letter_styles(fb), fb=fb), canvasmaker=_Canvas)
    return buf.getvalue()
