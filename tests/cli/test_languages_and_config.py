"""--lang matched as BCP 47 does, and the config file: a preference that falls back, errors in plain words."""

from __future__ import annotations

import pytest

from tests.conftest import assert_clean_failure, page_text, run_w4r

CASE = "chow-hang-tung"  # the Secretary for Justice reads zh-Hant and en


@pytest.mark.parametrize(
    "requested, offered, used",
    [
        ("zh", ["en", "zh-Hant"], "zh-Hant"),  # the case's only Chinese
        ("ZH-hant", ["zh-Hant"], "zh-Hant"),
        ("zh-TW", ["zh-Hans", "zh-Hant"], "zh-Hant"),  # CLDR: Taiwan writes Traditional
        ("zh", ["zh-Hans", "zh-Hant"], "zh-Hans"),  # CLDR's likely script for zh
        ("zh-Hans", ["zh-Hant", "en"], None),  # a named script is a demand
        ("zh-CN", ["zh-Hant", "en"], None),
        ("pt", ["pt-BR", "en"], "pt-BR"),
        ("pt-br", ["pt", "en"], "pt"),
        ("PT-PT", ["pt", "en"], "pt"),
        ("de", ["en", "fr"], None),
        ("EN", ["en"], "en"),
    ],
)
def test_match_language(requested, offered, used):
    from w4r.compose.languages import match_language

    assert match_language(requested, offered) == used


def test_lang_zh_writes_the_traditional_letter_and_says_so(tmp_path):
    out = tmp_path / "l.pdf"
    res = run_w4r("letter", CASE, "--lang", "zh", "-o", str(out))
    assert res.returncode == 0, res.stderr
    assert "note: the letter is in zh-Hant, Chinese (Traditional): the form of zh that Secretary for Justice reads" in res.stderr
    assert "此致" in page_text(out.read_bytes())  # the Chinese closing


def test_lang_any_case_on_a_card(tmp_path):
    res = run_w4r("letter", CASE, "--to", "individual", "--lang", "ZH", "-o", str(tmp_path / "c.pdf"))
    assert res.returncode == 0, res.stderr
    assert "note: the greeting is in zh-Hant" in res.stderr


def test_lang_the_official_does_not_read_is_still_refused(tmp_path):
    assert_clean_failure(run_w4r("letter", CASE, "--lang", "de", "-o", str(tmp_path / "l.pdf")), 2, "accepts letters in zh-Hant, en")


def test_config_language_falls_back_to_the_officials_with_a_note(tmp_path, isolated_user):
    (isolated_user / "config.yaml").write_text("lang: es\n", encoding="utf-8")
    out = tmp_path / "l.pdf"
    res = run_w4r("letter", CASE, "-o", str(out))
    assert res.returncode == 0, res.stderr
    note = [ln for ln in res.stderr.splitlines() if ln.startswith("note: ")]
    assert note == [
        "note: Secretary for Justice does not read es; the letter is in zh-Hant, Chinese (Traditional), a language the "
        "official reads (your config file says lang: es; choose with --lang)"
    ]
    assert "此致" in page_text(out.read_bytes())  # the Chinese closing
    # A case whose official reads Spanish gets Spanish.
    res = run_w4r("letter", "luis-manuel", "-o", str(tmp_path / "d.pdf"))
    assert res.returncode == 0, res.stderr
    assert "note:" not in res.stderr


@pytest.mark.parametrize(
    "text, line, phrases",
    [
        ("sender:\n  nmae: Ann\n", ":2:3:", ["sender.nmae: is not a setting w4r knows", "name, address"]),
        ("paper: A3\n", ":1:", ["paper: 'A3' is not a4 or letter"]),
        ("colour: red\n", ":1:1:", ["colour: is not a setting w4r knows", "sender, paper, lang"]),
        ("lang: french\n", ":1:", ["lang: 'french' is not a language code"]),
        ("sender: Ann\n", ":1:", ["sender: expected keys with values below it"]),
        ("fonts:\n  - key: sans\n", ":2:", ["fonts.path: is missing"]),
    ],
)
def test_config_errors_in_plain_words_with_line_and_key(tmp_path, isolated_user, text, line, phrases):
    (isolated_user / "config.yaml").write_text(text, encoding="utf-8")
    error = assert_clean_failure(run_w4r("letter", CASE, "-o", str(tmp_path / "l.pdf")), 2, "config.yaml" + line, *phrases)
    for jargon in ("Value error", "Input should", "Extra inputs", "valid dictionary", "instance of"):
        assert jargon not in error


@pytest.mark.parametrize(
    "address",
    ['"12 High Street\\nAnytown AB1 2CD\\nUNITED KINGDOM"', "|\n    12 High Street\n    Anytown AB1 2CD\n    UNITED KINGDOM", '"12 High Street|Anytown AB1 2CD|UNITED KINGDOM"'],
)
def test_config_address_as_one_text(tmp_path, isolated_user, address):
    (isolated_user / "config.yaml").write_text(f"paper: A4\nsender:\n  name: Ann Example\n  address: {address}\n", encoding="utf-8")
    out = tmp_path / "l.pdf"
    res = run_w4r("letter", CASE, "-o", str(out))
    assert res.returncode == 0, res.stderr
    lines = [ln.strip() for ln in page_text(out.read_bytes()).splitlines()]
    assert "12 High Street" in lines and "Anytown AB1 2CD" in lines
