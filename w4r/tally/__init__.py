"""The tally: how many letters, cards, emails and signatures a group sent, per case.

Kept in a small SQLite file in the user's data folder (``w4r tally --where``;
``W4R_TALLY_FILE`` moves it, e.g. to a folder the group shares).  It holds
counts, dates, case ids and event names only: never a name, an address or a
message.

Nothing is counted behind the user's back: entries come from ``w4r tally add``
or from ``--count`` on the commands that make letters, through ``record()``.

- ``w4r.tally.counts``: what an entry holds (kinds, entries, totals) and the checks on it;
- ``w4r.tally.store``: the SQLite file (schema, migrations, locking, read-only reads);
- ``w4r.tally.report``: the totals as CSV for a section's report, and the
  ``w4r tally add`` line to run once letters are posted.

The names below are the tally's public face for scripts (docs/scripting.md).
"""

from w4r.tally.counts import (
    KINDS,
    MAX_COUNT,
    MAX_EVENT_CHARS,
    CaseTotal,
    Entry,
    check_case_id,
    check_counts,
    clean_event,
    describe_counts,
    grand_total,
)
from w4r.tally.report import neutralise, shell_word, tally_add_command, totals_csv
from w4r.tally.store import (
    APPLICATION_ID,
    FILE_NAME,
    SCHEMA_VERSION,
    TALLY_FILE_ENV,
    Tally,
    record,
    record_many,
    tally_path,
)

__all__ = [
    "APPLICATION_ID", "FILE_NAME", "KINDS", "MAX_COUNT", "MAX_EVENT_CHARS", "SCHEMA_VERSION", "TALLY_FILE_ENV",
    "CaseTotal", "Entry", "Tally", "check_case_id", "check_counts", "clean_event", "describe_counts",
    "grand_total", "neutralise", "record", "record_many", "shell_word", "tally_add_command", "tally_path",
    "totals_csv",
]
