"""Language files (lang/<code>.yaml) and case translations (letters/cases/<case>.<lang>.yaml) come
with shared template folders: validated as strictly as case files, every problem with file and line
(issue 17, items 3, 10 and 13)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from tests.conftest import page_text, run_w4r
from tests.robustness.support import assert_clean_failure
from w4r import paths
from w4r.compose.languages import load_language
from w4r.errors import InputError

SHIPPED = paths.shipped_templates_dir()


def lang_folder(tmp_path: Path, code: str, old: str | None = None, new: str | None = None, *, append: str = "") -> Path:
    folder = tmp_path / "tpl"
    (folder / "lang").mkdir(parents=True, exist_ok=True)
    text = (SHIPPED / "lang" / f"{code}.yaml").read_text(encoding="utf-8")
    if old is not None:
        assert old in text, old
        text = text.replace(old, new, 1)
    (folder / "lang" / f"{code}.yaml").write_text(text + append, encoding="utf-8")
    return folder


def load_error(folder: Path, code: str = "en") -> str:
    with pytest.raises(InputError) as info:
        load_language(code, (folder, SHIPPED))
    msg = str(info.value)
    assert "\n" not in msg
    return msg


def line_of(folder: Path, code: str, needle: str) -> int:
    lines = (folder / "lang" / f"{code}.yaml").read_text(encoding="utf-8").splitlines()
    return next(i for i, ln in enumerate(lines, 1) if needle in ln)


# -- 17.3: page labels use a fixed placeholder syntax


@pytest.mark.parametrize("page", [
    "Page {page:>200000000} of {pages}",
    "Page {page.__class__.__mro__} of {pages}",
    "Page {pgae} of {pages}",
    "Page {0} of {1}",
    "Page {page} of {pages",
    "Page {page!r} of {pages}",
])
def test_a_bad_page_label_is_reported_with_file_and_line(tmp_path, page):
    folder = lang_folder(tmp_path, "en", "page: Page {page} of {pages}", f"page: '{page}'")
    msg = load_error(folder)
    line = line_of(folder, "en", "page: ")
    assert msg.startswith(f"{folder / 'lang' / 'en.yaml'}:{line}:"), msg
    assert "{page}" in msg and "{pages}" in msg


def test_page_label_with_literal_braces_and_both_placeholders(tmp_path):
    folder = lang_folder(tmp_path, "en", "page: Page {page} of {pages}", "page: '{{{page}}} / {pages}'")
    lang = load_language("en", (folder, SHIPPED))
    assert lang.page_label(2, 3) == "{2} / 3"


def test_a_bad_closing_placeholder_is_reported(tmp_path):
    folder = lang_folder(tmp_path, "fr", "{salutation}, l'expression", "{salutation.__class__}, l'expression")
    msg = load_error(folder, "fr")
    assert msg.startswith(f"{folder / 'lang' / 'fr.yaml'}:{line_of(folder, 'fr', 'closing:')}:"), msg
    assert "{salutation}" in msg


# -- 17.13: the date format is checked


@pytest.mark.parametrize("fmt", ["xyz", "''", "'long long'", "HH:mm", "MMMM y", "'d MMMM y zzzz'"])
def test_a_date_format_that_drops_or_breaks_the_date_is_refused(tmp_path, fmt):
    folder = lang_folder(tmp_path, "fr", "date_format: long", f"date_format: {fmt}")
    msg = load_error(folder, "fr")
    assert msg.startswith(f"{folder / 'lang' / 'fr.yaml'}:{line_of(folder, 'fr', 'date_format:')}:"), msg
    assert "date_format" in msg


@pytest.mark.parametrize("fmt", ["short", "full", "'d MMMM y'", "\"EEEE d 'de' MMMM 'de' y\""])
def test_good_date_formats_still_load(tmp_path, fmt):
    folder = lang_folder(tmp_path, "fr", "date_format: long", f"date_format: {fmt}")
    import datetime as dt

    assert "2026" in load_language("fr", (folder, SHIPPED)).date(dt.date(2026, 12, 10))


def test_an_unknown_locale_is_refused(tmp_path):
    folder = lang_folder(tmp_path, "fr", "locale: fr_FR", "locale: xx_YY")
    msg = load_error(folder, "fr")
    assert "locale" in msg and msg.startswith(f"{folder / 'lang' / 'fr.yaml'}:")


@pytest.mark.parametrize("old, new, key", [
    ("closing_end: \".\"", "closing_end: [a, b]", "closing_end"),
    ("name: Français", "name: {a: b}", "name"),
])
def test_wrong_types_in_a_language_file_name_file_line_and_key(tmp_path, old, new, key):
    folder = lang_folder(tmp_path, "fr", old, new)
    msg = load_error(folder, "fr")
    line = line_of(folder, "fr", new.split(":")[0] + ":")
    assert msg.startswith(f"{folder / 'lang' / 'fr.yaml'}:{line}:"), msg
    assert key in msg and "expected text" in msg


# -- 17.10: case translations have a schema


def translation_folder(tmp_path: Path, old: str, new: str) -> Path:
    folder = tmp_path / "tpl"
    (folder / "letters" / "cases").mkdir(parents=True)
    text = (SHIPPED / "letters" / "cases" / "luis-manuel.es.yaml").read_text(encoding="utf-8")
    if old == "facts":  # the whole folded block
        text = re.sub(r"^facts: >-\n(?:  .*\n)+", new, text, count=1, flags=re.M)
    else:
        assert old in text, old
        text = text.replace(old, new, 1)
    (folder / "letters" / "cases" / "luis-manuel.es.yaml").write_text(text, encoding="utf-8")
    return folder


@pytest.mark.parametrize("old, new, key", [
    ("facts", "facts: [a, b]\n", "facts"),
    ("salutation: Señor Presidente", "salutation:\n  - {k: v}", "salutation"),
    ("country: Cuba", "country: [Cuba]", "country"),
    ("ask:\n", "ask:\n  - [nested, list]\n", "ask"),
])
def test_wrong_types_in_a_case_translation_never_reach_the_letter(tmp_path, old, new, key):
    folder = translation_folder(tmp_path, old, new)
    out = tmp_path / "o.pdf"
    res = run_w4r("letter", "luis-manuel", "--lang", "es", "--templates", str(folder), "-o", str(out))
    line = assert_clean_failure(res, 2, "luis-manuel.es.yaml", key)
    assert re.search(r"luis-manuel\.es\.yaml:\d+:\d+: ", line), line
    assert "nested" not in line and "{'k'" not in line and "['" not in line, line  # no Python repr of the value
    assert not out.exists()


def test_a_good_translation_still_prints(tmp_path):
    folder = translation_folder(tmp_path, "country: Cuba", "country: La República de Cuba")
    out = tmp_path / "o.pdf"
    res = run_w4r("letter", "luis-manuel", "--lang", "es", "--templates", str(folder), "-o", str(out))
    assert res.returncode == 0, res.stderr
    assert "República de Cuba" in page_text(out.read_bytes())
