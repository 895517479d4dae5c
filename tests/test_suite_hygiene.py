"""The suite itself: no test turns itself off because a command "has not landed yet".

Every command has landed; such a skip now only hides a regression (a renamed
command silently turns its tests off).  A skip may stay for a platform fact.
"""

from __future__ import annotations

import re

from tests.conftest import REPO

STALE_SKIP = re.compile(r"not landed|landed yet|has_command\(|card_option_landed\(")


def test_no_test_skips_while_a_command_is_missing():
    offenders = []
    for path in sorted((REPO / "tests").rglob("*.py")):
        if path.name == "test_suite_hygiene.py":
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if STALE_SKIP.search(line):
                offenders.append(f"{path.relative_to(REPO)}:{number}: {line.strip()}")
    assert not offenders, "\n".join(offenders)
