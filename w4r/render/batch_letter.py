"""Many letters in one PDF, fast: what every writer of a case shares is laid out once.

A batch of 180 letters for one case repeats the same subject, salutation,
case paragraphs, request and closing 180 times; only the writer's block, the
personal message and the printed name change.  ``LetterPrinter`` lays the
shared parts out once per letter text (with the very flowables
``w4r.render.letter`` builds, so the layout cannot drift) and stores them as
PDF form XObjects: page one's fixed parts (marks, recipient, date and the text
before the personal message) and the block after it (request, closing and the
room to sign).  Each letter then costs a form, its sender block, its own
paragraphs and its name.

The placement below is platypus's own frame arithmetic for flowables that fit
(space before collapses against the previous space after).  A letter whose
text does not fit page one goes through the normal platypus document instead,
drawn onto the same canvas, so long letters break, keep the signature
together and number their pages exactly as ``w4r letter`` does.
"""

from __future__ import annotations

import io
import itertools
from dataclasses import dataclass, field
from typing import Callable, Iterable

from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from w4r.compose.letter import Letter
from w4r.memo import IdentityMemo
from w4r.render import formats
from w4r.render.letter import body_frames, letter_document, page_footer
from w4r.render.letter_body import letter_story, letter_story_parts, letter_styles, writer_flowables
from w4r.render.letter_first_page import draw_sender, page_one_fixed
from w4r.typeset.batchcanvas import BatchCanvas
from w4r.typeset.canvas import canvas_kwargs, set_metadata
from w4r.typeset.fit import ellipsized
from w4r.typeset.fonts import FontBook
from w4r.typeset.line import draw_line
from w4r.typeset.rlinternals import build_onto, draw_flowable, frame_area

# platypus treats a flowable as fitting when it ends no more than 1e-6 pt below
# the frame; the fast path wants a clear fit and leaves the edge cases to platypus.
_FIT_MARGIN = 0.01

# The roster's group (class, table) in small grey type at the foot of a
# letter's last page, left, on the baseline of the "Page n of m" label: enough
# to sort a printed stack by, too small to distract the reader.
GROUP_LABEL_SIZE = 6.5
GROUP_LABEL_GAP = 20 * mm  # kept clear of the centred page label


class _Block(Flowable):
    """Stands in for the flowables after the personal message while they are placed as one.

    They are drawn from a form made for each height they land at (a handful per
    batch: the personal messages differ in length by whole lines), so the form's
    text carries its final page position, the way PDF readers and the layout
    tests read it.
    """

    def __init__(self, flowables: list, width: float, height: float, space_before: float, space_after: float, placed: list):
        super().__init__()
        self.flowables, self.width, self.height = flowables, width, height
        self.spaceBefore, self.spaceAfter = space_before, space_after
        self.placed = placed  # (flowable, bottom relative to the block's top, width)
        self.forms: dict[float, str] = {}

    def wrap(self, aw, ah):
        return self.width, self.height


@dataclass
class _Placed:
    flowable: Flowable
    y: float  # bottom of the flowable, as platypus passes it to drawOn
    width: float


def stack(flowables: list, width: float, top: float, bottom: float, *, at_top: bool, space_after: float):
    """Place ``flowables`` one below the other from ``top``, as a platypus Frame does.

    ``space_after`` is the space after whatever stands above ``top``.  Returns
    (placements, cursor, space_after) with the cursor below the last one's
    space after, or None if they do not all fit above ``bottom``.
    """
    placed: list[_Placed] = []
    y = top
    for f in flowables:
        s = 0.0 if at_top else max(f.getSpaceBefore() - space_after, 0)
        w, h = f.wrap(width, y - bottom - s)
        below = y - s - h
        if below < bottom + _FIT_MARGIN:
            return None
        placed.append(_Placed(f, below, w))
        space_after = f.getSpaceAfter()
        below -= space_after
        if below != y:
            at_top = False
        y = below
    return placed, y, space_after


@dataclass
class _Shared:
    """A layout's forms on one canvas."""

    layout: _Layout
    page_one: str  # form: marks, recipient, date, text before the personal message
    tail: _Block | None  # request, closing, room to sign; None: too long for page one


@dataclass
class _Layout:
    """Where the shared text goes: worked out once per process, drawn onto any number of canvases.

    ``--split`` makes one document per letter; without this every one of them
    would lay the case text out again.
    """

    fixed: Callable  # draws page one's marks, recipient and date
    head: list[_Placed] | None  # the text before the personal message; None: too long for page one
    after_top: float = 0.0
    after_space: float = 0.0
    tail_flowables: list = field(default_factory=list)  # request, closing, room to sign
    tail: list[_Placed] = field(default_factory=list)  # placed from 0 downwards
    tail_space: float = 0.0


def _layout(fb: FontBook, letter: Letter, paper: str, styles: dict, width: float, top: float, bottom: float) -> _Layout:
    """The shared parts of ``letter`` laid out, remembered by the book they were measured with."""
    def make() -> _Layout:
        geo = formats.paper(paper).letter
        before, _personal, after, signature = letter_story_parts(letter, styles, fb=fb)
        layout = _Layout(page_one_fixed(letter, geo, fb=fb), None)
        head = stack(before, width, top, bottom, at_top=True, space_after=0.0)
        if head is not None:
            layout.head, layout.after_top, layout.after_space = head
            layout.tail_flowables = after + signature[:-1]  # the name is each writer's own
            tail = stack(layout.tail_flowables, width, 0.0, float("-inf"), at_top=True, space_after=0.0)
            assert tail is not None
            layout.tail, _cursor, layout.tail_space = tail
        return layout

    layouts: IdentityMemo[_Layout] = fb.memo("render.batch_letter layouts", IdentityMemo)
    return layouts.get((letter.texts,), (letter.recipient, letter.date_text, paper), make)


class LetterPrinter:
    """Draws letters onto a BatchCanvas, each starting on a new page."""

    def __init__(self, canvas: BatchCanvas, paper: str = "a4", *, fb: FontBook):
        self.canvas = canvas
        self.fb = fb
        self.paper = paper
        self.geo = formats.paper(paper).letter
        self.styles = letter_styles(fb)
        first, _later = body_frames(self.geo)
        area = frame_area(first)
        self._x, self._width = area.x, area.width
        self._top, self._bottom = area.top, area.bottom
        # Per canvas (its forms live in its document); every text a batch prints stays.
        self._shared: IdentityMemo[_Shared] = IdentityMemo(limit=1 << 20)
        self._names = itertools.count()
        self._labels: dict[str, str] = {}  # group label -> as it fits at the foot of the page
        self.fast = 0  # letters drawn from shared forms
        self.slow = 0  # letters laid out in full by platypus

    def _prepare(self, letter: Letter) -> _Shared:
        return self._shared.get((letter.texts,), (letter.recipient, letter.date_text), lambda: self._make_shared(letter))

    def _make_shared(self, letter: Letter) -> _Shared:
        layout = _layout(self.fb, letter, self.paper, self.styles, self._width, self._top, self._bottom)
        if layout.head is None:
            return _Shared(layout, "", None)
        c = self.canvas
        page_one = f"w4r-page1-{next(self._names)}"
        c.beginForm(page_one, 0, 0, *self.geo.page)
        layout.fixed(c)
        self._draw(layout.head)
        c.endForm()
        t = layout.tail
        block = _Block(layout.tail_flowables, self._width, -t[-1].y, layout.tail_flowables[0].getSpaceBefore(), layout.tail_space, t)
        return _Shared(layout, page_one, block)

    def _draw(self, placed: list[_Placed]) -> None:
        for p in placed:
            draw_flowable(p.flowable, self.canvas, self._x, p.y, room=self._width, width=p.width)

    def _tail_form(self, block: _Block, bottom: float) -> str:
        """The form that draws ``block`` with its bottom at ``bottom``, made on first use."""
        key = round(bottom, 6)
        name = block.forms.get(key)
        if name is None:
            name = f"w4r-tail-{next(self._names)}"
            c = self.canvas
            c.beginForm(name, 0, 0, *self.geo.page)
            self._draw([_Placed(p.flowable, p.y + block.height + bottom, p.width) for p in block.placed])
            c.endForm()
            block.forms[key] = name
        return name

    def add(self, letter: Letter, label: str = "") -> int:
        """Draw ``letter`` from a new page on; return how many pages it took.

        ``label`` (the roster's group) goes small at the foot of the last page.
        """
        shared = self._prepare(letter)
        if shared.tail is not None:
            personal, name = writer_flowables(letter, self.styles, plain_width=self._width, fb=self.fb)
            items = personal + [shared.tail, name]
            fit = stack(items, self._width, shared.layout.after_top, self._bottom, at_top=False, space_after=shared.layout.after_space)
            if fit is not None:
                placed = fit[0]
                forms = {id(p): self._tail_form(p.flowable, p.y) for p in placed if p.flowable is shared.tail}
                c = self.canvas
                c.doForm(shared.page_one)
                draw_sender(c, letter, self.geo, fb=self.fb)
                for p in placed:
                    if id(p) in forms:
                        c.doForm(forms[id(p)])
                    else:
                        self._draw([p])
                self._label(label)
                c.showPage()
                self.fast += 1
                return 1
        return self._add_slow(letter, label)

    def _label(self, label: str) -> None:
        if not label:
            return
        c, geo = self.canvas, self.geo
        text = self._labels.get(label)
        if text is None:  # a class's label is fitted once, not on each of its letters
            room = geo.page[0] / 2 - geo.margin_left - GROUP_LABEL_GAP
            text = self._labels[label] = ellipsized(label, GROUP_LABEL_SIZE, room, fb=self.fb)
        c.saveState()
        c.setFillGray(0.45)
        draw_line(c, geo.margin_left, geo.margin_bottom / 2, text, GROUP_LABEL_SIZE, fb=self.fb)
        c.restoreState()

    def _add_slow(self, letter: Letter, label: str = "") -> int:
        self.slow += 1
        c = self.canvas
        doc = letter_document(letter, self.geo, io.BytesIO(), fb=self.fb)
        footer = page_footer(letter, self.geo, fb=self.fb)

        def footer_and_label(canvas, page: int, pages: int) -> None:
            footer(canvas, page, pages)
            if page == pages:
                self._label(label)

        c.hold()
        build_onto(doc, letter_story(letter, self.styles, fb=self.fb), c)  # the batch saves the canvas once, at the end
        return c.release(footer_and_label)


def render_letter_run(letters: Iterable[tuple[Letter, str]], paper: str, *, duplex: bool = False, fb: FontBook,
                      tick: Callable[[int], None] = lambda n: None) -> tuple[bytes, int]:
    """Letters (each with its group label, or "") one after the other in one PDF; returns it and its page count.

    With ``duplex`` a one-page letter gets a blank back, so the next starts on a new sheet.
    """
    geo = formats.paper(paper).letter
    buf = io.BytesIO()
    c = BatchCanvas(buf, pagesize=geo.page, **canvas_kwargs(fb))
    printer = LetterPrinter(c, paper, fb=fb)
    pages = 0
    for letter, label in letters:
        n = printer.add(letter, label=label)
        if duplex and n % 2:
            c.showPage()  # a blank back, so the next letter starts on a new sheet
            n += 1
        pages += n
        tick(1)
    set_metadata(c, "Appeal letters")
    c.save()
    return buf.getvalue(), pages
