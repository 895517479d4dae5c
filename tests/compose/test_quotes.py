"""Typographic quotation marks per language in the letter's own text; the writer's words as typed."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.conftest import page_text
from w4r.cases import CaseLibrary
from w4r.compose.email import letter_as_text
from w4r.compose.letter import compose_letter
from w4r.compose.quotes import typographic
from w4r.compose.sender import make_sender

SENDER = make_sender("Ann Example", None)


@pytest.mark.parametrize(
    "lang, typed, printed",
    [
        ("en", 'charged with "unauthorised assembly" and Facebook\'s role', "charged with \u201cunauthorised assembly\u201d and Facebook\u2019s role"),
        ("fr", 'pour "insurrection" et l\'expression', "pour \u00ab\u202finsurrection\u202f\u00bb et l\u2019expression"),
        ("de", 'wegen "Aufruhr"', "wegen \u201eAufruhr\u201c"),
        ("ru", 'по статье "о митингах"', "по статье \u00abо митингах\u00bb"),
        ("zh-Hant", '他說"你好"', "他說\u300c你好\u300d"),
        ("en", "the prisoners' rights, 'in quotes'", "the prisoners\u2019 rights, \u2018in quotes\u2019"),
    ],
)
def test_marks_per_language(lang, typed, printed):
    assert typographic(typed, lang) == printed


def test_an_english_letter_has_curly_quotes_and_the_personal_message_is_as_typed():
    case = CaseLibrary.open().get("chow-hang-tung")
    letter = compose_letter(case, sender=SENDER, message='I said "hello" and it\'s fine.', date=dt.date(2026, 12, 10))
    text = letter_as_text(letter, width=None)
    own = text.replace('I said "hello" and it\'s fine.', "")
    assert '"' not in own and "'" not in own, [ln for ln in own.splitlines() if '"' in ln or "'" in ln]
    assert "\u201cinciting subversion\u201d" in text
    assert 'I said "hello" and it\'s fine.' in text


def test_the_pdf_prints_them(w4r, tmp_path):
    out = tmp_path / "l.pdf"
    res = w4r("letter", "chow-hang-tung", "-o", str(out), "--date", "2026-12-10")
    assert res.returncode == 0, res.stderr
    text = page_text(out.read_bytes())
    assert "\u201cinciting subversion\u201d" in " ".join(text.split())
    assert '"' not in text
