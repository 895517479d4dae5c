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
