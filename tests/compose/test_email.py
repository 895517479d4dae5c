"""The appeal as plain text, as a printed email and as an .eml file read back with Python's email package."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import email.utils

import pytest

from w4r.cases import CaseLibrary
from w4r.compose.email import (
    WRAP_WIDTH,
    digital_warnings,
    display_width,
    eml_bytes,
    letter_as_email,
    letter_as_text,
    render_digital,
    span_text,
    wrap_line,
)
from w4r.compose.letter import compose_letter
from w4r.compose.sender import make_sender
from w4r.errors import InputError

DAY = dt.date(2026, 12, 10)
LINK = "https://www.amnesty.org/en/latest/campaigns/2022/11/write-for-rights-a-very-long-link-that-must-stay-whole/"
CYRILLIC = "Мы думаем о ней каждый день и ждём её освобождения."
CHINESE = "我們一直記掛著她，希望她早日獲釋。這是一段很長的中文文字，用來檢查換行時每一行都不超過七十二列，也不會在標點符號之前斷行。"
MESSAGE = f"{CYRILLIC} {CHINESE}\n\nPlease read more at {LINK} before you decide."
SENDER = make_sender("Anna Petrova", "12 High Street|Anytown AB1 2CD|UNITED KINGDOM")


@pytest.fixture(scope="module")
def library():
    return CaseLibrary.open()


def case_with_email(library):
    case = library.get("chow-hang-tung")
    assert case.target(1).email, "test precondition: chow-hang-tung's first target has an email address"
    return case


def case_without_email(library):
    from w4r.cases.status import appeal_rule

    for case in library.all():
        if appeal_rule(case).writes_letter and not case.target(1).email:
            return case
    # Every shipped case has one: take a case that gets a letter and drop its first official's address.
    case = next(c for c in library.all() if appeal_rule(c).writes_letter)
    first = case.targets[0].model_copy(update={"email": None})
    return case.model_copy(update={"targets": [first, *case.targets[1:]]})


def compose(case, **kw):
    return compose_letter(case, sender=kw.pop("sender", SENDER), message=kw.pop("message", MESSAGE), date=DAY, **kw, for_the_record=True)


def paragraphs(text: str) -> list[str]:
    """Blank-line separated blocks, each with its lines joined back together."""
    return [" ".join(block.split("\n")) for block in text.strip("\n").split("\n\n")]


# Plain text -------------------------------------------------------------------------------


def test_text_has_every_part_in_the_pdf_order(library):
    letter = compose(case_with_email(library))
    text = letter.primary
    unwrapped = paragraphs(letter_as_text(letter, width=None))
    expected = (
        [span_text(text.subject), text.salutation]
        + [span_text(p) for p in text.body]
        + list(letter.personal)
        + [span_text(p) for p in text.request]
    )
    assert unwrapped[: len(expected)] == expected
    signature = letter_as_text(letter, width=None).strip("\n").split("\n\n")[-1].split("\n")
    assert signature == [text.closing, "Anna Petrova", "12 High Street", "Anytown AB1 2CD", "UNITED KINGDOM"]


def test_personal_message_sits_between_body_and_request(library):
    letter = compose(case_with_email(library))
    text = letter_as_text(letter, width=None)
    last_body = span_text(letter.primary.body[-1])
    first_request = span_text(letter.primary.request[0])
    assert text.index(last_body) < text.index(CYRILLIC) < text.index(first_request)


def test_lines_are_wrapped_at_72_columns_except_links_and_address(library):
    letter = compose(case_with_email(library))
    lines = letter_as_text(letter).split("\n")
    assert LINK in lines, "the long link stays whole on a line of its own"
    too_wide = [ln for ln in lines if display_width(ln) > WRAP_WIDTH and ln != LINK]
    assert too_wide == []
    # Wrapping only moves line breaks: the words are the same as unwrapped.
    assert "".join(letter_as_text(letter).split()) == "".join(letter_as_text(letter, width=None).split())


def test_chinese_wraps_by_columns_and_never_before_punctuation(library):
    letter = compose(case_with_email(library), message=CHINESE * 3)
    lines = letter_as_text(letter).split("\n")
    chinese_lines = [ln for ln in lines if "希望" in ln or "標點" in ln or "記掛" in ln]
    assert len(chinese_lines) >= 4, "a long Chinese paragraph is broken into several lines"
    for ln in chinese_lines:
        assert display_width(ln) <= WRAP_WIDTH
        assert ln[0] not in "，。、"
    # Width is counted in columns: a full line of Chinese holds 36 characters, not 72.
    assert max(len(ln) for ln in chinese_lines) <= 36


def test_wrap_line_keeps_a_word_longer_than_the_width_whole():
    long_word = "x" * 90
    assert wrap_line(f"a {long_word} b", 72) == ["a", long_word, "b"]
    assert wrap_line("", 72) == [""]


def test_explicit_line_breaks_in_a_message_are_kept(library):
    poem = "Roses are red,\nviolets are blue,\nwe are writing\nfor you."
    letter = compose(case_with_email(library), message=poem)
    assert "Roses are red,\nviolets are blue,\nwe are writing\nfor you." in letter_as_text(letter)


def test_unsigned_letter_ends_with_the_closing_and_is_warned_about(library):
    letter = compose(case_with_email(library), sender=make_sender(None, None))
    assert letter_as_text(letter).rstrip("\n").endswith(letter.primary.closing)
    assert any("not signed" in w for w in digital_warnings(letter, "txt"))


# Email -------------------------------------------------------------------------------------


def parse(data: bytes) -> email.message.EmailMessage:
    return email.message_from_bytes(data, policy=email.policy.default)


def test_eml_parses_back_with_headers_and_utf8_body_intact(library):
    case = case_with_email(library)
    letter = compose(case)
    data = eml_bytes(letter_as_email(letter, date=DAY))
    msg = parse(data)
    assert msg["To"].addresses[0].addr_spec == case.target(1).email
    assert msg["Subject"] == span_text(letter.primary.subject)
    assert "鄒幸彤" in msg["Subject"], "the Chinese name survives header encoding"
    assert email.utils.parsedate_to_datetime(msg["Date"]).date() == DAY
    assert msg["X-Mailer"].startswith("w4r ")
    assert msg.get_content_type() == "text/plain"
    assert msg.get_content_charset() == "utf-8"
    body = msg.get_content()
    assert CYRILLIC in body and CHINESE in body and LINK in body
    # The body is the letter without its subject line, one line per paragraph.
    expected = letter_as_text(letter, width=None).split("\n", 2)[2]
    assert body.replace("\r\n", "\n") == expected


def test_eml_uses_crlf_line_ends_and_folded_utf8_headers(library):
    data = eml_bytes(letter_as_email(compose(case_with_email(library)), date=DAY))
    assert b"\r\n" in data
    assert b"\n" not in data.replace(b"\r\n", b""), "no bare LF anywhere"
    head = data.split(b"\r\n\r\n", 1)[0]
    # UTF-8 as written (RFC 6532), never encoded words that cut a name mid-word; folded at 78 columns.
    assert b"=?utf-8?" not in head
    assert all(len(line.decode("utf-8")) <= 78 for line in head.split(b"\r\n"))
    assert all(len(line) <= 998 for line in data.split(b"\r\n"))


def test_no_sender_address_is_ever_added(library):
    letter = compose(case_with_email(library))
    msg = parse(eml_bytes(letter_as_email(letter, date=DAY)))
    for header in ("From", "Sender", "Reply-To", "Cc", "Bcc"):
        assert msg[header] is None
    with_from = parse(eml_bytes(letter_as_email(letter, date=DAY, from_address="anna@example.org")))
    assert with_from["From"].addresses[0].addr_spec == "anna@example.org"
    assert with_from["From"].addresses[0].display_name == "Anna Petrova"


def test_no_email_in_case_file_means_no_to_line_and_a_warning(library):
    case = case_without_email(library)
    letter = compose(case)
    msg = parse(eml_bytes(letter_as_email(letter, date=DAY)))
    assert msg["To"] is None
    warnings = digital_warnings(letter, "eml")
    assert len(warnings) == 1 and "no email address" in warnings[0] and "no To: line" in warnings[0]
    assert digital_warnings(compose(case_with_email(library)), "eml") == []


def test_printed_email_shows_to_subject_then_text(library):
    case = case_with_email(library)
    letter = compose(case)
    data, suffix = render_digital(letter, "email")
    text = data.decode("utf-8")
    first, second, blank, salutation = text.split("\n")[:4]
    assert first == f'To: "{case.target(1).label}" <{case.target(1).email}>'  # quoted: the label has a comma
    assert second == f"Subject: {span_text(letter.primary.subject)}"
    assert blank == ""
    assert salutation == letter.primary.salutation
    assert suffix == ".txt"


def test_render_digital_formats_and_suffixes(library):
    letter = compose(case_with_email(library))
    eml, eml_suffix = render_digital(letter, "eml", date=DAY)
    txt, txt_suffix = render_digital(letter, "txt")
    assert (eml_suffix, txt_suffix) == (".eml", ".txt")
    assert parse(eml)["Subject"] == span_text(letter.primary.subject)
    assert txt.decode("utf-8") == letter_as_text(letter)
    with pytest.raises(InputError, match="unknown format 'docx'; choose one of pdf, email, eml, txt"):
        render_digital(letter, "docx")


# Same templates, same languages ---------------------------------------------------------------

RU_LANG = """\
name: Русский
locale: ru
written_by: test
closing: С уважением
"""
RU_TEMPLATE = """\
{% block subject %}<b>{{ case.name }}, {{ case.country }}</b>{% endblock %}
{% block body %}
Я пишу вам о {{ case.name }}. {{ facts }}

Прошу вас: {% for item in ask %}{{ item }}{% if not loop.last %}; {% endif %}{% endfor %}.
{% endblock %}
{% block request %}
Благодарю за внимание.
{% endblock %}
"""
RU_CASE = """\
facts: Факты по делу на русском языке.
ask: [освободить её немедленно]
salutation: Уважаемый господин Генеральный прокурор
"""


def test_a_bilingual_russian_letter_carries_both_versions(tmp_path, library):
    (tmp_path / "lang").mkdir()
    (tmp_path / "letters" / "cases").mkdir(parents=True)
    (tmp_path / "lang" / "ru.yaml").write_text(RU_LANG, encoding="utf-8")
    (tmp_path / "letters" / "appeal.ru.j2").write_text(RU_TEMPLATE, encoding="utf-8")
    (tmp_path / "letters" / "cases" / "sasha.ru.yaml").write_text(RU_CASE, encoding="utf-8")
    case = library.get("sasha")
    letter = compose(case, lang="ru", bilingual=True, templates=tmp_path, message="Личное слово.")
    text = letter_as_text(letter)
    assert text.startswith(f"{case.name}, {case.country}\n\nУважаемый господин Генеральный прокурор,\n")
    assert "Прошу вас: освободить её немедленно." in text
    flat = letter_as_text(letter, width=None)
    assert flat.index("С уважением,") < flat.index("\nEnglish\n-------\n") < flat.index(span_text(letter.texts[1].body[0]))
    # The personal words go with the last version, as in the PDF.
    assert flat.index("English") < flat.index("Личное слово.")
    msg = parse(eml_bytes(letter_as_email(letter, date=DAY)))
    assert msg["Content-Language"] == "ru, en"
    assert "Прошу вас: освободить её немедленно." in msg.get_content()
