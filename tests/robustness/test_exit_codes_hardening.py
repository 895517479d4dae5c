"""User and environment faults end with their documented code and one plain line, never 70
(issue 17, items 14, 26 and 27)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import run_w4r
from tests.robustness.support import assert_clean_failure


@pytest.mark.parametrize("encoding", ["rot13", "base64", "zlib", "hex"])
def test_a_codec_that_is_not_a_text_encoding_is_bad_input(tmp_path, encoding):
    roster = tmp_path / "class.csv"
    roster.write_text("name,message,case,to\nAnn,Hello,luis-manuel,card\n", encoding="utf-8")
    res = run_w4r("batch", str(roster), "--encoding", encoding, "-o", str(tmp_path / "o.pdf"))
    assert_clean_failure(res, 2, encoding, "encoding")


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full")
@pytest.mark.parametrize("command", [["show", "luis-manuel"], ["cases"], ["tally", "--where"], ["post", "luis-manuel"]])
def test_standard_output_on_a_full_disk_is_an_output_error(command):
    with open("/dev/full", "wb") as full:
        proc = subprocess.run([sys.executable, "-m", "w4r", *command], stdout=full, stderr=subprocess.PIPE, timeout=120)
    stderr = proc.stderr.decode("utf-8", "replace")
    assert "Traceback" not in stderr and "internal error" not in stderr, stderr
    assert proc.returncode == 4, (proc.returncode, stderr)
    assert "No space left" in stderr


def test_debug_keeps_the_documented_exit_code_and_shows_the_traceback():
    plain = run_w4r("letter", "no-such-case")
    assert_clean_failure(plain, 3, "unknown case")
    for args in (["--debug", "letter", "no-such-case"], ["letter", "no-such-case", "--debug"]):
        res = run_w4r(*args)
        assert res.returncode == 3, (res.returncode, res.stderr[-500:])
        assert "Traceback" in res.stderr and "w4r: error: unknown case" in res.stderr


def test_envelope_count_is_bounded(tmp_path):
    res = run_w4r("envelope", "luis-manuel", "--to", "individual", "--cards", "99999999999", "-o", str(tmp_path / "e.pdf"))
    assert_clean_failure(res, 2, "--cards 99999999999", "at most")
    assert not (tmp_path / "e.pdf").exists()
