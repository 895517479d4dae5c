"""The room's interface in English, German, French and Spanish.

The translations are gettext catalogues (``locale/<lang>/LC_MESSAGES/room.po``)
that anyone can correct with a text editor or Poedit; they are compiled in
memory with Babel when the room starts, so there is no build step.  The
language comes from a choice on the page (a cookie), else the browser's
Accept-Language, else English.
"""

from __future__ import annotations

from w4r import caches

import gettext
import io
from pathlib import Path

LANGUAGES = {"en": "English", "de": "Deutsch", "fr": "Français", "es": "Español"}
DEFAULT = "en"
LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "room"


@caches.cached("web.i18n.translations", maxsize=None)
def translations(lang: str) -> gettext.NullTranslations:
    if lang == DEFAULT or lang not in LANGUAGES:
        return gettext.NullTranslations()
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    po = LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
    with po.open("rb") as fh:
        catalog = read_po(fh, locale=lang)
    buf = io.BytesIO()
    write_mo(buf, catalog, use_fuzzy=False)
    buf.seek(0)
    return gettext.GNUTranslations(buf)


def negotiate(accept_language: str | None) -> str:
    """The first of the browser's languages the room speaks (``de-CH,de;q=0.9,en;q=0.5`` -> de)."""
    if not accept_language:
        return DEFAULT
    choices: list[tuple[float, int, str]] = []
    for i, part in enumerate(accept_language.split(",")[:20]):
        piece = part.strip().split(";")
        tag = piece[0].strip().lower()
        q = 1.0
        for p in piece[1:]:
            p = p.strip()
            if p.startswith("q="):
                try:
                    q = float(p[2:])
                except ValueError:
                    q = 0.0
        choices.append((-q, i, tag))
    for _q, _i, tag in sorted(choices):
        base = tag.split("-")[0]
        if base in LANGUAGES:
            return base
    return DEFAULT


def choose(cookie: str | None, accept_language: str | None) -> str:
    if cookie in LANGUAGES:
        return cookie  # type: ignore[return-value]
    return negotiate(accept_language)


def language_name(code: str, room_lang: str) -> str:
    """A letter language's name in the room's language (``zh-Hant`` in German: "Chinesisch (traditionell)")."""
    from babel import Locale, UnknownLocaleError

    try:
        name = Locale.parse(code, sep="-").get_display_name(room_lang)
    except (ValueError, UnknownLocaleError):
        return code
    return name or code


def long_date(value, room_lang: str) -> str:
    """A date as the room's language writes it in full (5 December 2026, 5. Dezember 2026)."""
    from babel.dates import format_date

    return format_date(value, format="long", locale=room_lang)
