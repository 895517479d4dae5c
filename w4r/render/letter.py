"""Lay out a composed Letter on A4 (DIN 5008 Form B) or US Letter (#10 window) and return PDF bytes.

Page one carries the fixed parts (sender, return line, recipient in the window
field, date, fold and punch marks) drawn on the canvas; the text flows through
platypus frames, so a long personal message continues on page two with a page
number instead of overlapping anything.
"""

from __future__ import annotations

import io
import unicodedata
from functools import lru_cache
from typing import Callable

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import BaseDocTemplate, Frame, KeepTogether, PageTemplate, Spacer

from w4r.compose.letter import Letter, LetterText
from w4r.compose.sender import RETURN_SEPARATOR
from w4r.errors import InputError
from w4r.memo import IdentityMemo
from w4r.typeset import bidi
from w4r.render import geometry as g
from w4r.typeset.fonts import book
from w4r.typeset.canvas import CountingCanvas, canvas_kwargs
from w4r.typeset.plainpara import plain_paragraph
from w4r.richtext import Span
from w4r.typeset.paragraphs import Paragraph, directed, draw_line, markup, string_width

SENDER_SIZE = 9.5
INFO_SIZE = 10
RULE_GAP = 7 * mm  # spacing of the ruled lines left for a handwritten sender


def letter_styles() -> dict[str, ParagraphStyle]:
    base = book().font_name("sans")
    body = ParagraphStyle("body", fontName=base, fontSize=g.BODY_SIZE, leading=g.BODY_LEADING, spaceAfter=g.BODY_LEADING * 0.6)
    return {
        "body": body,
        "subject": ParagraphStyle("subject", parent=body, spaceAfter=g.BODY_LEADING),
        "salutation": ParagraphStyle("salutation", parent=body, spaceAfter=g.BODY_LEADING * 0.6),
        "heading": ParagraphStyle("heading", parent=body, spaceBefore=g.BODY_LEADING, spaceAfter=g.BODY_LEADING * 0.6),
    }


def fit_size(lines: tuple[str, ...] | list[str], box: g.Box, size: float, minimum: float, what: str) -> tuple[float, float]:
    """The largest type size (and leading) at which ``lines`` fit ``box``; an InputError below ``minimum``."""
    inset = 0.0
    while size >= minimum - 1e-9:
        leading = size * 1.2
        widest = max((string_width(line, size) for line in lines), default=0)
        if len(lines) * leading <= box.height + 0.01 and widest <= box.width - inset:
            return size, leading
        size -= 0.25
    longest = max(lines, key=len)
    raise InputError(
        f"the {what} does not fit its field even at {minimum:g} pt "
        f"({len(lines)} lines; longest: {longest!r}); shorten it"
    )


def _draw_marks(c, geo: g.LetterGeometry) -> None:
    height = geo.page[1]
    c.saveState()
    c.setLineWidth(0.4)
    c.setStrokeGray(0.35)
    for y in geo.fold_marks:
        yy = g.from_top(height, y)
        c.line(g.FOLD_MARK_X[0], yy, g.FOLD_MARK_X[1], yy)
    if geo.punch_mark is not None:
        yy = g.from_top(height, geo.punch_mark)
        c.line(g.PUNCH_MARK_X[0], yy, g.PUNCH_MARK_X[1], yy)
    c.restoreState()


def _draw_rules(c, x: float, y_top: float, width: float, count: int, label: str) -> None:
    c.saveState()
    c.setLineWidth(0.3)
    c.setStrokeGray(0.55)
    c.setFillGray(0.45)
    draw_line(c, x, y_top, label, 6.5)
    for i in range(1, count + 1):
        y = y_top - i * RULE_GAP
        c.line(x, y, x + width, y)
    c.restoreState()


def _fit_recipient(letter: Letter, geo: g.LetterGeometry) -> tuple[float, float]:
    recipient = letter.recipient
    if len(recipient) > geo.address_max_lines:
        raise InputError(f"the recipient address has {len(recipient)} lines; at most {geo.address_max_lines} fit the window")
    return fit_size(recipient, geo.recipient_zone, g.ADDRESS_SIZE, g.ADDRESS_MIN_SIZE, "recipient address")


SENDER_MIN_SIZE = 6.0  # below this a printed name or address line is hard to read


def sender_line_size(text: str, size: float, width: float, *, bold: bool = False) -> float:
    """``size``, or the smaller size at which one line of the sender fits ``width``.

    A name or address line may be 120 characters (compose.sender), wider than
    the block in wide letters; it shrinks, and is refused below SENDER_MIN_SIZE
    rather than run off the page.
    """
    wide = string_width(text, size, bold=bold)
    if wide <= width:
        return size
    fitted = size * width / wide
    if fitted < SENDER_MIN_SIZE:
        raise InputError(f"your name or address line {text[:40]!r} is too wide for the sender block even at {SENDER_MIN_SIZE:g} pt; shorten it")
    return fitted


def _sender_block(geo: g.LetterGeometry) -> g.Box:
    # The sender's own block: top of the page (DIN 5008 letterhead area / US top-left).
    return geo.sender_block or g.Box(geo.margin_left, 15 * mm, 110 * mm, 26 * mm)


def sender_sizes(letter: Letter, geo: g.LetterGeometry) -> tuple[float, tuple[float, ...]]:
    """Type sizes of the sender's name and address lines; an InputError if one cannot fit.

    Called before a document is built: an error raised inside a ReportLab page
    callback comes out with ReportLab's own text added to the message.
    """
    return _sender_sizes(letter.sender, geo)


@lru_cache(maxsize=16384)
def _sender_sizes(sender, geo: g.LetterGeometry) -> tuple[float, tuple[float, ...]]:
    # Cached: a batch asks when it checks a row and again when it prints it
    # (every row checked first, then every row printed: room for a big roster).
    width = _sender_block(geo).width
    name = sender_line_size(sender.name, SENDER_SIZE + 1.5, width, bold=True) if sender.name else 0.0
    return name, tuple(sender_line_size(line, SENDER_SIZE, width) for line in sender.address)


def clear_caches() -> None:
    """Forget measured sizes (the FontBook they were measured with was replaced)."""
    _sender_sizes.cache_clear()


def return_line_fit(sender, width: float) -> tuple[tuple[str, ...], float] | None:
    """The fullest return line (its fields) that fits ``width`` at RETURN_MIN_SIZE or more, and its size."""
    for fields in sender.return_line_variants():
        # Widths grow in proportion to the size: measure once, not once per step.
        per_point = _fields_width(fields, g.RETURN_SIZE) / g.RETURN_SIZE
        size = g.RETURN_SIZE
        while per_point * size > width and size > g.RETURN_MIN_SIZE:
            size -= 0.25
        if per_point * size <= width:
            return fields, size
    return None


def _fields_width(fields: tuple[str, ...], size: float) -> float:
    gaps = string_width(RETURN_SEPARATOR, size) * max(0, len(fields) - 1)
    return sum(string_width(f, size) for f in fields) + gaps


def _draw_fields(c, x: float, y: float, fields: tuple[str, ...], size: float) -> None:
    """Fields left to right, each laid out in its own direction.

    Left-to-right fields go out as one line (one piece of text when copied out
    of the PDF); a right-to-left field is laid out on its own so that bidi
    cannot move the other fields around it.
    """
    joined = RETURN_SEPARATOR.join(fields)
    if not bidi.needs_bidi(joined) or not any(unicodedata.bidirectional(ch) in ("R", "AL") for ch in joined):
        draw_line(c, x, y, joined, size, direction="ltr")
        return
    for i, field in enumerate(fields):
        if i:
            x += draw_line(c, x, y, RETURN_SEPARATOR, size, direction="ltr")
        x += draw_line(c, x, y, field, size)


def draw_sender(c, letter: Letter, geo: g.LetterGeometry, sizes: tuple[float, tuple[float, ...]] | None = None) -> None:
    """Page one's parts that belong to the writer: sender block (or ruled lines) and return line."""
    height = geo.page[1]
    sender = letter.sender
    block = _sender_block(geo)
    name_size, line_sizes = sizes or sender_sizes(letter, geo)
    y = g.from_top(height, block.y) - SENDER_SIZE
    if sender.empty:
        _draw_rules(c, block.x, y + SENDER_SIZE * 0.2, min(block.width, 80 * mm), 3, letter.primary.lang.data.sender_placeholder)
    else:
        if sender.name:
            draw_line(c, block.x, y, sender.name, name_size, bold=True)
            y -= SENDER_SIZE * 1.35
        for line, size in zip(sender.address, line_sizes):
            draw_line(c, block.x, y, line, size)
            y -= SENDER_SIZE * 1.25
    # Return line in small type, at the bottom of the return zone (DIN 5008).
    rz = geo.return_zone
    if not sender.empty and geo.name == "a4":
        c.saveState()
        c.setFillGray(0.25)
        fitted = return_line_fit(sender, rz.width - 5 * mm)
        if fitted is not None:  # else omitted: the sender block above carries the full address
            fields, rsize = fitted
            _draw_fields(c, rz.x + 5 * mm, g.from_top(height, rz.bottom) + 2.0, fields, rsize)
        c.restoreState()


def page_one_fixed(letter: Letter, geo: g.LetterGeometry) -> Callable:
    """A drawer for page one's parts shared by every writer of the same letter: marks, recipient, date."""
    height = geo.page[1]
    recipient = letter.recipient
    size, leading = _fit_recipient(letter, geo)

    def draw(c) -> None:
        _draw_marks(c, geo)
        # Recipient, top-down in the recipient zone, inset 5 mm as DIN 5008 does.
        zone = geo.recipient_zone
        x = zone.x + (5 * mm if geo.name == "a4" else 0)
        y = g.from_top(height, zone.y) - size
        for line in recipient:
            draw_line(c, x, y, line, size)
            y -= leading
        # Date in the information block.
        ib = geo.info_block
        draw_line(c, ib.right if geo.name == "letter" else ib.x, g.from_top(height, ib.y) - INFO_SIZE, letter.date_text, INFO_SIZE, align="right" if geo.name == "letter" else "left")

    return draw


def _first_page(letter: Letter, geo: g.LetterGeometry) -> Callable:
    fixed = page_one_fixed(letter, geo)
    sizes = sender_sizes(letter, geo)

    def draw(c, _doc) -> None:
        fixed(c)
        draw_sender(c, letter, geo, sizes)

    return draw


def _head_flowables(text: LetterText, styles) -> list:
    """Subject, salutation and the case paragraphs: what comes before the writer's own words."""
    story: list = [
        Paragraph(markup(text.subject, bold=True), styles["subject"]),
        Paragraph(markup(text.salutation), styles["salutation"]),
    ]
    return story + [Paragraph(markup(p), styles["body"]) for p in text.body]


def _request_flowables(text: LetterText, styles) -> list:
    return [Paragraph(markup(p), styles["body"]) for p in text.request]


def personal_flowables(personal: tuple[str, ...], styles, plain_width: float | None = None) -> list:
    return [_paragraph(p, styles["body"], plain_width) for p in personal]


def _paragraph(text: str, style: ParagraphStyle, plain_width: float | None):
    """A Paragraph of the writer's ``text``; with ``plain_width``, a PlainParagraph where the text allows."""
    if plain_width is not None:
        fast = plain_paragraph(text, style, plain_width)
        if fast is not None:
            return fast
    return Paragraph(markup(text), style)


def signature_flowables(text: LetterText, styles, letter: Letter, name=None) -> list:
    """Closing, room to sign, and the printed name (or a line for it), the name last."""
    return [Paragraph(markup(text.closing), styles["body"]), Spacer(1, 16 * mm), name if name is not None else signature_name(letter, styles)]


def signature_name(letter: Letter, styles, plain_width: float | None = None):
    if letter.sender.name:
        return _paragraph(letter.sender.name, styles["body"], plain_width)
    return _RuledName(letter.primary.lang.data.signature_placeholder)


def letter_story_parts(letter: Letter, styles) -> tuple[list, list, list, list]:
    """The flowing text in four parts: before the personal message, the message, after it, and the
    signature block, which is kept together on one page.

    Every language version comes in turn; the personal message and the signature go in the last.
    """
    before: list = []
    given = styles
    for i, text in enumerate(letter.texts):
        styles = _directed(given, text)  # Arabic runs right to left, right-aligned
        if i:
            before.append(Paragraph(markup([Span(text.lang.data.name, bold=True)]), styles["heading"]))
        before += _head_flowables(text, styles)
        if i < len(letter.texts) - 1:
            before += _request_flowables(text, styles)
            before.append(Paragraph(markup(text.closing), styles["body"]))
    last = letter.texts[-1]
    styles = _directed(given, last)
    personal, name = writer_flowables(letter, given)
    return before, personal, _request_flowables(last, styles), signature_flowables(last, styles, letter, name)


def writer_flowables(letter: Letter, styles, plain_width: float | None = None) -> tuple[list, object]:
    """What each writer adds to the shared text: the personal message and the printed name (or a line).

    With ``plain_width`` (the width the text will be set in) plain text comes
    as PlainParagraphs: the same lines, for a batch that prints thousands.
    """
    own = _in_direction(styles, "auto")  # the writer's words: their own direction
    return (
        personal_flowables(letter.personal, own, plain_width),
        signature_name(letter, _directed(styles, letter.texts[-1]), plain_width),
    )


def _directed(styles, text: LetterText) -> dict:
    return _in_direction(styles, "rtl" if text.lang.rtl else "ltr")


# Styles turned to a direction, for the styles dict they came from: a batch asks
# for the same ones for every letter, and making them costs more than the rest
# of a letter's own parts.
_DIRECTED: IdentityMemo[dict] = IdentityMemo(limit=32)


def _in_direction(styles: dict, direction: str) -> dict:
    return _DIRECTED.get((styles,), direction, lambda: {k: directed(v, direction) for k, v in styles.items()})


def letter_story(letter: Letter, styles) -> list:
    """The flowing text of ``letter``, ready for a platypus document."""
    before, personal, after, signature = letter_story_parts(letter, styles)
    return before + personal + after + [KeepTogether(signature)]


class _RuledName(Paragraph):
    """A line to sign on and print one's name under, for letters with no sender given."""

    def __init__(self, label: str):
        self._label = label
        super().__init__(markup(label), ParagraphStyle("rule", fontName=book().font_name("sans"), fontSize=7, leading=9, textColor="#666666"))

    def wrap(self, aw, ah):
        w, h = super().wrap(aw, ah)
        return w, h + 3 * mm

    def draw(self):
        c = self.canv
        c.saveState()
        c.setLineWidth(0.3)
        c.setStrokeGray(0.55)
        c.line(0, self.height, 70 * mm, self.height)
        c.restoreState()
        super().draw()


def body_frames(geo: g.LetterGeometry) -> tuple[Frame, Frame]:
    """The text frames: page one (below the address field) and the pages after it."""
    width, height = geo.page
    body_width = width - geo.margin_left - geo.margin_right
    first = Frame(geo.margin_left, geo.margin_bottom, body_width, height - geo.body_top - geo.margin_bottom, id="first", leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    later = Frame(geo.margin_left, geo.margin_bottom, body_width, height - geo.margin_top_next - geo.margin_bottom, id="later", leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    return first, later


def page_footer(letter: Letter, geo: g.LetterGeometry) -> Callable:
    """``footer(canvas, page, pages)``: "Page n of m" at the foot of letters longer than one page."""
    width = geo.page[0]
    lang = letter.primary.lang

    def footer(c, page: int, pages: int) -> None:
        if pages > 1:
            c.saveState()
            c.setFillGray(0.3)
            draw_line(c, width / 2, geo.margin_bottom / 2, lang.page_label(page, pages), 8, align="centre")
            c.restoreState()

    return footer


def letter_document(letter: Letter, geo: g.LetterGeometry, target) -> BaseDocTemplate:
    """The platypus document for one letter, writing to ``target`` (a file or buffer)."""
    first, later = body_frames(geo)
    return BaseDocTemplate(
        target,
        pagesize=geo.page,
        pageTemplates=[
            PageTemplate("first", [first], onPage=_first_page(letter, geo), autoNextPageTemplate="later"),
            PageTemplate("later", [later]),
        ],
        title=f"Appeal for {letter.case_id}",
        author="",
        creator="w4r",
        **canvas_kwargs(),
    )


def render_letter(letter: Letter, paper: str = "a4") -> bytes:
    """The letter as PDF bytes on ``paper`` (a4 or letter)."""
    geo = g.LETTER_GEOMETRIES[paper]
    buf = io.BytesIO()

    class _Canvas(CountingCanvas):
        footer = staticmethod(page_footer(letter, geo))

    letter_document(letter, geo, buf).build(letter_story(letter, letter_styles()), canvasmaker=_Canvas)
    return buf.getvalue()
