"""What ``w4r letter``, the card and ``w4r envelope`` would refuse for a case, found before any of them runs.

``w4r validate``, ``w4r cases pack`` and ``w4r cases install`` call this, so a
case file that reads well but cannot be printed (a seven-line address, a line
too wide for the window, a language with no salutation, a greeting too long for
the card's front) is refused while its author is still at hand.  Nothing here
restates a rule: each check runs the composer or the renderer's own fitting
code and reports what it raises.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from w4r.cases.schema import Case
from w4r.compose.sender import Sender
from w4r.errors import W4RError

if TYPE_CHECKING:  # the renderers and their fonts load only when a check runs
    from w4r.typeset.fonts import FontBook

# The smallest of each kind a user can choose: what fits there fits the larger ones.
APPEAL_ENVELOPES = ("dl", "us10")
CARD_FORMATS = ("a6-4up", "a2-4up")
CARD_ENVELOPES = ("c6", "c5")


@dataclass(frozen=True)
class Finding:
    """One thing a later command would refuse: the case, where (a field path) and the refusal."""

    case_id: str
    where: str
    message: str

    def describe(self) -> str:
        return f"{self.where}: {self.message}"


def _translations(case: Case, dirs: tuple[Path, ...]) -> set[str]:
    found = set()
    for d in dirs:
        folder = d / "letters" / "cases"
        if folder.is_dir():
            found |= {p.name[len(case.id) + 1 : -len(".yaml")] for p in folder.glob(f"{case.id}.*.yaml")}
    return found


def check_case(case: Case, templates: str | Path | None = None, *, fb: FontBook) -> list[Finding]:
    """Every refusal the case's letters, envelopes and cards would meet, in every language it offers."""
    from w4r.compose.environment import template_dirs

    findings: list[Finding] = []
    dirs = tuple(template_dirs(templates))
    translated = _translations(case, dirs)

    def attempt(where: str, run) -> object | None:
        try:
            return run()
        except W4RError as exc:
            findings.append(Finding(case.id, where, exc.message))
            return None

    for number, target in enumerate(case.targets, start=1):
        where = f"targets[{number - 1}]"
        langs = ["en"] + [lang for lang in target.languages if lang != "en" and lang in translated]
        for lang in langs:
            letter = attempt(f"{where} ({lang})", lambda lang=lang: _letter(case, number, lang, templates))
            if letter is None or lang != "en":
                continue
            from w4r.render.formats import PAPER_NAMES  # lazily, as the rest of this module

            for paper in PAPER_NAMES:
                attempt(f"{where} (window of a {paper} letter)", lambda paper=paper: _fits_window(letter, paper, fb))
        for size in APPEAL_ENVELOPES:
            attempt(f"{where} ({size} envelope)", lambda size=size: _appeal_envelope(case, number, size, fb))
    if case.solidarity is not None:
        findings += _card_findings(case, templates, attempt, fb)
    return findings


def _letter(case: Case, number: int, lang: str, templates):
    from w4r.compose.letter import compose_letter

    return compose_letter(case, target_number=number, sender=Sender(), lang=lang, templates=templates, for_the_record=True)


def _fits_window(letter, paper: str, fb: FontBook) -> None:
    from w4r.render.formats import paper as paper_format
    from w4r.render.letter_first_page import fit_recipient  # the letter renderer's own window check

    fit_recipient(letter, paper_format(paper).letter, fb)


def _appeal_envelope(case: Case, number: int, size: str, fb: FontBook) -> None:
    from w4r.compose.envelope import authorities_envelope
    from w4r.render.envelope import envelope_geometry, fit_recipient

    env = authorities_envelope(case, target_number=number, sender=Sender(), for_the_record=True)
    fit_recipient(env.recipient, envelope_geometry(size).recipient_box, fb)


def _card_findings(case: Case, templates, attempt, fb: FontBook) -> list[Finding]:
    from w4r.compose.card import case_greetings, compose_card
    from w4r.render.designs import parse_design

    design, outline = parse_design(None)
    langs = list(dict.fromkeys(g.lang for g in case_greetings(case))) or [None]
    for lang in langs:
        card = attempt(f"solidarity card ({lang or 'no greeting'})", lambda lang=lang: compose_card(case, sender=Sender(), lang=lang, templates=templates))
        if card is None:
            continue
        for fmt in CARD_FORMATS:
            attempt(f"solidarity card ({lang or 'no greeting'}, {fmt} front)", lambda card=card, fmt=fmt: _card_front(card, fmt, design, outline, fb))
    if case.solidarity is not None and case.solidarity.has_address:
        for size in CARD_ENVELOPES:
            attempt(f"solidarity.address ({size} envelope)", lambda size=size: _card_envelope(case, size, fb))
    return []


def _card_front(card, fmt: str, design, outline: bool, fb: FontBook) -> None:
    from w4r.render.card import render_card

    render_card(card, fmt, design=design, outline=outline, fb=fb)


def _card_envelope(case: Case, size: str, fb: FontBook) -> None:
    from w4r.compose.envelope import individual_envelope
    from w4r.render.envelope import envelope_geometry, fit_recipient

    env = individual_envelope(case, sender=Sender())
    fit_recipient(env.recipient, envelope_geometry(size).recipient_box, fb)
