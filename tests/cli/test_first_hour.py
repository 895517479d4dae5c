"""What a newcomer types in the first hour: options in any case, --version, completion, plain output."""

from __future__ import annotations

import re

import pytest

from tests.conftest import assert_clean_failure, page_size, page_text, run_w4r
from w4r import __version__

CASE = "chow-hang-tung"
A4 = (595.3, 841.9)
LETTER = (612.0, 792.0)


def test_version():
    res = run_w4r("--version")
    assert res.returncode == 0, res.stderr
    assert res.stdout.strip() == f"w4r {__version__}"


@pytest.mark.parametrize("paper, size", [("A4", A4), ("Letter", LETTER), ("LETTER", LETTER)])
def test_paper_and_to_in_any_case(tmp_path, paper, size):
    out = tmp_path / "l.pdf"
    res = run_w4r("letter", CASE, "--to", "Authorities", "--paper", paper, "-o", str(out))
    assert res.returncode == 0, res.stderr
    assert page_size(out.read_bytes()) == pytest.approx(size, abs=0.5)


def test_envelope_paper_in_any_case(tmp_path):
    out = tmp_path / "e.pdf"
    res = run_w4r("envelope", CASE, "--paper", "LETTER", "-o", str(out))
    assert res.returncode == 0, res.stderr
    assert page_size(out.read_bytes()) == pytest.approx((9.5 * 72, 4.125 * 72), abs=0.5)  # us10


def test_count_means_the_tally_everywhere(tmp_path):
    """--count adds to the tally (letter, batch); the cards in an envelope are --cards."""
    out = tmp_path / "e.pdf"
    res = run_w4r("envelope", "dorgelesse", "--to", "individual", "--cards", "12", "-o", str(out))
    assert res.returncode == 0, res.stderr
    assert "Enclosed: 12 cards" in page_text(out.read_bytes())
    res = run_w4r("envelope", "dorgelesse", "--to", "individual", "--count", "12", "-o", str(tmp_path / "f.pdf"))
    assert_clean_failure(res, 2, "--cards 12", "tally")
    for command in ("letter", "batch"):
        help_text = " ".join(run_w4r(command, "--help").stdout.split())
        assert re.search(r"--count\s+Add .* to the tally", help_text), help_text


def test_show_prints_no_internal_source_labels():
    for case in [c for c in run_w4r("cases", "--json").stdout.split('"id": "')[1:]]:
        cid = case.split('"', 1)[0]
        res = run_w4r("show", cid)
        assert res.returncode == 0, res.stderr
        assert not re.search(r"\bseed \d+", res.stdout), (cid, re.findall(r".{40}seed \d+.{5}", res.stdout))


def test_shell_completion_is_on_and_completes_commands_and_options():
    res = run_w4r("--help")
    assert "--install-completion" in res.stdout
    env = {"_W4R_COMPLETE": "complete_bash", "COMP_WORDS": "w4r let", "COMP_CWORD": "1"}
    assert run_w4r(env=env).stdout.split() == ["letter"]
    env = {"_W4R_COMPLETE": "complete_bash", "COMP_WORDS": "w4r letter --pap", "COMP_CWORD": "2"}
    assert run_w4r(env=env).stdout.split() == ["--paper"]
    env = {"_W4R_COMPLETE": "complete_bash", "COMP_WORDS": "w4r letter ch", "COMP_CWORD": "2"}
    assert run_w4r(env=env).stdout.split() == ["chow-hang-tung"]
