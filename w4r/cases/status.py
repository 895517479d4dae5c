"""What a case's status lets w4r write today, and how fresh its officials are.

A case file records what happened; these rules turn the latest status into a
decision every face (the letter command, batches, event packs, the web room)
shares:

- the appeal: a normal appeal, the ask the case gives for its current status
  (``status_asks``), or no appeal at all (the person is free, or the action is
  closed);
- the card: solidarity greetings, or congratulations when the person is free;
- an official whose entry was checked more than a year before the letter's
  date, or never, gets a warning naming the office and the date.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from w4r.cases.schema import Case, Status, Target
from w4r.errors import CaseClosedError, ExitCode  # noqa: F401 - ExitCode for callers' reference

STALE_AFTER_MONTHS = 12

AppealKind = Literal["appeal", "status-ask", "no-appeal", "card-only"]
CardKind = Literal["solidarity", "congratulations"]


@dataclass(frozen=True)
class AppealRule:
    """Which appeal a case gets today, and why."""

    kind: AppealKind
    status: Status
    since: dt.date
    event: str
    ask: tuple[str, ...] = ()
    facts: str | None = None

    @property
    def label(self) -> str:
        """A short name of the rule, for batch rows, pack plans and JSON."""
        if self.kind == "status-ask":
            return f"ask for {self.status.label} status"
        if self.kind == "no-appeal":
            return f"no appeal: {self.status.label} since {self.since.isoformat()}"
        if self.kind == "card-only":
            return "card only: no official to write to"
        return "appeal"

    @property
    def writes_letter(self) -> bool:
        return self.kind in ("appeal", "status-ask")


def appeal_rule(case: Case) -> AppealRule:
    current = case.current
    status = case.status
    if not case.targets:
        return AppealRule("card-only", status, current.date, current.event)
    if status.no_appeal:
        given = case.status_ask(status)
        if given is None:
            return AppealRule("no-appeal", status, current.date, current.event)
        return AppealRule("status-ask", status, current.date, current.event, tuple(given.ask), given.facts)
    return AppealRule("appeal", status, current.date, current.event, tuple(case.ask), case.appeal_facts)


def refusal(case: Case, rule: AppealRule) -> CaseClosedError:
    """The error for a letter the case's status rules out (``--force`` makes it anyway)."""
    return CaseClosedError(
        case_id=case.id,
        name=case.name,
        pronoun=case.pronoun,
        status=rule.status.value,
        since=rule.since,
        event=rule.event,
        card_only=case.card_only if rule.kind == "card-only" else None,
        has_card=case.solidarity is not None,
    )


def require_appeal(case: Case) -> AppealRule:
    """The rule, or CaseClosedError when the case gets no appeal letter today."""
    rule = appeal_rule(case)
    if not rule.writes_letter:
        raise refusal(case, rule)
    return rule


def card_kind(case: Case) -> CardKind:
    return "congratulations" if case.status.congratulate else "solidarity"


def card_rule_label(case: Case) -> str:
    return "congratulations card" if card_kind(case) == "congratulations" else "solidarity card"


# Officials ---------------------------------------------------------------


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` earlier (the month's last day when it has fewer days)."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    month += 1
    for d in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, d)
        except ValueError:
            continue
    raise AssertionError("unreachable")  # pragma: no cover


@dataclass(frozen=True)
class StaleOfficial:
    """A warning as data: the office, when it was last checked (None: never), and the letter's date."""

    office: str
    verified_on: dt.date | None
    letter_date: dt.date
    code: str = "official-unchecked"

    def describe(self) -> str:
        if self.verified_on is None:
            return (
                f"{self.office}: the official and address have never been checked against a source; "
                f"check them with your Amnesty section before posting"
            )
        return (
            f"{self.office}: the official and address were last checked on {self.verified_on.isoformat()}, "
            f"more than {STALE_AFTER_MONTHS} months before {self.letter_date.isoformat()}; "
            f"check them with your Amnesty section before posting"
        )

    def __str__(self) -> str:
        return self.describe()


def stale_official(target: Target, on: dt.date) -> StaleOfficial | None:
    """A warning when ``target`` was checked more than a year before ``on``, or never."""
    if target.verified_on is not None and target.verified_on >= months_before(on, STALE_AFTER_MONTHS):
        return None
    code = "official-unchecked" if target.verified_on is None else "official-stale"
    return StaleOfficial(target.title, target.verified_on, on, code)
