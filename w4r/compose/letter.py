"""Compose an appeal letter: case + target + sender + language -> a Letter, ready to lay out.

A Letter holds text only (Spans and plain strings), no positions and no markup:
the renderer decides where things go, and escapes everything it draws.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from w4r.cases.schema import Case, StatusAsk, Target
from w4r.compose import markup
from w4r.compose.environment import environment, lang_code, render_block, template_dirs
from w4r.compose.quotes import typographic, typographic_spans
from w4r.compose.languages import Language, load_language
from w4r.compose.notices import GlyphCheck, Notice, glyph_notices, no_such_target
from w4r.compose.sender import Sender
from w4r.errors import InputError, NotFoundError
from w4r.richtext import Span, clean
from w4r.compose.translations import CaseTranslation, load_translation
from w4r.userfiles import present

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
    rule: str = "appeal"  # which status rule chose the ask (cases.status.AppealRule.label)
    for_the_record: bool = False  # made with --force although the case's status rules the letter out
    notes: tuple[str, ...] = field(default_factory=tuple)  # what w4r chose for the user (e.g. the language), said once

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
    from w4r.compose.envelope import destination

    name, title, org = target.name, target.title, target.organisation
    address, country = destination(target.address, target.country)
    head = [x for x in (name, title, org) if x]
    if len(head) + len(address) + 1 > max_lines and org:
        head = [x for x in (name, f"{title}, {org}") if x]
    if len(head) + len(address) + 1 > max_lines and name:
        head = [f"{name}, {head[1] if len(head) > 1 else title}"]
    lines = (*head, *address, country)
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


def case_text(case: Case, lang: str, dirs: tuple[Path, ...], status_ask: StatusAsk | None = None) -> dict:
    """The case's facts and asks in ``lang``: the case file for English, else a translation file.

    A translation (templates/letters/cases/<case>.<lang>.yaml) has ``facts`` and
    ``ask``, and may have ``salutation`` (one for every target, or a list in
    the order of the case's targets), ``name`` and ``country`` as written in
    that language, and ``written_by`` / ``checked_by``.
    """
    lang = lang_code(lang)  # it becomes part of a file name below
    if lang == "en":
        if status_ask is not None:
            return {"facts": status_ask.facts or case.appeal_facts or case.summary, "ask": list(status_ask.ask), "checked": True, "source": None}
        return {"facts": case.appeal_facts or case.summary, "ask": list(case.ask), "checked": True, "source": None}
    for d in dirs:
        path = d / "letters" / "cases" / f"{case.id}.{lang}.yaml"
        if present(path):
            tr = load_translation(path, d)
            facts, ask = tr.facts, list(tr.ask)
            if status_ask is not None:
                facts, ask = _translated_status_ask(path, tr, status_ask, facts, lang)
            return {
                "facts": facts,
                "ask": ask,
                "salutation": list(tr.salutation) if isinstance(tr.salutation, tuple) else tr.salutation,
                "name": tr.name,
                "country": tr.country,
                "checked": bool(tr.checked_by.strip()),
                "source": path,
            }
    raise NotFoundError(
        f"no {lang} translation of case {case.id} (templates/letters/cases/{case.id}.{lang}.yaml)",
        code="no-translation", field="lang", hint="lang_en", params={"case": case.id, "lang": lang},
    )


def _translated_status_ask(path: Path, tr: CaseTranslation, status_ask: StatusAsk, facts: str, lang: str) -> tuple[str, list[str]]:
    """``status_asks: {released: {ask: [...], facts: ...}}`` in a translation file."""
    entry = tr.status_asks.get(status_ask.status.value)
    if entry is None:
        raise NotFoundError(
            f"{path}: no translation of the ask for status {status_ask.status.value} "
            f"(status_asks: {{{status_ask.status.value}: {{ask: [...]}}}})",
            code="no-translated-ask", field="lang", hint="lang_en_ask", params={"status": status_ask.status.value, "lang": lang},
        )
    return entry.facts or facts, list(entry.ask)


def _translated_salutation(ct: dict, target_number: int) -> str | None:
    sal = ct.get("salutation")
    if isinstance(sal, list):
        return str(sal[target_number - 1]) if target_number <= len(sal) and sal[target_number - 1] else None
    return str(sal) if sal else None


def _compose_text(case: Case, target: Target, lang_code: str, sender: Sender, templates: str | Path | None, target_number: int = 1, status_ask: StatusAsk | None = None) -> tuple[LetterText, dict]:
    dirs = tuple(template_dirs(templates))
    lang = load_language(lang_code, dirs)
    env = environment(templates)
    ct = case_text(case, lang_code, dirs, status_ask)
    native = case.name_native if case.native_lang == lang_code else None
    context = {
        "case": case, "target": target, "sender": sender, "facts": ct["facts"], "ask": ct["ask"], "lang": lang_code,
        "name": ct.get("name") or native or case.name,
        "country": ct.get("country") or case.country,
    }
    name = f"letters/appeal.{lang_code}.j2"
    subject = markup.parse(render_block(env, name, "subject", context).strip(), name)
    body = markup.paragraphs(render_block(env, name, "body", context), name)
    request = markup.paragraphs(render_block(env, name, "request", context), name)
    salutation = target.salutation if lang_code == "en" else _translated_salutation(ct, target_number)
    if salutation is None:
        if not _has_block(env, name, "salutation"):
            # The English salutation in a letter in another language reads as a mistake to the official.
            raise InputError(
                f"no {lang_code} salutation for {target.title} (case {case.id}): add salutation to "
                f"templates/letters/cases/{case.id}.{lang_code}.yaml or a salutation block to {name}"
            )
        salutation = render_block(env, name, "salutation", context).strip()
    # The letter's own words get the language's quotation marks and apostrophes (the writer's stay as typed).
    q = lambda spans: typographic_spans(spans, lang_code)  # noqa: E731
    text = LetterText(
        lang,
        q(subject),
        typographic(lang.salutation_line(salutation), lang_code),
        [q(p) for p in body],
        [q(p) for p in request],
        typographic(lang.closing_line(salutation), lang_code),
    )
    return text, ct


def _has_block(env, name: str, block: str) -> bool:
    return block in env.get_template(name).blocks


def _spans_text(spans) -> str:
    return "".join(s.text for s in spans)




def letter_warnings(
    case: Case, sender: Sender, recipient: tuple[str, ...], personal: tuple[str, ...], texts, sources: list[dict], glyph_check: GlyphCheck | None = None
) -> tuple[str, ...]:
    """What the writer should know before posting: unchecked translations, characters no font can print."""
    out: list[str] = []
    for text, ct in zip(texts, sources):
        if text.lang.code == "en":
            continue
        unchecked = [str(p) for p, ok in ((text.lang.source, text.lang.checked), (ct.get("source"), ct.get("checked"))) if p and not ok]
        if unchecked:
            out.append(Notice(
                f"this {text.lang.english_name} translation has not been checked by a speaker ({', '.join(unchecked)}); "
                f"ask someone who reads {text.lang.english_name} to check the letter before you post it",
                "translation-unchecked", lang=text.lang.code, language=text.lang.english_name,
            ))
    fields: list[tuple[str, str, str]] = []  # (field key, label, text)
    for i, line in enumerate(recipient, 1):
        fields.append(("recipient", f"recipient address line {i}", line))
    if sender.name:
        fields.append(("sender-name", "your name", sender.name))
    for i, line in enumerate(sender.address, 1):
        fields.append(("sender-address", f"your address line {i}", line))
    for i, para in enumerate(personal, 1):
        fields.append(("message", f"personal message paragraph {i}", para))
    for text in texts:
        where = f"letter text ({text.lang.code}, case {case.id})"
        parts = [_spans_text(text.subject), text.salutation, *(_spans_text(p) for p in text.body), *(_spans_text(p) for p in text.request), text.closing]
        fields.append(("letter-text", where, "\n".join(parts)))
    seen: set[str] = set()
    for key, label, value in fields:
        for w in glyph_notices(glyph_check, value, key, label):
            if w not in seen:
                seen.add(w)
                out.append(w)
    return tuple(out)


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
    glyph_check: GlyphCheck | None = None,
    for_the_record: bool = False,
    lang_fallback: bool = False,
) -> Letter:
    """The appeal letter the case's status allows (cases.status): CaseClosedError when it
    allows none, unless ``for_the_record`` asks for the old appeal anyway (``--force``).
    ``glyph_check`` (e.g. ``typeset.glyphcheck.missing_report``) adds font warnings.

    ``lang`` is matched as BCP 47 does (zh is zh-Hant when that is the variant
    the official reads; a note says so).  With ``lang_fallback`` it is a
    preference, not a demand: an official who does not read it gets the letter
    in their own language, with a note.
    """
    from w4r.cases.status import appeal_rule, refusal
    from w4r.compose.notices import official_notices

    rule = appeal_rule(case)
    if rule.kind == "card-only" or (not rule.writes_letter and not for_the_record):
        raise refusal(case, rule)
    status_ask = case.status_ask() if rule.kind == "status-ask" else None
    if not 1 <= target_number <= len(case.targets):
        raise no_such_target(case)
    target = case.target(target_number)
    lang, notes, composed = _in_language(case, target, lang, lang_fallback, bilingual, sender, templates, target_number, status_ask)
    texts = tuple(t for t, _ in composed)
    dirs = tuple(template_dirs(templates))
    day = date or dt.date.today()
    recipient = recipient_lines(target)
    personal = personal_paragraphs(message)
    warnings = official_notices(target, day) + letter_warnings(case, sender, recipient, personal, texts, [ct for _, ct in composed], glyph_check)
    return Letter(
        case_id=case.id,
        target=target,
        sender=sender,
        recipient=recipient,
        date_text=load_language(lang, dirs).date(day),
        texts=texts,
        personal=personal,
        warnings=warnings,
        rule=rule.label,
        for_the_record=not rule.writes_letter,
        notes=tuple(notes) + ((Notice(f"the letter in {texts[0].lang.english_name}, then in English", "bilingual-order", language=texts[0].lang.english_name),) if len(texts) > 1 else ()),
    )


def _in_language(case, target, lang, fallback, bilingual, sender, templates, target_number, status_ask):
    """(the language used, notes, [(LetterText, case text)]) for ``lang`` as the official accepts it."""
    from w4r.compose.languages import canonical_code, display_name, match_language

    accepted = list(dict.fromkeys([*target.languages, "en"]))  # English is always accepted
    requested = canonical_code(lang)
    notes: list[str] = []
    if bilingual and requested == "en":
        # --bilingual alone: the official's own language first, then English.
        other = next((code for code in target.languages if code != "en"), None)
        if other is None:
            notes.append(Notice(f"{target.title} reads English only, so the letter is in English only", "bilingual-english-only", official=target.title))
        else:
            requested = other
    used = match_language(requested, accepted)
    if used is None and not fallback:
        raise InputError(
            f"{target.title} accepts letters in {', '.join(target.languages)}; {lang!r} is not one of them",
            code="lang-not-accepted", field="lang", params={"lang": lang, "accepted": accepted},
        )
    candidates = [used] if used is not None else accepted
    for i, code in enumerate(candidates):
        codes = [code] + (["en"] if bilingual and code != "en" else [])
        try:
            composed = [_compose_text(case, target, c, sender, templates, target_number, status_ask) for c in codes]
        except NotFoundError:
            if used is not None or i == len(candidates) - 1:
                raise
            continue  # no translation of this case in the official's first language: the next one
        # The language's name only for a note: it loads Babel's locale data, a few ms of every letter otherwise.
        if used is None:
            name = display_name(code)
            notes.append(Notice(f"{target.title} does not read {requested}; the letter is in {code}, {name}, a language the official reads",
                                "lang-fallback", official=target.title, requested=requested, lang=code, language=name))
        elif code != requested:
            name = display_name(code)
            notes.append(Notice(f"the letter is in {code}, {name}: the form of {requested} that {target.title} reads",
                                "lang-variant", official=target.title, requested=requested, lang=code, language=name))
        return code, tuple(notes), composed
    raise AssertionError("unreachable")  # pragma: no cover
