"""``w4r pack``: an event pack (briefings, letters, cards, envelopes, poster, tally sheet, index)."""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer

from w4r.cli.root import app
from w4r.cli.common import CASES_DIR, TEMPLATES, card_formats_help, papers_help, settings
from w4r.cli.console import info, print_json, warn
from w4r.cli.letter import Paper, To, check_config_card_format, parse_date
from w4r.render.designs import design_names


@app.command("pack")
def pack(
    cases: Optional[List[str]] = typer.Argument(None, help="Case ids (default: every open case; see 'w4r cases')."),
    output: str = typer.Option(..., "-o", "--output", help="Folder to write the pack to (or a .zip file)."),
    all_cases: bool = typer.Option(False, "--all", help="Include closed cases when no case is named."),
    zipped: bool = typer.Option(False, "--zip", help="Write one zip archive (DIR.zip) instead of a folder."),
    letters: int = typer.Option(1, "--letters", help="Appeal letters per case, in one PDF (0: none)."),
    cards: int = typer.Option(1, "--cards", help="Solidarity cards per case (0: none)."),
    paper: Optional[Paper] = typer.Option(None, "--paper", case_sensitive=False, help=f"{papers_help()} (default: config file, else a4)."),
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
    from w4r.api import PackOptions, pack as make_pack
    from w4r.cli.words import notice_words
    from w4r.pack.manifest import manifest_entries

    cfg = settings()
    chosen_paper = paper.value if paper else cfg.paper or "a4"
    result = make_pack(PackOptions(
        output, cases=tuple(cases or ()), include_closed=all_cases, zipped=zipped, letters=letters, cards=cards,
        paper=chosen_paper, lang=lang or cfg.lang or "en", card_format=check_config_card_format(To.individual, card_format, cfg.card_format),
        design=design, event=event, group=group or cfg.group, date=parse_date(date),
        return_name=cfg.sender.name or cfg.group, return_address=cfg.sender.address or None,
        force=force, cases_dir=cases_dir, templates=templates,
    ), on_warning=lambda w: warn(notice_words(w)))
    dest = result.destination
    if as_json:
        print_json(
            {
                "output": str(dest.path),
                "zip": dest.zipped,
                "files": manifest_entries(result.files),
                "counts": result.counts(),
                "pages": result.pages,
                "warnings": [notice_words(w) for w in result.warnings],
            }
        )
        return
    counts = ", ".join(f"{n} {kind}" for kind, n in result.counts().items())
    info(f"wrote {dest.path}: {len(result.files)} files, {result.pages} pages to print ({counts})")
