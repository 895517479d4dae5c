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
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from w4r import _PAPERS
from w4r import paths
from w4r.cases.yamlsafe import YamlProblem, read_yaml_file
from w4r.userfiles import CONFIG
from w4r.errors import InputError


# What fits where the values are printed (the same limits as --from and --address).
LINE = 120
ADDRESS_LINES = 5
Line = Annotated[str, Field(max_length=LINE)]
DOC = "the README, \"Your details once, in a config file\""  # where the keys are explained

# A TrueType font (ReportLab embeds TrueType outlines only): the first four bytes of the file.
_TRUETYPE_MAGIC = (b"\x00\x01\x00\x00", b"true")


class SenderConfig(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    name: Line | None = None
    # A list of lines, or one text with the lines on lines of their own (YAML's |) or separated by '|'.
    address: list[Line] = Field(default_factory=list, max_length=ADDRESS_LINES)

    @field_validator("address", mode="before")
    @classmethod
    def _lines(cls, value: object) -> object:
        if isinstance(value, str):
            return [line.strip() for line in value.replace("|", "\n").splitlines() if line.strip()]
        return value


class FontOverride(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    key: Annotated[str, Field(min_length=1, max_length=40)]
    path: Annotated[str, Field(min_length=1, max_length=4096)]

    @field_validator("path")
    @classmethod
    def _truetype(cls, v: str) -> str:
        """A font that is not a TrueType file is the config's fault: say so here, not as a bug later."""
        p = Path(v).expanduser()
        try:
            with open(p, "rb") as fh:
                if not p.is_file():
                    raise ValueError(f"{p} is not a font file")
                magic = fh.read(4)
        except OSError as exc:
            raise ValueError(f"cannot read the font {p}: {exc.strerror}; fix the path or remove the entry") from None
        if magic == b"OTTO":
            raise ValueError(f"{p} is an OpenType font with PostScript outlines; w4r can embed only TrueType (.ttf) fonts")
        if magic not in _TRUETYPE_MAGIC:
            raise ValueError(f"{p} is not a TrueType font (.ttf); give the path of a .ttf file")
        return v


class Config(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    sender: SenderConfig = Field(default_factory=SenderConfig)
    paper: Literal[_PAPERS] | None = None  # the package root's copy of render.formats.PAPER_NAMES
    lang: Annotated[str, Field(max_length=40)] | None = None  # a language code; checked below, in plain words
    group: Annotated[str, Field(max_length=200)] | None = None
    card_format: Annotated[str, Field(max_length=40)] | None = None
    # A group's return address: printed on every batch letter whose row has none (lines, or one text with | or newlines).
    return_address: Annotated[str, Field(max_length=LINE * ADDRESS_LINES)] | list[Line] | None = None
    # How far to move everything w4r prints to make up for the printer's shift, in mm: "X,Y" or [X, Y] (see w4r printer-test).
    print_offset_mm: Annotated[str, Field(max_length=40)] | list[float] | None = None
    fonts: list[FontOverride] = Field(default_factory=list, max_length=20)

    @field_validator("paper", mode="before")
    @classmethod
    def _paper_any_case(cls, value: object) -> object:
        if isinstance(value, str) and value.strip().lower() in _PAPERS:
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
    from w4r.cases.loader import validation_problems

    try:
        located = read_yaml_file(path, CONFIG)
    except YamlProblem as exc:
        if exc.empty:
            return Config()  # an empty config (or one of comments only): no settings yet
        where = f"{path}:{exc.mark.line}:{exc.mark.column}" if exc.mark else str(path)
        raise InputError(f"{where}: the config file: {exc.message}") from None
    if not isinstance(located.data, dict):
        raise InputError(f"{path}:1:1: the config file must be a mapping of keys (sender:, paper:, lang:, ...); see {DOC}")
    try:
        return Config.model_validate(located.data)
    except ValidationError as exc:
        problems = validation_problems(path, located, exc, DOC)
        more = f" (and {len(problems) - 1} more problem(s))" if len(problems) > 1 else ""
        raise InputError(problems[0] + more) from None
