"""The batch job as one library call: a roster in, print-ready PDFs and the counts out.

``run_batch(options, progress)`` reads the roster (a file, or rows already in
memory), checks every row against the cases, plans the print order, prints,
writes the files and counts what was printed.  Problems and warnings come back
as data (``Problem``: row, column, field, code, hint key), never as text a
caller has to parse; a front end (the command line, the writing room) turns
them into its own words.  Nothing here reads the user's config file or names a
command-line option.

Errors that stop the run are raised as ``W4RError``; rows that need fixing
stop it with ``RowsNeedFixing``, which carries every problem found.
"""

from __future__ import annotations

import datetime as dt
import gc
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Sequence

from w4r.batch.assemble import Offset, OutputFile
from w4r.batch.plan import CaseSummary
from w4r.batch.problems import Problem
from w4r.errors import ExitCode, InputError

if TYPE_CHECKING:
    from w4r.typeset.fonts import FontBook

# progress(stage, done, total): stage is "checking" or "printing"; done counts rows.
ProgressFn = Callable[[str, int, int], None]

TO_VALUES = ("authorities", "individual")
MAX_JOBS = 64


@dataclass
class BatchOptions:
    """What to print and how; the defaults are those of a plain ``w4r batch ROSTER``."""

    roster: Path | None = None  # a CSV file ...
    rows: Sequence | None = None  # ... or rows in memory: lists of cells (header first) or dicts by column name
    source: str | None = None  # the roster's name in messages (default: the path, or "roster")
    encoding: str | None = None  # a CSV roster's encoding when it is not UTF-8 or UTF-16
    sheet: str | None = None  # a spreadsheet's sheet (default: the first)
    output: Path | None = None  # one PDF; with no output, split_dir or by_case_dir the PDF is returned as bytes
    split_dir: Path | None = None  # one PDF per row in this folder
    by_case_dir: Path | None = None  # one PDF per case in this folder
    by_kind_dir: Path | None = None  # letters.pdf, cards.pdf and envelopes.pdf in this folder
    stacks: bool = True  # with a group column: a cover sheet per class, a packing slip per case
    offset: Offset | None = None  # how far to move the pages for this printer (see w4r printer-test)
    case: str | None = None  # for rows without a case
    to: str | None = None  # authorities | individual, for rows without one
    lang: str = "en"  # letter language for rows without one
    paper: str = "a4"
    card_format: str | None = None  # default: a5 on A4, half-letter on US Letter
    design: str | None = None  # the card front, by name (see w4r.render.designs)
    date: dt.date | None = None  # printed on the letters; default today
    return_address: str | list[str] | None = None  # printed on letters whose row has no address (a school's, a group's)
    duplex: bool = False
    skip_invalid: bool = False  # print the good rows even when some rows have problems
    strict: bool = False  # warnings count as problems
    jobs: int | str = "auto"  # processes: a number, or "auto"
    force: bool = False  # overwrite existing files
    count: bool = False  # add what was printed to the tally
    event: str | None = None  # the tally event to count under
    cases_dir: Path | None = None
    templates: Path | None = None


@dataclass
class BatchResult:
    files: list[str] = field(default_factory=list)
    pages: int = 0
    pdf: bytes | None = None  # the PDF itself when no file was asked for
    cases: dict[str, CaseSummary] = field(default_factory=dict)  # counts and postal addresses, in print order
    outputs: list[OutputFile] = field(default_factory=list)  # each file written and how to print it
    rows_read: int = 0
    printed: int = 0
    skipped: list[int] = field(default_factory=list)  # rows with problems that were left out
    problems: list[Problem] = field(default_factory=list)  # errors and warnings, by row
    ignored_columns: tuple[str, ...] = ()  # header cells w4r does not read
    suggestions: dict[str, str] = field(default_factory=dict)  # ignored header -> the field it looks like
    card_format: str = ""
    counted: list = field(default_factory=list)  # tally entries recorded (with count=True)
    event: str | None = None  # the tally event, as cleaned

    @property
    def letters(self) -> int:
        return sum(c.letters for c in self.cases.values())

    @property
    def cards(self) -> int:
        return sum(c.cards for c in self.cases.values())

    @property
    def envelopes(self) -> int:
        return sum(c.envelopes for c in self.cases.values())

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.warning]

    def produced(self) -> dict[str, dict[str, int]]:
        """Letters and cards per case, as the tally counts them."""
        return {cid: {"letters": c.letters, "cards": c.cards} for cid, c in self.cases.items()}


class RowsNeedFixing(InputError):
    """Rows have problems and ``skip_invalid`` is off: nothing was written.

    ``problems`` lists them all; ``bad_rows`` the rows, ``good`` how many rows
    would print.  ``strict_only``: every problem is a warning that strict
    checking promoted (the exit code is then WARNINGS).
    """

    def __init__(self, source: str, problems: list[Problem], bad_rows: list[int], good: int, ignored_columns: tuple[str, ...] = (),
                 suggestions: dict[str, str] | None = None):
        self.problems, self.bad_rows, self.good, self.source = problems, bad_rows, good, source
        self.ignored_columns, self.suggestions = ignored_columns, dict(suggestions or {})
        self.strict_only = all(p.promoted for p in problems if not p.warning)
        n = len(bad_rows)
        rows = f"{n} row{'s' if n != 1 else ''} of {source}"
        if self.strict_only:
            message = f"{rows} {'have' if n != 1 else 'has'} warnings and strict checking is on; nothing was written"
        else:
            message = f"{rows} need{'s' if n == 1 else ''} fixing; nothing was written"
        super().__init__(message, code="rows-need-fixing", hint="skip_invalid" if good else None,
                         params={"rows": n, "good": good, "source": source, "strict_only": self.strict_only},
                         exit_code=ExitCode.WARNINGS if self.strict_only else None)


def _card_format(options: BatchOptions) -> str:
    from w4r.render.card_type import CARD_FORMATS
    from w4r.render.formats import default_card_format

    name = (options.card_format or default_card_format(options.paper)).strip().lower()
    if name not in CARD_FORMATS:
        raise InputError(f"card format {name!r}: choose one of {', '.join(CARD_FORMATS)}", code="bad-card-format", field="card_format")
    return name


def _jobs(value: int | str, letters: int, cards: int) -> int:
    from w4r.batch.run import default_jobs

    if isinstance(value, str) and value.strip().lower() == "auto":
        return default_jobs(letters, cards)
    try:
        n = int(value)
    except ValueError:
        raise InputError(f"jobs {value!r}: give a number of processes, or auto", code="bad-jobs", field="jobs") from None
    if not 1 <= n <= MAX_JOBS:
        raise InputError(f"jobs {n}: give 1 to {MAX_JOBS}, or auto", code="bad-jobs", field="jobs")
    return n


def _return_address(value: str | list[str] | None) -> str | None:
    """The return address as one text with a line per part; checked now, before any row."""
    from w4r.compose.sender import split_address

    if not value:
        return None
    if isinstance(value, str):
        # "School, Street, Town" on one line: each comma starts a line, as on an envelope.
        parts = value if ("|" in value or "\n" in value) else "\n".join(value.split(","))
    else:
        parts = "\n".join(value)
    try:
        lines = split_address(parts)
    except InputError as exc:
        raise InputError(f"the return address: {exc.message}", code="bad-return-address", field="return_address") from None
    return "\n".join(lines) or None


def _read(options: BatchOptions, defaults: dict[str, str]):
    from w4r.batch.roster import from_rows, read_roster

    if options.rows is not None:
        return from_rows(options.rows, options.source or "roster", defaults=defaults)
    if options.roster is None:
        raise InputError("no roster: give a roster file or rows", code="no-roster", field="roster")
    return read_roster(Path(options.roster), encoding=options.encoding, defaults=defaults, sheet=options.sheet)


def run_batch(options: BatchOptions, progress: ProgressFn | None = None, *, fb: FontBook) -> BatchResult:
    """Print a roster's letters and cards, in the fonts of ``fb``; see the module's docstring."""
    with _spaced_collections():
        return _run_batch(options, progress, fb)


# While a batch runs, Python's cycle collector runs less often.  A batch keeps
# every checked row (its composed letter) and the pages drawn so far alive, and
# with the default thresholds the collector walked all of them again and again:
# about a tenth of a 10,000-letter run's time.  The few cycles a batch leaves
# behind are still collected, in bigger steps; peak memory stays the same.
_SPACED = (10_000, 50, 100)
_spacing_lock = threading.Lock()
_spacing = {"depth": 0, "saved": None}  # batches running at once, and the thresholds to put back


@contextmanager
def _spaced_collections():
    with _spacing_lock:
        if _spacing["depth"] == 0:
            _spacing["saved"] = gc.get_threshold()
            gc.set_threshold(*_SPACED)
        _spacing["depth"] += 1
    try:
        yield
    finally:
        with _spacing_lock:
            _spacing["depth"] -= 1
            if _spacing["depth"] == 0:
                gc.set_threshold(*_spacing["saved"])


def _run_batch(options: BatchOptions, progress: ProgressFn | None, fb: FontBook) -> BatchResult:
    from w4r.batch.assemble import Stacks
    from w4r.batch.plan import plan, summarise_cases
    from w4r.batch.run import RenderOptions
    from w4r.batch.write import write_batch
    from w4r.batch.validate import Options, card_maker, check_roster
    from w4r.cases import CaseLibrary
    from w4r.render.designs import parse_design
    from w4r.tally import clean_event, record_many

    event = clean_event(options.event)  # a bad event name stops the batch before anything is printed
    from w4r.render.formats import paper as paper_format

    paper = paper_format(options.paper or "a4").name  # an unknown paper: an InputError naming the choices
    options.paper = paper
    from w4r.compose.environment import template_folders

    # The template folders, chosen once from this job's options and handed down (none of them reads the environment).
    options.templates = template_folders(options.templates, options.cases_dir)
    card_fmt = _card_format(options)
    chosen_design, outline = parse_design(options.design)
    defaults: dict[str, str] = {}
    if options.case:
        defaults["case"] = options.case.strip()
    if options.to:
        from w4r.batch.headers import to_value

        if to_value(options.to) is None:
            raise InputError(f"to {options.to!r}: choose letter (authorities) or card (individual)", code="bad-to", field="to")
        defaults["to"] = to_value(options.to)
    source = options.source or (str(options.roster) if options.roster is not None else "roster")
    return_address = _return_address(options.return_address)
    if options.output is not None and options.roster is not None and Path(options.output).resolve() == Path(options.roster).resolve():
        raise InputError("the output would overwrite the roster itself; choose another name", code="output-is-roster", field="output")

    parsed = _read(options, defaults)
    result = BatchResult(rows_read=len(parsed.rows), ignored_columns=parsed.ignored_columns, suggestions=parsed.suggestions,
                         card_format=card_fmt, event=event)
    check_options = Options(
        date=options.date, templates=options.templates, default_lang=(options.lang or "en").strip().lower(),
        strict=options.strict, card_maker=card_maker(card_fmt, chosen_design, options.templates, fb=fb),
        card_format=card_fmt, paper=paper, return_address=return_address, fb=fb,
    )
    checked = check_roster(parsed, CaseLibrary.open(options.cases_dir), check_options, _ticker(progress, "checking", len(parsed.rows)))
    result.problems = checked.problems
    bad = sorted(checked.bad_rows())
    if checked.errors and (not options.skip_invalid or not checked.items):
        raise RowsNeedFixing(source, checked.problems, bad, len(checked.items), parsed.ignored_columns, parsed.suggestions)
    if not checked.items:
        raise InputError(f"{source} has no rows to print", code="no-rows")
    by_class = options.stacks and any(it.group for it in checked.items) and options.split_dir is None and options.by_case_dir is None
    groups = plan(checked.items, by_class=by_class)
    per_case = summarise_cases(groups, checked.cases)
    letters = sum(1 for it in checked.items if it.to == "authorities")
    render = RenderOptions(paper=paper, card_format=card_fmt, design=chosen_design, outline=outline, duplex=options.duplex,
                           jobs=_jobs(options.jobs, letters, len(checked.items) - letters), fb=fb)
    written = write_batch(groups, render, output=options.output, split_dir=options.split_dir,
                          by_case_dir=options.by_case_dir, by_kind_dir=options.by_kind_dir, force=options.force,
                          tick=_ticker(progress, "printing", len(checked.items)),
                          stacks=Stacks(per_case) if by_class else None, offset=options.offset, cases=checked.cases)
    result.files, result.pages, result.pdf, result.outputs = written.files, written.pages, written.data, written.outputs
    result.cases = per_case
    result.printed, result.skipped = len(checked.items), bad
    if options.count:
        result.counted = record_many(result.produced(), event)
    return result


def _ticker(progress: ProgressFn | None, stage: str, total: int) -> Callable[[int], None]:
    done = [0]

    def tick(n: int) -> None:
        done[0] += n
        if progress is not None:
            progress(stage, done[0], total)

    return tick
