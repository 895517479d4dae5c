"""The sheets around a class's print run: a cover sheet per class and a packing slip per case.

A teacher hands each class its stack with the cover on top (what is in it, and
what to do before posting), and keeps the packing slips to fill the envelopes:
one slip per case says how many letters and cards there are, where the
envelopes go, or that the cards are handed in to the section because the case
has no postal address for them.

The callers pass plain data: ``CoverRow`` per case for a cover, and slip
objects with ``name``, ``case_id``, ``letters``, ``cards``, ``letter_address``,
``card_address``, ``card_note`` and ``envelopes`` (``w4r.batch.plan.CaseSummary``).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Sequence

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from w4r.render import formats
from w4r.typeset import fit
from w4r.typeset.canvas import canvas_kwargs, set_metadata
from w4r.typeset.fonts import FontBook
from w4r.typeset.line import draw_line


MARGIN = 20 * mm
TITLE = 22
HEAD = 13
BODY = 11
SMALL = 9
LINE = 1.45  # leading as a multiple of the size


@dataclass(frozen=True)
class CoverRow:
    case_name: str
    letters: int
    cards: int
    hand_in: bool  # the cards have no postal address: they go to the section


def _box(c: Canvas, x: float, y: float, size: float) -> None:
    """An empty tick box on the baseline ``y``."""
    c.saveState()
    c.setLineWidth(0.8)
    c.rect(x, y - size * 0.15, size * 0.9, size * 0.9)
    c.restoreState()


def _checklist(c: Canvas, x: float, y: float, items: Sequence[str], width: float, fb: FontBook) -> float:
    for item in items:
        _box(c, x, y, BODY)
        draw_line(c, x + BODY * 1.6, y, fit.ellipsized(item, BODY, width - BODY * 1.6, fb=fb), BODY, fb=fb)
        y -= BODY * LINE * 1.3
    return y


def cover_page(c: Canvas, paper: str, label: str, rows: Sequence[CoverRow], total_pages: int, *, fb: FontBook) -> None:
    """One cover sheet: the class, what its stack holds per case, and the checklist."""
    w, h = formats.paper(paper).size
    width = w - 2 * MARGIN
    y = h - MARGIN - TITLE
    draw_line(c, MARGIN, y, fit.ellipsized(label or "Rows without a class", TITLE, width, bold=True, fb=fb), TITLE, bold=True, fb=fb)
    y -= TITLE * 1.2
    draw_line(c, MARGIN, y, "Write for Rights: this class's stack, in this order", BODY, fb=fb)
    y -= BODY * LINE * 2
    cols = (MARGIN, MARGIN + width * 0.62, MARGIN + width * 0.80)
    draw_line(c, cols[0], y, "case", SMALL, bold=True, fb=fb)
    draw_line(c, cols[1] + 14 * mm, y, "letters", SMALL, bold=True, align="right", fb=fb)
    draw_line(c, cols[2] + 14 * mm, y, "cards", SMALL, bold=True, align="right", fb=fb)
    y -= BODY * LINE
    for row in rows:
        draw_line(c, cols[0], y, fit.ellipsized(row.case_name, BODY, width * 0.6, fb=fb), BODY, fb=fb)
        draw_line(c, cols[1] + 14 * mm, y, str(row.letters), BODY, align="right", fb=fb)
        draw_line(c, cols[2] + 14 * mm, y, str(row.cards), BODY, align="right", fb=fb)
        y -= BODY * LINE
    y -= BODY * LINE
    c.setLineWidth(0.5)
    c.line(MARGIN, y + BODY, w - MARGIN, y + BODY)
    y -= BODY * LINE
    draw_line(c, MARGIN, y, "Before it leaves the room", HEAD, bold=True, fb=fb)
    y -= HEAD * LINE * 1.3
    cards = any(r.cards for r in rows)
    letters = any(r.letters for r in rows)
    items = ["every letter and card is signed" if cards and letters else ("every card is signed" if cards else "every letter is signed")]
    if cards:
        items.append("cards folded (or cut along the marks)")
    if letters:
        items.append("each letter folded into its own envelope, the address in the window")
    items.append("stamps on the envelopes (international postage)")
    if any(r.hand_in and r.cards for r in rows):
        items.append("cards of cases with no postal address go to your Amnesty section (see the packing slips)")
    y = _checklist(c, MARGIN, y, items, width, fb)
    draw_line(c, MARGIN, MARGIN, f"{total_pages} pages follow this cover for this class", SMALL, fb=fb)


def _sent_to(c: Canvas, y: float, width: float, heading: str, address: Sequence[str], fb: FontBook) -> float:
    """A heading and the address it goes to, indented, one line each; the y below them."""
    draw_line(c, MARGIN, y, heading, HEAD, bold=True, fb=fb)
    y -= HEAD * LINE * 1.2
    for line in address:
        draw_line(c, MARGIN + 8 * mm, y, fit.ellipsized(line, BODY, width - 8 * mm, fb=fb), BODY, fb=fb)
        y -= BODY * LINE
    return y


def slip_page(c: Canvas, paper: str, slip, *, fb: FontBook) -> None:
    """One packing slip: a case's counts and where its envelopes go."""
    w, h = formats.paper(paper).size
    width = w - 2 * MARGIN
    y = h - MARGIN - TITLE
    draw_line(c, MARGIN, y, "Packing slip", SMALL, fb=fb)
    y -= TITLE * 1.1
    draw_line(c, MARGIN, y, fit.ellipsized(f"{slip.name}", TITLE, width, bold=True, fb=fb), TITLE, bold=True, fb=fb)
    y -= BODY * LINE * 1.5
    draw_line(c, MARGIN, y, f"case {slip.case_id}", SMALL, fb=fb)
    y -= BODY * LINE * 2
    if slip.letters:
        y = _sent_to(c, y, width, f"{slip.letters} letter{'s' if slip.letters != 1 else ''}: one envelope each, to", slip.letter_address, fb)
        y -= BODY * LINE
    if slip.cards:
        if slip.card_address:
            y = _sent_to(c, y, width, f"{slip.cards} card{'s' if slip.cards != 1 else ''}: all in one large envelope, to", slip.card_address, fb)
        else:
            draw_line(c, MARGIN, y, f"{slip.cards} card{'s' if slip.cards != 1 else ''}: no postal address: hand in to your section", HEAD, bold=True, fb=fb)
            y -= HEAD * LINE * 1.2
            if slip.card_note:
                for part in fit.wrap_words(slip.card_note, SMALL, width - 8 * mm, fb=fb)[:4]:
                    draw_line(c, MARGIN + 8 * mm, y, part, SMALL, fb=fb)
                    y -= SMALL * LINE
        y -= BODY * LINE
    envelopes = slip.envelopes
    draw_line(c, MARGIN, y, f"envelopes and stamps: {envelopes}", HEAD, bold=True, fb=fb)
    y -= HEAD * LINE * 2
    _checklist(c, MARGIN, y, ["counted", "envelopes addressed and stamped" if envelopes else "handed in", "posted or handed in"], width, fb)


def render_cover(paper: str, label: str, rows: Sequence[CoverRow], total_pages: int, *, fb: FontBook) -> bytes:
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=formats.paper(paper).size, **canvas_kwargs(fb))
    cover_page(c, paper, label, rows, total_pages, fb=fb)
    c.showPage()
    set_metadata(c, f"Cover: {label}")
    c.save()
    return buf.getvalue()


def render_slips(paper: str, slips: Sequence, *, fb: FontBook) -> bytes:
    """One page per case."""
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=formats.paper(paper).size, **canvas_kwargs(fb))
    for slip in slips:
        slip_page(c, paper, slip, fb=fb)
        c.showPage()
    set_metadata(c, "Packing slips")
    c.save()
    return buf.getvalue()


def blank_back(paper: str, fb: FontBook) -> bytes:
    """A one-page PDF with nothing on it, on ``paper``: the back of a one-sided part of a two-sided file."""
    found = fb.memo("render.stacks blank backs", dict).get(paper)
    if found is None:
        buf = io.BytesIO()
        c = Canvas(buf, pagesize=formats.paper(paper).letter.page, **canvas_kwargs(fb))
        c.showPage()
        set_metadata(c, "Blank back")
        c.save()
        found = fb.memo("render.stacks blank backs", dict)[paper] = buf.getvalue()
    return found
