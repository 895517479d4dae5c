"""The card's message panel: the largest type size at which greetings, message and signature fit.

The message never gets cut off: ``fit_message`` shrinks it down to
CARD_MESSAGE_MIN_SIZE and beyond that raises an InputError that says how many
characters the panel takes (``characters_that_fit``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from reportlab.lib.enums import TA_CENTER, TA_LEFT

from w4r.compose.card import Card
from w4r.errors import InputError
from w4r.render import geometry as g
from w4r.render.card_type import (
    CARD_FORMATS,
    INK,
    POSTCARD_LABEL_STRIP,
    WARM,
    CardFormat,
    CardType,
    align_to,
    card_para,
    stack_height,
)
from w4r.typeset import fit
from w4r.typeset.fonts import FontBook
from w4r.typeset.paragraphs import Paragraph


@dataclass(frozen=True)
class MessageFit:
    size: float
    greetings: tuple[Paragraph, ...]
    body: tuple[Paragraph, ...]
    signature: Paragraph | None


def _greeting_paras(card: Card, size: float, colour: str, fb: FontBook) -> tuple[Paragraph, ...]:
    return tuple(card_para(gr.text, size, align=TA_CENTER, colour=colour, fb=fb) for gr in card.greetings)


def _body_paras(paragraphs: Sequence[str], size: float, fb: FontBook) -> tuple[Paragraph, ...]:
    # Each paragraph from its own start: left for English, right for Arabic.
    return tuple(card_para(p, size, align=TA_LEFT, fb=fb) for p in paragraphs)


def _signature_para(card: Card, size: float, fb: FontBook) -> Paragraph | None:
    if not card.signature:
        return None
    return card_para(card.signature, size, align=align_to(card.signature, "right"), fb=fb)


def divider_height(t: CardType) -> float:
    return t.greeting * 1.6


def _signature_height(card: Card, size: float, width: float, t: CardType, fb: FontBook) -> float:
    sig = _signature_para(card, size, fb)
    if sig is None:
        return t.rule_gap + 9  # a ruled line and its small label
    return size * 1.2 + sig.wrap(width, 1e6)[1]


def used_height(fit: MessageFit, card: Card, width: float, t: CardType, fb: FontBook) -> float:
    used = stack_height(fit.greetings, width, t.greeting * 0.3) + (divider_height(t) if fit.greetings else 0)
    return used + stack_height(fit.body, width, fit.size * 0.6) + _signature_height(card, fit.size, width, t, fb)


def _fits(card: Card, paragraphs: Sequence[str], size: float, width: float, height: float, t: CardType, colour: str,
          fb: FontBook) -> MessageFit | None:
    fit = MessageFit(size, _greeting_paras(card, t.greeting, colour, fb), _body_paras(paragraphs, size, fb), _signature_para(card, size, fb))
    return fit if used_height(fit, card, width, t, fb) <= height + 0.01 else None


def _prefix_paragraphs(text: str, count: int) -> tuple[str, ...]:
    return tuple(p for p in text[:count].split("\n\n") if p.strip())


def characters_that_fit(card: Card, width: float, height: float, t: CardType, fb: FontBook) -> int:
    """How many characters of this card's message fit the panel at the smallest size."""
    text = card.message_text
    # A generous upper bound keeps the search short for a pasted essay.
    bound = min(len(text), int(width * height / (t.message_min * t.message_min * 0.25)) + 1)
    lo, hi = 0, bound
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if _fits(card, _prefix_paragraphs(text, mid), t.message_min, width, height, t, INK, fb):
            lo = mid
        else:
            hi = mid - 1
    return lo


def message_box(fmt: CardFormat, labelled: bool = False) -> g.Box:
    """Where the message panel's text goes, from the panel's (or postcard's) top-left corner.

    ``labelled``: a postcard that carries a sorting label keeps a strip at its foot for it.
    """
    t = fmt.type
    w, h = fmt.panel
    strip = POSTCARD_LABEL_STRIP if labelled and fmt.kind == "4up" else 0.0
    return g.Box(t.inset, t.inset, w - 2 * t.inset, h - 2 * t.inset - strip)


def fit_message(card: Card, fmt: CardFormat, *, colour: str = WARM, labelled: bool = False, fb: FontBook) -> MessageFit:
    """The largest message size that fits the panel; an InputError that says how much fits, if none does.

    ``labelled``: the card carries a batch's sorting label (on a postcard it takes room from the message).
    """
    t = fmt.type
    box = message_box(fmt, labelled)
    found = fit.first_fit(lambda size: _fits(card, card.message, size, box.width, box.height, t, colour, fb) or None, t.message_max, t.message_min, 0.5)
    if found is not None:
        return found
    fit_here = characters_that_fit(card, box.width, box.height, t, fb)
    hint, roomier = "", None
    if fmt.kind == "4up":
        roomy = CARD_FORMATS["a5" if fmt.name == "a6-4up" else "half-letter"]
        big = message_box(roomy)
        roomier = {"format": roomy.name, "fits": characters_that_fit(card, big.width, big.height, roomy.type, fb)}
        hint = f", or choose the card format {roomy.name}, which takes about {roomier['fits']}"
    problem = (f"the card message is {len(card.message_text)} characters long and does not fit the {fmt.name} message panel "
               f"even at {t.message_min:g} pt: at most {fit_here} characters fit; shorten it")
    raise InputError(problem + hint, code="message-does-not-fit", field="message", hint="roomier_format" if roomier else None,
                     params={"problem": problem, **(roomier or {})})
