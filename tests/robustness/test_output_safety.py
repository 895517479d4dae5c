"""Output files: atomic, never over an existing file without --force, clean errors where writing fails."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from tests.conftest import FONT_CACHE, Result
from tests.robustness.support import assert_clean_failure
from w4r import output
from w4r.errors import OutputError

NOBODY = 65534
PYTHON = sys.executable


# -- a folder where writing really fails, even for root


def _unprivileged() -> tuple[list[str], object] | None:
    """(command prefix, preexec_fn) that run a command as 'nobody', or None if neither way works."""
    ways = []
    if shutil.which("setpriv"):
        ways.append((["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups"], None))
    ways.append(([], _drop_to(NOBODY)))
    for prefix, preexec in ways:
        try:
            proc = subprocess.run([*prefix, PYTHON, "-c", "import os, w4r; print(os.geteuid())"], preexec_fn=preexec, capture_output=True, timeout=60)
        except (OSError, subprocess.SubprocessError):
            continue
        if proc.returncode == 0 and proc.stdout.strip() == str(NOBODY).encode():
            return prefix, preexec
    return None


def _drop_to(uid: int):
    def drop():
        os.setgroups([])
        os.setgid(uid)
        os.setuid(uid)

    return drop


@pytest.fixture
def read_only_setup():
    """(workspace, read-only folder, run) where ``run`` runs w4r as a user who cannot write there.

    chmod does not stop root, so under root the command runs as 'nobody'.
    """
    base = Path(tempfile.mkdtemp(prefix="w4r-ro-"))
    base.chmod(0o755)
    ro = base / "read-only"
    ro.mkdir()
    # A font cache of its own that the unprivileged user can add to (bold
    # instances are made on first use), started from the suite's cache.
    cache = base / "cache"
    if FONT_CACHE.is_dir():
        shutil.copytree(FONT_CACHE, cache)
    cache.mkdir(exist_ok=True)
    for folder, dirs, files in os.walk(cache):
        os.chmod(folder, 0o777)
        for f in files:
            os.chmod(os.path.join(folder, f), 0o666)
    env = {
        **os.environ,
        "W4R_CONFIG": str(base / "no-config.yaml"),
        "W4R_DATA_DIR": str(base / "data"),
        "W4R_CACHE_DIR": str(cache),
    }
    prefix, preexec = [], None
    if os.geteuid() == 0:
        way = _unprivileged()
        if way is None:
            pytest.skip("running as root, and w4r cannot be run as 'nobody' here, so no folder is read-only to it")
        prefix, preexec = way
    ro.chmod(0o555)

    def run(*args: str) -> Result:
        proc = subprocess.run([*prefix, PYTHON, "-m", "w4r", *args], cwd=base, env=env, capture_output=True, timeout=300, preexec_fn=preexec)
        return Result(proc.returncode, proc.stdout.decode("utf-8", "replace"), proc.stderr.decode("utf-8", "replace"), proc.stdout)

    try:
        yield base, ro, run
    finally:
        ro.chmod(0o755)
        shutil.rmtree(base, ignore_errors=True)


def test_letter_into_a_read_only_folder(read_only_setup):
    _base, ro, run = read_only_setup
    res = run("letter", "magai", "-o", str(ro / "letter.pdf"))
    assert_clean_failure(res, 4, f"cannot write in {ro}", "permission denied")
    assert list(ro.iterdir()) == []


@pytest.mark.parametrize("mode", ["--split", "-o"])
def test_batch_into_a_read_only_folder(read_only_setup, mode):
    base, ro, run = read_only_setup
    roster = base / "class.csv"
    roster.write_text("name,message,case,to\nAnn,Stay strong.,magai,authorities\nBo,Hello.,magai,individual\n", encoding="utf-8")
    target = ro / "split" if mode == "--split" else ro / "class.pdf"
    res = run("batch", str(roster), mode, str(target), "-q")
    assert_clean_failure(res, 4, str(ro))
    assert list(ro.iterdir()) == []


# -- other places writing fails


def test_a_file_where_a_folder_should_be(w4r, tmp_path):
    (tmp_path / "notes").write_text("a file")
    res = w4r("letter", "magai", "-o", str(tmp_path / "notes" / "sub" / "letter.pdf"))
    assert_clean_failure(res, 4, f"{tmp_path / 'notes'} is a file, not a folder")


def test_output_that_is_a_folder(w4r, tmp_path):
    res = w4r("letter", "magai", "-o", str(tmp_path))
    assert_clean_failure(res, 4)
    assert list(tmp_path.iterdir()) == []


def test_standard_output_closed_early():
    proc = subprocess.Popen([PYTHON, "-m", "w4r", "letter", "magai", "-o", "-"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdout.close()  # the reader is gone before w4r writes (like '| head -c 0')
    err = proc.stderr.read().decode()
    code = proc.wait(timeout=120)
    res = Result(code, "", err)
    assert_clean_failure(res, 4, "standard output was closed")
    assert "Exception ignored" not in err


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full (Linux)")
def test_standard_output_on_a_full_disk():
    with open("/dev/full", "wb") as full:
        proc = subprocess.run([PYTHON, "-m", "w4r", "letter", "magai", "-o", "-"], stdout=full, stderr=subprocess.PIPE, timeout=120)
    res = Result(proc.returncode, "", proc.stderr.decode())
    assert_clean_failure(res, 4, "cannot write to standard output", "No space left on device")


# -- never overwrite without --force, for every command that writes


def _commands(tmp_path: Path) -> dict[str, list[str]]:
    roster = tmp_path / "class.csv"
    roster.write_text("name,message,case,to\nAnn,Stay strong.,magai,authorities\n", encoding="utf-8")
    cmds = {"letter": ["letter", "magai"]}
    cmds["card"] = ["letter", "magai", "--to", "individual"]
    cmds["envelope"] = ["envelope", "magai"]
    cmds["batch"] = ["batch", str(roster), "-q"]
    return cmds


@pytest.mark.parametrize("command", ["letter", "card", "envelope", "batch"])
def test_existing_file_is_never_overwritten_without_force(w4r, tmp_path, command):
    cmds = _commands(tmp_path)
    out = tmp_path / "precious.pdf"
    out.write_bytes(b"precious")
    res = w4r(*cmds[command], "-o", str(out))
    assert_clean_failure(res, 4, "already exists", "--force")
    assert out.read_bytes() == b"precious"
    res = w4r(*cmds[command], "-o", str(out), "--force")
    assert res.returncode == 0, res.stderr
    assert out.read_bytes().startswith(b"%PDF")
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "class.csv") == ["precious.pdf"]


def test_batch_split_never_overwrites_without_force(w4r, tmp_path):
    roster = tmp_path / "class.csv"
    roster.write_text("name,message,case,to\nAnn,Stay strong.,magai,authorities\nBo,Hello.,magai,authorities\n", encoding="utf-8")
    split = tmp_path / "out"
    assert w4r("batch", str(roster), "--split", str(split), "-q").returncode == 0
    first = sorted(split.iterdir())
    assert len(first) == 2
    first[1].write_bytes(b"edited by hand")
    res = w4r("batch", str(roster), "--split", str(split), "-q")
    assert_clean_failure(res, 4, "already exists", "--force")
    assert first[1].read_bytes() == b"edited by hand"


# -- write_atomic itself


def test_atomic_write_interrupted_leaves_the_old_file_and_no_part_file(tmp_path, monkeypatch):
    target = tmp_path / "letter.pdf"
    target.write_bytes(b"old complete file")

    def interrupted(_fd):
        raise KeyboardInterrupt

    monkeypatch.setattr(output.os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        output.write_atomic(target, b"%PDF new" * 1000, force=True)
    assert target.read_bytes() == b"old complete file"
    assert [p.name for p in tmp_path.iterdir()] == ["letter.pdf"]


def test_atomic_write_crash_leaves_no_file_at_all(tmp_path, monkeypatch):
    target = tmp_path / "new.pdf"

    def crash(_fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(output.os, "fsync", crash)
    with pytest.raises(OutputError) as info:
        output.write_atomic(target, b"%PDF", force=False)
    assert "No space left on device" in str(info.value)
    assert list(tmp_path.iterdir()) == []


def test_a_file_that_appears_while_working_is_not_replaced(tmp_path, monkeypatch):
    target = tmp_path / "race.pdf"
    monkeypatch.setattr(output, "check_writable", lambda path, force: None)  # the check passed earlier
    target.write_bytes(b"someone else's")
    with pytest.raises(OutputError) as info:
        output.write_atomic(target, b"%PDF mine", force=False)
    assert "already exists" in str(info.value)
    assert target.read_bytes() == b"someone else's"
    assert [p.name for p in tmp_path.iterdir()] == ["race.pdf"]


def test_written_file_is_complete_and_readable(tmp_path):
    target = tmp_path / "ok.pdf"
    output.write_atomic(target, b"%PDF-1.4 data", force=False)
    assert target.read_bytes() == b"%PDF-1.4 data"
    assert oct(target.stat().st_mode & 0o777) == oct(0o644)


def test_unusable_font_cache_folder_still_prints(w4r, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be")
    out = tmp_path / "o.pdf"
    res = w4r("letter", "dorgelesse", "-o", str(out), env={"W4R_CACHE_DIR": str(blocker / "cache")})
    assert res.returncode == 0, res.stderr
    assert out.read_bytes().startswith(b"%PDF")
