"""What the event pack's plain sheets share: page size, type styles, fitting text to one page, footers.

The briefing sheet, poster, tally sheet and pack index are portrait pages on
the group's paper.  Their text goes through ``text.markup``/``draw_line`` like
every other page w4r prints, so a name in any script prints right.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from typing import Any, Callable, Sequence

from babel import Locale, UnknownLocaleError
from babel.dates import format_date

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate

from w4r.errors import InputError
from w4r.render import geometry as g
from w4r.typeset.fonts import FontBook
from w4r.typeset.canvas import CountingCanvas, canvas_kwargs, document_info, set_metadata
from w4r.typeset.fit import ellipsized
from w4r.typeset.line import draw_line, string_width
from w4r.typeset.markup import markup


FOOTER_SIZE = 7.5
GREY_TEXT = 0.3  # fill grey of footers and captions: readable on any office printer


@dataclass(frozen=True)
class Event:
    """What the pack's event-wide sheets print about the event (all optional)."""

    name: str | None = None
    date: dt.date | None = None
    group: str | None = None


def sheet_size(paper: str) -> tuple[float, float]:
    from w4r.render.formats import PAPERS

    found = PAPERS.get(paper)
    if found is None:
        raise InputError(f"unknown paper {paper!r}; use a4 or letter")
    return found.size


def style(name: str, size: float, *, leading: float = 1.25, before: float = 0, after: float = 0, indent: float = 0, hanging: float = 0, fb: FontBook, **kw) -> ParagraphStyle:
    """A paragraph style in the base face; the markup switches faces run by run."""
    return ParagraphStyle(
        name,
        fontName=fb.font_name("sans"),
        fontSize=size,
        leading=size * leading,
        spaceBefore=before,
        spaceAfter=after,
        leftIndent=indent + hanging,
        firstLineIndent=-hanging,
        **kw,
    )


def table_font(*, fb: FontBook) -> tuple:
    """A TableStyle command: ReportLab draws even an empty cell in its default Helvetica, which is
    not embedded; every table of the pack's sheets names our face instead."""
    return ("FONTNAME", (0, 0), (-1, -1), fb.font_name("sans"))


def bullet(text: str, *, fb: FontBook) -> str:
    """Markup for one bullet point (use with a style that has a hanging indent)."""
    return markup("•\u00a0\u00a0" + text, fb=fb)


def labelled(label: str, text: str, *, fb: FontBook) -> str:
    """Markup for "Label: text" with the label in bold."""
    return markup(label + ":", bold=True, fb=fb) + " " + markup(text, fb=fb)


def story_height(flowables: Sequence[Flowable], width: float) -> float:
    """The height ``flowables`` take in a frame ``width`` wide (a frame drops the first space before)."""
    total = 0.0
    for i, f in enumerate(flowables):
        _, h = f.wrap(width, 1e6)
        total += h + f.getSpaceAfter() + (f.getSpaceBefore() if i else 0)
    return total


def fit_to_height(build: Callable[[Any], list], width: float, height: float, options: Sequence[Any], what: str) -> tuple[list, Any]:
    """The flowables ``build(option)`` makes for the first option (largest type first) that fits ``height``.

    An InputError if none does."""
    for option in options:
        story = build(option)
        if story_height(story, width) <= height:
            return story, option
    raise InputError(f"the {what} does not fit on one page even in small type; shorten the case file's text")


class OnePage:
    """A single-page PDF: a canvas, and a frame inside the sheet margin for flowing text, in the fonts of ``fb``."""

    def __init__(self, paper: str, title: str, *, fb: FontBook):
        self.size = sheet_size(paper)
        self.fb = fb
        self.buf = io.BytesIO()
        self.canvas = Canvas(self.buf, pagesize=self.size, **canvas_kwargs(fb))
        set_metadata(self.canvas, title)

    @property
    def width(self) -> float:
        return self.size[0]

    @property
    def height(self) -> float:
        return self.size[1]

    @property
    def text_width(self) -> float:
        return self.width - 2 * g.SHEET_MARGIN

    def frame(self, top: float, bottom: float) -> Frame:
        """A frame across the text width between ``top`` and ``bottom`` (ReportLab y, from the bottom)."""
        return Frame(g.SHEET_MARGIN, bottom, self.text_width, top - bottom, leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, showBoundary=0)

    def flow(self, story: list, top: float, bottom: float) -> None:
        left = list(story)
        self.frame(top, bottom).addFromList(left, self.canvas)
        if left:  # fit_to_height measured it; a leftover is a bug, not a user error
            raise AssertionError(f"{len(left)} flowable(s) did not fit the page")

    def finish(self) -> bytes:
        self.canvas.showPage()
        self.canvas.save()
        return self.buf.getvalue()


def draw_footer(c, page_width: float, left: str, right: str = "", *, fb: FontBook) -> None:
    """A small grey line at the foot of a sheet: what it is on the left, page or date on the right."""
    c.saveState()
    c.setFillGray(GREY_TEXT)
    # An event or group name can be long: the left text stops short of the right one.
    room = page_width - 2 * g.SHEET_MARGIN - (string_width(right, FOOTER_SIZE, fb=fb) + FOOTER_SIZE * 2 if right else 0)
    draw_line(c, g.SHEET_MARGIN, g.SHEET_FOOTER_Y, ellipsized(left, FOOTER_SIZE, room, fb=fb), FOOTER_SIZE, fb=fb)
    if right:
        draw_line(c, page_width - g.SHEET_MARGIN, g.SHEET_FOOTER_Y, right, FOOTER_SIZE, align="right", fb=fb)
    c.restoreState()


def human_date(day: dt.date) -> str:
    """"1 November 2022": read the same way in Europe and in the US."""
    return format_date(day, "d MMMM y", locale="en")


def language_name(code: str) -> str:
    """An English name for a language code (zh-Hant -> Chinese (Traditional)); the code if unknown."""
    try:
        return Locale.parse(code.replace("-", "_")).get_display_name("en") or code
    except (ValueError, UnknownLocaleError):
        return code


def footer_text(*parts: str | None) -> str:
    return " · ".join(p for p in parts if p)


class SheetDocument:
    """A multi-page sheet (tally sheet, pack index): one frame inside the margin, a footer on every page.

    ``page_label(page, pages)`` gives the footer's right-hand text.
    """

    def __init__(self, paper: str, title: str, footer: str, page_label: Callable[[int, int], str], *, fb: FontBook):
        self.size = sheet_size(paper)
        self.fb = fb
        self.title = title
        self.footer = footer
        self.page_label = page_label

    @property
    def frame_width(self) -> float:
        return self.size[0] - 2 * g.SHEET_MARGIN

    @property
    def frame_height(self) -> float:
        return self.size[1] - 2 * g.SHEET_MARGIN

    def build(self, story: list) -> bytes:
        buf = io.BytesIO()
        frame = Frame(g.SHEET_MARGIN, g.SHEET_MARGIN, self.frame_width, self.frame_height, leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        doc = BaseDocTemplate(buf, pagesize=self.size, pageTemplates=[PageTemplate("sheet", [frame])], **document_info(self.title), **canvas_kwargs(self.fb))
        width, footer, label, fb = self.size[0], self.footer, self.page_label, self.fb

        class _Canvas(CountingCanvas):
            pass

        _Canvas.footer = staticmethod(lambda c, page, pages: draw_footer(c, width, footer, label(page, pages), fb=fb))
        doc.build(story, canvasmaker=_Canvas)
        return buf.getvalue()
