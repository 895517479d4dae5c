"""Options and helpers shared by several commands."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

# Imported where used, so that importing the command modules stays cheap.
if TYPE_CHECKING:
    from w4r.config import Config


CASES_DIR = typer.Option(None, "--cases-dir", envvar="W4R_CASES_DIR", help="Folder of case files to use instead of the shipped ones (its templates/ folder, if any, is used for letters).")
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


def papers_help(*, detail: bool = False) -> str:
    """The paper names for --paper, from the format registry."""
    from w4r.render.formats import papers_help as names

    return names(detail=detail)


def label_sheets_help() -> str:
    from w4r.render.formats import label_sheets_help as sheets

    return sheets()


def envelopes_help() -> str:
    from w4r.render.formats import envelopes_help as sizes

    return f"{sizes()}; {paper_default('envelope')}"
def complete_case_id(incomplete: str) -> list[str]:
    """Tab completion of a case id: the ids of the case library (W4R_CASES_DIR, if set)."""
    try:
        from w4r.cases import CaseLibrary

        return [i for i in CaseLibrary.open().ids() if i.startswith(incomplete.lower())]  # W4R_CASES_DIR: paths.chosen_cases_dir
    except Exception:  # noqa: BLE001 - a broken folder offers nothing rather than a traceback at the prompt
        return []


def case_argument(help_text: str = "Case id, e.g. sasha (see 'w4r cases').") -> typer.models.ArgumentInfo:
    return typer.Argument(..., help=help_text, autocompletion=complete_case_id)


def settings() -> Config:
    from w4r.config import load_config

    return load_config()
