"""Letters in the official's language: data files, conventions, accepted languages, warnings."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from tests.conftest import REPO, logical, page_text, squash, visual_lines
from w4r.cases import CaseLibrary
from w4r.cases.yamlsafe import read_yaml_file
from w4r.compose.letter import compose_letter
from w4r.compose.sender import Sender
from w4r.errors import InputError
from w4r.typeset.glyphcheck import missing_report

DAY = dt.date(2026, 12, 10)
TEMPLATES = REPO / "templates"
REQUIRED = {"en", "ru", "zh-Hant", "fr", "es", "pt", "ar"}


def library():
    return CaseLibrary.open(None)


def letter(case_id: str, lang: str, **kw):
    return compose_letter(library().get(case_id), sender=Sender("Ann Example", ("12 High Street",)), lang=lang, date=DAY, **kw, for_the_record=True)


def test_language_files_exist_and_say_who_wrote_them():
    codes = {p.stem for p in (TEMPLATES / "lang").glob("*.yaml")}
    assert REQUIRED <= codes
    for code in codes:
        data = read_yaml_file(TEMPLATES / "lang" / f"{code}.yaml").data
        assert data["written_by"] and "checked_by" in data, code
        assert (TEMPLATES / "letters" / f"appeal.{code}.j2").is_file(), code


def _cases():
    lib = library()
    ids = sorted(p.stem for p in (REPO / "cases").glob("*.yaml"))
    return [lib.get(i) for i in ids]


@pytest.mark.parametrize("case", _cases(), ids=lambda c: c.id)
def test_every_language_a_case_accepts_has_a_letter(case):
    for lang in case.targets[0].languages:
        composed = compose_letter(case, sender=Sender(), lang=lang, date=DAY, for_the_record=True)
        text = composed.primary
        assert text.lang.code == lang
        assert text.body and text.request and text.salutation and text.closing
        if lang != "en":
            path = TEMPLATES / "letters" / "cases" / f"{case.id}.{lang}.yaml"
            data = read_yaml_file(path).data
            assert data["written_by"] and "checked_by" in data
            assert len(data["ask"]) == len(case.ask), f"{path}: one ask per ask of the case file"


def test_asking_for_a_language_the_target_does_not_accept_lists_those_it_does(w4r, tmp_path):
    res = w4r("letter", "sasha", "--force", "--lang", "fr", "-o", str(tmp_path / "x.pdf"))
    assert res.returncode == 2
    assert res.stderr.strip() == "w4r: error: Prosecutor General of the Russian Federation accepts letters in ru, en; 'fr' is not one of them"
    assert "Traceback" not in res.stderr


@pytest.mark.parametrize(
    "case_id, lang, date, salutation, closing",
    [
        ("sasha", "ru", "10 декабря 2026\u202fг.", "Уважаемый господин Генеральный прокурор!", "С уважением,"),
        ("dorgelesse", "fr", "10 décembre 2026", "Monsieur le Président de la République,",
         "Je vous prie d\u2019agréer, Monsieur le Président de la République, l\u2019expression de ma haute considération."),
        ("luis-manuel", "es", "10 de diciembre de 2026", "Señor Presidente:", "Atentamente,"),
        ("neth-nahara", "pt", "10 de dezembro de 2026", "Excelentíssimo Senhor Presidente da República,", "Com os melhores cumprimentos,"),
        ("chow-hang-tung", "zh-Hant", "2026年12月10日", "尊敬的林定國司長：", "此致\n敬禮"),
        ("manahel", "ar", "10 ديسمبر 2026", "معالي الوزير،", "وتفضلوا بقبول فائق الاحترام والتقدير،"),
        ("sasha", "en", "10 December 2026", "Dear Prosecutor General,", "Yours sincerely,"),
    ],
)
def test_dates_salutations_and_closings_follow_the_language(case_id, lang, date, salutation, closing):
    composed = letter(case_id, lang)
    assert composed.date_text == date
    assert composed.primary.salutation == salutation
    assert composed.primary.closing == closing


def test_salutation_follows_the_chosen_target():
    composed = compose_letter(library().get("sasha"), target_number=2, sender=Sender(), lang="ru", date=DAY, for_the_record=True)
    assert composed.primary.salutation == "Уважаемый господин прокурор!"


def test_arabic_language_runs_right_to_left():
    composed = letter("manahel", "ar")
    assert composed.primary.lang.rtl
    assert not letter("manahel", "en").primary.lang.rtl


def test_unchecked_translation_warns_and_a_checked_one_does_not(tmp_path):
    composed = letter("sasha", "ru")
    (w,) = [w for w in composed.warnings if "not been checked" in w]
    assert w.startswith("this Russian translation has not been checked by a speaker")
    assert "sasha.ru.yaml" in w and "ru.yaml" in w
    assert not any("not been checked" in w for w in letter("sasha", "en").warnings)
    # The same files, signed by a speaker: no warning.
    mine = tmp_path / "templates"
    shutil.copytree(TEMPLATES, mine)
    for p in (mine / "lang" / "ru.yaml", mine / "letters" / "cases" / "sasha.ru.yaml"):
        p.write_text(p.read_text().replace('checked_by: ""', "checked_by: A. Speaker"))
    checked = compose_letter(library().get("sasha"), sender=Sender(), lang="ru", date=DAY, templates=mine, for_the_record=True)
    assert not any("not been checked" in w for w in checked.warnings)


def test_missing_glyph_warning_names_the_field():
    composed = compose_letter(library().get("sasha"), sender=Sender("Ann \U00013000"), message="ok", lang="en", date=DAY, glyph_check=missing_report, for_the_record=True)
    found = [w for w in composed.warnings if w.code == "missing-glyphs" and w.params["field"] == "sender-name"]
    assert found and found[0].startswith("your name: U+13000 EGYPTIAN HIEROGLYPH A001"), composed.warnings
    assert not any("--" in w for w in composed.warnings)  # the library names no command-line option


def test_bilingual_prints_the_officials_language_then_english(w4r, tmp_path):
    out = tmp_path / "b.pdf"
    res = w4r("letter", "sasha", "--force", "--lang", "ru", "--bilingual", "--date", "2026-12-10", "-o", str(out))
    assert res.returncode == 0, res.stderr
    assert "w4r: warning: this Russian translation has not been checked by a speaker" in res.stderr
    text = page_text(out.read_bytes())
    assert text.index("Уважаемый господин Генеральный прокурор!") < text.index("Dear Prosecutor General,")
    assert "English" in text


def test_bilingual_arabic_letter(w4r, tmp_path):
    out = tmp_path / "ar.pdf"
    res = w4r("letter", "manahel", "--lang", "ar", "--bilingual", "--date", "2026-12-10", "-o", str(out))
    assert res.returncode == 0, res.stderr
    pdf = out.read_bytes()
    from pypdf import PdfReader
    import io

    lines = [line for p in range(len(PdfReader(io.BytesIO(pdf)).pages)) for line in visual_lines(pdf, p)]
    joined = [logical(line) for line in lines]
    arabic = next(i for i, line in enumerate(joined) if squash(line) == squash("معالي الوزير،"))
    english = next(i for i, line in enumerate(joined) if line.startswith("Your Excellency,"))
    assert arabic < english


def test_translation_with_an_unknown_key_is_refused(tmp_path):
    mine = tmp_path / "templates"
    shutil.copytree(TEMPLATES, mine)
    p = mine / "letters" / "cases" / "sasha.ru.yaml"
    p.write_text(p.read_text() + "sallutation: x\n")
    with pytest.raises(InputError, match="sasha.ru.yaml:25:1: sallutation: unknown key; check the spelling \\(see docs/templates.md\\)"):
        compose_letter(library().get("sasha"), sender=Sender(), lang="ru", date=DAY, templates=mine, for_the_record=True)


@pytest.mark.parametrize("typed, canonical", [("ZH-hant", "zh-Hant"), ("zh_hant", "zh-Hant"), ("EN", "en"), ("pt-br", "pt-BR"), (" ru ", "ru")])
def test_language_codes_are_read_in_any_case(typed, canonical):
    from w4r.compose.languages import canonical_code

    assert canonical_code(typed) == canonical
