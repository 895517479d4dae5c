"""The tally's store: one SQLite file of entries, written by one writer at a time.

Reading commands open the file read-only.  A file w4r writes carries its own
application id (PRAGMA application_id) besides the schema version, and w4r
refuses any other database before it changes a byte: ``--file`` pointing at a
contacts database, or ``/dev/null``, is an error, not a new table.

Two terminals or two laptops on a shared folder may write at the same moment.
Every write is one ``BEGIN IMMEDIATE`` transaction (the writer waits for the
lock, up to BUSY_TIMEOUT_S), and the journal stays in DELETE mode: WAL needs
shared memory, which network file systems do not provide.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import stat
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, Mapping

from w4r import paths
from w4r.errors import InputError, NotFoundError, OutputError
from w4r.tally.counts import KINDS, CaseTotal, Entry, check_case_id, check_counts, clean_event


BUSY_TIMEOUT_S = 30.0
# SQLite primary result codes (sqlite.org/rescode.html): busy or locked; not a database or corrupt.
_LOCKED = {5, 6}  # SQLITE_BUSY, SQLITE_LOCKED
_UNREADABLE = {26, 11}  # SQLITE_NOTADB, SQLITE_CORRUPT
TALLY_FILE_ENV = "W4R_TALLY_FILE"
FILE_NAME = "tally.sqlite3"

# Schema migrations: MIGRATIONS[n] takes the file from version n to n + 1.
# Append to this list to change the schema; never edit a step once released.
MIGRATIONS: list[str] = [
    """
    CREATE TABLE entries (
        id         INTEGER PRIMARY KEY AUTOINCREMENT,
        added      TEXT    NOT NULL,          -- UTC, ISO 8601
        case_id    TEXT    NOT NULL,
        event      TEXT,                      -- NULL: not part of an event
        letters    INTEGER NOT NULL DEFAULT 0 CHECK (letters >= 0),
        cards      INTEGER NOT NULL DEFAULT 0 CHECK (cards >= 0),
        emails     INTEGER NOT NULL DEFAULT 0 CHECK (emails >= 0),
        signatures INTEGER NOT NULL DEFAULT 0 CHECK (signatures >= 0)
    );
    CREATE INDEX entries_case ON entries (case_id);
    CREATE INDEX entries_event ON entries (event);
    """,
]
SCHEMA_VERSION = len(MIGRATIONS)
APPLICATION_ID = 0x57345221  # "W4R!": this SQLite file is a w4r tally
_FIRST_TABLES = {"entries"}  # what a tally from before the application id holds (sqlite_* aside)


def tally_path() -> Path:
    env = os.environ.get(TALLY_FILE_ENV)
    return Path(env) if env else paths.data_dir() / FILE_NAME


# The store -----------------------------------------------------------------------


class Tally:
    """One tally file.  Each method opens, uses and closes its own connection."""

    def __init__(self, path: str | os.PathLike | None = None):
        self.path = Path(path) if path else tally_path()

    # Connection ------------------------------------------------------------

    def _check_file(self) -> bool:
        """Whether the tally file exists; a folder, device or pipe is refused before SQLite sees it."""
        try:
            mode = os.stat(self.path).st_mode
        except FileNotFoundError:
            return False
        except OSError as exc:
            raise OutputError(f"cannot use the tally {self.path}: {exc.strerror}; check the folder, or set {TALLY_FILE_ENV}") from None
        if not stat.S_ISREG(mode):
            # SQLite would take /dev/null for an empty database and leave /dev/null-journal beside it.
            raise InputError(f"{self.path} is not a regular file, so it cannot be a tally; point {TALLY_FILE_ENV} at a file", code="tally-not-a-file",
                             field="file", params={"path": str(self.path), "env": TALLY_FILE_ENV})
        return True

    def _open(self, *, read_only: bool) -> sqlite3.Connection:
        try:
            if read_only:
                uri = self.path.absolute().as_uri() + "?mode=ro"
                conn = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_S, isolation_level=None)
            else:
                conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
            conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
            return conn
        except sqlite3.Error as exc:
            raise self._error(exc) from None

    @contextmanager
    def _connect(self, *, create: bool) -> Iterator[sqlite3.Connection]:
        """A connection to the tally: read-only for reading (``create`` False), else read-write.

        The file is identified as a tally before anything is written to it.
        """
        exists = self._check_file()
        if not exists and not create:
            yield None  # type: ignore[misc]  # nothing recorded yet
            return
        if create:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise OutputError(f"cannot create the folder for the tally {self.path.parent}: {exc.strerror}") from None
        elif self._state() == "older":
            with self._connect(create=True):
                pass  # a tally of ours from an older w4r: upgraded once, under the write lock
        conn = self._open(read_only=not create)
        try:
            state = self._identify(conn)
            if create:
                conn.execute("PRAGMA journal_mode = DELETE")
                conn.execute("PRAGMA synchronous = FULL")
                self._migrate(conn)
            elif state == "empty":
                yield None  # type: ignore[misc]  # an empty file: nothing recorded yet
                return
            yield conn
        except sqlite3.Error as exc:
            if conn.in_transaction:
                try:
                    conn.execute("ROLLBACK")
                except sqlite3.Error:
                    pass  # closing the connection rolls back anyway
            raise self._error(exc) from None
        finally:
            conn.close()

    def _state(self) -> str:
        """'empty', 'current' or 'older' (a tally to migrate), read without writing."""
        conn = self._open(read_only=True)
        try:
            state = self._identify(conn)
            if state == "ours" and conn.execute("PRAGMA user_version").fetchone()[0] < SCHEMA_VERSION:
                return "older"
            return "empty" if state == "empty" else "current"
        except sqlite3.Error as exc:
            raise self._error(exc) from None
        finally:
            conn.close()

    def _identify(self, conn: sqlite3.Connection) -> str:
        """'ours' for a w4r tally (also one from before the application id), 'empty' for an
        empty database; any other database is refused before a byte of it is changed."""
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'") if not row[0].startswith("sqlite_")}
        if app_id == APPLICATION_ID or (app_id == 0 and version >= 1 and tables and tables <= _FIRST_TABLES):
            # (app_id 0: written by a w4r from before the application id)
            if version > SCHEMA_VERSION:
                raise OutputError(
                    f"the tally {self.path} was written by a newer w4r (schema {version}, this w4r knows {SCHEMA_VERSION}); "
                    f"upgrade w4r"
                )
            return "ours"
        if app_id == 0 and version == 0 and not tables:
            return "empty"
        listed = ", ".join(sorted(tables)[:5]) or "none"
        raise InputError(
            f"{self.path} is a database but not a w4r tally (tables: {listed}); w4r leaves it alone: "
            f"point {TALLY_FILE_ENV} at a tally, or at a new file name", code="not-a-tally", field="file",
            params={"path": str(self.path), "tables": listed, "env": TALLY_FILE_ENV},
        )

    def _error(self, exc: sqlite3.Error) -> OutputError:
        # SQLite's result code says what went wrong (Python 3.11+ hands it over); its
        # words are only shown, never read.  Python 3.10 has no code: the plain message.
        code = getattr(exc, "sqlite_errorcode", None)
        primary = code & 0xFF if isinstance(code, int) else None
        text = str(exc)
        if primary in _LOCKED:
            return OutputError(f"the tally {self.path} stayed locked by another w4r for {BUSY_TIMEOUT_S:.0f} s; try again")
        if primary in _UNREADABLE:
            return OutputError(f"{self.path} is not a readable tally ({text}); move it aside and w4r starts a new one")
        return OutputError(f"cannot use the tally {self.path}: {text}; check the folder, or set {TALLY_FILE_ENV}")

    def _migrate(self, conn: sqlite3.Connection) -> None:
        current = conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        if current and conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID:
            return
        conn.execute("BEGIN IMMEDIATE")
        # Read again under the lock: another process may have migrated meanwhile.
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            conn.execute("ROLLBACK")
            raise OutputError(
                f"the tally {self.path} was written by a newer w4r (schema {version}, this w4r knows {SCHEMA_VERSION}); "
                f"upgrade w4r"
            )
        for step in range(version, SCHEMA_VERSION):
            for statement in MIGRATIONS[step].split(";"):
                if statement.strip():
                    conn.execute(statement)
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        conn.execute("COMMIT")

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        with self._connect(create=True) as conn:
            conn.execute("BEGIN IMMEDIATE")
            yield conn
            conn.execute("COMMIT")

    # Operations -------------------------------------------------------------

    def add(
        self,
        case_id: str,
        *,
        letters: int = 0,
        cards: int = 0,
        emails: int = 0,
        signatures: int = 0,
        event: str | None = None,
        now: dt.datetime | None = None,
    ) -> Entry:
        key = check_case_id(case_id)
        counts = check_counts(letters=letters, cards=cards, emails=emails, signatures=signatures)
        name = clean_event(event)
        added = (now or dt.datetime.now(dt.timezone.utc)).astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        with self._write() as conn:
            cur = conn.execute(
                "INSERT INTO entries (added, case_id, event, letters, cards, emails, signatures) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (added, key, name, *(counts[k] for k in KINDS)),
            )
            entry_id = cur.lastrowid
        return Entry(entry_id, added, key, name, **counts)

    def add_many(self, counts_by_case: Mapping[str, Mapping[str, int]], *, event: str | None = None) -> list[Entry]:
        """One entry per case with something to count, all in one transaction: all or nothing."""
        name = clean_event(event)
        rows = []
        for case_id, counts in counts_by_case.items():
            if not any(counts.values()):
                continue
            rows.append((check_case_id(case_id), check_counts(**counts)))
        if not rows:
            return []
        added = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        entries = []
        with self._write() as conn:
            for key, counts in rows:
                cur = conn.execute(
                    "INSERT INTO entries (added, case_id, event, letters, cards, emails, signatures) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (added, key, name, *(counts[k] for k in KINDS)),
                )
                entries.append(Entry(cur.lastrowid, added, key, name, **counts))
        return entries

    def undo(self, *, event: str | None = None) -> Entry:
        """Remove the newest entry (of ``event``, if given) and return what was removed."""
        name = clean_event(event)
        with self._write() as conn:
            where, args = ("WHERE event = ? COLLATE NOCASE", (name,)) if name else ("", ())
            row = conn.execute(f"SELECT {_COLUMNS} FROM entries {where} ORDER BY id DESC LIMIT 1", args).fetchone()
            if row is None:
                conn.execute("ROLLBACK")
                raise NotFoundError(
                    f"no entries for event {name!r}; nothing to undo" if name else "the tally is empty; nothing to undo"
                )
            conn.execute("DELETE FROM entries WHERE id = ?", (row[0],))
        return Entry(*row)

    def entries(self, *, event: str | None = None) -> list[Entry]:
        with self._connect(create=False) as conn:
            if conn is None:
                return []
            where, args = _event_filter(event)
            return [Entry(*row) for row in conn.execute(f"SELECT {_COLUMNS} FROM entries {where} ORDER BY id", args)]

    def totals(self, *, event: str | None = None) -> list[CaseTotal]:
        """Totals per case, by case id."""
        sums = ", ".join(f"SUM({k})" for k in KINDS)
        with self._connect(create=False) as conn:
            if conn is None:
                return []
            where, args = _event_filter(event)
            rows = conn.execute(f"SELECT case_id, {sums} FROM entries {where} GROUP BY case_id ORDER BY case_id", args)
            return [CaseTotal(*row) for row in rows]

    def events(self) -> list[str]:
        with self._connect(create=False) as conn:
            if conn is None:
                return []
            rows = conn.execute("SELECT event FROM entries WHERE event IS NOT NULL GROUP BY event COLLATE NOCASE ORDER BY MIN(id)")
            return [row[0] for row in rows]

    def case_totals(self, case_id: str) -> CaseTotal:
        key = check_case_id(case_id)
        return next((t for t in self.totals() if t.case_id == key), CaseTotal(key))


_COLUMNS = "id, added, case_id, event, " + ", ".join(KINDS)


def _event_filter(event: str | None) -> tuple[str, tuple]:
    name = clean_event(event)
    return ("WHERE event = ? COLLATE NOCASE", (name,)) if name else ("", ())


def record(
    case_id: str,
    letters: int = 0,
    cards: int = 0,
    emails: int = 0,
    signatures: int = 0,
    event: str | None = None,
    *,
    path: str | os.PathLike | None = None,
) -> Entry:
    """Add what a command produced to the tally (for ``--count``); returns the new entry."""
    return Tally(path).add(case_id, letters=letters, cards=cards, emails=emails, signatures=signatures, event=event)


def record_many(
    counts_by_case: Mapping[str, Mapping[str, int]],
    event: str | None = None,
    *,
    path: str | os.PathLike | None = None,
) -> list[Entry]:
    """What a batch produced, e.g. ``{"sasha": {"letters": 12}, "rita": {"cards": 4}}``, in one go."""
    return Tally(path).add_many(counts_by_case, event=event)
