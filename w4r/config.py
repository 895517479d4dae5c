"""The user's (or group's) config file: sender details and defaults for every command.

    # ~/.config/w4r/config.yaml (see `w4r config --where`; W4R_CONFIG moves it)
    sender:
      name: Ann Example
      address: ["12 High Street", "Anytown AB1 2CD", "UNITED KINGDOM"]
    paper: a4
    lang: en
    return_address: "Anytown School, 1 School Lane, Anytown AB1 2CD"
    print_offset_mm: "1.5,-2"
    group: Anytown Amnesty group
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from w4r import paths
from w4r.cases.yamlsafe import YamlProblem, read_yaml_file
from w4r.userfiles import CONFIG
from w4r.errors import InputError


class SenderConfig(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    name: str | None = None
    # A list of lines, or one text with the lines on lines of their own (YAML's |) or separated by '|'.
    address: list[str] = Field(default_factory=list)

    @field_validator("address", mode="before")
    @classmethod
    def _lines(cls, value: object) -> object:
        if isinstance(value, str):
            return [line.strip() for line in value.replace("|", "\n").splitlines() if line.strip()]
        return value


class FontOverride(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    key: str
    path: str


class Config(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    sender: SenderConfig = Field(default_factory=SenderConfig)
    paper: Literal["a4", "letter"] | None = None
    lang: str | None = None
    group: str | None = None
    card_format: str | None = None
    # A group's return address: printed on every batch letter whose row has none (lines, or one text with | or newlines).
    return_address: str | list[str] | None = None
    # How far to move everything w4r prints to make up for the printer's shift, in mm: "X,Y" or [X, Y] (see w4r printer-test).
    print_offset_mm: str | list[float] | None = None
    fonts: list[FontOverride] = Field(default_factory=list)

    @field_validator("paper", mode="before")
    @classmethod
    def _paper_any_case(cls, value: object) -> object:
        if isinstance(value, str) and value.strip().lower() in ("a4", "letter"):
            return value.strip().lower()
        return value

    @field_validator("lang")
    @classmethod
    def _lang_code(cls, value: str | None) -> str | None:
        if value is None:
            return None
        from w4r.compose.languages import canonical_code
        from w4r.compose.environment import LANG_CODE

        code = canonical_code(value)
        if not LANG_CODE.match(code):
            raise ValueError(f"{value!r} is not a language code such as en, fr, ru or zh-Hant")
        return code


def load_config(path: Path | None = None) -> Config:
    path = path or paths.config_file()
    if not path.exists():
        return Config()
    try:
        located = read_yaml_file(path, CONFIG)
    except YamlProblem as exc:
        where = f"{path}:{exc.mark.line}:{exc.mark.column}" if exc.mark else str(path)
        raise InputError(f"{where}: {exc.message}") from None
    try:
        return Config.model_validate(located.data or {})
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = tuple(err["loc"])
        mark = located.mark_for(loc[:-1] if err["type"] == "missing" else loc)
        where = f"{path}:{mark.line}:{mark.column}" if mark else str(path)
        key = ".".join(str(p) for p in loc if not isinstance(p, int)) or "(top level)"
        raise InputError(f"{where}: {key}: {_plain(err, loc)}", code="config_invalid", field=key) from None


_KEYS = {
    (): "sender, paper, lang, group, card_format, return_address, print_offset_mm, fonts",
    ("sender",): "name, address",
    ("fonts",): "key, path",
}


def _plain(err: dict, loc: tuple) -> str:
    """A pydantic error in the words of someone editing the file: what is wrong and what to write."""
    kind, given = err["type"], err.get("input")
    if kind == "extra_forbidden":
        parent = tuple(p for p in loc[:-1] if not isinstance(p, int))
        return f"is not a setting w4r knows; check the spelling (here: {_KEYS.get(parent, 'see the README')})"
    if kind == "missing":
        return "is missing"
    if kind == "literal_error":
        choices = err.get("ctx", {}).get("expected", "").replace("'", "")
        return f"{given!r} is not {choices}; write one of them"
    if kind in ("list_type", "tuple_type"):
        return "expected a list: lines starting with '- ', or [a, b]" + (" or one text with '|' between the lines" if loc[-1:] == ("address",) else "")
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return "expected keys with values below it, indented (for example 'name: Ann')"
    if kind in ("string_type",):
        return f"expected text, got {given!r}"
    if kind in ("float_parsing", "float_type", "int_parsing", "int_type"):
        return f"expected a number, got {given!r}"
    msg = err["msg"]
    return msg[len("Value error, "):] if msg.startswith("Value error, ") else msg
