"""``pack.yaml``: what a pack is (name, campaign year, publisher, version, languages) and the SHA-256 of every file in it."""

from __future__ import annotations

import hashlib
import re

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from w4r.cases.ids import CASE_ID
from w4r.cases.yamlsafe import YamlProblem, parse_yaml_text
from w4r.errors import PackError

MANIFEST = "pack.yaml"
SIGNATURE = "pack.sig"
ARCHIVE_NAME = "archive"  # the built-in pack of the cases shipped with w4r
_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_LANG = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$")


class PackManifest(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    name: str
    title: str | None = None
    campaign_year: int = Field(ge=2001, le=2100)
    publisher: str = Field(min_length=1, max_length=200)
    version: str = Field(min_length=1, max_length=40)
    languages: list[str] = Field(default_factory=lambda: ["en"])
    description: str | None = None
    # The publisher's Ed25519 public key (base64), when the pack is signed: pack.sig signs this file.
    signing_key: str | None = None
    # Every other file of the pack -> its SHA-256 (hex); empty in a source folder, filled by 'w4r cases pack'.
    files: dict[str, str] = Field(default_factory=dict)

    @field_validator("name")
    @classmethod
    def _check_name(cls, v: str) -> str:
        if not CASE_ID.match(v):
            raise ValueError("a pack name is lowercase letters, digits and dashes, e.g. wfr-2025")
        return v

    @field_validator("languages")
    @classmethod
    def _check_langs(cls, v: list[str]) -> list[str]:
        for code in v:
            if not _LANG.match(code):
                raise ValueError(f"{code!r} is not a language code such as en, ru or zh-Hant")
        return v

    @field_validator("files")
    @classmethod
    def _check_hashes(cls, v: dict[str, str]) -> dict[str, str]:
        for path, digest in v.items():
            if not _SHA256.match(str(digest)):
                raise ValueError(f"files: {path}: expected a SHA-256 in hex (64 characters)")
        return v

    @property
    def label(self) -> str:
        return f"{self.name} {self.version} ({self.campaign_year}, {self.publisher})"


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def parse_manifest(data: bytes, where: str = MANIFEST) -> PackManifest:
    """Read pack.yaml strictly (the case files' YAML rules); PackError naming the problem."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise PackError(f"{where}: not UTF-8 text", reason="manifest") from None
    try:
        located = parse_yaml_text(text)
    except YamlProblem as exc:
        at = f":{exc.mark.line}:{exc.mark.column}" if exc.mark else ""
        raise PackError(f"{where}{at}: {exc.message}", reason="manifest") from None
    raw = located.data
    if isinstance(raw, dict) and isinstance(raw.get("campaign_year"), str) and raw["campaign_year"].isdigit():
        raw = {**raw, "campaign_year": int(raw["campaign_year"])}
    try:
        return PackManifest.model_validate(raw)
    except ValidationError as exc:
        err = exc.errors()[0]
        field = ".".join(str(p) for p in err["loc"]) or "(top level)"
        msg = err["msg"].removeprefix("Value error, ")
        raise PackError(f"{where}: {field}: {msg}", reason="manifest") from None


def dump_manifest(manifest: PackManifest) -> bytes:
    """pack.yaml as w4r writes it: keys in a fixed order, files sorted, so a rebuild gives the same bytes."""
    import yaml

    data = manifest.model_dump(exclude_none=True)
    data["files"] = dict(sorted(data.get("files", {}).items()))
    head = "# w4r case pack: the SHA-256 of every file below is checked when the pack is installed.\n"
    return (head + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)).encode("utf-8")
