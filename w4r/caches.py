"""Every cache w4r keeps in memory, each with one owner (docs/architecture.md, "State").

Two kinds:

- Measurements made with fonts (laid-out lines, run widths, shaped runs,
  glyph outlines, fitted sender sizes, a batch's letter layouts) belong to the
  ``typeset.fonts.FontBook`` they were made with: ``book.memo(name)``.  A new
  book starts with none, so nothing measured with one set of fonts is used
  with another.
- Pure caches, whose answers depend only on their arguments (locale data,
  parsed colours, compiled patterns, cache-file tags), stay beside the code
  that fills them and are registered here by name, so they can be listed and
  cleared together (tests that need a fresh process state; ``w4r`` itself never
  needs to).

This module imports nothing of w4r and only ``functools``: the commands import
it at start-up.
"""

from __future__ import annotations

import functools
from typing import Callable

_CLEARERS: dict[str, Callable[[], None]] = {}


def register(name: str, clear: Callable[[], None]) -> None:
    """Make a cache known by ``name`` (module.what), with the function that empties it."""
    _CLEARERS[name] = clear


def cached(name: str, maxsize: int | None = 128):
    """``functools.lru_cache(maxsize)``, registered under ``name``: for pure functions only."""

    def wrap(fn):
        memo = functools.lru_cache(maxsize=maxsize)(fn)
        register(name, memo.cache_clear)
        return memo

    return wrap


def names() -> list[str]:
    """The registered caches (those of modules imported so far), sorted."""
    return sorted(_CLEARERS)


def clear_all() -> None:
    """Empty every registered cache (the default font book, and with it every measurement, included)."""
    for clear in list(_CLEARERS.values()):
        clear()
