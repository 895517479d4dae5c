"""Compose an envelope: recipient block in UPU order, return address, air-mail mark.

UPU practice (as USPS Publication 28, the UK Post Office and Deutsche Post
restate it): lines start at the left; the names first, then the street, the
town line in capitals, and the country alone on the last line, in full and in
capitals, never an ISO code.  ``upu_lines`` builds such a block for any
recipient, so letters, cards and envelopes can share it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Literal, Sequence

from w4r.cases.schema import Case
from w4r.compose.sender import Sender
from w4r.compose.notices import Notice
from w4r.errors import InputError

To = Literal["authorities", "individual"]
_WORD = re.compile(r"[^\W\d_]{2,}")


@dataclass(frozen=True)
class Envelope:
    case_id: str
    to: To
    recipient: tuple[str, ...]  # UPU order, country last
    sender: tuple[str, ...]  # return address lines, first the name; empty: none printed
    sender_note: str | None = None  # why the return address is shorter than given, for the user
    handwritten_sender: bool = False  # no sender given: ruled lines to write one
    airmail: bool = True
    count: int | None = None  # cards inside (individual envelopes)
    unverified: tuple[str, ...] = field(default_factory=tuple)  # warnings about the address


def _has_capital_word(line: str) -> bool:
    return any(word.isupper() for word in _WORD.findall(line))


MAX_LINES = 6  # UPU practice: up to five or six lines

# Territories with a postal service of their own, and the state they belong to.  Mail goes by the
# territory's name; the state may follow on the same line ("HONG KONG, CHINA"), never on a line of its
# own under it, where a sorting office abroad reads it as the destination.
TERRITORIES = {"HONG KONG": "CHINA", "MACAO": "CHINA", "MACAU": "CHINA"}


def destination(address: Sequence[str], country: str) -> tuple[list[str], str]:
    """The street lines and the country line, with a territory and its state kept together on the last line.

    "Central, HONG KONG" / "CHINA" becomes "Central" / "HONG KONG, CHINA"; a country
    given as the territory alone ("HONG KONG") gets its state added the same way.
    """
    lines = [a.strip() for a in address if a and a.strip()]
    country_line = " ".join(country.split()).upper()
    for territory, state in TERRITORIES.items():
        if country_line == territory:
            country_line = f"{territory}, {state}"
        if country_line in (state, f"{territory}, {state}") and lines:
            last = lines[-1]
            head, sep, tail = last.rpartition(",")
            if last.upper() == territory:
                lines = lines[:-1]
                country_line = f"{territory}, {state}"
            elif sep and tail.strip().upper() == territory:
                lines[-1] = head.strip()
                country_line = f"{territory}, {state}"
    return lines, country_line


def upu_lines(names: Sequence[str | None], address: Sequence[str], country: str) -> tuple[str, ...]:
    """Names, street lines, the town line in capitals (if the case file did not already
    capitalise the town), and the country alone, in capitals, on the last line.

    More than six lines in all: the street lines above the town line are joined
    with commas, from the top, until six remain (the town and country lines,
    which sorting machines read, stay as they are).
    """
    lines = [n.strip() for n in names if n and n.strip()]
    street, country_line = destination(address, country)
    if street and street[-1].upper() == country_line:
        street = street[:-1]  # the country was typed as the last address line too
    if street and not _has_capital_word(street[-1]):
        street[-1] = street[-1].upper()
    while len(lines) + len(street) + 1 > MAX_LINES and len(street) > 2:
        street[:2] = [f"{street[0].rstrip(',')}, {street[1]}"]
    return tuple(lines + street + [country_line])


def _domestic(sender: Sender, country: str) -> bool:
    """The sender's address ends with the recipient's country: no air mail needed."""
    return bool(sender.address) and sender.address[-1].strip().upper() == country.strip().upper()


def authorities_envelope(case: Case, *, target_number: int, sender: Sender, date: dt.date | None = None, for_the_record: bool = False) -> Envelope:
    """The envelope for the appeal letter; refused like the letter when the case's status rules it out."""
    from w4r.cases.status import appeal_rule, refusal
    from w4r.compose.notices import official_notices

    rule = appeal_rule(case)
    if rule.kind == "card-only" or (not rule.writes_letter and not for_the_record):
        raise refusal(case, rule)
    if not 1 <= target_number <= len(case.targets):
        from w4r.compose.notices import no_such_target

        raise no_such_target(case)
    target = case.target(target_number)
    recipient = upu_lines([target.name, target.title, target.organisation], target.address, target.country)
    unverified = official_notices(target, date or dt.date.today())  # the same line as the letter's
    return Envelope(
        case_id=case.id,
        to="authorities",
        recipient=recipient,
        sender=tuple([p for p in [sender.name] if p] + list(sender.address)),
        handwritten_sender=sender.empty,
        airmail=not _domestic(sender, target.country),
        unverified=unverified,
    )


def individual_envelope(case: Case, *, sender: Sender, count: int | None = None) -> Envelope:
    from w4r.compose.card import solidarity_of  # here: a letter's address check loads no card rules

    solidarity = solidarity_of(case)
    if not solidarity.has_address:
        why = f" ({solidarity.note})" if solidarity.note else ""
        raise InputError(
            f"case {case.id} has no postal address for solidarity cards{why}; "
            f"send the cards through your Amnesty section, or add solidarity.address to the case file if your section gives you one"
        )
    care_of = f"c/o {solidarity.care_of}" if solidarity.care_of else None
    country = solidarity.country or case.country
    recipient = upu_lines([solidarity.recipient, care_of], solidarity.address, country)
    identity = solidarity.rules.sender_identity
    # The envelope shows the sender no more than the card does (the case's card rules).
    note = None
    if sender.empty:
        lines: tuple[str, ...] = ()
    elif identity == "first-name":
        lines = ()
        note = (
            f"no return address on the envelope: the card rules of case {case.id} ask senders to give their first name only; "
            f"write your section's or group's address on the back if you want undelivered mail back"
        )
    elif identity == "full-name":
        lines = tuple(p for p in [sender.name] if p)
        if sender.address:
            note = f"only your name on the envelope: the card rules of case {case.id} do not allow your address"
    else:
        lines = tuple(p for p in [sender.name, sender.town] if p)
    unverified = () if solidarity.verified else (
        Notice(f"the solidarity address of case {case.id} is not verified; check it with your section before posting",
               "solidarity-address-unverified", case=case.id),
    )
    return Envelope(
        case_id=case.id,
        to="individual",
        recipient=recipient,
        sender=lines,
        sender_note=note,
        handwritten_sender=False,
        airmail=not _domestic(sender, country),
        count=count,
        unverified=unverified,
    )
