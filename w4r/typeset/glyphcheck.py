"""Characters no font can print: how a warning names one, and the warnings for a piece of text.

The compose floor takes ``missing_report`` as its ``glyph_check`` (it cannot ask
the fonts itself), so a letter, a card or an envelope warns before it prints a gap.
"""

from __future__ import annotations

import unicodedata

from w4r.richtext import clean
from w4r.typeset.fonts import FontBook, book


def char_label(ch: str) -> str:
    """``U+13000 EGYPTIAN HIEROGLYPH A001``: how a warning names a character.

    A private-use character (U+E000-U+F8FF and the two supplementary planes) has
    no name and no agreed meaning: only the font it was typed with knows its picture.
    """
    if unicodedata.category(ch) == "Co":
        return f"U+{ord(ch):04X} (a private-use character, which only the font it was typed in can show)"
    return f"U+{ord(ch):04X} {unicodedata.name(ch, 'UNNAMED CHARACTER')}"


def missing_warnings(text: str, field: str, *, fb: FontBook | None = None) -> list[str]:
    """One warning per character of ``text`` that no font of ``fb`` (else the default book) can print, naming it and the field."""
    return [f"{field}: {what}" for what in missing_report(text, fb)]


def missing_report(text: str, fb: FontBook | None = None) -> list[str]:
    """What no font of ``fb`` (default: ``book()``) can print in ``text``, one line each, naming no field.

    This is the ``glyph_check`` the compose floor is handed: it names the field
    itself (as a key a front end words its own way, see ``compose.notices``).
    """
    fb = fb or book()
    warnings = []
    replaced: list[str] = []
    for ch in fb.missing(text, with_stand_ins=True):
        if fb.stand_in(ch) is not None:
            replaced.append(ch)
        else:
            warnings.append(
                f"{char_label(ch)} is in no bundled font and would print as an empty box; "
                "remove it, or add a font that has it (fonts: in the config file, see 'w4r fonts')"
            )
    if replaced:
        # One line for a whole "fancy" name, not one per letter.
        first = char_label(replaced[0])
        if len(replaced) == 1:
            what = f"{first} is in no bundled font; it is printed as {fb.stand_in(replaced[0])!r}"
        else:
            more = len(replaced) - 1
            what = f"{first} and {more} more character{'s' if more > 1 else ''} are in no bundled font; they are printed in plain form"
        printed = fb.printable(text)
        if len(replaced) > 1 and len(printed) <= 60:
            what += f": {printed!r}"
        warnings.insert(0, what)
    return warnings


def missing_chars(*texts: str, fb: FontBook | None = None) -> list[str]:
    """The characters of ``texts`` that no font has, each once, in the order they come.

    The texts are cleaned first, as they will be printed: control characters are
    dropped, not printed as gaps.
    """
    found: list[str] = []
    fb = fb or book()
    for text in texts:
        for ch in fb.missing(clean(text)):
            if ch not in found:
                found.append(ch)
    return found
