"""Case files: the strict YAML reader, the schema, and the library of shipped cases.

The names below load on first use, so that code which only needs a case id
(``w4r.cases.ids``, for the tally) does not load the schema and pydantic.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from w4r.cases.library import CaseLibrary
    from w4r.cases.loader import load_case_file
    from w4r.cases.schema import Case, Status, Target

__all__ = ["Case", "CaseLibrary", "Status", "Target", "load_case_file"]

_WHERE = {
    "CaseLibrary": "w4r.cases.library",
    "load_case_file": "w4r.cases.loader",
    "Case": "w4r.cases.schema",
    "Status": "w4r.cases.schema",
    "Target": "w4r.cases.schema",
}


def __getattr__(name: str):
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'w4r.cases' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
