"""Composing a solidarity card: greetings, signature per the case's rules, front wording, rule hits."""

from __future__ import annotations

from pathlib import Path

import pytest

from w4r.cases import CaseLibrary
from w4r.cases.schema import CardRules, Solidarity
from w4r.compose.card import FRONT_CLOSED, FRONT_OPEN, case_greetings, compose_card, design_hits, message_paragraphs, signature_for
from w4r.compose.sender import make_sender
from w4r.errors import InputError

CASES = sorted(p.stem for p in (Path(__file__).resolve().parents[2] / "cases").glob("*.yaml"))
ANN = make_sender("Ann Example", "12 High Street|Leeds LS1 1AA|UNITED KINGDOM")


def case(case_id: str):
    return CaseLibrary.open().get(case_id)


def with_rules(c, **rules):
    sol = c.solidarity.model_copy(update={"rules": CardRules(**rules)})
    return c.model_copy(update={"solidarity": sol})


@pytest.mark.parametrize("case_id", CASES)
def test_every_case_gives_greetings_in_one_language_and_the_right_front(case_id):
    c = case(case_id)
    card = compose_card(c, sender=ANN)
    assert card.greetings, "every shipped case has greetings for its cards"
    assert {g.lang for g in card.greetings} == {case_greetings(c)[0].lang}
    assert card.front_greeting.text == case_greetings(c)[0].text
    assert card.first_name == c.first_name
    wording = FRONT_CLOSED if c.status.congratulate else FRONT_OPEN
    assert card.front_wording in (wording, "")
    assert (card.front_wording == "") == (wording.lower() in card.front_greeting.text.lower())
    assert card.closed == c.closed
    assert card.message == () and card.hits == ()


def test_lang_picks_the_greetings_in_that_language():
    card = compose_card(case("rita"), sender=ANN, lang="ky")
    assert [g.text for g in card.greetings] == ["Рита, биз сиз менен биргебиз!"]
    with pytest.raises(InputError, match=r"greetings in ru, ky, not in 'de'"):
        compose_card(case("rita"), sender=ANN, lang="de")


@pytest.mark.parametrize(
    "identity, expected",
    [("first-name", "Ann"), ("full-name", "Ann Example"), ("full-name-and-town", "Ann Example, Leeds LS1 1AA")],
)
def test_signature_shows_as_much_of_the_sender_as_the_case_allows(identity, expected):
    assert signature_for(ANN, identity) == expected
    card = compose_card(with_rules(case("chow-hang-tung"), sender_identity=identity, languages=["en", "zh-Hant"]), sender=ANN)
    assert card.signature == expected


def test_no_sender_leaves_a_line_labelled_by_the_rule():
    card = compose_card(case("sasha"), sender=make_sender(None, None))
    assert card.signature is None and card.signature_hint == "your first name"


def test_message_paragraphs_keep_line_breaks_and_drop_control_characters():
    assert message_paragraphs("Dear Sasha,\nhello\x07 there\n\n\n  Warm   wishes ") == ("Dear Sasha,\nhello there", "Warm wishes")
    assert message_paragraphs(None) == ()


def test_message_and_signature_are_checked_against_the_card_rules():
    card = compose_card(case("chow-hang-tung"), sender=make_sender("Amnesty Leeds", None), message="I lit a candle. 新年快樂！")
    got = [(h.rule, h.found, h.where) for h in card.hits]
    assert card.signature == "Amnesty"  # first-name rule: the first word of the name
    assert got == [("politics", "candle", "message"), ("holidays", "新年", "message"), ("amnesty", "Amnesty", "signature")]


def test_a_design_motif_a_case_rules_out_is_a_hit():
    c = with_rules(case("sasha"), extra_terms={"politics": ["dove"]}, languages=["en"])
    hits = design_hits(c, ("dove", "bird"))
    assert [(h.rule, h.found, h.where) for h in hits] == [("politics", "dove", "picture")]
    assert 'the picture shows "dove"' in hits[0].describe()
    assert design_hits(case("sasha"), ("sunrise", "sun", "hills", "birds")) == ()


def test_a_case_without_solidarity_section_has_no_card():
    c = case("sasha").model_copy(update={"solidarity": None})
    with pytest.raises(InputError, match="no solidarity section"):
        compose_card(c, sender=ANN)


def test_a_case_without_greetings_still_makes_a_card():
    c = case("sasha")
    c = c.model_copy(update={"solidarity": Solidarity(recipient="Sasha Skochilenko")})
    card = compose_card(c, sender=ANN, message="Hello")
    assert card.greetings == () and card.front_greeting is None
