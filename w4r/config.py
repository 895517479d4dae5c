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

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from w4r import paths
from w4r.cases.yamlsafe import YamlProblem, read_yaml_file
from w4r.userfiles import CONFIG
from w4r.errors import InputError


class SenderConfig(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    name: str | None = None
    address: list[str] = Field(default_factory=list)


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
        mark = located.mark_for(tuple(err["loc"]))
        where = f"{path}:{mark.line}:{mark.column}" if mark else str(path)
        raise InputError(f"{where}: {'.'.join(map(str, err['loc']))}: {err['msg']}") from None
