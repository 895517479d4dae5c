"""--format txt keeps the promise of docs/scripting.md: plain text wrapped at 72 columns, in every language."""

from __future__ import annotations

import datetime as dt

import pytest

from w4r.cases import CaseLibrary
from w4r.cases.status import appeal_rule
from w4r.compose.email import display_width, letter_as_text
from w4r.compose.letter import compose_letter
from w4r.compose.sender import make_sender

LIBRARY = CaseLibrary.open()
LETTERS = [
    (case.id, lang)
    for case in LIBRARY.all()
    if appeal_rule(case).kind != "card-only" and case.targets
    for lang in dict.fromkeys(["en", *case.target(1).languages])
]
SENDER = make_sender("Ann Example", "12 High Street|Anytown AB1 2CD|UNITED KINGDOM")


@pytest.mark.parametrize("case_id, lang", LETTERS)
def test_every_line_fits_72_columns(case_id, lang):
    letter = compose_letter(LIBRARY.get(case_id), sender=SENDER, lang=lang, date=dt.date(2026, 12, 10), for_the_record=True, message="I think of you.")
    lines = letter_as_text(letter).splitlines()
    too_long = [ln for ln in lines if display_width(ln) > 72]
    assert too_long == [], too_long


def test_french_closing_is_wrapped_and_the_address_is_kept_as_typed():
    long_line = "Flat 3, Wellington House, 145-147 Great Western Road, Kirkintilloch, East Dunbartonshire"
    letter = compose_letter(LIBRARY.get("dorgelesse"), sender=make_sender("Ann Example", long_line), lang="fr", date=dt.date(2026, 12, 10), for_the_record=True)
    lines = letter_as_text(letter).splitlines()
    assert lines[-1] == long_line  # an address line is never broken
    assert lines[-2] == "Ann Example"
    assert all(display_width(ln) <= 72 for ln in lines[:-1])
    assert any(ln.startswith("Je vous prie d'agréer") for ln in lines)
