"""What a job is asked to do (options) and what it did (results): plain values, no printing.

Options are frozen dataclasses of plain values (strings, numbers, paths,
dates), so a front end builds them from its own inputs: the command line from
its arguments and the user's config file, the writing room from a form.
Nothing here reads the config file or the environment; ``cases_dir`` and
``templates`` left as None mean the defaults of ``w4r.paths``.

Results hold what was made (the bytes, and the path when a file was written),
the counts, and every warning and note as a ``Notice`` (its English words, a
stable ``code`` and the facts in ``params``); a front end words them its own
way.  Errors are raised as ``w4r.errors.W4RError`` with a ``code``, ``field``,
``hint`` and ``params``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Sequence, Union

if TYPE_CHECKING:
    from w4r.compose.notices import Notice

PathLike = Union[str, Path]
# progress(stage, done, total): the stages of one letter are composing, rendering, writing.
ProgressFn = Callable[[str, int, int], None]


@dataclass(frozen=True)
class LetterOptions:
    """One appeal letter (``to="authorities"``) or one solidarity card (``to="individual"``)."""

    case: str
    to: str = "authorities"
    output: PathLike | None = None  # the file to write; None: nothing is written, the bytes are in the result ...
    output_dir: PathLike | None = None  # ... unless this folder is given: the file gets its default name in it
    sender_name: str | None = None
    address: str | Sequence[str] | None = None  # lines, or one string with lines split by newlines or "|"
    message: str | None = None  # the writer's own paragraph (on a card: the message inside)
    target: int = 1  # which official, when a case has several
    paper: str = "a4"
    lang: str | None = None  # a demand: the official must read it (cards: the greeting's language)
    preferred_lang: str | None = None  # a preference (a config file's): an official who does not read it gets their own
    bilingual: bool = False  # the letter in ``lang``, then in English
    date: dt.date | str | None = None  # printed on the letter; default today
    format: str | None = None  # letters: pdf, email, eml, txt; cards: a card format (default from the paper)
    design: str | None = None  # the card front
    outline: bool = False  # the card front as outlines to colour in
    strict: bool = False  # any warning stops the job (StrictWarningsError) before anything is written
    force: bool = False  # overwrite ``output`` if it exists
    for_the_record: bool = False  # make the old appeal of a closed case anyway, marked as not to post
    count: bool = False  # add what was made to the tally
    event: str | None = None  # the tally event to count it under
    cases_dir: PathLike | None = None
    templates: PathLike | None = None


CardOptions = LetterOptions  # card(options) is letter(options) with to="individual"


@dataclass(frozen=True)
class EnvelopeOptions:
    """An envelope (page size = envelope size) for a case's letter or its cards."""

    case: str
    to: str = "authorities"
    output: PathLike | None = None  # as for LetterOptions
    output_dir: PathLike | None = None
    size: str | None = None  # an envelope size; default the paper's (DL for A4, #10 for US Letter)
    paper: str = "a4"
    target: int = 1
    cards: int | None = None  # how many cards it holds, printed on it (to="individual")
    sender_name: str | None = None
    address: str | Sequence[str] | None = None
    date: dt.date | str | None = None  # the day it is posted, for the check of how recently the official was verified
    strict: bool = False
    force: bool = False
    for_the_record: bool = False
    cases_dir: PathLike | None = None


@dataclass(frozen=True)
class PackOptions:
    """An event pack: briefings, letters, cards and envelopes per case; poster, tally sheet and index."""

    output: PathLike  # a folder, or a .zip file
    cases: tuple[str, ...] = ()  # default: every open case
    include_closed: bool = False
    zipped: bool = False  # write output.zip instead of a folder
    letters: int = 1
    cards: int = 1
    paper: str = "a4"
    lang: str = "en"
    card_format: str | None = None  # default: the paper's
    design: str | None = None
    event: str | None = None  # the event's name, printed on the poster, index and tally sheet
    group: str | None = None
    date: dt.date | str | None = None  # of the event and the letters; default today
    return_name: str | None = None  # the envelopes' return address (a group's)
    return_address: str | Sequence[str] | None = None
    force: bool = False
    cases_dir: PathLike | None = None
    templates: PathLike | None = None


@dataclass
class LetterResult:
    """What ``letter`` or ``card`` made."""

    case_id: str
    kind: str  # letter | card
    format: str
    data: bytes
    path: Path | None = None  # the file written, if any
    warnings: list[Notice] = field(default_factory=list)  # what to check before posting
    notes: list[Notice] = field(default_factory=list)  # what w4r chose (a language, a greeting's form)
    closed: Notice | None = None  # about a closed case: a warning, or (a card to someone free) a note
    for_the_record: bool = False  # made although the case's status rules the appeal out: not to post
    rule: str = ""  # which status rule chose the ask
    lang: str | None = None  # the letter's language (cards: the greeting's)
    how_to_print: str | None = None  # cards: how to print and fold
    counted: object | None = None  # the tally entry, with count=True
    copies: int = 1  # cards on the sheet (a 4-up postcard sheet: 4)

    @property
    def tally_kind(self) -> str:
        return "cards" if self.kind == "card" else "emails" if self.format in ("email", "eml") else "letters"

    # The shape every job's result shares: outputs, counts, warnings, problems.
    @property
    def outputs(self) -> list[Path]:
        return [self.path] if self.path is not None else []

    @property
    def counts(self) -> dict[str, int]:
        """What was made, as the tally counts it (a sheet of four postcards is four cards)."""
        return {self.tally_kind: self.copies}

    @property
    def problems(self) -> list:
        return []  # one letter has no rows: a problem is raised as a W4RError


CardResult = LetterResult


@dataclass
class EnvelopeResult:
    case_id: str
    size: str
    data: bytes
    path: Path | None = None
    warnings: list[Notice] = field(default_factory=list)
    notes: list[Notice] = field(default_factory=list)  # e.g. why the return address is shorter than given
    closed: Notice | None = None

    @property
    def outputs(self) -> list[Path]:
        return [self.path] if self.path is not None else []

    @property
    def counts(self) -> dict[str, int]:
        return {"envelopes": 1}

    @property
    def problems(self) -> list:
        return []
