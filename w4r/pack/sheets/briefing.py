"""The one-page briefing sheet for a case: who, what happened, the ask, where letters and cards go.

A writing table gets one sheet per case.  It has no photo (none is shipped); a
QR code takes phones to the case's action page, or to its first source with a
link.  Everything must fit one page, so the type shrinks step by step for a
long story and the sheet is refused only if even small type does not fit.
"""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from reportlab.lib.units import mm
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.platypus import Flowable, Spacer, Table, TableStyle

from w4r.cases.briefing import RULE_TEXT, briefing_data
from w4r.cases.schema import Case
from w4r.render import geometry as g
from w4r.pack.sheets.handout import (
    table_font,
    GREY_TEXT,
    OnePage,
    bullet,
    draw_footer,
    fit_to_height,
    footer_text,
    human_date,
    labelled,
    language_name,
    style,
)
from w4r.typeset.fonts import FontBook
from w4r.typeset.markup import markup
from w4r.typeset.paragraphs import Paragraph

BODY_SIZE = 9.5
NAME_SIZE = 22
NATIVE_SIZE = 16
HEADING_SIZE = 11.5
SMALL_SIZE = 7.5
SCALES = tuple(x / 100 for x in range(100, 64, -4))  # 100 % down to 68 %
QR_LEVEL = "M"  # 15 % error correction: survives a smudge or a fold line
COLUMN_GAP = 4 * mm  # between the columns of the address grid and beside the QR code
ROW_GAP = 2.5 * mm


def action_link(case: Case) -> tuple[str | None, str]:
    """The URL the QR code carries and what it is: the case's action page, else the first source
    that is a page about the case.

    A source given only as a website's front page (a section's homepage) is no
    use to someone who scans the code at an event to read about this case, so
    it gets no QR code: the sheet says so instead.
    """
    if case.action_url:
        return case.action_url, "Action page"
    for source in case.sources:
        if source.url and _is_a_page(source.url):
            return source.url, "Case page"
    return None, ""


def _is_a_page(url: str) -> bool:
    """Whether ``url`` names a page (a path or a query), not only a site's front page."""
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    return bool(parts.path.strip("/") or parts.query)


class QrCode(Flowable):
    """A QR code for ``url`` (quiet zone included), clickable in a PDF viewer too."""

    def __init__(self, url: str, size: float = g.QR_SIZE):
        super().__init__()
        self.url = url
        self.size = size

    def wrap(self, aw, ah):
        return self.size, self.size

    def draw(self):
        # ReportLab's encoder makes the symbol; the modules are drawn here as filled runs, since
        # its graphics renderer would reference the unembedded Helvetica on the page.
        widget = QrCodeWidget(self.url, barLevel=QR_LEVEL)
        widget.qr.make()
        rows = widget.qr.modules
        module = self.size / (len(rows) + 2 * g.QR_QUIET_MODULES)
        c = self.canv
        c.saveState()
        c.setFillGray(0)
        for r, row in enumerate(rows):
            y = self.size - (r + 1 + g.QR_QUIET_MODULES) * module
            col = 0
            for dark, run in itertools.groupby(bool(m) for m in row):
                length = len(list(run))
                if dark:
                    c.rect((col + g.QR_QUIET_MODULES) * module, y, length * module, module, stroke=0, fill=1)
                col += length
        c.restoreState()
        # /F 4 (Print): a link annotation is printed with the page (PDF 32000 12.5.3); without it
        # checkers flag the annotation as one that vanishes on paper.
        c.linkURL(self.url, (0, 0, self.size, self.size), relative=1, F=4)


def _status_lines(d: dict[str, Any], *, fb: FontBook) -> list[str]:
    since = human_date(dt.date.fromisoformat(d["status_date"]))
    if d["closed"]:
        return [
            markup(f"Case closed — {d['status_label']} on {since}.", bold=True, fb=fb) + " " + markup(d["status_event"] + ".", fb=fb),
            markup("Good news: check with your section before you post anything for this case.", fb=fb),
        ]
    return [labelled("Status", f"{d['status_label']} since {since}. {d['status_event']}.", fb=fb)]


def _target_cell(t: dict[str, Any], count: int, s: dict, *, fb: FontBook) -> list:
    who = f"{t['title']}, {t['name']}" if t["name"] else t["title"]
    head = f"Appeal letter {t['number']} of {count}" if count > 1 else "Appeal letter"
    cell = [Paragraph(markup(head.upper(), bold=True, fb=fb), s["caption"], fb=fb), Paragraph(markup(who, bold=True, fb=fb), s["body"], fb=fb)]
    address = ([t["organisation"]] if t["organisation"] else []) + t["address"] + [t["country"]]
    cell.append(Paragraph(markup("\n".join(address), fb=fb), s["body"], fb=fb))
    cell.append(Paragraph(labelled("Salutation", t["salutation"], fb=fb), s["small"], fb=fb))
    cell.append(Paragraph(labelled("Languages", ", ".join(language_name(x) for x in t["languages"]), fb=fb), s["small"], fb=fb))
    if t["email"]:
        cell.append(Paragraph(labelled("Email", t["email"], fb=fb), s["small"], fb=fb))
    if t["note"]:
        cell.append(Paragraph(labelled("Note", t["note"], fb=fb), s["small"], fb=fb))
    if not t["verified"]:
        cell.append(Paragraph(markup("Address not verified: check it before posting.", bold=True, fb=fb), s["small"], fb=fb))
    if t["verified_on"]:
        cell.append(Paragraph(markup(f"Address last checked on {human_date(dt.date.fromisoformat(t['verified_on']))}.", fb=fb), s["small"], fb=fb))
    else:
        cell.append(Paragraph(markup("Address never checked against a source: check it before posting.", bold=True, fb=fb), s["small"], fb=fb))
    return cell


def _solidarity_cells(sol: dict[str, Any] | None, s: dict, *, fb: FontBook) -> tuple[list, list]:
    """Left: where cards go.  Right: the card rules and greetings in the person's language."""
    if sol is None:
        return [Paragraph(markup("No solidarity address in this case file: write appeal letters only.", bold=True, fb=fb), s["body"], fb=fb)], []
    where = [Paragraph(markup("SOLIDARITY CARDS", bold=True, fb=fb), s["caption"], fb=fb), Paragraph(markup(sol["recipient"], bold=True, fb=fb), s["body"], fb=fb)]
    if sol["address"]:
        lines = ([f"c/o {sol['care_of']}"] if sol["care_of"] else []) + sol["address"] + ([sol["country"]] if sol["country"] else [])
        where.append(Paragraph(markup("\n".join(lines), fb=fb), s["body"], fb=fb))
    else:
        where.append(Paragraph(markup("No postal address: hand the cards to your Amnesty section, which sends them on.", fb=fb), s["body"], fb=fb))
    if not sol["verified"]:
        where.append(Paragraph(markup("Address not verified: check it before posting.", bold=True, fb=fb), s["small"], fb=fb))
    if sol["note"]:
        where.append(Paragraph(labelled("Note", sol["note"], fb=fb), s["small"], fb=fb))
    rules = sol["card_rules"]
    how = [Paragraph(markup("CARD RULES", bold=True, fb=fb), s["caption"], fb=fb)]
    how += [Paragraph(bullet(RULE_TEXT.get(r, r), fb=fb), s["bullet_small"], fb=fb) for r in rules["checks"]]
    how.append(Paragraph(bullet(f"sign with your {rules['sender_identity'].replace('-', ' ')} only", fb=fb), s["bullet_small"], fb=fb))
    how += [Paragraph(bullet(n, fb=fb), s["bullet_small"], fb=fb) for n in rules["notes"]]
    if sol["card_greetings"]:
        how.append(Paragraph(markup("CONGRATULATIONS TO COPY" if sol["card"] == "congratulations" else "GREETINGS TO COPY", bold=True, fb=fb), s["caption_gap"], fb=fb))
        for gr in sol["card_greetings"]:
            meaning = f" ({gr['english']})" if gr.get("english") else ""
            how.append(Paragraph(markup(gr["text"], bold=True, fb=fb) + markup(meaning, fb=fb), s["bullet_small"], fb=fb))
    return where, how


def _grid(cells: list[list], width: float, columns: int = 2, *, fb: FontBook) -> Table:
    rows = [cells[i : i + columns] for i in range(0, len(cells), columns)]
    rows = [r + [""] * (columns - len(r)) for r in rows]
    table = Table(rows, colWidths=[width / columns] * columns, hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                table_font(fb=fb),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), COLUMN_GAP),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), ROW_GAP),
            ]
        )
    )
    return table


def _styles(scale: float, *, fb: FontBook) -> dict:
    body = BODY_SIZE * scale
    return {
        "name": style("name", NAME_SIZE * scale, leading=1.15, fb=fb),
        # Room under a native name: Arabic dots and vowel marks hang well below the baseline.
        "native": style("native", NATIVE_SIZE * scale, leading=1.3, after=NATIVE_SIZE * scale * 0.3, fb=fb),
        "meta": style("meta", body * 1.05, after=body * 0.2, fb=fb),
        "heading": style("heading", HEADING_SIZE * scale, before=body * 0.9, after=body * 0.3, fb=fb),
        "body": style("body", body, after=body * 0.35, fb=fb),
        "bullet": style("bullet", body, after=body * 0.2, hanging=body * 0.9, fb=fb),
        "small": style("small", SMALL_SIZE * max(scale, 0.85), after=1, fb=fb),
        "bullet_small": style("bullet_small", body * 0.9, after=1, hanging=body * 0.8, fb=fb),
        "caption": style("caption", SMALL_SIZE * max(scale, 0.85), after=2, textColor=(GREY_TEXT,) * 3, fb=fb),
        "caption_gap": style("caption_gap", SMALL_SIZE * max(scale, 0.85), before=body * 0.6, after=2, textColor=(GREY_TEXT,) * 3, fb=fb),
    }


def _story(d: dict[str, Any], url: str | None, link_label: str, width: float, scale: float, *, fb: FontBook) -> list:
    s = _styles(scale, fb=fb)
    years = ", ".join(str(y) for y in d["campaign_years"])
    head = [Paragraph(markup(d["name"], bold=True, fb=fb), s["name"], fb=fb)]
    if d["name_native"]:
        head.append(Paragraph(markup(d["name_native"], fb=fb), s["native"], fb=fb))
    if d["known_as"] and d["known_as"] != d["name"]:
        head.append(Paragraph(markup(f"Known as {d['known_as']}", fb=fb), s["meta"], fb=fb))
    head.append(Paragraph(markup(f"{d['country']} · Write for Rights {years}", fb=fb), s["meta"], fb=fb))
    head += [Paragraph(line, s["meta"], fb=fb) for line in _status_lines(d, fb=fb)]
    if url:
        head.append(Paragraph(labelled(link_label, url, fb=fb), s["small"], fb=fb))
        qr = [QrCode(url), Paragraph(markup(f"Scan for the {link_label.lower()}", fb=fb), s["caption"], fb=fb)]
        header = Table([[head, qr]], colWidths=[width - g.QR_SIZE - COLUMN_GAP, g.QR_SIZE + COLUMN_GAP], hAlign="LEFT")
        header.setStyle(TableStyle([table_font(fb=fb), ("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0), ("TOPPADDING", (0, 0), (-1, -1), 0), ("LEFTPADDING", (1, 0), (1, 0), COLUMN_GAP)]))
        story: list = [header]
    else:
        story = head + [Paragraph(markup("No page about this case in the case file for a QR code (add action_url to the case file).", fb=fb), s["caption"], fb=fb)]

    story.append(Paragraph(markup("Their story", bold=True, fb=fb), s["heading"], fb=fb))
    story += [Paragraph(markup(" ".join(p.split()), fb=fb), s["body"], fb=fb) for p in d["story"].split("\n\n") if p.strip()]
    appeal = d["appeal"]
    if appeal["writes_letter"] and d["ask"]:
        story.append(Paragraph(markup("What we ask", bold=True, fb=fb), s["heading"], fb=fb))
        story += [Paragraph(bullet(a[:1].upper() + a[1:], fb=fb), s["bullet"], fb=fb) for a in d["ask"]]
    elif appeal["rule"] == "no-appeal":
        story.append(Paragraph(markup("No appeal letters today", bold=True, fb=fb), s["heading"], fb=fb))
        story.append(Paragraph(markup(f"The appeal was ({appeal['label']}; kept for the record):", fb=fb), s["small"], fb=fb))
        story += [Paragraph(bullet(a[:1].upper() + a[1:], fb=fb), s["bullet"], fb=fb) for a in d["ask"]]

    story.append(Paragraph(markup("Who to write to", bold=True, fb=fb), s["heading"], fb=fb))
    if d["card_only"]:
        story.append(Paragraph(markup(f"Nobody: this case is card-only. {d['card_only']}", fb=fb), s["body"], fb=fb))
    targets = [_target_cell(t, len(d["targets"]), s, fb=fb) for t in d["targets"]]
    if targets:
        story.append(_grid(targets, width, fb=fb))
    where, how = _solidarity_cells(d["solidarity"], s, fb=fb)
    story.append(_grid([where, how] if how else [where], width, fb=fb))

    checks = d["unverified"]
    if checks:
        story.append(Paragraph(markup("Not yet confirmed", bold=True, fb=fb), s["heading"], fb=fb))
        story += [Paragraph(bullet(u, fb=fb), s["bullet_small"], fb=fb) for u in checks]
    sources = "; ".join(src["title"] + (f" ({src['url']})" if src.get("url") else "") for src in d["sources"])
    story.append(Spacer(1, ROW_GAP * scale))
    story.append(Paragraph(labelled("Sources", sources, fb=fb), s["caption"], fb=fb))
    return story


def render_briefing(case: Case, *, paper: str = "a4", printed: dt.date, group: str | None = None, fb: FontBook) -> bytes:
    """The case's briefing sheet, one page, as PDF bytes."""
    d = briefing_data(case)
    url, label = action_link(case)
    page = OnePage(paper, f"Briefing: {case.name}", fb=fb)
    top = page.height - g.SHEET_MARGIN
    bottom = g.SHEET_MARGIN
    story, _ = fit_to_height(lambda sc: _story(d, url, label, page.text_width, sc, fb=fb), page.text_width, top - bottom, SCALES, f"briefing sheet of case {case.id}")
    page.flow(story, top, bottom)
    checked = f"Case facts last checked {human_date(case.last_verified)}" if case.last_verified else "Case facts not yet checked against a source"
    draw_footer(page.canvas, page.width, footer_text(f"Briefing · case {case.id}", group, f"printed {human_date(printed)}"), checked, fb=fb)
    return page.finish()
