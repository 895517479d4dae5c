"""The order a batch prints in, and what to buy and post for it.

Rows are stacked the way a teacher hands them out: by class (the ``group``
column, in the order the classes first appear), then by case (in the order the
cases first appear in that class), letters before cards within a case, rows in
roster order within that.  Without a ``group`` column everything is one stack,
by case.  The stack that comes out of the printer is the stack that gets sorted
into envelopes.

Envelopes: one per letter (each goes to an official on its own); one large
envelope per case for its cards, since all cards for one person travel
together, but only where the case gives a postal address for them: cards for
the other cases are handed in to the Amnesty section, which forwards them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from w4r.batch.validate import Item


@dataclass
class Group:
    case_id: str
    to: str  # authorities | individual
    items: list[Item] = field(default_factory=list)
    label: str = ""  # the class (group column) this part of the stack belongs to

    @property
    def kind(self) -> str:
        return "letter" if self.to == "authorities" else "card"


def plan(items: list[Item], *, by_class: bool = False) -> list[Group]:
    """Groups in print order; ``by_class`` stacks each class's rows together first."""
    classes = list(dict.fromkeys(it.group for it in items)) if by_class else [None]
    groups: list[Group] = []
    for cls in classes:
        mine = [it for it in items if cls is None or it.group == cls]
        cases = list(dict.fromkeys(it.case_id for it in mine))
        for case_id in cases:
            for to in ("authorities", "individual"):
                part = [it for it in mine if it.case_id == case_id and it.to == to]
                if part:
                    groups.append(Group(case_id, to, part, cls or ""))
    return groups


@dataclass
class CaseSummary:
    """What one case's pile holds and where it goes."""

    case_id: str
    name: str = ""  # the person's name, for slips
    letters: int = 0
    cards: int = 0
    letter_address: tuple[str, ...] = ()  # the official's, as on the envelope
    card_address: tuple[str, ...] = ()  # empty: no postal address for cards
    card_note: str | None = None  # the case file's word on where cards go

    @property
    def envelopes(self) -> int:
        return self.letters + (1 if self.cards and self.card_address else 0)

    @property
    def hand_in(self) -> bool:
        """Cards with nowhere to post them: they go to the section."""
        return bool(self.cards) and not self.card_address

    def as_dict(self) -> dict:
        return {"letters": self.letters, "cards": self.cards, "envelopes": self.envelopes}


def summarise_cases(groups: list[Group], cases: dict | None = None) -> dict[str, CaseSummary]:
    """Per case, in print order: counts and postal addresses (``cases``: id -> Case; without it, addresses are unknown)."""
    out: dict[str, CaseSummary] = {}
    for grp in groups:
        entry = out.get(grp.case_id)
        if entry is None:
            entry = out[grp.case_id] = case_summary(grp.case_id, (cases or {}).get(grp.case_id))
        if grp.to == "authorities":
            entry.letters += len(grp.items)
        else:
            entry.cards += len(grp.items)
    return out


def case_summary(case_id: str, case) -> CaseSummary:
    if case is None:
        return CaseSummary(case_id, case_id, card_address=("?",))
    from w4r.compose.envelope import upu_lines

    letter_address: tuple[str, ...] = ()
    if case.targets:
        target = case.target(1)
        letter_address = upu_lines([target.name, target.title, target.organisation], target.address, target.country)
    card_address: tuple[str, ...] = ()
    note = None
    sol = case.solidarity
    if sol is not None:
        note = sol.note
        if sol.has_address:
            care_of = f"c/o {sol.care_of}" if sol.care_of else None
            card_address = upu_lines([sol.recipient, care_of], sol.address, sol.country or case.country)
    return CaseSummary(case_id, case.name, letter_address=letter_address, card_address=card_address, card_note=note)


def summarise(groups: list[Group], cases: dict | None = None) -> dict:
    """Letters, cards and envelopes per case and in all (the shape ``w4r batch --json`` prints)."""
    per_case = summarise_cases(groups, cases)
    return {
        "cases": {cid: c.as_dict() for cid, c in per_case.items()},
        "letters": sum(c.letters for c in per_case.values()),
        "cards": sum(c.cards for c in per_case.values()),
        "envelopes": sum(c.envelopes for c in per_case.values()),
    }
