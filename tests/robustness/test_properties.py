"""Property-based: any name, address or message gives a PDF showing it as typed, or a W4RError.

Nothing else may happen: no other exception, no PDF that silently lost or
changed the text.  The strategies mix arbitrary Unicode (lone surrogates and
controls included) with fragments that trouble markup parsers and layout.
"""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import page_text
from tests.robustness.naughty import MARKUP, UNICODE, expected_text, shows
from tests.robustness.support import DATE
from w4r.typeset.fonts import book
from w4r.cases import CaseLibrary
from w4r.compose.letter import compose_letter
from w4r.compose.sender import make_sender, split_address
from w4r.errors import W4RError
from w4r.render.letter import render_letter

EXAMPLES = int(os.environ.get("W4R_HYPOTHESIS_EXAMPLES", "40"))
# The suite runs a fixed sample so CI is repeatable; W4R_HYPOTHESIS_RANDOM=1 explores
# new inputs on every run (use it with more examples when hunting for bugs).
EXPLORE = os.environ.get("W4R_HYPOTHESIS_RANDOM") == "1"
PROPERTY = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    derandomize=not EXPLORE,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

FRAGMENTS = [
    "<b>", "</b>", "<br/>", "<font color=red>", "<img src='/etc/passwd'/>", "<onDraw name=x/>", "<para>", "]]>",
    "&", "&amp;", "&#x110000;", "&#0;", "&lt;", ";", '"', "'", "\\", "%s", "{0}", "{{ x }}", "{% if %}",
    "\u202e", "\u2066", "\u200b", "\u200d", "\ufeff", "\U0001f468\u200d\U0001f469\u200d\U0001f467",
    "Z\u0301\u0301\u0301\u0301", "\x00", "\x1b[31m", "\r\n", "\n\n", "\t", "\u2028",
    "\ud800", "\udfff", "\ufffe", "\u0645\u0631\u062d\u0628\u0627", "\u05e9\u05dc\u05d5\u05dd", "\u9112\u5e78\u5f64",
    "\ufb01", "\U0001d401", "W" * 60,
] + list(MARKUP.values())[:4] + [v for v in UNICODE.values() if len(v) < 80]

pieces = st.one_of(
    st.characters(),  # any code point but surrogates
    st.characters(codec="ascii"),
    st.sampled_from(FRAGMENTS),
    st.sampled_from(["\ud800", "\udbff", "\udc00", "\udfff"]),  # lone surrogates from a Python caller
)


def texts(min_pieces: int, max_pieces: int) -> st.SearchStrategy[str]:
    return st.lists(pieces, min_size=min_pieces, max_size=max_pieces).map("".join)


names = texts(1, 25)
messages = texts(10, 150)
addresses = st.lists(texts(1, 12), min_size=0, max_size=6).map("\n".join)


@pytest.fixture(scope="module")
def open_case():
    return CaseLibrary.open().get("dorgelesse")  # solidarity address, first-name cards; freed, so letters are made for the record


def _shown(pdf: bytes, *expected: str) -> None:
    text = page_text(pdf)
    for item in expected:
        assert shows(text, item), (item, expected_text(item))


# Refusals a property test accepts: input too long or too wide for the paper, each said in one line.
REFUSALS = ("at most", "too wide", "does not fit", "do not fit", "characters long", "shorten")
# At least this share of the generated inputs must print: a test that accepts any refusal
# would pass if every letter were refused.
MIN_PRINTED = 0.75


class Outcomes:
    """Inputs within the documented limits (name and lines <= 120 characters, <= 5 address lines)
    that printed or were refused when laid out; inputs beyond them are refused before layout."""

    def __init__(self):
        self.printed = 0
        self.over_limits = 0
        self.refused: list[str] = []

    def refuse(self, exc: W4RError, *, at_input: bool) -> None:
        message = str(exc)
        assert "\n" not in message
        assert any(p in message for p in REFUSALS), message
        if at_input:
            self.over_limits += 1
        else:
            self.refused.append(message)

    def check(self) -> None:
        laid_out = self.printed + len(self.refused)
        assert laid_out >= EXAMPLES // 2, (laid_out, self.over_limits)
        assert self.printed >= MIN_PRINTED * laid_out, (self.printed, laid_out, self.refused)


def test_letter_shows_what_was_typed_or_refuses(open_case):
    seen = Outcomes()

    @PROPERTY
    @given(name=names, address=addresses, message=messages)
    def check(name, address, message):
        try:
            sender = make_sender(name, address)
        except W4RError as exc:
            seen.refuse(exc, at_input=True)
            return
        try:
            pdf = render_letter(compose_letter(open_case, sender=sender, message=message, date=DATE, for_the_record=True), fb=book())
        except W4RError as exc:
            seen.refuse(exc, at_input="characters long" in str(exc))  # the message's own limit
            return
        assert pdf.startswith(b"%PDF")
        _shown(pdf, sender.name or "", *sender.address, message)
        seen.printed += 1

    check()
    seen.check()


def test_card_shows_what_was_typed_or_refuses(open_case):
    from w4r.compose.card import compose_card
    from w4r.render.card import render_card
    from w4r.render.designs import parse_design

    seen = Outcomes()

    @PROPERTY
    @given(name=names, message=messages)
    def check(name, message):
        try:
            sender = make_sender(name, None)
        except W4RError as exc:
            seen.refuse(exc, at_input=True)
            return
        try:
            card = compose_card(open_case, sender=sender, message=message)
            pdf = render_card(card, "a5", design=parse_design(None)[0], fb=book())
        except W4RError as exc:
            seen.refuse(exc, at_input="characters long" in str(exc))
            return
        _shown(pdf, message, card.signature or "")
        seen.printed += 1

    check()
    seen.check()


def test_envelope_shows_the_sender_or_refuses(open_case):
    from w4r.compose.envelope import authorities_envelope
    from w4r.render.envelope import render_envelope

    seen = Outcomes()

    @PROPERTY
    @given(name=names, address=addresses)
    def check(name, address):
        try:
            sender = make_sender(name, address)
        except W4RError as exc:
            seen.refuse(exc, at_input=True)
            return
        try:
            pdf = render_envelope(authorities_envelope(open_case, target_number=1, sender=sender, for_the_record=True), fb=book())
        except W4RError as exc:
            seen.refuse(exc, at_input=False)
            return
        _shown(pdf, sender.name or "", *sender.address)
        seen.printed += 1

    check()
    seen.check()


@settings(max_examples=200, deadline=None, database=None, derandomize=not EXPLORE)
@given(address=addresses)
def test_address_splitting_never_fails_except_with_a_w4r_error(address):
    try:
        lines = split_address(address)
    except W4RError:
        return
    assert all(line and line == line.strip() for line in lines)
