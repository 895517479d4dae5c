"""Promises the README and --help make, each tried through the real command line (issue: the first hour, 33)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest

from tests.conftest import REPO, assert_clean_failure, page_count, page_text, run_w4r

DATE = ("--date", "2026-12-10")
CASE = "chow-hang-tung"


def _roster(tmp_path, rows: str):
    path = tmp_path / "class.csv"
    path.write_text("name,message,case,to\n" + rows, encoding="utf-8")
    return path


def _tally() -> dict:
    res = run_w4r("tally", "--json")
    assert res.returncode == 0, res.stderr
    data = json.loads(res.stdout)
    return data


def test_count_adds_to_the_tally_for_letter_and_batch(tmp_path):
    res = run_w4r("letter", CASE, "--count", "-o", str(tmp_path / "l.pdf"), *DATE)
    assert res.returncode == 0, res.stderr
    assert "counted 1 letter" in res.stderr
    roster = _roster(tmp_path, f"Ann,Hi.,{CASE},authorities\nBob,Hi.,{CASE},individual\n")
    res = run_w4r("batch", str(roster), "-o", str(tmp_path / "b.pdf"), "--count", *DATE)
    assert res.returncode == 0, res.stderr
    row = next(c for c in _tally()["cases"] if c["case"] == CASE)
    assert (row["letters"], row["cards"]) == (2, 1)  # the letter alone, then the batch's letter and card


def test_batch_json_and_cases_json_keys(tmp_path):
    roster = _roster(tmp_path, f"Ann,Hi.,{CASE},authorities\n")
    res = run_w4r("batch", str(roster), "-o", str(tmp_path / "b.pdf"), "--json", *DATE)
    assert res.returncode == 0, res.stderr
    data = json.loads(res.stdout)
    assert {"files", "pages", "cases", "letters", "cards", "envelopes", "rows", "problems", "counted", "tally_command"} <= set(data)
    assert data["rows"] == {"read": 1, "printed": 1, "skipped": []}
    cases = json.loads(run_w4r("cases", "--json").stdout)
    assert {"id", "name", "country", "year", "status", "status_date", "closed"} <= set(cases[0])


def test_batch_refuses_to_overwrite_its_roster_and_an_empty_roster(tmp_path):
    roster = _roster(tmp_path, f"Ann,Hi.,{CASE},authorities\n")
    before = roster.read_bytes()
    assert_clean_failure(run_w4r("batch", str(roster), "-o", str(roster)), 2, "roster")
    assert roster.read_bytes() == before
    empty = _roster(tmp_path, "")
    assert_clean_failure(run_w4r("batch", str(empty), "-o", str(tmp_path / "e.pdf")), 2, "no rows")
    assert not (tmp_path / "e.pdf").exists()


def test_batch_duplex_and_by_case(tmp_path):
    roster = _roster(tmp_path, f"Ann,Hi.,{CASE},authorities\nBob,Hola.,luis-manuel,authorities\nCat,Hi.,{CASE},individual\n")
    res = run_w4r("batch", str(roster), "-o", str(tmp_path / "d.pdf"), "--duplex", *DATE)
    assert res.returncode == 0, res.stderr
    assert page_count((tmp_path / "d.pdf").read_bytes()) % 2 == 0
    res = run_w4r("batch", str(roster), "--by-case", str(tmp_path / "by"), *DATE)
    assert res.returncode == 0, res.stderr
    names = sorted(p.name for p in (tmp_path / "by").iterdir())
    assert any(CASE in n for n in names) and any("luis-manuel" in n for n in names), names


def test_format_eml_writes_a_file(tmp_path):
    res = run_w4r("letter", CASE, "--format", "eml", *DATE, cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    eml = (tmp_path / f"{CASE}-authorities.eml").read_text(encoding="utf-8")
    assert "Subject:" in eml and "sjo@doj.gov.hk" in eml


def test_templates_dir_from_the_environment(tmp_path):
    mine = tmp_path / "tpl" / "letters"
    mine.mkdir(parents=True)
    text = (REPO / "templates" / "letters" / "appeal.en.j2").read_text(encoding="utf-8")
    marker = "Written with our own template."
    assert "{% block request %}" in text
    (mine / "appeal.en.j2").write_text(text.replace("{% block request %}", "{% block request %}" + marker + "\n\n", 1), encoding="utf-8")
    out = tmp_path / "l.pdf"
    res = run_w4r("letter", CASE, "-o", str(out), *DATE, env={"W4R_TEMPLATES_DIR": str(tmp_path / "tpl")})
    assert res.returncode == 0, res.stderr
    assert marker in " ".join(page_text(out.read_bytes()).split())


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal (POSIX)")
def test_no_pdf_on_a_terminal():
    main, sub = os.openpty()
    try:
        proc = subprocess.run([sys.executable, "-m", "w4r", "letter", CASE, "-o", "-"], stdout=sub, stderr=subprocess.PIPE, timeout=120)
    finally:
        os.close(sub)
        os.close(main)
    assert proc.returncode == 4
    assert "will not print a PDF to the terminal" in proc.stderr.decode()
