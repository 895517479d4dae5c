"""What goes into an event pack: which cases, which files, and how each file is printed.

A plan is data plus one ``make`` function per file; nothing is rendered or
written here.  ``run.build`` renders the files, then the index (which needs
their page counts), then the manifest.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from w4r.cases import CaseLibrary
from w4r.cases.schema import Case
from w4r.compose.environment import template_dirs
from w4r.compose.languages import load_language
from w4r.compose.card import compose_card, design_hits
from w4r.compose.envelope import authorities_envelope, individual_envelope
from w4r.compose.letter import compose_letter
from w4r.compose.notices import Notice
from w4r.compose.sender import Sender
from w4r.errors import InputError, NotFoundError
from w4r.render import formats
from w4r.pack.sheets.briefing import render_briefing
from w4r.render.card_type import CARD_FORMATS, card_format
from w4r.render.card_copies import cards_printed, render_card_copies
from w4r.render.designs import parse_design
from w4r.render.envelope import render_envelope
from w4r.pack.sheets.handout import Event, human_date
from w4r.pack.sheets.index import KindInfo
from w4r.render.letter_copies import render_letter_copies
from w4r.pack.sheets.poster import render_poster
from w4r.pack.sheets.tallysheet import render_tally_sheet
from w4r.typeset.fonts import FontBook
from w4r.typeset.glyphcheck import missing_report

_FILE_PATHS = re.compile(r" \([^()]*[/\\][^()]*\)")  # " (/path/to/file, ...)" in a message

MAX_COPIES = 200  # per case and kind: a typing slip (--letters 1000) should not fill a disk

# Event-wide files come first in a file browser; each case has a folder named by its id
# (case ids are lowercase letters, digits and dashes, so they cannot clash with these names).
INDEX_PATH = "00-index.pdf"
POSTER_PATH = "01-poster.pdf"
TALLY_PATH = "02-tally-sheet.pdf"
MANIFEST_PATH = "manifest.json"



@dataclass(frozen=True)
class PackOptions:
    case_ids: tuple[str, ...] = ()
    include_closed: bool = False
    letters: int = 1
    cards: int = 1
    paper: str = "a4"
    lang: str = "en"
    card_format: str | None = None
    design: str | None = None
    event: Event = field(default_factory=Event)
    date: dt.date = field(default_factory=dt.date.today)
    return_address: Sender = field(default_factory=Sender)
    templates: Path | None = None


@dataclass(frozen=True)
class PlannedFile:
    path: str  # relative to the pack folder, with forward slashes
    kind: str
    case: Case | None
    make: Callable[[], bytes]


@dataclass
class Plan:
    options: PackOptions
    cases: list[Case]
    kinds: list[KindInfo]  # every kind of file in the pack, in the order the index lists them
    files: list[PlannedFile]
    warnings: list[str]  # for the terminal
    notes: list[str]  # for the index; the warnings a group acts on at the printer or post office
    fb: FontBook  # the fonts every file of the pack is set in, the index too


def select_cases(library: CaseLibrary, ids: tuple[str, ...], include_closed: bool) -> list[Case]:
    """The named cases in the order given (once each), or every open case (every case with --all)."""
    if ids:
        seen: dict[str, Case] = {}
        for case_id in ids:
            case = library.get(case_id)
            seen.setdefault(case.id, case)
        return list(seen.values())
    cases = library.all()
    chosen = cases if include_closed else [c for c in cases if not c.closed]
    if not chosen:
        if not cases:
            raise NotFoundError(f"the case folder {library.directory} has no case files")
        raise InputError("every case in the library is closed; name the cases you want, or include the closed ones",
                         code="all-cases-closed", field="cases", hint="include_closed")
    return chosen


def _check_counts(options: PackOptions) -> None:
    for name, value in (("letters", options.letters), ("cards", options.cards)):
        if not 0 <= value <= MAX_COPIES:
            raise InputError(f"{name} {value}: give a number from 0 to {MAX_COPIES}", code="copies-out-of-range", field=name,
                             params={"value": value, "most": MAX_COPIES})


def _letter_for(case: Case, options: PackOptions, warnings: list[str], notes: list[str], fb: FontBook):
    """The case's appeal letter to its first target, unsigned; in English where --lang cannot be had."""
    target = case.targets[0]
    lang = options.lang
    problem = None
    from w4r.compose.languages import match_language

    if match_language(lang, [*target.languages, "en"]) is None:
        problem = f"{target.title} accepts {', '.join(target.languages)}, not {lang}"
    else:
        try:
            return _with_warnings(compose_letter(case, target_number=1, sender=Sender(), lang=lang, date=options.date, templates=options.templates, glyph_check=lambda text: missing_report(text, fb)), warnings, notes)
        except NotFoundError:
            problem = f"the case has no {lang} translation yet"
    warnings.append(f"letters for {case.id} are in English: {problem}")
    notes.append(f"Letters for {case.id} are in English: {problem}.")
    return _with_warnings(compose_letter(case, target_number=1, sender=Sender(), lang="en", date=options.date, templates=options.templates, glyph_check=lambda text: missing_report(text, fb)), warnings, notes)


def _with_warnings(letter, warnings: list[str], notes: list[str]):
    """Pass on what the letter's composition warns about (e.g. a translation nobody has checked)."""
    for message in letter.warnings:
        warnings.append(f"letters for {letter.case_id}: {message}")
        # The printed note leaves out file paths: they differ from one computer to the next.
        notes.append(f"Letters for {letter.case_id}: {_FILE_PATHS.sub('', message)}.")
    return letter


def chosen_format(options: PackOptions) -> str:
    name = options.card_format or formats.default_card_format(options.paper)
    card_format(name)  # an unknown format is an InputError naming the choices
    return name


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n != 1 else ''}"




def _kinds(options: PackOptions) -> list[KindInfo]:
    paper = formats.paper(options.paper).title
    n = options.letters
    kinds = [
        KindInfo("index", INDEX_PATH, "This list: what is in the pack and how to print it", f"{paper}, one-sided, for the organiser."),
        KindInfo("poster", POSTER_PATH, "Poster: the event and the people you write for", f"{paper}, one-sided; enlarge to {formats.paper(options.paper).larger} on a copier for a wall."),
        KindInfo("tally-sheet", TALLY_PATH, "Sign-up and tally sheet, with the totals per case for your section", f"{paper}, one-sided; one per table (print more for a big event)."),
        KindInfo("manifest", MANIFEST_PATH, "Every file with its kind, pages and checksum, for your records", "Do not print."),
        KindInfo("briefing", "CASE/briefing.pdf", "Briefing sheet: story, the ask, addresses, card rules, QR code", f"{paper}, one-sided; one for each writing table."),
    ]
    if n:
        kinds.append(
            KindInfo(
                "letters",
                "CASE/letters.pdf",
                f"{n} appeal letter{'s' if n != 1 else ''} to the first official on the briefing sheet, ready to sign",
                f"{paper}, one-sided. Writers fill in their name and address at the top and sign. "
                f"Fold in three at the marks on the left edge: the address shows in {formats.paper(options.paper).window}.",
            )
        )
    if n:
        size = formats.paper(options.paper).envelope
        kinds.append(
            KindInfo(
                "envelope-appeal",
                "CASE/envelope-appeal.pdf",
                "Envelope for an appeal letter: the official's address, your return address, a box for the stamp",
                f"Only for plain envelopes (window envelopes need none): {formats.ENVELOPES[size].title} through the "
                f"printer's envelope feed, one-sided; one for each letter.",
            )
        )
    if options.cards:
        fmt = chosen_format(options)
        made = cards_printed(fmt, options.cards)
        rounded = f" ({options.cards} asked for, filled up to whole sheets)" if made != options.cards else ""
        kinds.append(
            KindInfo(
                "cards",
                "CASE/cards.pdf",
                f"{_plural(made, 'solidarity card')} ({fmt}){rounded}: a greeting in the person's language, lines to write on",
                CARD_FORMATS[fmt].how_to_print[:1].upper() + CARD_FORMATS[fmt].how_to_print[1:] + ".",
            )
        )
        size = formats.CARD_SIZES[fmt].envelope
        kinds.append(
            KindInfo(
                "envelope-cards",
                "CASE/envelope-cards.pdf",
                "One envelope for all the cards of the case, to the person's solidarity address",
                f"{formats.ENVELOPES[size].title} through the printer's envelope feed, one-sided; "
                f"all the case's cards go in it, once checked against the card rules.",
            )
        )
    return kinds


def _case_files(case: Case, options: PackOptions, warnings: list[str], notes: list[str], fb: FontBook) -> list[PlannedFile]:
    files = [
        PlannedFile(f"{case.id}/briefing.pdf", "briefing", case, lambda: render_briefing(case, paper=options.paper, printed=options.date, group=options.event.group, fb=fb)),
    ]
    from w4r.cases.status import appeal_rule

    rule = appeal_rule(case)
    # Which status rule applied to this case's letters, for the terminal and the index.
    if options.letters and not rule.writes_letter:
        why = case.card_only if rule.kind == "card-only" else f"{rule.label} ({rule.event})"
        warnings.append(f"no letters for {case.id}: {why}")
        notes.append(f"No letters for {case.id}: {why}.")
    elif options.letters and rule.kind == "status-ask":
        notes.append(f"Letters for {case.id} give the case's {rule.label}.")
    if options.letters and rule.writes_letter:
        letter = _letter_for(case, options, warnings, notes, fb)
        files.append(PlannedFile(f"{case.id}/letters.pdf", "letters", case, lambda: render_letter_copies(letter, options.paper, options.letters, fb=fb)))
        appeal = authorities_envelope(case, target_number=1, sender=options.return_address, date=options.date)
        _address_warnings(appeal, warnings, notes, said=letter.warnings)  # the letter already named its official
        size = formats.paper(options.paper).envelope
        files.append(PlannedFile(f"{case.id}/envelope-appeal.pdf", "envelope-appeal", case, lambda: render_envelope(appeal, size, fb=fb)))
    if options.cards:
        files += _card_files(case, options, warnings, notes, fb)
    return files


def _address_warnings(envelope, warnings: list[str], notes: list[str], said: tuple[str, ...] = ()) -> None:
    for message in envelope.unverified:
        if message in said:
            continue
        warnings.append(message)
        notes.append(message[:1].upper() + message[1:] + ".")


def _card_files(case: Case, options: PackOptions, warnings: list[str], notes: list[str], fb: FontBook) -> list[PlannedFile]:
    solidarity = case.solidarity
    if solidarity is None:
        warnings.append(f"case {case.id} has no solidarity section: no cards in its folder")
        notes.append(f"No cards for {case.id}: the case file has no solidarity address or card rules; write appeal letters only.")
        return []
    fmt = chosen_format(options)
    design, outline = parse_design(options.design)
    # Greetings in the language asked for when the case has some, else in the person's own.
    lang = options.lang if any(gr.lang.split("-")[0] == options.lang.split("-")[0] for gr in solidarity.greetings) else None
    card = compose_card(case, sender=Sender(), lang=lang, templates=options.templates)
    for hit in design_hits(case, design.motifs, options.templates):
        warnings.append(Notice(f"cards for {case.id}: {hit.describe()}; choose another design", "design-breaks-rule",
                               case=case.id, rule=hit.rule, hit=hit.describe()))
        notes.append(f"Cards for {case.id}: the picture may break a card rule ({hit.describe()}); choose another design.")
    files = [PlannedFile(f"{case.id}/cards.pdf", "cards", case, lambda: render_card_copies(card, fmt, design=design, outline=outline, copies=options.cards, fb=fb))]
    if not solidarity.has_address:
        warnings.append(f"case {case.id} has no postal address for solidarity cards: no card envelope; send its cards through your Amnesty section")
        notes.append(f"No card envelope for {case.id}: the case has no postal address for cards. Give its cards to your Amnesty section, which sends them on.")
        return files
    count = cards_printed(fmt, options.cards)
    envelope = individual_envelope(case, sender=options.return_address, count=count)
    _address_warnings(envelope, warnings, notes)
    if envelope.sender_note and not options.return_address.empty:
        notes.append(f"Card envelope for {case.id}: {envelope.sender_note}.")
    size = formats.CARD_SIZES[fmt].envelope
    files.append(PlannedFile(f"{case.id}/envelope-cards.pdf", "envelope-cards", case, lambda: render_envelope(envelope, size, fb=fb)))
    return files


def plan_pack(library: CaseLibrary, options: PackOptions, *, fb: FontBook) -> Plan:
    _check_counts(options)
    load_language(options.lang, tuple(template_dirs(options.templates)))  # an unknown --lang fails before any work
    cases = select_cases(library, options.case_ids, options.include_closed)
    warnings: list[str] = []
    notes: list[str] = []
    closed = [c for c in cases if c.closed]
    if closed:
        listing = ", ".join(f"{c.id} ({c.status.label} on {c.current.date.isoformat()})" for c in closed)
        warnings.append(f"the pack includes closed cases: {listing}; check with your section before posting anything for them")
        notes.append(f"Closed cases (good news): {listing}. Check with your section before posting anything for them.")
    event = options.event
    files = [
        PlannedFile(POSTER_PATH, "poster", None, lambda: render_poster(cases, event, paper=options.paper, fb=fb)),
        PlannedFile(TALLY_PATH, "tally-sheet", None, lambda: render_tally_sheet(cases, event, paper=options.paper, fb=fb)),
    ]
    for case in cases:
        files += _case_files(case, options, warnings, notes, fb)
    if event.date is None:
        notes.append(f"Letters are dated {human_date(options.date)}; make the pack again with --date for another day.")
    return Plan(options, cases, _kinds(options), files, warnings, notes, fb)
