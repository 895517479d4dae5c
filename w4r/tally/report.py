"""The tally for people: totals as CSV for a section's report, and the ``w4r tally add`` line to run later."""

from __future__ import annotations

import csv
import io
import re
import shlex
from typing import Mapping

from w4r.tally.counts import KINDS, CaseTotal, check_case_id, clean_event


# Spreadsheet programs run a cell that starts with one of these as a formula.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell: object) -> object:
    """A cell a spreadsheet will show as text, never run as a formula."""
    if isinstance(cell, str) and cell.startswith(_FORMULA_START):
        return "'" + cell
    return cell


def totals_csv(totals: list[CaseTotal], *, names: Mapping[str, str] | None = None, event: str | None = None) -> str:
    """Totals per case as CSV for a section's report: one row per case, one column per kind."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    head = (["event"] if event else []) + ["case", "name", *KINDS, "total"]
    writer.writerow(head)
    for t in totals:
        row = ([event] if event else []) + [t.case_id, (names or {}).get(t.case_id, ""), *t.counts().values(), t.total]
        writer.writerow([neutralise(c) for c in row])
    return buf.getvalue()


# The command to run later ------------------------------------------------------------

_PLAIN_WORD = re.compile(r"^[\w.,:/+-]+$")
# Inside double quotes every other character is literal in sh, cmd and PowerShell.
_SHELL_SPECIAL = set('"$`\\!%')


def shell_word(text: str) -> str:
    """``text`` quoted so that the same line works in a POSIX shell, cmd and PowerShell when it can."""
    if _PLAIN_WORD.match(text) and not text.startswith("-"):
        return text
    if not _SHELL_SPECIAL & set(text):
        return f'"{text}"'
    return shlex.quote(text)  # POSIX only; such names are rare


def tally_add_command(counts_by_case: Mapping[str, Mapping[str, int]], event: str | None = None) -> str:
    """The ``w4r tally add`` line(s) that record ``counts_by_case`` once the letters are posted.

    ``counts_by_case`` maps a case id to counts by kind, e.g.
    ``{"sasha": {"letters": 12}, "rita": {"letters": 3, "cards": 5}}``.  One line
    per case, joined by newlines; cases with nothing to count are left out.
    """
    name = clean_event(event)
    lines = []
    for case_id, counts in counts_by_case.items():
        unknown = set(counts) - set(KINDS)
        if unknown:
            raise ValueError(f"unknown kind {sorted(unknown)[0]!r}; kinds are {', '.join(KINDS)}")
        words = ["w4r", "tally", "add", check_case_id(case_id)]
        for kind in KINDS:
            if counts.get(kind):
                words += [f"--{kind}", str(int(counts[kind]))]
        if len(words) == 4:
            continue
        if name:
            words += ["--event", shell_word(name)]
        lines.append(" ".join(words))
    return "\n".join(lines)
