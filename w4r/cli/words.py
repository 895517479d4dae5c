"""The library's errors and warnings in the command line's words.

The library raises and returns data: an error's ``code``, ``field``, ``hint``
key and ``params``, a warning's ``code`` and ``params``; its own English
words never name a command-line option.  Here, at the edge, the options are
named where the fix is one: ``error_words`` gives the line ``w4r: error:``
prints, ``notice_words`` the line of a warning or note.
"""

from __future__ import annotations

from typing import Callable

from w4r.errors import W4RError

_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December")
_STATUS_WORDS = {
    "freed": "was freed",
    "released": "was released",
    "acquitted": "was acquitted",
    "pardoned": "was pardoned and released",
    "action-closed": "'s case was closed",
}


def hint_words(key: str | None, params: dict) -> str:
    """What to add to a message for a hint key: the option that fixes it."""
    maker = HINTS.get(key or "")
    return maker(params) if maker else ""


def _skip_invalid(params: dict) -> str:
    good = params["good"]
    them = "them" if params["rows"] != 1 else "it"
    return f"; fix {them}, or use --skip-invalid to print the other {good} row{'s' if good != 1 else ''}"


HINTS: dict[str, Callable[[dict], str]] = {
    # batch (w4r.batch.problems)
    "default_case": lambda p: " or give --case",
    "default_column": lambda p: f"; add the column, or give --{p['column']} for every row",
    "skip_invalid": _skip_invalid,
    "try_encoding": lambda p: f"; try --encoding {p['encoding']}, or save it as 'CSV UTF-8'",
    "save_utf8": lambda p: "; save it as 'CSV UTF-8', or give its encoding with --encoding",
    "check_encoding": lambda p: "; check --encoding" + (f" (try {p['guess']})" if p.get("guess") else ""),
    "drop_encoding": lambda p: f"; leave out --encoding {p['encoding']}",
    "jobs_one": lambda p: "; close other programs or print with --jobs 1, then run the batch again",
    # every command
    "overwrite": lambda p: "; use --force to overwrite it",
    "templates": lambda p: "; check --templates",
    "cases_dir": lambda p: "; check --cases-dir or W4R_CASES_DIR",
    "lang_en": lambda p: "; use --lang en or add the translation",
    "lang_en_ask": lambda p: "; use --lang en or add it",
}


def _case_closed(exc) -> str:
    if exc.card_only is not None:
        card = f"send a card instead (w4r letter {exc.case_id} --to individual)" if exc.has_card else "there is nothing to post for this case"
        return f"case {exc.case_id} is card-only: {exc.card_only.rstrip('.')}; {card}"
    when = f"{exc.since.day} {_MONTHS[exc.since.month - 1]} {exc.since.year}"
    verb = _STATUS_WORDS.get(exc.status, f"is {exc.status.replace('-', ' ')}")
    object_pronoun = {"she": "her", "he": "him"}.get(exc.pronoun, "them")
    who = f"{exc.name}{verb}" if verb.startswith("'") else f"{exc.name} {verb}"
    card = f"send {object_pronoun} a card instead (w4r letter {exc.case_id} --to individual)" if exc.has_card else "there is nothing to post"
    if exc.status == "action-closed":
        card = "Amnesty asks for no further letters"
    return (
        f"{who} on {when} ({exc.event.rstrip('.')}): the appeal is out of date, so no letter was written; "
        f"{card}, or add --force to make the old letter for the record"
    )


_STRICT_ADVICE = {
    "letter": "fix the letter or leave out --strict",
    "card": "rewrite the message or leave out --strict",
    "envelope": "check the address or leave out --strict",
}


def _strict(exc) -> str:
    found = exc.params["warnings"]
    more = f" (and {len(found) - 1} more)" if len(found) > 1 else ""
    return f"{notice_words(found[0])}{more}; --strict turns this into an error: {_STRICT_ADVICE[exc.params['job']]}"


def _format_not_for(exc) -> str:
    p = exc.params
    return f"--format {p['format']} does not apply to --to {p['to']}; choose one of {', '.join(p['allowed'])}"


# Errors worded afresh from their data (the library's words would not name the option).
CODES: dict[str, Callable[[W4RError], str]] = {
    "case-closed": _case_closed,
    "strict": _strict,
    "format-not-for": _format_not_for,
    "templates-is-file": lambda e: f"--templates {e.params['path']} is a file; give the folder that holds letters/ and lang/",
    "bad_date": lambda e: f"--date {e.params['value']!r} is not a date; write it as YYYY-MM-DD, e.g. 2026-12-10",
    "event-without-count": lambda e: "--event goes with --count (or use 'w4r tally add --event')",
    "letter-only": lambda e: "--target and --bilingual are for letters to the authorities; a card goes to the person (--to individual)",
    "card-only": lambda e: "--design and --outline are for cards (--to individual)",
    "record-not-counted": lambda e: "--count is for letters you will post; this one is for the record only (the case's status rules the appeal out)",
    "cards-not-for-letter": lambda e: "--cards is for envelopes of cards (--to individual)",
    "cards-too-few": lambda e: f"--cards {e.params['cards']}: give the number of cards in the envelope, 1 or more",
    "cards-too-many": lambda e: f"--cards {e.params['cards']}: an envelope holds at most {e.params['most']} cards; use more envelopes",
    "target-not-for-cards": lambda e: "--target is for envelopes to the authorities; cards go to the person's solidarity address",
    "no-such-target": lambda e: f"case {e.params['case']} has {e.params['targets']} target(s); choose --target 1" + (f" to {e.params['targets']}" if e.params["targets"] > 1 else ""),
}


def error_words(exc: W4RError) -> str:
    """The line the command line prints for ``exc`` (without ``w4r: error:``)."""
    maker = CODES.get(exc.code or "")
    if maker is not None:
        return maker(exc)
    return exc.message + hint_words(exc.hint, exc.params)


# Warnings and notes: the inputs of this front end, by the library's field keys.
FIELD_LABELS = {
    "sender-name": "your name (--from)",
    "sender-address": "your address (--address)",
    "message": "card message (--message)",
}


def notice_words(notice) -> str:
    """A warning or note (``compose.notices.Notice``) in the command line's words."""
    code = getattr(notice, "code", None)
    params = getattr(notice, "params", {})
    if code == "missing-glyphs" and params.get("label") in ("your name", "your address", "card message"):
        return f"{FIELD_LABELS[params['field']]}: {params['detail']}"
    if code in ("bilingual-order", "bilingual-english-only"):
        return f"--bilingual: {notice}"
    if code == "unsigned-email":
        return f"{notice}; give --from with your name (your email address is never added)"
    return str(notice)
