"""Console entry point (``w4r`` and ``python -m w4r``)."""

from __future__ import annotations

import os
import signal
import sys

from w4r.procs import ctrl_c_pressed, note_ctrl_c


_MAIN_PID = os.getpid()
_stopped_by: int | None = None  # SIGTERM or SIGHUP, once one has arrived


def interrupted() -> bool:
    """Whether Ctrl-C was pressed during this run (even if a library swallowed the KeyboardInterrupt)."""
    return ctrl_c_pressed()


def _ctrl_c(signum, frame) -> None:
    # Some ReportLab code catches every exception and raises its own (a bare
    # 'except:'), so a Ctrl-C can surface as a ValueError; the flag lets the
    # CLI still report it as an interruption, not as a bug.
    note_ctrl_c()
    signal.default_int_handler(signum, frame)


def _stop(signum, _frame) -> None:
    # Closing the terminal (SIGHUP) or 'kill' (SIGTERM) would end Python on the
    # spot, leaving a half-written temporary file; as an exception the usual
    # clean-up runs (output.write_atomic removes its .part file).
    if os.getpid() != _MAIN_PID:
        # A forked worker (w4r batch --jobs) writes no files: it ends at once, as before.
        signal.signal(signum, signal.SIG_DFL)
        os.kill(os.getpid(), signum)
        return
    global _stopped_by
    _stopped_by = signum
    raise SystemExit(128 + signum)


def _handle_termination() -> None:
    if signal.getsignal(signal.SIGINT) is signal.default_int_handler:
        signal.signal(signal.SIGINT, _ctrl_c)
    for name in ("SIGTERM", "SIGHUP"):
        sig = getattr(signal, name, None)
        if sig is not None and signal.getsignal(sig) == signal.SIG_DFL:
            signal.signal(sig, _stop)


def run(argv: list[str] | None = None) -> None:
    argv = list(sys.argv[1:] if argv is None else argv)
    _handle_termination()
    # Pydantic looks for plugins (monitoring tools) by reading the metadata of every
    # installed package the first time a model is built: a tenth of a letter's
    # start-up, for plugins w4r's own models never use.  A value the user set wins.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    from w4r import deferred

    deferred.install()  # Pillow, HarfBuzz and package metadata load when used, not at start-up
    # --debug is accepted anywhere on the line, not only before the command.
    if "--debug" in argv:
        argv.remove("--debug")
        os.environ["W4R_DEBUG"] = "1"
    try:
        from w4r.cli.root import app, load_commands

        load_commands(argv)  # only the command asked for, so that its start-up is all it pays
        app(args=argv, prog_name="w4r")
    except KeyboardInterrupt:
        # Ctrl-C before a command started (while loading) or after it ended.
        if os.environ.get("W4R_DEBUG") == "1":
            raise
        print("w4r: interrupted", file=sys.stderr)
        sys.exit(130)
    finally:
        _report_unsafe_font_cache()


_CACHE_REFUSALS = {
    "other-owner": "it belongs to another account",
    "writable-by-others": "other accounts can write to it",
    "parent-other-owner": "the folder it is in belongs to another account",
    "parent-writable-by-others": "other accounts can write to the folder it is in",
}


def _report_unsafe_font_cache() -> None:
    """Say once why fonts were prepared afresh: a cache folder others can write to is never used."""
    fontcache = sys.modules.get("w4r.typeset.fontcache")
    if fontcache is None:
        return
    for folder, code in fontcache.refused().items():
        print(
            f"w4r: warning: the font cache {folder} is not used because {_CACHE_REFUSALS.get(code, code)}; "
            "fonts are prepared afresh on every run. Use a folder only you can write to "
            f"(chmod go-w, or set W4R_CACHE_DIR)",
            file=sys.stderr,
        )


def main() -> None:
    """The program itself (``w4r``, ``python -m w4r``): ``run``, then end the process at once.

    ``run`` ends with SystemExit like any command line; called from Python
    (tests, scripts) it behaves as usual.  Here the process ends with its exit
    code once output is flushed and exit handlers have run, skipping Python's
    final clean-up, which frees every object of a finished batch one by one
    (ReportLab's document, fonts, the case schema): a tenth of a second or more
    for memory the operating system takes back anyway.
    """
    try:
        run()
    except SystemExit as exc:
        code = exc.code
    else:
        code = 0
    if _stopped_by is not None:
        # ReportLab's page callbacks re-raise what passes through them with their own
        # words (annotateException): SystemExit(143) can arrive as
        # SystemExit("handle_pageBegin args=() 143"), which Python would print as is
        # and end with 1.  The signal decides the code and the words.
        name = signal.Signals(_stopped_by).name
        print(f"w4r: stopped ({name}); finished files are complete and no partial file was left", file=sys.stderr)
        code = 128 + _stopped_by
    exit_now(code)


def exit_now(code: object = 0) -> None:
    """End the process with ``code`` (as SystemExit would) without tearing the interpreter down."""
    import atexit

    run_exit_handlers = getattr(atexit, "_run_exitfuncs", None)
    if run_exit_handlers is None:  # not CPython: leave the usual way
        sys.exit(code)
    if code is None:
        status = 0
    elif isinstance(code, int):
        status = code
    else:  # SystemExit("message"): printed, status 1
        print(code, file=sys.stderr)
        status = 1
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (BrokenPipeError, ValueError):
            pass  # the reader went away, or the stream was closed: nothing more to say
        except OSError:
            status = status or 1
    run_exit_handlers()
    os._exit(status)

