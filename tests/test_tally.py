"""The tally store: adds, totals, undo, validation, exports, schema, and two writers at once."""

from __future__ import annotations

import csv
import io
import os
import sqlite3
import subprocess
import sys

import pytest

from w4r import paths
from w4r.errors import InputError, NotFoundError, OutputError
from w4r.tally import (
    FILE_NAME,
    MAX_EVENT_CHARS,
    SCHEMA_VERSION,
    CaseTotal,
    Tally,
    neutralise,
    record,
    tally_add_command,
    tally_path,
    totals_csv,
)


@pytest.fixture
def tally(tmp_path):
    return Tally(tmp_path / "t.sqlite3")


def test_default_location_is_the_data_dir_and_can_be_moved(monkeypatch, tmp_path):
    assert tally_path() == paths.data_dir() / FILE_NAME
    monkeypatch.setenv("W4R_TALLY_FILE", str(tmp_path / "shared" / "group.sqlite3"))
    assert tally_path() == tmp_path / "shared" / "group.sqlite3"
    record("sasha", letters=1)
    assert (tmp_path / "shared" / "group.sqlite3").is_file(), "the folder is created on first use"


def test_adds_add_up_per_case_and_kind(tally):
    tally.add("sasha", letters=3, cards=1, event="School fair")
    tally.add("sasha", letters=2, emails=4)
    tally.add("rita", signatures=7)
    assert tally.totals() == [CaseTotal("rita", signatures=7), CaseTotal("sasha", letters=5, cards=1, emails=4)]
    assert tally.totals(event="school FAIR") == [CaseTotal("sasha", letters=3, cards=1)], "event names match in any case"
    assert tally.totals(event="other") == []
    assert tally.events() == ["School fair"]
    assert tally.case_totals("sasha").total == 10
    assert tally.case_totals("manahel") == CaseTotal("manahel")


def test_an_empty_or_missing_tally_has_no_totals_and_is_not_created_by_reading(tally):
    assert tally.totals() == [] and tally.entries() == [] and tally.events() == []
    assert not tally.path.exists()


def test_record_returns_the_entry_it_stored(tally):
    entry = record("Sasha ", letters=2, event="  Market   day ", path=tally.path)
    assert (entry.case_id, entry.letters, entry.event) == ("sasha", 2, "Market day")
    assert tally.entries() == [entry]
    assert entry.added.endswith("Z") and len(entry.added) == 20


def test_undo_removes_the_newest_entry_and_says_what_it_was(tally):
    tally.add("sasha", letters=3)
    second = tally.add("rita", emails=2, event="Fair")
    tally.add("sasha", cards=1)
    removed = tally.undo(event="fair")
    assert removed == second
    assert removed.describe().startswith(f"entry {second.id} (")
    assert removed.describe().endswith("UTC): rita, 2 emails, event 'Fair'")
    assert tally.undo().cards == 1
    assert tally.undo().letters == 3
    with pytest.raises(NotFoundError, match="^the tally is empty; nothing to undo$"):
        tally.undo()
    with pytest.raises(NotFoundError, match="^no entries for event 'Fair'; nothing to undo$"):
        tally.undo(event="Fair")


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"letters": -1}, "--letters must be a whole number, 0 or more; got -1"),
        ({"cards": 1.5}, "--cards must be a whole number, 0 or more; got 1.5"),
        ({"emails": True}, "--emails must be a whole number, 0 or more; got True"),
        ({}, "nothing to add: give --letters, --cards, --emails or --signatures with a number above 0"),
        ({"letters": 0, "cards": 0}, "nothing to add: give --letters, --cards, --emails or --signatures with a number above 0"),
        ({"letters": 10**12}, "--letters 1000000000000 is more than one entry can hold (1000000000); check the number"),
        ({"letters": 1, "event": "x" * 101}, "the event name is 101 characters long; at most 100"),
        ({"letters": 1, "event": "   "}, "the event name is empty; leave out --event or give a name"),
        ({"letters": 1, "event": "a\x1bb"}, "the event name contains control characters; type it as plain text"),
    ],
)
def test_invalid_adds_are_refused_and_store_nothing(tally, kwargs, message):
    with pytest.raises(InputError) as exc:
        tally.add("sasha", **kwargs)
    # The library names no option (code, field and params say what is wrong); the command line words it with its options.
    from w4r.cli.words import error_words

    assert "--" not in str(exc.value)
    assert error_words(exc.value) == message
    assert tally.entries() == []


def test_case_ids_must_look_like_case_ids(tally):
    with pytest.raises(InputError, match=r"^'\.\./etc' is not a case id such as sasha or chow-hang-tung \(see 'w4r cases'\)$"):
        tally.add("../etc", letters=1)


def test_event_name_of_exactly_100_characters_is_kept(tally):
    name = "é" * MAX_EVENT_CHARS
    assert tally.add("sasha", letters=1, event=name).event == name


def test_only_counts_dates_case_ids_and_event_names_are_stored(tally):
    tally.add("sasha", letters=1, event="Fair")
    with sqlite3.connect(tally.path) as conn:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
        columns = [r[1] for r in conn.execute("PRAGMA table_info(entries)")]
    assert tables == ["entries"]
    assert columns == ["id", "added", "case_id", "event", "letters", "cards", "emails", "signatures"]


# The file itself ----------------------------------------------------------------------------


def test_schema_version_and_journal_mode(tally):
    tally.add("sasha", letters=1)
    with sqlite3.connect(tally.path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 1
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"


def test_a_wal_file_is_put_back_to_delete_mode(tally):
    tally.add("sasha", letters=1)
    conn = sqlite3.connect(tally.path)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.close()
    tally.add("sasha", letters=1)
    conn = sqlite3.connect(tally.path)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    conn.close()


def test_migration_hook_upgrades_an_older_file(tally, monkeypatch):
    import w4r.tally.store as tally_module

    tally.add("sasha", letters=2)
    monkeypatch.setattr(tally_module, "MIGRATIONS", [*tally_module.MIGRATIONS, "ALTER TABLE entries ADD COLUMN note_free INTEGER"])
    monkeypatch.setattr(tally_module, "SCHEMA_VERSION", 2)
    assert tally.totals() == [CaseTotal("sasha", letters=2)], "old entries survive the migration"
    with sqlite3.connect(tally.path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 2
        assert "note_free" in [r[1] for r in conn.execute("PRAGMA table_info(entries)")]


def test_a_file_from_a_newer_w4r_is_refused(tally):
    tally.add("sasha", letters=1)
    with sqlite3.connect(tally.path) as conn:
        conn.execute("PRAGMA user_version = 99")
    with pytest.raises(OutputError, match=r"was written by a newer w4r \(schema 99, this w4r knows 1\); upgrade w4r$"):
        tally.totals()


def test_a_file_that_is_not_a_database_is_reported(tally):
    tally.path.write_bytes(b"this is not SQLite" * 100)
    with pytest.raises(OutputError) as exc:
        tally.add("sasha", letters=1)
    assert str(exc.value).startswith(f"{tally.path} is not a readable tally (")
    assert str(exc.value).endswith("); move it aside and w4r starts a new one")



def test_a_tally_locked_by_another_writer_says_so(tally, monkeypatch):
    from w4r.tally import store

    tally.add("sasha", letters=1)
    monkeypatch.setattr(store, "BUSY_TIMEOUT_S", 0.05)
    holder = sqlite3.connect(tally.path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")  # another w4r in the middle of writing
    try:
        with pytest.raises(OutputError) as exc:
            tally.add("sasha", letters=1)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert str(exc.value) == f"the tally {tally.path} stayed locked by another w4r for 0 s; try again"
    assert tally.totals() == [CaseTotal("sasha", letters=1)], "the refused add stored nothing"


def test_a_corrupt_tally_is_reported_as_unreadable(tally):
    for n in range(200):
        tally.add("sasha", letters=1, event=f"event {n:03d} " + "x" * 80)
    data = bytearray(tally.path.read_bytes())
    page = 4096
    assert len(data) > 3 * page, "the tally spans several pages"
    data[page : 3 * page] = b"\xff" * (2 * page)  # two pages of the table overwritten
    tally.path.write_bytes(bytes(data))
    with pytest.raises(OutputError) as exc:
        tally.totals()
    assert str(exc.value).startswith(f"{tally.path} is not a readable tally (")


WRITER = """
import sys
from w4r.tally import record
path, me = sys.argv[1], sys.argv[2]
for _ in range(50):
    record("sasha", letters=1, path=path)
    record(me, cards=1, path=path)
"""


def test_two_processes_adding_at_once_lose_no_count(tmp_path):
    path = tmp_path / "shared.sqlite3"
    Tally(path).add("magai", signatures=1)  # the file exists: both writers open it at once
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    procs = [
        subprocess.Popen([sys.executable, "-c", WRITER, str(path), case], env=env, stderr=subprocess.PIPE)
        for case in ("rita", "germain")
    ]
    for p in procs:
        _, err = p.communicate(timeout=120)
        assert p.returncode == 0, err.decode()
    totals = {t.case_id: t for t in Tally(path).totals()}
    assert totals["sasha"].letters == 100
    assert totals["rita"].cards == 50 and totals["germain"].cards == 50
    assert len(Tally(path).entries()) == 201


def test_two_processes_creating_a_new_file_at_once(tmp_path):
    path = tmp_path / "new" / "tally.sqlite3"
    procs = [subprocess.Popen([sys.executable, "-c", WRITER, str(path), case], stderr=subprocess.PIPE) for case in ("rita", "germain")]
    for p in procs:
        _, err = p.communicate(timeout=120)
        assert p.returncode == 0, err.decode()
    assert Tally(path).case_totals("sasha").letters == 100


# Exports -------------------------------------------------------------------------------------


@pytest.mark.parametrize("cell", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx", "=HYPERLINK(\"http://x\")"])
def test_formula_cells_are_neutralised(cell):
    assert neutralise(cell) == "'" + cell


@pytest.mark.parametrize("cell", ["sasha", "Aleksandra (Александра)", "1", 5, "a=b", " =x"])
def test_ordinary_cells_are_left_alone(cell):
    assert neutralise(cell) == cell


def test_csv_has_one_row_per_case_and_neutralised_names():
    totals = [CaseTotal("rita", emails=2), CaseTotal("sasha", letters=3, cards=1)]
    text = totals_csv(totals, names={"rita": "Рита", "sasha": "=cmd|' /C calc'!A0"}, event="-School fair")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows == [
        ["event", "case", "name", "letters", "cards", "emails", "signatures", "total"],
        ["'-School fair", "rita", "Рита", "0", "0", "2", "0", "2"],
        ["'-School fair", "sasha", "'=cmd|' /C calc'!A0", "3", "1", "0", "0", "4"],
    ]
    assert text.endswith("\r\n")
    assert totals_csv([], names={}).splitlines() == ["case,name,letters,cards,emails,signatures,total"]


# The line to run later -------------------------------------------------------------------------


def test_tally_add_command_one_line_per_case():
    line = tally_add_command({"sasha": {"letters": 12, "cards": 0}, "rita": {"letters": 3, "cards": 5}, "magai": {}})
    assert line == "w4r tally add sasha --letters 12\nw4r tally add rita --letters 3 --cards 5"


@pytest.mark.parametrize(
    ("event", "quoted"),
    [
        ("Fair", "Fair"),
        ("School fair 2026", '"School fair 2026"'),
        ("Anna's café", '"Anna\'s café"'),
        ("50% off $5", "'50% off $5'"),
        ("-x", '"-x"'),
    ],
)
def test_tally_add_command_quotes_the_event(event, quoted):
    assert tally_add_command({"sasha": {"letters": 1}}, event) == f"w4r tally add sasha --letters 1 --event {quoted}"


def test_tally_add_command_round_trips_through_a_shell(tmp_path):
    event = "Anna's \"big\" fair: $5 & `tea`"
    line = tally_add_command({"sasha": {"letters": 2}}, event)
    args = subprocess.run(["sh", "-c", "printf '%s\\n' " + line.removeprefix("w4r tally add ")], capture_output=True, text=True).stdout
    assert args.splitlines() == ["sasha", "--letters", "2", "--event", event]


def test_tally_add_command_refuses_unknown_kinds():
    with pytest.raises(ValueError, match="unknown kind 'postcards'"):
        tally_add_command({"sasha": {"postcards": 1}})


def test_record_many_is_all_or_nothing(tally):
    from w4r.tally import record_many

    entries = record_many({"sasha": {"letters": 12}, "rita": {"letters": 3, "cards": 4}, "magai": {"letters": 0}}, "Fair", path=tally.path)
    assert [(e.case_id, e.letters, e.cards, e.event) for e in entries] == [("sasha", 12, 0, "Fair"), ("rita", 3, 4, "Fair")]
    with pytest.raises(InputError, match="^cards must be a whole number, 0 or more; got -1"):
        record_many({"germain": {"letters": 2}, "rita": {"cards": -1}}, path=tally.path)
    assert [t.case_id for t in tally.totals()] == ["rita", "sasha"], "nothing of the refused batch was stored"
    assert record_many({}, path=tally.path) == []
