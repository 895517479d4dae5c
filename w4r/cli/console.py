"""Shared terminal output for commands: results on stdout, messages on stderr."""

from __future__ import annotations

from w4r import caches

import json
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console


# Made on first use: most runs print plain lines, and rich takes a tenth of a
# second to load.
@caches.cached("cli.console.out", maxsize=None)
def out() -> Console:
    """Rich output (tables) on stdout."""
    from rich.console import Console

    return Console(soft_wrap=True, highlight=False)


@caches.cached("cli.console.err", maxsize=None)
def err() -> Console:
    """Rich output (the progress bar) on stderr."""
    from rich.console import Console

    return Console(stderr=True, soft_wrap=True, highlight=False)


def warn(message: str) -> None:
    """A warning: printed, never fatal on its own (``--strict`` decides that)."""
    print(f"w4r: warning: {message}", file=sys.stderr)


def info(message: str) -> None:
    print(message, file=sys.stderr)


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")
