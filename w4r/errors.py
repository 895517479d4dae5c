"""Errors a user can act on, kept apart from bugs.

Every W4RError carries the exit code the command line ends with and a one-line
message that names the file, line or row and says what to do.  Anything else
that escapes is a bug in w4r and is reported as such.
"""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """Documented exit codes (README, "Exit codes")."""

    OK = 0
    WARNINGS = 1  # warnings promoted to errors by --strict
    BAD_INPUT = 2  # a case file, roster, option or message w4r cannot use
    NOT_FOUND = 3  # an unknown case, template or file
    OUTPUT = 4  # the output cannot be written (exists without --force, read-only, ...)
    NO_APPEAL = 5  # the case's status rules the letter out (the person is free, the action closed)
    INTERRUPTED = 130  # Ctrl-C
    INTERNAL = 70  # a bug in w4r (EX_SOFTWARE)


class W4RError(Exception):
    """A problem the user can fix; the message is shown as is, on one line.

    Besides the words, an error carries data a front end can use without
    reading them: ``code`` (a stable key), ``field`` (the input it concerns,
    e.g. ``message``), ``hint`` (a key the front end turns into its own advice,
    so a lower layer never names a command-line option) and ``params`` for it.
    """

    exit_code: ExitCode = ExitCode.BAD_INPUT

    def __init__(self, message: str, *, exit_code: ExitCode | None = None, code: str | None = None,
                 field: str | None = None, hint: str | None = None, params: dict | None = None):
        super().__init__(message)
        self.message = message
        self.code, self.field, self.hint, self.params = code, field, hint, dict(params or {})
        if exit_code is not None:
            self.exit_code = exit_code

    def __str__(self) -> str:
        return self.message


class Notice(str):
    """A warning or note as data: its English words (the string itself), a stable ``code`` and the facts in ``params``.

    A front end may print it as it is, or make its own words from ``code`` and
    ``params`` (the command line names its options, the writing room its fields).
    """

    code: str
    params: dict

    def __new__(cls, text: str, code: str = "note", **params: object) -> Notice:
        obj = super().__new__(cls, text)
        obj.code = code
        obj.params = params
        return obj


class InputError(W4RError):
    exit_code = ExitCode.BAD_INPUT


class NotFoundError(W4RError):
    exit_code = ExitCode.NOT_FOUND


class OutputError(W4RError):
    exit_code = ExitCode.OUTPUT


class StrictWarningsError(W4RError):
    exit_code = ExitCode.WARNINGS


class CaseFileError(InputError):
    """One or more problems in case files, each with file, line and column."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        first = problems[0] if problems else "invalid case file"
        more = f" (and {len(problems) - 1} more problem(s))" if len(problems) > 1 else ""
        super().__init__(first + more)


class CaseClosedError(W4RError):
    """The case's latest status rules out an appeal letter; the fields say why.

    The message is plain English that names no front end's option; the command
    line words it with its own options (``w4r.cli.words``).
    """

    exit_code = ExitCode.NO_APPEAL

    def __init__(self, *, case_id: str, name: str, pronoun: str, status: str, since, event: str, card_only: str | None = None, has_card: bool = True):
        self.case_id = case_id
        self.name = name
        self.pronoun = pronoun
        self.status = status
        self.since = since
        self.event = event
        self.card_only = card_only
        self.has_card = has_card
        super().__init__(self._describe(), code="case-closed", field="case", hint="for_the_record",
                         params={"case": case_id, "status": status, "since": since, "card_only": card_only, "has_card": has_card})

    def _describe(self) -> str:
        card = "send a solidarity card instead" if self.has_card else "there is nothing to post for this case"
        if self.card_only is not None:
            return f"case {self.case_id} is card-only: {self.card_only.rstrip('.')}; {card}"
        what = "no further letters are asked for" if self.status == "action-closed" else card
        return (f"case {self.case_id} is {self.status.replace('-', ' ')} since {self.since.isoformat()} ({self.event.rstrip('.')}): "
                f"the appeal is out of date, so no letter was written; {what}, or ask for the old letter for the record")


class PackError(InputError):
    """A case pack w4r refuses (tampered, unsafe paths, a bomb, a bad signature, invalid cases); ``reason`` names the check."""

    def __init__(self, message: str, *, reason: str, pack: str | None = None):
        self.reason = reason
        self.pack = pack
        super().__init__(message)
