"""The README's exit-code table is the contract: every code in it is the one w4r really ends with.

The table is read from README.md; each code needs an example below that makes
the real command line end with it, so a code added to the table (or to
``w4r.errors.ExitCode``) without a way to reach it fails here.
"""

from __future__ import annotations

import re
import signal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import REPO, Result, assert_clean_failure, run_w4r
from tests.robustness.support import can_stop_while_writing, stopped_while_writing
from w4r.errors import ExitCode

CASE = "chow-hang-tung"  # an open case: its letter is made without warnings


def readme_exit_codes() -> dict[int, str]:
    """code -> meaning, from the table under "When something goes wrong"."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    section = text.split("## When something goes wrong", 1)[1].split("\n## ", 1)[0]
    codes: dict[int, str] = {}
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 2 and re.fullmatch(r"\d+(, \d+)*", cells[0]):
            for code in cells[0].split(", "):
                codes[int(code)] = cells[1]
    return codes


SIGNAL_CODES = {128 + signal.SIGHUP: signal.SIGHUP, 128 + signal.SIGTERM: signal.SIGTERM} if hasattr(signal, "SIGHUP") else {}


def test_the_table_lists_every_exit_code_and_only_those():
    table = readme_exit_codes()
    assert table, "no exit-code table found in README.md"
    assert set(table) == {int(c) for c in ExitCode} | set(SIGNAL_CODES)
    assert "--strict" in table[ExitCode.WARNINGS]
    assert "--debug" in table[ExitCode.INTERNAL]


def _strict_warning(tmp: Path):
    return run_w4r("letter", CASE, "--to", "individual", "--message", "Merry Christmas", "--strict", "-o", str(tmp / "c.pdf"))


def _bad_input(tmp: Path):
    return run_w4r("letter", CASE, "--date", "10/12/2026", "-o", str(tmp / "l.pdf"))


def _not_found(tmp: Path):
    return run_w4r("letter", CASE, "--message-file", str(tmp / "no-such-note.txt"), "-o", str(tmp / "l.pdf"))


def _output(tmp: Path):
    (tmp / "l.pdf").write_bytes(b"precious")
    return run_w4r("letter", CASE, "-o", str(tmp / "l.pdf"))


def _no_appeal(tmp: Path):
    return run_w4r("letter", "sasha", "-o", str(tmp / "l.pdf"))  # freed in August 2024


def _ok(tmp: Path):
    return run_w4r("letter", CASE, "-o", str(tmp / "l.pdf"))


def _signal(sig: int):
    def run(tmp: Path):
        code, err = stopped_while_writing(["letter", CASE], sig)
        return Result(code, "", err)

    return run


EXAMPLES = {
    ExitCode.OK: _ok,
    ExitCode.WARNINGS: _strict_warning,
    ExitCode.BAD_INPUT: _bad_input,
    ExitCode.NOT_FOUND: _not_found,
    ExitCode.OUTPUT: _output,
    ExitCode.NO_APPEAL: _no_appeal,
    ExitCode.INTERRUPTED: _signal(signal.SIGINT),
    **{code: _signal(sig) for code, sig in SIGNAL_CODES.items()},
}


@pytest.mark.skipif(not can_stop_while_writing(), reason="the signal examples need a pipe whose size can be set (Linux)")
@pytest.mark.parametrize("code", sorted(readme_exit_codes()))
def test_each_code_in_the_table_is_what_w4r_ends_with(code, tmp_path):
    if code == ExitCode.INTERNAL:
        return  # a bug cannot be asked for on the command line: test_a_bug_ends_with_70 below
    assert code in EXAMPLES, f"exit code {code} is in the README but has no example here"
    res = EXAMPLES[code](tmp_path)
    assert "Traceback" not in res.stderr, res.stderr
    assert res.returncode == code, (res.returncode, res.stderr)
    if code in (ExitCode.WARNINGS, ExitCode.BAD_INPUT, ExitCode.NOT_FOUND, ExitCode.OUTPUT, ExitCode.NO_APPEAL):
        assert_clean_failure(res, code)
    if code == ExitCode.OK:
        assert (tmp_path / "l.pdf").read_bytes().startswith(b"%PDF")
    else:
        assert not (tmp_path / "l.pdf").exists() or code == ExitCode.OUTPUT


def test_a_bug_ends_with_70_and_asks_for_debug(monkeypatch):
    """Any exception that is not a W4RError is a bug: one line, code 70; with --debug the traceback."""
    from w4r.cases import CaseLibrary
    from w4r.cli.app import app

    def broken(*_a, **_k):
        raise RuntimeError("the library shelf fell over")

    monkeypatch.setattr(CaseLibrary, "open", broken)
    res = CliRunner().invoke(app, ["letter", CASE, "-o", "-"])
    assert res.exit_code == ExitCode.INTERNAL == 70
    lines = [ln for ln in res.stderr.splitlines() if ln.strip()]
    assert lines == [
        "w4r: internal error (RuntimeError: the library shelf fell over); this is a bug in w4r, "
        "please run again with --debug and report what it prints"
    ]
    monkeypatch.setenv("W4R_DEBUG", "1")
    res = CliRunner().invoke(app, ["letter", CASE, "-o", "-"])
    assert res.exit_code == 70  # --debug shows the traceback and keeps the documented code
    assert "Traceback" in res.stderr and "RuntimeError: the library shelf fell over" in res.stderr


def test_missing_message_file_is_not_found(tmp_path):
    assert_clean_failure(_not_found(tmp_path), 3, "no-such-note.txt", "does not exist")


def test_debug_after_the_command_shows_the_traceback():
    res = run_w4r("letter", "no-such-case", "--debug")
    assert res.returncode != 0
    assert "Traceback" in res.stderr and "NotFoundError" in res.stderr
    plain = run_w4r("letter", "no-such-case")
    assert "Traceback" not in plain.stderr
    assert_clean_failure(plain, 3, "unknown case 'no-such-case'")
