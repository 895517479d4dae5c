"""Print order and the shopping list: grouped by case, letters before cards; envelopes per letter and per case."""

from __future__ import annotations

from w4r.batch.plan import plan, summarise
from w4r.batch.validate import Item


def item(row, case, to):
    return Item(row=row, case_id=case, to=to, name=f"P{row}", group="")


def test_grouped_by_case_in_roster_order_letters_first():
    items = [item(2, "luis-manuel", "individual"), item(3, "sasha", "authorities"), item(4, "luis-manuel", "authorities"),
             item(5, "sasha", "authorities"), item(6, "luis-manuel", "individual")]
    groups = plan(items)
    assert [(g.case_id, g.to, [i.row for i in g.items]) for g in groups] == [
        ("luis-manuel", "authorities", [4]),
        ("luis-manuel", "individual", [2, 6]),
        ("sasha", "authorities", [3, 5]),
    ]


def test_envelopes_one_per_letter_and_one_per_case_with_cards():
    items = [item(2, "luis-manuel", "individual"), item(3, "luis-manuel", "individual"), item(4, "luis-manuel", "authorities"),
             item(5, "sasha", "authorities"), item(6, "sasha", "authorities"), item(7, "manahel", "individual")]
    s = summarise(plan(items))
    assert s["cases"] == {
        "luis-manuel": {"letters": 1, "cards": 2, "envelopes": 2},
        "sasha": {"letters": 2, "cards": 0, "envelopes": 2},
        "manahel": {"letters": 0, "cards": 1, "envelopes": 1},
    }
    assert (s["letters"], s["cards"], s["envelopes"]) == (3, 3, 5)
