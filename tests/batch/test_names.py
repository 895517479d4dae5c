"""File names from roster cells: inside the folder, readable, never reserved, never colliding."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from w4r.batch.names import RESERVED, UniqueNames, row_stem, safe_stem, slug
from w4r.batch.run import split_names
from w4r.batch.validate import Item

NAME = re.compile(r"^[a-z0-9][a-z0-9.-]*\.pdf$", re.IGNORECASE)


def item(row: int, name: str, case: str = "sasha", to: str = "authorities") -> Item:
    return Item(row=row, case_id=case, to=to, name=name, group="")


def test_readable_example():
    assert split_names([item(3, "Ann Sasha")]) == ["003-ann-sasha-sasha-letter.pdf"]
    assert split_names([item(12, "Zoë Ørsted-Łukasz", to="individual")]) == ["012-zoe-orsted-lukasz-sasha-card.pdf"]


def test_ann_ann_and_ann_space_get_different_names():
    names = split_names([item(2, "Ann"), item(3, "ann"), item(4, "Ann ")])
    assert len({n.casefold() for n in names}) == 3


def test_same_stem_twice_is_made_unique_ignoring_case():
    u = UniqueNames()
    assert [u.take("Ann"), u.take("ann"), u.take("ANN")] == ["Ann.pdf", "ann-2.pdf", "ANN-3.pdf"]


def test_path_tricks_cannot_leave_the_folder(tmp_path):
    for hostile in ("../../etc/passwd", "..\\..\\windows", "/etc/shadow", "a/../../b", "C:\\x", "~root"):
        (name,) = split_names([item(5, hostile)])
        assert "/" not in name and "\\" not in name and ".." not in name and ":" not in name
        assert (tmp_path / name).resolve().parent == tmp_path.resolve()
        assert NAME.match(name), name


def test_reserved_windows_names():
    for reserved in ("CON", "nul", "Com1", "LPT9", "aux.txt"):
        stem = safe_stem(reserved)
        assert stem.split(".")[0].upper() not in RESERVED, stem
    (name,) = split_names([item(7, "CON")])
    assert name == "007-con-sasha-letter.pdf"


def test_bidi_and_zero_width_characters_are_dropped():
    evil = "Ann\u202egnp.exe\u202c\u200b\u200d\u2066"
    assert slug(evil, "writer") == "anngnp-exe"
    (name,) = split_names([item(2, evil)])
    assert name.isascii() and NAME.match(name)


def test_non_latin_names_are_transliterated_and_stay_unique():
    # Issue 16 item 17: a writer whose name is not in Latin letters is not just "writer".
    names = split_names([item(2, "李小龍"), item(3, "محمد"), item(4, "Алексей Иванов"), item(5, "😀")])
    assert names == ["002-lixiaolong-sasha-letter.pdf", "003-mhmd-sasha-letter.pdf", "004-aleksey-ivanov-sasha-letter.pdf",
                     "005-writer-sasha-letter.pdf"]


def test_length_is_limited():
    (name,) = split_names([item(2, "Bartholomew " * 30)])
    assert len(name) <= 100 + len(".pdf")
    assert row_stem(2, "x" * 500, "sasha", "letter").startswith("002-" + "x" * 40 + "-sasha")


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(max_size=60), min_size=1, max_size=8))
def test_any_cells_give_safe_distinct_names(cells):
    names = split_names([item(i + 2, c) for i, c in enumerate(cells)])
    assert len({n.casefold() for n in names}) == len(names)
    for n in names:
        assert NAME.match(n), n
        assert ".." not in n and len(n) <= 104
        assert n.split(".")[0].upper() not in RESERVED
