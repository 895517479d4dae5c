"""Input files that are not what their names say: devices, pipes, links out of a shared folder.

Every kind of file w4r reads (case file, roster, config, message file, template,
language file, case translation) is given ``/dev/zero`` or a FIFO: each run
must end at once with one error naming the file, and stay small in memory.
Memory is the child's own peak (a fresh wrapper process reports its only
child's ``ru_maxrss``), so other tests' children do not count.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO, assert_clean_failure

pytestmark = pytest.mark.skipif(not Path("/dev/zero").exists() or not hasattr(os, "mkfifo"), reason="needs POSIX /dev/zero and FIFOs")

PEAK_MB = 400  # w4r with ReportLab and fonts loaded stays well below; reading /dev/zero whole took GBs

# The child's address space is capped too, so a regression fails fast instead of
# eating the memory of a shared test machine.
_WRAPPER = """
import json, resource, subprocess, sys
def cap():
    resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))
proc = subprocess.run(sys.argv[1:], capture_output=True, timeout=90, preexec_fn=cap)
peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({"code": proc.returncode, "stderr": proc.stderr.decode("utf-8", "replace"), "peak_kb": peak_kb}))
"""


class Res:
    def __init__(self, code: int, stderr: str, peak_kb: int):
        self.returncode = code
        self.stderr = stderr
        self.stdout = ""
        self.peak_mb = peak_kb / 1024


def run_measured(*args: str, env: dict | None = None, cwd: Path | None = None) -> Res:
    """The real CLI in a fresh wrapper process that reports the CLI's peak memory."""
    full_env = {**os.environ, **(env or {})}
    out = subprocess.run([sys.executable, "-c", _WRAPPER, sys.executable, "-m", "w4r", *args],
                         capture_output=True, env=full_env, cwd=cwd, timeout=120)
    data = json.loads(out.stdout)
    return Res(data["code"], data["stderr"], data["peak_kb"])


def _cases_folder(tmp_path: Path, *ids: str) -> Path:
    folder = tmp_path / "cases"
    folder.mkdir()
    for cid in ids:
        shutil.copy(REPO / "cases" / f"{cid}.yaml", folder / f"{cid}.yaml")
    return folder


def test_dev_zero_as_case_file_is_refused_with_bounded_memory(tmp_path):
    res = run_measured("validate", "/dev/zero")
    assert res.returncode == 2, res.stderr
    assert "/dev/zero" in res.stderr and "device" in res.stderr
    assert "Traceback" not in res.stderr
    assert res.peak_mb < PEAK_MB


def test_dev_zero_as_roster(tmp_path):
    res = run_measured("batch", "/dev/zero", "-o", str(tmp_path / "out.pdf"))
    assert_clean_failure(res, 2, "/dev/zero", "device")
    assert res.peak_mb < PEAK_MB


def test_dev_zero_as_config(tmp_path):
    res = run_measured("letter", "luis-manuel", "-o", str(tmp_path / "out.pdf"), env={"W4R_CONFIG": "/dev/zero"})
    assert_clean_failure(res, 2, "/dev/zero", "device", "config")
    assert res.peak_mb < PEAK_MB


def test_dev_zero_as_message_file(tmp_path):
    res = run_measured("letter", "luis-manuel", "--message-file", "/dev/zero", "-o", str(tmp_path / "out.pdf"))
    assert_clean_failure(res, 2, "/dev/zero", "device")
    assert res.peak_mb < PEAK_MB


@pytest.mark.parametrize("where", ["letters/appeal.en.j2", "lang/en.yaml", "letters/cases/luis-manuel.es.yaml"])
@pytest.mark.parametrize("node", ["dev-zero", "fifo"])
def test_template_folder_files_that_are_not_files(tmp_path, where, node):
    templates = tmp_path / "tpl"
    target = templates / where
    target.parent.mkdir(parents=True)
    if node == "fifo":
        os.mkfifo(target)
    else:
        os.symlink("/dev/zero", target)  # a link out of the folder: refused before it is opened
    lang = ["--lang", "es"] if "luis-manuel.es" in where else []
    res = run_measured("letter", "luis-manuel", *lang, "--templates", str(templates), "-o", str(tmp_path / "out.pdf"))
    assert_clean_failure(res, 2, str(target))
    assert ("pipe" if node == "fifo" else "outside its folder") in res.stderr
    assert res.peak_mb < PEAK_MB
    assert not (tmp_path / "out.pdf").exists()


def test_fifo_named_like_a_case_file_does_not_hang(tmp_path):
    folder = _cases_folder(tmp_path, "sasha")
    os.mkfifo(folder / "x.yaml")
    res = run_measured("cases", "--cases-dir", str(folder))
    assert_clean_failure(res, 2, "x.yaml", "pipe")


def test_case_file_linked_out_of_its_folder_is_not_read(tmp_path):
    secret = tmp_path / "private" / "notes.txt"
    secret.parent.mkdir()
    secret.write_text("id: sasha\npassword: hunter2-do-not-print\n", encoding="utf-8")
    folder = _cases_folder(tmp_path)
    os.symlink(secret, folder / "sasha.yaml")
    res = run_measured("cases", "--cases-dir", str(folder))
    line = assert_clean_failure(res, 2, "sasha.yaml", "outside")
    assert "hunter2" not in res.stderr and "password" not in res.stderr
    assert str(secret) not in line


def test_case_file_linked_within_its_folder_is_fine(tmp_path):
    folder = _cases_folder(tmp_path, "sasha")
    (folder / "drafts").mkdir()
    (folder / "sasha.yaml").rename(folder / "drafts" / "sasha.yaml")
    os.symlink(folder / "drafts" / "sasha.yaml", folder / "sasha.yaml")
    res = run_measured("cases", "--cases-dir", str(folder))
    assert res.returncode == 0, res.stderr


def test_missing_message_file_is_not_found(tmp_path):
    res = run_measured("letter", "luis-manuel", "--message-file", str(tmp_path / "nope.txt"), "-o", str(tmp_path / "o.pdf"))
    assert_clean_failure(res, 3, "nope.txt")


# -- 17.24: config messages blame the config file


def test_an_empty_config_file_means_no_settings(tmp_path):
    cfg = tmp_path / "config.yaml"
    cfg.write_text("# nothing yet\n", encoding="utf-8")
    res = run_measured("letter", "luis-manuel", "-o", str(tmp_path / "o.pdf"), env={"W4R_CONFIG": str(cfg)})
    assert res.returncode == 0, res.stderr
    assert "case-format" not in res.stderr


@pytest.mark.parametrize("yaml_text, key", [
    ("sender:\n  name: " + "Ann " * 1_000 + "\n", "sender.name"),
    ("sender:\n  address:\n    - " + "12 High Street " * 300 + "\n", "sender.address"),
    ("group: " + "g" * 5_000 + "\n", "group"),
    ("lang: '../../etc'\n", "lang"),
    ("paper: a3\n", "paper"),
    ("sendr:\n  name: Ann\n", "sendr"),
])
def test_config_problems_name_the_config_file_line_and_key(tmp_path, yaml_text, key):
    cfg = tmp_path / "config.yaml"
    cfg.write_text(yaml_text, encoding="utf-8")
    res = run_measured("letter", "luis-manuel", "-o", str(tmp_path / "o.pdf"), env={"W4R_CONFIG": str(cfg)})
    line = assert_clean_failure(res, 2, f"{cfg}:", key)
    assert "case-format" not in line and len(line) < 400, line


@pytest.mark.parametrize("content", [b"this is not a font\n", b"OTTO" + b"\0" * 100, b""])
def test_a_config_font_that_is_not_truetype_is_a_config_problem_not_a_bug(tmp_path, content):
    font = tmp_path / "fancy.ttf"
    font.write_bytes(content)
    cfg = tmp_path / "config.yaml"
    cfg.write_text(f"fonts:\n  - key: latin\n    path: {font}\n", encoding="utf-8")
    res = run_measured("letter", "luis-manuel", "-o", str(tmp_path / "o.pdf"), env={"W4R_CONFIG": str(cfg)})
    assert_clean_failure(res, 2, f"{cfg}:", "fonts", "TrueType")


def _pack_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "pack"
    shutil.copytree(REPO / "packs" / "wfr-2025", folder)
    return folder


def test_dev_zero_as_signing_key(tmp_path):
    folder = _pack_folder(tmp_path)
    res = run_measured("cases", "pack", str(folder), "-o", str(tmp_path / "p.w4rpack"), "--sign", "/dev/zero")
    assert_clean_failure(res, 2, "/dev/zero", "device")
    assert res.peak_mb < PEAK_MB
    assert not (tmp_path / "p.w4rpack").exists()


def test_a_pipe_in_a_pack_folder_does_not_hang(tmp_path):
    folder = _pack_folder(tmp_path)
    os.mkfifo(folder / "cases" / "extra.yaml")
    res = run_measured("cases", "pack", str(folder), "-o", str(tmp_path / "p.w4rpack"))
    assert_clean_failure(res, 2, "extra.yaml", "pipe")
    assert not (tmp_path / "p.w4rpack").exists()
