"""``w4r printer-test`` and ``w4r labels``: getting a print run onto paper right."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer

from w4r.cli.root import app
from w4r.cli.common import CASES_DIR, label_sheets_help, papers_help, settings
from w4r.cli.console import info, warn
from w4r.errors import InputError, W4RError


def _offset(value: Optional[str], cfg) -> tuple[float, float]:
    from w4r.cli.batch import parse_offset

    return parse_offset(value if value is not None else cfg.print_offset_mm, "--offset-mm") or (0.0, 0.0)


@app.command("printer-test")
def printer_test(
    output: Path = typer.Option(Path("printer-test.pdf"), "-o", "--output", help="The PDF to write."),
    paper: Optional[str] = typer.Option(None, "--paper", help=f"{papers_help()} (default: your config's, or a4)."),
    offset_mm: Optional[str] = typer.Option(None, "--offset-mm", help="Print the test with this offset (X,Y mm) to check it: the creases then cross 0."),
    back_offset_mm: Optional[str] = typer.Option(None, "--back-offset-mm", help="The offset for the back, if it differs."),
    force: bool = typer.Option(False, "--force", help="Overwrite an existing file."),
) -> None:
    """Write a two-page test sheet: which edge your printer flips on, how far it shifts pages, whether it scales them."""
    from w4r.cli.batch import parse_offset
    from w4r.output import write_atomic
    from w4r.render.printertest import render_printer_test
    from w4r.typeset.fonts import book

    cfg = settings()
    paper_name = (paper or cfg.paper or "a4").strip().lower()
    from w4r.render.formats import PAPER_NAMES

    if paper_name not in PAPER_NAMES:
        raise InputError(f"--paper {paper_name}: choose {' or '.join(PAPER_NAMES)}")
    front = _offset(offset_mm, cfg)
    back = parse_offset(back_offset_mm, "--back-offset-mm")
    write_atomic(output, render_printer_test(paper_name, front, back, fb=book()), force=force)
    info(f"wrote {output}: print it two-sided at actual size (not 'fit to page'), then follow the steps on the sheet")


@app.command("labels")
def labels(
    source: str = typer.Argument(..., help="A roster (spreadsheet or CSV) or a case id."),
    fmt: str = typer.Option("L7163", "--format", help=f"The label sheet: {label_sheets_help()}."),
    start: int = typer.Option(1, "--start", help="The first free label on a partly used sheet (1 = top left, counting across)."),
    copies: int = typer.Option(1, "--copies", help="With a case id: labels per address."),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="The PDF to write (default: SOURCE-labels.pdf)."),
    sheet: Optional[str] = typer.Option(None, "--sheet", help="The spreadsheet's sheet (default: the first)."),
    encoding: Optional[str] = typer.Option(None, "--encoding", help="A CSV roster's encoding when it is not UTF-8 or UTF-16."),
    case: Optional[str] = typer.Option(None, "--case", help="Case for roster rows without one."),
    to: Optional[str] = typer.Option(None, "--to", help="letter or card, for roster rows without one."),
    offset_mm: Optional[str] = typer.Option(None, "--offset-mm", help="Move the labels' text by X,Y mm (see w4r printer-test)."),
    outline: bool = typer.Option(False, "--outline", help="Draw each label's outline, to check the layout on plain paper."),
    force: bool = typer.Option(False, "--force", help="Overwrite an existing file."),
    cases_dir: Optional[Path] = CASES_DIR,
) -> None:
    """Print the officials' (and, where cards can be posted, the people's) addresses on label sheets."""
    from w4r.batch.job import RowsNeedFixing
    from w4r.batch.labels import LabelOptions, make_labels
    from w4r.typeset.fonts import book
    from w4r.cli.batch import _problem_words, _words, problem_table

    cfg = settings()
    stem = Path(source).stem if Path(source).is_file() else source
    out = output or Path(f"{stem}-labels.pdf")
    options = LabelOptions(source=source, format=fmt, start=start, copies=copies, output=out, force=force, encoding=encoding,
                           sheet=sheet, case=case, to=to, cases_dir=cases_dir, offset_mm=_offset(offset_mm, cfg), outline=outline)
    try:
        result = make_labels(options, fb=book())
    except RowsNeedFixing as exc:
        print(problem_table([_problem_words(p) for p in exc.problems]), file=sys.stderr)
        raise _words(exc) from None
    except W4RError as exc:
        raise _words(exc) from None
    if result.small:
        warn(f"labels {', '.join(map(str, result.small))} are set below 8 pt to fit; check the post can read them")
    n = len(result.addresses)
    info(f"wrote {result.file}: {n} label{'s' if n != 1 else ''} on {result.sheets} {fmt} sheet{'s' if result.sheets != 1 else ''}, "
         f"print at actual size (not 'fit to page'), one-sided")
