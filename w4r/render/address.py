"""Fit an address block into its field: the one rule for letters and envelopes.

A postal address must show whole through a window or inside the area a
sorting machine reads.  The lines are set at the preferred size if they fit;
else a little smaller; else a line too wide for the field is wrapped at a
sensible break (after a comma, before a small word such as "to" or "of");
else smaller again, never below the minimum the post offices ask for (8 pt,
print-layout notes).  Past that it is an error that says what to do.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Callable

from w4r.errors import InputError
from w4r.typeset import fit
from w4r.typeset.fonts import FontBook
from w4r.typeset.line import string_width

SIZE_STEP = 0.25


@dataclass(frozen=True)
class FittedAddress:
    size: float
    leading: float
    lines: tuple[str, ...]


def _wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in ("W", "F")


def _breaks(line: str) -> list[tuple[int, int, int]]:
    """Places a line may break: (end of the head, start of the tail, rank; lower is better).

    Rank 0: after a comma or semicolon.  Rank 1: before a word in lower case
    that follows a capitalised one ("... of Burundi | to the United States"),
    which keeps a name together and starts the new line with its link word.
    Rank 2: any other space, or between two CJK characters (no spaces there).
    """
    out: list[tuple[int, int, int]] = []
    for i, ch in enumerate(line):
        if ch == " ":
            head = line[:i].rstrip()
            tail_start = i + 1
            while tail_start < len(line) and line[tail_start] == " ":
                tail_start += 1
            if not head or tail_start >= len(line):
                continue
            nxt = line[tail_start]
            prev_word = head.split(" ")[-1]
            if head[-1] in ",;":
                rank = 0
            elif nxt.islower() and prev_word[:1].isupper():
                rank = 1
            else:
                rank = 2
            out.append((len(head), tail_start, rank))
        elif i and _wide(ch) and _wide(line[i - 1]):
            out.append((i, i, 2))
    return out


def wrap_line(line: str, fits: Callable[[str], bool], *, anywhere: bool = False) -> list[str] | None:
    """``line`` in pieces that each ``fits``, broken at the best places; None if a piece cannot fit.

    The head of each break is made as long as it can be within the best rank
    that fits, but a head shorter than 40 % of the line is only taken when
    nothing else fits (a lone "c/o" above a long line reads badly).  With
    ``anywhere``, a word too long for a line of its own breaks between two
    characters (not inside a cluster of a letter and its marks).
    """
    if fits(line):
        return [line]
    fitting = [(end, start, rank) for end, start, rank in _breaks(line) if fits(line[:end])]
    if not fitting and anywhere:
        fitting = [(i, i, 3) for i in range(1, len(line)) if not unicodedata.combining(line[i]) and fits(line[:i])]
    if not fitting:
        return None
    long_enough = [b for b in fitting if b[0] >= 0.4 * len(line)] or fitting
    best_rank = min(rank for _, _, rank in long_enough)
    end, start, _ = max(b for b in long_enough if b[2] == best_rank)
    rest = wrap_line(line[start:], fits, anywhere=anywhere)
    return None if rest is None else [line[:end], *rest]


def fit_address(
    lines: tuple[str, ...] | list[str],
    width: float,
    height: float,
    *,
    size: float,
    minimum: float,
    wrap_below: float,
    max_lines: int,
    leading_ratio: float,
    what: str,
    advice: str,
    hint: str | None = None,
    fb: FontBook,
) -> FittedAddress:
    """The size, leading and printed lines of ``lines`` in a ``width`` x ``height`` field.

    Whole lines are kept down to ``wrap_below``; from there on, starting again at
    ``size``, a line too wide is wrapped if the block then has at most
    ``max_lines`` lines, and the type shrinks (never below ``minimum``) until
    the block fits.  ``advice`` ends the error message; ``hint`` is its key for a front end's own words.
    """
    lines = tuple(lines)

    def block_fits(block: tuple[str, ...] | list[str], s: float) -> bool:
        return (
            len(block) <= max_lines
            and len(block) * s * leading_ratio <= height + 0.01
            and all(string_width(ln, s, fb=fb) <= width for ln in block)
        )

    def whole(s: float) -> FittedAddress | None:
        return FittedAddress(s, s * leading_ratio, lines) if block_fits(lines, s) else None

    def wrapped(s: float) -> FittedAddress | None:
        block: list[str] = []
        for ln in lines:
            pieces = wrap_line(ln, lambda piece: string_width(piece, s, fb=fb) <= width)
            if pieces is None:
                return None
            block += pieces
        return FittedAddress(s, s * leading_ratio, tuple(block)) if block_fits(block, s) else None

    found = fit.first_fit(whole, size, max(wrap_below, minimum), SIZE_STEP) or fit.first_fit(wrapped, size, minimum, SIZE_STEP)
    if found is not None:
        return found
    longest = max(lines, key=lambda ln: string_width(ln, minimum, fb=fb), default="")
    problem = (f"the {what} does not fit its {width / 72 * 25.4:.0f} x {height / 72 * 25.4:.0f} mm field even at {minimum:g} pt "
               f"({len(lines)} lines, at most {max_lines}; longest: {longest!r})")
    raise InputError(f"{problem}; {advice}", code="address-does-not-fit", hint=hint, params={"problem": problem, "advice": advice})
