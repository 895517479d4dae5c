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

__all__ = ["__version__", "list_cases", "load_case", "render_letter"]

LETTER_FORMATS = ("pdf", "email", "eml", "txt")


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
    if date is None or isinstance(date, _dt.date):
        return date
    from w4r.errors import InputError

    try:
        return _dt.date.fromisoformat(date)
    except ValueError:
        raise InputError(f"date {date!r} is not a date; write it as YYYY-MM-DD, e.g. 2026-12-10") from None


def render_letter(
    case_id: str,
    *,
    to: str = "authorities",
    sender_name: str | None = None,
    address: str | list[str] | None = None,
    message: str | None = None,
    lang: str = "en",
    paper: str = "a4",
    target: int = 1,
    cases_dir: str | _Path | None = None,
    date: _dt.date | str | None = None,
    format: str = "pdf",  # noqa: A002 - the name the command line uses
    templates: str | _Path | None = None,
) -> bytes:
    """The appeal letter (``to="authorities"``) or solidarity card (``to="individual"``) as bytes.

    Nothing is read from the user's config file: pass the sender explicitly.
    ``address`` is a list of lines or one string with lines separated by
    newlines or ``|``.  ``format`` is pdf, or for letters also email, eml or txt
    (see docs/scripting.md).
    """
    from w4r.compose.sender import make_sender
    from w4r.errors import InputError

    if to not in ("authorities", "individual"):
        raise InputError(f"to={to!r}: write to 'authorities' (the appeal letter) or 'individual' (the solidarity card)")
    if format not in LETTER_FORMATS:
        raise InputError(f"format={format!r}: choose one of {', '.join(LETTER_FORMATS)}")
    case = load_case(case_id, cases_dir)
    sender = make_sender(sender_name, address)
    if to == "individual":
        if format != "pdf":
            raise InputError("a solidarity card is made as a PDF only (format='pdf')")
        return _render_card(case, sender=sender, message=message, lang=lang, paper=paper, templates=templates)

    from w4r.compose.letter import compose_letter

    day = _as_date(date)
    letter = compose_letter(
        case, target_number=target, sender=sender, message=message, lang=lang, date=day, templates=templates
    )
    if format == "pdf":
        from w4r.render.letter import render_letter as _render_pdf

        if paper not in ("a4", "letter"):
            raise InputError(f"paper={paper!r}: choose a4 or letter")
        return _render_pdf(letter, paper=paper)
    from w4r.compose.email import render_digital

    return render_digital(letter, format, date=day)[0]


def _render_card(case, *, sender, message, lang, paper, templates) -> bytes:
    from w4r.compose.card import compose_card
    from w4r.errors import W4RError

    try:
        from w4r.render import card as card_renderer
    except ImportError:
        raise W4RError(
            f"solidarity cards are not in w4r {__version__} yet; write to='authorities' or update w4r"
        ) from None
    card = compose_card(case, sender=sender, message=message, lang=None if lang == "en" else lang, templates=templates)
    return card_renderer.render_card(card, paper=paper)
