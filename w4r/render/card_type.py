"""How a card's text is set: type sizes per size of card, the card formats as drawn, and paragraph helpers.

The paper of each card format comes from ``render.formats`` (``CARD_SIZES``);
here it gets its type sizes and, for postcards, the imposition it is printed with.
The helpers set a card's paragraphs (greetings, messages, signatures) in the
card's one face, each taking its direction from its own text.
"""

from __future__ import annotations

from w4r import caches

import unicodedata
from dataclasses import dataclass
from typing import Literal, Sequence

from reportlab.lib.colors import Color, toColor
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm

from w4r.errors import InputError
from w4r.render import formats
from w4r.render import geometry as g
from w4r.render.imposition import LAYOUTS, SheetLayout
from w4r.typeset import fit
from w4r.typeset.fonts import BOLD, FontBook
from w4r.typeset.markup import markup
from w4r.typeset.paragraphs import Paragraph


INK = "#262626"
WARM = "#7A4424"  # greetings and the front wording, a warm brown that prints well in grey too
SOFT = "#8C8C8C"  # hints under ruled lines
RULE_GREY = 0.62
MESSAGE_DROP = 0.4  # a short message starts this share of the free space down: a little above the middle


@dataclass(frozen=True)
class CardType:
    """Type sizes (points) and proportions for one size of card."""

    inset: float  # nothing printed closer than this to a panel or card edge
    wording: float  # "Thinking of you" on the front
    name: float  # the person's first name on the front
    front_greeting: float
    greeting: float  # greetings at the top of the message panel
    message_max: float
    art_share: float  # part of the front's height the picture takes
    rule_gap: float  # spacing of ruled lines to write on by hand
    message_min: float = g.CARD_MESSAGE_MIN_SIZE


FOLDED_TYPE = CardType(
    inset=g.CARD_EDGE_INSET, wording=16, name=40, front_greeting=17, greeting=15,
    message_max=g.CARD_MESSAGE_SIZE, art_share=0.66, rule_gap=9 * mm,
)
POSTCARD_TYPE = CardType(
    inset=g.POSTCARD_INSET, wording=9.5, name=22, front_greeting=10.5, greeting=11,
    message_max=11.5, art_share=0.62, rule_gap=7.5 * mm,
)


@dataclass(frozen=True)
class CardFormat:
    name: str
    kind: Literal["folded", "4up"]
    sheet: tuple[float, float]
    panel: tuple[float, float]  # one panel of a folded card, or one postcard
    type: CardType
    layout: SheetLayout | None
    how_to_print: str


def _card_format(name: str) -> CardFormat:
    size = formats.CARD_SIZES[name]
    layout = LAYOUTS.get(name)
    card_type = POSTCARD_TYPE if size.kind == "4up" else FOLDED_TYPE
    return CardFormat(name, size.kind, size.sheet, size.panel, card_type, layout, size.how_to_print)  # type: ignore[arg-type]


# Folded cards first: the order in which messages name the choices.
CARD_FORMATS: dict[str, CardFormat] = {name: _card_format(name) for name in ("a5", "half-letter", "a6-4up", "a2-4up")}


LABEL_SIZE = 7  # a sorting label, small and grey: for the teacher, not the reader
LABEL_MIN_SIZE = 5
# On a postcard the label takes a strip at the foot of the message side, inside
# the inset (so it stays clear of the cut and the unprinted band); the message
# is fitted to the box above it.
POSTCARD_LABEL_STRIP = 4 * mm
POSTCARD_LABEL_SIZE = 6.5


def card_format(name: str) -> CardFormat:
    fmt = CARD_FORMATS.get(name)
    if fmt is None:
        raise InputError(f"{name!r} is not a card format; choose one of {', '.join(CARD_FORMATS)}", code="bad-card-format", field="format",
                         params={"format": name, "allowed": tuple(CARD_FORMATS)})
    return fmt


# --- Text helpers --------------------------------------------------------------


def _rtl(text: str) -> bool:
    """Whether the paragraph's first strong character is right-to-left (its base direction)."""
    for ch in text:
        bidi = unicodedata.bidirectional(ch)
        if bidi in ("R", "AL"):
            return True
        if bidi == "L":
            return False
    return False


def align_to(text: str, side: str) -> int:
    """The style alignment that sets ``text`` against the ``side`` (left or right) of its box.

    A right-to-left paragraph reads TA_LEFT as "at the start", which is the
    right edge (w4r's Paragraph mirrors it), so an Arabic message set TA_LEFT
    is right-aligned, as it must be.
    """
    at_start = (side == "right") == _rtl(text)
    return TA_LEFT if at_start else TA_RIGHT


def _style(size: float, *, align: int = TA_LEFT, colour: str = INK, bold: bool = False, leading: float | None = None, fb: FontBook) -> ParagraphStyle:
    return ParagraphStyle(
        "card",
        fontName=fb.font_name("sans", BOLD if bold else 400),
        fontSize=size,
        leading=leading or size * g.CARD_LEADING_RATIO,
        alignment=align,
        textColor=_colour(colour),
    )


@caches.cached("render.card_type._colour", maxsize=32)
def _colour(hex_code: str) -> Color:
    # Parsed once: ReportLab would parse a colour given as text every time a paragraph is drawn.
    return toColor(hex_code)


def card_para(text: str, size: float, *, align: int = TA_LEFT, colour: str = INK, bold: bool = False, fb: FontBook) -> Paragraph:
    # Greetings and messages may be Arabic or Hebrew: the paragraph takes its
    # direction from its own text.
    return Paragraph(markup(text, bold=bold, fb=fb), _style(size, align=align, colour=colour, bold=bold, fb=fb), direction="auto", fb=fb)


def stack_height(paras: Sequence[Paragraph], width: float, gap: float = 0.0) -> float:
    return sum(p.wrap(width, 1e6)[1] for p in paras) + gap * max(0, len(paras) - 1)


def draw_stack(c, paras: Sequence[Paragraph], x: float, top: float, width: float, gap: float = 0.0) -> float:
    """Draw paragraphs top-down from ``top`` (ReportLab y); return the y below the last one."""
    y = top
    for p in paras:
        _, h = p.wrap(width, 1e6)
        p.drawOn(c, x, y - h)
        y -= h + gap
    return y + gap


def fit_line(text: str, size: float, width: float, floor: float, *, bold: bool = False, fb: FontBook) -> float:
    """The largest size up to ``size`` at which one line of ``text`` fits ``width`` (not below ``floor``)."""
    return fit.line_size(text, size, width, floor, 0.5, bold=bold, fb=fb)
