"""The pack index: what is in the pack, file by file, and how to print each one.

The first sheet a group opens.  It lists every file with its page count and
printing instructions (paper, one- or two-sided, folding) kind by kind, then
a table with a row per case folder and a column per file.  Notes that
need acting on (a case with no card envelope, letters in English instead of
the language asked for) come after the list.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from reportlab.lib.colors import Color
from reportlab.lib.units import mm
from reportlab.platypus import Table, TableStyle

from w4r.pack.sheets.handout import table_font, Event, SheetDocument, bullet, footer_text, human_date, style
from w4r.typeset.fonts import FontBook
from w4r.typeset.markup import markup
from w4r.typeset.paragraphs import Paragraph

TITLE = "Write for Rights event pack"
TITLE_SIZE = 18
TEXT_SIZE = 9.5
CELL_SIZE = 8
NOTE_SIZE = 8.5
HEADER_FILL = Color(0.88, 0.88, 0.88)
GROUP_FILL = Color(0.95, 0.95, 0.95)
LINE_GREY = Color(0.6, 0.6, 0.6)
FILE_COLUMN = 45 * mm
PAGES_COLUMN = 15 * mm
FOLDER_COLUMN = 32 * mm
COUNT_COLUMN = 21 * mm  # one per file of a case folder
PERSON_MIN = 45 * mm
CONTENTS_SHARE = 0.42  # of what is left after the file and pages columns; printing gets the rest

INTRODUCTION = (
    "Everything for your writing event, case by case. Print the event sheets once, and for each "
    "case its briefing sheet, letters, cards and envelopes. Letters and cards leave the writer's "
    "name and address blank, to be filled in by hand; nobody needs to type anything."
)


@dataclass(frozen=True)
class KindInfo:
    """One kind of file (poster, letters, ...): what it is and how to print it."""

    kind: str
    pattern: str  # its path, with CASE for the case folder: "CASE/letters.pdf"
    contents: str
    printing: str


@dataclass(frozen=True)
class IndexEntry:
    """One file of the pack."""

    path: str
    kind: str
    pages: int | None  # None for files that are not printed (manifest.json)
    case: str | None = None  # case id; None for the event's own files
    case_title: str = ""  # e.g. "Chow Hang-tung (鄒幸彤), Hong Kong"


def _cell(text: str, bold: bool = False, size: float = CELL_SIZE, *, fb: FontBook) -> Paragraph:
    return Paragraph(markup(text, bold=bold, fb=fb), style("cell", size, leading=1.2, fb=fb), fb=fb)


def _table(rows: list[list], widths: list[float], *, fb: FontBook) -> Table:
    table = Table(rows, colWidths=widths, repeatRows=1, hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                table_font(fb=fb),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
                ("LINEBELOW", (0, 0), (-1, -1), 0.4, LINE_GREY),
                ("LEFTPADDING", (0, 0), (-1, -1), 1.5 * mm),
                ("RIGHTPADDING", (0, 0), (-1, -1), 1.5 * mm),
                ("TOPPADDING", (0, 0), (-1, -1), 1 * mm),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1 * mm),
            ]
        )
    )
    return table


def _pages(pages: int | None) -> str:
    return "—" if pages is None else f"{pages} p."


def _kinds_table(kinds: list[KindInfo], entries: list[IndexEntry], width: float, *, fb: FontBook) -> Table:
    """What to print and how, kind by kind; the event's files with their page counts."""
    pages = {e.kind: e.pages for e in entries if e.case is None}
    rest = width - FILE_COLUMN - PAGES_COLUMN
    rows: list[list] = [[_cell(h, bold=True, fb=fb) for h in ("File", "What it is", "Pages", "How to print")]]
    for k in kinds:
        count = "per case" if k.pattern.startswith("CASE/") else _pages(pages.get(k.kind))
        rows.append([_cell(k.pattern, bold=True, fb=fb), _cell(k.contents, fb=fb), _cell(count, fb=fb), _cell(k.printing, fb=fb)])
    return _table(rows, [FILE_COLUMN, rest * CONTENTS_SHARE, PAGES_COLUMN, rest * (1 - CONTENTS_SHARE)], fb=fb)


def _cases_table(kinds: list[KindInfo], entries: list[IndexEntry], width: float, *, fb: FontBook) -> Table:
    """One row per case folder, one column per file: its page count, or a dash where there is none."""
    case_kinds = [k for k in kinds if k.pattern.startswith("CASE/")]
    by_case: dict[str, dict[str, int | None]] = {}
    titles: dict[str, str] = {}
    for e in entries:
        if e.case is not None:
            by_case.setdefault(e.case, {})[e.kind] = e.pages
            titles[e.case] = e.case_title
    count_width = min(COUNT_COLUMN, (width - FOLDER_COLUMN - PERSON_MIN) / max(len(case_kinds), 1))
    person_width = width - FOLDER_COLUMN - count_width * len(case_kinds)
    head = [_cell("Folder", bold=True, fb=fb), _cell("Person", bold=True, fb=fb)]
    # "envelope-appeal.pdf" breaks after its dash rather than inside a word.
    head += [_cell(k.pattern.removeprefix("CASE/").replace("-", "-\n", 1), bold=True, fb=fb) for k in case_kinds]
    rows = [head]
    for case_id, pages in by_case.items():
        row = [_cell(case_id + "/", bold=True, fb=fb), _cell(titles[case_id], fb=fb)]
        row += [_cell(_pages(pages[k.kind]) if k.kind in pages else "—", fb=fb) for k in case_kinds]
        rows.append(row)
    return _table(rows, [FOLDER_COLUMN, person_width] + [count_width] * len(case_kinds), fb=fb)


def render_index(kinds: list[KindInfo], entries: list[IndexEntry], notes: list[str], event: Event, *, paper: str = "a4", printed: dt.date | None = None, fb: FontBook) -> bytes:
    """The index as PDF bytes (as many pages as the lists need, numbered)."""
    doc = SheetDocument(paper, TITLE, footer_text("Pack index", event.group), page_label=lambda page, pages: f"Page {page} of {pages}", fb=fb)
    width = doc.frame_width
    heading = style("heading", TEXT_SIZE + 1.5, leading=1.3, before=TEXT_SIZE, after=TEXT_SIZE * 0.4, fb=fb)
    story: list = [Paragraph(markup(TITLE, bold=True, fb=fb), style("title", TITLE_SIZE, leading=1.2, fb=fb), fb=fb)]
    details = footer_text(event.name, human_date(event.date) if event.date else None, event.group)
    if details:
        story.append(Paragraph(markup(details, fb=fb), style("details", TEXT_SIZE + 1.5, leading=1.3, fb=fb), fb=fb))
    story.append(Paragraph(markup(INTRODUCTION, fb=fb), style("intro", TEXT_SIZE, leading=1.3, before=TEXT_SIZE * 0.5, fb=fb), fb=fb))
    story.append(Paragraph(markup("What to print, and how", bold=True, fb=fb), heading, fb=fb))
    story.append(_kinds_table(kinds, entries, width, fb=fb))
    if any(e.case for e in entries):
        story.append(Paragraph(markup("Files for each case, with their pages", bold=True, fb=fb), heading, fb=fb))
        story.append(_cases_table(kinds, entries, width, fb=fb))
    total = sum(e.pages or 0 for e in entries)
    made = f" Pack made on {human_date(printed)} with w4r." if printed else ""
    story.append(Paragraph(markup(f"In all: {total} pages to print.{made}", fb=fb), style("total", TEXT_SIZE, leading=1.3, before=TEXT_SIZE * 0.6, fb=fb), fb=fb))
    if notes:
        story.append(Paragraph(markup("Please note", bold=True, fb=fb), heading, fb=fb))
        note_style = style("note", NOTE_SIZE, leading=1.25, after=NOTE_SIZE * 0.2, hanging=NOTE_SIZE * 0.9, fb=fb)
        story += [Paragraph(bullet(n, fb=fb), note_style, fb=fb) for n in notes]
    return doc.build(story)
