"""An official whose address nobody confirmed: letter, envelope, batch and pack each say so once; --strict fails."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import REPO, assert_clean_failure, run_w4r

DATE = "2026-12-10"


def warnings(stderr: str, phrase: str = "is not verified") -> list[str]:
    return [ln for ln in stderr.splitlines() if ln.startswith("w4r: warning: ") and phrase in ln]


def unverified_library(tmp_path: Path) -> Path:
    """The shipped chow-hang-tung case, with its official's address marked as not confirmed."""
    folder = tmp_path / "cases"
    folder.mkdir()
    text = (REPO / "cases" / "chow-hang-tung.yaml").read_text(encoding="utf-8")
    assert "    verified_on: 2026-12-05\n" in text
    text = text.replace("    verified_on: 2026-12-05\n", "    verified: false\n", 1)
    (folder / "chow-hang-tung.yaml").write_text(text, encoding="utf-8")
    return folder


def test_letter_says_it_once_and_strict_fails(tmp_path):
    # Manahel's second official (the King) has an address nobody has confirmed.
    res = run_w4r("letter", "manahel", "--target", "2", "--date", DATE, "-o", str(tmp_path / "l.pdf"))
    assert res.returncode == 0, res.stderr
    lines = warnings(res.stderr)
    assert len(lines) == 1, res.stderr
    assert "King of Saudi Arabia" in lines[0] and "check it with your Amnesty section" in lines[0]
    assert len([ln for ln in res.stderr.splitlines() if "King of Saudi Arabia" in ln]) == 1  # not also "never checked"
    res = run_w4r("letter", "manahel", "--target", "2", "--date", DATE, "--strict", "-o", str(tmp_path / "s.pdf"))
    assert_clean_failure(res, 1, "is not verified", "--strict")
    assert not (tmp_path / "s.pdf").exists()


def test_envelope_says_the_same_once(tmp_path):
    letter = run_w4r("letter", "manahel", "--target", "2", "--date", DATE, "-o", str(tmp_path / "l.pdf"))
    res = run_w4r("envelope", "manahel", "--target", "2", "--date", DATE, "-o", str(tmp_path / "e.pdf"))
    assert res.returncode == 0, res.stderr
    assert warnings(res.stderr) == warnings(letter.stderr)
    res = run_w4r("envelope", "manahel", "--target", "2", "--date", DATE, "--strict", "-o", str(tmp_path / "s.pdf"))
    assert_clean_failure(res, 1, "is not verified")


def test_batch_says_it_once_for_all_the_rows(tmp_path):
    cases = unverified_library(tmp_path)
    roster = tmp_path / "class.csv"
    roster.write_text(
        "name,message,case,to\n" + "".join(f"Writer {i},Please act.,chow-hang-tung,authorities\n" for i in range(3)), encoding="utf-8"
    )
    res = run_w4r("batch", str(roster), "-o", str(tmp_path / "b.pdf"), "--date", DATE, "--cases-dir", str(cases))
    assert res.returncode == 0, res.stderr
    lines = warnings(res.stderr)
    assert len(lines) == 1, res.stderr
    assert "Secretary for Justice" in lines[0] and "rows 2, 3, 4" in lines[0] and "--strict" in lines[0]
    res = run_w4r("batch", str(roster), "-o", str(tmp_path / "s.pdf"), "--date", DATE, "--cases-dir", str(cases), "--strict")
    assert res.returncode == 1, res.stderr
    assert not (tmp_path / "s.pdf").exists()


def test_pack_says_it_once(tmp_path):
    cases = unverified_library(tmp_path)
    res = run_w4r("pack", "chow-hang-tung", "-o", str(tmp_path / "pack"), "--letters", "1", "--cards", "0",
                  "--date", DATE, "--cases-dir", str(cases), timeout=300)
    assert res.returncode == 0, res.stderr
    assert len(warnings(res.stderr)) == 1, res.stderr
