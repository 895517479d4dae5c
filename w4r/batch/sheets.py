"""A roster kept as a spreadsheet: .xlsx (Excel, Google Sheets' download), .xls (old Excel) and .ods (LibreOffice).

All three are read by python-calamine, one maintained reader for the three
formats.  The first sheet is read unless another is named.  Cells come through
as the text a user sees in the sheet: a whole number without ".0", a date as
YYYY-MM-DD, a time as HH:MM, an empty cell as nothing.  Rows keep the numbers
the spreadsheet shows, so a problem can name its cell (``Sheet1!C14``).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from w4r.errors import InputError


def cell_text(value) -> str:
    """A cell's value as the sheet shows it (without its number format, which the file keeps apart)."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value)
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0):
            return value.date().isoformat()
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    if isinstance(value, dt.timedelta):
        minutes = int(value.total_seconds() // 60)
        return f"{minutes // 60}:{minutes % 60:02d}"
    return str(value)


def read_sheet(path: Path, raw: bytes | None = None, *, sheet: str | None = None, defaults: dict[str, str] | None = None):
    """The roster on one sheet of the workbook at ``path`` (the first, or the one named ``sheet``)."""
    from python_calamine import CalamineError, CalamineWorkbook

    from w4r.batch.roster import from_records

    source = str(path)
    try:
        book = CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # noqa: BLE001 - calamine raises several kinds for a damaged or protected file
        if type(exc).__name__ == "PasswordError":
            raise InputError(f"{source} is protected with a password; save a copy without one", code="workbook-password") from None
        raise InputError(f"{source} cannot be read as a spreadsheet ({type(exc).__name__}); open it and save it again "
                         f"as .xlsx, .ods or CSV", code="bad-workbook") from None
    names = book.sheet_names
    if not names:
        raise InputError(f"{source} has no sheets", code="no-sheets")
    if sheet is None:
        name = names[0]
    else:
        wanted = [n for n in names if n == sheet] or [n for n in names if n.strip().casefold() == sheet.strip().casefold()]
        if not wanted:
            raise InputError(f"{source} has no sheet {sheet!r}; its sheets are {', '.join(repr(n) for n in names)}",
                             code="no-such-sheet", field="sheet", params={"sheets": names})
        name = wanted[0]
    try:
        rows = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
    except CalamineError as exc:
        raise InputError(f"{source}: the sheet {name!r} cannot be read ({exc})", code="bad-sheet") from None
    records = [(i, [cell_text(v) for v in row]) for i, row in enumerate(rows, start=1)]
    while records and not any(c.strip() for c in records[-1][1]):
        records.pop()
    if not records:
        raise InputError(f"{source}: the sheet {name!r} is empty; row 1 needs the column names (name, message, case, to) "
                         f"and each row after it one letter or card", code="empty-roster")
    kind = path.suffix.lower().lstrip(".") or "spreadsheet"
    return from_records(records, f"{source}", encoding=kind, delimiter="", defaults=defaults, sheet=name)
