"""Dates people type (``--date 2026-12-10``, ``date="2026-12-10"`` in a script): the one parser.

On the ground floor so that the package's Python API and every front end read a
date the same way.  The caller says what to call the value in the message
(``--date`` on the command line, ``date`` in the API); the error also carries
``code`` and ``field`` for front ends that make their own words.
"""

from __future__ import annotations

import datetime as dt

from w4r.errors import InputError


def parse_date(value: dt.date | str | None, *, name: str = "date") -> dt.date | None:
    """``value`` as a date (YYYY-MM-DD); None stays None, a date is kept; an InputError otherwise."""
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InputError(
            f"{name} {value!r} is not a date; write it as YYYY-MM-DD, e.g. 2026-12-10", code="bad-date", field="date", params={"value": value}
        ) from None
