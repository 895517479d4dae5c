"""The tally is the group's record: an export never lands on it, and w4r never changes a file that is not a tally."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import stat
from pathlib import Path

import pytest

from tests.conftest import run_w4r
from tests.robustness.support import assert_clean_failure
from w4r.errors import W4RError
from w4r.tally import SCHEMA_VERSION, Tally
APPLICATION_ID = 0x57345221  # see w4r.tally.store


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# -- 17.7: an export onto the tally is refused, for every format and spelling


@pytest.mark.parametrize("fmt", ["--csv", "--json"])
@pytest.mark.parametrize("spelling", ["as-is", "dot-segments", "link"])
def test_an_export_onto_the_tally_is_refused_and_the_tally_still_reads(tmp_path, fmt, spelling):
    env = {"W4R_TALLY_FILE": str(tmp_path / "group" / "tally.sqlite3")}
    assert run_w4r("tally", "add", "sasha", "--letters", "3", env=env).returncode == 0
    where = run_w4r("tally", "--where", env=env).stdout.strip()
    target = {
        "as-is": where,
        "dot-segments": str(Path(where).parent / ".." / "group" / "." / "tally.sqlite3"),
        "link": str(tmp_path / "export.csv"),
    }[spelling]
    if spelling == "link":
        os.symlink(where, target)
    before = _digest(Path(where))
    res = run_w4r("tally", fmt, "-o", target, "--force", env=env)
    assert_clean_failure(res, 2, "tally")
    assert _digest(Path(where)) == before
    again = run_w4r("tally", "--json", env=env)
    assert again.returncode == 0, again.stderr
    assert '"letters": 3' in again.stdout


# -- 17.9: reading never writes, and a foreign database is refused


def _foreign_db(path: Path) -> Path:
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE people (name TEXT, phone TEXT)")
        conn.execute("INSERT INTO people VALUES ('Ann', '555')")
    conn.close()
    return path


@pytest.mark.parametrize("command", [["tally"], ["tally", "--csv"], ["tally", "--json"], ["tally", "undo"], ["tally", "add", "sasha", "--letters", "1"]])
def test_a_database_that_is_not_a_tally_is_refused_and_left_unchanged(tmp_path, command):
    db = _foreign_db(tmp_path / "contacts.sqlite3")
    before = _digest(db)
    res = run_w4r(*command, env={"W4R_TALLY_FILE": str(db)})
    assert_clean_failure(res, 2, str(db), "not a w4r tally")
    assert _digest(db) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["contacts.sqlite3"]


def test_reading_a_tally_opens_it_read_only(tmp_path, monkeypatch):
    import w4r.tally.store as tally_module

    t = Tally(tmp_path / "t.sqlite3")
    t.add("sasha", letters=2)
    before = _digest(t.path)
    opened: list[tuple] = []
    real_connect = sqlite3.connect

    def spy(database, *args, **kwargs):
        opened.append((str(database), kwargs.get("uri", False)))
        return real_connect(database, *args, **kwargs)

    monkeypatch.setattr(tally_module.sqlite3, "connect", spy)
    assert [x.letters for x in t.totals()] == [2]
    assert t.events() == [] and len(t.entries()) == 1
    assert opened and all(uri and database.endswith("?mode=ro") for database, uri in opened), opened
    assert _digest(t.path) == before


def test_a_new_tally_carries_w4rs_application_id(tmp_path):
    t = Tally(tmp_path / "t.sqlite3")
    t.add("sasha", letters=1)
    with sqlite3.connect(t.path) as conn:
        assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    conn.close()


def test_a_tally_from_before_the_application_id_still_works_and_is_stamped(tmp_path):
    path = tmp_path / "old.sqlite3"
    t = Tally(path)
    t.add("sasha", letters=4)
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA application_id = 0")  # as earlier w4r versions left it
    conn.close()
    assert [x.letters for x in t.totals()] == [4]
    t.add("sasha", letters=1)
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    conn.close()
    assert [x.letters for x in t.totals()] == [5]


# -- 17.21: the tally is a regular file; /dev/null and pipes are refused, no -journal left


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs")
def test_a_pipe_as_the_tally_is_refused(tmp_path):
    fifo = tmp_path / "tally.sqlite3"
    os.mkfifo(fifo)
    for command in (["tally"], ["tally", "add", "sasha", "--letters", "1"]):
        res = run_w4r(*command, env={"W4R_TALLY_FILE": str(fifo)}, timeout=60)
        assert_clean_failure(res, 2, str(fifo), "not a regular file")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tally.sqlite3"]


@pytest.mark.skipif(not Path("/dev/null").exists(), reason="no /dev/null")
def test_dev_null_as_the_tally_leaves_no_journal_beside_it():
    journal = Path("/dev/null-journal")
    existed = journal.exists()
    for command in (["tally"], ["tally", "add", "sasha", "--letters", "1"]):
        res = run_w4r(*command, env={"W4R_TALLY_FILE": "/dev/null"})
        assert_clean_failure(res, 2, "/dev/null", "not a regular file")
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)
    assert journal.exists() == existed


def test_the_library_refuses_too(tmp_path):
    db = _foreign_db(tmp_path / "x.db")
    with pytest.raises(W4RError, match="not a w4r tally"):
        Tally(db).totals()
    with pytest.raises(W4RError, match="not a w4r tally"):
        Tally(db).add("sasha", letters=1)
