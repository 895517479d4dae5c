"""Compose an appeal letter: case + target + sender + language -> a Letter, ready to lay out.

A Letter holds text only (Spans and plain strings), no positions and no markup:
the renderer decides where things go, and escapes everything it draws.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from w4r.cases.schema import Case, Target
from w4r.cases.yamlsafe import YamlProblem, read_yaml_file
from w4r.compose import markup
from w4r.compose.environment import environment, lang_code, render_block, template_dirs
from w4r.compose.languages import Language, load_language
from w4r.compose.sender import Sender
from w4r.errors import InputError, NotFoundError
from w4r.render.text import Span, clean

MAX_MESSAGE_CHARS = 10_000  # about three pages of personal text; more is not a letter


@dataclass(frozen=True)
class LetterText:
    """The letter's text in one language (a bilingual letter has two)."""

    lang: Language
    subject: list[Span]
    salutation: str
    body: list[list[Span]]
    request: list[list[Span]]
    closing: str


@dataclass(frozen=True)
class Letter:
    case_id: str
    target: Target
    sender: Sender
    recipient: tuple[str, ...]
    date_text: str
    texts: tuple[LetterText, ...]
    personal: tuple[str, ...] = field(default_factory=tuple)
    warnings: tuple[str, ...] = field(default_factory=tuple)

    @property
    def primary(self) -> LetterText:
        return self.texts[0]


ADDRESS_MAX_LINES = 6  # DIN 5008 recipient zone; UPU advises at most 5-6 lines


def recipient_lines(target: Target, max_lines: int = ADDRESS_MAX_LINES) -> tuple[str, ...]:
    """Window lines in UPU order: name, title, organisation, street lines, COUNTRY last.

    When that is more lines than the window holds, the title joins the
    organisation's line, then the name's line: the street lines and the
    country are never merged, since sorting machines read them.
    """
    name, title, org = target.name, target.title, target.organisation
    head = [x for x in (name, title, org) if x]
    if len(head) + len(target.address) + 1 > max_lines and org:
        head = [x for x in (name, f"{title}, {org}") if x]
    if len(head) + len(target.address) + 1 > max_lines and name:
        head = [f"{name}, {head[1] if len(head) > 1 else title}"]
    lines = (*head, *target.address, target.country.upper())
    if len(lines) > max_lines:
        raise InputError(
            f"the address of {target.title} has {len(lines)} lines; at most {max_lines} fit a window envelope: "
            f"shorten the case file's address"
        )
    return lines


def personal_paragraphs(message: str | None) -> tuple[str, ...]:
    if not message:
        return ()
    text = clean(message)
    if len(text) > MAX_MESSAGE_CHARS:
        raise InputError(
            f"the personal message is {len(text)} characters long; a letter takes at most {MAX_MESSAGE_CHARS}"
        )
    paras = [" ".join(p.split()) if "\n" not in p.strip() else p.strip() for p in text.split("\n\n")]
    return tuple(p for p in paras if p.strip())


def case_text(case: Case, lang: str, dirs: tuple[Path, ...]) -> dict:
    """The case's facts and asks in ``lang``: the case file for English, else a translation file."""
    lang = lang_code(lang)  # it becomes part of a file name below
    if lang == "en":
        return {"facts": case.appeal_facts or case.summary, "ask": list(case.ask)}
    for d in dirs:
        path = d / "letters" / "cases" / f"{case.id}.{lang}.yaml"
        if path.is_file():
            try:
                data = read_yaml_file(path).data
            except YamlProblem as exc:
                where = f"{path}:{exc.mark.line}:{exc.mark.column}" if exc.mark else str(path)
                raise InputError(f"{where}: {exc.message}") from None
            if not isinstance(data, dict) or not data.get("facts") or not isinstance(data.get("ask"), list):
                raise InputError(f"{path}: a case translation needs 'facts' (text) and 'ask' (a list)")
            return {"facts": data["facts"], "ask": data["ask"], "salutation": data.get("salutation")}
    raise NotFoundError(
        f"no {lang} translation of case {case.id} (templates/letters/cases/{case.id}.{lang}.yaml); "
        f"use --lang en or add the translation"
    )


def _compose_text(case: Case, target: Target, lang_code: str, sender: Sender, templates: str | Path | None) -> LetterText:
    dirs = tuple(template_dirs(templates))
    lang = load_language(lang_code, dirs)
    env = environment(templates)
    ct = case_text(case, lang_code, dirs)
    context = {"case": case, "target": target, "sender": sender, "facts": ct["facts"], "ask": ct["ask"], "lang": lang_code}
    name = f"letters/appeal.{lang_code}.j2"
    subject = markup.parse(render_block(env, name, "subject", context).strip(), name)
    body = markup.paragraphs(render_block(env, name, "body", context), name)
    request = markup.paragraphs(render_block(env, name, "request", context), name)
    salutation = ct.get("salutation") or (target.salutation if lang_code == "en" else None)
    if salutation is None:
        salutation = render_block(env, name, "salutation", context).strip() if _has_block(env, name, "salutation") else target.salutation
    return LetterText(lang, subject, salutation + ",", body, request, lang.data.closing + ",")


def _has_block(env, name: str, block: str) -> bool:
    return block in env.get_template(name).blocks


def compose_letter(
    case: Case,
    *,
    target_number: int = 1,
    sender: Sender,
    message: str | None = None,
    lang: str = "en",
    bilingual: bool = False,
    date: dt.date | None = None,
    templates: str | Path | None = None,
) -> Letter:
    if not 1 <= target_number <= len(case.targets):
        raise InputError(
            f"case {case.id} has {len(case.targets)} target(s); choose --target 1"
            + (f" to {len(case.targets)}" if len(case.targets) > 1 else "")
        )
    target = case.target(target_number)
    if lang not in target.languages and lang != "en":
        raise InputError(
            f"{target.title} accepts letters in {', '.join(target.languages)}; {lang!r} is not one of them"
        )
    codes = [lang] + (["en"] if bilingual and lang != "en" else [])
    texts = tuple(_compose_text(case, target, code, sender, templates) for code in codes)
    dirs = tuple(template_dirs(templates))
    day = date or dt.date.today()
    return Letter(
        case_id=case.id,
        target=target,
        sender=sender,
        recipient=recipient_lines(target),
        date_text=load_language(lang, dirs).date(day),
        texts=texts,
        personal=personal_paragraphs(message),
    )
