"""The event poster: large type, the event, and the people the group writes for.

One portrait page to pin up or hand round.  The list of cases takes the space
left under the title; with many cases the type steps down, the list goes into
two columns, and the summaries are dropped before the names get small.
"""

from __future__ import annotations

from reportlab.lib.enums import TA_CENTER
from reportlab.lib.units import mm
from reportlab.lib.colors import black
from reportlab.platypus import HRFlowable, Spacer, Table, TableStyle

from w4r.cases.schema import Case
from w4r.render import geometry as g
from w4r.pack.sheets.handout import Event, OnePage, table_font, draw_footer, fit_to_height, footer_text, human_date, style
from w4r.typeset.fonts import FontBook
from w4r.typeset.markup import markup
from w4r.typeset.paragraphs import Paragraph

TITLE = "Write for Rights"
TITLE_SIZE = 44
EVENT_SIZE = 28
DETAIL_SIZE = 16
INVITATION_SIZE = 15
NAME_SIZE = 24
NATIVE_SIZE = 18
SUMMARY_SIZE = 13
# Type scales tried for the list of cases, largest first: a short list gets bigger type;
# summaries stay only while they are large enough to read from a step away.
SCALES_WITH_SUMMARIES = tuple(x / 100 for x in range(140, 79, -5))  # 140 % down to 80 %
SCALES_NAMES_ONLY = tuple(x / 100 for x in range(140, 44, -5))  # 140 % down to 45 %
# Tried in this order: one column with summaries, two columns with summaries, two columns
# of names only.  A long list reads better in two columns of larger type than in one of small.
LAYOUTS = (
    [(s, True, 1) for s in SCALES_WITH_SUMMARIES]
    + [(s, True, 2) for s in SCALES_WITH_SUMMARIES]
    + [(s, False, 2) for s in SCALES_NAMES_ONLY]
)
COLUMN_GAP = 8 * mm
CASE_GAP = 5 * mm  # between one person and the next
RULE_WIDTH = 2.0  # the bar under the title block

INVITATION = (
    "Come and write: a letter to the official who can change things, "
    "and a card to show someone held for who they are that they are not forgotten. "
    "Paper, addresses and examples are ready for you."
)


NATIVE_DEPTH = 0.3  # extra space after a native-script name, in em (Arabic marks reach ~0.45 em down)


def _case_lines(case: Case, scale: float, summaries: bool, *, fb: FontBook) -> list:
    name_style = style(f"name{scale}", NAME_SIZE * scale, leading=1.15, before=CASE_GAP * scale, fb=fb)
    # Room under a native name: Arabic dots and vowel marks hang well below the baseline.
    native_style = style(f"native{scale}", NATIVE_SIZE * scale, leading=1.3, after=NATIVE_SIZE * scale * NATIVE_DEPTH, fb=fb)
    detail_style = style(f"detail{scale}", SUMMARY_SIZE * scale, leading=1.3, fb=fb)
    lines = [Paragraph(markup(case.name, bold=True, fb=fb), name_style, fb=fb)]
    if case.name_native:
        lines.append(Paragraph(markup(case.name_native, fb=fb), native_style, fb=fb))
    country = case.country + (f" · {case.status.label}" if case.closed else "")
    lines.append(Paragraph(markup(country, bold=True, fb=fb), detail_style, fb=fb))
    if summaries:
        lines.append(Paragraph(markup(case.summary, fb=fb), detail_style, fb=fb))
    return lines


def _head(event: Event, *, fb: FontBook) -> list:
    """Title, event name, date and group, centred; a long event name wraps."""
    head = [Paragraph(markup(TITLE, bold=True, fb=fb), style("title", TITLE_SIZE, leading=1.2, alignment=TA_CENTER, fb=fb), fb=fb)]
    if event.name:
        head.append(Paragraph(markup(event.name, bold=True, fb=fb), style("event", EVENT_SIZE, leading=1.2, alignment=TA_CENTER, before=EVENT_SIZE * 0.2, fb=fb), fb=fb))
    details = footer_text(human_date(event.date) if event.date else None, event.group)
    if details:
        head.append(Paragraph(markup(details, fb=fb), style("details", DETAIL_SIZE, leading=1.3, alignment=TA_CENTER, before=DETAIL_SIZE * 0.3, fb=fb), fb=fb))
    head.append(HRFlowable(width="100%", thickness=RULE_WIDTH, color=black, spaceBefore=DETAIL_SIZE * 0.6, spaceAfter=DETAIL_SIZE * 0.8))
    head.append(Paragraph(markup(INVITATION, fb=fb), style("invite", INVITATION_SIZE, leading=1.3, alignment=TA_CENTER, after=INVITATION_SIZE * 0.3, fb=fb), fb=fb))
    return head


def render_poster(cases: list[Case], event: Event, *, paper: str = "a4", fb: FontBook) -> bytes:
    """The poster as a one-page PDF."""
    page = OnePage(paper, f"{TITLE}: {event.name}" if event.name else TITLE, fb=fb)
    top, bottom = page.height - g.SHEET_MARGIN, g.SHEET_MARGIN + DETAIL_SIZE

    def build(option: tuple[float, bool, int]) -> list:
        scale, summaries, columns = option
        blocks = [_case_lines(case, scale, summaries, fb=fb) for case in cases]
        if columns == 1:
            return _head(event, fb=fb) + [line for block in blocks for line in block]
        return _head(event, fb=fb) + [_two_columns(blocks, page.text_width, fb=fb)]

    story, _ = fit_to_height(build, page.text_width, top - bottom, LAYOUTS, "poster's list of cases")
    page.flow(story, top, bottom)
    count = f"{len(cases)} case{'s' if len(cases) != 1 else ''}"
    draw_footer(page.canvas, page.width, footer_text("Write for Rights event poster", event.group), count, fb=fb)
    return page.finish()


def _two_columns(blocks: list[list], width: float, *, fb: FontBook) -> Table:
    """The cases in two columns, the first half on the left, read down then across."""
    half = (len(blocks) + 1) // 2
    left = [line for block in blocks[:half] for line in block]
    right = [line for block in blocks[half:] for line in block] or [Spacer(1, 1)]
    column = (width - COLUMN_GAP) / 2
    table = Table([[left, right]], colWidths=[column + COLUMN_GAP, column], hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                table_font(fb=fb),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (0, 0), COLUMN_GAP),
                ("RIGHTPADDING", (1, 0), (1, 0), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return table
