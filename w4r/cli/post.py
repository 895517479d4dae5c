"""``w4r post``: a short social-media post for a case, within X's length rules."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from w4r.cli.root import app
from w4r.cli.common import CASES_DIR, TEMPLATES, case_argument, settings
from w4r.cli.console import info, print_json


@app.command("post")
def post(
    case: str = case_argument(),
    max_length: Optional[int] = typer.Option(
        None, "--max", help="Longest post allowed, counted as X counts (links 23, CJK characters 2); default: X's limit."
    ),
    lang: Optional[str] = typer.Option(None, "--lang", help="Language of the post (a templates/posts/post.<lang>.j2 must exist)."),
    as_json: bool = typer.Option(False, "--json", help="Print text, weighted length and limit as JSON."),
    cases_dir: Optional[Path] = CASES_DIR,
    templates: Optional[Path] = TEMPLATES,
) -> None:
    """Print a short post about a case for X, Mastodon or Bluesky, shortened to fit --max."""
    # Imported here: composing loads the case models and Jinja, which --help and other commands do not need.
    from w4r.cases import CaseLibrary
    from w4r.compose.post import MAX_WEIGHTED_LENGTH, compose_post

    if max_length is None:
        max_length = MAX_WEIGHTED_LENGTH
    from w4r.compose.environment import template_folders

    the_case = CaseLibrary.open(cases_dir).get(case)
    result = compose_post(the_case, max_length=max_length, lang=lang or settings().lang or "en", templates=template_folders(templates, cases_dir))
    if as_json:
        print_json(
            {
                "case": result.case_id,
                "lang": result.lang,
                "text": result.text,
                "weighted_length": result.weighted_length,
                "max": result.max_length,
                "variant": result.variant,
                "files": [],
            }
        )
        return
    typer.echo(result.text)
    info(f"({result.weighted_length} of {result.max_length} characters as X counts them)")
