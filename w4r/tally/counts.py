"""What a tally entry holds: the kinds of action, an entry, a case's totals, and the checks on them.

Counts, dates, case ids and event names only: never a name, an address or a message.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Mapping

from w4r.cases.ids import CASE_ID
from w4r.errors import InputError


KINDS = ("letters", "cards", "emails", "signatures")
SINGULAR = {"letters": "letter", "cards": "card", "emails": "email", "signatures": "signature"}
MAX_EVENT_CHARS = 100
MAX_COUNT = 1_000_000_000  # one entry; far beyond any real count, well inside SQLite's integers

# Values ----------------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    id: int
    added: str
    case_id: str
    event: str | None
    letters: int = 0
    cards: int = 0
    emails: int = 0
    signatures: int = 0

    def counts(self) -> dict[str, int]:
        return {k: getattr(self, k) for k in KINDS}

    def describe(self) -> str:
        when = self.added.replace("T", " ").removesuffix("Z")[:16] + " UTC"
        event = f", event {self.event!r}" if self.event else ""
        return f"entry {self.id} ({when}): {self.case_id}, {describe_counts(self.counts())}{event}"

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class CaseTotal:
    case_id: str
    letters: int = 0
    cards: int = 0
    emails: int = 0
    signatures: int = 0

    @property
    def total(self) -> int:
        return self.letters + self.cards + self.emails + self.signatures

    def counts(self) -> dict[str, int]:
        return {k: getattr(self, k) for k in KINDS}

    def as_dict(self) -> dict:
        return {"case": self.case_id, **self.counts(), "total": self.total}


def describe_counts(counts: Mapping[str, int]) -> str:
    parts = [f"{n} {SINGULAR[k] if n == 1 else k}" for k, n in counts.items() if n]
    return ", ".join(parts) or "nothing"


# Validation --------------------------------------------------------------------


def check_counts(**counts: int) -> dict[str, int]:
    """The counts as a full dict, or an InputError naming the option that is wrong."""
    checked = {}
    for kind in KINDS:
        n = counts.get(kind, 0) or 0
        if isinstance(n, bool) or not isinstance(n, int):
            raise InputError(f"{kind} must be a whole number, 0 or more; got {n!r}", code="bad-count", field=kind, params={"value": repr(n)})
        if n < 0:
            raise InputError(f"{kind} must be a whole number, 0 or more; got {n}", code="bad-count", field=kind, params={"value": str(n)})
        if n > MAX_COUNT:
            raise InputError(f"{kind} {n} is more than one entry can hold ({MAX_COUNT}); check the number", code="count-too-big", field=kind,
                             params={"value": n, "most": MAX_COUNT})
        checked[kind] = n
    unknown = set(counts) - set(KINDS)
    if unknown:
        raise InputError(f"unknown kind of action {sorted(unknown)[0]!r}; count {', '.join(KINDS)}")
    if not any(checked.values()):
        raise InputError(f"nothing to add: give {', '.join(KINDS[:-1])} or {KINDS[-1]} with a number above 0", code="nothing-to-count",
                         params={"kinds": tuple(KINDS)})
    return checked


def clean_event(event: str | None) -> str | None:
    if event is None:
        return None
    name = " ".join(event.split())
    if not name:
        raise InputError("the event name is empty; leave it out or give a name", code="empty-event", field="event")
    if len(name) > MAX_EVENT_CHARS:
        raise InputError(f"the event name is {len(name)} characters long; at most {MAX_EVENT_CHARS}")
    if any(ord(ch) < 32 or 0x7F <= ord(ch) < 0xA0 for ch in name):
        raise InputError("the event name contains control characters; type it as plain text")
    return name


def check_case_id(case_id: str) -> str:
    key = case_id.strip().lower()
    if not CASE_ID.match(key):
        raise InputError(f"{case_id!r} is not a case id such as sasha or chow-hang-tung (see 'w4r cases')")
    return key


def grand_total(totals: list[CaseTotal]) -> CaseTotal:
    return CaseTotal("all", *(sum(getattr(t, k) for t in totals) for k in KINDS))
