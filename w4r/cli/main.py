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
    from w4r.cli.app import app

    app(args=argv, prog_name="w4r")
