"""Language data for letters: closings, date style, page labels; dates via Babel's CLDR data.

Language files come with shared template folders, so they are validated as
strictly as case files (every problem with file, line and column).  Their
placeholders are a fixed syntax w4r fills in itself -- ``{page}`` and
``{pages}`` in ``page``, ``{salutation}`` in ``closing``, ``{{`` and ``}}`` for
a brace -- never ``str.format``, which would let a file ask for a width of
200,000,000 or print Python internals on the letter.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from w4r.cases.yamlsafe import YamlProblem, parse_yaml_bytes, read_yaml_bytes
from w4r.compose.environment import lang_code
from w4r.errors import InputError, NotFoundError
from w4r.userfiles import LANGUAGE, present


_PLACEHOLDER = re.compile(r"\{\{|\}\}|\{([^{}]*)\}|[{}]")


def fill(text: str, values: dict[str, str]) -> str:
    """``text`` with ``{name}`` replaced from ``values`` and ``{{``/``}}`` as braces (checked by ``placeholders``)."""

    def one(m: re.Match) -> str:
        token = m.group(0)
        if token in ("{{", "}}"):
            return token[0]
        return values.get(m.group(1) or "", token)

    return _PLACEHOLDER.sub(one, text)


def placeholders(text: str, allowed: tuple[str, ...]) -> str:
    """``text`` if its only placeholders are ``allowed``; else a ValueError that says which are."""
    names = ", ".join("{" + a + "}" for a in allowed)
    for m in _PLACEHOLDER.finditer(text):
        token = m.group(0)
        if token in ("{{", "}}"):
            continue
        if m.group(1) is None or m.group(1) not in allowed:
            raise ValueError(f"{token!r} is not a placeholder here; use {names} (and {{{{ or }}}} for a brace)")
    return text


# Date fields a letter's date may use (CLDR letters): era, years, quarters, months, weeks, days.
_DATE_FIELDS = set("GyYuUrQqMLwWdDFgEec")
_NAMED_FORMATS = ("short", "medium", "long", "full")


def _date_pattern(value: str) -> str:
    """A Babel date format that prints day, month and year, and nothing of the time of day."""
    if value in _NAMED_FORMATS:
        return value
    from babel.dates import parse_pattern

    try:
        fields = {f[0] for f in re.findall(r"%\((\w+)\)s", parse_pattern(value).format)}
    except (ValueError, TypeError) as exc:
        raise ValueError(f"not a date format ({exc})") from None
    wrong = sorted(fields - _DATE_FIELDS)
    if wrong:
        raise ValueError(f"'{wrong[0]}' is not a part of a date; use short, medium, long, full or a pattern such as 'd MMMM y'")
    if "d" not in fields or not fields & {"M", "L"} or not fields & {"y", "Y", "u", "r", "U"}:
        raise ValueError("a date format must show the day (d), month (M) and year (y); use short, medium, long, full or a pattern such as 'd MMMM y'")
    return value


Text = Annotated[str, Field(max_length=200)]


class LanguageData(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: Text
    locale: Text
    direction: Literal["ltr", "rtl"] = "ltr"
    written_by: Text
    checked_by: Text = ""
    date_format: Text = "long"
    salutation_end: Text = ","  # what follows the salutation: "," in English, ":" in Spanish, "!" in Russian
    closing: Text  # may repeat the salutation: {salutation} (French: "Je vous prie d'agréer, {salutation}, ...")
    closing_end: Text = ","
    page: Text = "Page {page} of {pages}"
    sender_placeholder: Text = "Your name and address"
    signature_placeholder: Text = "Signature"
    subject_prefix: Text = ""
    english_version: Text = "English version"

    @field_validator("page")
    @classmethod
    def _page(cls, v: str) -> str:
        return placeholders(v, ("page", "pages"))

    @field_validator("closing")
    @classmethod
    def _closing(cls, v: str) -> str:
        return placeholders(v, ("salutation",))

    @field_validator("date_format")
    @classmethod
    def _date_format(cls, v: str) -> str:
        return _date_pattern(v)

    @field_validator("locale")
    @classmethod
    def _locale(cls, v: str) -> str:
        from babel import Locale, UnknownLocaleError

        try:
            Locale.parse(v)
        except (ValueError, TypeError, UnknownLocaleError):
            raise ValueError(f"{v!r} is not a locale Babel knows, such as en_GB, fr_FR or zh_Hant_HK") from None
        return v


@dataclass(frozen=True)
class Language:
    code: str
    data: LanguageData
    source: Path

    @property
    def rtl(self) -> bool:
        return self.data.direction == "rtl"

    def date(self, day: dt.date) -> str:
        return format_day(day, self.data.date_format, self.data.locale)

    def page_label(self, page: int, pages: int) -> str:
        return fill(self.data.page, {"page": str(page), "pages": str(pages)})

    @property
    def english_name(self) -> str:
        """The language's name in English ("Arabic"), for messages."""
        from babel import Locale, UnknownLocaleError

        try:
            return Locale.parse(self.code.replace("-", "_")).get_language_name("en") or self.code
        except (ValueError, UnknownLocaleError):
            return self.code

    @property
    def checked(self) -> bool:
        return bool(self.data.checked_by.strip())

    def salutation_line(self, salutation: str) -> str:
        """The salutation with this language's punctuation (never doubled)."""
        salutation = salutation.strip()
        end = self.data.salutation_end
        return salutation if not end or salutation.endswith(end) else salutation + end

    def closing_line(self, salutation: str) -> str:
        """The closing formula, which in some languages repeats the salutation's form of address."""
        text = fill(self.data.closing, {"salutation": salutation.strip().rstrip(",:!،：").strip()})
        end = self.data.closing_end
        return text if not end or text.endswith(end) else text + end


def available(template_dirs: tuple[Path, ...]) -> list[str]:
    codes = set()
    for d in template_dirs:
        codes.update(p.stem for p in (d / "lang").glob("*.yaml"))
    return sorted(codes)


@lru_cache(maxsize=None)
def load_language(code: str, template_dirs: tuple[Path, ...]) -> Language:
    code = lang_code(code)  # it becomes part of a file name below
    for d in template_dirs:
        path = d / "lang" / f"{code}.yaml"
        if present(path):
            break
    else:
        raise NotFoundError(
            f"no language data for {code!r}; available: {', '.join(available(template_dirs))}"
        )
    return Language(code, read_model(path, LanguageData, LANGUAGE, root=d), path)


def read_model(path: Path, model: type[BaseModel], kind, *, root: Path | None = None, doc: str = "docs/templates.md"):
    """A YAML file of the template folders validated by ``model``; every problem an InputError
    naming file, line and column, as for case files."""
    from w4r.cases import cache
    from w4r.cases.loader import validation_problems
    from w4r.errors import CaseFileError

    # A file checked before, byte for byte, comes from the cache (w4r.cases.cache):
    # a letter then needs neither the YAML parser nor Babel, which checks the locale.
    tag = cache.model_tag(model, __file__, babel_stamp())
    try:
        raw = read_yaml_bytes(path, kind, root=root)
        cached = cache.get_model(raw, model, tag)
        if cached is not None:
            return cached
        located = parse_yaml_bytes(raw)
    except YamlProblem as exc:
        where = f"{path}:{exc.mark.line}:{exc.mark.column}" if exc.mark else str(path)
        raise InputError(f"{where}: {exc.message}") from None
    if not isinstance(located.data, dict):
        raise InputError(f"{path}:1:1: the {kind.name} must be a mapping of keys and values")
    try:
        checked = model.model_validate(located.data)
    except ValidationError as exc:
        raise CaseFileError(validation_problems(path, located, exc, doc)) from None
    cache.put_model(raw, checked, tag)
    return checked


@lru_cache(maxsize=1)
def babel_stamp() -> str:
    """Which Babel is installed (its location, size and time), without importing it: part of every cache key
    whose value Babel decides (a locale's existence, a formatted date)."""
    import importlib.util
    import os

    spec = importlib.util.find_spec("babel")
    origin = spec.origin if spec is not None else None
    if not origin:
        return "babel ?"
    st = os.stat(origin)
    return f"babel {origin} {st.st_size} {st.st_mtime_ns}"


_DATES_KEPT = 64  # dates remembered per locale and format (a year of daily letters would be 365)


def format_day(day: dt.date, fmt: str, locale: str) -> str:
    """``babel.dates.format_date(day, format=fmt, locale=locale)``, remembered between runs.

    Babel reads a locale's data (several hundred kB of pickles) to format one
    date: a tenth of one letter's time.  The text it made is kept in the
    cache folder (w4r.cachefile's checked entries, one per Babel, locale and
    format), so the next letter of the day asks Babel nothing.
    """
    import hashlib
    import json

    from w4r import cachefile, paths

    folder = cachefile.private_folder(paths.cache_dir() / "dates")
    key = hashlib.sha256(json.dumps([babel_stamp(), locale, fmt]).encode()).hexdigest()
    path = folder / f"{key[:40]}.dates" if folder is not None else None
    known: dict = {}
    entry = cachefile.read(path, "dates") if path is not None else None
    if entry is not None:
        known = entry.meta.get("dates") if entry.meta.get("key") == key else None
        text = known.get(day.isoformat()) if type(known) is dict else None
        if type(text) is str:
            return text
        if type(known) is not dict or not all(type(k) is str and type(v) is str for k, v in known.items()):
            known = {}  # not an entry of ours: made afresh below
    from babel.dates import format_date

    text = format_date(day, format=fmt, locale=locale)
    if path is not None:
        kept = dict(list(known.items())[-(_DATES_KEPT - 1):]) if known else {}
        kept[day.isoformat()] = text
        try:
            cachefile.write(path, "dates", {"key": key, "dates": kept}, {})
        except (OSError, ValueError):
            pass  # a cache that cannot be written only costs the next letter time
    return text


def canonical_code(code: str) -> str:
    """A language tag as w4r writes it (BCP 47 case): 'ZH-hant' -> 'zh-Hant', 'pt-br' -> 'pt-BR'.

    Spreadsheets and command lines come in any case; file names and case files
    use this one.
    """
    parts = code.strip().replace("_", "-").split("-")
    out = [parts[0].lower()]
    for part in parts[1:]:
        if len(part) == 4 and part.isalpha():
            out.append(part.title())  # script
        elif len(part) == 2 and part.isalpha():
            out.append(part.upper())  # region
        else:
            out.append(part.lower())
    return "-".join(p for p in out if p)


def display_name(code: str) -> str:
    """A language tag's name in English, with its variant: zh-Hant -> "Chinese (Traditional)"."""
    from babel import Locale, UnknownLocaleError

    try:
        return Locale.parse(code.replace("-", "_")).get_display_name("en") or code
    except (ValueError, UnknownLocaleError):
        return code


def _subtags(code: str) -> tuple[str, str | None, str | None]:
    """(language, script, region) of a tag, filled in from CLDR's likely subtags: zh-TW -> (zh, Hant, TW)."""
    from babel.core import get_global

    parts = canonical_code(code).split("-")
    lang = parts[0]
    script = next((p for p in parts[1:] if len(p) == 4), None)
    region = next((p for p in parts[1:] if len(p) == 2 or (len(p) == 3 and p.isdigit())), None)
    likely = get_global("likely_subtags")
    for key in ("_".join(p for p in (lang, script, region) if p), f"{lang}_{region}" if region else "", lang):
        full = likely.get(key) if key else None
        if full:
            _l, *rest = full.split("_")
            script = script or next((p for p in rest if len(p) == 4), None)
            region = region or next((p for p in rest if len(p) == 2 or (len(p) == 3 and p.isdigit())), None)
            break
    return lang, script, region


def match_language(requested: str, offered: list[str] | tuple[str, ...]) -> str | None:
    """The one of ``offered`` that ``requested`` means, as BCP 47 matching does; None if none.

    Case does not matter (ZH-hant is zh-Hant); a more specific request falls
    back to its language (pt-PT -> pt, RFC 4647 lookup); a bare language finds
    the only variant offered (zh -> zh-Hant, pt -> pt-BR).  When several
    variants are offered, CLDR's likely subtags decide (zh-TW -> zh-Hant,
    zh -> zh-Hans); when they cannot, there is no match.
    """
    wanted = canonical_code(requested)
    by_key = {canonical_code(o).lower(): o for o in offered}
    if wanted.lower() in by_key:
        return by_key[wanted.lower()]
    parts = wanted.split("-")
    for n in range(len(parts) - 1, 0, -1):  # lookup: drop subtags from the end
        shorter = "-".join(parts[:n]).lower()
        if shorter in by_key and not _conflicts(wanted, by_key[shorter]):
            return by_key[shorter]
    same = [o for o in offered if canonical_code(o).split("-")[0] == parts[0]]
    if len(same) == 1 and not _conflicts(wanted, same[0]):
        return same[0]
    if len(same) > 1:
        lang, script, region = _subtags(wanted)
        for keys in ((script, region), (script, None)):
            fits = [o for o in same if all(k is None or k in _subtags(o)[1:] for k in keys)]
            if len(fits) == 1:
                return fits[0]
    return None


def _conflicts(wanted: str, offered: str) -> bool:
    """Whether a request that names a script or region (zh-Hans, zh-CN) rules out ``offered`` (zh-Hant).

    A bare language (zh) asks for none: any variant the case offers will do.
    """
    if "-" not in wanted:
        return False
    a, b = _subtags(wanted)[1], _subtags(offered)[1]
    return a is not None and b is not None and a != b
