"""Typographic quotation marks and apostrophes, as each language prints them.

Case files and templates are typed with the keyboard's straight ' and ", which
a printed letter shows as a typewriter would.  The letter's own text (not the
writer's personal words, which are printed as typed) gets the marks of its
language: “…” in English, « … » in French (with a narrow no-break space
inside), „…“ in German, «…» in Russian and Spanish, 「…」 in Chinese.  An
apostrophe (a ' after a letter) becomes ’ in every language.
"""

from __future__ import annotations

import dataclasses
import unicodedata
from typing import Sequence

from w4r.richtext import Span

NNBSP = "\u202f"
# language -> (open double, close double, open single, close single)
MARKS = {
    "en": ("\u201c", "\u201d", "\u2018", "\u2019"),
    "fr": ("\u00ab" + NNBSP, NNBSP + "\u00bb", "\u2018", "\u2019"),
    "de": ("\u201e", "\u201c", "\u201a", "\u2018"),
    "es": ("\u00ab", "\u00bb", "\u201c", "\u201d"),
    "pt": ("\u201c", "\u201d", "\u2018", "\u2019"),
    "ru": ("\u00ab", "\u00bb", "\u201e", "\u201c"),
    "ky": ("\u00ab", "\u00bb", "\u201e", "\u201c"),
    "ar": ("\u00ab", "\u00bb", "\u2039", "\u203a"),
    "zh": ("\u300c", "\u300d", "\u300e", "\u300f"),
}
APOSTROPHE = "\u2019"
_OPENERS = set(" \t\n([{\u2014\u2013-/") | {"\u00a0", NNBSP}


def marks_for(lang: str) -> tuple[str, str, str, str]:
    return MARKS.get(lang.split("-")[0].lower(), MARKS["en"])


def _word_char(ch: str) -> bool:
    return unicodedata.category(ch)[0] in ("L", "N")


def typographic(text: str, lang: str, before: str = "") -> str:
    """``text`` with straight quotes turned into ``lang``'s marks; ``before`` is the text that precedes it.

    Double quotes pair up in the paragraph: the first opens, the next closes
    (Chinese puts no space before a quote, so the place alone cannot tell).  A
    single quote opens after a space, an opening bracket or a dash (or at the
    start); a ' after a letter is an apostrophe (or the closing single quote
    where the language uses another mark).
    """
    if "'" not in text and '"' not in text:
        return text
    od, cd, os_, cs = marks_for(lang)
    out: list[str] = []
    prev = before[-1:] if before else ""
    double_open = before.count('"') % 2 == 1
    for i, ch in enumerate(text):
        nxt = text[i + 1] if i + 1 < len(text) else ""
        opens = prev == "" or prev in _OPENERS or prev in (od.strip(), os_)
        if ch == '"':
            out.append(cd if double_open else od)
            double_open = not double_open
        elif ch == "'":
            if prev and _word_char(prev):
                # don't, l'expression, Cox's; a quote closing after a word in English is the same mark.
                out.append(APOSTROPHE if (nxt and _word_char(nxt)) or cs == APOSTROPHE else cs)
            else:
                out.append(os_ if opens else cs)
        else:
            out.append(ch)
        prev = ch
    return "".join(out)


def typographic_spans(spans: Sequence[Span], lang: str) -> list[Span]:
    """Spans of one paragraph with typographic marks; a quote may open in one span and close in the next."""
    out: list[Span] = []
    before = ""
    for span in spans:
        text = typographic(span.text, lang, before)
        out.append(span if text == span.text else dataclasses.replace(span, text=text))
        before += span.text
    return out
