"""The sign-up and tally sheet: one ruled row per writer, then the totals per case for the section.

Groups report how many actions they took for each case.  Writers fill in a
row (name, case id, letters, cards, emails); at the end someone adds them up in
the totals table, which already lists every case of the pack.  The ruled rows
take whatever height the totals leave; with so many cases that fewer than
``MIN_ROWS`` rows would remain, the totals move to a second page.
"""

from __future__ import annotations

from reportlab.lib.colors import Color
from reportlab.lib.units import mm
from reportlab.platypus import PageBreak, Table, TableStyle

from w4r.cases.schema import Case
from w4r.render import geometry as g
from w4r.pack.sheets.handout import table_font, Event, SheetDocument, footer_text, human_date, story_height, style
from w4r.typeset.fonts import FontBook
from w4r.typeset.markup import markup
from w4r.typeset.paragraphs import Paragraph

TITLE = "Sign-up and tally sheet"
TITLE_SIZE = 18
TEXT_SIZE = 9.5
HEADER_SIZE = 9
CELL_SIZE = 9
MIN_ROWS = 8
SECTION_GAP = 6 * mm
HEADER_ROW = 7 * mm
HEADER_FILL = Color(0.88, 0.88, 0.88)
GRID_GREY = Color(0.45, 0.45, 0.45)
COUNT_COLUMN = 22 * mm  # letters / cards / emails: room for a tally of strokes or a number
CASE_COLUMN = 38 * mm

INSTRUCTIONS = (
    "One row per writer. Write the case id from the list below and how many letters, cards "
    "and emails you sent. At the end, add up each case in the totals table and report the "
    "totals to your section."
)


def _table(rows: list[list], widths: list[float], row_heights: list[float], *, fb: FontBook) -> Table:
    table = Table(rows, colWidths=widths, rowHeights=row_heights, hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                table_font(fb=fb),
                ("GRID", (0, 0), (-1, -1), 0.5, GRID_GREY),
                ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LEFTPADDING", (0, 0), (-1, -1), 2 * mm),
                ("RIGHTPADDING", (0, 0), (-1, -1), 2 * mm),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return table


def _cell(text: str, bold: bool = False, size: float = CELL_SIZE, *, fb: FontBook):
    return Paragraph(markup(text, bold=bold, fb=fb), style("cell", size, leading=1.15, fb=fb), fb=fb)


def _signup_table(width: float, rows: int, *, fb: FontBook) -> Table:
    name_col = width - CASE_COLUMN - 3 * COUNT_COLUMN
    head = [_cell(h, bold=True, size=HEADER_SIZE, fb=fb) for h in ("Name", "Case id", "Letters", "Cards", "Emails")]
    body = [["", "", "", "", ""] for _ in range(rows)]
    return _table([head, *body], [name_col, CASE_COLUMN, *[COUNT_COLUMN] * 3], [HEADER_ROW] + [g.HANDWRITING_ROW] * rows, fb=fb)


def _totals_table(cases: list[Case], width: float, *, fb: FontBook) -> Table:
    who_col = width - CASE_COLUMN - 3 * COUNT_COLUMN
    head = [_cell(h, bold=True, size=HEADER_SIZE, fb=fb) for h in ("Case id", "Person", "Letters", "Cards", "Emails")]
    body = [[_cell(c.id, bold=True, fb=fb), _cell(f"{c.display_name}, {c.country}", fb=fb), "", "", ""] for c in cases]
    total = [_cell("Total", bold=True, fb=fb), "", "", "", ""]
    rows = [head, *body, total]
    heights = [HEADER_ROW] + [max(g.HANDWRITING_ROW, _cell_height(r[1], who_col)) for r in body] + [g.HANDWRITING_ROW]
    table = _table(rows, [CASE_COLUMN, who_col, *[COUNT_COLUMN] * 3], heights, fb=fb)
    table.repeatRows = 1  # a long list of cases continues with its column heads
    return table


def _cell_height(cell: Paragraph, width: float) -> float:
    return cell.wrap(width - 4 * mm, 1e6)[1] + 2 * mm


def render_tally_sheet(cases: list[Case], event: Event, *, paper: str = "a4", fb: FontBook) -> bytes:
    """The sheet as PDF bytes: one page, or two when the totals table needs a page of its own."""
    doc = SheetDocument(paper, TITLE, footer_text(TITLE, event.group), page_label=lambda page, pages: "Sheet ____ of ____" if page == 1 else "Totals", fb=fb)
    width, height = doc.frame_width, doc.frame_height

    head = [Paragraph(markup(TITLE, bold=True, fb=fb), style("title", TITLE_SIZE, leading=1.2, fb=fb), fb=fb)]
    details = footer_text(event.name, human_date(event.date) if event.date else None, event.group)
    if details:
        head.append(Paragraph(markup(details, fb=fb), style("details", TEXT_SIZE + 1.5, leading=1.3, fb=fb), fb=fb))
    head.append(Paragraph(markup(INSTRUCTIONS, fb=fb), style("instructions", TEXT_SIZE, leading=1.3, before=TEXT_SIZE * 0.5, after=TEXT_SIZE * 0.8, fb=fb), fb=fb))
    totals = [
        Paragraph(markup("Cases in this pack, and the totals to report to your section", bold=True, fb=fb), style("totals", TEXT_SIZE + 1, leading=1.3, before=SECTION_GAP, after=TEXT_SIZE * 0.4, fb=fb), fb=fb),
        _totals_table(cases, width, fb=fb),
    ]
    # Rows fill the room the heading (and, when they fit beside the rows, the totals) leave;
    # a point's allowance keeps rounding from pushing the last row over.
    fixed = story_height(head + [_signup_table(width, 0, fb=fb)] + totals, width)
    rows_with_totals = int((height - fixed - 1) // g.HANDWRITING_ROW)
    if rows_with_totals >= MIN_ROWS:
        story = head + [_signup_table(width, rows_with_totals, fb=fb)] + totals
    else:
        rows = int((height - story_height(head + [_signup_table(width, 0, fb=fb)], width) - 1) // g.HANDWRITING_ROW)
        story = head + [_signup_table(width, rows, fb=fb), PageBreak()] + totals
    return doc.build(story)
