"""``w4r letter``: one appeal letter (or, with --to individual, one solidarity card)."""

from __future__ import annotations

import datetime as dt
from enum import Enum
from pathlib import Path
from typing import Optional

import typer

from w4r.cases import CaseLibrary
from w4r.cli.app import app
from w4r.cli.common import CASES_DIR, TEMPLATES, resolve_sender, settings, warn_closed
from w4r.cli.console import info
from w4r.compose.letter import compose_letter
from w4r.errors import InputError
from w4r.output import emit, check_writable
from w4r.render.letter import render_letter


class To(str, Enum):
    authorities = "authorities"
    individual = "individual"


class Paper(str, Enum):
    a4 = "a4"
    letter = "letter"


def read_message(message: str | None, message_file: Path | None) -> str | None:
    if message and message_file:
        raise InputError("give either --message or --message-file, not both")
    if message_file is None:
        return message
    try:
        raw = message_file.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read {message_file}: {exc.strerror}") from None
    if len(raw) > 100_000:
        raise InputError(f"{message_file} is {len(raw) // 1000} kB; a personal message is at most 100 kB")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(f"{message_file} is not UTF-8 text; save it as UTF-8") from None


def parse_date(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InputError(f"--date {value!r} is not a date; write it as YYYY-MM-DD, e.g. 2026-12-10") from None


@app.command("letter")
def letter(
    case: str = typer.Argument(..., help="Case id, e.g. sasha (see 'w4r cases')."),
    to: To = typer.Option(To.authorities, "--to", help="authorities: the appeal letter; individual: the solidarity card."),
    output: Optional[str] = typer.Option(None, "-o", "--output", help="Output file ('-' for standard output)."),
    sender_name: Optional[str] = typer.Option(None, "--from", help="Your name, as you sign the letter."),
    address: Optional[str] = typer.Option(None, "--address", help="Your address: lines separated by newlines or '|'."),
    message: Optional[str] = typer.Option(None, "--message", help="A personal paragraph in your own words."),
    message_file: Optional[Path] = typer.Option(None, "--message-file", help="Read the personal paragraph from a UTF-8 text file."),
    target: int = typer.Option(1, "--target", help="Which target to write to, when a case has several (see 'w4r show')."),
    paper: Optional[Paper] = typer.Option(None, "--paper", help="a4 (DIN 5008, DL window envelope) or letter (US #10 window envelope)."),
    lang: Optional[str] = typer.Option(None, "--lang", help="Language of the letter, e.g. en, ru, fr (must be one the target accepts)."),
    bilingual: bool = typer.Option(False, "--bilingual", help="Print the letter in --lang followed by an English version."),
    date: Optional[str] = typer.Option(None, "--date", help="Date printed on the letter (YYYY-MM-DD); default today."),
    force: bool = typer.Option(False, "--force", help="Overwrite the output file if it exists."),
    cases_dir: Optional[Path] = CASES_DIR,
    templates: Optional[Path] = TEMPLATES,
) -> None:
    """Write an appeal letter (or solidarity card) for a case as a print-ready PDF."""
    cfg = settings()
    the_case = CaseLibrary.open(cases_dir).get(case)
    if to is To.individual:
        raise InputError("solidarity cards are made with 'w4r card' until --to individual lands")  # replaced by part 2
    out = output or f"{the_case.id}-authorities.pdf"
    if out != "-":
        check_writable(Path(out), force=force)
    warn_closed(the_case)
    composed = compose_letter(
        the_case,
        target_number=target,
        sender=resolve_sender(sender_name, address, cfg),
        message=read_message(message, message_file),
        lang=lang or cfg.lang or "en",
        bilingual=bilingual,
        date=parse_date(date),
        templates=templates,
    )
    pdf = render_letter(composed, paper=(paper.value if paper else cfg.paper or "a4"))
    where = emit(out, pdf, force=force)
    if out != "-":
        info(f"wrote {where}")
