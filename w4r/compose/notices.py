"""Warnings for the writer as data: the words, a stable code and the facts behind them.

A ``Notice`` is a ``str`` (its English words), so everything that prints,
compares or counts warnings keeps working, and it carries ``code`` and
``params`` for a front end that groups or words them its own way (a batch
prints one line per translation or official, not one per row; the writing
room uses its own language).  No caller reads the words to learn the facts.

Codes: ``translation-unchecked`` (lang, language), ``address-unverified``
(office), ``official-unchecked`` / ``official-stale`` (office, verified_on),
``card-rule`` (rule, found, says, where), ``missing-glyphs`` (field, label,
detail: ``field`` is a key such as ``sender-name``, ``sender-address``,
``message``, ``recipient``, ``letter-text``; a front end names its own input
for it), ``bilingual-order`` / ``bilingual-english-only`` (language, official),
``case-closed`` / ``case-closed-record`` / ``case-free-card`` (name, label, since, event).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Callable

if TYPE_CHECKING:
    from w4r.cases.schema import Target


from w4r.errors import Notice  # noqa: E402 - on the ground floor, so that cases/ can say things too

__all__ = ["GlyphCheck", "Notice", "glyph_notices", "no_such_target", "official_notices"]


def official_notices(target: Target, on: dt.date) -> tuple[Notice, ...]:
    """At most one warning per official: an address nobody confirmed, else one checked too long ago (or never).

    An unverified address says all the never-checked warning would, so the
    writer reads one line per official, in the letter as on its envelope.
    """
    if not target.verified:
        return (
            Notice(
                f"the address of {target.label} is not verified; check it with your Amnesty section before posting",
                "address-unverified", office=target.label,
            ),
        )
    from w4r.cases.status import stale_official

    stale = stale_official(target, on)
    if stale is None:
        return ()
    return (Notice(str(stale), stale.code, office=stale.office, verified_on=stale.verified_on),)


# ``check(text)``: one line per character of ``text`` that no font can print (``typeset.glyphcheck.missing_report``).
# The typesetter knows the fonts; compose is handed its check by the caller.
GlyphCheck = Callable[[str], list[str]]


def glyph_notices(check: GlyphCheck | None, text: str, field: str, label: str) -> list[Notice]:
    """The characters of ``text`` no font prints, as warnings about ``field`` (worded with ``label``)."""
    if check is None or not text:
        return []
    return [Notice(f"{label}: {detail}", "missing-glyphs", field=field, label=label, detail=detail) for detail in check(text)]


def no_such_target(case) -> Exception:
    """The error for a target number the case does not have (code no-such-target; params case, targets)."""
    from w4r.errors import InputError

    n = len(case.targets)
    return InputError(f"case {case.id} has {n} target(s); choose target 1" + (f" to {n}" if n > 1 else ""),
                      code="no-such-target", field="target", params={"case": case.id, "targets": n})
