"""Compose a solidarity card: case + sender + message -> a Card, ready to lay out.

A Card holds text only.  What it may say follows the case's card rules: the
greeting comes from the case file in the person's language, the signature shows
as much of the sender as ``sender_identity`` allows, and the message is checked
against the rules (``compose.rules``); the hits travel with the card so the
command can warn or, with ``--strict``, refuse.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from w4r.cases.schema import Case, Greeting, Solidarity
from w4r.compose.rules import RuleHit, check, load_rules
from w4r.compose.sender import Sender
from w4r.errors import InputError
from w4r.richtext import clean

# What the front says above the person's name.  English, the sender's side of the
# card; the person's own language comes from the case file's greetings.
FRONT_OPEN = "Thinking of you"
FRONT_CLOSED = "Congratulations"  # the person is free: a card to celebrate, not to console

# What a ruled line for a handwritten signature asks for, per sender_identity.
SIGNATURE_HINTS = {
    "first-name": "your first name",
    "full-name": "your name",
    "full-name-and-town": "your name and town",
}

MAX_GREETINGS = 3  # more does not fit a card panel next to a message


@dataclass(frozen=True)
class Card:
    case_id: str
    first_name: str  # the person's, printed large on the front
    front_wording: str  # may be empty when the front greeting already says the same
    greetings: tuple[Greeting, ...]  # in one language; the first also goes on the front
    message: tuple[str, ...]  # paragraphs; empty: ruled lines to write on by hand
    signature: str | None  # None: a ruled line labelled with signature_hint
    signature_hint: str
    closed: bool
    hits: tuple[RuleHit, ...] = field(default_factory=tuple)
    rule: str = "solidarity card"  # which status rule chose the wording (cases.status.card_rule_label)

    @property
    def front_greeting(self) -> Greeting | None:
        return self.greetings[0] if self.greetings else None

    @property
    def greeting_lang(self) -> str | None:
        return self.greetings[0].lang if self.greetings else None

    @property
    def message_text(self) -> str:
        return "\n\n".join(self.message)


def solidarity_of(case: Case) -> Solidarity:
    if case.solidarity is None:
        raise InputError(f"case {case.id} has no solidarity section, so it has no card; write the appeal letter instead")
    return case.solidarity


def message_paragraphs(message: str | None) -> tuple[str, ...]:
    """Paragraphs split at blank lines; single line breaks inside a paragraph are kept."""
    if not message:
        return ()
    text = clean(message)
    paras = []
    for block in text.split("\n\n"):
        lines = [" ".join(line.split()) for line in block.strip().split("\n")]
        para = "\n".join(line for line in lines if line)
        if para:
            paras.append(para)
    return tuple(paras)


def case_greetings(case: Case) -> list[Greeting]:
    """The greetings for today's card: congratulations once the person is free
    (cases.status), never the words written for someone in prison."""
    from w4r.cases.status import card_kind

    solidarity = solidarity_of(case)
    return solidarity.congratulations if card_kind(case) == "congratulations" else solidarity.greetings


def choose_greetings(case: Case, lang: str | None) -> tuple[Greeting, ...]:
    """The case's greetings in ``lang`` (default: the language of its first greeting)."""
    greetings = case_greetings(case)
    if not greetings:
        return ()
    if lang is None:
        lang = greetings[0].lang
    from w4r.compose.languages import match_language

    # Matched as BCP 47 does: zh finds zh-Hant, PT-br finds pt.
    used = match_language(lang, list(dict.fromkeys(g.lang for g in greetings)))
    chosen = [g for g in greetings if g.lang == used]
    if not chosen:
        langs = ", ".join(dict.fromkeys(g.lang for g in greetings))
        raise InputError(f"case {case.id} has card greetings in {langs}, not in {lang!r}; choose {langs.split(', ')[0]}", code="no-greeting-in-lang",
                         field="lang", params={"case": case.id, "langs": langs, "lang": lang, "first": langs.split(", ")[0]})
    return tuple(chosen[:MAX_GREETINGS])


def signature_for(sender: Sender, identity: str) -> str | None:
    """As much of the sender as the case allows on the card; None leaves a line to sign by hand."""
    if not sender.name:
        return None
    if identity == "first-name":
        return sender.first_name
    if identity == "full-name-and-town" and sender.address and sender.town:
        return f"{sender.name}, {sender.town}"
    return sender.name


def compose_card(
    case: Case,
    *,
    sender: Sender,
    message: str | None = None,
    lang: str | None = None,
    templates: str | Path | None = None,
) -> Card:
    solidarity = solidarity_of(case)
    card_rules = solidarity.rules
    paragraphs = message_paragraphs(message)
    signature = signature_for(sender, card_rules.sender_identity)
    rules = load_rules(templates)
    hits = check("\n\n".join(paragraphs), card_rules, rules, case_id=case.id)
    if signature:
        hits += check(signature, card_rules, rules, where="signature", case_id=case.id)
    from w4r.cases.status import card_kind, card_rule_label

    greetings = choose_greetings(case, lang)
    wording = FRONT_CLOSED if card_kind(case) == "congratulations" else FRONT_OPEN
    if greetings and wording.casefold() in greetings[0].text.casefold():
        wording = ""  # the greeting already says it ("Congratulations on starting university, ...")
    return Card(
        case_id=case.id,
        first_name=case.first_name,
        front_wording=wording,
        greetings=greetings,
        message=paragraphs,
        signature=signature,
        signature_hint=SIGNATURE_HINTS[card_rules.sender_identity],
        closed=case.closed,
        hits=tuple(hits),
        rule=card_rule_label(case),
    )


def design_hits(case: Case, motifs: tuple[str, ...], templates: str | Path | None = None) -> tuple[RuleHit, ...]:
    """Card-rule hits for what a front picture shows (a case may rule out, say, a candle)."""
    card_rules = solidarity_of(case).rules
    return tuple(check(", ".join(motifs), card_rules, load_rules(templates), where="picture", case_id=case.id))
