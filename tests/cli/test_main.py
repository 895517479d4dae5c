"""The program's own exit: output flushed, exit handlers run, the exit code kept."""

from __future__ import annotations

import subprocess
import sys

import pytest

SCRIPT = """
import atexit, sys
from w4r.cli.main import exit_now
atexit.register(lambda: print("exit handler ran", file=sys.stderr))
sys.stdout.write("a buffered line, not yet flushed\\n")
exit_now({code})
"""


@pytest.mark.parametrize("code, status, message", [(0, 0, ""), (None, 0, ""), (4, 4, ""), ("w4r: a message", 1, "w4r: a message")])
def test_exit_now_keeps_output_handlers_and_code(code, status, message):
    proc = subprocess.run([sys.executable, "-c", SCRIPT.format(code=repr(code))], capture_output=True, text=True, timeout=60)
    assert proc.returncode == status
    assert proc.stdout == "a buffered line, not yet flushed\n"
    assert proc.stderr.splitlines() == ([message] if message else []) + ["exit handler ran"]


def test_python_m_w4r_ends_with_the_commands_code(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "w4r", "letter", "sasah"], capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert proc.returncode == 3
    assert proc.stderr.strip().startswith("w4r: error: unknown case 'sasah'")
