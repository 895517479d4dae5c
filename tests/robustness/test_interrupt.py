"""Ctrl-C in the middle of a batch: exit 130, one line, finished files complete, no partial file.

The roster spreads rows over several cases and both kinds (letters, cards), so
the batch is several print runs and its files appear one run at a time; the
test waits for the first files, then interrupts.
"""

from __future__ import annotations

import csv
import io
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.robustness.support import can_stop_while_writing, stopped_while_writing


CASES = ["chow-hang-tung", "sawyeddollah", "luis-manuel", "manahel"]  # cases whose appeal is current
ROWS_PER_RUN = 12


def big_roster(path: Path) -> int:
    rows = []
    for case in CASES:
        for to in ("authorities", "individual"):
            for i in range(ROWS_PER_RUN):
                rows.append({"name": f"Writer {case} {to} {i}", "message": "We are thinking of you. " * 3, "case": case, "to": to})
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=["name", "message", "case", "to"])
        writer.writeheader()
        writer.writerows(rows)
    return len(rows)


def interrupt_batch(tmp_path: Path, jobs: str, *, whole_group: bool, sig: int = signal.SIGINT) -> tuple[int, str, list[Path], int]:
    roster = tmp_path / "class.csv"
    total = big_roster(roster)
    split = tmp_path / "out"
    proc = subprocess.Popen(
        [sys.executable, "-m", "w4r", "batch", str(roster), "--split", str(split), "--jobs", jobs, "-q", "--date", "2026-12-10"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,  # its own process group, like a job in a terminal
    )
    deadline = time.monotonic() + 300
    try:
        while time.monotonic() < deadline and proc.poll() is None:
            if split.is_dir() and any(p.suffix == ".pdf" for p in split.iterdir()):
                break
            time.sleep(0.05)
        assert proc.poll() is None, "the batch ended before it could be interrupted"
        if whole_group:
            os.killpg(proc.pid, sig)  # what Ctrl-C in a terminal does
        else:
            os.kill(proc.pid, sig)
        _out, err = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    return proc.returncode, err.decode("utf-8", "replace"), sorted(split.iterdir()), total


def assert_interrupted_cleanly(code: int, err: str, files: list[Path], total: int) -> None:
    assert "Traceback" not in err, err
    assert code == 130, (code, err)
    lines = [ln for ln in err.splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith("w4r: interrupted"), err
    leftovers = [f.name for f in files if f.suffix != ".pdf" or f.name.startswith(".")]
    assert not leftovers, leftovers
    assert 0 < len(files) < total, (len(files), total)
    for f in files:
        data = f.read_bytes()
        assert data.startswith(b"%PDF") and data.rstrip().endswith(b"%%EOF"), f.name
        assert len(PdfReader(io.BytesIO(data)).pages) >= 1, f.name


def test_ctrl_c_in_a_batch_keeps_finished_files_and_leaves_no_partial_one(tmp_path):
    assert_interrupted_cleanly(*interrupt_batch(tmp_path, "1", whole_group=False))


@pytest.mark.skipif(not hasattr(os, "killpg"), reason="process groups are POSIX")
def test_ctrl_c_in_a_batch_with_worker_processes(tmp_path):
    """Ctrl-C reaches every process of the group, the workers too."""
    assert_interrupted_cleanly(*interrupt_batch(tmp_path, "2", whole_group=True))


@pytest.mark.skipif(not hasattr(signal, "SIGHUP"), reason="POSIX signals")
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP] if hasattr(signal, "SIGHUP") else [])
def test_kill_or_closed_terminal_in_a_batch_leaves_no_partial_file(tmp_path, sig):
    code, err, files, total = interrupt_batch(tmp_path, "2", whole_group=True, sig=sig)
    assert code == 128 + sig, (code, err)
    assert "Traceback" not in err, err
    assert not [f.name for f in files if f.suffix != ".pdf" or f.name.startswith(".")]
    assert 0 < len(files) < total
    for f in files:
        data = f.read_bytes()
        assert data.startswith(b"%PDF") and data.rstrip().endswith(b"%%EOF"), f.name


@pytest.mark.skipif(not can_stop_while_writing(), reason="needs a pipe whose size can be set (Linux)")
@pytest.mark.parametrize("delay", [0.25, 0.4, None])  # past Python's own start-up (runpy): inside w4r; None: in the command
def test_ctrl_c_while_w4r_is_still_starting(delay):
    """While loading, reading the command line or running the command: exit 130, one line, no traceback.

    Standard output is a pipe the test does not read, smaller than the PDF, so
    w4r can never finish before the signal arrives, however fast the machine.
    """
    code, err = stopped_while_writing(["letter", "chow-hang-tung"], signal.SIGINT, delay)
    assert "Traceback" not in err, err
    # Ended by the signal itself is the same to a shell: $? is 130 either way.
    assert code in (130, -signal.SIGINT), (code, err)
    lines = [ln for ln in err.splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith("w4r: interrupted"), err


def test_a_swallowed_ctrl_c_still_stops_the_output(tmp_path):
    """A library that catches every exception can swallow the KeyboardInterrupt; w4r must still not write.

    Seen under load: Ctrl-C while a letter was loading was swallowed, and w4r went on to
    write its PDF to a pipe nobody read, waiting for ever.  The writers check the flag the
    SIGINT handler sets, so the command ends as interrupted instead.
    """
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from w4r import output, procs\n"
        "procs.note_ctrl_c()\n"
        "for target in ('-', sys.argv[1]):\n"
        "    try:\n"
        "        output.emit(target, b'%PDF-1.4', force=False)\n"
        "    except KeyboardInterrupt:\n"
        "        print('stopped', target)\n"
    )
    target = tmp_path / "letter.pdf"
    done = subprocess.run([sys.executable, "-c", code, str(target)], capture_output=True, text=True, timeout=60)
    assert done.stdout.splitlines() == ["stopped -", f"stopped {target}"], done.stderr
    assert not target.exists()
