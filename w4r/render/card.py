"""Lay out a composed Card as a folded card or a sheet of postcards, and return PDF bytes.

Folded formats (``a5``, ``half-letter``): one landscape sheet, two pages, folded
once down the middle.  Page 1 is the outside (back panel left, front panel
right), page 2 the inside (left panel blank for a drawing, message panel
right).  Printed on both sides with "flip on short edge", as booklets are, the
message lies behind the back panel and opens on the right.

Postcard formats (``a6-4up``, ``a2-4up``): four cards on a portrait sheet, fronts
on page 1 and message sides on page 2, placed by ``render.imposition`` for
long-edge duplex, with cut marks.

The message never gets cut off: ``fit_message`` shrinks it down to
CARD_MESSAGE_MIN_SIZE and beyond that raises an InputError that says how many
characters the panel takes.
"""

from __future__ import annotations

import io
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable, Literal, Sequence

from reportlab.lib.colors import Color, toColor
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from w4r.compose.card import Card
from w4r.errors import InputError
from w4r.render import formats
from w4r.render import geometry as g
from w4r.render.designs import Design, draw_design
from w4r.typeset import fit
from w4r.typeset.fonts import BOLD, book
from w4r.typeset.canvas import canvas_kwargs, set_metadata
from w4r.render.imposition import LAYOUTS, SheetLayout, draw_side, positions
from w4r.typeset.line import draw_line
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
        raise InputError(f"--format {name!r} is not a card format; choose one of {', '.join(CARD_FORMATS)}")
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


def _align_to(text: str, side: str) -> int:
    """The style alignment that sets ``text`` against the ``side`` (left or right) of its box.

    A right-to-left paragraph reads TA_LEFT as "at the start", which is the
    right edge (w4r's Paragraph mirrors it), so an Arabic message set TA_LEFT
    is right-aligned, as it must be.
    """
    at_start = (side == "right") == _rtl(text)
    return TA_LEFT if at_start else TA_RIGHT


def _style(size: float, *, align: int = TA_LEFT, colour: str = INK, bold: bool = False, leading: float | None = None) -> ParagraphStyle:
    return ParagraphStyle(
        "card",
        fontName=book().font_name("sans", BOLD if bold else 400),
        fontSize=size,
        leading=leading or size * g.CARD_LEADING_RATIO,
        alignment=align,
        textColor=_colour(colour),
    )


@lru_cache(maxsize=32)
def _colour(hex_code: str) -> Color:
    # Parsed once: ReportLab would parse a colour given as text every time a paragraph is drawn.
    return toColor(hex_code)


def _para(text: str, size: float, *, align: int = TA_LEFT, colour: str = INK, bold: bool = False) -> Paragraph:
    # Greetings and messages may be Arabic or Hebrew: the paragraph takes its
    # direction from its own text.
    return Paragraph(markup(text, bold=bold), _style(size, align=align, colour=colour, bold=bold), direction="auto")


def _height(paras: Sequence[Paragraph], width: float, gap: float = 0.0) -> float:
    return sum(p.wrap(width, 1e6)[1] for p in paras) + gap * max(0, len(paras) - 1)


def _draw_stack(c, paras: Sequence[Paragraph], x: float, top: float, width: float, gap: float = 0.0) -> float:
    """Draw paragraphs top-down from ``top`` (ReportLab y); return the y below the last one."""
    y = top
    for p in paras:
        _, h = p.wrap(width, 1e6)
        p.drawOn(c, x, y - h)
        y -= h + gap
    return y + gap


def _fit_line(text: str, size: float, width: float, floor: float, *, bold: bool = False) -> float:
    """The largest size up to ``size`` at which one line of ``text`` fits ``width`` (not below ``floor``)."""
    return fit.line_size(text, size, width, floor, 0.5, bold=bold)


# --- The message panel -----------------------------------------------------------


@dataclass(frozen=True)
class MessageFit:
    size: float
    greetings: tuple[Paragraph, ...]
    body: tuple[Paragraph, ...]
    signature: Paragraph | None


def _greeting_paras(card: Card, size: float, colour: str) -> tuple[Paragraph, ...]:
    return tuple(_para(gr.text, size, align=TA_CENTER, colour=colour) for gr in card.greetings)


def _body_paras(paragraphs: Sequence[str], size: float) -> tuple[Paragraph, ...]:
    # Each paragraph from its own start: left for English, right for Arabic.
    return tuple(_para(p, size, align=TA_LEFT) for p in paragraphs)


def _signature_para(card: Card, size: float) -> Paragraph | None:
    if not card.signature:
        return None
    return _para(card.signature, size, align=_align_to(card.signature, "right"))


def _divider_height(t: CardType) -> float:
    return t.greeting * 1.6


def _signature_height(card: Card, size: float, width: float, t: CardType) -> float:
    sig = _signature_para(card, size)
    if sig is None:
        return t.rule_gap + 9  # a ruled line and its small label
    return size * 1.2 + sig.wrap(width, 1e6)[1]


def _used_height(fit: MessageFit, card: Card, width: float, t: CardType) -> float:
    used = _height(fit.greetings, width, t.greeting * 0.3) + (_divider_height(t) if fit.greetings else 0)
    return used + _height(fit.body, width, fit.size * 0.6) + _signature_height(card, fit.size, width, t)


def _fits(card: Card, paragraphs: Sequence[str], size: float, width: float, height: float, t: CardType, colour: str) -> MessageFit | None:
    fit = MessageFit(size, _greeting_paras(card, t.greeting, colour), _body_paras(paragraphs, size), _signature_para(card, size))
    return fit if _used_height(fit, card, width, t) <= height + 0.01 else None


def _prefix_paragraphs(text: str, count: int) -> tuple[str, ...]:
    return tuple(p for p in text[:count].split("\n\n") if p.strip())


def characters_that_fit(card: Card, width: float, height: float, t: CardType) -> int:
    """How many characters of this card's message fit the panel at the smallest size."""
    text = card.message_text
    # A generous upper bound keeps the search short for a pasted essay.
    bound = min(len(text), int(width * height / (t.message_min * t.message_min * 0.25)) + 1)
    lo, hi = 0, bound
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if _fits(card, _prefix_paragraphs(text, mid), t.message_min, width, height, t, INK):
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


def fit_message(card: Card, fmt: CardFormat, *, colour: str = WARM, labelled: bool = False) -> MessageFit:
    """The largest message size that fits the panel; an InputError that says how much fits, if none does.

    ``labelled``: the card carries a batch's sorting label (on a postcard it takes room from the message).
    """
    t = fmt.type
    box = message_box(fmt, labelled)
    found = fit.first_fit(lambda size: _fits(card, card.message, size, box.width, box.height, t, colour) or None, t.message_max, t.message_min, 0.5)
    if found is not None:
        return found
    fit_here = characters_that_fit(card, box.width, box.height, t)
    hint = ""
    if fmt.kind == "4up":
        roomy = CARD_FORMATS["a5" if fmt.name == "a6-4up" else "half-letter"]
        big = message_box(roomy)
        hint = f", or choose --format {roomy.name}, which takes about {characters_that_fit(card, big.width, big.height, roomy.type)}"
    raise InputError(
        f"the card message is {len(card.message_text)} characters long and does not fit the {fmt.name} message panel "
        f"even at {t.message_min:g} pt: at most {fit_here} characters fit; shorten it{hint}"
    )


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


def _message_face(card: Card, fmt: CardFormat, fit: MessageFit, colour: str, label: str | None = None):
    """The message side; on a postcard ``label`` (a batch's group) goes small at its foot, for sorting."""
    t = fmt.type
    label = label if fmt.kind == "4up" else None  # a folded card carries it on its back

    def face(c, width: float, height: float) -> None:
        box = message_box(fmt, labelled=bool(label))
        if label:
            _postcard_label(c, label, width, t)
        x, w = box.x, box.width
        top, bottom = height - box.y, height - box.bottom
        y = top
        if fit.body:
            # A short message sits a little above the middle of the panel, not stuck to its top.
            free = box.height - _used_height(fit, card, w, t)
            y -= free * MESSAGE_DROP
        if fit.greetings:
            y = _draw_stack(c, fit.greetings, x, y, w, t.greeting * 0.3)
            _draw_divider(c, x + w / 2, y - _divider_height(t) / 2, colour)
            y -= _divider_height(t)
        if fit.body:
            y = _draw_stack(c, fit.body, x, y, w, fit.size * 0.6)
            if fit.signature is not None:
                y -= fit.size * 1.2
                _draw_stack(c, [fit.signature], x, y, w)
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
        draw_line(c, x + w, sig_line - 7.5, card.signature_hint, 7, align="right")
        c.restoreState()

    return face


def _postcard_label(c, label: str, width: float, t: CardType) -> None:
    # Centred in the strip below the message box, its descenders still inside the inset.
    _sorting_label(c, label, width, t.inset, t.inset + 1.2 * mm, POSTCARD_LABEL_SIZE)


def _sorting_label(c, label: str, width: float, inset: float, baseline: float, size: float) -> None:
    """A batch's group, small and grey, centred at ``baseline``: smaller if long, then cut short."""
    c.saveState()
    c.setFillColor(SOFT)
    room = width - 2 * inset
    size = _fit_line(label, size, room, LABEL_MIN_SIZE)
    draw_line(c, width / 2, baseline, fit.ellipsized(label, size, room), size, align="centre")
    c.restoreState()


# --- The front -------------------------------------------------------------------


def accent(outline: bool) -> str:
    """The colour of greetings and the front wording: warm brown, or black on an outline card for colouring in."""
    return "#000000" if outline else WARM


def _front_face(card: Card, fmt: CardFormat, design: Design, outline: bool):
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
        name_size = _fit_line(card.first_name, t.name, inner_w, t.name * 0.5, bold=True)
        greeting = _front_greeting(card, t, inner_w, colour)
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
            draw_line(c, cx, y, card.front_wording, wording_size, align="centre")
        y -= name_size * 1.15
        c.setFillColor("#000000" if outline else INK)
        draw_line(c, cx, y, card.first_name, name_size, bold=True, align="centre")
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


def _front_greeting(card: Card, t: CardType, width: float, colour: str) -> tuple[Paragraph, float] | None:
    greeting = card.front_greeting
    if greeting is None:
        return None
    def laid_out(size: float) -> tuple[Paragraph, float]:
        para = _para(greeting.text, size, align=TA_CENTER, colour=colour)
        return para, para.wrap(width, 1e6)[1]

    def two_lines(size: float) -> tuple[Paragraph, float] | None:
        para, h = laid_out(size)
        return (para, h) if h <= size * g.CARD_LEADING_RATIO * 2 + 0.01 else None

    # Two lines at most; at the message's smallest size it is printed as it comes.
    floor = g.CARD_MESSAGE_MIN_SIZE
    return fit.first_fit(two_lines, t.front_greeting, floor, 0.5) or laid_out(floor)


def _back_face(design: Design, outline: bool, label: str | None = None):
    """The back of a folded card: a small copy of the picture, and a batch's sorting label (class, table) under it."""

    def face(c, width: float, height: float) -> None:
        side = 24 * mm
        draw_design(c, design, (width - side) / 2, FOLDED_TYPE.inset + 8 * mm, side, side, outline=outline, radius=2.5 * mm)
        if label:
            _sorting_label(c, label, width, FOLDED_TYPE.inset, FOLDED_TYPE.inset + 2 * mm, LABEL_SIZE)

    return face


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
) -> None:
    """One folded card onto ``c`` as two pages: the outside (back and front panels), then the inside.

    ``label`` (a batch's group: class or table) prints small on the back, for sorting; ``fit``, the
    message already fitted (copies of one card), else it is fitted here.
    """
    colour = accent(outline)
    fit = fit or fit_message(card, form, colour=colour)
    pw, ph = form.panel
    _draw_panel(c, _back_face(design, outline, label), 0, pw, ph)
    _draw_panel(c, _front_face(card, form, design, outline), pw, pw, ph)
    c.showPage()
    _draw_panel(c, _message_face(card, form, fit, colour), pw, pw, ph)
    _fold_marks(c, form)
    c.showPage()


def draw_postcard_sheet(
    c, cards: Sequence[Card | None], form: CardFormat, *, designs: Sequence[Design], outline: bool = False,
    labels: Sequence[str | None] | None = None, fit: MessageFit | None = None,
) -> None:
    """Up to four postcards onto ``c`` as two pages: the fronts, then the message sides behind them.

    ``fit``: one message already fitted, for a sheet of copies of one unlabelled card.
    """
    if form.layout is None:
        raise InputError(f"--format {form.name} is a folded card, not a postcard sheet")
    colour = accent(outline)
    if len(designs) != len(cards):
        raise ValueError(f"{len(designs)} designs for {len(cards)} cards")
    labels = list(labels) if labels is not None else [None] * len(cards)
    if len(labels) != len(cards):
        raise ValueError(f"{len(labels)} labels for {len(cards)} cards")
    fronts = [None if card is None else _front_face(card, form, d, outline) for card, d in zip(cards, designs)]
    backs = [
        None if card is None else _message_face(card, form, fit or fit_message(card, form, colour=colour, labelled=bool(label)), colour, label)
        for card, label in zip(cards, labels)
    ]
    draw_side(c, form.layout, positions(fronts, form.layout, "front"))
    c.showPage()
    draw_side(c, form.layout, positions(backs, form.layout, "back"))
    c.showPage()


def _canvas(form: CardFormat, title: str) -> tuple[io.BytesIO, Canvas]:
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=form.sheet, **canvas_kwargs())
    set_metadata(c, title)
    return buf, c


def render_card(card: Card, fmt: str = "a5", *, design: Design, outline: bool = False, label: str | None = None) -> bytes:
    """One card as PDF bytes: a folded card, or a postcard sheet with the card four times.

    ``label`` (a batch's group: class or table) prints small on the card, for sorting.
    """
    form = card_format(fmt)
    if form.kind == "4up":
        capacity = form.layout.capacity
        return render_postcards([card] * capacity, fmt, design=design, outline=outline, labels=[label] * capacity)
    buf, c = _canvas(form, f"Card for {card.first_name}")
    draw_card(c, card, form, design=design, outline=outline, label=label)
    c.save()
    return buf.getvalue()


def render_postcards(
    cards: Sequence[Card | None], fmt: str, *, design: Design | Sequence[Design], outline: bool = False,
    labels: Sequence[str | None] | None = None,
) -> bytes:
    """Up to four postcards (different ones, or None for a blank slot) on one sheet, fronts then backs.

    ``design`` is one design for the whole sheet, or one per card (same order as ``cards``);
    ``labels`` a sorting label (a batch's group) per card, printed small at the foot of its message side.
    """
    form = card_format(fmt)
    designs = [design] * len(cards) if isinstance(design, Design) else list(design)
    names = ", ".join(dict.fromkeys(card.first_name for card in cards if card))
    buf, c = _canvas(form, f"Cards for {names}")
    draw_postcard_sheet(c, cards, form, designs=designs, outline=outline, labels=labels)
    c.save()
    return buf.getvalue()


def render_card_run(
    cards: Sequence[Card], fmt: str, *, design: Design, outline: bool = False, labels: Sequence[str | None] | None = None,
    tick: Callable[[int], None] | None = None,
) -> tuple[bytes, int]:
    """Many cards in one PDF (a batch): folded cards one after the other, or postcards four to a sheet.

    One document for the lot, so fonts are embedded once and each front design
    is drawn once and placed as a form.  Returns the PDF and its page count;
    ``tick(n)`` is told as each card (or sheet of cards) is done.
    """
    form = card_format(fmt)
    labels = list(labels) if labels is not None else [None] * len(cards)
    buf, c = _canvas(form, "Solidarity cards")
    pages = 0
    if form.kind == "4up":
        per = form.layout.capacity
        for i in range(0, len(cards), per):
            chunk = cards[i : i + per]
            draw_postcard_sheet(c, chunk, form, designs=[design] * len(chunk), outline=outline, labels=labels[i : i + per])
            pages += 2
            if tick:
                tick(len(chunk))
    else:
        for card, label in zip(cards, labels):
            draw_card(c, card, form, design=design, outline=outline, label=label)
            pages += 2
            if tick:
                tick(1)
    c.save()
    return buf.getvalue(), pages
