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
from reportlab.platypus import BaseDocTemplate, Frame, KeepTogether, PageBreak, PageTemplate, Spacer

from w4r.compose.letter import Letter, LetterText
from w4r.compose.sender import RETURN_SEPARATOR
from w4r.errors import InputError
from w4r.memo import IdentityMemo
from w4r.typeset import bidi
from w4r.render import formats
from w4r.render.address import FittedAddress, fit_address, wrap_line
from w4r.render import geometry as g
from w4r.typeset.fonts import book
from w4r.typeset.canvas import CountingCanvas, canvas_kwargs, document_info
from w4r.typeset.plainpara import plain_paragraph
from w4r.richtext import Span
from w4r.typeset.line import draw_line, string_width
from w4r.typeset.markup import markup
from w4r.typeset.paragraphs import Paragraph, directed

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


def fit_recipient(letter: Letter, geo: g.LetterGeometry) -> FittedAddress:
    """The recipient lines as they fit the window: whole, wrapped at a sensible break, or smaller (>= 8 pt)."""
    recipient = letter.recipient
    if len(recipient) > geo.address_max_lines:
        raise InputError(f"the recipient address has {len(recipient)} lines; at most {geo.address_max_lines} fit the window")
    box = geo.recipient_text
    return fit_address(
        recipient,
        box.width,
        box.height,
        size=g.ADDRESS_SIZE,
        minimum=g.ADDRESS_MIN_SIZE,
        wrap_below=g.ADDRESS_WRAP_BELOW,
        max_lines=geo.address_max_lines,
        leading_ratio=g.ADDRESS_LEADING,
        what="recipient address",
        advice="shorten the longest line in the case file",
    )


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
    _return_block(sender, geo)  # refused here, before any page is drawn, if it cannot fit
    name = sender_line_size(sender.name, SENDER_SIZE + 1.5, width, bold=True) if sender.name else 0.0
    return name, tuple(sender_line_size(line, SENDER_SIZE, width) for line in sender.address)


def clear_caches() -> None:
    """Forget measured sizes (the FontBook they were measured with was replaced)."""
    _sender_sizes.cache_clear()
    _return_block.cache_clear()


RETURN_LEADING = 1.2


def return_block(sender, geo: g.LetterGeometry) -> tuple[tuple[tuple[str, ...], ...], float]:
    """The return address above the window: its lines (each a run of whole fields) and their size.

    One line at 7 pt, or smaller down to 6 pt (DIN 5008: 6-8 pt); if it is
    still too long, the fields go on two or more lines, filled bottom-up in the
    return zone, in order; a field too long for a line of its own breaks at a
    space (or, a word longer than the line, anywhere).  No part of the address is left out: a post office returns a letter
    to the address it can read here.  An InputError if even that does not fit.
    """
    return _return_block(sender, geo)


@lru_cache(maxsize=16384)
def _return_block(sender, geo: g.LetterGeometry) -> tuple[tuple[tuple[str, ...], ...], float]:
    fields = tuple(p for p in [sender.name, *sender.address] if p)
    if not fields or geo.sender_block is not None:  # US Letter: the sender block is the return address
        return (), g.RETURN_SIZE
    box = geo.return_text
    size = g.RETURN_SIZE
    per_point = _fields_width(fields, g.RETURN_SIZE) / g.RETURN_SIZE  # widths grow in proportion to the size
    while size >= g.RETURN_MIN_SIZE - 1e-9:
        if per_point * size <= box.width:
            return (fields,), size
        size -= 0.25
    size = g.RETURN_SIZE
    while size >= g.RETURN_MIN_SIZE - 1e-9:
        lines = _pack_fields(fields, size, box.width)
        if lines is not None and len(lines) * size * RETURN_LEADING <= box.height - 2.0:
            return lines, size
        size -= 0.25
    raise InputError(
        f"your name and address ({len(fields)} lines) do not fit the return-address lines above the window even at "
        f"{g.RETURN_MIN_SIZE:g} pt; shorten them"
    )


def _pack_fields(fields: tuple[str, ...], size: float, width: float) -> tuple[tuple[str, ...], ...] | None:
    """Fields in order on as few lines of ``width`` as they fill; a field too wide alone is broken at spaces."""
    pieces: list[str] = []
    for f in fields:
        broken = wrap_line(f, lambda part: string_width(part, size) <= width, anywhere=True)
        if broken is None:
            return None
        pieces += broken
    lines: list[tuple[str, ...]] = []
    current: tuple[str, ...] = ()
    for piece in pieces:
        trial = current + (piece,)
        if current and _fields_width(trial, size) > width:
            lines.append(current)
            current = (piece,)
        else:
            current = trial
    lines.append(current)
    return tuple(lines)


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
    # Return address in small type, filled bottom-up from the bottom of the return zone (DIN 5008).
    lines, rsize = return_block(sender, geo)
    if lines:
        box = geo.return_text
        c.saveState()
        c.setFillGray(0.25)
        y = g.from_top(height, box.bottom) + 2.0 + (len(lines) - 1) * rsize * RETURN_LEADING
        for fields in lines:
            _draw_fields(c, box.x, y, fields, rsize)
            y -= rsize * RETURN_LEADING
        c.restoreState()


def page_one_fixed(letter: Letter, geo: g.LetterGeometry) -> Callable:
    """A drawer for page one's parts shared by every writer of the same letter: marks, recipient, date."""
    height = geo.page[1]
    fitted = fit_recipient(letter, geo)

    def draw(c) -> None:
        _draw_marks(c, geo)
        # Recipient, top-down in the recipient zone, inset 5 mm as DIN 5008 does.
        box = geo.recipient_text
        y = g.from_top(height, box.y) - fitted.size
        for line in fitted.lines:
            draw_line(c, box.x, y, line, fitted.size)
            y -= fitted.leading
        # Date in the information block.
        ib = geo.info_block
        right = geo.date_align == "right"
        draw_line(c, ib.right if right else ib.x, g.from_top(height, ib.y) - INFO_SIZE, letter.date_text, INFO_SIZE, align=geo.date_align)

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
    """Closing, room to sign, and the printed name (or a line for it, labelled in ``text``'s language), the name last."""
    return [Paragraph(markup(text.closing), styles["body"]), Spacer(1, 16 * mm), name if name is not None else signature_name(letter, styles, text=text)]


def signature_name(letter: Letter, styles, plain_width: float | None = None, *, text: LetterText | None = None):
    if letter.sender.name:
        return _paragraph(letter.sender.name, styles["body"], plain_width)
    text = text or letter.texts[-1]
    return _RuledName(text.lang.data.signature_placeholder, "rtl" if text.lang.rtl else "ltr")


def letter_story_parts(letter: Letter, styles) -> tuple[list, list, list, list]:
    """The flowing text in four parts: before the personal message, the message, after it, and the
    signature block, which is kept together on one page.

    A bilingual letter gives each language a whole letter of its own, from the
    salutation to the signature, and starts the next language on a new page:
    an official reads one version without turning back and forth.  The
    personal message goes in the last version (English, the writer's own).
    """
    before: list = []
    given = styles
    for i, text in enumerate(letter.texts):
        styles = _directed(given, text)  # Arabic runs right to left, right-aligned
        if i:
            before.append(PageBreak())
            before.append(Paragraph(markup([Span(text.lang.data.name, bold=True)]), styles["heading"]))
        before += _head_flowables(text, styles)
        if i < len(letter.texts) - 1:
            request = _request_flowables(text, styles)
            before += request[:-1]
            # The last paragraph goes with the closing and the signature: never a closing alone on a page.
            before.append(KeepTogether(request[-1:] + signature_flowables(text, styles, letter)))
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
        signature_name(letter, _directed(styles, letter.texts[-1]), plain_width, text=letter.texts[-1]),
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
    # The last paragraph stays with the closing and the signature: a page never holds only "Yours sincerely".
    return before + personal + after[:-1] + [KeepTogether(after[-1:] + signature)]


class _RuledName(Paragraph):
    """A line to sign on and print one's name under, for letters with no sender given.

    In a right-to-left letter the line and its label stand at the right, where the text is aligned.
    """

    LINE = 70 * mm

    def __init__(self, label: str, direction: str = "ltr"):
        self._label = label
        self._rtl = direction == "rtl"
        style = ParagraphStyle("rule", fontName=book().font_name("sans"), fontSize=7, leading=9, textColor="#666666")
        super().__init__(markup(label), directed(style, direction))

    def wrap(self, aw, ah):
        w, h = super().wrap(aw, ah)
        self._avail = aw
        return w, h + 3 * mm

    def draw(self):
        c = self.canv
        c.saveState()
        c.setLineWidth(0.3)
        c.setStrokeGray(0.55)
        x0 = self._avail - self.LINE if self._rtl else 0
        c.line(x0, self.height, x0 + self.LINE, self.height)
        c.restoreState()
        super().draw()


def body_frames(geo: g.LetterGeometry) -> tuple[Frame, Frame]:
    """The text frames: page one (below the address field) and the pages after it."""
    width, height = geo.page
    body_width = width - geo.margin_left - geo.margin_right
    first = Frame(geo.margin_left, geo.margin_bottom, body_width, height - geo.body_top - geo.margin_bottom, id="first", leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    later = Frame(geo.margin_left, geo.margin_bottom, body_width, height - geo.margin_top_next - geo.margin_bottom, id="later", leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    return first, later


HEADER_SIZE = 8
HEADER_Y = 12 * mm  # baseline of the header on pages after the first, from the top (inside the 20 mm margin)


def page_footer(letter: Letter, geo: g.LetterGeometry) -> Callable:
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
            draw_line(c, width / 2, geo.margin_bottom / 2, lang.page_label(page, pages), HEADER_SIZE, align="centre")
        else:
            y = g.from_top(height, HEADER_Y)
            draw_line(c, geo.margin_left, y, left, HEADER_SIZE)
            draw_line(c, width - geo.margin_right, y, lang.page_label(page, pages), HEADER_SIZE, align="right")
            c.setStrokeGray(0.6)
            c.setLineWidth(0.3)
            rule = y - 0.4 * HEADER_SIZE
            c.line(geo.margin_left, rule, width - geo.margin_right, rule)
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
        **document_info(f"Appeal for {letter.case_id}", f"Write for Rights appeal letter, case {letter.case_id}", letter.primary.lang.code),
        **canvas_kwargs(),
    )


def render_letter(letter: Letter, paper: str = "a4") -> bytes:
    """The letter as PDF bytes on ``paper`` (a4 or letter)."""
    geo = formats.paper(paper).letter
    buf = io.BytesIO()

    class _Canvas(CountingCanvas):
        footer = staticmethod(page_footer(letter, geo))

    letter_document(letter, geo, buf).build(letter_story(letter, letter_styles()), canvasmaker=_Canvas)
    return buf.getvalue()
