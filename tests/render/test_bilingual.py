"""--bilingual: each language's part is a whole letter, and the parts share the pages sensibly."""

from __future__ import annotations

import pytest

from tests.conftest import MM, ink_boxes, logical, page_count, page_text, squash, text_runs, visual_lines

SENDER = ["--from", "Ann Example", "--address", "12 High Street|Anytown AB1 2CD|UNITED KINGDOM"]


def make(w4r, tmp_path, *args):
    out = tmp_path / "bi.pdf"
    # --force: overwrite, and make Sasha's letter although her case is closed ("for the record").
    res = w4r("letter", *args, "--bilingual", "-o", str(out), "--date", "2026-12-10", "--force")
    assert res.returncode == 0, res.stderr
    return out.read_bytes(), res


def page_lines(pdf: bytes, page: int, direction: str = "auto") -> list[str]:
    return [logical(line, direction) for line in visual_lines(pdf, page)]


def test_russian_and_english_parts_are_each_complete_and_start_their_own_page(w4r, tmp_path):
    pdf, _ = make(w4r, tmp_path, "sasha", "--lang", "ru", *SENDER, "--message", "I think of you.")
    assert page_count(pdf) == 2
    first, second = page_text(pdf, 0), page_text(pdf, 1)
    # Russian: salutation, body, closing and the signature (the sender's printed name) all on page one.
    assert "Уважаемый" in first and "С уважением" in first
    assert first.index("С уважением") < first.rindex("Ann Example"), first[-200:]
    assert "Yours sincerely" not in first and "Dear" not in first
    # English: on a page of its own, salutation to signature, with the personal message.
    assert "Dear Prosecutor General," in second and "Yours sincerely," in second and "I think of you." in second
    assert second.index("Yours sincerely,") < second.rindex("Ann Example")
    assert "Уважаемый" not in second


def test_without_a_sender_each_part_has_its_own_signature_line_in_its_language(w4r, tmp_path):
    pdf, _ = make(w4r, tmp_path, "sasha", "--lang", "ru")
    first, second = page_text(pdf, 0), page_text(pdf, 1)
    assert "Подпись" in first and "Signature" not in first, first[-300:]
    assert "Signature" in second and "Подпись" not in second, second[-300:]


def test_the_closing_never_stands_alone_on_a_page(w4r, tmp_path):
    pdf, _ = make(w4r, tmp_path, "manahel", "--lang", "ar", *SENDER, "--message", "I think of you.")
    for page in range(page_count(pdf)):
        body = [r for r in text_runs(pdf, page) if 20 * MM < r.top < 277 * MM]
        text = " ".join(r.text for r in body)
        if "Yours sincerely" in text:
            # More than the closing and the name: at least one paragraph of the letter goes with them.
            assert len({round(r.top) for r in body}) >= 4, text


def test_arabic_part_has_a_signature_right_aligned(w4r, tmp_path):
    pdf, _ = make(w4r, tmp_path, "manahel", "--lang", "ar")
    assert page_count(pdf) == 2
    # The Arabic part ends with a line to sign on at the right, labelled in Arabic (the text runs right to left).
    lines = page_lines(pdf, 0, "rtl")
    assert any(squash("التوقيع") in squash(line) for line in lines), lines[-4:]
    rules = [b for b in ink_boxes(pdf, 0) if b[3] - b[1] < 1 and b[2] - b[0] > 40 * MM and b[1] > 100 * MM]
    assert rules and all(b[2] == pytest.approx(190 * MM, abs=0.5) for b in rules), rules
    assert "Signature" in page_text(pdf, 1)


def test_bilingual_without_lang_uses_the_officials_language(w4r, tmp_path):
    pdf, res = make(w4r, tmp_path, "sasha", *SENDER)
    assert "Уважаемый" in page_text(pdf, 0) and "Dear" in page_text(pdf, 1)
    assert "Russian" in res.stderr and "--bilingual" in res.stderr


def test_bilingual_for_an_official_who_reads_only_english_says_why_not(w4r, tmp_path):
    from w4r.cases import CaseLibrary

    only_en = [(c.id, n) for c in CaseLibrary.open().all() for n, t in enumerate(c.targets, 1) if list(t.languages) == ["en"]]
    assert only_en
    case_id, n = only_en[0]
    pdf, res = make(w4r, tmp_path, case_id, "--target", str(n), *SENDER)
    assert page_count(pdf) == 1
    assert "--bilingual" in res.stderr and "English" in res.stderr
