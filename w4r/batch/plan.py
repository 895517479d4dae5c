"""The order a batch prints in, and what to buy for it.

Letters and cards are grouped by case (in the order the cases first appear in
the roster), letters before cards within a case, rows in roster order within a
group: the stack that comes out of the printer is the stack that gets sorted
into envelopes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from w4r.batch.validate import Item


@dataclass
class Group:
    case_id: str
    to: str  # authorities | individual
    items: list[Item] = field(default_factory=list)

    @property
    def kind(self) -> str:
        return "letter" if self.to == "authorities" else "card"


def plan(items: list[Item]) -> list[Group]:
    cases: list[str] = []
    groups: dict[tuple[str, str], Group] = {}
    for item in items:
        if item.case_id not in cases:
            cases.append(item.case_id)
        groups.setdefault((item.case_id, item.to), Group(item.case_id, item.to)).items.append(item)
    return [groups[(c, to)] for c in cases for to in ("authorities", "individual") if (c, to) in groups]


def summarise(groups: list[Group]) -> dict:
    """Letters and cards per case, and envelopes to buy.

    One envelope per letter (each goes to an official on its own); one large
    envelope per case for the cards, since all cards for one person travel
    together to the Amnesty section that forwards them.
    """
    cases: dict[str, dict[str, int]] = {}
    for grp in groups:
        entry = cases.setdefault(grp.case_id, {"letters": 0, "cards": 0, "envelopes": 0})
        if grp.to == "authorities":
            entry["letters"] += len(grp.items)
            entry["envelopes"] += len(grp.items)
        else:
            entry["cards"] += len(grp.items)
            entry["envelopes"] += 1
    return {
        "cases": cases,
        "letters": sum(c["letters"] for c in cases.values()),
        "cards": sum(c["cards"] for c in cases.values()),
        "envelopes": sum(c["envelopes"] for c in cases.values()),
    }
