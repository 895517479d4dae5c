"""E-mail headers written by the standard library's email policy (issue 17.20, issue 16.7)."""

from __future__ import annotations

import datetime as dt
import email
import email.policy

import pytest
from pydantic import ValidationError

from w4r.cases import CaseLibrary
from w4r.cases.schema import Target
from w4r.compose.email import render_digital
from w4r.compose.letter import compose_letter
from w4r.compose.sender import make_sender

DAY = dt.date(2026, 12, 10)


@pytest.fixture(scope="module")
def case():
    return CaseLibrary.open().get("chow-hang-tung")


def with_target(case, **changes):
    first = case.targets[0].model_copy(update=changes)
    return case.model_copy(update={"targets": [first, *case.targets[1:]]})


def compose(case):
    return compose_letter(case, sender=make_sender("Ann Example", None), date=DAY)


def test_a_display_name_with_a_comma_is_one_recipient(case):
    c = with_target(case, title="Secretary for Justice, Hong Kong", name=None, email="sjo@doj.gov.hk")
    letter = compose(c)
    eml, _ = render_digital(letter, "eml", date=DAY)
    msg = email.message_from_bytes(eml, policy=email.policy.default)
    assert [a.addr_spec for a in msg["To"].addresses] == ["sjo@doj.gov.hk"]
    assert msg["To"].addresses[0].display_name == "Secretary for Justice, Hong Kong"
    preview = render_digital(letter, "email")[0].decode("utf-8")
    to_line = preview.split("\n")[0]
    assert to_line == 'To: "Secretary for Justice, Hong Kong" <sjo@doj.gov.hk>'
    parsed = email.message_from_string(to_line + "\n\n", policy=email.policy.default)
    assert len(parsed["To"].addresses) == 1


def test_the_preview_body_is_not_hard_wrapped(case):
    letter = compose(with_target(case, email="sjo@doj.gov.hk"))
    preview = render_digital(letter, "email")[0].decode("utf-8")
    body = preview.split("\n\n", 1)[1]
    paragraphs = [p for p in body.split("\n\n") if p.strip()]
    longest = max(paragraphs, key=len)
    assert len(longest) > 100 and "\n" not in longest  # one line per paragraph: mail programs wrap it


def test_long_and_non_latin_names_survive_folding(case):
    name = "Красносельская Александра Владимировна " * 3
    c = with_target(case, name=name.strip(), title="Генеральный прокурор Российской Федерации", email="genproc@example.ru")
    letter = compose(c)
    eml, _ = render_digital(letter, "eml", date=DAY)
    assert all(len(line) <= 998 for line in eml.split(b"\r\n"))
    assert all(len(line.decode("utf-8")) <= 78 for line in eml.split(b"\r\n\r\n", 1)[0].split(b"\r\n"))  # headers folded
    msg = email.message_from_string(eml.decode("utf-8"), policy=email.policy.default)
    assert msg["To"].addresses[0].display_name == name.strip()
    preview = render_digital(letter, "email")[0].decode("utf-8")
    head = preview.split("\n\n", 1)[0]
    assert all(len(line) <= 998 for line in head.split("\n"))
    assert name.strip() in " ".join(head.replace("\n ", " ").split())


@pytest.mark.parametrize("address", ["a,b@c.de", "a@b.de, c@d.de", "Ann <a@b.de>", "a@b.de;c@d.de", '"a"@b.de', "a@b"])
def test_validation_refuses_what_the_email_writer_cannot_use(address):
    data = {"title": "Minister", "address": ["1 Street", "Town"], "country": "XX", "salutation": "Dear Minister", "email": address}
    with pytest.raises(ValidationError) as info:
        Target.model_validate(data)
    assert "email" in str(info.value)


def test_plain_addresses_are_still_fine():
    data = {"title": "Minister", "address": ["1 Street", "Town"], "country": "XX", "salutation": "Dear Minister", "email": "minister.office+w4r@gov.example.org"}
    assert Target.model_validate(data).email == "minister.office+w4r@gov.example.org"
