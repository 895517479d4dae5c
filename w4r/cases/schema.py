"""The validated case model: what a case file may say, and nothing else.

Field names are the YAML keys.  Every model forbids unknown keys, so a typo such
as ``salutaton`` is reported instead of silently ignored.
"""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import urlsplit
from enum import Enum
from typing import Literal

from typing import Annotated

from w4r.cases.ids import CASE_ID  # noqa: F401 - re-exported: the schema's id rule

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator, model_validator

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_YEAR = re.compile(r"^\d{4}$")


def _date_as_written(v: object) -> object:
    # Pydantic would read "0" or "86400" as seconds since 1970: a case file's
    # dates are always written YYYY-MM-DD, and anything else is a mistake.
    if isinstance(v, str) and not _ISO_DATE.match(v):
        raise ValueError(f"expected a date written YYYY-MM-DD, got {v!r}")
    return v


def _year_as_written(v: object) -> object:
    if isinstance(v, str) and not _YEAR.match(v):
        raise ValueError(f"expected a four-digit year such as 2024, got {v!r}")
    return v


Date = Annotated[dt.date, BeforeValidator(_date_as_written)]
Year = Annotated[int, BeforeValidator(_year_as_written)]

LANG_CODE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$")
_EMAIL = re.compile(r'^[^\s@,;:<>()\[\]\\"]+@[^\s@,;:<>()\[\]\\"]+\.[^\s@,;:<>()\[\]\\".]+$')

# Lengths that fit where the text is printed: a name on a card front or in a
# subject line, a title in an envelope window, a paragraph on a letter.  A case
# file beyond them is a mistake (or an attack), reported here with the field's
# name, before any template or layout sees it.
NAME = 100  # names: "Chow Hang-tung", "Aleksandra (Sasha) Skochilenko"
FIRST_NAME = 50
LINE = 200  # one printed line: a title, an organisation, a salutation, a recipient
COUNTRY = 60
PARAGRAPH = 2_000  # summary, appeal_facts, one ask, one timeline event, a note
STORY = 20_000
URL = 2_000

Name = Annotated[str, Field(min_length=1, max_length=NAME)]
Line = Annotated[str, Field(min_length=1, max_length=LINE)]
Paragraph = Annotated[str, Field(min_length=1, max_length=PARAGRAPH)]
ASK = 500  # one thing the letter asks for, in a sentence
MAX_ASKS = 10  # with the facts, the letter's body stays within the template output cap
Ask = Annotated[str, Field(min_length=1, max_length=ASK)]


def _web_address(v: str | None) -> str | None:
    """Only an https (or http) address becomes a link or a QR code: never javascript:, file: or data:."""
    if v is None:
        return v
    parts = urlsplit(v)
    if parts.scheme.lower() not in ("https", "http") or not parts.netloc or any(ch.isspace() for ch in v):
        raise ValueError("must be a web address starting with https:// (or http://)")
    return v


WebAddress = Annotated[str, Field(max_length=URL), BeforeValidator(lambda v: v.strip() if isinstance(v, str) else v)]


class Status(str, Enum):
    """Where a case stands; the last timeline event gives the current one."""

    detained = "detained"
    imprisoned = "imprisoned"
    house_arrest = "house-arrest"
    on_trial = "on-trial"
    sentenced = "sentenced"
    death_sentence = "death-sentence"
    at_risk = "at-risk"
    re_detained = "re-detained"
    released = "released"
    freed = "freed"
    acquitted = "acquitted"
    pardoned = "pardoned"
    sentence_quashed = "sentence-quashed"
    granted_visa = "granted-visa"
    action_closed = "action-closed"

    @property
    def closed(self) -> bool:
        return self in CLOSED_STATUSES

    @property
    def free(self) -> bool:
        """The person is out of custody and cleared or freed: an appeal for release is out of date."""
        return self in FREE_STATUSES

    @property
    def no_appeal(self) -> bool:
        """No appeal letter is sent unless the case names an ask for this status."""
        return self in NO_APPEAL_STATUSES

    @property
    def congratulate(self) -> bool:
        """Cards celebrate: the person is free (or out of danger, as with a visa)."""
        return self in FREE_STATUSES or self is Status.granted_visa

    @property
    def label(self) -> str:
        return self.value.replace("-", " ")


CLOSED_STATUSES = frozenset(
    {
        Status.released,
        Status.freed,
        Status.acquitted,
        Status.pardoned,
        Status.granted_visa,
        Status.action_closed,
    }
)


FREE_STATUSES = frozenset({Status.released, Status.freed, Status.acquitted, Status.pardoned})
# Amnesty asks for nothing more once an action is closed, whatever the outcome.
NO_APPEAL_STATUSES = FREE_STATUSES | {Status.action_closed}


class _Strict(BaseModel):
    # defer_build: the validators are built when a case is first checked, not when this
    # module loads; a case from the cache (w4r.cases.cache) never needs them.
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True, defer_build=True)


def _lang(v: str) -> str:
    if not LANG_CODE.match(v):
        raise ValueError(f"{v!r} is not a language code such as en, ru, zh-Hant or ar")
    return v


class TimelineEvent(_Strict):
    date: Date
    event: Paragraph
    status: Status | None = None
    source: Line | None = None


class Source(_Strict):
    title: Annotated[str, Field(min_length=1, max_length=500)]
    url: WebAddress | None = None
    accessed: Date | None = None

    @field_validator("url")
    @classmethod
    def _check_url(cls, v: str | None) -> str | None:
        return _web_address(v)


class Target(_Strict):
    """An official (or company) the appeal letter goes to."""

    title: Line
    name: Name | None = None
    organisation: Line | None = None
    address: list[Line] = Field(min_length=1, max_length=6)
    country: Annotated[str, Field(min_length=2, max_length=COUNTRY)]
    salutation: Line
    languages: list[str] = Field(default_factory=lambda: ["en"], min_length=1)
    email: Annotated[str, Field(max_length=LINE)] | None = None
    years: list[Year] = Field(default_factory=list)
    # False: the address is commonly published but no source for it was found.
    verified: bool = True
    # The day someone last checked the official and the address against a
    # source; None: never.  Letters warn when it is older than a year.
    verified_on: Date | None = None
    note: Paragraph | None = None

    @field_validator("languages")
    @classmethod
    def _check_langs(cls, v: list[str]) -> list[str]:
        return [_lang(x) for x in v]

    @field_validator("email")
    @classmethod
    def _check_email(cls, v: str | None) -> str | None:
        if v is None:
            return v
        # One plain address, as the email writer needs it: no list ("a,b@c.de"), no
        # display name ("Ann <a@b.de>"), no quoted local part.
        if not _EMAIL.match(v):
            raise ValueError(f"{v!r} is not one email address such as name@example.org")
        from email.headerregistry import Address

        try:
            Address(addr_spec=v)
        except (ValueError, IndexError, TypeError):
            raise ValueError(f"{v!r} is not one email address such as name@example.org") from None
        return v

    @property
    def label(self) -> str:
        return f"{self.title}, {self.name}" if self.name else self.title


class Greeting(_Strict):
    lang: str
    text: Line
    english: Line | None = None  # what the greeting means, for the sender

    @field_validator("lang")
    @classmethod
    def _check_lang(cls, v: str) -> str:
        return _lang(v)


class CardRules(_Strict):
    """How solidarity cards for this case must be written.

    ``checks`` names rule sets from templates/rules/card-rules.yaml (amnesty,
    charges, trial, politics, religion, holidays); ``extra_terms`` adds words
    specific to this case to a rule, e.g. ``charges: [subversion]``.
    """

    mention_amnesty: bool = False
    sender_identity: Literal["first-name", "full-name", "full-name-and-town"] = "first-name"
    checks: list[str] = Field(
        default_factory=lambda: ["amnesty", "charges", "trial", "politics", "religion", "holidays"]
    )
    extra_terms: dict[str, list[str]] = Field(default_factory=dict)
    languages: list[str] = Field(default_factory=lambda: ["en"])
    notes: list[Paragraph] = Field(default_factory=list)

    @field_validator("languages")
    @classmethod
    def _check_langs(cls, v: list[str]) -> list[str]:
        return [_lang(x) for x in v]


class Solidarity(_Strict):
    """Where messages of solidarity go, and how they are written."""

    recipient: Line
    care_of: Line | None = None
    address: list[Line] = Field(default_factory=list, max_length=6)
    country: Annotated[str, Field(max_length=COUNTRY)] | None = None
    greetings: list[Greeting] = Field(default_factory=list)
    # For when the person is free: cards then use these, never the greetings above.
    congratulations: list[Greeting] = Field(default_factory=list)
    rules: CardRules = Field(default_factory=CardRules)
    verified: bool = True
    note: str | None = None

    @property
    def has_address(self) -> bool:
        return bool(self.address)


class StatusAsk(_Strict):
    """What the appeal asks once the case reaches ``status`` (e.g. released, but
    the charges stand): instead of refusing the letter, w4r asks this."""

    status: Status
    ask: list[Ask] = Field(min_length=1, max_length=MAX_ASKS)
    # The facts for this stage, replacing appeal_facts (write them with dates).
    facts: Paragraph | None = None


class Case(_Strict):
    id: str
    name: Name
    known_as: Name | None = None
    first_name: Annotated[str, Field(min_length=1, max_length=FIRST_NAME)]
    name_native: Name | None = None
    native_lang: str | None = None
    pronoun: Literal["she", "he", "they"] = "they"
    country: Annotated[str, Field(min_length=2, max_length=COUNTRY)]
    campaign_years: list[Year] = Field(min_length=1)
    summary: Paragraph
    story: Annotated[str, Field(min_length=1, max_length=STORY)]
    # One to three sentences of fact addressed to the official, in plain and
    # respectful English; the letter template builds on it.  Translations live in
    # templates/letters/cases/<id>.<lang>.yaml.
    appeal_facts: Paragraph | None = None
    timeline: list[TimelineEvent] = Field(min_length=1)
    # What the letter asks; a card-only case (no targets) may leave it out.
    ask: list[Ask] = Field(default_factory=list, max_length=MAX_ASKS)
    status_asks: list[StatusAsk] = Field(default_factory=list)
    # Empty only for a card-only case, which says why in card_only.
    targets: list[Target] = Field(default_factory=list)
    card_only: Paragraph | None = None
    solidarity: Solidarity | None = None
    action_url: WebAddress | None = None
    sources: list[Source] = Field(min_length=1)
    # The day someone checked the case's facts against its sources; None: not yet.
    last_verified: Date | None = None
    unverified: list[Paragraph] = Field(default_factory=list)

    @field_validator("action_url")
    @classmethod
    def _check_action_url(cls, v: str | None) -> str | None:
        return _web_address(v)

    @field_validator("id")
    @classmethod
    def _check_id(cls, v: str) -> str:
        if not CASE_ID.match(v):
            raise ValueError("id must be lowercase letters, digits and dashes, e.g. sasha or chow-hang-tung")
        return v

    @field_validator("native_lang")
    @classmethod
    def _check_native_lang(cls, v: str | None) -> str | None:
        return None if v is None else _lang(v)

    @field_validator("campaign_years")
    @classmethod
    def _check_years(cls, v: list[int]) -> list[int]:
        for year in v:
            if not 2001 <= year <= 2100:
                raise ValueError(f"{year} is not a Write for Rights year (2001 or later)")
        return v

    @model_validator(mode="after")
    def _timeline_in_order(self) -> Case:
        dates = [e.date for e in self.timeline]
        if dates != sorted(dates):
            raise ValueError("timeline events must be in date order, oldest first")
        if not any(e.status for e in self.timeline):
            raise ValueError("at least one timeline event needs a status")
        if not self.targets and not self.card_only:
            raise ValueError("a case needs at least one target, or card_only: saying why it has none")
        if self.targets and self.card_only:
            raise ValueError("card_only is for a case without targets; remove it or the targets")
        if self.targets and not self.ask:
            raise ValueError("ask: a case with targets needs at least one ask")
        if self.card_only and self.solidarity is None:
            raise ValueError("a card-only case needs a solidarity section")
        statuses = [a.status for a in self.status_asks]
        if len(statuses) != len(set(statuses)):
            raise ValueError("status_asks: give each status once")
        return self

    # Derived views -----------------------------------------------------

    @property
    def current(self) -> TimelineEvent:
        """The latest event that sets a status: the case's current status."""
        return [e for e in self.timeline if e.status][-1]

    @property
    def status(self) -> Status:
        return self.current.status  # type: ignore[return-value]

    @property
    def closed(self) -> bool:
        return self.status.closed

    @property
    def latest_year(self) -> int:
        return max(self.campaign_years)

    @property
    def display_name(self) -> str:
        return f"{self.name} ({self.name_native})" if self.name_native else self.name

    def status_ask(self, status: Status | None = None) -> StatusAsk | None:
        """The ask the case gives for ``status`` (default: its current one), if any."""
        status = status or self.status
        return next((a for a in self.status_asks if a.status == status), None)

    def target(self, number: int) -> Target:
        """The 1-based ``--target`` choice."""
        return self.targets[number - 1]
