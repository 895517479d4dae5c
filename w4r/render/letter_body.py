"""The flowing text of a letter: subject, salutation, the case's paragraphs, the writer's own words, closing, signature.

As platypus flowables, for ``render.letter``'s frames (and the batch's):
a long personal message continues on the next page instead of overlapping anything.
Each language's text runs in its own direction; the writer's words in theirs.
"""

from __future__ import annotations

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, PageBreak, Spacer

from w4r.compose.letter import Letter, LetterText
from w4r import caches
from w4r.memo import IdentityMemo
from w4r.render import geometry as g
from w4r.typeset.fonts import FontBook
from w4r.typeset.plainpara import plain_paragraph
from w4r.richtext import Span
from w4r.typeset.markup import markup
from w4r.typeset.paragraphs import Paragraph, directed


def letter_styles(fb: FontBook) -> dict[str, ParagraphStyle]:
    base = fb.font_name("sans")
    body = ParagraphStyle("body", fontName=base, fontSize=g.BODY_SIZE, leading=g.BODY_LEADING, spaceAfter=g.BODY_LEADING * 0.6)
    return {
        "body": body,
        "subject": ParagraphStyle("subject", parent=body, spaceAfter=g.BODY_LEADING),
        "salutation": ParagraphStyle("salutation", parent=body, spaceAfter=g.BODY_LEADING * 0.6),
        "heading": ParagraphStyle("heading", parent=body, spaceBefore=g.BODY_LEADING, spaceAfter=g.BODY_LEADING * 0.6),
    }


def _head_flowables(text: LetterText, styles, fb: FontBook) -> list:
    """Subject, salutation and the case paragraphs: what comes before the writer's own words."""
    story: list = [
        Paragraph(markup(text.subject, bold=True, fb=fb), styles["subject"], fb=fb),
        Paragraph(markup(text.salutation, fb=fb), styles["salutation"], fb=fb),
    ]
    return story + [Paragraph(markup(p, fb=fb), styles["body"], fb=fb) for p in text.body]


def _request_flowables(text: LetterText, styles, fb: FontBook) -> list:
    return [Paragraph(markup(p, fb=fb), styles["body"], fb=fb) for p in text.request]


def personal_flowables(personal: tuple[str, ...], styles, plain_width: float | None = None, *, fb: FontBook) -> list:
    return [_paragraph(p, styles["body"], plain_width, fb) for p in personal]


def _paragraph(text: str, style: ParagraphStyle, plain_width: float | None, fb: FontBook):
    """A Paragraph of the writer's ``text``; with ``plain_width``, a PlainParagraph where the text allows."""
    if plain_width is not None:
        fast = plain_paragraph(text, style, plain_width, fb=fb)
        if fast is not None:
            return fast
    return Paragraph(markup(text, fb=fb), style, fb=fb)


def signature_flowables(text: LetterText, styles, letter: Letter, name=None, *, fb: FontBook) -> list:
    """Closing, room to sign, and the printed name (or a line for it, labelled in ``text``'s language), the name last."""
    return [Paragraph(markup(text.closing, fb=fb), styles["body"], fb=fb), Spacer(1, 16 * mm),
            name if name is not None else signature_name(letter, styles, text=text, fb=fb)]


def signature_name(letter: Letter, styles, plain_width: float | None = None, *, text: LetterText | None = None, fb: FontBook):
    if letter.sender.name:
        return _paragraph(letter.sender.name, styles["body"], plain_width, fb)
    text = text or letter.texts[-1]
    return _RuledName(text.lang.data.signature_placeholder, "rtl" if text.lang.rtl else "ltr", fb)


def letter_story_parts(letter: Letter, styles, *, fb: FontBook) -> tuple[list, list, list, list]:
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
            before.append(Paragraph(markup([Span(text.lang.data.name, bold=True)], fb=fb), styles["heading"], fb=fb))
        before += _head_flowables(text, styles, fb)
        if i < len(letter.texts) - 1:
            request = _request_flowables(text, styles, fb)
            before += request[:-1]
            # The last paragraph goes with the closing and the signature: never a closing alone on a page.
            before.append(KeepTogether(request[-1:] + signature_flowables(text, styles, letter, fb=fb)))
    last = letter.texts[-1]
    styles = _directed(given, last)
    personal, name = writer_flowables(letter, given, fb=fb)
    return before, personal, _request_flowables(last, styles, fb), signature_flowables(last, styles, letter, name, fb=fb)


def writer_flowables(letter: Letter, styles, plain_width: float | None = None, *, fb: FontBook) -> tuple[list, object]:
    """What each writer adds to the shared text: the personal message and the printed name (or a line).

    With ``plain_width`` (the width the text will be set in) plain text comes
    as PlainParagraphs: the same lines, for a batch that prints thousands.
    """
    own = _in_direction(styles, "auto")  # the writer's words: their own direction
    return (
        personal_flowables(letter.personal, own, plain_width, fb=fb),
        signature_name(letter, _directed(styles, letter.texts[-1]), plain_width, text=letter.texts[-1], fb=fb),
    )


def _directed(styles, text: LetterText) -> dict:
    return _in_direction(styles, "rtl" if text.lang.rtl else "ltr")


# Styles turned to a direction, for the styles dict they came from: a batch asks
# for the same ones for every letter, and making them costs more than the rest
# of a letter's own parts.
_DIRECTED: IdentityMemo[dict] = IdentityMemo(limit=32)  # pure: styles in, styles out, no font measured
caches.register("render.letter_body directed styles", _DIRECTED.clear)


def _in_direction(styles: dict, direction: str) -> dict:
    return _DIRECTED.get((styles,), direction, lambda: {k: directed(v, direction) for k, v in styles.items()})


def letter_story(letter: Letter, styles, *, fb: FontBook) -> list:
    """The flowing text of ``letter``, ready for a platypus document."""
    before, personal, after, signature = letter_story_parts(letter, styles, fb=fb)
    # The last paragraph stays with the closing and the signature: a page never holds only "Yours sincerely".
    return before + personal + after[:-1] + [KeepTogether(after[-1:] + signature)]


class _RuledName(Paragraph):
    """A line to sign on and print one's name under, for letters with no sender given.

    In a right-to-left letter the line and its label stand at the right, where the text is aligned.
    """

    LINE = 70 * mm

    def __init__(self, label: str, direction: str, fb: FontBook):
        self._label = label
        self._rtl = direction == "rtl"
        style = ParagraphStyle("rule", fontName=fb.font_name("sans"), fontSize=7, leading=9, textColor="#666666")
        super().__init__(markup(label, fb=fb), directed(style, direction), fb=fb)

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
