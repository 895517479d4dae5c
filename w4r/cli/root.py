"""The root of the command line: the Typer group, its error handling, and which module holds which command.

A run registers only the command it was asked for (``load_commands``): ``w4r
letter`` does not import the modules of ``w4r batch`` or ``w4r tally`` and what
they import (cards, tallies, rosters), which would be most of its start-up.
``w4r --help``, an unknown command and tab completion load every command;
``w4r.cli.app`` is the whole application, as tests and scripts import it.
"""

from __future__ import annotations

import errno
import os
import sys
import traceback
from typing import Any

import typer
from typer.core import TyperGroup

from w4r.errors import ExitCode, W4RError

DEBUG_ENV = "W4R_DEBUG"
# Failures of the machine, not of w4r: reported as "cannot write" (exit 4).
_ENVIRONMENT_ERRNOS = {errno.ENOSPC, errno.EIO, errno.EROFS, errno.EFBIG, getattr(errno, "EDQUOT", errno.ENOSPC)}


def debug_enabled() -> bool:
    return os.environ.get(DEBUG_ENV) == "1"


def _is_cli_framework_exception(exc: BaseException) -> bool:
    # Usage errors, --help exits and aborts belong to Typer/Click, whichever
    # version is installed; they carry their own message and exit code.
    module = type(exc).__module__
    return module.startswith(("click", "typer"))


def _one_line(message: str) -> str:
    # Every failure is one line on stderr, even when a message quotes text with line breaks.
    return " ".join(part.strip() for part in message.splitlines() if part.strip())


def _ctrl_c_pressed() -> bool:
    main = sys.modules.get("w4r.cli.main")
    return bool(main and main.interrupted())


_INTERRUPTED_IN_COMMAND = "w4r: interrupted; finished files are complete and no partial file was left"


def _interrupted(message: str = "w4r: interrupted"):
    print(message, file=sys.stderr)
    return typer.Exit(int(ExitCode.INTERRUPTED))


class W4RGroup(TyperGroup):
    """Turns a W4RError into one line on stderr and its exit code; a bug into a short report."""

    def make_context(self, *args: Any, **kwargs: Any) -> Any:
        # Ctrl-C while the command line is being read: Typer would end with 130 and say nothing.
        try:
            return super().make_context(*args, **kwargs)
        except KeyboardInterrupt:
            raise _interrupted() from None

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except W4RError as exc:
            if debug_enabled():
                # The traceback, and still the documented exit code (not Python's 1).
                traceback.print_exc(file=sys.stderr)
            from w4r.cli.words import error_words  # the library names no option; the CLI words it with its own

            print(f"w4r: error: {_one_line(error_words(exc))}", file=sys.stderr)
            raise typer.Exit(int(exc.exit_code)) from None
        except KeyboardInterrupt:
            raise _interrupted(_INTERRUPTED_IN_COMMAND) from None
        except BrokenPipeError:
            # The reader went away (`w4r fonts | head`): what it wanted was printed.
            # Point stdout at /dev/null so the interpreter's final flush stays quiet.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            raise typer.Exit(0) from None
        except OSError as exc:
            if exc.errno not in _ENVIRONMENT_ERRNOS:
                return self._bug(exc)
            # A full disk or a failing device while printing to the terminal or a file:
            # the output cannot be written, which is not a bug in w4r.
            if debug_enabled():
                traceback.print_exc(file=sys.stderr)
            from w4r.output import silence_stdout

            silence_stdout()
            print(f"w4r: error: cannot write the output: {exc.strerror}; free some space or choose another place", file=sys.stderr)
            raise typer.Exit(int(ExitCode.OUTPUT)) from None
        except Exception as exc:  # noqa: BLE001 - the last line of defence
            return self._bug(exc)

    @staticmethod
    def _bug(exc: BaseException) -> Any:
        if _is_cli_framework_exception(exc):
            raise exc
        if _ctrl_c_pressed():  # a library turned the KeyboardInterrupt into another error
            raise _interrupted(_INTERRUPTED_IN_COMMAND) from None
        if debug_enabled():
            traceback.print_exception(type(exc), exc, exc.__traceback__, file=sys.stderr)
        print(
            f"w4r: internal error ({type(exc).__name__}: {_one_line(str(exc))}); this is a bug in w4r, "
            "please run again with --debug and report what it prints",
            file=sys.stderr,
        )
        raise typer.Exit(int(ExitCode.INTERNAL)) from None


app = typer.Typer(
    name="w4r",
    cls=W4RGroup,
    help="Write for Rights: appeal letters, solidarity cards and envelopes as print-ready PDFs.",
    no_args_is_help=True,
    add_completion=True,  # --install-completion / --show-completion (README, 'Tab completion')
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def _show_version(value: bool) -> None:
    if value:
        from w4r import __version__

        print(f"w4r {__version__}")
        raise typer.Exit(0)


@app.callback()
def _main(
    debug: bool = typer.Option(False, "--debug", help="Show the full traceback when something fails."),
    version: bool = typer.Option(False, "--version", callback=_show_version, is_eager=True, help="Print w4r's version and stop."),
) -> None:
    if debug:
        os.environ[DEBUG_ENV] = "1"
    from w4r.typeset.preparing import listen

    listen(_say_preparing)


def _say_preparing(scripts: str, seconds: int) -> None:
    # The first letter in Chinese or Japanese waits for its font; say why, once.
    print(f"w4r: preparing fonts for {scripts}, once: ~{seconds} s", file=sys.stderr, flush=True)


# Every command module, in the order their commands are listed by 'w4r --help'.
ALL_MODULES = (
    "w4r.cli.cases",
    "w4r.cli.letter",
    "w4r.cli.pack",
    "w4r.cli.envelope",
    "w4r.cli.post",
    "w4r.cli.tally",
    "w4r.cli.batch",
    "w4r.cli.printrun",
    "w4r.cli.fonts",
    "w4r.cli.serve",
)

# The module that registers each top-level command (a test checks this against ALL_MODULES).
COMMAND_MODULES = {
    "cases": "w4r.cli.cases",
    "show": "w4r.cli.cases",
    "validate": "w4r.cli.cases",
    "letter": "w4r.cli.letter",
    "pack": "w4r.cli.pack",
    "envelope": "w4r.cli.envelope",
    "post": "w4r.cli.post",
    "tally": "w4r.cli.tally",
    "batch": "w4r.cli.batch",
    "printer-test": "w4r.cli.printrun",
    "labels": "w4r.cli.printrun",
    "fonts": "w4r.cli.fonts",
    "serve": "w4r.cli.serve",
}

_COMPLETION_ENV = "_W4R_COMPLETE"  # set by the shell while completing a w4r command line


def load_all() -> None:
    """Register every command (each module adds its commands to ``app`` when imported)."""
    import importlib

    for module in ALL_MODULES:
        importlib.import_module(module)


def load_commands(argv: list[str]) -> None:
    """Register the command ``argv`` names, or every command when it names none (help, a typo, completion)."""
    import importlib

    module = COMMAND_MODULES.get(argv[0]) if argv else None
    if module is None or _COMPLETION_ENV in os.environ:
        load_all()
    else:
        importlib.import_module(module)
