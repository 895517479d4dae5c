"""``w4r labels``: the addresses of a roster's letters (or of one case) on label sheets.

For those who post in plain envelopes: one label per letter, to the official
it is written to; one per case for its cards where the case gives a postal
address for them (cards for the other cases are handed in to the section).
From a case id instead of a roster: one label per official of the case, and
one for its cards if they can be posted; ``copies`` repeats them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from w4r.batch.problems import Problem, row_problem
from w4r.errors import InputError

if TYPE_CHECKING:
    from w4r.typeset.fonts import FontBook


@dataclass
class LabelOptions:
    source: str  # a roster file, or a case id
    format: str = "L7163"
    start: int = 1  # the first free label on the first sheet
    copies: int = 1  # with a case id: labels per address
    output: Path | None = None  # None: the PDF comes back as bytes
    force: bool = False
    encoding: str | None = None
    sheet: str | None = None
    case: str | None = None  # for roster rows without a case
    to: str | None = None  # for roster rows without a to
    cases_dir: Path | None = None
    offset_mm: tuple[float, float] = (0.0, 0.0)
    outline: bool = False  # draw each label's outline (to check on plain paper)


@dataclass
class LabelResult:
    pdf: bytes | None = None
    file: str | None = None
    addresses: list[tuple[str, ...]] = field(default_factory=list)
    placed: list = field(default_factory=list)  # w4r.render.labels.Placed, one per label
    sheets: int = 0
    problems: list[Problem] = field(default_factory=list)
    small: list[int] = field(default_factory=list)  # labels set below the post's 8 pt (1-based)


def _letter_address(case, n: int = 1) -> tuple[str, ...]:
    from w4r.compose.envelope import upu_lines

    t = case.target(n)
    return upu_lines([t.name, t.title, t.organisation], t.address, t.country)


def _card_address(case) -> tuple[str, ...]:
    from w4r.batch.plan import case_summary

    return case_summary(case.id, case).card_address


def _from_roster(path: Path, options: LabelOptions, library) -> tuple[list[tuple[str, ...]], list[Problem]]:
    from w4r.batch.headers import to_value
    from w4r.batch.roster import read_roster
    from w4r.errors import W4RError

    defaults = {k: v for k, v in (("case", options.case), ("to", to_value(options.to or "") or "")) if v}
    roster = read_roster(path, encoding=options.encoding, defaults=defaults, sheet=options.sheet)
    problems = list(roster.problems)
    letters: list[tuple[str, ...]] = []
    cards: dict[str, int] = {}
    cases = {}
    for row in roster.rows:
        to = to_value(row.get("to"))
        if to is None:
            problems.append(row_problem(row.number, "to", "bad-to", "write letter or card"))
            continue
        try:
            case = library.get(row.get("case").strip())
        except W4RError as exc:
            problems.append(row_problem(row.number, "case", exc.code or "unknown-case", exc.message))
            continue
        cases[case.id] = case
        if to == "authorities":
            letters.append(_letter_address(case))
        else:
            cards[case.id] = cards.get(case.id, 0) + 1
    problems = [roster.locate(p) for p in problems]
    cards_out = [_card_address(cases[cid]) for cid in cards if _card_address(cases[cid])]
    return letters + cards_out, problems


def make_labels(options: LabelOptions, *, fb: FontBook) -> LabelResult:
    from w4r.batch.job import RowsNeedFixing
    from w4r.cases import CaseLibrary
    from w4r.output import check_writable, write_atomic
    from w4r.render.formats import LABEL_SHEETS, label_sheet
    from w4r.render.labels import POST_MIN, render_labels

    try:
        sheet = label_sheet(options.format)
    except KeyError:
        raise InputError(f"label format {options.format!r}: choose one of {', '.join(s.name for s in LABEL_SHEETS.values())}",
                         code="bad-label-format", field="format") from None
    if options.copies < 1:
        raise InputError(f"copies {options.copies}: give 1 or more", code="bad-copies", field="copies")
    library = CaseLibrary.open(options.cases_dir)
    result = LabelResult()
    path = Path(options.source)
    if path.is_file():
        addresses, result.problems = _from_roster(path, options, library)
        if any(not p.warning for p in result.problems):
            bad = sorted({p.row for p in result.problems if p.row is not None})
            raise RowsNeedFixing(str(path), result.problems, bad, 0)
    else:
        case = library.get(options.source)
        addresses = [_letter_address(case, n) for n in range(1, len(case.targets) + 1)]  # none for a case with no officials
        if _card_address(case):
            addresses.append(_card_address(case))
        addresses = [a for a in addresses for _ in range(options.copies)]
    if not addresses:
        raise InputError(f"{options.source}: no addresses to print (cards of cases with no postal address are handed in, "
                         f"not posted)", code="no-addresses")
    if options.output is not None:
        check_writable(options.output, force=options.force)
    pdf, placed = render_labels(sheet, addresses, start=options.start, offset_mm=options.offset_mm, outline=options.outline, fb=fb)
    result.addresses, result.placed = addresses, placed
    result.sheets = placed[-1].sheet + 1
    result.small = [i + 1 for i, p in enumerate(placed) if p.size < POST_MIN]
    if options.output is not None:
        write_atomic(options.output, pdf, force=options.force)
        result.file = str(options.output)
    else:
        result.pdf = pdf
    return result

