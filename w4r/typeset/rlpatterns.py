"""ReportLab's paragraph module, loaded with its URL pattern compiled on first use, not at import.

``reportlab.platypus.paragraph`` (checked against ReportLab 5.1.0) compiles,
when it is imported, a case-insensitive URL pattern with ranges up to U+FFFF
(``uri_pat``).  Python's ``re`` folds the case of every character in those
ranges while compiling, which costs about 25 ms: a sixth of the start-up of one
``w4r letter``, for a pattern ReportLab uses only to split a long URL while
hyphenating a word.

``install`` adds a finder (``w4r.importhook.AroundImport``) that, for that one module, lets ``re.compile`` hand
back a stand-in for that one pattern while the module runs; the stand-in
compiles the real pattern the first time it is used and then behaves as it
would have.  Every other pattern, and every other module, is compiled as
usual.  tests/render/test_rlpatterns.py fails if ReportLab changes the pattern
or the module, so that a new ReportLab cannot silently undo this (or be harmed
by it).
"""

from __future__ import annotations

import contextlib
import re
import sys
import threading

from w4r.importhook import AroundImport

MODULE = "reportlab.platypus.paragraph"
# How uri_pat begins (its scheme group); with re.IGNORECASE, nothing else ReportLab compiles looks like it.
URI_PATTERN_START = "(^(?:[a-z0-9\\.\\-\\+]*)://)"


class LazyPattern:
    """A compiled pattern that is compiled the first time one of its attributes (match, search, ...) is used."""

    def __init__(self, pattern: str, flags: int):
        self._source = (pattern, flags)
        self._compiled: re.Pattern | None = None
        self._lock = threading.Lock()

    def compiled(self) -> re.Pattern:
        if self._compiled is None:
            with self._lock:
                if self._compiled is None:
                    self._compiled = re.compile(*self._source)
        return self._compiled

    def __getattr__(self, name: str):
        return getattr(self.compiled(), name)

    def __repr__(self) -> str:
        return f"LazyPattern({self._source[0][:40]!r}..., compiled={self._compiled is not None})"


def _is_uri_pattern(pattern: object, flags: int) -> bool:
    return isinstance(pattern, str) and pattern.startswith(URI_PATTERN_START) and flags == re.IGNORECASE


@contextlib.contextmanager
def _uri_pattern_deferred(_module: str):
    """While ReportLab's paragraph module runs: ``re.compile`` hands back a LazyPattern for uri_pat only."""
    real_compile = re.compile

    def compile(pattern, flags=0):
        if _is_uri_pattern(pattern, flags):
            return LazyPattern(pattern, flags)
        return real_compile(pattern, flags)

    re.compile = compile
    try:
        yield
    finally:
        re.compile = real_compile


_FINDER = AroundImport((MODULE,), _uri_pattern_deferred, once=True)


def install() -> None:
    """Make the next import of ReportLab's paragraph module defer its URL pattern (no effect once it is loaded)."""
    if MODULE not in sys.modules:
        _FINDER.install()
