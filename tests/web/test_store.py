"""The room's store: transactions, and what a kill at any moment leaves behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time

from w4r.web.store import Store, event_slug


def test_event_slug_and_one_file_per_event(tmp_path):
    assert event_slug("Café Write-a-thon, 10 Dec!") == "caf-write-a-thon-10-dec"
    a = Store.for_event(tmp_path, "Class 9b")
    b = Store.for_event(tmp_path, "Library")
    a.add(device="d", name="Ann", case_id="sasha", kind="card", message="hi")
    assert a.path != b.path and b.all() == []


def test_status_changes_and_printed_texts_are_frozen(tmp_path):
    s = Store(tmp_path / "e.sqlite3")
    i = s.add(device="d", name="Ann", case_id="sasha", kind="card", message="hi")
    assert s.set_status(i, "approved")
    run = s.add_print("print-run-1.pdf", 2, 0, 1, [i])
    assert s.get(i).status == "printed" and s.get(i).print_id == run
    assert not s.set_status(i, "pending") and not s.edit(i, "changed")
    assert s.mark_posted(run) and not s.mark_posted(run)
    assert s.get(i).status == "posted"


def test_resubmit_only_own_and_only_when_sent_back(tmp_path):
    s = Store(tmp_path / "e.sqlite3")
    i = s.add(device="mine", name="Ann", case_id="sasha", kind="card", message="v1")
    assert not s.resubmit(i, "mine", name="Ann", message="v2")  # not sent back
    s.set_status(i, "returned", "shorter please")
    assert not s.resubmit(i, "someone-else", name="Eve", message="hacked")
    assert s.resubmit(i, "mine", name="Ann", message="v2")
    assert s.get(i).message == "v2" and s.get(i).status == "pending"


WRITER = textwrap.dedent("""
    import sys
    from w4r.web.store import Store
    s = Store(sys.argv[1])
    for n in range(100000):
        s.add(device="d%d" % (n % 7), name="W%d" % n, case_id="sasha", kind="card", message="message %d " % n * 20)
        print(n, flush=True)  # only after the commit returned
""")


def test_a_kill_loses_no_committed_submission(tmp_path):
    """SIGKILL a writer process mid-stream: every submission it reported as committed is there, intact."""
    db = tmp_path / "event.sqlite3"
    proc = subprocess.Popen([sys.executable, "-c", WRITER, str(db)], stdout=subprocess.PIPE, text=True)
    acknowledged = -1
    started = time.monotonic()
    while acknowledged < 40 and time.monotonic() - started < 60:
        line = proc.stdout.readline()
        if not line:
            break
        acknowledged = int(line)
    os.kill(proc.pid, signal.SIGKILL)  # no clean-up, no checkpoint, no closing of the database
    proc.wait()
    proc.stdout.close()
    assert acknowledged >= 40
    rows = Store(db).all()
    numbers = sorted(int(r.name[1:]) for r in rows)
    assert numbers[: acknowledged + 1] == list(range(acknowledged + 1))
    assert len(numbers) <= acknowledged + 2  # at most the one in flight besides
    for r in rows:
        n = int(r.name[1:])
        assert r.message == ("message %d " % n) * 20
    with Store(db)._connect() as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_erase_leaves_counts_and_no_text_on_disk(tmp_path):
    s = Store(tmp_path / "e.sqlite3")
    for n in range(20):
        s.add(device="d", name=f"Writer{n}", case_id="sasha", kind="card", message=f"very private words {n}")
    s.erase_texts()
    assert s.counts() == {"sasha": {"card": 20, "letter": 0}}
    for f in tmp_path.iterdir():
        data = f.read_bytes()
        assert b"very private" not in data and b"Writer1" not in data, f.name
