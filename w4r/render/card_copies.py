"""Several copies of one solidarity card in one PDF, for a writing table.

``render.card.render_card`` makes one card (a folded card, or a postcard sheet
with the card four times).  A pack wants ``--cards N`` of them in one file, so
this draws the same faces, in the same places, sheet after sheet.  Postcard
sheets are always full: N is rounded up to whole sheets, since the slots
would otherwise be cut out blank.
"""

from __future__ import annotations

import io
import math

from reportlab.pdfgen.canvas import Canvas

from w4r.compose.card import Card
from w4r.render.card import WARM, back_face, draw_panel, fold_marks, front_face, message_face, card_format, fit_message
from w4r.render.designs import Design
from w4r.render.pdf import canvas_kwargs, set_metadata
from w4r.render.sheets import draw_side, positions


def cards_printed(fmt: str, copies: int) -> int:
    """How many cards ``copies`` asked for gives: postcard sheets are filled up."""
    form = card_format(fmt)
    if form.layout is None or copies == 0:
        return copies
    per_sheet = form.layout.capacity
    return math.ceil(copies / per_sheet) * per_sheet


def render_card_copies(card: Card, fmt: str, *, design: Design, outline: bool = False, copies: int = 1) -> bytes:
    """``copies`` cards as one PDF: two pages per folded card, two per postcard sheet."""
    if copies < 1:
        raise ValueError("copies must be at least 1")
    form = card_format(fmt)
    colour = "#000000" if outline else WARM
    fit = fit_message(card, form, colour=colour)
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=form.sheet, **canvas_kwargs())
    set_metadata(c, f"Card for {card.first_name}" if form.layout is None and copies == 1 else f"Cards for {card.first_name}")
    if form.layout is None:
        pw, ph = form.panel
        for _ in range(copies):
            draw_panel(c, back_face(design, outline), 0, pw, ph)
            draw_panel(c, front_face(card, form, design, outline), pw, pw, ph)
            c.showPage()
            draw_panel(c, message_face(card, form, fit, colour), pw, pw, ph)
            fold_marks(c, form)
            c.showPage()
    else:
        per_sheet = form.layout.capacity
        for _ in range(cards_printed(fmt, copies) // per_sheet):
            draw_side(c, form.layout, positions([front_face(card, form, design, outline)] * per_sheet, form.layout, "front"))
            c.showPage()
            draw_side(c, form.layout, positions([message_face(card, form, fit, colour)] * per_sheet, form.layout, "back"))
            c.showPage()
    c.save()
    return buf.getvalue()
