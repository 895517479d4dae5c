"""Telling the user that a big font is being prepared, the first time only.

The first letter in Chinese or Japanese builds the font's static weights and
parses them (10-40 s); later runs take them from the cache.  The typesetter
calls ``preparing`` before such work; a front end that wants to say so
(the command line prints one line) registers a listener.  No imports: the
command line registers its listener without loading the typesetter.
"""

from __future__ import annotations

from typing import Callable

SECONDS_PER_MB = 1.8  # building and parsing a weight, measured on a 2-core machine (Noto Sans TC: 11 MB, ~20 s)
WORTH_SAYING = 5  # seconds: quicker preparations go unannounced

Listener = Callable[[str, int], None]  # (what the font prints, e.g. "Chinese (traditional)"; about how many seconds)

_listener: Listener | None = None
_said: set[str] = set()


def listen(listener: Listener | None) -> None:
    """Have ``listener`` told when a big font is prepared (None: nobody)."""
    global _listener
    _listener = listener


def preparing(key: str, scripts: str, size_bytes: int) -> None:
    """A face is about to be built or parsed without the cache: tell the listener once per face and run."""
    if _listener is None or key in _said:
        return
    seconds = int(round(size_bytes / 1e6 * SECONDS_PER_MB / 5.0)) * 5
    if seconds < WORTH_SAYING:
        return
    _said.add(key)
    _listener(scripts, seconds)
