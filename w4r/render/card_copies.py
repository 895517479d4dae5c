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
from w4r.render.card import draw_card, draw_postcard_sheet
from w4r.render.card_faces import accent
from w4r.render.card_message import fit_message
from w4r.render.card_type import card_format
from w4r.render.designs import Design
from w4r.typeset.canvas import canvas_kwargs, set_metadata
from w4r.typeset.fonts import FontBook


def cards_printed(fmt: str, copies: int) -> int:
    """How many cards ``copies`` asked for gives: postcard sheets are filled up."""
    form = card_format(fmt)
    if form.layout is None or copies == 0:
        return copies
    per_sheet = form.layout.capacity
    return math.ceil(copies / per_sheet) * per_sheet


def render_card_copies(card: Card, fmt: str, *, design: Design, outline: bool = False, copies: int = 1, fb: FontBook) -> bytes:
    """``copies`` cards as one PDF: two pages per folded card, two per postcard sheet."""
    if copies < 1:
        raise ValueError("copies must be at least 1")
    form = card_format(fmt)
    fit = fit_message(card, form, colour=accent(outline), fb=fb)  # the same message on every copy: fitted once
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=form.sheet, **canvas_kwargs(fb))
    set_metadata(c, f"Card for {card.first_name}" if form.layout is None and copies == 1 else f"Cards for {card.first_name}")
    if form.layout is None:
        for _ in range(copies):
            draw_card(c, card, form, design=design, outline=outline, fit=fit, fb=fb)
    else:
        per_sheet = form.layout.capacity
        for _ in range(cards_printed(fmt, copies) // per_sheet):
            draw_postcard_sheet(c, [card] * per_sheet, form, designs=[design] * per_sheet, outline=outline, fit=fit, fb=fb)
    c.save()
    return buf.getvalue()
