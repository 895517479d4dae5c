"""What installing a pack would change, as data: new cases, status changes, new officials and addresses.

``w4r cases install`` and ``update`` print these before they install, so a
coordinator's correction ("Sasha is free", "a new Prosecutor General") is
seen, not slipped in.
"""

from __future__ import annotations

from dataclasses import dataclass

from w4r.cases.schema import Case, Target


@dataclass(frozen=True)
class Change:
    kind: str  # new-case | status | new-official | official-changed | address | removed-case | wins | loses
    case_id: str
    detail: str

    def describe(self) -> str:
        return f"{self.case_id}: {self.detail}"


def _target_key(t: Target) -> str:
    return " ".join(t.title.lower().split())


def _compare_targets(case_id: str, old: list[Target], new: list[Target]) -> list[Change]:
    changes: list[Change] = []
    before = {_target_key(t): t for t in old}
    for t in new:
        was = before.get(_target_key(t))
        if was is None:
            changes.append(Change("new-official", case_id, f"new official to write to: {t.label}"))
            continue
        if (was.name or "") != (t.name or ""):
            changes.append(Change("official-changed", case_id, f"{t.title}: {was.name or '(no name)'} -> {t.name or '(no name)'}"))
        if list(was.address) != list(t.address) or was.country != t.country:
            changes.append(Change("address", case_id, f"new address for {t.title}: {', '.join([*t.address, t.country])}"))
    return changes


def compare(old: Case | None, new: Case) -> list[Change]:
    if old is None:
        return [Change("new-case", new.id, f"new case: {new.name}, {new.country} ({new.status.label} since {new.current.date.isoformat()})")]
    changes: list[Change] = []
    if old.status != new.status or old.current.date != new.current.date:
        changes.append(
            Change(
                "status",
                new.id,
                f"status {new.status.label} since {new.current.date.isoformat()} ({new.current.event}); was {old.status.label} since {old.current.date.isoformat()}",
            )
        )
    changes += _compare_targets(new.id, list(old.targets), list(new.targets))
    return changes


def precedence_notes(case_id: str, new_pack: str, new_year: int, other_pack: str, other_year: int, new_wins: bool) -> Change:
    if new_wins:
        return Change("wins", case_id, f"this pack's version ({new_year}) replaces the one from pack {other_pack} ({other_year}): newer campaign year")
    return Change("loses", case_id, f"pack {other_pack} ({other_year}) has a newer version of this case, which stays in use")
