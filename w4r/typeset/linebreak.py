"""Where lines break: the rules between two characters, and greedy line filling.

Lines break at spaces, and between Chinese and Japanese characters, except before
closing and after opening punctuation (kinsoku) and never before a combining mark.
A word wider than the whole line is cut at the longest prefix that fits.
``w4r.typeset.paragraphs.Paragraph`` breaks here; ``w4r.typeset.plainpara``'s fast
path for plain text measures with the same ``run_width``, so both make the same lines.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Callable, Sequence

from reportlab.pdfbase.pdfmetrics import stringWidth

from w4r.typeset import bidi
from w4r.typeset.fonts import book


# Where a line may break between two characters with no space (Chinese and
# Japanese), except before closing and after opening punctuation (kinsoku).
_NO_START = set("、。，．：；？！）」』】〕〉》〗〙〛｝］〞’”・ー…‥々ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ,.:;?!)]}%")
_NO_END = set("（「『【〔〈《〖〘〚｛［〝‘“([{")
_SPACE = " \u3000"
_ASCII_WORD_START = re.compile(r"(?<= )[^ ]")


def breaks_anywhere(ch: str) -> bool:
    cp = ord(ch)
    return (
        0x2E80 <= cp <= 0x30FF  # CJK radicals, punctuation, kana
        or 0x3400 <= cp <= 0x4DBF
        or 0x4E00 <= cp <= 0x9FFF
        or 0xF900 <= cp <= 0xFAFF
        or 0xFF00 <= cp <= 0xFF60
        or 0x20000 <= cp <= 0x3FFFF
    )


def _can_break_before(prev: str, ch: str) -> bool:
    if ch in _SPACE or unicodedata.combining(ch):
        return False
    if prev in _SPACE:
        return True
    if ch in _NO_START or prev in _NO_END:
        return False
    return breaks_anywhere(prev) or breaks_anywhere(ch)


@lru_cache(maxsize=8192)
def run_width(text: str, font_name: str, size: float, rtl: bool) -> float:
    """Width of one run of one font (words recur from line to line and letter to letter)."""
    key = book().key_of(font_name)
    if bidi.needs_shaping(text, key, rtl):
        return bidi.shaped_width(bidi.shape(text, font_name, rtl), size)
    return stringWidth(text, font_name, size)


def clear_caches() -> None:
    """Forget measured widths (the FontBook they were measured with was replaced)."""
    run_width.cache_clear()


def fill(text: str, width: Callable[[int, int], float], widths: Sequence[float], first_line: int) -> list[tuple[int, int, int]]:
    """Greedy line filling: (start, end of the text shown, end including trailing spaces) per line.

    ``width(a, b)`` is the printed width of ``text[a:b]``; ``widths`` the room of
    each line (the last one repeats); ``first_line`` the number of lines already
    filled above this text (after a forced break).
    """
    n = len(text)
    i = 0
    while i < n and text[i] in _SPACE:
        i += 1
    if text.isascii():
        # Only spaces break ASCII text (the rest of _can_break_before is for CJK and marks).
        starts = [i] + [m.start() for m in _ASCII_WORD_START.finditer(text, i + 1)]
    else:
        starts = [i] + [j for j in range(i + 1, n) if _can_break_before(text[j - 1], text[j])]
    words = []
    for k, s in enumerate(starts):
        e = starts[k + 1] if k + 1 < len(starts) else n
        c = e
        while c > s and text[c - 1] in _SPACE:
            c -= 1
        if s < e:
            words.append((s, c, e))
    lines: list[tuple[int, int, int]] = []
    cur: list[int] | None = None  # [start, content end, full end]
    cur_width = 0.0
    k = 0
    while k < len(words):
        s, c, e = words[k]
        max_width = widths[min(first_line + len(lines), len(widths) - 1)]
        w = width(s, c)
        if cur is None:
            if w > max_width and c - s > 1:
                cut = _cut(text, width, s, c, max_width)
                lines.append((s, cut, cut))
                words[k] = (cut, c, e)
                continue
            cur, cur_width = [s, c, e], w
        else:
            gap = width(cur[1], s)
            if cur_width + gap + w <= max_width + 1e-6:
                cur[1], cur[2] = c, e
                cur_width += gap + w
            else:
                lines.append(tuple(cur))
                cur = None
                continue
        k += 1
    if cur is not None:
        lines.append(tuple(cur))
    if not lines:
        lines.append((i, i, n))
    return lines


def _cut(text: str, width: Callable[[int, int], float], s: int, c: int, max_width: float) -> int:
    """Where to cut a word wider than the line: the longest prefix that fits (one character at least)."""
    best = s + 1
    while best < c and unicodedata.combining(text[best]):
        best += 1
    for j in range(best + 1, c + 1):
        if j < c and unicodedata.combining(text[j]):
            continue
        if width(s, j) > max_width:
            break
        best = j
    return best
