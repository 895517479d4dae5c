"""Every row checked before anything is printed; each problem names its row and column."""

from __future__ import annotations

import datetime as dt

import pytest

from w4r.typeset.fonts import book
from w4r.batch.csvfile import parse
from w4r.batch.validate import Options, card_maker, check_roster
from w4r.cases import CaseLibrary
from w4r.render.designs import parse_design


@pytest.fixture(scope="module")
def library():
    return CaseLibrary.open(None)


def check(text: str, library, *, fmt="a5", strict=False):
    design, _ = parse_design(None)
    opts = Options(date=dt.date(2026, 12, 10), strict=strict, card_maker=card_maker(fmt, design, None, fb=book()), card_format=fmt, fb=book())
    return check_roster(parse(text, "roster.csv"), library, opts)


def where(checked, warnings=False):
    return [(p.row, p.column) for p in (checked.warnings if warnings else checked.errors)]


def test_good_rows_become_items_sharing_one_composed_text(library):
    checked = check("name,message,case,to,group\nAnn,Hi,luis-manuel,authorities,7B\nBob,Hello,luis-manuel,authorities,7B\nCat,Hey,luis-manuel,individual,7C\n", library)
    assert checked.errors == []
    a, b, c = checked.items
    assert (a.row, a.kind, a.group) == (2, "letter", "7B") and c.kind == "card"
    assert a.letter.texts is b.letter.texts  # composed once for the case
    assert a.letter.sender.name == "Ann" and a.letter.personal == ("Hi",)


def test_each_bad_row_is_listed_with_its_column(library):
    long_letter = "x" * 10_001
    checked = check(
        "name,message,case,to,lang\n"
        "Ann,Hi,sascha,authorities,\n"  # 2: unknown case
        ",Hi,luis-manuel,authorities,\n"  # 3: no name
        "Cat,Hi,luis-manuel,parcel,\n"  # 4: bad to
        f"Dan,{long_letter},luis-manuel,authorities,\n"  # 5: message too long
        "Eve,Hi,luis-manuel,authorities,xx\n"  # 6: no such language
        "Fay,Hi,luis-manuel,authorities,\n",  # 7: fine
        library,
    )
    assert where(checked) == [(2, "case"), (3, "name"), (4, "to"), (5, "message"), (6, "lang")]
    assert [i.row for i in checked.items] == [7]
    msgs = {p.row: p.message for p in checked.errors}
    assert "did you mean" in msgs[2] and "sasha" in msgs[2]
    assert msgs[4] == "'parcel': write letter (an appeal to the authorities) or card (a solidarity card for the person)"
    assert "10001 characters" in msgs[5]


def test_card_message_too_long_for_the_format(library):
    text = "name,message,case,to\nAnn," + "We think of you every day. " * 70 + ",luis-manuel,individual\n"
    assert where(check(text, library, fmt="a5")) == []
    checked = check(text, library, fmt="a6-4up")
    assert where(checked) == [(2, "message")]
    assert "does not fit the a6-4up message panel" in checked.errors[0].message


def test_card_rule_hits_are_warnings_and_strict_makes_them_errors(library):
    text = "name,message,case,to\nAnn,Greetings from Amnesty International!,luis-manuel,individual\nBob,Stay strong,luis-manuel,individual\n"
    checked = check(text, library)
    assert where(checked) == [] and (2, "message") in where(checked, warnings=True)
    assert len(checked.items) == 2
    strict = check(text, library, strict=True)
    assert (2, "message") in where(strict) and all(p.promoted for p in strict.errors)
    assert [i.row for i in strict.items] == [3]


def test_closed_case_is_a_warning_for_a_card_and_no_letter(library):
    checked = check("name,message,case,to\nAnn,Hi,sasha,card\nBob,Hi,sasha,letter\n", library)
    assert where(checked, warnings=True) == [(2, "case")] and [i.row for i in checked.items] == [2]
    (p,) = checked.errors
    assert (p.row, p.field, p.code) == (3, "case", "no-appeal")
    assert "no appeal letter is written" in p.message and "--" not in p.message


def test_characters_no_font_has_are_a_warning(library):
    checked = check("name,message,case,to\nAnn \U00013000\U000E0041,Hi,luis-manuel,authorities\n", library)
    assert any("no bundled font has" in p.message for p in checked.warnings)
