"""A batch killed with ``kill -9`` leaves no worker process behind (issue 17, item 5)."""

from __future__ import annotations

import csv
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import run_w4r

pytestmark = pytest.mark.skipif(not Path("/proc/self/task").is_dir() or not hasattr(os, "fork"), reason="reads children from Linux /proc")


def _children(pid: int) -> set[int]:
    out: set[int] = set()
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as fh:
                out.update(int(p) for p in fh.read().split())
    except OSError:
        pass
    return out


def _running(pid: int) -> bool:
    """Alive and not a zombie (a zombie is dead; whoever adopted it reaps it)."""
    try:
        with open(f"/proc/{pid}/stat") as fh:
            state = fh.read().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state not in ("Z", "X")


def _roster(path: Path, rows: int) -> None:
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["name", "message", "case", "to"])
        for i in range(rows):
            w.writerow([f"Writer {i}", f"Thinking of you, from writer number {i}.", "luis-manuel", "card"])


def test_kill_9_of_a_batch_leaves_no_worker_behind(tmp_path):
    roster = tmp_path / "class.csv"
    _roster(roster, 240)
    out = tmp_path / "out"
    out.mkdir()
    proc = subprocess.Popen([sys.executable, "-m", "w4r", "batch", str(roster), "-o", str(out / "class.pdf"), "--jobs", "2", "-q"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    workers: set[int] = set()
    try:
        for _ in range(1200):  # until both workers run (at most a couple of minutes on a busy machine)
            workers = _children(proc.pid)
            if len(workers) >= 2 or proc.poll() is not None:
                break
            time.sleep(0.1)
        assert proc.poll() is None and len(workers) >= 2, "the batch ended before it forked its workers"
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=60)
        for _ in range(300):
            if not any(_running(w) for w in workers):
                break
            time.sleep(0.1)
        left = [w for w in workers if _running(w)]
        assert not left, f"workers still running after the batch was killed: {left}"
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        for w in workers:  # never leave a process behind, even when the test fails
            if _running(w):
                try:
                    os.kill(w, signal.SIGKILL)
                except OSError:
                    pass
    assert not (out / "class.pdf").exists()
    later = run_w4r("letter", "luis-manuel", "-o", str(out / "later.pdf"))
    assert later.returncode == 0, later.stderr
    assert sorted(p.name for p in out.iterdir()) == ["later.pdf"]  # no .part file of the killed run either
