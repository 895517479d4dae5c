"""``w4r cases``, ``w4r show`` and ``w4r validate``: the case library from the terminal.

``w4r cases`` alone lists the cases; its subcommands (``list``, ``pack``,
``install``, ``new``, ...) live in ``cli.packs``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from w4r.cli.root import app
from w4r.cli.console import out, print_json
from w4r.errors import CaseFileError, ExitCode, NotFoundError

CasesDir = typer.Option(None, "--cases-dir", envvar="W4R_CASES_DIR", help="Folder of case files to use instead of the shipped ones.")

cases_app = typer.Typer(
    help="List the cases (w4r cases); make, install, update and remove case packs; start a new case file.",
    no_args_is_help=False,
    rich_markup_mode=None,
)
app.add_typer(cases_app, name="cases")


@cases_app.callback(invoke_without_command=True)
def list_cases(
    ctx: typer.Context,
    as_json: bool = typer.Option(False, "--json", help="Print the list as JSON."),
    cases_dir: Optional[Path] = CasesDir,
) -> None:
    """List the cases: id, name, country, year, status and the pack each comes from."""
    if ctx.invoked_subcommand is not None:
        return
    from rich.markup import escape
    from rich.table import Table

    from w4r.cases import CaseLibrary
    from w4r.cases.status import appeal_rule

    library = CaseLibrary.open(cases_dir)
    cases = library.all()
    rows = [
        {
            "id": c.id,
            "name": c.display_name,
            "country": c.country,
            "year": c.latest_year,
            "status": c.status.label,
            "status_date": c.current.date.isoformat(),
            "closed": c.closed,
            "appeal": appeal_rule(c).label,
            "pack": library.pack_of(c.id),
        }
        for c in cases
    ]
    if as_json:
        print_json(rows)
        return
    table = Table(title=f"{len(rows)} cases", title_justify="left")
    columns = ("id", "name", "country", "year", "status", "pack") if library.packs is not None else ("id", "name", "country", "year", "status")
    for col in columns:
        table.add_column(col)
    for r in rows:
        cells = [escape(r["id"]), escape(r["name"]), escape(r["country"]), str(r["year"]), f"{r['status']} ({r['status_date']})"]
        if library.packs is not None:
            cells.append(escape(r["pack"] or ""))
        table.add_row(*cells)
    out().print(table)
    for o in library.overrides:
        out().print(escape(o.describe()))


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

    out().print(escape(briefing_text(data, {"letter": "--to authorities", "card": "--to individual"})))


@app.command("validate")
def validate(
    paths: Optional[list[Path]] = typer.Argument(None, help="Case files or folders (default: the case library)."),
    cases_dir: Optional[Path] = CasesDir,
) -> None:
    """Check case files and report every problem with file, line and column."""
    from w4r.cases import CaseLibrary, load_case_file
    from w4r.render.preflight import check_case
    from w4r.typeset.fonts import book

    files: list[tuple[Path, Path | None]] = []  # (file, the folder it was found in)
    if not paths:
        files = [(f, f.parent) for f in CaseLibrary.open(cases_dir).all_files()]
    for p in paths or []:
        if p.is_dir():
            files.extend((f, p) for f in sorted(p.glob("*.yaml")) if not f.name.startswith(".") and f.name != "pack.yaml")
            if (p / "cases").is_dir():  # a pack folder
                files.extend((f, p / "cases") for f in sorted((p / "cases").glob("*.yaml")) if not f.name.startswith("."))
        elif p.exists():
            files.append((p, None))
        else:
            raise NotFoundError(f"{p} does not exist")
    problems: list[str] = []
    from w4r.cases.scaffold import unfilled

    fb = book()  # every case is measured with the fonts it will print in

    for f, folder in files:
        left = unfilled(f)
        if left:
            problems.extend(left)
            continue
        try:
            case = load_case_file(f, root=folder)
        except CaseFileError as exc:
            problems.extend(exc.problems)
            continue
        # What letter, card and envelope would refuse later, refused now.
        problems.extend(f"{f}: {finding.describe()}" for finding in check_case(case, _templates_beside(f), fb=fb))
    for line in problems:
        typer.echo(f"w4r: error: {line}", err=True)
    if problems:
        typer.echo(f"{len(problems)} problem(s) in {len(files)} file(s)", err=True)
        raise typer.Exit(int(ExitCode.BAD_INPUT))
    typer.echo(f"{len(files)} case file(s) OK")


def _templates_beside(case_file: Path) -> Path | None:
    """The templates/ folder of the case file's folder or pack folder, if it has one."""
    from w4r import paths

    for folder in (case_file.parent, case_file.parent.parent):
        d = folder / "templates"
        if d.is_dir() and folder.resolve() != paths.shipped_cases_dir().resolve().parent:
            return d
    return None


from w4r.cli import packs as _packs  # noqa: E402,F401 - the 'w4r cases' subcommands
