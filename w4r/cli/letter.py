"""``w4r letter``: one appeal letter, or (``--to individual``) one solidarity card.

The job is ``w4r.api.letters``; this command reads the arguments and the config
file, calls it, and turns its result (warnings and notes as data) and its
errors into lines on stderr (``w4r.cli.words``).  ``--format`` is checked
against the formats of the chosen ``--to`` by the job (``api.letters.choose_format``).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from enum import Enum
from pathlib import Path
from typing import Optional

import typer

from w4r.cli.root import app
from w4r.cli.common import CASES_DIR, TEMPLATES, card_formats_help, case_argument, papers_help, settings
from w4r.cli.console import info, warn
from w4r.errors import InputError
from w4r.render.designs import design_names


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
    from w4r.userfiles import MESSAGE, read_user_file

    raw = read_user_file(message_file, MESSAGE)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(f"{message_file} is not UTF-8 text; save it as UTF-8") from None


def parse_date(value: str | None) -> dt.date | None:
    from w4r.dates import parse_date as parse

    return parse(value, name="--date")


def check_config_card_format(to: To, value: str | None, config_card_format: str | None) -> str | None:
    """The --format to use: the option, else (cards) the config file's card_format, checked in the config's words."""
    if value is not None or to is To.authorities or config_card_format is None:
        return value
    from w4r.api.letters import formats_for

    allowed = formats_for(to.value)
    if config_card_format not in allowed:
        raise InputError(f"card_format {config_card_format!r} in your config file is not a card format; use one of {', '.join(allowed)}")
    return config_card_format


def print_notices(result) -> None:
    """A letter's or card's closed-case line, warnings and notes, in the command line's words."""
    from w4r.cli.words import notice_words

    if result.closed is not None:
        (info if result.closed.code == "case-free-card" else warn)(str(result.closed))
    for w in result.warnings:
        warn(notice_words(w))


@app.command("letter")
def letter(
    case: str = case_argument(),
    to: To = typer.Option(To.authorities, "--to", case_sensitive=False, help="authorities: the appeal letter; individual: the solidarity card."),
    output: Optional[str] = typer.Option(None, "-o", "--output", help="Output file ('-' for standard output)."),
    sender_name: Optional[str] = typer.Option(None, "--from", help="Your name, as you sign the letter."),
    address: Optional[str] = typer.Option(None, "--address", help="Your address: lines separated by newlines or '|'."),
    message: Optional[str] = typer.Option(None, "--message", help="A personal paragraph in your own words (on a card: the message inside)."),
    message_file: Optional[Path] = typer.Option(None, "--message-file", help="Read the personal paragraph from a UTF-8 text file."),
    target: int = typer.Option(1, "--target", help="Which target to write to, when a case has several (see 'w4r show')."),
    paper: Optional[Paper] = typer.Option(None, "--paper", case_sensitive=False, help=f"{papers_help(detail=True)}."),
    lang: Optional[str] = typer.Option(None, "--lang", help="Language of the letter, e.g. en, ru, zh (one the target accepts; zh finds zh-Hant, any case); on a card, the language of the greeting."),
    bilingual: bool = typer.Option(False, "--bilingual", help="Print the letter in --lang followed by an English version."),
    date: Optional[str] = typer.Option(None, "--date", help="Date printed on the letter (YYYY-MM-DD); default today."),
    fmt: Optional[str] = typer.Option(
        None,
        "--format",
        help=f"Letters: pdf, email (printed: To, Subject, text), eml (a file for your mail program), txt.  Cards: {card_formats_help()}.",
    ),
    design: Optional[str] = typer.Option(None, "--design", help=f"Card front: {', '.join(design_names())}."),
    outline: bool = typer.Option(False, "--outline", help="Card front as black outlines to colour in."),
    strict: bool = typer.Option(False, "--strict", help="Stop with exit code 1 instead of warning (e.g. when a card message breaks the case's card rules)."),
    force: bool = typer.Option(False, "--force", help="Overwrite the output file if it exists; for a case whose person is free, make the old appeal for the record."),
    count: bool = typer.Option(False, "--count", help="Add what this makes to the tally (a letter, an email or cards): only if you will send it."),
    event: Optional[str] = typer.Option(None, "--event", help="With --count: the event to count it under."),
    cases_dir: Optional[Path] = CASES_DIR,
    templates: Optional[Path] = TEMPLATES,
) -> None:
    """Write an appeal letter (or solidarity card) for a case as a print-ready PDF."""
    from w4r.api import LetterOptions, letter as make_letter
    from w4r.cli.words import notice_words
    from w4r.output import STDOUT, emit

    cfg = settings()
    paper_name = paper.value if paper else cfg.paper or "a4"
    fmt = check_config_card_format(to, fmt, cfg.card_format)
    options = LetterOptions(
        case, to=to.value, sender_name=sender_name if sender_name is not None else cfg.sender.name,
        address=address if address is not None else (cfg.sender.address or None), message=read_message(message, message_file),
        target=target, paper=paper_name, lang=lang, preferred_lang=cfg.lang, bilingual=bilingual, date=date, format=fmt,
        design=design, outline=outline, strict=strict, force=force, for_the_record=force and to is To.authorities,
        count=count, event=event, cases_dir=cases_dir, templates=templates,
    )
    if output is None and not (to is To.authorities and (fmt or "pdf").strip().lower() == "email"):
        options = dataclasses.replace(options, output_dir=Path("."))  # the default name, in the current folder
    elif output is None:
        output = STDOUT  # an email is printed unless -o is given
    to_file = output != STDOUT
    if output is not None and to_file:
        options = dataclasses.replace(options, output=output)
    result = make_letter(options)
    if result.kind == "card":
        for note in result.notes:
            info(f"note: {note}")
        print_notices(result)
        if to_file:
            info(f"wrote {result.path}")
            info(f"to print: {result.how_to_print}")
        else:
            emit(STDOUT, result.data, force=force)
    else:
        print_notices(result)
        fell_back = not lang and cfg.lang and result.lang != cfg.lang  # the config's language was not used
        for note in result.notes:
            bilingual_note = note.code.startswith("bilingual")
            info(f"note: {notice_words(note)}" + (f" (your config file says lang: {cfg.lang}; choose with --lang)" if fell_back and not bilingual_note else ""))
        if to_file:
            marked = f" (for the record only, {result.rule}: do not post it)" if result.for_the_record else ""
            asked = f" ({result.rule})" if result.rule.startswith("ask for") else ""
            info(f"wrote {result.path}{marked}{asked}")
        else:
            emit(STDOUT, result.data, force=force)
    if result.counted is not None:
        from w4r.tally import describe_counts

        info(f"counted {describe_counts(result.counted.counts())} for {result.case_id} in the tally (undo with 'w4r tally undo')")
