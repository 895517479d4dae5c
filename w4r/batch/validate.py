"""Checking every roster row against the cases before anything is printed.

Each good row becomes an Item holding its composed letter or card; each bad
one a Problem naming the row (as the spreadsheet numbers it), the column and
what to change.  The text a case's letter shares between all its writers is
composed once per case, target and language, not once per row.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import jinja2
from jinja2 import meta

from w4r.batch.headers import to_value
from w4r.batch.problems import Problem, row_problem
from w4r.batch.roster import Roster, RosterRow
from w4r.cases import CaseLibrary
from w4r.cases.schema import Case
from w4r.compose.environment import environment
from w4r.compose.languages import canonical_code
from w4r.compose.letter import Letter, compose_letter, personal_paragraphs
from w4r.compose.sender import MAX_LINE_CHARS, Sender, make_sender
from w4r.errors import CaseClosedError, W4RError
from w4r.typeset.glyphcheck import missing_chars, missing_report
from w4r.render.formats import PAPERS
from w4r.render.letter_first_page import sender_sizes
from w4r.typeset.fonts import FontBook

TO_VALUES = ("authorities", "individual")
KIND = {"authorities": "letter", "individual": "card"}


@dataclass
class Item:
    """A row that passed every check, ready to print."""

    row: int
    case_id: str
    to: str  # authorities | individual
    name: str
    group: str
    letter: Letter | None = None
    card: object | None = None  # w4r.compose.card.Card

    @property
    def rule(self) -> str:
        """Which status rule chose this row's wording (cases.status): "appeal", "ask for released status", "congratulations card"..."""
        made = self.letter if self.letter is not None else self.card
        return getattr(made, "rule", "")

    @property
    def kind(self) -> str:
        return KIND[self.to]


@dataclass
class Checked:
    items: list[Item]
    problems: list[Problem] = field(default_factory=list)
    cases: dict[str, Case] = field(default_factory=dict)  # the cases the rows name, by id

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if not p.warning]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.warning]

    def bad_rows(self) -> set[int]:
        return {p.row for p in self.errors if p.row is not None}


@dataclass
class Options:
    date: dt.date | None = None
    templates: Path | None = None
    default_lang: str = "en"
    strict: bool = False
    # Cards: compose one and say whether (and why not) it prints in the chosen
    # format; None while cards cannot be made.
    # make(case, sender, message, lang, labelled=...): ``labelled`` when the row has a group to print on the card.
    card_maker: Callable[..., tuple[object, list[str]]] | None = None
    card_format: str | None = None
    # The paper letters print on: a sender block is checked against it; None checks both.
    paper: str | None = None
    # The group's return address, for letters whose row has no address (cards carry only what the writer signs).
    return_address: str | None = None
    fb: FontBook = field(kw_only=True)  # what every row is measured with: the fonts it will print in


def template_uses_sender(templates: Path | None, lang: str) -> bool:
    """Whether the letter template reads ``sender``: then its text differs from writer to writer.

    A template that extends or includes another is assumed to, to be safe.
    """
    env = environment(templates)
    name = f"letters/appeal.{lang}.j2"
    try:
        source = env.loader.get_source(env, name)[0]
        ast = env.parse(source)
    except (jinja2.TemplateError, OSError):
        return True  # the composer reports the template's problem with its line
    if list(meta.find_referenced_templates(ast)):
        return True
    return "sender" in meta.find_undeclared_variables(ast)


def _missing_glyphs(*texts: str, fb: FontBook) -> str | None:
    # One text, a line each: the same characters in the same order as the texts one by one, a quarter of the calls.
    missing = missing_chars("\n".join(texts), fb=fb)
    if not missing:
        return None
    shown = " ".join(f"{ch} (U+{ord(ch):04X})" for ch in missing[:5])
    return f"no bundled font has {shown}; these print as gaps"


class _Composer:
    """Cases and shared letter texts, each loaded or composed once."""

    def __init__(self, library: CaseLibrary, options: Options):
        self.library = library
        self.options = options
        self._cases: dict[str, Case | W4RError] = {}
        self._letters: dict[tuple[str, str], Letter | W4RError] = {}
        self._per_writer: dict[str, bool] = {}

    def case(self, case_id: str) -> Case:
        key = case_id.strip().lower()
        if key not in self._cases:
            try:
                self._cases[key] = self.library.get(key)
            except W4RError as exc:
                self._cases[key] = exc
        found = self._cases[key]
        if isinstance(found, W4RError):
            raise found
        return found

    def letter(self, case: Case, lang: str, sender: Sender, message: str, personal: tuple[str, ...] | None = None) -> Letter:
        """The row's letter; ``personal``: ``personal_paragraphs(message)``, when the caller has it already."""
        opts = self.options
        if lang not in self._per_writer:
            self._per_writer[lang] = template_uses_sender(opts.templates, lang)
        if self._per_writer[lang]:
            return compose_letter(case, sender=sender, message=message, lang=lang, date=opts.date, templates=opts.templates, glyph_check=lambda text: missing_report(text, opts.fb))
        key = (case.id, lang)
        if key not in self._letters:
            try:
                self._letters[key] = compose_letter(case, sender=Sender(), lang=lang, date=opts.date, templates=opts.templates, glyph_check=lambda text: missing_report(text, opts.fb))
            except W4RError as exc:
                self._letters[key] = exc
        shared = self._letters[key]
        if isinstance(shared, W4RError):
            raise shared
        # The shared text object is kept (not copied): the renderer recognises
        # letters of one text by it and lays that text out once.
        return dataclasses.replace(shared, sender=sender, personal=personal_paragraphs(message) if personal is None else personal)


def _row_problem(row: RosterRow, fld: str | None, code: str, message: str, warning: bool = False, **kw) -> Problem:
    return row_problem(row.number, fld, code, message, warning=warning, **kw)


def check_roster(roster: Roster, library: CaseLibrary, options: Options, progress: Callable[[int], None] | None = None) -> Checked:
    """Compose every row; collect what is wrong, row by row, instead of stopping at the first."""
    composer = _Composer(library, options)
    checked = Checked([], list(roster.problems))
    for row in roster.rows:
        item, problems = _check_row(row, composer, options)
        checked.problems += problems
        if item is not None and not any(not p.warning for p in problems):
            checked.items.append(item)
        if progress:
            progress(1)
    if options.strict:
        checked.problems = [dataclasses.replace(p, warning=False, promoted=True) if p.warning else p for p in checked.problems]
        bad = checked.bad_rows()
        checked.items = [i for i in checked.items if i.row not in bad]
    checked.problems = [roster.locate(p) for p in checked.problems]
    checked.cases = {c.id: c for c in composer._cases.values() if not isinstance(c, W4RError)}
    checked.problems.sort(key=lambda p: (p.row or 0, p.warning))
    return checked


def _check_row(row: RosterRow, composer: _Composer, options: Options) -> tuple[Item | None, list[Problem]]:
    problems: list[Problem] = []
    name = " ".join(row.get("name").split())
    message = row.get("message").strip()
    to = to_value(row.get("to")) or ""
    case_id = row.get("case").strip()
    lang = canonical_code(row.get("lang")) or options.default_lang
    group = " ".join(row.get("group").split())
    if not name:
        problems.append(_row_problem(row, "name", "no-name", "no name; every row needs the writer's name"))
    if to not in TO_VALUES:
        shown = f"{row.get('to').strip()!r}" if row.get("to").strip() else "empty"
        problems.append(_row_problem(row, "to", "bad-to", f"{shown}: write letter (an appeal to the authorities) or card "
                                     "(a solidarity card for the person)",
                                     params={"value": row.get("to").strip()}))
    if len(group) > MAX_LINE_CHARS:
        problems.append(_row_problem(row, "group", "too-long", f"{len(group)} characters; at most {MAX_LINE_CHARS}"))
    case = None
    if not case_id:
        problems.append(_row_problem(row, "case", "no-case", "no case; write a case id (see 'w4r cases')", hint="default_case"))
    else:
        try:
            case = composer.case(case_id)
        except W4RError as exc:
            problems.append(_row_problem(row, "case", exc.code or "unknown-case", exc.message))
    # A problem names its own column: when name and address together are refused, the name is tried alone.
    sender = None
    try:
        sender = make_sender(name or None, row.get("address") or None)
    except W4RError as exc:
        try:
            make_sender(name or None, None)
        except W4RError as name_exc:
            problems.append(_row_problem(row, "name", name_exc.code or "bad-name", name_exc.message))
        else:
            problems.append(_row_problem(row, "address", exc.code or "bad-address", exc.message))
    if sender is not None and not sender.address and to == "authorities" and options.return_address:
        try:
            sender = make_sender(name or None, options.return_address)
        except W4RError as exc:
            sender = None
            problems.append(_row_problem(row, "name", exc.code or "bad-name", exc.message))
    if problems or case is None or sender is None:
        return None, problems
    item = Item(row.number, case.id, to, name, group)
    if case.closed:
        problems.append(_row_problem(row, "case", "case-closed", f"{case.name}'s case is closed ({case.status.label}); check with your section before posting", True))
    if to == "authorities":
        try:
            personal = personal_paragraphs(message)
        except W4RError as exc:
            problems.append(_row_problem(row, "message", exc.code or "message-too-long", exc.message))
            return None, problems
        try:
            item.letter = composer.letter(case, lang, sender, message, personal)
        except CaseClosedError as exc:
            problems = [p for p in problems if p.code != "case-closed"]  # said once, as the reason there is no letter
            problems.append(_row_problem(row, "case", "no-appeal", _no_appeal(exc), params={"status": exc.status, "card": exc.has_card}))
            return None, problems
        except W4RError as exc:
            fld = exc.field if exc.field in ("lang", "message", "case") else ("lang" if row.get("lang").strip() else "case")
            problems.append(_row_problem(row, fld, exc.code or "no-letter", exc.message, hint=exc.hint, params=exc.params))
            return None, problems
        try:
            # Checked here, not half-way through printing: a name too wide for the sender block.
            for paper, geo in ((p.name, p.letter) for p in PAPERS.values()):
                if options.paper in (None, paper):
                    _check_sender_block(item.letter, geo, options.fb)
        except _SenderTooWide as too_wide:
            exc = too_wide.error
            problems.append(_row_problem(row, too_wide.field, exc.code or "too-wide", exc.message))
            return None, problems
        problems += [_row_problem(row, None, getattr(w, "code", "letter-note"), w, True, params=getattr(w, "params", {})) for w in item.letter.warnings]
    else:
        if options.card_maker is None:
            problems.append(_row_problem(row, "to", "no-cards", "solidarity cards cannot be made in a batch yet; write authorities"))
            return None, problems
        try:
            item.card, warnings = options.card_maker(case, sender, message, canonical_code(row.get("lang")) or None, labelled=bool(group))
        except W4RError as exc:
            fld = exc.field if exc.field in ("message", "lang") else ("lang" if row.get("lang").strip() else "case")
            problems.append(_row_problem(row, fld, exc.code or "no-card", exc.message, hint=exc.hint, params=exc.params))
            return None, problems
        problems += [_row_problem(row, "message", "card-rule", w, True, params=getattr(w, "params", {})) for w in warnings]
    gaps = _missing_glyphs(name, message, row.get("address"), group, fb=options.fb)
    if gaps:
        problems.append(_row_problem(row, None, "missing-glyphs", gaps, True))
    return item, problems


def _no_appeal(exc: CaseClosedError) -> str:
    """Why a case gets no letter today, in a roster's terms (the case's fields, not the letter command's words)."""
    instead = "write card in the to column instead" if exc.has_card else "there is nothing to post for this case"
    if exc.card_only is not None:
        return f"case {exc.case_id} is card-only: {exc.card_only.rstrip('.')}; {instead}"
    if exc.status == "action-closed":
        instead = "Amnesty asks for no further letters"
    since = exc.since.isoformat() if exc.since else "recently"
    return f"{exc.name}'s case is closed ({exc.status.replace('-', ' ')} on {since}): no appeal letter is written for it; {instead}"


class _SenderTooWide(Exception):
    def __init__(self, fld: str, error: W4RError):
        self.field, self.error = fld, error


def _check_sender_block(letter: Letter, geo, fb: FontBook) -> None:
    """``sender_sizes``, telling the name from the address: the name alone is tried first."""
    try:
        sender_sizes(letter, geo, fb)
    except W4RError as exc:
        only_name = dataclasses.replace(letter, sender=Sender(letter.sender.name, ()))
        try:
            sender_sizes(only_name, geo, fb)
        except W4RError:
            raise _SenderTooWide("name", exc) from None
        raise _SenderTooWide("address", exc) from None


def _card_error(exc: W4RError, case: Case, lang: str | None) -> W4RError:
    """A card that cannot be composed: a greeting language the case lacks is the lang column's problem."""
    from w4r.compose.card import solidarity_of

    if lang is None:
        return exc
    try:
        langs = list(dict.fromkeys(g.lang for g in solidarity_of(case).greetings))
    except W4RError:
        return exc
    if langs and lang not in langs and not any(code.split("-")[0] == lang for code in langs):
        return type(exc)(f"case {case.id} has card greetings in {', '.join(langs)}, not in {lang!r}; write one of "
                         f"those in the lang column, or leave it empty", code="card-lang", field="lang",
                         params={"langs": langs})
    return exc


def card_maker(fmt: str, design, templates: Path | None, *, fb: FontBook):
    """``make(case, sender, message, lang) -> (card, warnings)`` for --to individual rows.

    The message must fit the chosen format's panel (an InputError says how much
    fits); card-rule hits come back as warnings, and so do hits of the front
    design, once per case (they concern every card of it).
    """
    design_checked: set[str] = set()

    def make(case: Case, sender: Sender, message: str, lang: str | None, labelled: bool = False):
        # Imported on the first card: a roster of letters does not load the card machinery.
        from w4r.compose.card import compose_card, design_hits
        from w4r.render.card_message import fit_message
        from w4r.render.card_type import card_format

        form = card_format(fmt)
        try:
            card = compose_card(case, sender=sender, message=message or None, lang=lang, templates=templates)
        except W4RError as exc:
            raise _card_error(exc, case, lang) from None
        try:
            fit_message(card, form, labelled=labelled, fb=fb)
        except W4RError as exc:
            raise type(exc)(exc.message, code="message-too-long", field="message") from None
        from w4r.compose.notices import Notice

        warnings = [Notice(h.describe(), "card-rule", rule=h.rule, found=h.found or h.term) for h in card.hits]
        if case.id not in design_checked:
            design_checked.add(case.id)
            warnings += [Notice(f"{h.describe()} (the front design, on every card for this case)", "card-rule", rule=h.rule, found=h.found or h.term, design=True)
                         for h in design_hits(case, design.motifs, templates)]
        return card, warnings

    return make
