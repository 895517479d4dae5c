"""Language files and formatted dates from the cache: the same values as Babel and the validator give, never trusted blindly."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from babel.dates import format_date

from tests.conftest import REPO
from w4r import cachefile
from w4r.compose import languages
from w4r.compose.translations import load_translation
from w4r.errors import CaseFileError
from w4r.userfiles import LANGUAGE

DAYS = [dt.date(2026, 12, 1), dt.date(2027, 1, 31), dt.date(2024, 2, 29)]


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("W4R_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache"


@pytest.mark.parametrize("locale,fmt", [("en_GB", "long"), ("fr_FR", "long"), ("zh_Hant_HK", "long"), ("ar", "full"), ("ru_RU", "d MMMM y")])
def test_formatted_dates_are_babels_first_and_second_time(cache_dir, locale, fmt):
    for day in DAYS:
        first = languages.format_day(day, fmt, locale)
        second = languages.format_day(day, fmt, locale)  # from the cache
        assert first == second == format_date(day, format=fmt, locale=locale)
    assert len(list((cache_dir / "dates").glob("*.dates"))) == 1  # one entry per locale and format


def test_a_planted_or_damaged_date_entry_is_not_believed(cache_dir):
    day = DAYS[0]
    right = languages.format_day(day, "long", "en_GB")
    (entry,) = (cache_dir / "dates").glob("*.dates")
    meta = cachefile.read(entry, "dates").meta
    # The same file name with another key (another Babel, locale or format): not used.
    cachefile.write(entry, "dates", {"key": "0" * 64, "dates": {day.isoformat(): "1 Smarch 2026"}}, {})
    assert languages.format_day(day, "long", "en_GB") == right
    # Not text where a date's text should be: made afresh.
    cachefile.write(entry, "dates", {"key": meta["key"], "dates": {day.isoformat(): 12}}, {})
    assert languages.format_day(day, "long", "en_GB") == right
    entry.write_bytes(b"not an entry")
    assert languages.format_day(day, "long", "en_GB") == right


def test_every_shipped_language_file_is_the_same_from_the_cache(cache_dir):
    files = sorted((REPO / "templates" / "lang").glob("*.yaml"))
    assert len(files) >= 5
    for path in files:
        checked = languages.read_model(path, languages.LanguageData, LANGUAGE, root=path.parent.parent)
        cached = languages.read_model(path, languages.LanguageData, LANGUAGE, root=path.parent.parent)
        assert cached == checked and repr(cached) == repr(checked)
        assert cached.model_fields_set == checked.model_fields_set
    assert len(list((cache_dir / "cases").glob("*.case"))) == len(files)


def test_a_changed_language_file_is_checked_again(cache_dir, tmp_path):
    folder = tmp_path / "templates" / "lang"
    folder.mkdir(parents=True)
    path = folder / "en.yaml"
    path.write_bytes((REPO / "templates" / "lang" / "en.yaml").read_bytes())
    assert languages.read_model(path, languages.LanguageData, LANGUAGE, root=folder.parent).locale
    path.write_text(path.read_text(encoding="utf-8").replace("locale: en_GB", "locale: xx_NOWHERE"), encoding="utf-8")
    with pytest.raises(CaseFileError, match="locale"):
        languages.read_model(path, languages.LanguageData, LANGUAGE, root=folder.parent)


def test_a_model_that_does_not_come_back_equal_is_not_cached(cache_dir):
    """A translation's salutation list becomes a tuple when checked: JSON cannot keep that, so it is checked every time."""
    translations = sorted((REPO / "templates" / "letters" / "cases").glob("*.yaml"))
    with_list = [p for p in translations if "salutation:\n" in p.read_text(encoding="utf-8") or "salutation: [" in p.read_text(encoding="utf-8")]
    assert with_list  # e.g. manahel.ar.yaml: one salutation per target
    path: Path = with_list[0]
    first = load_translation(path, path.parent)
    assert isinstance(first.salutation, tuple)
    second = load_translation(path, path.parent)
    assert first == second and repr(first) == repr(second)
    assert list((cache_dir / "cases").glob("*.case")) == []  # checked each time, never kept
