"""Reading only the start of a command's output (`w4r fonts | head`) is not an error."""

from __future__ import annotations

import subprocess
import sys


def test_reader_closing_the_pipe_early_is_quiet():
    proc = subprocess.Popen([sys.executable, "-m", "w4r", "fonts"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdout.close()  # before w4r has printed anything: every write meets a closed pipe
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=60) == 0, err
    assert "internal error" not in err and "Traceback" not in err
