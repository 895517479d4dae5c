"""Fitting text to room: the one shrink-to-fit and the one ellipsis shortener.

Every product layout that must make text fit a box (an address in a window, a
message on a card, a label on a sheet) asks here rather than counting sizes
down in a loop of its own, so the rule is the same everywhere: start at the
size the design wants, step down by ``step`` points, stop at the floor.
Short lines that only need breaking at spaces (labels, packing slips) are
wrapped by ``wrap_words``; paragraphs have their own breaker (``linebreak``).
"""

from __future__ import annotations

from typing import Callable, TypeVar

from w4r.typeset.line import string_width

ELLIPSIS = "…"
T = TypeVar("T")


def first_fit(attempt: Callable[[float], T | None], start: float, floor: float, step: float) -> T | None:
    """The first result of ``attempt(size)`` that is not None, for sizes from ``start`` down to ``floor``.

    Sizes are counted down by repeated subtraction, as a designer would step
    them (10.5, 10.25, 10 ...); ``floor`` itself is tried.  None if no size fits.
    """
    size = start
    while size >= floor - 1e-9:
        found = attempt(size)
        if found is not None:
            return found
        size -= step
    return None


def largest_size(fits: Callable[[float], bool], start: float, floor: float, step: float) -> float | None:
    """The largest size from ``start`` down to ``floor`` (in steps of ``step``) for which ``fits(size)``; None if none."""
    return first_fit(lambda size: size if fits(size) else None, start, floor, step)


def line_size(text: str, start: float, width: float, floor: float, step: float, *, bold: bool = False) -> float:
    """The largest size up to ``start`` at which one line of ``text`` fits ``width``; ``floor`` if none does."""
    size = start
    while size > floor and string_width(text, size, bold=bold) > width:
        size -= step
    return size


def ellipsized(text: str, size: float, width: float, *, bold: bool = False) -> str:
    """``text``, or its longest start that fits ``width`` at ``size`` followed by an ellipsis."""
    if string_width(text, size, bold=bold) <= width:
        return text
    lo, hi = 0, len(text)
    while lo < hi:  # the longest prefix that fits with the ellipsis
        mid = (lo + hi + 1) // 2
        if string_width(text[:mid].rstrip() + ELLIPSIS, size, bold=bold) <= width:
            lo = mid
        else:
            hi = mid - 1
    return text[:lo].rstrip() + ELLIPSIS


def wrap_words(text: str, size: float, width: float, *, bold: bool = False) -> list[str]:
    """``text`` broken at spaces into lines no wider than ``width`` at ``size`` (a word wider than that stands alone)."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        candidate = f"{line} {word}".strip()
        if line and string_width(candidate, size, bold=bold) > width:
            lines.append(line)
            line = word
        else:
            line = candidate
    return lines + ([line] if line else [])
