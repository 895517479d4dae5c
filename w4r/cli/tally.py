"""``w4r tally``: count the letters, cards, emails and signatures a group sent, per case."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Optional

import typer

from w4r.cli.root import app
from w4r.cli.common import CASES_DIR, case_argument
from w4r.cli.console import info, out, print_json
from w4r.errors import InputError, NotFoundError, W4RError
from w4r.output import check_writable, emit
from w4r.tally import KINDS, TALLY_FILE_ENV, Tally, clean_event, describe_counts, grand_total, totals_csv

tally_app = typer.Typer(
    name="tally",
    help="Count the actions your group took (letters, cards, emails, signatures) per case.",
    add_completion=False,
    rich_markup_mode=None,
)
app.add_typer(tally_app, name="tally")

TallyFile = typer.Option(None, "--file", envvar=TALLY_FILE_ENV, help="Tally file to use (default: in your data folder; see --where).")
Event = typer.Option(None, "--event", help="Only entries of this event (the name given to 'tally add --event').")
AsJson = typer.Option(False, "--json", help="Print the result as JSON.")


def _case_names(totals, cases_dir: Path | None, *, native: bool = True) -> dict[str, str]:
    """Names for the report (with the native-script name for exports; the table has less room).

    A case no longer in the library keeps an empty name."""
    from w4r.cases import CaseLibrary

    try:
        library = CaseLibrary.open(cases_dir)
    except W4RError:
        return {}
    names = {}
    for t in totals:
        try:
            case = library.get(t.case_id)
            names[t.case_id] = case.display_name if native else case.name
        except W4RError:
            names[t.case_id] = ""
    return names


@tally_app.callback(invoke_without_command=True)
def show(
    ctx: typer.Context,
    where: bool = typer.Option(False, "--where", help="Print where the tally file is and stop."),
    as_csv: bool = typer.Option(False, "--csv", help="Print the totals as CSV (for your section's report)."),
    as_json: bool = AsJson,
    event: Optional[str] = Event,
    output: Optional[str] = typer.Option(None, "-o", "--output", help="Write the CSV or JSON to this file instead."),
    force: bool = typer.Option(False, "--force", help="Overwrite the output file if it exists."),
    file: Optional[Path] = TallyFile,
    cases_dir: Optional[Path] = CASES_DIR,
) -> None:
    """Show the totals per case and kind; 'w4r tally add' and 'w4r tally undo' change them."""
    if ctx.invoked_subcommand is not None:
        return
    tally = Tally(file)
    if where:
        if as_json:
            print_json({"database": str(tally.path), "exists": tally.path.exists()})
        else:
            typer.echo(str(tally.path))
        return
    if as_csv and as_json:
        raise InputError("choose either --csv or --json, not both")
    if output is not None and not (as_csv or as_json):
        raise InputError("-o writes an export: add --csv or --json")
    to_file = output is not None and output != "-"
    if to_file:
        _refuse_the_tally_itself(output, tally)
        check_writable(output, force=force)
    name = clean_event(event)
    totals = tally.totals(event=name)
    if name and not totals:
        known = tally.events()
        hint = f"; events in the tally: {', '.join(known)}" if known else "; no entry has an event yet"
        raise NotFoundError(f"no entries for event {name!r}{hint}")
    names = _case_names(totals, cases_dir, native=as_csv or as_json)
    if as_csv or as_json:
        if as_csv:
            text = totals_csv(totals, names=names, event=name)
            # A BOM in a file lets spreadsheet programs read names in any script as UTF-8.
            data = (("\ufeff" if to_file else "") + text).encode("utf-8")
        else:
            data = (json.dumps(_json_report(tally, totals, names, name), ensure_ascii=False, indent=2) + "\n").encode("utf-8")
        where_to = emit(output if output is not None else "-", data, force=force)
        if to_file:
            info(f"wrote {where_to}")
        return
    if not totals:
        typer.echo("the tally is empty; add counts with: w4r tally add CASE --letters N")
        return
    out().print(_table(totals, names, name))


def _refuse_the_tally_itself(output: str, tally: Tally) -> None:
    """``tally --csv -o "$(w4r tally --where)" --force`` would replace the group's record
    with its own export: refuse the tally (and its journal), however the path is spelt."""
    from w4r.output import output_path

    target = output_path(output)
    for protected in (tally.path, tally.path.with_name(tally.path.name + "-journal")):
        same = target.resolve() == protected.resolve()
        if not same and target.exists() and protected.exists():
            try:
                same = os.path.samefile(target, protected)
            except OSError:
                same = False
        if same:
            raise InputError(f"-o {output} is the tally itself; the export would replace it, so choose another file name")


def _json_report(tally: Tally, totals, names: dict[str, str], event: str | None) -> dict:
    return {
        "database": str(tally.path),
        "event": event,
        "cases": [{**t.as_dict(), "name": names.get(t.case_id, "")} for t in totals],
        "totals": {k: v for k, v in grand_total(totals).as_dict().items() if k != "case"},
        "events": tally.events(),
    }


def _table(totals, names: dict[str, str], event: str | None):
    from rich.markup import escape
    from rich.table import Table

    title = f"Tally for {event}" if event else "Tally"
    table = Table(title=escape(title), title_justify="left", show_footer=True)
    all_ = grand_total(totals)
    table.add_column("case", footer="all cases", no_wrap=True)
    table.add_column("name")
    for kind in KINDS:
        table.add_column(kind, justify="right", footer=str(getattr(all_, kind)))
    table.add_column("total", justify="right", footer=str(all_.total))
    for t in totals:
        table.add_row(escape(t.case_id), escape(names.get(t.case_id, "")), *(str(v) for v in t.counts().values()), str(t.total))
    return table


@tally_app.command("add")
def add(
    case: str = case_argument(),
    letters: int = typer.Option(0, "--letters", help="Letters posted."),
    cards: int = typer.Option(0, "--cards", help="Solidarity cards posted."),
    emails: int = typer.Option(0, "--emails", help="Emails sent."),
    signatures: int = typer.Option(0, "--signatures", help="Petition signatures collected."),
    event: Optional[str] = typer.Option(None, "--event", help="Name of the event these come from (at most 100 characters)."),
    as_json: bool = AsJson,
    file: Optional[Path] = TallyFile,
    cases_dir: Optional[Path] = CASES_DIR,
) -> None:
    """Add actions to the tally, once they are sent."""
    from w4r.cases import CaseLibrary

    the_case = CaseLibrary.open(cases_dir).get(case)
    tally = Tally(file)
    entry = tally.add(the_case.id, letters=letters, cards=cards, emails=emails, signatures=signatures, event=event)
    now = tally.case_totals(entry.case_id)
    if as_json:
        print_json({"entry": entry.as_dict(), "case_totals": now.as_dict(), "database": str(tally.path), "files": [str(tally.path)]})
        return
    event_text = f" (event {entry.event!r})" if entry.event else ""
    typer.echo(f"added {describe_counts(entry.counts())} for {entry.case_id}{event_text}; {entry.case_id} now has {describe_counts(now.counts())}")


@tally_app.command("undo")
def undo(
    event: Optional[str] = typer.Option(None, "--event", help="Undo the newest entry of this event only."),
    as_json: bool = AsJson,
    file: Optional[Path] = TallyFile,
) -> None:
    """Remove the newest entry from the tally, and say what it was."""
    tally = Tally(file)
    entry = tally.undo(event=event)
    if as_json:
        print_json({"removed": entry.as_dict(), "database": str(tally.path), "files": [str(tally.path)]})
        return
    typer.echo(f"removed {entry.describe()}")
