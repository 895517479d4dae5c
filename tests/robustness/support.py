"""Helpers for the robustness tests: clean failures, quick documents."""

from __future__ import annotations

import datetime as dt
import re

from tests.conftest import assert_clean_failure, error_lines, run_w4r  # noqa: F401 - re-exported for these tests

DATE = dt.date(2026, 12, 10)


def assert_pdf_or_clean_error(res, pdf_path=None) -> bytes | None:
    """The contract for nasty input: a PDF, or one w4r error with exit code 2 -- never a crash."""
    assert "Traceback" not in res.stderr, res.stderr[-3000:]
    assert res.returncode != 70, res.stderr[-2000:]
    if res.returncode == 0:
        data = pdf_path.read_bytes() if pdf_path is not None else res.stdout_bytes
        assert data.startswith(b"%PDF") and data.rstrip().endswith(b"%%EOF")
        return data
    assert_clean_failure(res, 2)
    return None


_WS = re.compile(r"\s+")


def one_line(text: str) -> str:
    return _WS.sub(" ", text).strip()


def stopped_while_writing(args: list[str], sig: int, delay: float | None = None) -> tuple[int, str]:
    """Run ``w4r ARGS -o -`` with standard output a pipe of one page that the test does not read, then ``sig``.

    w4r cannot finish before the signal: its PDF is larger than the pipe, so it
    waits in the write.  Without ``delay`` the signal is sent once the first
    bytes arrive (the command is writing); with one, after that many seconds
    (while Python or w4r is still loading).  Returns the exit code and stderr.
    Linux only (the pipe's size is set with F_SETPIPE_SZ).
    """
    import fcntl
    import os
    import subprocess
    import sys

    read_end, write_end = os.pipe()
    fcntl.fcntl(write_end, fcntl.F_SETPIPE_SZ, 4096)
    proc = subprocess.Popen([sys.executable, "-m", "w4r", *args, "-o", "-"], stdout=write_end, stderr=subprocess.PIPE)
    os.close(write_end)
    try:
        if delay is None:
            assert os.read(read_end, 4) == b"%PDF", "w4r wrote something other than a PDF"
        else:
            import time

            time.sleep(delay)
        proc.send_signal(sig)
        err = proc.stderr.read().decode("utf-8", "replace")
        code = proc.wait(timeout=120)
    finally:
        os.close(read_end)
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    return code, err


def can_stop_while_writing() -> bool:
    import fcntl

    return hasattr(fcntl, "F_SETPIPE_SZ")
