"""``w4r pack``: an event pack (briefings, letters, cards, envelopes, poster, tally sheet, index)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import List, Optional

import typer

from w4r.cli.root import app
from w4r.cli.common import CASES_DIR, TEMPLATES, card_formats_help, settings
from w4r.cli.console import info, print_json, warn
from w4r.cli.letter import Paper, To, choose_format, parse_date
from w4r.render.designs import design_names


@app.command("pack")
def pack(
    cases: Optional[List[str]] = typer.Argument(None, help="Case ids (default: every open case; see 'w4r cases')."),
    output: str = typer.Option(..., "-o", "--output", help="Folder to write the pack to (or a .zip file)."),
    all_cases: bool = typer.Option(False, "--all", help="Include closed cases when no case is named."),
    zipped: bool = typer.Option(False, "--zip", help="Write one zip archive (DIR.zip) instead of a folder."),
    letters: int = typer.Option(1, "--letters", help="Appeal letters per case, in one PDF (0: none)."),
    cards: int = typer.Option(1, "--cards", help="Solidarity cards per case (0: none)."),
    paper: Optional[Paper] = typer.Option(None, "--paper", case_sensitive=False, help="a4 or letter (default: config file, else a4)."),
    lang: Optional[str] = typer.Option(None, "--lang", help="Language of the letters, e.g. en, fr (default: config file, else en)."),
    card_format: Optional[str] = typer.Option(None, "--format", help=f"Cards: {card_formats_help()}."),
    design: Optional[str] = typer.Option(None, "--design", help=f"Picture on the front of the cards: {', '.join(design_names())}."),
    event: Optional[str] = typer.Option(None, "--event", help="Name of the event, printed on the poster, index and tally sheet."),
    group: Optional[str] = typer.Option(None, "--group", help="Name of your group (default: config file)."),
    date: Optional[str] = typer.Option(None, "--date", help="Date of the event and of the letters (YYYY-MM-DD); default today."),
    force: bool = typer.Option(False, "--force", help="Write into a folder that is not empty, replacing the pack's own files."),
    as_json: bool = typer.Option(False, "--json", help="Print what was written as JSON."),
    cases_dir: Optional[Path] = CASES_DIR,
    templates: Optional[Path] = TEMPLATES,
) -> None:
    """Make an event pack: per case a briefing sheet, letters, cards and envelopes; a poster, tally sheet and index."""
    # Imported here so that the other commands and --help do not load them.
    from w4r.cases import CaseLibrary
    from w4r.compose.sender import make_sender
    from w4r.pack.manifest import manifest_entries
    from w4r.pack.plan import PackOptions, plan_pack
    from w4r.pack.run import destination, run
    from w4r.pack.sheets.handout import Event

    cfg = settings()
    event_date = parse_date(date)
    chosen_paper = paper.value if paper else cfg.paper or "a4"
    options = PackOptions(
        case_ids=tuple(cases or ()),
        include_closed=all_cases,
        letters=letters,
        cards=cards,
        paper=chosen_paper,
        lang=lang or cfg.lang or "en",
        card_format=choose_format(To.individual, card_format, chosen_paper, cfg.card_format),
        design=design,
        event=Event(name=event, date=event_date, group=group or cfg.group),
        date=event_date or dt.date.today(),
        # Envelopes carry the group's return address; letters leave the sender blank for each writer.
        return_address=make_sender(cfg.sender.name or cfg.group, cfg.sender.address or None),
        templates=templates,
    )
    dest = destination(output, zipped)
    plan = plan_pack(CaseLibrary.open(cases_dir), options)
    for message in plan.warnings:
        warn(message)
    result = run(plan, dest, force=force)
    for message in result.warnings[len(plan.warnings):]:
        warn(message)
    if as_json:
        print_json(
            {
                "output": str(dest.path),
                "zip": dest.zipped,
                "files": manifest_entries(result.files),
                "counts": result.counts(),
                "pages": result.pages,
                "warnings": result.warnings,
            }
        )
        return
    counts = ", ".join(f"{n} {kind}" for kind, n in result.counts().items())
    info(f"wrote {dest.path}: {len(result.files)} files, {result.pages} pages to print ({counts})")
