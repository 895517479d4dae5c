"""Console entry point (``w4r`` and ``python -m w4r``)."""

from __future__ import annotations

import os
import sys


def run(argv: list[str] | None = None) -> None:
    argv = list(sys.argv[1:] if argv is None else argv)
    # --debug is accepted anywhere on the line, not only before the command.
    if "--debug" in argv:
        argv.remove("--debug")
        os.environ["W4R_DEBUG"] = "1"
    try:
        from w4r.cli.app import app

        app(args=argv, prog_name="w4r")
    except KeyboardInterrupt:
        # Ctrl-C before a command started (while loading) or after it ended.
        if os.environ.get("W4R_DEBUG") == "1":
            raise
        print("w4r: interrupted", file=sys.stderr)
        sys.exit(130)
