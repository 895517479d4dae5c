"""The room's store: one SQLite file per event, every change in its own transaction.

Committed means on disk (``synchronous=FULL`` in WAL mode): a server killed at
any moment loses at most the submission it was writing, never an earlier one.
Each call opens its own connection, so the store is safe from any thread.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
import sqlite3
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

STATUSES = ("pending", "approved", "returned", "printed", "posted")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS submissions (
    id INTEGER PRIMARY KEY,
    device TEXT NOT NULL,
    name TEXT NOT NULL,
    case_id TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('card', 'letter')),
    lang TEXT NOT NULL DEFAULT '',
    grp TEXT NOT NULL DEFAULT '',
    message TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'pending',
    note TEXT NOT NULL DEFAULT '',
    print_id INTEGER,
    created TEXT NOT NULL,
    updated TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS submissions_device ON submissions (device);
CREATE INDEX IF NOT EXISTS submissions_case ON submissions (case_id);
CREATE TABLE IF NOT EXISTS prints (
    id INTEGER PRIMARY KEY,
    file TEXT NOT NULL,
    pages INTEGER NOT NULL,
    letters INTEGER NOT NULL,
    cards INTEGER NOT NULL,
    created TEXT NOT NULL,
    posted TEXT
);
"""


@dataclass(frozen=True)
class Submission:
    id: int
    device: str
    name: str
    case_id: str
    kind: str
    lang: str
    group: str
    message: str
    status: str
    note: str
    print_id: int | None
    created: str
    updated: str


@dataclass(frozen=True)
class PrintRun:
    id: int
    file: str
    pages: int
    letters: int
    cards: int
    created: str
    posted: str | None


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def event_slug(name: str) -> str:
    """A file name for an event: letters, digits and dashes."""
    slug = re.sub(r"[^a-z0-9]+", "-", name.casefold()).strip("-")
    return slug[:60] or "event"


class Store:
    def __init__(self, path: Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._connect() as conn:
            conn.executescript(_SCHEMA)

    @classmethod
    def for_event(cls, data_dir: Path, event: str) -> Store:
        return cls(Path(data_dir) / f"{event_slug(event)}.sqlite3")

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        conn = sqlite3.connect(self.path, timeout=10, isolation_level=None)
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = FULL")
            conn.execute("PRAGMA busy_timeout = 10000")
            yield conn
        finally:
            conn.close()

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        with self._connect() as conn:
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")

    # Event settings -----------------------------------------------------------

    def meta(self, key: str) -> str | None:
        with self._connect() as conn:
            row = conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        with self._write() as conn:
            conn.execute("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value", (key, value))

    def secret(self) -> bytes:
        """The event's signing key: made once, so cookies stay valid when the server restarts."""
        with self._write() as conn:
            row = conn.execute("SELECT value FROM meta WHERE key = 'secret'").fetchone()
            if row:
                return bytes.fromhex(row[0])
            key = secrets.token_bytes(32)
            conn.execute("INSERT INTO meta (key, value) VALUES ('secret', ?)", (key.hex(),))
            return key

    # Submissions ----------------------------------------------------------------

    def add(self, *, device: str, name: str, case_id: str, kind: str, message: str, lang: str = "", group: str = "") -> int:
        now = _now()
        with self._write() as conn:
            cur = conn.execute(
                "INSERT INTO submissions (device, name, case_id, kind, lang, grp, message, created, updated) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (device, name, case_id, kind, lang, group, message, now, now),
            )
            return int(cur.lastrowid)

    def resubmit(self, sub_id: int, device: str, *, name: str, message: str, lang: str = "") -> bool:
        """A writer's new version of a text sent back to them; only their own, only while it is sent back."""
        with self._write() as conn:
            cur = conn.execute(
                "UPDATE submissions SET name = ?, message = ?, lang = ?, status = 'pending', updated = ? "
                "WHERE id = ? AND device = ? AND status = 'returned'",
                (name, message, lang, _now(), sub_id, device),
            )
            return cur.rowcount == 1

    def get(self, sub_id: int) -> Submission | None:
        with self._connect() as conn:
            row = conn.execute(f"SELECT {_COLS} FROM submissions WHERE id = ?", (sub_id,)).fetchone()
        return Submission(*row) if row else None

    def by_device(self, device: str) -> list[Submission]:
        return self._select("WHERE device = ? ORDER BY id DESC", (device,))

    def all(self, status: str | None = None) -> list[Submission]:
        if status:
            return self._select("WHERE status = ? ORDER BY case_id, kind, id", (status,))
        return self._select("ORDER BY case_id, kind, id", ())

    def _select(self, where: str, args: tuple) -> list[Submission]:
        with self._connect() as conn:
            return [Submission(*r) for r in conn.execute(f"SELECT {_COLS} FROM submissions {where}", args)]

    def set_status(self, sub_id: int, status: str, note: str = "") -> bool:
        if status not in STATUSES:
            raise ValueError(status)
        with self._write() as conn:
            cur = conn.execute("UPDATE submissions SET status = ?, note = ?, updated = ? WHERE id = ? AND status NOT IN ('printed', 'posted')",
                               (status, note, _now(), sub_id))
            return cur.rowcount == 1

    def edit(self, sub_id: int, message: str) -> bool:
        """The organiser's correction: the text changes and stays for review."""
        with self._write() as conn:
            cur = conn.execute("UPDATE submissions SET message = ?, updated = ? WHERE id = ? AND status NOT IN ('printed', 'posted')",
                               (message, _now(), sub_id))
            return cur.rowcount == 1

    def counts(self) -> dict[str, dict[str, int]]:
        """Per case, per kind: how many texts were sent (any status). No names: the projector shows these."""
        out: dict[str, dict[str, int]] = {}
        with self._connect() as conn:
            for case_id, kind, n in conn.execute("SELECT case_id, kind, COUNT(*) FROM submissions GROUP BY case_id, kind"):
                out.setdefault(case_id, {"card": 0, "letter": 0})[kind] = n
        return out

    def status_counts(self) -> dict[str, int]:
        with self._connect() as conn:
            return dict(conn.execute("SELECT status, COUNT(*) FROM submissions GROUP BY status").fetchall())

    # Print runs --------------------------------------------------------------------

    def add_print(self, file: str, pages: int, letters: int, cards: int, sub_ids: list[int]) -> int:
        with self._write() as conn:
            cur = conn.execute("INSERT INTO prints (file, pages, letters, cards, created) VALUES (?, ?, ?, ?, ?)",
                               (file, pages, letters, cards, _now()))
            run = int(cur.lastrowid)
            conn.executemany("UPDATE submissions SET status = 'printed', print_id = ?, updated = ? WHERE id = ?",
                             [(run, _now(), i) for i in sub_ids])
            return run

    def prints(self) -> list[PrintRun]:
        with self._connect() as conn:
            return [PrintRun(*r) for r in conn.execute("SELECT id, file, pages, letters, cards, created, posted FROM prints ORDER BY id")]

    def mark_posted(self, run: int) -> bool:
        with self._write() as conn:
            cur = conn.execute("UPDATE prints SET posted = ? WHERE id = ? AND posted IS NULL", (_now(), run))
            if cur.rowcount != 1:
                return False
            conn.execute("UPDATE submissions SET status = 'posted', updated = ? WHERE print_id = ?", (_now(), run))
            return True

    def submissions_of_print(self, run: int) -> list[Submission]:
        return self._select("WHERE print_id = ? ORDER BY id", (run,))

    # The end --------------------------------------------------------------------------

    def erase_texts(self) -> None:
        """Names and messages gone for good (the counts stay): rows blanked, then the file rewritten."""
        with self._write() as conn:
            conn.execute("UPDATE submissions SET name = '', message = '', note = '', device = '', updated = ?", (_now(),))
            conn.execute("INSERT INTO meta (key, value) VALUES ('ended', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value", (_now(),))
        with self._connect() as conn:
            conn.execute("PRAGMA secure_delete = ON")
            conn.execute("VACUUM")  # freed pages would still hold the old texts
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")


_COLS = "id, device, name, case_id, kind, lang, grp, message, status, note, print_id, created, updated"
