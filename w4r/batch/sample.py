"""``w4r batch --sample FILE``: a small roster to start from, never written over an existing file."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from w4r.errors import OutputError
from w4r.output import write_atomic

SAMPLE_ROWS = [
    ("name", "message", "case", "to", "address", "lang", "group"),
    ("Ann Example", "I am a teacher in Anytown. My class read about Luis Manuel today and we think of him.", "luis-manuel", "letter",
     "12 High Street|Anytown AB1 2CD|UNITED KINGDOM", "en", "7B"),
    ("Sam Lee", "We are thinking of you.\nStay strong!", "luis-manuel", "card", "", "", "7B"),
    ("Noor Haddad", "I am a pupil in Anytown and I hope Manahel can go home soon.", "manahel", "letter",
     "3 Park Road\nAnytown AB1 3EF\nUNITED KINGDOM", "en", "7C"),
    ("Jo Martin", "Sending you warm wishes from our school.", "manahel", "card", "", "", "7C"),
]


def sample_csv() -> bytes:
    """The sample as a spreadsheet writes it: UTF-8 with a byte-order mark (so Excel reads the accents) and CRLF."""
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerows(SAMPLE_ROWS)
    return "\ufeff".encode() + buf.getvalue().encode("utf-8")


def write_sample(path: Path) -> None:
    if path.exists():
        raise OutputError(f"{path} already exists; a sample is never written over a file, give another name", code="exists", field="sample",
                          params={"path": str(path)})
    write_atomic(path, sample_csv(), force=False)
