"""Load case files into validated Case models, explaining every problem at once.

Each problem is one line: ``file:line:column: where: what is expected``.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import ValidationError

from w4r.cases.schema import Case
from w4r.cases import cache as case_cache
from w4r.cases.yamlsafe import Located, Mark, YamlProblem, parse_yaml_bytes, read_yaml_bytes
from w4r.errors import CaseFileError

_MESSAGES = {
    "missing": "required field is missing",
}
CASE_FORMAT_DOC = "docs/case-format.md"


def _where(loc: tuple) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"


def _describe(err: dict, doc: str = CASE_FORMAT_DOC) -> str:
    kind = err["type"]
    if kind in _MESSAGES:
        return _MESSAGES[kind]
    if kind == "extra_forbidden":
        return f"unknown key; check the spelling (see {doc})"
    msg = err["msg"]
    if msg.startswith("Value error, "):
        msg = msg[len("Value error, "):]
    if kind == "literal_error":
        return f"{err.get('input')!r} is not one of {err.get('ctx', {}).get('expected', '').replace(chr(39), '')}"
    if kind in ("int_parsing", "int_type"):
        return f"expected a whole number, got {err.get('input')!r}"
    if kind in ("date_from_datetime_parsing", "date_parsing", "date_type"):
        return f"expected a date written YYYY-MM-DD, got {err.get('input')!r}"
    if kind in ("list_type",):
        return "expected a list (lines starting with '- ')"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return "expected a mapping of keys and values"
    if kind in ("string_type",):
        return "expected text"
    if kind == "bool_parsing":
        return f"expected yes or no (true/false), got {err.get('input')!r}"
    if kind == "string_too_long":
        limit = err.get("ctx", {}).get("max_length")
        return f"{len(err.get('input') or '')} characters is too long here; at most {limit} fit where it is printed"
    if kind == "too_long":
        limit = err.get("ctx", {}).get("max_length")
        return f"has {err.get('ctx', {}).get('actual_length')} items; at most {limit}"
    if kind == "enum":
        return f"{err.get('input')!r} is not allowed; {msg.split(';')[-1].strip() if ';' in msg else msg}"
    return msg


def _position(located: Located, loc: tuple, kind: str) -> Mark | None:
    # A missing key has no position of its own: point at the mapping that lacks it.
    path = loc[:-1] if kind == "missing" else loc
    return located.mark_for(path)


def validation_problems(path: Path, located: Located, exc: ValidationError, doc: str = CASE_FORMAT_DOC) -> list[str]:
    """One line per problem, ``file:line:column: where: what``; ``doc`` is where the keys are explained."""
    problems = []
    for err in exc.errors():
        loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and p.startswith("function-")))
        mark = _position(located, loc, err["type"])
        where = f"{path}:{mark.line}:{mark.column}" if mark else str(path)
        problems.append(f"{where}: {_where(loc)}: {_describe(err, doc)}")
    return problems


def load_case_file(path: Path, *, root: Path | None = None) -> Case:
    """Read one case file; raise CaseFileError listing every problem found.

    ``root``: the case folder the file was found in; a link out of it is refused.
    A file checked before, byte for byte, comes from the cache (w4r.cases.cache).
    """
    try:
        raw = read_yaml_bytes(path, root=root)
        cached = case_cache.get(raw)
        if cached is not None and cached.id == path.stem:
            return cached
        located = parse_yaml_bytes(raw)
    except YamlProblem as exc:
        where = f"{path}:{exc.mark.line}:{exc.mark.column}" if exc.mark else str(path)
        hint = f"; see {CASE_FORMAT_DOC} for the keys a case file needs" if exc.empty else ""
        raise CaseFileError([f"{where}: {exc.message}{hint}"]) from None
    if not isinstance(located.data, dict):
        raise CaseFileError([f"{path}:1:1: a case file must be a mapping of keys (id:, name:, ...)"])
    try:
        case = Case.model_validate(located.data)
    except ValidationError as exc:
        raise CaseFileError(validation_problems(path, located, exc)) from None
    if case.id != path.stem:
        mark = located.mark_for(("id",))
        where = f"{path}:{mark.line}:{mark.column}" if mark else str(path)
        raise CaseFileError([f"{where}: id {case.id!r} must match the file name {path.stem!r}"])
    case_cache.put(raw, case)
    return case
