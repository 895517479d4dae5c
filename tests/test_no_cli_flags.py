"""Lower floors never name a command-line option: errors and warnings carry a code,
a hint key and their facts, and each front end words them (w4r/cli/words.py names
the options; the writing room its own fields).

Read from the source with ``ast``: every string constant (f-string pieces
included) of every module outside w4r/cli and w4r/web.  Docstrings are left out:
they tell a developer which option feeds a parameter, and no user reads them.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from w4r.cli.words import error_words, notice_words

PACKAGE = Path(__file__).resolve().parent.parent / "w4r"
FRONT_ENDS = {"cli", "web"}
LONG = re.compile(r"(?<![\w-])--[a-z][a-z0-9-]*")
SHORT = re.compile(r"(?<![\w-])-o\b")
# (module, option) -> why the string must name it.  The list only shrinks.
ALLOWED = {
    # The printer-test sheet prints how to give w4r the measured offsets: it is paper
    # (outputs must not change), made only by 'w4r printer-test'.
    ("render/printertest.py", "--offset-mm"): "printed on the printer-test sheet",
    ("render/printertest.py", "--back-offset-mm"): "printed on the printer-test sheet",
    # The pack's index sheet says how to date the letters another day: paper again.
    ("pack/plan.py", "--date"): "printed on the pack's index sheet",
    # tally_add_command's product is a command line for the user to run ('w4r tally add ...').
    ("tally/report.py", "--event"): "tally_add_command writes a w4r command line",
    ("tally/report.py", "--{kind}"): "tally_add_command writes a w4r command line",
    # pip's option, not w4r's: how to reinstall the bundled fonts.
    ("typeset/fonts.py", "--force-reinstall"): "pip's option",
}


def _docstrings(tree: ast.AST) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) and isinstance(first.value.value, str):
                found.add(id(first.value))
    return found


def _named_options(path: Path):
    """(line, option) for every option a string of ``path`` names."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    docs = _docstrings(tree)
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            # f"--{kind} ...": an option made from a value
            for piece, after in zip(node.values, node.values[1:]):
                if isinstance(piece, ast.Constant) and re.search(r"(?<![\w-])--$", piece.value) and isinstance(after, ast.FormattedValue):
                    yield node.lineno, "--{" + ast.unparse(after.value) + "}"
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docs:
            for m in (*LONG.finditer(node.value), *SHORT.finditer(node.value)):
                yield node.lineno, m.group(0)


def test_no_module_below_the_front_ends_names_a_command_line_option():
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE)
        if rel.parts[0] in FRONT_ENDS:
            continue
        for line, option in _named_options(path):
            if (rel.as_posix(), option) not in ALLOWED:
                found.append(f"w4r/{rel.as_posix()}:{line}: {option}")
    assert not found, "give the error or notice a code, hint key and params; w4r/cli/words.py names the option:\n" + "\n".join(found)


def test_every_allowed_option_is_still_there():
    """An allowance whose string is gone is removed from the list, so the list only shrinks."""
    present = {(p.relative_to(PACKAGE).as_posix(), option) for p in PACKAGE.rglob("*.py") for _, option in _named_options(p)}
    assert set(ALLOWED) <= present, set(ALLOWED) - present


def test_the_scan_finds_an_option(tmp_path):
    """The check can fail: a message naming an option, plain or made in an f-string, is found."""
    sample = tmp_path / "sample.py"
    sample.write_text('"""Docstring naming --force is fine."""\n'
                      'def f(kind, p):\n'
                      '    raise ValueError(f"{p} exists; use --force")\n'
                      'def g(kind):\n'
                      '    return f"--{kind} must be a number; give a file with -o"\n', encoding="utf-8")
    assert sorted(o for _, o in _named_options(sample)) == ["--force", "--{kind}", "-o"]


def test_the_command_line_words_the_lower_floors_errors_with_its_options(tmp_path):
    """The library says what is wrong; the command line adds the option that fixes it."""
    import pytest

    from w4r.errors import W4RError
    from w4r.output import check_writable
    from w4r.render.designs import parse_design
    from w4r.tally import clean_event

    existing = tmp_path / "x.pdf"
    existing.write_bytes(b"%PDF")
    cases = [
        (lambda: check_writable(existing, force=False), "exists", f"{existing} already exists; use --force to overwrite it"),
        (lambda: check_writable(tmp_path, force=False), "output-is-folder", f"{tmp_path} is a folder; give a file name with -o"),
        (lambda: parse_design("candle"), "bad-design", "--design 'candle' is not a card design"),
        (lambda: clean_event("   "), "empty-event", "the event name is empty; leave out --event or give a name"),
    ]
    for call, code, words in cases:
        with pytest.raises(W4RError) as info:
            call()
        assert info.value.code == code
        assert not LONG.search(info.value.message) and not SHORT.search(info.value.message), info.value.message
        assert error_words(info.value).startswith(words), error_words(info.value)


def test_a_pack_warning_is_data_and_the_command_line_names_its_option():
    from w4r.errors import Notice

    n = Notice("cards for sasha: a rule; choose another design", "design-breaks-rule", case="sasha", rule="r", hit="a rule")
    assert n.code == "design-breaks-rule" and n.params["case"] == "sasha"
    assert notice_words(n) == "cards for sasha: a rule; choose another --design"
