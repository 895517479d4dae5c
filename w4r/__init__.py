"""w4r: Write for Rights letters, solidarity cards and envelopes as print-ready PDFs.

The Python API (docs/scripting.md)::

    from w4r import list_cases, load_case, render_letter

Each function imports what it needs when it is called, so ``import w4r`` stays
quick and the command line starts fast.  Errors a user can fix are raised as
``w4r.errors.W4RError`` subclasses with a one-line message.
"""

from __future__ import annotations

import datetime as _dt
from pathlib import Path as _Path
from typing import TYPE_CHECKING

__version__ = "0.1.0"

if TYPE_CHECKING:  # pragma: no cover
    from w4r.cases.schema import Case

__all__ = ["__version__", "batch", "card", "envelope", "letter", "list_cases", "load_case", "pack", "render_letter"]

# The jobs of w4r.api (options in, a result with warnings as data out), loaded on first use
# so that ``import w4r`` stays light: ``w4r.letter(w4r.api.LetterOptions(...))``.
_JOBS = ("letter", "card", "envelope", "batch", "pack")


def __getattr__(name: str):
    if name in _JOBS or name == "api":
        import importlib

        api = importlib.import_module("w4r.api")
        return api if name == "api" else getattr(api, name)
    raise AttributeError(f"module 'w4r' has no attribute {name!r}")

LETTER_FORMATS = ("pdf", "email", "eml", "txt")
_PAPERS = ("a4", "letter")  # render.formats.PAPER_NAMES, without importing the renderers (tests/test_architecture.py holds them equal)


def load_case(case_id: str, cases_dir: str | _Path | None = None) -> Case:
    """One validated case from the library (or ``cases_dir``); NotFoundError with a hint if unknown."""
    from w4r.cases import CaseLibrary

    return CaseLibrary.open(cases_dir).get(case_id)


def list_cases(cases_dir: str | _Path | None = None, *, include_closed: bool = True) -> list[Case]:
    """Every case in the library, sorted by id; ``include_closed=False`` keeps only open cases."""
    from w4r.cases import CaseLibrary

    cases = CaseLibrary.open(cases_dir).all()
    return [c for c in cases if include_closed or not c.closed]


def _as_date(date: _dt.date | str | None) -> _dt.date | None:
    from w4r.dates import parse_date

    return parse_date(date)


def render_letter(
    case_id: str,
    *,
    to: str = "authorities",
    sender_name: str | None = None,
    address: str | list[str] | None = None,
    message: str | None = None,
    lang: str | None = None,
    paper: str = "a4",
    target: int = 1,
    cases_dir: str | _Path | None = None,
    date: _dt.date | str | None = None,
    format: str = "pdf",  # noqa: A002 - the name the command line uses
    design: str | None = None,
    templates: str | _Path | None = None,
) -> bytes:
    """The appeal letter (``to="authorities"``) or solidarity card (``to="individual"``) as bytes.

    The first, simplest call, kept for the scripts that use it: only the bytes,
    and warnings are not returned.  ``w4r.api.letter`` / ``w4r.api.card`` (also
    ``w4r.letter``) take options and return the warnings, notes and files too.

    Nothing is read from the user's config file: pass the sender explicitly.
    ``address`` is a list of lines or one string with lines separated by
    newlines or ``|``.  ``lang``: the letter's language (default en) or the
    card greeting's (default: the case's first greeting).  ``format``: pdf; for
    letters also email, eml or txt; for cards also a card format such as a5 or
    a6-4up (pdf: a5 on A4 paper, half-letter on US Letter).  ``design``: the
    card front (see ``w4r letter --help``).
    """
    from w4r.compose.sender import make_sender
    from w4r.errors import InputError

    if to not in ("authorities", "individual"):
        raise InputError(f"to={to!r}: write to 'authorities' (the appeal letter) or 'individual' (the solidarity card)")
    if paper not in _PAPERS:
        raise InputError(f"paper={paper!r}: choose a4 or letter")
    if to == "authorities" and format not in LETTER_FORMATS:
        raise InputError(f"format={format!r}: choose one of {', '.join(LETTER_FORMATS)}")
    if to == "authorities" and design is not None:
        raise InputError("design= is for cards (to='individual')")
    case = load_case(case_id, cases_dir)
    sender = make_sender(sender_name, address)
    if to == "individual":
        return _render_card(case, sender=sender, message=message, lang=lang, paper=paper, fmt=format, design=design, templates=templates)

    from w4r.compose.letter import compose_letter

    day = _as_date(date)
    letter = compose_letter(
        case, target_number=target, sender=sender, message=message, lang=lang or "en", date=day, templates=templates
    )
    if format == "pdf":
        from w4r.render.letter import render_letter as _render_pdf
        from w4r.typeset.fonts import book

        return _render_pdf(letter, paper=paper, fb=book())
    from w4r.compose.email import render_digital

    return render_digital(letter, format, date=day)[0]


def _render_card(case, *, sender, message, lang, paper, fmt, design, templates) -> bytes:
    from w4r.compose.card import compose_card
    from w4r.errors import InputError
    from w4r.render.card import render_card
    from w4r.render.card_type import CARD_FORMATS
    from w4r.render.formats import default_card_format
    from w4r.render.designs import parse_design
    from w4r.typeset.fonts import book

    card_fmt = default_card_format(paper) if fmt == "pdf" else fmt
    if card_fmt not in CARD_FORMATS:
        raise InputError(f"format={fmt!r}: a card is one of pdf, {', '.join(CARD_FORMATS)}")
    chosen, outline = parse_design(design)
    card = compose_card(case, sender=sender, message=message, lang=lang, templates=templates)
    return render_card(card, card_fmt, design=chosen, outline=outline, fb=book())
