"""Helpers for the robustness tests: command availability, clean failures, quick documents."""

from __future__ import annotations

import datetime as dt
import functools
import re

import pytest

from tests.conftest import assert_clean_failure, error_lines, run_w4r  # noqa: F401 - re-exported for these tests

DATE = dt.date(2026, 12, 10)


@functools.lru_cache(maxsize=None)
def _help(*words: str) -> str:
    res = run_w4r(*words, "--help")
    return res.stdout if res.returncode == 0 else ""


def has_command(*words: str) -> bool:
    """Whether ``w4r WORDS`` exists: the command is listed by ``w4r --help`` (one run for all)."""
    listed = _help()
    if not listed:
        return False
    commands = listed.split("Commands:", 1)[-1].split()
    return words[0] in commands and (len(words) == 1 or bool(_help(*words)))


def needs(*words: str):
    """Skip while ``w4r WORDS`` does not exist yet (and only then)."""
    return pytest.mark.skipif(not has_command(*words), reason=f"'w4r {' '.join(words)}' has not landed yet")


def card_option_landed() -> bool:
    """``w4r letter --to individual`` makes a card (the letter command has card options)."""
    return "--design" in _help("letter")


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
