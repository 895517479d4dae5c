"""File names made from what people typed: safe on every system, readable, never colliding.

A roster cell can hold anything: ``../../etc``, ``CON``, a right-to-left
override, a name in Chinese.  A file name built from it keeps only ASCII
letters and digits (accents folded: Zoë -> zoe), joins words with hyphens,
is length-limited, never is a reserved Windows device name, and is unique in
its folder even where the file system ignores case (Ann, ann and "Ann " get
different names).
"""

from __future__ import annotations

import re
import unicodedata

MAX_SLUG = 40  # characters of a name kept in a file name
MAX_STEM = 100  # whole file name without the extension

# Windows refuses these as file names, with or without an extension.
RESERVED = frozenset(
    ["CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$", "CLOCK$"]
    + [f"COM{i}" for i in range(1, 10)]
    + [f"LPT{i}" for i in range(1, 10)]
    + ["COM¹", "COM²", "COM³", "LPT¹", "LPT²", "LPT³"]
)

# Letters NFKD does not take apart into a base letter and an accent.
_FOLD = str.maketrans({
    "ß": "ss", "ẞ": "SS", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ø": "o", "Ø": "O",
    "đ": "d", "Đ": "D", "ł": "l", "Ł": "L", "þ": "th", "Þ": "Th", "ð": "d", "Ð": "D", "ı": "i",
})


def slug(text: str, fallback: str, limit: int = MAX_SLUG) -> str:
    """Lower-case ASCII words joined by hyphens; ``fallback`` when nothing is left (e.g. only emoji).

    Letters with accents fold to their base letter (Zoë -> zoe); letters of
    other scripts are transliterated by anyascii (李小龍 -> lixiaolong,
    Алексей -> aleksey), so every writer's file has their name in it.
    """
    folded = unicodedata.normalize("NFKD", text.translate(_FOLD))
    ascii_text = folded.encode("ascii", "ignore").decode("ascii")
    if not ascii_text.isascii() or len(re.findall(r"[A-Za-z0-9]", ascii_text)) < len(re.findall(r"\w", text)):
        from anyascii import anyascii  # only for names that are not all in Latin letters

        ascii_text = anyascii(unicodedata.normalize("NFC", text.translate(_FOLD)))
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    out = ""
    for w in words:
        candidate = f"{out}-{w}" if out else w
        if len(candidate) > limit:
            if not out:
                out = w[:limit]
            break
        out = candidate
    return out or fallback


def safe_stem(stem: str) -> str:
    """``stem`` made safe as the start of a file name (already ASCII from ``slug``)."""
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", stem).strip(".-") or "file"
    stem = re.sub(r"\.{2,}", ".", stem)[:MAX_STEM].rstrip(".-") or "file"
    first, dot, rest = stem.partition(".")
    if first.upper() in RESERVED:
        stem = f"{first}-file{dot}{rest}"  # Windows ignores everything after the first dot here
    return stem


class UniqueNames:
    """Hands out file names that differ from each other ignoring case."""

    def __init__(self) -> None:
        self._taken: set[str] = set()

    def take(self, stem: str, suffix: str = ".pdf") -> str:
        stem = safe_stem(stem)
        name, n = f"{stem}{suffix}", 2
        while name.casefold() in self._taken:
            name = f"{stem}-{n}{suffix}"
            n += 1
        self._taken.add(name.casefold())
        return name


def row_stem(row: int, name: str, case_id: str, kind: str) -> str:
    """``003-ann-sasha-letter``: spreadsheet row, writer, case, letter or card."""
    return f"{row:03d}-{slug(name, 'writer')}-{slug(case_id, 'case')}-{kind}"
