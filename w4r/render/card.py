"""Lay out a composed Card as a folded card or a sheet of postcards, and return PDF bytes.

Folded formats (``a5``, ``half-letter``): one landscape sheet, two pages, folded
once down the middle.  Page 1 is the outside (back panel left, front panel
right), page 2 the inside (left panel blank for a drawing, message panel
right).  Printed on both sides with "flip on short edge", as booklets are, the
message lies behind the back panel and opens on the right.

Postcard formats (``a6-4up``, ``a2-4up``): four cards on a portrait sheet, fronts
on page 1 and message sides on page 2, placed by ``render.imposition`` for
long-edge duplex, with cut marks.

How a card's text is set: ``render.card_type``; the message panel's fitting:
``render.card_message``; the front, back and message faces: ``render.card_faces``.
"""

from __future__ import annotations

import io
from typing import Callable, Sequence

from reportlab.pdfgen.canvas import Canvas

from w4r.compose.card import Card
from w4r.errors import InputError
from w4r.render import geometry as g
from w4r.render.card_faces import accent, back_face, front_face, message_face
from w4r.render.card_message import MessageFit, fit_message
from w4r.render.card_type import CardFormat, card_format
from w4r.render.designs import Design
from w4r.render.imposition import draw_side, positions
from w4r.typeset.canvas import canvas_kwargs, set_metadata
from w4r.typeset.fonts import FontBook


# --- Pages -------------------------------------------------------------------------


def _draw_panel(c, face, x: float, width: float, height: float) -> None:
    c.saveState()
    c.translate(x, 0)
    face(c, width, height)
    c.restoreState()


def _fold_marks(c, fmt: CardFormat) -> None:
    """Short marks at the top and bottom of the fold line (fold marks may sit in the edge band)."""
    width, height = fmt.sheet
    x = width / 2
    c.saveState()
    c.setLineWidth(0.4)
    c.setStrokeGray(0.45)
    c.line(x, height - g.FOLD_MARK_X[0], x, height - g.FOLD_MARK_X[1])
    c.line(x, g.FOLD_MARK_X[0], x, g.FOLD_MARK_X[1])
    c.restoreState()


def draw_card(
    c, card: Card, form: CardFormat, *, design: Design, outline: bool = False, label: str | None = None, fit: MessageFit | None = None,
    fb: FontBook,
) -> None:
    """One folded card onto ``c`` as two pages: the outside (back and front panels), then the inside.

    ``label`` (a batch's group: class or table) prints small on the back, for sorting; ``fit``, the
    message already fitted (copies of one card), else it is fitted here.
    """
    colour = accent(outline)
    fit = fit or fit_message(card, form, colour=colour, fb=fb)
    pw, ph = form.panel
    _draw_panel(c, back_face(design, outline, label, fb=fb), 0, pw, ph)
    _draw_panel(c, front_face(card, form, design, outline, fb=fb), pw, pw, ph)
    c.showPage()
    _draw_panel(c, message_face(card, form, fit, colour, fb=fb), pw, pw, ph)
    _fold_marks(c, form)
    c.showPage()


def draw_postcard_sheet(
    c, cards: Sequence[Card | None], form: CardFormat, *, designs: Sequence[Design], outline: bool = False,
    labels: Sequence[str | None] | None = None, fit: MessageFit | None = None, fb: FontBook,
) -> None:
    """Up to four postcards onto ``c`` as two pages: the fronts, then the message sides behind them.

    ``fit``: one message already fitted, for a sheet of copies of one unlabelled card.
    """
    if form.layout is None:
        raise InputError(f"card format {form.name} is a folded card, not a postcard sheet", code="not-a-postcard-sheet", field="format",
                         params={"format": form.name})
    colour = accent(outline)
    if len(designs) != len(cards):
        raise ValueError(f"{len(designs)} designs for {len(cards)} cards")
    labels = list(labels) if labels is not None else [None] * len(cards)
    if len(labels) != len(cards):
        raise ValueError(f"{len(labels)} labels for {len(cards)} cards")
    fronts = [None if card is None else front_face(card, form, d, outline, fb=fb) for card, d in zip(cards, designs)]
    backs = [
        None if card is None
        else message_face(card, form, fit or fit_message(card, form, colour=colour, labelled=bool(label), fb=fb), colour, label, fb=fb)
        for card, label in zip(cards, labels)
    ]
    draw_side(c, form.layout, positions(fronts, form.layout, "front"))
    c.showPage()
    draw_side(c, form.layout, positions(backs, form.layout, "back"))
    c.showPage()


def _canvas(form: CardFormat, title: str, fb: FontBook) -> tuple[io.BytesIO, Canvas]:
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=form.sheet, **canvas_kwargs(fb))
    set_metadata(c, title)
    return buf, c


def render_card(card: Card, fmt: str = "a5", *, design: Design, outline: bool = False, label: str | None = None, fb: FontBook) -> bytes:
    """One card as PDF bytes: a folded card, or a postcard sheet with the card four times.

    ``label`` (a batch's group: class or table) prints small on the card, for sorting.
    """
    form = card_format(fmt)
    if form.kind == "4up":
        capacity = form.layout.capacity
        return render_postcards([card] * capacity, fmt, design=design, outline=outline, labels=[label] * capacity, fb=fb)
    buf, c = _canvas(form, f"Card for {card.first_name}", fb)
    draw_card(c, card, form, design=design, outline=outline, label=label, fb=fb)
    c.save()
    return buf.getvalue()


def render_postcards(
    cards: Sequence[Card | None], fmt: str, *, design: Design | Sequence[Design], outline: bool = False,
    labels: Sequence[str | None] | None = None, fb: FontBook,
) -> bytes:
    """Up to four postcards (different ones, or None for a blank slot) on one sheet, fronts then backs.

    ``design`` is one design for the whole sheet, or one per card (same order as ``cards``);
    ``labels`` a sorting label (a batch's group) per card, printed small at the foot of its message side.
    """
    form = card_format(fmt)
    designs = [design] * len(cards) if isinstance(design, Design) else list(design)
    names = ", ".join(dict.fromkeys(card.first_name for card in cards if card))
    buf, c = _canvas(form, f"Cards for {names}", fb)
    draw_postcard_sheet(c, cards, form, designs=designs, outline=outline, labels=labels, fb=fb)
    c.save()
    return buf.getvalue()


def render_card_run(
    cards: Sequence[Card], fmt: str, *, design: Design, outline: bool = False, labels: Sequence[str | None] | None = None,
    tick: Callable[[int], None] | None = None, fb: FontBook,
) -> tuple[bytes, int]:
    """Many cards in one PDF (a batch): folded cards one after the other, or postcards four to a sheet.

    One document for the lot, so fonts are embedded once and each front design
    is drawn once and placed as a form.  Returns the PDF and its page count;
    ``tick(n)`` is told as each card (or sheet of cards) is done.
    """
    form = card_format(fmt)
    labels = list(labels) if labels is not None else [None] * len(cards)
    buf, c = _canvas(form, "Solidarity cards", fb)
    pages = 0
    if form.kind == "4up":
        per = form.layout.capacity
        for i in range(0, len(cards), per):
            chunk = cards[i : i + per]
            draw_postcard_sheet(c, chunk, form, designs=[design] * len(chunk), outline=outline, labels=labels[i : i + per], fb=fb)
            pages += 2
            if tick:
                tick(len(chunk))
    else:
        for card, label in zip(cards, labels):
            draw_card(c, card, form, design=design, outline=outline, label=label, fb=fb)
            pages += 2
            if tick:
                tick(1)
    c.save()
    return buf.getvalue(), pages
