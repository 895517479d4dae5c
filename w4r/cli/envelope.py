"""``w4r envelope``: an envelope to print on, for the appeal letter or for the cards."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from w4r.cli.root import app
from w4r.cli.common import CASES_DIR, case_argument, envelopes_help, resolve_sender, settings, warn_closed
from w4r.cli.console import info, warn
from w4r.cli.letter import Paper, To, strict_or_warn
from w4r.errors import InputError
from w4r.output import check_writable, emit

MAX_CARDS_PER_ENVELOPE = 100  # a padded envelope of cards; beyond it the number is a typing slip


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
    paper: Optional[Paper] = typer.Option(None, "--paper", case_sensitive=False, help="a4 or letter: picks the default --size."),
    strict: bool = typer.Option(False, "--strict", help="Stop with exit code 1 instead of warning (e.g. about an unverified address)."),
    force: bool = typer.Option(False, "--force", help="Overwrite the output file if it exists; for a case whose person is free, make the old envelope for the record."),
    date: Optional[str] = typer.Option(None, "--date", help="The day you post it (YYYY-MM-DD), for the check of how recently the official was verified; default today."),
    cases_dir: Optional[Path] = CASES_DIR,
) -> None:
    """Print an envelope (page size = envelope size) for a case's letter or cards."""
    # Imported here so that the other commands and --help do not load them.
    from w4r.cases import CaseLibrary
    from w4r.compose.envelope import authorities_envelope, individual_envelope
    from w4r.render import formats
    from w4r.render.envelope import envelope_geometry, render_envelope

    cfg = settings()
    the_case = CaseLibrary.open(cases_dir).get(case)
    size_name = (size or formats.paper(paper.value if paper else cfg.paper or "a4").envelope).strip().lower()
    envelope_geometry(size_name)  # an unknown size fails before any other work
    if count is not None:
        raise InputError(f"--count {count}: the number of cards in an envelope is --cards {count}; --count (on letter and batch) adds to the tally")
    if cards is not None:
        if to is To.authorities:
            raise InputError("--cards is for envelopes of cards (--to individual)")
        if cards < 1:
            raise InputError(f"--cards {cards}: give the number of cards in the envelope, 1 or more")
        if cards > MAX_CARDS_PER_ENVELOPE:
            raise InputError(f"--cards {cards}: an envelope holds at most {MAX_CARDS_PER_ENVELOPE} cards; use more envelopes")
    if to is To.individual and target != 1:
        raise InputError("--target is for envelopes to the authorities; cards go to the person's solidarity address")
    out = output if output is not None else f"{the_case.id}-envelope-{to.value}.pdf"
    if out != "-":
        check_writable(out, force=force)
    sender = resolve_sender(sender_name, address, cfg)
    if to is To.authorities:
        from w4r.cli.letter import parse_date

        env = authorities_envelope(the_case, target_number=target, sender=sender, date=parse_date(date), for_the_record=force)
    else:
        env = individual_envelope(the_case, sender=sender, count=cards)
    pdf = render_envelope(env, size_name)
    from w4r.typeset.fonts import missing_warnings

    glyphs = [w for i, line in enumerate(env.sender) for w in missing_warnings(line, "your name (--from)" if i == 0 and sender.name else "your address (--address)")]
    strict_or_warn(list(env.unverified) + glyphs, strict, "check the address or leave out --strict")
    warn_closed(the_case, "record" if to is To.authorities and force and the_case.status.no_appeal else "letter")
    for w in list(env.unverified) + glyphs:
        warn(w)
    if env.sender_note:
        info(f"note: {env.sender_note}")
    where = emit(out, pdf, force=force)
    if out != "-":
        info(f"wrote {where}")
