"""The room's catalogues: every text of its pages translated, with the same placeholders, in every language."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from w4r.web import i18n

WEB = Path(i18n.__file__).parent
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")


def _page_texts() -> set[str]:
    """Every text the room's code and templates hand to gettext, extracted as pybabel does (babel.cfg)."""
    method_map = [("**.py", "python"), ("templates/**.html", "jinja2")]
    return {msg if isinstance(msg, str) else msg[0] for _f, _l, msg, *_ in extract_from_dir(str(WEB), method_map)}


@pytest.mark.parametrize("lang", [code for code in i18n.LANGUAGES if code != i18n.DEFAULT])
def test_every_page_text_is_translated_with_its_placeholders(lang):
    with (i18n.LOCALE_DIR / lang / "LC_MESSAGES" / f"{i18n.DOMAIN}.po").open("rb") as fh:
        catalog = read_po(fh, locale=lang)
    texts = _page_texts()
    assert len(texts) > 100
    for text in texts:
        message = catalog.get(text)
        assert message is not None and message.string and not message.fuzzy, f"{lang}: not translated: {text!r}"
        translated = message.string if isinstance(message.string, str) else message.string[0]
        assert set(PLACEHOLDER.findall(translated)) == set(PLACEHOLDER.findall(text)), f"{lang}: placeholders differ: {text!r}"


def test_the_template_catalogue_lists_every_page_text():
    with (i18n.LOCALE_DIR / f"{i18n.DOMAIN}.pot").open("rb") as fh:
        template = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(fh) if m.id}
    assert _page_texts() <= template, "run: pybabel extract -F w4r/web/babel.cfg --omit-header --no-location -o w4r/web/locale/room.pot w4r/web"
