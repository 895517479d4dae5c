"""The writing room's one door into the w4r library.

Every call the room makes to cases, composing, rendering, batch printing and
the tally goes through this module, so a change of the library's names is a
change here only.  Nothing here knows of HTTP; the routes turn the notes
(data: a code and its fields) into words in the writer's language.

ReportLab and the font book are not made for several threads at once: callers
run these functions on the room's single engine thread (``app.Engine``).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

KINDS = {"card": "individual", "letter": "authorities"}  # the room's words -> the batch's `to`


@dataclass(frozen=True)
class Note:
    """One thing the writer should know about their text: ``code`` says what, ``fields`` the details."""

    code: str  # rule | too-long | missing-glyphs | warning | error, or a library warning's own code (ROOM_WORDED)
    fields: dict = field(default_factory=dict)
    blocking: bool = False  # Send is refused while a blocking note stands


@dataclass(frozen=True)
class CaseInfo:
    id: str
    name: str
    first_name: str
    country: str
    summary: str
    story: str
    closed: bool
    status: str
    has_card: bool
    has_letter: bool  # an official to write to, and a person not yet free (never ask to free someone already free)
    greetings: tuple[tuple[str, str, str], ...]  # (lang, text, english)
    letter_langs: tuple[str, ...]
    name_native: str | None = None
    native_lang: str | None = None


@dataclass
class Draft:
    """What the writer has written, checked: notes, the greeting, and whether it fits."""

    case_id: str
    kind: str  # card | letter
    notes: list[Note]
    greeting: tuple[str, str, str] | None = None  # (lang, text, english)
    fits: bool = True
    pages: int = 1

    @property
    def can_send(self) -> bool:
        return not any(n.blocking for n in self.notes)


# --- Cases -------------------------------------------------------------------


class Library:
    """The case library, loaded once for the room (the case files do not change while it runs)."""

    def __init__(self, cases_dir: Path | None = None, templates: Path | None = None):
        from w4r.cases import CaseLibrary

        from w4r.compose.environment import template_folders

        self.templates = template_folders(templates, cases_dir)  # chosen once, handed to every job
        self.cases_dir = cases_dir
        self._library = CaseLibrary.open(cases_dir)
        self._cases = {c.id: c for c in self._library.all()}

    def case(self, case_id: str):
        return self._cases.get(case_id)

    def infos(self) -> list[CaseInfo]:
        """Open cases first (by name), then those already free (cards of congratulations only)."""
        infos = [_info(c) for c in self._cases.values()]
        return sorted(infos, key=lambda i: (i.closed, i.name.casefold()))


def _info(case) -> CaseInfo:
    sol = case.solidarity
    greetings = tuple((g.lang, g.text, g.english or "") for g in sol.greetings) if sol else ()
    langs: list[str] = ["en"]
    for lang in case.targets[0].languages if case.targets else ():
        if lang not in langs:
            langs.append(lang)
    return CaseInfo(
        id=case.id, name=case.known_as or case.name, first_name=case.first_name, country=case.country,
        summary=case.summary, story=case.story, closed=case.closed, status=case.status.value,
        has_card=sol is not None, has_letter=bool(case.targets) and not case.closed, greetings=greetings, letter_langs=tuple(langs),
        name_native=case.name_native, native_lang=case.native_lang,
    )


def _sender(name: str):
    from w4r.compose.sender import make_sender

    return make_sender(name or None, None)


def _missing(texts: list[str]) -> list[str]:
    from w4r.typeset.fonts import book
    from w4r.typeset.glyphcheck import missing_chars

    return missing_chars(*texts, fb=book())


# --- Checking and rendering one text -------------------------------------------


def _compose(library: Library, case_id: str, kind: str, name: str, message: str, lang: str | None):
    """The composed card or letter, or a W4RError the writer can act on."""
    case = library.case(case_id)
    if case is None:
        from w4r.errors import NotFoundError

        raise NotFoundError(f"unknown case {case_id!r}")
    if kind == "card":
        from w4r.compose.card import compose_card

        return case, compose_card(case, sender=_sender(name), message=message or None, lang=lang, templates=library.templates)
    from w4r.compose.letter import compose_letter
    from w4r.typeset.glyphcheck import missing_report

    return case, compose_letter(
        case, sender=_sender(name), message=message or None, lang=lang or "en", templates=library.templates, glyph_check=missing_report
    )


def check(library: Library, case_id: str, kind: str, name: str, message: str, lang: str | None = None,
          card_format: str = "a5") -> Draft:
    """The notes on a text without drawing it: rule hits, fit, letters no font has, library warnings."""
    from w4r.errors import W4RError

    try:
        case, composed = _compose(library, case_id, kind, name, message, lang)
    except W4RError as exc:
        return Draft(case_id, kind, [_error_note(exc, lang)], fits=False)
    notes: list[Note] = []
    greeting = None
    fits = True
    if kind == "card":
        notes += [Note("rule", {"rule": h.rule, "says": h.says, "found": h.found or h.term, "where": h.where}) for h in composed.hits]
        if composed.greetings:
            g = composed.greetings[0]
            greeting = (g.lang, g.text, g.english or "")
        too_long = _card_overflow(composed, card_format)
        if too_long is not None:
            fits = False
            notes.append(Note("too-long", {"fits": too_long, "length": len(composed.message_text)}, blocking=True))
    else:
        notes += [n for n in map(_warning_note, composed.warnings) if n is not None]
    gaps = _missing([name, message])
    if gaps:
        notes.append(Note("missing-glyphs", {"chars": " ".join(gaps)}))
    return Draft(case_id, kind, notes, greeting=greeting, fits=fits)


# Library warnings the room words in the writer's language from their data (and
# without the file paths the command line's words name); any other warning shows
# the library's English words.
ROOM_WORDED = ("translation-unchecked", "address-unverified", "official-unchecked", "official-stale")
LANGUAGE_ERRORS = ("no-translation", "no-translated-ask", "lang-not-accepted")


def _warning_note(w) -> Note | None:
    code, params = getattr(w, "code", ""), getattr(w, "params", {})
    if code == "missing-glyphs" and params.get("field") in ("sender-name", "message"):
        return None  # the room's own note names the writer's characters
    if code in ROOM_WORDED:
        return Note(code, dict(params))
    return Note("warning", {"text": str(w)})


def _error_note(exc, lang: str | None) -> Note:
    """Why the text cannot be made, as data the page words: a closed case and a language get their own words."""
    from w4r.errors import CaseClosedError

    fields: dict = {"text": exc.message, "reason": "other"}
    if isinstance(exc, CaseClosedError):
        fields.update(reason="card-only" if exc.card_only else exc.status, name=exc.name, since=exc.since, has_card=exc.has_card)
    elif exc.code in LANGUAGE_ERRORS:
        fields.update(reason="language", lang=exc.params.get("lang") or lang or "en")
    return Note("error", fields, blocking=True)


def _card_overflow(card, fmt_name: str) -> int | None:
    """None when the message fits the card's panel, else how many characters would."""
    from w4r.errors import InputError
    from w4r.render.card_message import characters_that_fit, fit_message, message_box
    from w4r.render.card_type import card_format
    from w4r.typeset.fonts import book

    fb = book()
    form = card_format(fmt_name)
    try:
        fit_message(card, form, fb=fb)
        return None
    except InputError:
        box = message_box(form)
        return characters_that_fit(card, box.width, box.height, form.type, fb)


def render_pdf(library: Library, case_id: str, kind: str, name: str, message: str, lang: str | None = None,
               paper: str = "a4", card_format: str = "a5", design: str | None = None) -> bytes:
    """The PDF w4r prints for this text (the same call as ``w4r letter``)."""
    from w4r.typeset.fonts import book

    case, composed = _compose(library, case_id, kind, name, message, lang)
    if kind == "card":
        from w4r.render.card import render_card
        from w4r.render.designs import parse_design

        chosen, outline = parse_design(design)
        return render_card(composed, card_format, design=chosen, outline=outline, fb=book())
    from w4r.render.letter import render_letter

    return render_letter(composed, paper=paper, fb=book())


def message_page(kind: str) -> int:
    """Which page of the PDF shows the writer's message (a folded card's inside is its second)."""
    return 1 if kind == "card" else 0


# --- The print run: the same engine as `w4r batch` ---------------------------------

ROSTER_COLUMNS = ("name", "message", "case", "to", "lang", "group")


def roster_rows(submissions) -> list[dict[str, str]]:
    """Rows of a `w4r batch` roster for these submissions (objects with name, message, case_id, kind, lang, group)."""
    return [
        {"name": s.name, "message": s.message, "case": s.case_id, "to": KINDS[s.kind], "lang": s.lang or "", "group": s.group or ""}
        for s in submissions
    ]


def roster_csv(rows: list[dict[str, str]], *, neutralise: bool = True) -> str:
    """The roster as CSV; ``neutralise`` guards cells a spreadsheet would run as formulas."""
    from w4r.tally import neutralise as guard

    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(ROSTER_COLUMNS)
    for row in rows:
        writer.writerow([guard(row[c]) if neutralise else row[c] for c in ROSTER_COLUMNS])
    return buf.getvalue()


@dataclass
class PrintResult:
    file: Path
    pages: int
    counts: dict[str, dict[str, int]]  # case -> {"letters": n, "cards": n}
    problems: list[tuple[int, str, str]]  # (row, column, message) of rows not printed


def print_run(rows: list[dict[str, str]], output: Path, *, paper: str = "a4", card_format: str = "a5",
              library: Library | None = None, design: str | None = None) -> PrintResult:
    """Print approved texts with the batch job of `w4r batch` (two-sided-safe: each card on its own sheet).

    Rows with problems (a case file changed since the text was sent) are left
    out and reported, so the others still print.
    """
    from w4r.batch.job import BatchOptions, run_batch
    from w4r.typeset.fonts import book

    options = BatchOptions(
        rows=rows, source="the writing room", output=output, paper=paper, card_format=card_format, design=design,
        duplex=True, skip_invalid=True, jobs=1,  # no forking inside the web server
        cases_dir=library.cases_dir if library else None, templates=library.templates if library else None,
    )
    result = run_batch(options, fb=book())
    problems = [(p.row or 0, p.column, p.message) for p in result.problems if not p.warning]
    return PrintResult(output, result.pages, result.produced(), problems)


def add_to_tally(counts: dict[str, dict[str, int]], event: str | None) -> int:
    """Count posted letters and cards in the user's tally (as `w4r tally add`); returns the entries added."""
    from w4r.tally import record_many

    return len(record_many(counts, event))


def clean_event(name: str | None) -> str | None:
    from w4r.tally import clean_event as clean

    return clean(name)


def warm_up(library: Library) -> None:
    """Load fonts and layouts before the first writer arrives (the first card otherwise takes seconds)."""
    cards = [i for i in library.infos() if i.has_card]
    if cards:
        render_pdf(library, cards[0].id, "card", "Ann", "Привет! 🌈")
    letters = [i for i in library.infos() if i.has_letter]  # card-only and closed cases have none
    if letters:
        render_pdf(library, letters[0].id, "letter", "Ann", "Hello")
