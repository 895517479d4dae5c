"""``w4r envelope``: an envelope to print on, for the appeal letter or for the cards (the job: ``w4r.api.envelopes``)."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Optional

import typer

from w4r.cli.root import app
from w4r.cli.common import CASES_DIR, case_argument, envelopes_help, papers_help, settings
from w4r.cli.console import info, warn
from w4r.cli.letter import Paper, To
from w4r.errors import InputError


@app.command("envelope")
def envelope(
    case: str = case_argument(),
    to: To = typer.Option(To.authorities, "--to", case_sensitive=False, help="authorities: for the appeal letter; individual: for the cards, to the solidarity address."),
    size: Optional[str] = typer.Option(
        None, "--size", help=f"{envelopes_help()}."
    ),
    target: int = typer.Option(1, "--target", help="Which target to write to, when a case has several (see 'w4r show')."),
    cards: Optional[int] = typer.Option(None, "--cards", help="How many cards the envelope holds (printed on it; --to individual)."),
    # --count adds to the tally on every command that takes it; an envelope is not counted.
    count: Optional[str] = typer.Option(None, "--count", hidden=True),
    output: Optional[str] = typer.Option(None, "-o", "--output", help="Output file ('-' for standard output)."),
    sender_name: Optional[str] = typer.Option(None, "--from", help="Your name, for the return address."),
    address: Optional[str] = typer.Option(None, "--address", help="Your address: lines separated by newlines or '|'."),
    paper: Optional[Paper] = typer.Option(None, "--paper", case_sensitive=False, help=f"{papers_help()}: picks the default --size."),
    strict: bool = typer.Option(False, "--strict", help="Stop with exit code 1 instead of warning (e.g. about an unverified address)."),
    force: bool = typer.Option(False, "--force", help="Overwrite the output file if it exists; for a case whose person is free, make the old envelope for the record."),
    date: Optional[str] = typer.Option(None, "--date", help="The day you post it (YYYY-MM-DD), for the check of how recently the official was verified; default today."),
    cases_dir: Optional[Path] = CASES_DIR,
) -> None:
    """Print an envelope (page size = envelope size) for a case's letter or cards."""
    from w4r.api import EnvelopeOptions, envelope as make_envelope
    from w4r.cli.words import notice_words
    from w4r.output import STDOUT, emit

    if count is not None:
        raise InputError(f"--count {count}: the number of cards in an envelope is --cards {count}; --count (on letter and batch) adds to the tally")
    cfg = settings()
    options = EnvelopeOptions(
        case, to=to.value, size=size, paper=paper.value if paper else cfg.paper or "a4", target=target, cards=cards,
        sender_name=sender_name if sender_name is not None else cfg.sender.name,
        address=address if address is not None else (cfg.sender.address or None),
        date=date, strict=strict, force=force, for_the_record=force, cases_dir=cases_dir,
    )
    to_file = output != STDOUT
    if output is None:
        options = dataclasses.replace(options, output_dir=Path("."))  # the default name, in the current folder
    elif to_file:
        options = dataclasses.replace(options, output=output)
    result = make_envelope(options)
    if result.closed is not None:
        warn(str(result.closed))
    for w in result.warnings:
        warn(notice_words(w))
    for note in result.notes:
        info(f"note: {note}")
    if to_file:
        info(f"wrote {result.path}")
    else:
        emit(STDOUT, result.data, force=force)
