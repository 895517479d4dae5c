"""Case translations (templates/letters/cases/<case>.<lang>.yaml): validated like case files.

A translation gives ``facts`` and ``ask`` in the letter's language, and may give
``salutation`` (one text, or a list in the order of the case's targets),
``name`` and ``country`` as written in that language, and ``written_by`` /
``checked_by``.  They come with shared template folders, so a list where a text
belongs is reported with file, line and column, never printed as Python's
``['a', 'b']`` on a letter.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from w4r.cases.schema import COUNTRY, LINE, MAX_ASKS, Ask, Name, Paragraph, Status
from w4r.userfiles import TRANSLATION


class StatusAskTranslation(BaseModel):
    """What the letter asks once the case reaches a status (see the case file's status_asks)."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    ask: list[Ask] = Field(min_length=1, max_length=MAX_ASKS)
    facts: Paragraph | None = None


class CaseTranslation(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    facts: Paragraph
    ask: list[Ask] = Field(min_length=1, max_length=MAX_ASKS)
    salutation: Any = None  # a text, or a list of texts (checked below, for a plain message)
    name: Name | None = None
    country: Annotated[str, Field(min_length=2, max_length=COUNTRY)] | None = None
    written_by: Annotated[str, Field(max_length=LINE)] = ""
    checked_by: Annotated[str, Field(max_length=LINE)] = ""
    status_asks: dict[Status, StatusAskTranslation] = Field(default_factory=dict)

    @field_validator("salutation")
    @classmethod
    def _salutation(cls, v: Any) -> str | tuple[str, ...] | None:
        if v is None or (isinstance(v, str) and len(v) <= LINE):
            return v.strip() if isinstance(v, str) else v
        if isinstance(v, list) and all(isinstance(x, str) and len(x) <= LINE for x in v):
            return tuple(x.strip() for x in v)
        raise ValueError(f"expected a text, or a list of texts (one per target, each at most {LINE} characters)")


def load_translation(path: Path, root: Path) -> CaseTranslation:
    from w4r.compose.languages import read_model

    return read_model(path, CaseTranslation, TRANSLATION, root=root)


__all__ = ["CaseTranslation", "load_translation"]
