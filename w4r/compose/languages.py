"""Language data for letters: closings, date style, page labels; dates via Babel's CLDR data."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from babel.dates import format_date
from pydantic import BaseModel, ConfigDict, ValidationError

from w4r.cases.yamlsafe import YamlProblem, read_yaml_file
from w4r.compose.environment import lang_code
from w4r.errors import InputError, NotFoundError
from w4r.userfiles import LANGUAGE, present


class LanguageData(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    locale: str
    direction: str = "ltr"
    written_by: str
    checked_by: str = ""
    date_format: str = "long"
    salutation_end: str = ","  # what follows the salutation: "," in English, ":" in Spanish, "!" in Russian
    closing: str  # may repeat the salutation: {salutation} (French: "Je vous prie d'agréer, {salutation}, ...")
    closing_end: str = ","
    page: str = "Page {page} of {pages}"
    sender_placeholder: str = "Your name and address"
    signature_placeholder: str = "Signature"
    subject_prefix: str = ""
    english_version: str = "English version"


@dataclass(frozen=True)
class Language:
    code: str
    data: LanguageData
    source: Path

    @property
    def rtl(self) -> bool:
        return self.data.direction == "rtl"

    def date(self, day: dt.date) -> str:
        return format_date(day, format=self.data.date_format, locale=self.data.locale)

    def page_label(self, page: int, pages: int) -> str:
        return self.data.page.format(page=page, pages=pages)

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
        text = self.data.closing.replace("{salutation}", salutation.strip().rstrip(",:!،：").strip())
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
    try:
        data = LanguageData.model_validate(read_yaml_file(path, LANGUAGE, root=d).data)
    except YamlProblem as exc:
        where = f"{path}:{exc.mark.line}:{exc.mark.column}" if exc.mark else str(path)
        raise InputError(f"{where}: {exc.message}") from None
    except ValidationError as exc:
        first = exc.errors()[0]
        raise InputError(f"{path}: {'.'.join(map(str, first['loc']))}: {first['msg']}") from None
    return Language(code, data, path)


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
