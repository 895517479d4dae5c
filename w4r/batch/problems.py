"""What is wrong with a roster, as data: each front end words it its own way.

A ``Problem`` names the row as the spreadsheet numbers it, the column (as the
roster's header writes it), the field w4r reads from that column (``name``,
``message``, ...), a stable ``code`` and, where the fix is an option of the
front end (a command-line flag, a form field), a ``hint`` key with its
``params``.  ``message`` is w4r's own English wording of the problem without
that hint; it never names a command-line option.
"""

from __future__ import annotations

from dataclasses import dataclass, field as _field


@dataclass(frozen=True)
class Problem:
    """What is wrong with one row (or, with row None, with the roster as a whole)."""

    row: int | None
    column: str  # the column's name as shown to the user; "-" when the row as a whole is meant
    message: str
    warning: bool = False
    promoted: bool = False  # a warning that strict checking made an error
    code: str = "problem"
    field: str | None = None  # the roster field (name, message, case, to, address, lang, group)
    hint: str | None = None  # a key the front end turns into advice (e.g. "default_case")
    params: dict = _field(default_factory=dict, compare=False, hash=False)
    cell: str | None = None  # the spreadsheet's own reference, e.g. "Sheet1!C14", when known

    @property
    def where(self) -> str:
        return "-" if self.row is None else str(self.row)

    def as_dict(self) -> dict:
        return {
            "row": self.row, "column": self.column, "field": self.field, "code": self.code, "problem": self.message,
            "warning": self.warning, "hint": self.hint, "cell": self.cell,
        }


def row_problem(row: int | None, fld: str | None, code: str, message: str, *, warning: bool = False,
                hint: str | None = None, params: dict | None = None, column: str | None = None) -> Problem:
    """A problem in ``fld`` of ``row``; the column shown is the field's name unless the header wrote it otherwise."""
    return Problem(row, column or fld or "-", message, warning, code=code, field=fld, hint=hint, params=dict(params or {}))
