"""Every error and warning code w4r gives is one spelling: lowercase words joined by hyphens.

Codes are an interface (scripts read them from ``--json`` and from the Python
API, docs/scripting.md), so one concept has one code whichever floor reports
it; this reads every place a code is written in w4r/ with ``ast``: ``code=``
arguments, the code argument of ``Notice``, ``row_problem`` and the room's
``Note``, and comparisons with ``.code``.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import w4r

PACKAGE = Path(w4r.__file__).parent
CODE_ARGUMENT = {"row_problem": 2, "_row_problem": 2, "Notice": 1, "Note": 0}  # position of the code
KEBAB = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def _strings(node: ast.AST) -> list[str]:
    return [n.value for n in ast.walk(node) if isinstance(n, ast.Constant) and isinstance(n.value, str)]


def codes_in(source: str) -> list[tuple[int, str]]:
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
            values = [kw.value for kw in node.keywords if kw.arg == "code" and not isinstance(kw.value, ast.JoinedStr)]
            at = CODE_ARGUMENT.get(name)
            if at is not None and len(node.args) > at and isinstance(node.args[at], (ast.Constant, ast.BoolOp, ast.IfExp)):
                values.append(node.args[at])  # a literal, or `exc.code or "fallback"`
            found += [(node.lineno, s) for v in values for s in _strings(v)]
        elif isinstance(node, ast.Compare) and isinstance(node.left, ast.Attribute) and node.left.attr == "code":
            found += [(node.lineno, s) for c in node.comparators for s in _strings(c)]
    return found


def test_every_code_is_lowercase_words_joined_by_hyphens():
    seen, wrong = set(), []
    for path in sorted(PACKAGE.rglob("*.py")):
        for line, code in codes_in(path.read_text(encoding="utf-8")):
            seen.add(code)
            if not KEBAB.fullmatch(code):
                wrong.append(f"{path.relative_to(PACKAGE.parent)}:{line}: {code!r}")
    assert len(seen) > 100  # the scan finds the codes it is meant to find
    assert not wrong, "codes must be kebab-case (e.g. bad-date):\n" + "\n".join(wrong)


def test_the_scan_sees_each_way_a_code_is_written():
    source = '''
raise InputError("x", code="bad_date")
row_problem(1, "to", exc.code or "no_case", "m")
Notice("words", "card_rule")
if p.code == "rows_need_fixing": pass
'''
    assert [c for _, c in codes_in(source)] == ["bad_date", "no_case", "card_rule", "rows_need_fixing"]
