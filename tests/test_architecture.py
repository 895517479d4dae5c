"""The one-way house: each floor imports only the floors below it (docs/architecture.md).

Read from the source with ``ast`` (no imports run), so a new module is checked the
moment it is written.  Imports inside functions count too: a lazy import is still a
dependency.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "w4r"

# What each floor may import from w4r, besides itself and the shared ground floor
# (errors, paths, config, memo, output, cachefile, dates, deferred, caches, the package root).
GROUND = {"errors", "paths", "config", "memo", "output", "__init__", "userfiles", "procs", "cachefile", "dates", "deferred", "importhook", "caches"}
MAY_IMPORT = {
    "richtext": set(),
    "typeset": {"richtext"},
    "cases": set(),
    "compose": {"cases", "richtext"},
    "render": {"cases", "compose", "richtext", "typeset"},
    "pack": {"cases", "compose", "richtext", "typeset", "render", "tally"},
    "batch": {"cases", "compose", "richtext", "typeset", "render", "tally"},
    "tally": {"cases"},
    "api": {"cases", "compose", "richtext", "typeset", "render", "pack", "batch", "tally"},
}
# Known exceptions, each with its reason; the list only shrinks (today it is empty).
EXCEPTIONS: set[tuple[str, str]] = set()
# Front ends and anything not listed: free to use every floor.
FRONT_ENDS = {"cli", "web", "__main__"}
# Libraries only a front end may use.
FRONT_END_LIBRARIES = {"typer", "rich", "starlette", "fastapi", "uvicorn", "click"}
MODEL_FLOORS = {"richtext", "typeset", "cases", "compose", "render", "pack", "batch", "tally"}


def _floor(path: Path) -> str:
    rel = path.relative_to(PACKAGE)
    return rel.parts[0].removesuffix(".py")


def _imports(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.lineno, node.module
            if node.module == "w4r":
                for alias in node.names:
                    if not alias.name.startswith("__"):  # __version__ is the package root's
                        yield node.lineno, f"w4r.{alias.name}"


def _modules():
    return sorted(p for p in PACKAGE.rglob("*.py") if "_data" not in p.parts)


def test_each_floor_imports_only_the_floors_below():
    wrong = []
    for path in _modules():
        floor = _floor(path)
        if floor in FRONT_ENDS or floor not in MAY_IMPORT:
            continue
        allowed = MAY_IMPORT[floor] | GROUND | {floor}
        for line, name in _imports(path):
            parts = name.split(".")
            if parts[0] != "w4r" or len(parts) < 2:
                continue
            if parts[1] not in allowed and (str(path.relative_to(PACKAGE.parent)), name) not in EXCEPTIONS:
                wrong.append(f"{path.relative_to(PACKAGE.parent)}:{line}: {floor} imports {name}")
    assert not wrong, "imports against the floor order (docs/architecture.md):\n" + "\n".join(wrong)


def test_models_and_renderers_never_import_a_front_end_library():
    wrong = []
    for path in _modules():
        if _floor(path) not in MODEL_FLOORS:
            continue
        for line, name in _imports(path):
            if name.split(".")[0] in FRONT_END_LIBRARIES:
                wrong.append(f"{path.relative_to(PACKAGE.parent)}:{line}: imports {name}")
    assert not wrong, "\n".join(wrong)


def test_the_rule_catches_an_upward_import(tmp_path):
    """The checker itself: an import from a higher floor is found."""
    bad = tmp_path / "bad.py"
    bad.write_text("def f():\n    from w4r.render.letter import render_letter\n")
    assert ("w4r.render.letter" in [name for _, name in _imports(bad)])


# A module fits one sitting (~400 lines).  A longer one says why in its docstring
# ("Longer than one sitting because ...").
MAX_LINES = 420


def test_no_module_is_longer_than_one_sitting_without_a_reason():
    long = []
    for path in _modules():
        rel = str(path.relative_to(PACKAGE.parent))
        text = path.read_text(encoding="utf-8")
        if text.count("\n") <= MAX_LINES:
            continue
        doc = ast.get_docstring(ast.parse(text)) or ""
        if "Longer than one sitting because" not in doc:
            long.append(f"{rel}: {text.count(chr(10))} lines")
    assert not long, "modules over ~400 lines with no reason in their docstring:\n" + "\n".join(long)


def test_the_copies_of_the_paper_names_match_the_format_registry():
    """Paper knowledge lives in render/formats.py; the few copies kept for start-up speed follow it."""
    import typing

    import w4r
    import w4r.cli.app  # noqa: F401 - the commands import each other through the app
    from w4r.cli.letter import Paper
    from w4r.config import Config
    from w4r.render.formats import PAPER_NAMES

    assert w4r._PAPERS == PAPER_NAMES
    assert tuple(p.value for p in Paper) == PAPER_NAMES
    literal = next(a for a in typing.get_args(Config.model_fields["paper"].annotation) if a is not type(None))
    assert typing.get_args(literal) == PAPER_NAMES
