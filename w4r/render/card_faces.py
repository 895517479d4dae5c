"""The faces of a card, each a function that draws into a panel: the front, the back and the message side.

A face is ``face(canvas, width, height)`` drawn from the panel's bottom-left
corner; ``render.card`` places faces on folded sheets and postcard sheets.
"""

from __future__ import annotations

from reportlab.lib.enums import TA_CENTER
from reportlab.lib.units import mm

from w4r.compose.card import Card
from w4r.errors import InputError
from w4r.render import geometry as g
from w4r.render.card_message import MessageFit, divider_height, message_box, used_height
from w4r.render.card_type import (
    FOLDED_TYPE,
    INK,
    LABEL_MIN_SIZE,
    LABEL_SIZE,
    MESSAGE_DROP,
    POSTCARD_LABEL_SIZE,
    RULE_GREY,
    SOFT,
    WARM,
    CardFormat,
    CardType,
    draw_stack,
    fit_line,
    card_para,
)
from w4r.render.designs import Design, draw_design
from w4r.typeset import fit
from w4r.typeset.fonts import FontBook
from w4r.typeset.line import draw_line
from w4r.typeset.paragraphs import Paragraph


def _ruled_lines(c, x: float, top: float, bottom: float, width: float, gap: float) -> None:
    c.saveState()
    c.setLineWidth(0.4)
    c.setStrokeGray(RULE_GREY)
    y = top - gap
    while y >= bottom:
        c.line(x, y, x + width, y)
        y -= gap
    c.restoreState()


def _draw_divider(c, centre_x: float, y: float, colour: str) -> None:
    c.saveState()
    c.setFillColor(colour)
    for dx in (-6, 0, 6):
        c.circle(centre_x + dx, y, 1.1, stroke=0, fill=1)
    c.restoreState()


def message_face(card: Card, fmt: CardFormat, fit: MessageFit, colour: str, label: str | None = None, *, fb: FontBook):
    """The message side; on a postcard ``label`` (a batch's group) goes small at its foot, for sorting."""
    t = fmt.type
    label = label if fmt.kind == "4up" else None  # a folded card carries it on its back

    def face(c, width: float, height: float) -> None:
        box = message_box(fmt, labelled=bool(label))
        if label:
            _postcard_label(c, label, width, t, fb)
        x, w = box.x, box.width
        top, bottom = height - box.y, height - box.bottom
        y = top
        if fit.body:
            # A short message sits a little above the middle of the panel, not stuck to its top.
            free = box.height - used_height(fit, card, w, t, fb)
            y -= free * MESSAGE_DROP
        if fit.greetings:
            y = draw_stack(c, fit.greetings, x, y, w, t.greeting * 0.3)
            _draw_divider(c, x + w / 2, y - divider_height(t) / 2, colour)
            y -= divider_height(t)
        if fit.body:
            y = draw_stack(c, fit.body, x, y, w, fit.size * 0.6)
            if fit.signature is not None:
                y -= fit.size * 1.2
                draw_stack(c, [fit.signature], x, y, w)
                return
            sig_line = y - t.rule_gap
        else:
            sig_line = bottom + 9
            if fit.signature is None:
                _ruled_lines(c, x, y, sig_line + t.rule_gap * 0.8, w, t.rule_gap)
            else:
                _ruled_lines(c, x, y, bottom + fit.size * 1.2 + t.rule_gap * 0.8, w, t.rule_gap)
                fit.signature.wrap(w, 1e6)
                fit.signature.drawOn(c, x, bottom)
                return
        # No sender name: a line to sign on, labelled with what the case allows.
        c.saveState()
        c.setLineWidth(0.4)
        c.setStrokeGray(RULE_GREY)
        c.line(x + w * 0.45, sig_line, x + w, sig_line)
        c.setFillColor(SOFT)
        draw_line(c, x + w, sig_line - 7.5, card.signature_hint, 7, align="right", fb=fb)
        c.restoreState()

    return face


def _postcard_label(c, label: str, width: float, t: CardType, fb: FontBook) -> None:
    # Centred in the strip below the message box, its descenders still inside the inset.
    _sorting_label(c, label, width, t.inset, t.inset + 1.2 * mm, POSTCARD_LABEL_SIZE, fb)


def _sorting_label(c, label: str, width: float, inset: float, baseline: float, size: float, fb: FontBook) -> None:
    """A batch's group, small and grey, centred at ``baseline``: smaller if long, then cut short."""
    c.saveState()
    c.setFillColor(SOFT)
    room = width - 2 * inset
    size = fit_line(label, size, room, LABEL_MIN_SIZE, fb=fb)
    draw_line(c, width / 2, baseline, fit.ellipsized(label, size, room, fb=fb), size, align="centre", fb=fb)
    c.restoreState()


# --- The front -------------------------------------------------------------------


def accent(outline: bool) -> str:
    """The colour of greetings and the front wording: warm brown, or black on an outline card for colouring in."""
    return "#000000" if outline else WARM


def front_face(card: Card, fmt: CardFormat, design: Design, outline: bool, *, fb: FontBook):
    t = fmt.type
    colour = accent(outline)

    def face(c, width: float, height: float) -> None:
        inner_w = width - 2 * t.inset
        inner_h = height - 2 * t.inset
        art_h = inner_h * t.art_share
        art_bottom = height - t.inset - art_h
        draw_design(c, design, t.inset, art_bottom, inner_w, art_h, outline=outline, radius=3 * mm)
        # Wording, name and greeting share the space under the picture, centred in it.
        wording_size = t.wording if card.front_wording else 0
        name_size = fit_line(card.first_name, t.name, inner_w, t.name * 0.5, bold=True, fb=fb)
        greeting = _front_greeting(card, t, inner_w, colour, fb)
        block = wording_size * 1.5 + name_size * 1.15 + (greeting[1] + _greeting_gap(name_size, t) if greeting else 0)
        room = art_bottom - t.inset
        if block > room:
            raise InputError(
                f"case {card.case_id}: the first greeting is too long for the front of a {fmt.name} card; "
                f"shorten solidarity.greetings[0] in the case file"
            )
        y = art_bottom - (room - block) / 2
        cx = width / 2
        c.saveState()
        c.setFillColor(colour)
        if card.front_wording:
            y -= wording_size * 1.2
            draw_line(c, cx, y, card.front_wording, wording_size, align="centre", fb=fb)
        y -= name_size * 1.15
        c.setFillColor("#000000" if outline else INK)
        draw_line(c, cx, y, card.first_name, name_size, bold=True, align="centre", fb=fb)
        c.restoreState()
        if greeting:
            para, h = greeting
            y -= _greeting_gap(name_size, t)
            para.drawOn(c, t.inset, y - h)

    return face


NAME_DESCENT = 0.24  # how far a name's descenders (g, y, p) reach below its baseline, in em (Noto Sans)


def _greeting_gap(name_size: float, t: CardType) -> float:
    """Space from the name's baseline to the greeting's first line box.

    Below the name's descenders, plus a little: a Chinese or Japanese greeting's
    ideographs fill their line box to the top, so a gap measured from the
    baseline alone let them touch the g of "Hang-tung".
    """
    return name_size * NAME_DESCENT + t.front_greeting * 0.25


def _front_greeting(card: Card, t: CardType, width: float, colour: str, fb: FontBook) -> tuple[Paragraph, float] | None:
    greeting = card.front_greeting
    if greeting is None:
        return None
    def laid_out(size: float) -> tuple[Paragraph, float]:
        para = card_para(greeting.text, size, align=TA_CENTER, colour=colour, fb=fb)
        return para, para.wrap(width, 1e6)[1]

    def two_lines(size: float) -> tuple[Paragraph, float] | None:
        para, h = laid_out(size)
        return (para, h) if h <= size * g.CARD_LEADING_RATIO * 2 + 0.01 else None

    # Two lines at most; at the message's smallest size it is printed as it comes.
    floor = g.CARD_MESSAGE_MIN_SIZE
    return fit.first_fit(two_lines, t.front_greeting, floor, 0.5) or laid_out(floor)


def back_face(design: Design, outline: bool, label: str | None = None, *, fb: FontBook):
    """The back of a folded card: a small copy of the picture, and a batch's sorting label (class, table) under it."""

    def face(c, width: float, height: float) -> None:
        side = 24 * mm
        draw_design(c, design, (width - side) / 2, FOLDED_TYPE.inset + 8 * mm, side, side, outline=outline, radius=2.5 * mm)
        if label:
            _sorting_label(c, label, width, FOLDED_TYPE.inset, FOLDED_TYPE.inset + 2 * mm, LABEL_SIZE, fb)

    return face
