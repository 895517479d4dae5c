"""``w4r cases preview``: one case's letter, card and briefing sheet, as its author checks them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from w4r.cases.schema import Case
from w4r.cases.status import appeal_rule
from w4r.compose.sender import Sender
from w4r.errors import W4RError

if TYPE_CHECKING:  # the renderers load when a preview is made
    from w4r.typeset.fonts import FontBook


@dataclass
class Preview:
    files: dict[str, bytes] = field(default_factory=dict)  # letter | card | briefing -> PDF
    notes: list[str] = field(default_factory=list)


def render_preview(case: Case, *, templates: str | Path | None = None, date: dt.date | None = None, fb: FontBook) -> Preview:
    from w4r.compose.card import compose_card
    from w4r.compose.letter import compose_letter
    from w4r.pack.sheets.briefing import render_briefing
    from w4r.render.card import render_card
    from w4r.render.designs import parse_design
    from w4r.render.letter import render_letter
    from w4r.typeset.glyphcheck import missing_report

    day = date or dt.date.today()
    made = Preview()
    rule = appeal_rule(case)
    if case.targets:
        letter = compose_letter(case, sender=Sender(), date=day, templates=templates, for_the_record=True, glyph_check=lambda text: missing_report(text, fb))
        made.files["letter"] = render_letter(letter, fb=fb)
        made.notes += list(letter.warnings)
        if not rule.writes_letter:
            made.notes.append(f"the letter is for the record only: {rule.label} (w4r letter refuses it)")
    else:
        made.notes.append(f"no letter: the case is card-only ({case.card_only})")
    if case.solidarity is not None:
        design, outline = parse_design(None)
        try:
            made.files["card"] = render_card(compose_card(case, sender=Sender(), templates=templates), "a5", design=design, outline=outline, fb=fb)
        except W4RError as exc:
            made.notes.append(f"no card: {exc.message}")
    else:
        made.notes.append("no card: the case has no solidarity section")
    made.files["briefing"] = render_briefing(case, printed=day, fb=fb)
    return made
