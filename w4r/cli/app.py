"""The whole command line: the root group (``w4r.cli.root``) with every command registered.

``w4r`` itself registers only the command it runs (``root.load_commands``);
tests, scripts and the shell's completion import this module for all of them.
"""

from __future__ import annotations

from w4r.cli.root import DEBUG_ENV, W4RGroup, app, debug_enabled, load_all

__all__ = ["DEBUG_ENV", "W4RGroup", "app", "debug_enabled"]

load_all()
