"""``w4r cases``, ``w4r show`` and ``w4r validate``: the case library from the terminal."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from w4r.cli.app import app
from w4r.cli.console import out, print_json
from w4r.errors import CaseFileError, ExitCode, NotFoundError

CasesDir = typer.Option(None, "--cases-dir", envvar="W4R_CASES_DIR", help="Folder of case files to use instead of the shipped ones.")


@app.command("cases")
def list_cases(
    as_json: bool = typer.Option(False, "--json", help="Print the list as JSON."),
    cases_dir: Optional[Path] = CasesDir,
) -> None:
    """List the cases: id, name, country, year and status."""
    from rich.markup import escape
    from rich.table import Table

    from w4r.cases import CaseLibrary

    cases = CaseLibrary.open(cases_dir).all()
    rows = [
        {
            "id": c.id,
            "name": c.display_name,
            "country": c.country,
            "year": c.latest_year,
            "status": c.status.label,
            "status_date": c.current.date.isoformat(),
            "closed": c.closed,
        }
        for c in cases
    ]
    if as_json:
        print_json(rows)
        return
    table = Table(title=f"{len(rows)} cases", title_justify="left")
    for col in ("id", "name", "country", "year", "status"):
        table.add_column(col)
    for r in rows:
        table.add_row(escape(r["id"]), escape(r["name"]), escape(r["country"]), str(r["year"]), f"{r['status']} ({r['status_date']})")
    out().print(table)


@app.command("show")
def show(
    case: str = typer.Argument(..., help="Case id, e.g. sasha (see 'w4r cases')."),
    as_json: bool = typer.Option(False, "--json", help="Print the briefing as JSON."),
    cases_dir: Optional[Path] = CasesDir,
) -> None:
    """Print the briefing for a case: story, the ask, who to write to, card rules, status."""
    from w4r.cases import CaseLibrary
    from w4r.cases.briefing import briefing_data

    data = briefing_data(CaseLibrary.open(cases_dir).get(case))
    if as_json:
        print_json(data)
        return
    from w4r.cases.briefing import briefing_text

    from rich.markup import escape

    out().print(escape(briefing_text(data)))


@app.command("validate")
def validate(
    paths: Optional[list[Path]] = typer.Argument(None, help="Case files or folders (default: the case library)."),
    cases_dir: Optional[Path] = CasesDir,
) -> None:
    """Check case files and report every problem with file, line and column."""
    from w4r.cases import CaseLibrary, load_case_file

    files: list[tuple[Path, Path | None]] = []  # (file, the folder it was found in)
    for p in paths or [CaseLibrary.open(cases_dir).directory]:
        if p.is_dir():
            files.extend((f, p) for f in sorted(p.glob("*.yaml")) if not f.name.startswith("."))
        elif p.exists():
            files.append((p, None))
        else:
            raise NotFoundError(f"{p} does not exist")
    problems: list[str] = []
    for f, folder in files:
        try:
            load_case_file(f, root=folder)
        except CaseFileError as exc:
            problems.extend(exc.problems)
    for line in problems:
        typer.echo(f"w4r: error: {line}", err=True)
    if problems:
        typer.echo(f"{len(problems)} problem(s) in {len(files)} file(s)", err=True)
        raise typer.Exit(int(ExitCode.BAD_INPUT))
    typer.echo(f"{len(files)} case file(s) OK")
