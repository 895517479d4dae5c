"""IdentityMemo: one result per object (by identity) and key (by value)."""

from __future__ import annotations

from w4r.memo import IdentityMemo


def test_same_objects_and_key_make_once_equal_objects_do_not_share():
    memo: IdentityMemo[list] = IdentityMemo()
    a, b = {"x": 1}, {"x": 1}
    made = []

    def make(tag):
        made.append(tag)
        return [tag]

    first = memo.get((a,), "ltr", lambda: make("a-ltr"))
    assert memo.get((a,), "ltr", lambda: make("again")) is first
    memo.get((a,), "rtl", lambda: make("a-rtl"))
    memo.get((b,), "ltr", lambda: make("b-ltr"))  # equal, but another object
    assert made == ["a-ltr", "a-rtl", "b-ltr"] and len(memo) == 3


def test_entries_keep_their_objects_and_the_limit_starts_afresh():
    memo: IdentityMemo[int] = IdentityMemo(limit=2)
    memo.get((object(),), 0, lambda: 1)  # the object lives on in the entry: its id is not reused
    memo.get((object(),), 0, lambda: 2)
    assert len(memo) == 2
    memo.get((object(),), 0, lambda: 3)
    assert len(memo) == 1
