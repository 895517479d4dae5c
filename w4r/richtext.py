"""The text model that compose and typeset share: runs of text (``Span``) and ``clean``.

Composed text is a list of Spans (bold/italic runs that the compose layer has
checked against an allowlist); the typesetter turns them into pages.  Neither
side needs the other to know what text is, so it lives here, on the floor below both.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Sequence

# C0/C1 controls except tab and newline; lone surrogates; the noncharacters;
# the bidi embeddings and overrides (U+202A-E): an override shows typed letters
# in another order, and an unclosed one in a name turned the rest of its line
# around (a return address printed backwards).  The bidi algorithm sets
# direction by itself.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]")
# Isolates (U+2066-8 ... U+2069) are kept when they pair up within a line, so
# they can keep a field's text together; an unpaired one is dropped.
_ISOLATE_OPEN = "\u2066\u2067\u2068"
_ISOLATE_CLOSE = "\u2069"


@dataclass(frozen=True)
class Span:
    """A run of text; italic is kept as data but printed upright (one face file fewer to load)."""

    text: str
    bold: bool = False
    italic: bool = False


RichText = Sequence[Span]


def clean(text: str) -> str:
    """Drop control characters and normalise line endings; keep every printable character."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL.sub("", text)
    if any(ch in text for ch in _ISOLATE_OPEN + _ISOLATE_CLOSE):
        text = "\n".join(_paired_isolates(line) for line in text.split("\n"))
    return text


def _paired_isolates(line: str) -> str:
    """``line`` without the isolate marks that do not pair up."""
    chars = list(line)
    opened: list[int] = []
    for i, ch in enumerate(chars):
        if ch in _ISOLATE_OPEN:
            opened.append(i)
        elif ch == _ISOLATE_CLOSE:
            if opened:
                opened.pop()
            else:
                chars[i] = ""
    for i in opened:
        chars[i] = ""
    return "".join(chars)


def plain(text: str) -> list[Span]:
    return [Span(text)]
