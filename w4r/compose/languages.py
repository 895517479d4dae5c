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
