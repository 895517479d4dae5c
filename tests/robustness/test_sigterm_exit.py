"""SIGTERM during layout ends with 143 and a plain line, even when ReportLab re-wraps the exit
(issue 17, item 15: "handle_pageBegin args=() 143" and exit 1)."""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap

import pytest

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGTERM") or sys.platform == "win32", reason="POSIX signals")

# The w4r entry point, with a "command" that does what ReportLab's doctemplate does when a
# signal handler's SystemExit passes through a page callback: annotateException re-raises
# SystemExit with a text argument, which Python would print and turn into exit code 1.
_SCRIPT = textwrap.dedent(
    """
    import os, signal, sys
    import w4r.cli.main as main
    from reportlab.lib.utils import annotateException

    def run(argv=None):
        main._handle_termination()
        try:
            os.kill(os.getpid(), signal.SIGTERM)  # arrives while "laying out"
        except SystemExit:
            annotateException("handle_pageBegin args=()")

    main.run = run
    main.main()
    """
)


def test_sigterm_wrapped_by_reportlab_still_ends_with_143_and_a_plain_line():
    proc = subprocess.run([sys.executable, "-c", _SCRIPT], capture_output=True, timeout=120)
    stderr = proc.stderr.decode("utf-8", "replace")
    assert proc.returncode == 143, (proc.returncode, stderr)
    assert "handle_pageBegin" not in stderr and "Traceback" not in stderr, stderr
    assert stderr.strip() == "w4r: stopped (SIGTERM); finished files are complete and no partial file was left"
