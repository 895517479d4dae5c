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
    # output files (w4r.output, w4r.pack.run)
    "name_file": lambda p: " with -o",
    "name_file_or_pipe": lambda p: "",  # worded whole (CODES: pdf-to-terminal)
    "other_output": lambda p: "; choose another -o",
    "or_other_output": lambda p: " or choose another -o",
    "comma_other_output": lambda p: ", or choose another -o",
    "replace_pack": lambda p: "; use --force to replace the pack's files in it (other files are left alone), or choose another -o",
    # packs, envelopes, cards
    "include_closed": lambda p: "",  # worded whole (CODES: all-cases-closed)
    "larger_size": lambda p: "",  # worded whole (CODES: address-does-not-fit)
    "sign_takes_key": lambda p: "",  # worded whole (CODES: not-a-signing-key)
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
    "bad-date": lambda e: f"--date {e.params['value']!r} is not a date; write it as YYYY-MM-DD, e.g. 2026-12-10",
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


def _address_does_not_fit(e) -> str:
    if e.hint == "larger_size":
        return f"{e.params['problem']}; choose a larger --size"
    return e.message


def _message_does_not_fit(e) -> str:
    p = e.params
    roomier = f", or choose --format {p['format']}, which takes about {p['fits']}" if e.hint == "roomier_format" else ""
    return p["problem"] + roomier


def _signing_key(e) -> str:
    said = " (that is the public key: --sign takes the .key file)" if e.hint == "sign_takes_key" else ""
    return f"{e.params['path']} is not a w4r signing key{said}"


def _output_is_folder(e) -> str:
    example = f", e.g. {e.params['example']}" if "example" in e.params else ""
    return f"{e.params['path']} is a folder; give a file name with -o{example}"


# Errors of the lower floors, in the command line's words (the option that fixes each).
CODES.update({
    "empty-output": lambda e: "-o is empty; give a file name, or leave -o out for the default name",
    "output-is-folder": _output_is_folder,
    "pdf-to-terminal": lambda e: "will not print a PDF to the terminal; give a file name with -o, or pipe the output",
    "all-cases-closed": lambda e: "every case in the library is closed; name the cases you want or add --all",
    "copies-out-of-range": lambda e: f"--{e.field} {e.params['value']}: give a number from 0 to {e.params['most']}",
    "bad-envelope-size": lambda e: f"--size {e.params['size']!r} is not an envelope size; choose one of {', '.join(e.params['allowed'])}",
    "address-does-not-fit": _address_does_not_fit,
    "not-a-postcard-sheet": lambda e: f"--format {e.params['format']} is a folded card, not a postcard sheet",
    "message-does-not-fit": _message_does_not_fit,
    "bad-card-format": lambda e: f"--format {e.params['format']!r} is not a card format; choose one of {', '.join(e.params['allowed'])}",
    "bad-design": lambda e: f"--design {e.params['design']!r} is not a card design; choose one of {', '.join(e.params['allowed'])}",
    "not-a-signing-key": _signing_key,
    "no-greeting-in-lang": lambda e: (f"case {e.params['case']} has card greetings in {e.params['langs']}, not in {e.params['lang']!r}; "
                                      f"choose --lang {e.params['first']}"),
    "bad-lang-code": lambda e: f"--lang {e.params['value']!r} is not a language code such as en, ru, zh-Hant or ar",
    "no-card-rules": lambda e: f"{e.params['file']} not found in the template folders; reinstall w4r or check --templates",
    "post-card-only": lambda e: (f"case {e.params['case']} is card-only and asks nothing of the authorities, so it has no post; "
                                 f"make cards instead (w4r letter {e.params['case']} --to individual)"),
    "bad-max-length": lambda e: f"--max must be a positive number of characters, not {e.params['value']}",
    "post-too-long": lambda e: (f"no post for {e.params['case']} fits in {e.params['max']} characters; the shortest is {e.params['shortest']} "
                                f"(as X counts them), so use --max {e.params['shortest']} or more"),
    "bad-count": lambda e: f"--{e.field} must be a whole number, 0 or more; got {e.params['value']}",
    "count-too-big": lambda e: f"--{e.field} {e.params['value']} is more than one entry can hold ({e.params['most']}); check the number",
    "nothing-to-count": lambda e: f"nothing to add: give {', '.join('--' + k for k in e.params['kinds'][:-1])} or --{e.params['kinds'][-1]} with a number above 0",
    "empty-event": lambda e: "the event name is empty; leave out --event or give a name",
    "tally-not-a-file": lambda e: f"{e.params['path']} is not a regular file, so it cannot be a tally; point --file or {e.params['env']} at a file",
    "not-a-tally": lambda e: (f"{e.params['path']} is a database but not a w4r tally (tables: {e.params['tables']}); w4r leaves it alone: "
                              f"point --file or {e.params['env']} at a tally, or at a new file name"),
})


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
    if code == "design-breaks-rule":
        return f"cards for {params['case']}: {params['hit']}; choose another --design"
    if code == "key-not-trusted":
        return (f"signature checked: key {params['fingerprint']}; you have not marked it as {params['publisher']}'s "
                f"('w4r cases trust KEY.pub --publisher \"{params['publisher']}\"')")
    if code == "unsigned-email":
        return f"{notice}; give --from with your name (your email address is never added)"
    return str(notice)
