"""``w4r batch``: every letter and card of a roster (a spreadsheet saved as CSV) in one go."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Optional

import typer

from w4r.cli.root import app
from w4r.cli.common import CASES_DIR, TEMPLATES, card_formats_help, papers_help, settings
from w4r.cli.console import info, warn
from w4r.cli.letter import parse_date
from w4r.errors import InputError, W4RError
from w4r.render.designs import design_names

# The batch machinery (cases, ReportLab, the tally) is imported when the
# command runs, so that other commands and --help do not load it.
if TYPE_CHECKING:
    from w4r.batch.problems import Problem

PROGRESS_AFTER = 1.0  # seconds: a batch quicker than this shows no progress bar


class Progress:
    """A rich progress bar on stderr, shown only once a batch has run for a second."""

    def __init__(self, total: int, enabled: bool, what: str = "printing", start: float | None = None):
        self.total, self.enabled, self.what = total, enabled, what
        self.done = 0
        self.start = time.monotonic() if start is None else start
        self._bar = None
        self._task = None

    def tick(self, n: int) -> None:
        self.done += n
        if not self.enabled:
            return
        if self._bar is None and time.monotonic() - self.start >= PROGRESS_AFTER:
            from rich.progress import BarColumn, MofNCompleteColumn, Progress as RichProgress, TextColumn, TimeRemainingColumn

            from w4r.cli.console import err

            # No refresh thread: refreshed from here, so forked workers never inherit one.
            self._bar = RichProgress(TextColumn(self.what), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                                     console=err(), transient=True, auto_refresh=False)
            self._bar.start()
            self._task = self._bar.add_task(self.what, total=self.total)
        if self._bar is not None:
            self._bar.update(self._task, completed=self.done)
            self._bar.refresh()

    def close(self) -> None:
        if self._bar is not None:
            self._bar.stop()
            self._bar = None


def problem_table(problems: list[Problem]) -> str:
    """Rows to fix as a plain table: row (as the spreadsheet numbers it, or its cell in a workbook), column, problem."""
    rows = [("cell" if any(p.cell for p in problems) else "row", "column", "problem")] + [
        (p.cell or p.where, p.column, ("warning: " if p.warning or p.promoted else "") + _plain(p)) for p in problems
    ]
    w0 = max(len(r[0]) for r in rows)
    w1 = max(len(r[1]) for r in rows)
    return "\n".join(f"  {a:<{w0}}  {b:<{w1}}  {c}" for a, b, c in rows)


def _plain(p: Problem) -> str:
    """A warning's words for this table: without the files w4r read it from (they mean nothing to a class)."""
    if p.code == "translation-unchecked":
        language = p.params.get("language", p.params.get("lang", ""))
        return f"the {language} translation has not been checked by a speaker; ask someone who reads {language} to check those letters before posting"
    return p.message


def _rows(numbers: list[str]) -> str:
    return f"row{'s' if len(numbers) != 1 else ''} {', '.join(numbers)}"


def warning_lines(problems: list[Problem]) -> list[str]:
    """One line per warning, however many rows share it (a translation, an official), naming the rows."""
    grouped: dict[str, list[str]] = {}
    for p in problems:
        if p.warning and p.code != "card-rule":
            grouped.setdefault(_plain(p), []).append(p.cell or p.where)
    return [f"{words} ({_rows(rows)}; --strict refuses these rows)" for words, rows in grouped.items()]


def card_rule_table(problems: list[Problem]) -> str:
    """Cards that break their case's rules, one line per row and rule: they must not be posted as they are."""
    hits = [p for p in problems if p.code == "card-rule" and p.warning]
    if not hits:
        return ""
    rows = [("row", "rule", "found")] + [(p.cell or p.where, str(p.params.get("rule", "")), str(p.params.get("found", ""))) for p in hits]
    w0 = max(len(r[0]) for r in rows)
    w1 = max(len(r[1]) for r in rows)
    cards = len({r[0] for r in rows[1:]})
    head = (f"w4r: warning: {cards} card{'s' if cards != 1 else ''} break{'s' if cards == 1 else ''} the case's card rules "
            f"(see 'w4r show CASE'); rewrite {'them' if cards != 1 else 'it'} before posting (--strict refuses them):")
    return "\n".join([head] + [f"  {a:<{w0}}  {b:<{w1}}  {c}" for a, b, c in rows])


def summary_text(summary: dict, files: list[str], pages: int, tally_line: str = "", result=None) -> str:
    lines = []
    where = files[0] if len(files) == 1 else f"{len(files)} files in {Path(files[0]).parent}"
    lines.append(f"wrote {where}: {pages} page{'s' if pages != 1 else ''}")
    cases = summary["cases"]
    width = max([len("total")] + [len(c) for c in cases])
    lines.append(f"  {'case':<{width}}  letters  cards  envelopes")
    for cid, c in cases.items():
        lines.append(f"  {cid:<{width}}  {c['letters']:>7}  {c['cards']:>5}  {c['envelopes']:>9}")
    lines.append(f"  {'total':<{width}}  {summary['letters']:>7}  {summary['cards']:>5}  {summary['envelopes']:>9}")
    lines.append(
        f"envelopes and stamps to buy: {summary['envelopes']} (one per letter; one large envelope per case for its cards "
        f"where the case has a postal address)"
    )
    if result is not None:
        hand_in = [c.case_id for c in result.cases.values() if c.hand_in]
        if hand_in:
            lines.append(f"no postal address for the cards of {', '.join(hand_in)}: hand them in to your section")
    if tally_line:
        lines.append("once they are posted, count them in the tally with:")
        lines.extend(f"  {line}" for line in tally_line.splitlines())
    return "\n".join(lines)


def how_to_print(out) -> str:
    """One line per file: paper, sides, edge, copies."""
    from w4r.render.formats import PAPERS

    paper = f"{PAPERS[out.paper].title} paper" if out.paper in PAPERS else f"{out.paper.upper()} envelopes"
    if out.two_sided:
        sides = f"two-sided, flip on {out.flip} edge" if out.flip else "two-sided"
    else:
        sides = "one-sided"
    sheets = f", {out.sheets} sheet{'s' if out.sheets != 1 else ''}" if out.sheets else ""
    pages = f"{out.pages} page{'s' if out.pages != 1 else ''}"
    return f"print {out.path}: {paper}, {sides}, {out.copies} cop{'y' if out.copies == 1 else 'ies'} ({pages}{sheets})"


def parse_offset(value: str | list | None, what: str) -> tuple[float, float] | None:
    """ "X,Y" in millimetres (or a config list [X, Y]): positive X moves right, positive Y moves down."""
    if value is None:
        return None
    parts = value if isinstance(value, list) else str(value).replace(";", ",").split(",")
    try:
        x, y = (float(str(p).strip()) for p in parts)
    except ValueError:
        raise InputError(f"{what} {value!r}: give two numbers in millimetres, X,Y (right, down), e.g. 1.5,-2") from None
    if max(abs(x), abs(y)) > 20:
        raise InputError(f"{what} {value!r}: at most 20 mm each way; run w4r printer-test and read the rulers again")
    return x, y


def _jobs(value: str) -> int | str:
    if value.strip().lower() == "auto":
        return "auto"
    try:
        n = int(value)
    except ValueError:
        raise InputError(f"--jobs {value!r}: give a number of processes (1 = no extra processes) or auto") from None
    if not 1 <= n <= 64:
        raise InputError(f"--jobs {n}: give 1 to 64, or auto")
    return n


def _hint_words(key: str | None, params: dict) -> str:
    from w4r.cli.words import hint_words

    return hint_words(key, params)


def _words(exc: W4RError) -> W4RError:
    """The library's error in this command's words: its options named where the fix is one."""
    if exc.hint == "encoding_option":
        message = f"--encoding {exc.params['encoding']}: unknown encoding; try utf-8, utf-16 or cp1252"
    elif exc.hint == "force_folder":
        more = f" (and {exc.params['more']} more)" if exc.params["more"] else ""
        message = f"{exc.params['path']}{' already exists'}{more}; use --force to overwrite, or choose another folder"
    elif exc.code == "rows-need-fixing":
        n = exc.params["rows"]
        rows = f"{n} row{'s' if n != 1 else ''} of {exc.params['source']}"
        if exc.params["strict_only"]:
            message = f"{rows} {'have' if n != 1 else 'has'} warnings and --strict is on; nothing was written"
        else:
            message = f"{rows} need{'s' if n == 1 else ''} fixing; nothing was written"
        message += _hint_words(exc.hint, exc.params)
    elif exc.code == "exists" and exc.field == "sample":
        message = f"{exc.params['path']} already exists; --sample never overwrites a file, give another name"
    else:
        from w4r.cli.words import error_words

        message = error_words(exc)
    exc.message = message
    exc.args = (message,)
    exc.hint = None  # worded: the error handler adds nothing more
    return exc


def _problem_words(p: Problem) -> Problem:
    import dataclasses

    extra = _hint_words(p.hint, p.params)
    return dataclasses.replace(p, message=p.message + extra) if extra else p


def _ignored(roster: Path, columns: tuple[str, ...], suggestions: dict[str, str]) -> None:
    for col in columns:
        meant = f"; did you mean {suggestions[col]!r}?" if col in suggestions else ""
        warn(f"{roster}: column {col!r} is not one w4r uses; it is ignored{meant}")


class _Stages:
    """The library's progress reports as a bar per stage (checking, then printing), all timed from the start."""

    def __init__(self, enabled: bool):
        self.enabled = enabled
        self.start = time.monotonic()
        self.bars: dict[str, Progress] = {}

    def __call__(self, stage: str, done: int, total: int) -> None:
        bar = self.bars.get(stage)
        if bar is None:
            for other in self.bars.values():
                other.close()
            bar = self.bars[stage] = Progress(total, self.enabled, stage, self.start)
        bar.tick(done - bar.done)

    def close(self) -> None:
        for bar in self.bars.values():
            bar.close()


@app.command("batch")
def batch(
    roster: Optional[Path] = typer.Argument(None, help="The roster: a spreadsheet (.xlsx, .xls, .ods) or CSV file with columns name, message, case, to (address, lang, group optional), in English, German, French or Spanish."),
    sheet: Optional[str] = typer.Option(None, "--sheet", help="The spreadsheet's sheet to read (default: the first)."),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="The PDF to write (default: ROSTER's name with .pdf)."),
    split: Optional[Path] = typer.Option(None, "--split", help="Write one PDF per row into this folder instead."),
    by_case: Optional[Path] = typer.Option(None, "--by-case", help="Write one PDF per case into this folder instead."),
    by_kind: Optional[Path] = typer.Option(None, "--by-kind", help="Write letters.pdf, cards.pdf and envelopes.pdf into this folder instead (letters one-sided, cards two-sided)."),
    no_stacks: bool = typer.Option(False, "--no-stacks", help="No cover sheet per class and no packing slips (they are added when the roster has a group column)."),
    offset_mm: Optional[str] = typer.Option(None, "--offset-mm", help="Move everything printed by X,Y mm (right, down) to make up for your printer's shift; see w4r printer-test. Default: print_offset_mm in your config."),
    back_offset_mm: Optional[str] = typer.Option(None, "--back-offset-mm", help="The same for the backs of two-sided sheets, when they shift differently (default: as --offset-mm)."),
    sample: Optional[Path] = typer.Option(None, "--sample", help="Write a small example roster to this file and stop."),
    case: Optional[str] = typer.Option(None, "--case", help="Case for rows without one (or when the roster has no case column)."),
    to: Optional[str] = typer.Option(None, "--to", help="letter (authorities) or card (individual), for rows without one."),
    lang: Optional[str] = typer.Option(None, "--lang", help="Letter language for rows without one (default: your config's, or en); a card's greeting follows the row's lang, else the case's first."),
    paper: Optional[str] = typer.Option(None, "--paper", help=f"{papers_help()}."),
    fmt: Optional[str] = typer.Option(None, "--format", help=f"Card format: {card_formats_help()}; "
                                                          "4-up sheets hold four different cards, each message behind its own front."),
    design: Optional[str] = typer.Option(None, "--design", help=f"Card front: {', '.join(design_names())}."),
    return_address: Optional[str] = typer.Option(None, "--return-address", help="The school's or group's address, printed on every letter whose row has none: \"School, Street, Town\" (commas or | between lines). Default: return_address in your config."),
    date: Optional[str] = typer.Option(None, "--date", help="Date printed on the letters (YYYY-MM-DD); default today."),
    duplex: bool = typer.Option(False, "--duplex", help="For printing everything double-sided: a blank page after each letter with an odd number of pages, so every letter and card sheet starts on a new sheet."),
    skip_invalid: bool = typer.Option(False, "--skip-invalid", help="Print the good rows even if some rows have problems (they are still listed)."),
    strict: bool = typer.Option(False, "--strict", help="Treat warnings (e.g. card-rule hits) as problems: exit code 1, nothing written."),
    encoding: Optional[str] = typer.Option(None, "--encoding", help="The roster's encoding when it is not UTF-8 or UTF-16, e.g. cp1252."),
    jobs: str = typer.Option("auto", "--jobs", help="Processes to print with: a number, or auto (one per core for big batches)."),
    force: bool = typer.Option(False, "--force", help="Overwrite existing files."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar and no summary."),
    as_json: bool = typer.Option(False, "--json", help="Print the summary as JSON on standard output."),
    count: bool = typer.Option(False, "--count", help="Add the letters and cards printed to the tally now (only if they will all be posted)."),
    event: Optional[str] = typer.Option(None, "--event", help="The event to count them under (with --count, and in the summary's tally line)."),
    cases_dir: Optional[Path] = CASES_DIR,
    templates: Optional[Path] = TEMPLATES,
) -> None:
    """Print a whole class's letters and cards from a spreadsheet, in one PDF ready to print, cut and post."""
    from w4r.batch.job import BatchOptions, RowsNeedFixing, run_batch
    from w4r.typeset.fonts import book
    from w4r.batch.sample import write_sample
    from w4r.tally import describe_counts, tally_add_command

    if sample is not None:
        try:
            write_sample(sample)
        except W4RError as exc:
            raise _words(exc) from None
        from w4r.batch.headers import describe_words

        info(f"wrote {sample}; fill it in (one row per letter or card), then run: w4r batch {sample}")
        info("column names and 'to' words w4r understands (any case, spaces and punctuation ignored):")
        for line in describe_words():
            info(line)
        return
    if roster is None:
        raise InputError("give the roster file (w4r batch ROSTER.csv), or --sample FILE for an example to start from")
    if sum(x is not None for x in (output, split, by_case, by_kind)) > 1:
        raise InputError("choose one of -o, --split, --by-case and --by-kind")
    cfg = settings()
    paper_name = (paper or cfg.paper or "a4").strip().lower()
    from w4r.render.formats import PAPER_NAMES

    if paper_name not in PAPER_NAMES:
        raise InputError(f"--paper {paper_name}: choose {' or '.join(PAPER_NAMES)}")
    from w4r.render.card_type import CARD_FORMATS
    from w4r.render.formats import default_card_format

    card_fmt = (fmt or cfg.card_format or default_card_format(paper_name)).strip().lower()
    if card_fmt not in CARD_FORMATS:
        raise InputError(f"--format {card_fmt}: choose one of {', '.join(CARD_FORMATS)}")
    from w4r.batch.headers import to_value

    if to and to_value(to) is None:
        raise InputError(f"--to {to}: choose letter (authorities) or card (individual)")
    front = parse_offset(offset_mm if offset_mm is not None else cfg.print_offset_mm, "--offset-mm")
    back = parse_offset(back_offset_mm, "--back-offset-mm")
    from w4r.batch.assemble import Offset

    offset = None
    if front or back:
        fx, fy = front or (0.0, 0.0)
        offset = Offset(fx, fy, *(back or (None, None)))
    if output is None and split is None and by_case is None and by_kind is None:
        output = Path(f"{roster.stem}.pdf")
    if output is not None and output.resolve() == roster.resolve():
        raise InputError("-o would overwrite the roster itself; choose another name")
    options = BatchOptions(
        roster=roster, sheet=sheet, encoding=encoding, output=output, split_dir=split, by_case_dir=by_case, by_kind_dir=by_kind, stacks=not no_stacks, offset=offset, case=case, to=to,
        lang=(lang or cfg.lang or "en"), return_address=return_address if return_address is not None else cfg.return_address, paper=paper_name, card_format=card_fmt, design=design, date=parse_date(date),
        duplex=duplex, skip_invalid=skip_invalid, strict=strict, jobs=_jobs(jobs), force=force, count=count, event=event,
        cases_dir=cases_dir, templates=templates,
    )
    stages = _Stages(not quiet and sys.stderr.isatty())
    try:
        result = run_batch(options, stages, fb=book())
    except RowsNeedFixing as exc:
        stages.close()
        _ignored(roster, exc.ignored_columns, exc.suggestions)
        print(problem_table([_problem_words(p) for p in exc.problems]), file=sys.stderr)
        raise _words(exc) from None
    except W4RError as exc:
        raise _words(exc) from None
    finally:
        stages.close()
    _ignored(roster, result.ignored_columns, result.suggestions)
    skipped_rows = [p for p in result.problems if not p.warning]
    if skipped_rows:
        print(problem_table([_problem_words(p) for p in skipped_rows]), file=sys.stderr)
    for line in warning_lines(result.problems):
        warn(line)
    tally_line = tally_add_command(result.produced(), result.event)
    for entry in result.counted:
        info(f"counted {describe_counts(entry.counts())} for {entry.case_id} in the tally")
    bad = result.skipped
    if bad:
        warn(f"skipped {len(bad)} row{'s' if len(bad) != 1 else ''} with problems (rows {', '.join(map(str, bad))})")
    summary = {
        "cases": {cid: c.as_dict() for cid, c in result.cases.items()},
        "letters": result.letters, "cards": result.cards, "envelopes": result.envelopes,
    }
    if as_json:
        data = {
            "files": result.files,
            "pages": result.pages,
            **summary,
            "rows": {"read": result.rows_read, "printed": result.printed, "skipped": bad},
            "problems": [{"row": p.row, "column": p.column, "problem": _problem_words(p).message, "warning": p.warning}
                         for p in result.problems],
            "counted": count,
            "tally_command": None if count else tally_line or None,
            "outputs": [o.as_dict() for o in result.outputs],
            "hand_in": [c.case_id for c in result.cases.values() if c.hand_in],
        }
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    elif not quiet:
        print(summary_text(summary, result.files, result.pages, "" if count else tally_line, result))
        if len(result.outputs) <= 8:
            for out in result.outputs:
                print(how_to_print(out))
        if result.cards:
            print(f"cards ({card_fmt}): {CARD_FORMATS[card_fmt].how_to_print}")
    breaches = card_rule_table(result.problems)
    if breaches:  # last, where it is seen: these cards must not go out as they are
        sys.stdout.flush()
        print(breaches, file=sys.stderr)
