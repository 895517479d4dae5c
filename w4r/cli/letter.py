"""``w4r letter``: one appeal letter, or (``--to individual``) one solidarity card.

``--format`` is a plain string checked against the formats of the chosen
``--to``: AUTHORITY_FORMATS maps each letter format to its writer (add email or
text formats there), and card formats come from ``render.card.CARD_FORMATS``.
"""

from __future__ import annotations

import datetime as dt
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Optional

import typer

from w4r.cli.root import app
from w4r.cli.common import CASES_DIR, TEMPLATES, card_formats_help, case_argument, resolve_sender, settings, warn_closed
from w4r.cli.console import info, warn
from w4r.errors import InputError, StrictWarningsError
from w4r.output import check_writable, emit
from w4r.render.designs import design_names, parse_design

# Cases, composing and rendering are imported by the functions that use them:
# 'w4r --help' and the other commands do not pay for ReportLab, Jinja or pydantic.
if TYPE_CHECKING:
    from w4r.cases.schema import Case
    from w4r.compose.letter import Letter
    from w4r.compose.rules import RuleHit


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
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InputError(f"--date {value!r} is not a date; write it as YYYY-MM-DD, e.g. 2026-12-10") from None


def _letter_pdf(composed: Letter, paper: str) -> bytes:
    from w4r.render.letter import render_letter

    return render_letter(composed, paper=paper)


def _digital(fmt: str) -> Callable[[Letter, str], bytes]:
    def write(composed: Letter, paper: str) -> bytes:
        from w4r.compose.email import render_digital

        return render_digital(composed, fmt)[0]

    return write


# --to authorities: format -> (file suffix, writer).  New formats (email, eml, txt)
# add one entry here; the option, its check and the default file name follow.
AUTHORITY_FORMATS: dict[str, tuple[str, Callable[[Letter, str], bytes]]] = {
    "pdf": (".pdf", _letter_pdf),
    "email": (".txt", _digital("email")),  # To, Subject and the text; printed unless -o is given
    "eml": (".eml", _digital("eml")),
    "txt": (".txt", _digital("txt")),
}


def formats_for(to: To) -> tuple[str, ...]:
    if to is To.authorities:
        return tuple(AUTHORITY_FORMATS)
    from w4r.render.card import CARD_FORMATS  # cards only: a letter does not load the card layouts

    return tuple(CARD_FORMATS)


def choose_format(to: To, value: str | None, paper: str, config_card_format: str | None) -> str:
    """The --format value checked against --to, or the default for it (cards: from the paper)."""
    from w4r.render.formats import default_card_format

    allowed = formats_for(to)
    if value is None:
        if to is To.authorities:
            return "pdf"
        if config_card_format is not None:
            if config_card_format not in allowed:
                raise InputError(f"card_format {config_card_format!r} in your config file is not a card format; use one of {', '.join(allowed)}")
            return config_card_format
        return default_card_format(paper)
    value = value.strip().lower()
    if value not in allowed:
        raise InputError(f"--format {value} does not apply to --to {to.value}; choose one of {', '.join(allowed)}")
    return value


def strict_or_warn(warnings: list[str], strict: bool, what: str) -> None:
    """With --strict, any warning stops the command (exit code 1) before anything is written."""
    if strict and warnings:
        more = f" (and {len(warnings) - 1} more)" if len(warnings) > 1 else ""
        raise StrictWarningsError(f"{warnings[0]}{more}; --strict turns this into an error: {what}")


def _hit_lines(hits: tuple[RuleHit, ...] | list[RuleHit]) -> list[str]:
    return [h.describe() for h in hits]


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
    paper: Optional[Paper] = typer.Option(None, "--paper", case_sensitive=False, help="a4 (DIN 5008, DL window envelope) or letter (US #10 window envelope)."),
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
    # Cards, e-mail and the tally are imported only on their branches: a PDF letter is
    # the most common job, and start-up is most of its time.
    from w4r.cases import CaseLibrary
    from w4r.compose.letter import compose_letter
    from w4r.typeset.fonts import missing_warnings

    cfg = settings()
    if lang:
        from w4r.compose.languages import canonical_code

        lang = canonical_code(lang)  # "zh-hant" as typed is "zh-Hant"
    if event is not None and not count:
        raise InputError("--event goes with --count (or use 'w4r tally add --event')")
    if event is not None:
        from w4r.tally import clean_event

        clean_event(event)  # a bad event name stops the command before anything is made
    the_case = CaseLibrary.open(cases_dir).get(case)
    paper_name = paper.value if paper else cfg.paper or "a4"
    chosen = choose_format(to, fmt, paper_name, cfg.card_format)
    if to is To.individual:
        if target != 1 or bilingual:
            raise InputError("--target and --bilingual are for letters to the authorities; a card goes to the person (--to individual)")
        _card(the_case, chosen, output=output, sender=resolve_sender(sender_name, address, cfg), message=read_message(message, message_file),
              lang=lang, design=design, outline=outline, strict=strict, force=force, templates=templates)
        if count:
            from w4r.render.card import CARD_FORMATS

            layout = CARD_FORMATS[chosen].layout
            _count(the_case.id, "cards", layout.capacity if layout else 1, event)
        return
    if design is not None or outline:
        raise InputError("--design and --outline are for cards (--to individual)")
    suffix, writer = AUTHORITY_FORMATS[chosen]
    out = output if output is not None else ("-" if chosen == "email" else f"{the_case.id}-authorities{suffix}")
    if out != "-":
        check_writable(out, force=force)
    composed = compose_letter(
        the_case,
        target_number=target,
        sender=resolve_sender(sender_name, address, cfg),
        message=read_message(message, message_file),
        lang=lang or cfg.lang or "en",
        bilingual=bilingual,
        date=parse_date(date),
        templates=templates,
        glyph_check=missing_warnings,
        for_the_record=force,
        lang_fallback=not lang,  # the config file's language is a preference; --lang is a demand
    )
    if composed.for_the_record and count:
        raise InputError("--count is for letters you will post; this one is for the record only (the case's status rules the appeal out)")
    extra = []
    if chosen != "pdf":
        from w4r.compose.email import digital_warnings

        extra = digital_warnings(composed, chosen)
    strict_or_warn(list(composed.warnings) + extra, strict, "fix the letter or leave out --strict")
    data = writer(composed, paper_name)
    warn_closed(the_case, "record" if composed.for_the_record else "letter")
    for w in list(composed.warnings) + extra:
        warn(w)
    fell_back = not lang and cfg.lang and composed.primary.lang.code != cfg.lang  # the config's language was not used
    for note in composed.notes:
        info(f"note: {note}" + (f" (your config file says lang: {cfg.lang}; choose with --lang)" if fell_back and not note.startswith("--bilingual") else ""))
    where = emit(out, data, force=force)
    if out != "-":
        marked = f" (for the record only, {composed.rule}: do not post it)" if composed.for_the_record else ""
        asked = f" ({composed.rule})" if composed.rule.startswith("ask for") else ""
        info(f"wrote {where}{marked}{asked}")
    if count:
        _count(the_case.id, "emails" if chosen in ("email", "eml") else "letters", 1, event)


def _count(case_id: str, kind: str, n: int, event: str | None) -> None:
    """--count: the user says this will be sent, so it goes in the tally now."""
    from w4r.tally import describe_counts, record

    entry = record(case_id, event=event, **{kind: n})
    info(f"counted {describe_counts(entry.counts())} for {case_id} in the tally (undo with 'w4r tally undo')")


def _card(the_case: Case, fmt: str, *, output, sender, message, lang, design, outline, strict, force, templates) -> None:
    """The --to individual branch: compose, check the card rules, render, write."""
    from w4r.compose.card import compose_card, design_hits
    from w4r.render.card import CARD_FORMATS, render_card

    chosen_design, outline = parse_design(design, outline)
    out = output if output is not None else f"{the_case.id}-card.pdf"
    if out != "-":
        check_writable(out, force=force)
    card = compose_card(the_case, sender=sender, message=message, lang=lang, templates=templates)
    if lang and card.greeting_lang and card.greeting_lang != lang:
        from w4r.compose.languages import display_name

        info(f"note: the greeting is in {card.greeting_lang}, {display_name(card.greeting_lang)}: the case's form of {lang}")
    hits = list(card.hits) + list(design_hits(the_case, chosen_design.motifs, templates))
    from w4r.typeset.fonts import missing_warnings

    # Characters no font has (a private-use code, a rare script) would print as a gap: said, as for letters.
    glyphs = missing_warnings(card.message_text, "card message (--message)") + (missing_warnings(card.signature, "your name (--from)") if card.signature else [])
    strict_or_warn(_hit_lines(hits) + glyphs, strict, "rewrite the message or leave out --strict")
    pdf = render_card(card, fmt, design=chosen_design, outline=outline)
    warn_closed(the_case, "card")
    for line in _hit_lines(hits) + glyphs:
        warn(line)
    where = emit(out, pdf, force=force)
    if out != "-":
        info(f"wrote {where}")
        info(f"to print: {CARD_FORMATS[fmt].how_to_print}")
