"""Card rules as data: which words a solidarity card should not contain, and the check.

The terms live in ``templates/rules/card-rules.yaml`` (one list per rule and per
language, volunteers extend it) and in each case file's ``extra_terms``; nothing
here is specific to a case.  ``check`` returns every hit, and the command decides
whether a hit is a warning or (with ``--strict``) an error.
"""

from __future__ import annotations

from w4r import caches

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from w4r.cases.schema import CardRules
from w4r.cases.yamlsafe import YamlProblem, read_yaml_file
from w4r.compose.environment import template_dirs
from w4r.errors import InputError, NotFoundError
from w4r.memo import IdentityMemo
from w4r.userfiles import RULES, present

RULES_FILE = Path("rules") / "card-rules.yaml"
AMNESTY_RULE = "amnesty"  # switched off by the case's ``mention_amnesty: true``

# Scripts written without spaces between words: their terms match anywhere.
_UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af\u0e00-\u0e7f\u1100-\u11ff]")
_ARABIC = re.compile(r"[\u0600-\u06ff]")
# Arabic writes the conjunctions, some prepositions and the article onto the word.
_ARABIC_PREFIX = "(?:[وفبلك]?(?:ال)?)"
_ARABIC_FOLD = str.maketrans({"ة": "ه", "ى": "ي", "ـ": None, "ٱ": "ا"})
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u02bc": "'", "\u2018": "'"})


@dataclass(frozen=True)
class Rule:
    name: str
    says: str  # the rule in words, shown with every hit
    terms: dict[str, tuple[str, ...]]  # language code -> terms


@dataclass(frozen=True)
class RuleHit:
    """One term of one rule found in the text.

    ``term`` is the rule's term as written in the rules (``pray*``), ``found`` the
    words of the text it matched (``praying``); ``lang`` is None for a term that
    comes from the case file's extra_terms.
    """

    rule: str
    term: str
    lang: str | None
    says: str = ""
    found: str = ""
    where: str = "message"

    def describe(self) -> str:
        origin = "a word from the case file" if self.lang is None else self.lang
        verb = "shows" if self.where == "picture" else "says"
        return f'card rule "{self.rule}" ({self.says}): the {self.where} {verb} "{self.found or self.term}" ({origin})'


def fold(text: str) -> str:
    """Text as the matcher sees it: case-folded, accents and vowel marks dropped."""
    return "".join(_fold_char(ch) for ch in text)


@caches.cached("compose.rules._fold_char", maxsize=4096)
def _fold_char(ch: str) -> str:
    decomposed = unicodedata.normalize("NFKD", ch.translate(_APOSTROPHES))
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return unicodedata.normalize("NFC", bare).casefold().translate(_ARABIC_FOLD)


def _folded_with_origin(text: str) -> tuple[str, list[int]]:
    """The folded text and, for each of its characters, the index of the character it came from."""
    out: list[str] = []
    origin: list[int] = []
    for i, ch in enumerate(text):
        f = _fold_char(ch)
        out.append(f)
        origin.extend([i] * len(f))
    return "".join(out), origin


@caches.cached("compose.rules.term_pattern", maxsize=4096)
def term_pattern(term: str) -> re.Pattern[str]:
    """The regular expression for one term: whole words, ``*`` for any ending."""
    words = fold(term).split()
    if not words:
        raise ValueError("empty term")
    parts = []
    for word in words:
        stem = word.rstrip("*")
        piece = re.escape(stem) + (r"\w*" if word.endswith("*") else "")
        parts.append(piece)
    body = r"[\s\-]+".join(parts)
    if _UNSPACED.search(term):
        return re.compile(body)
    if _ARABIC.search(term):
        return re.compile(rf"(?<!\w){_ARABIC_PREFIX}{body}(?!\w)")
    return re.compile(rf"(?<!\w){body}(?!\w)")


def _terms_for(rule: Rule, lang: str) -> tuple[str, ...]:
    """Terms in ``lang``, falling back from a regional code to its language (pt-BR -> pt)."""
    if lang in rule.terms:
        return rule.terms[lang]
    base = lang.split("-")[0]
    return rule.terms.get(base, ())


@caches.cached("compose.rules._load", maxsize=8)
def _load(path: Path, root: Path) -> dict[str, Rule]:
    try:
        data = read_yaml_file(path, RULES, root=root).data
    except YamlProblem as exc:
        where = f"{path}:{exc.mark.line}:{exc.mark.column}" if exc.mark else str(path)
        raise InputError(f"{where}: {exc.message}") from None
    rules = data.get("rules") if isinstance(data, dict) else None
    if not isinstance(rules, dict) or not rules:
        raise InputError(f"{path}: the file needs a 'rules:' mapping of rule name -> says, terms")
    loaded: dict[str, Rule] = {}
    for name, body in rules.items():
        if not isinstance(body, dict) or not isinstance(body.get("terms"), dict):
            raise InputError(f"{path}: rule {name!r} needs 'says' (text) and 'terms' (language -> list of words)")
        terms: dict[str, tuple[str, ...]] = {}
        for lang, words in body["terms"].items():
            if not isinstance(words, list) or not all(isinstance(w, str) and w.strip() for w in words):
                raise InputError(f"{path}: rule {name!r}, language {lang!r}: terms must be a list of words")
            terms[lang] = tuple(w.strip() for w in words)
        loaded[name] = Rule(name, str(body.get("says") or name), terms)
    return loaded


def load_rules(templates: str | Path | None = None) -> dict[str, Rule]:
    """The shared card rules: the first card-rules.yaml found in the template folders."""
    for d in template_dirs(templates):
        path = d / RULES_FILE
        if present(path):
            return _load(path, d)
    raise NotFoundError(f"{RULES_FILE} not found in the template folders; reinstall w4r or check your template folder", code="no-card-rules",
                        field="templates", params={"file": RULES_FILE})


# A batch checks every card of a case against the same rules.
_ACTIVE: IdentityMemo[tuple[list, re.Pattern[str]]] = IdentityMemo()
caches.register("compose.rules active terms", _ACTIVE.clear)


def _terms_and_pattern(card_rules: CardRules, rules: dict[str, Rule], case_id: str) -> tuple[list, re.Pattern[str]]:
    """The active terms, and one pattern for all of them."""

    def make() -> tuple[list, re.Pattern[str]]:
        terms = active_terms(card_rules, rules, case_id)
        return terms, _any_term(tuple(term for _rule, term, _lang in terms))

    return _ACTIVE.get((card_rules, rules), case_id, make)


@caches.cached("compose.rules._any_term", maxsize=64)
def _any_term(terms: tuple[str, ...]) -> re.Pattern[str]:
    """One pattern that matches wherever any of ``terms`` does."""
    if not terms:
        return re.compile(r"(?!)")
    return re.compile("|".join(f"(?:{term_pattern(t).pattern})" for t in dict.fromkeys(terms)))


def active_terms(card_rules: CardRules, rules: dict[str, Rule], case_id: str = "") -> list[tuple[Rule, str, str | None]]:
    """(rule, term, language) for every term this case's card rules ask to check."""
    found: list[tuple[Rule, str, str | None]] = []
    for name in card_rules.checks:
        if name == AMNESTY_RULE and card_rules.mention_amnesty:
            continue
        rule = rules.get(name)
        extra = card_rules.extra_terms.get(name, [])
        if rule is None:
            if not extra:
                known = ", ".join(sorted(rules))
                raise InputError(
                    f"case {case_id}: card rule {name!r} is neither in {RULES_FILE} ({known}) "
                    f"nor given words in extra_terms; fix solidarity.rules.checks"
                )
            rule = Rule(name, name, {})
        for lang in card_rules.languages:
            found.extend((rule, term, lang) for term in _terms_for(rule, lang))
        found.extend((rule, term, None) for term in extra)
    return found


def check(text: str, card_rules: CardRules, rules: dict[str, Rule], *, where: str = "message", case_id: str = "") -> list[RuleHit]:
    """Every rule term found in ``text``, once per rule and words found, in the order of the rules."""
    if not text.strip():
        return []
    folded, origin = _folded_with_origin(text)
    terms, any_term = _terms_and_pattern(card_rules, rules, case_id)
    if not any_term.search(folded):
        return []  # the usual case, found in one pass instead of one per term
    hits: list[RuleHit] = []
    seen: set[tuple[str, str]] = set()
    for rule, term, lang in terms:
        for match in term_pattern(term).finditer(folded):
            if match.end() == match.start():
                continue
            found = text[origin[match.start()] : origin[match.end() - 1] + 1]
            key = (rule.name, fold(found))
            if key in seen:
                continue
            seen.add(key)
            hits.append(RuleHit(rule.name, term, lang, rule.says, found, where))
    return hits
