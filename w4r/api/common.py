"""What the jobs share: the case, dates, the closed-case notice, strict checking, writing, counting."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from w4r.compose.notices import Notice
from w4r.errors import InputError, StrictWarningsError

if TYPE_CHECKING:
    from w4r.api.options import ProgressFn
    from w4r.cases.schema import Case


def open_case(case_id: str, cases_dir) -> Case:
    from w4r.cases import CaseLibrary

    return CaseLibrary.open(cases_dir).get(case_id)


def as_date(value: dt.date | str | None, field: str = "date") -> dt.date | None:
    """A date, or an ISO string (YYYY-MM-DD) read as one (``w4r.dates``, the one parser); InputError (code bad_date) otherwise."""
    from w4r.dates import parse_date

    return parse_date(value, name=field)


def closed_notice(case: Case, kind: str) -> Notice | None:
    """About a closed case, for what was made: ``letter`` (check before posting), ``record`` (not to post), ``card``."""
    if not case.closed:
        return None
    when = f"{case.status.label} on {case.current.date.isoformat()} ({case.current.event})"
    facts = {"name": case.name, "label": case.status.label, "since": case.current.date, "event": case.current.event}
    if kind == "card":
        from w4r.cases.status import card_kind

        if card_kind(case) == "congratulations":
            day = case.current.date
            return Notice(f"{case.name} was {case.status.label} on {day.day} {day:%B} {day.year} ({case.current.event.rstrip('.')}): "
                          "the card congratulates", "case-free-card", **facts)
    if kind == "record":
        return Notice(f"for the record only, not to post: {case.name}'s case is closed, {when}", "case-closed-record", **facts)
    return Notice(f"{case.name}'s case is closed: {when}. Check with your section before posting it.", "case-closed", **facts)


def refuse_if_strict(warnings: list, strict: bool, job: str) -> None:
    """With ``strict``, any warning stops the job before anything is written (exit code 1 on the command line)."""
    if strict and warnings:
        more = f" (and {len(warnings) - 1} more)" if len(warnings) > 1 else ""
        raise StrictWarningsError(f"{warnings[0]}{more}", code="strict", hint="strict",
                                  params={"warnings": list(warnings), "job": job})


def check_output(output, force: bool) -> None:
    """Fail before any work when ``output`` cannot be written (exists without force, no such folder, ...)."""
    if output is not None:
        from w4r.output import check_writable

        check_writable(output, force=force)


def write_output(output, data: bytes, force: bool) -> Path | None:
    """``data`` written atomically to ``output`` (never over a file without ``force``); None when no file was asked for."""
    if output is None:
        return None
    from w4r.output import output_path, write_atomic

    write_atomic(output, data, force=force)
    return output_path(output)


def stage(progress: ProgressFn | None, name: str, done: int = 0, total: int = 1) -> None:
    if progress is not None:
        progress(name, done, total)


def count(case_id: str, kind: str, n: int, event: str | None):
    """Add what was made to the tally: only for what will be sent."""
    from w4r.tally import record

    return record(case_id, event=event, **{kind: n})
