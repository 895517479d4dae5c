"""Options and helpers shared by several commands."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Optional

import typer

from w4r.cli.console import info, warn

# Imported where used, so that importing the command modules stays cheap.
if TYPE_CHECKING:
    from w4r.cases.schema import Case
    from w4r.compose.sender import Sender
    from w4r.config import Config


def _share_cases_dir(value):
    # Template look-up (compose.environment.template_dirs) searches
    # <cases-dir>/templates/ too; it reads the folder from W4R_CASES_DIR.
    if value is not None:
        os.environ["W4R_CASES_DIR"] = str(value)
    return value


CASES_DIR = typer.Option(None, "--cases-dir", envvar="W4R_CASES_DIR", callback=_share_cases_dir, help="Folder of case files to use instead of the shipped ones (its templates/ folder, if any, is used for letters).")
TEMPLATES = typer.Option(None, "--templates", envvar="W4R_TEMPLATES_DIR", help="Folder of your own letter templates (tried before the shipped ones).")


def paper_default(field: str) -> str:
    """'default a5, or half-letter with --paper letter': what a paper-dependent option falls back to."""
    from w4r.render.formats import PAPERS

    first, *rest = PAPERS.values()
    return f"default {getattr(first, field)}" + "".join(f", or {getattr(p, field)} with --paper {p.name}" for p in rest)


def card_formats_help() -> str:
    """The card formats in words, and the default: one text for every command that takes --format."""
    from w4r.render.formats import card_formats_help as formats_help

    return f"{formats_help()}; {paper_default('card_format')}"


def envelopes_help() -> str:
    from w4r.render.formats import envelopes_help as sizes

    return f"{sizes()}; {paper_default('envelope')}"
def complete_case_id(incomplete: str) -> list[str]:
    """Tab completion of a case id: the ids of the case library (``--cases-dir`` via W4R_CASES_DIR)."""
    try:
        from w4r.cases import CaseLibrary

        return [i for i in CaseLibrary.open(os.environ.get("W4R_CASES_DIR")).ids() if i.startswith(incomplete.lower())]
    except Exception:  # noqa: BLE001 - a broken folder offers nothing rather than a traceback at the prompt
        return []


def case_argument(help_text: str = "Case id, e.g. sasha (see 'w4r cases').") -> typer.models.ArgumentInfo:
    return typer.Argument(..., help=help_text, autocompletion=complete_case_id)


def settings() -> Config:
    from w4r.config import load_config

    return load_config()


def resolve_sender(name: Optional[str], address: Optional[str], cfg: Config) -> Sender:
    """Command-line options win over the config file; nothing at all leaves ruled lines."""
    from w4r.compose.sender import make_sender

    return make_sender(
        name if name is not None else cfg.sender.name,
        address if address is not None else (cfg.sender.address or None),
    )


def warn_closed(case: Case, kind: str = "letter") -> None:
    """One line about a closed case; what it says depends on what was made (cases.status decides)."""
    if not case.closed:
        return
    when = f"{case.status.label} on {case.current.date.isoformat()} ({case.current.event})"
    if kind == "card":
        from w4r.cases.status import card_kind

        if card_kind(case) == "congratulations":
            day = case.current.date
            info(f"{case.name} was {case.status.label} on {day.day} {day:%B} {day.year} ({case.current.event.rstrip('.')}): "
                 "the card congratulates")
            return
    if kind == "record":
        warn(f"for the record only, not to post: {case.name}'s case is closed, {when}")
        return
    warn(f"{case.name}'s case is closed: {when}. Check with your section before posting it.")
