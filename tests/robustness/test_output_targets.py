"""Where output may go: regular files only, the user's umask, no leftovers, no surprises in -o."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.conftest import REPO, run_w4r
from tests.robustness.support import assert_clean_failure
from w4r import output
from w4r.errors import OutputError

posix = pytest.mark.skipif(os.name != "posix", reason="POSIX file modes, FIFOs and signals")


# -- 17.8: only regular files are replaced


@posix
def test_force_never_replaces_a_pipe_or_device(tmp_path):
    fifo = tmp_path / "printer"
    os.mkfifo(fifo)
    res = run_w4r("letter", "luis-manuel", "-o", str(fifo), "--force")
    assert_clean_failure(res, 4, str(fifo), "not a regular file")
    assert stat.S_ISFIFO(fifo.lstat().st_mode)


@pytest.mark.parametrize("device", ["/dev/null", "/dev/zero"])
def test_a_device_node_is_refused_before_anything_is_written(device):
    if not Path(device).exists():
        pytest.skip("no such device here")
    with pytest.raises(OutputError) as info:
        output.check_writable(Path(device), force=True)
    assert "not a regular file" in str(info.value)
    assert stat.S_ISCHR(os.stat(device).st_mode)


# -- 17.22: the umask decides who may read a letter with a home address


@posix
@pytest.mark.parametrize("umask, mode", [(0o077, 0o600), (0o022, 0o644), (0o002, 0o664)])
def test_outputs_follow_the_umask(tmp_path, umask, mode):
    out = tmp_path / "letter.pdf"
    proc = subprocess.run([sys.executable, "-m", "w4r", "letter", "luis-manuel", "-o", str(out)],
                          preexec_fn=lambda: os.umask(umask), capture_output=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert stat.S_IMODE(out.stat().st_mode) == mode


@posix
def test_force_keeps_the_mode_rules_of_the_umask_not_of_the_old_file(tmp_path):
    out = tmp_path / "letter.pdf"
    out.write_bytes(b"old")
    out.chmod(0o644)
    old = os.umask(0o077)
    try:
        output.write_atomic(out, b"%PDF new", force=True)
    finally:
        os.umask(old)
    assert stat.S_IMODE(out.stat().st_mode) == 0o600


# -- 17.17: a kill -9 during a write leaves a .part file the next run removes

_SLOW_WRITER = textwrap.dedent(
    """
    import os, sys, time
    from pathlib import Path
    from w4r import output
    def stuck(fd):
        print("writing", flush=True)
        time.sleep(600)
    output.os.fsync = stuck
    output.write_atomic(Path(sys.argv[1]), b"%PDF half" * 1000, force=False)
    """
)


@posix
def test_a_killed_write_leaves_a_part_file_that_a_later_run_removes(tmp_path):
    folder = tmp_path / "out"
    folder.mkdir()
    proc = subprocess.Popen([sys.executable, "-c", _SLOW_WRITER, str(folder / "a.pdf")], stdout=subprocess.PIPE, cwd=REPO)
    assert proc.stdout.readline().strip() == b"writing"
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=60)
    left = [p.name for p in folder.iterdir()]
    assert len(left) == 1 and left[0].endswith(".part"), left  # what kill -9 leaves
    other_part = folder / ".notes.txt.part"  # not w4r's: never touched
    other_part.write_text("another program's")
    res = run_w4r("letter", "luis-manuel", "-o", str(folder / "b.pdf"))
    assert res.returncode == 0, res.stderr
    assert sorted(p.name for p in folder.iterdir()) == [".notes.txt.part", "b.pdf"]


@posix
def test_a_part_file_of_a_running_writer_is_left_alone(tmp_path):
    folder = tmp_path / "out"
    folder.mkdir()
    proc = subprocess.Popen([sys.executable, "-c", _SLOW_WRITER, str(folder / "a.pdf")], stdout=subprocess.PIPE, cwd=REPO)
    try:
        assert proc.stdout.readline().strip() == b"writing"
        output.write_atomic(folder / "b.pdf", b"%PDF", force=False)
        assert sum(p.name.endswith(".part") for p in folder.iterdir()) == 1
    finally:
        proc.kill()
        proc.wait(timeout=60)


# -- 17.25: -o names a file, and an empty -o is not the default


def test_output_ending_in_a_slash_is_a_folder_not_a_file(tmp_path):
    res = run_w4r("letter", "luis-manuel", "-o", str(tmp_path / "newdir") + "/")
    assert_clean_failure(res, 4, "newdir/", "folder")
    assert not (tmp_path / "newdir").exists()


def test_output_ending_in_a_slash_for_an_existing_folder(tmp_path):
    (tmp_path / "letters").mkdir()
    res = run_w4r("envelope", "luis-manuel", "-o", str(tmp_path / "letters") + "/")
    assert_clean_failure(res, 4, "is a folder", "file name")


@pytest.mark.parametrize("command", [["letter", "luis-manuel"], ["envelope", "luis-manuel"], ["tally", "--csv"]])
def test_empty_output_is_refused_not_the_default_name(tmp_path, command):
    res = run_w4r(*command, "-o", "", cwd=tmp_path)
    assert_clean_failure(res, 2, "-o")
    assert list(tmp_path.iterdir()) == []


# -- 17.12: pack --force stays inside the pack folder


@posix
def test_pack_force_does_not_follow_a_linked_folder_out_of_the_pack(tmp_path):
    pack = tmp_path / "pack"
    first = run_w4r("pack", "luis-manuel", "--cards", "0", "-o", str(pack), "--date", "2026-12-10")
    assert first.returncode == 0, first.stderr
    sub = next(p for p in sorted(pack.rglob("*")) if p.is_dir())
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    for f in sub.iterdir():
        (outside / f.name).write_bytes(b"precious")
    names = sorted(f.name for f in outside.iterdir())
    assert names
    for f in sub.iterdir():
        f.unlink()
    sub.rmdir()
    sub.symlink_to(outside, target_is_directory=True)
    res = run_w4r("pack", "luis-manuel", "--cards", "0", "-o", str(pack), "--date", "2026-12-10", "--force")
    assert_clean_failure(res, 4, sub.name, "outside")
    assert all((outside / n).read_bytes() == b"precious" for n in names)
