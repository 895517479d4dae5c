"""A roster: one row per letter or card, from a CSV file, a spreadsheet or rows in memory.

Whatever the file, the rows come here as numbered records, the header first;
the header's cells are matched to the fields w4r reads (``name``, ``message``,
``case``, ``to``, ``address``, ``lang``, ``group``) in the words people use
(see ``headers``).  Rows are numbered as the spreadsheet shows them.
"""


from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from w4r.batch.headers import close_field, field_for
from w4r.batch.problems import Problem, row_problem
from w4r.errors import InputError, NotFoundError
from w4r.userfiles import ROSTER, UserFileError, read_user_file

COLUMNS = ("name", "message", "case", "to", "address", "lang", "group")
ALWAYS_REQUIRED = ("name", "message")
MAX_ROSTER_BYTES = ROSTER.max_bytes  # ~100,000 rows of a few sentences; more is not a class
SPREADSHEETS = (".xlsx", ".xlsm", ".xls", ".ods")


@dataclass(frozen=True)
class RosterRow:
    number: int  # as the spreadsheet shows it: the header is row 1
    cells: dict[str, str]  # known column -> the cell's text ("" when empty or missing)

    def get(self, column: str) -> str:
        return self.cells.get(column, "")


@dataclass
class Roster:
    path: Path
    encoding: str
    delimiter: str
    columns: tuple[str, ...]  # the known columns the header has
    rows: list[RosterRow]
    problems: list[Problem] = field(default_factory=list)
    ignored_columns: tuple[str, ...] = ()
    headers: dict[str, str] = field(default_factory=dict)  # field -> the header cell as written
    positions: dict[str, int] = field(default_factory=dict)  # field -> column index (0 = A)
    sheet: str | None = None  # the spreadsheet's sheet, for cell references such as Sheet1!C14
    suggestions: dict[str, str] = field(default_factory=dict)  # ignored header -> the field it resembles

    def locate(self, p: Problem) -> Problem:
        """``p`` with the column as the header writes it and, in a spreadsheet, the cell's reference."""
        import dataclasses

        if p.field is None or p.field not in self.headers:
            if self.sheet is not None and p.row is not None and p.cell is None:
                return dataclasses.replace(p, cell=f"{sheet_ref(self.sheet)}!{p.row}")
            return p
        cell = p.cell
        if self.sheet is not None and p.row is not None:
            cell = f"{sheet_ref(self.sheet)}!{column_letter(self.positions[p.field])}{p.row}"
        return dataclasses.replace(p, column=self.headers[p.field], cell=cell)


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA: as spreadsheets name columns."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def sheet_ref(name: str) -> str:
    """A sheet's name as a cell reference writes it: quoted when it has spaces or punctuation."""
    return name if name.replace("_", "").isalnum() else "'" + name.replace("'", "''") + "'"


def from_rows(rows, source: str = "roster", *, defaults: dict[str, str] | None = None) -> Roster:
    """A roster from rows already in memory: lists of cells with the header first, or dicts keyed by column name.

    Rows are numbered as a spreadsheet would number them (the header is row 1).
    """
    rows = list(rows)
    if rows and isinstance(rows[0], dict):
        header = list(dict.fromkeys(k for r in rows for k in r))
        table = [header] + [[_cell_text(r.get(k)) for k in header] for r in rows]
    else:
        table = [[_cell_text(c) for c in r] for r in rows]
    if not any(any(c.strip() for c in r) for r in table):
        raise InputError(f"{source} is empty; it needs a header row (name, message, case, to) and one row per letter or card",
                         code="empty-roster")
    return from_records(list(enumerate(table, start=1)), source, encoding="", delimiter="", defaults=defaults)


def _cell_text(value) -> str:
    return "" if value is None else str(value)


def _describe_delimiter(d: str) -> str:
    return {"\t": "tab", ",": "comma", ";": "semicolon", "|": "bar"}.get(d, repr(d))


def from_records(records: list[tuple[int, list[str]]], source: str, *, encoding: str, delimiter: str,
                 defaults: dict[str, str] | None = None, problems: list[Problem] | None = None,
                 sheet: str | None = None) -> Roster:
    """A roster from numbered records (the header first), whatever file or sheet they came from."""
    defaults = defaults or {}
    problems = list(problems or [])
    if not records or not any(c.strip() for c in records[0][1]) or records[0][0] != 1:
        raise InputError(f"{source}: row 1 must hold the column names (name, message, case, to; address, lang, group optional)",
                         code="no-header")
    raw_header = records[0][1]
    header = [field_for(h) for h in raw_header]
    seen: dict[str, int] = {}
    for i, h in enumerate(header):
        if h is not None:
            if h in seen:
                raise InputError(f"{source}: the column {h!r} appears twice in row 1 (columns {seen[h] + 1} and {i + 1}); keep one",
                                 code="column-twice", field=h)
            seen[h] = i
    suggestions = {}
    for i, h in enumerate(header):
        close = close_field(raw_header[i]) if h is None and raw_header[i].strip() else None
        if close and close[0] not in seen:
            suggestions[raw_header[i].strip()] = close[0]
    _check_columns(source, seen, defaults, delimiter, raw_header, suggestions)
    ignored = tuple(raw_header[i].replace("\ufeff", "").strip() for i, h in enumerate(header) if h is None and raw_header[i].strip())
    width = len(header)
    headers = {fld: raw_header[i].replace("\ufeff", "").strip() for fld, i in seen.items()}
    # Problems that name a column by index are renamed now the header is known.
    problems = [_name_column(p, raw_header, header) for p in problems]
    rows: list[RosterRow] = []
    for number, record in records[1:]:
        if not any(c.strip() for c in record):
            continue  # an empty row: spreadsheets keep them, nobody means a letter by one
        if delimiter and len(record) > width and any(c.strip() for c in record[width:]):
            problems.append(
                row_problem(number, None, "too-many-cells", f"this row has {len(record)} cells but the header has {width}; "
                            f"a cell with a {_describe_delimiter(delimiter)} in it must be in quotes")
            )
            continue
        cells = {col: (record[i] if i < len(record) else "") for col, i in seen.items()}
        for col, value in defaults.items():
            if col not in seen or not cells[col].strip():
                cells[col] = value
        rows.append(RosterRow(number, cells))
    problems.sort(key=lambda p: p.row or 0)
    roster = Roster(Path(source), encoding, delimiter, tuple(seen), rows, problems, ignored, headers, dict(seen), sheet, suggestions)
    roster.problems = [roster.locate(p) for p in roster.problems]
    return roster


def _name_column(p: Problem, raw_header: list[str], header: list) -> Problem:
    """A problem found before the header was read names its column by index: give it the column's name."""
    if p.column.isdigit() and int(p.column) < len(raw_header) and raw_header[int(p.column)].strip():
        import dataclasses

        i = int(p.column)
        return dataclasses.replace(p, column=raw_header[i].strip(), field=header[i])
    return p


def _check_columns(source: str, seen: dict[str, int], defaults: dict[str, str], delimiter: str, raw_header: list[str],
                   suggestions: dict[str, str]) -> None:
    missing = [c for c in ALWAYS_REQUIRED if c not in seen]
    missing += [c for c in ("case", "to") if c not in seen and c not in defaults]
    if not missing:
        return
    found = ", ".join(h.replace("\ufeff", "").strip() for h in raw_header if h.strip()) or "nothing"
    hint = ""
    from w4r.batch.csvfile import DELIMITERS

    if len(raw_header) == 1 and raw_header[0] and any(d in raw_header[0] for d in DELIMITERS if d != delimiter):
        hint = "; the separator was not recognised: add a first line 'sep=;' (or sep=, )"
    meant = [(h, fld) for h, fld in suggestions.items() if fld in missing]
    if meant:
        hint = "; " + ", ".join(f"did you mean {fld!r} for {h!r}?" for h, fld in meant)
    option = [c for c in missing if c in ("case", "to")]
    key = None
    if option and len(option) == len(missing) and not meant:
        key = "default_column"
    raise InputError(f"{source}: no {', '.join(repr(m) for m in missing)} column in row 1 (found: {found}){hint}",
                     code="missing-column", field=missing[0], hint=key, params={"column": option[0] if option else missing[0]})


def read_roster(path: Path, *, encoding: str | None = None, defaults: dict[str, str] | None = None,
                sheet: str | None = None) -> Roster:
    """Read and parse the roster at ``path``: CSV, or a spreadsheet (.xlsx, .xls, .ods); no row is checked yet."""
    try:
        raw = read_user_file(path, ROSTER)
    except UserFileError as exc:
        if exc.exit_code == NotFoundError.exit_code:
            raise NotFoundError(f"roster {path} does not exist; check the file name", code="no-roster", field="roster") from None
        raise
    # A workbook is read as one whatever its name says (a class list saved as "class.csv" from Excel stays a workbook).
    if path.suffix.lower() in SPREADSHEETS or raw.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):
        from w4r.batch.sheets import read_sheet

        return read_sheet(path, raw, sheet=sheet, defaults=defaults)
    if sheet is not None:
        raise InputError(f"{path} is not a spreadsheet, so it has no sheet {sheet!r}", code="not-a-workbook", field="sheet")
    from w4r.batch.csvfile import decode, parse

    text, codec = decode(raw, str(path), encoding)
    return parse(text, str(path), encoding=codec, defaults=defaults)
