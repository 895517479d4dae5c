"""`w4r validate` refuses what `w4r letter` would refuse later: the same case file, the same verdict."""

from __future__ import annotations

import pytest

from tests.conftest import REPO, run_w4r

CASE = "chow-hang-tung"


def _folder(tmp_path, old: str, new: str):
    folder = tmp_path / "cases"
    folder.mkdir()
    text = (REPO / "cases" / f"{CASE}.yaml").read_text(encoding="utf-8")
    assert old in text
    (folder / f"{CASE}.yaml").write_text(text.replace(old, new, 1), encoding="utf-8")
    return folder


@pytest.mark.parametrize(
    "old, new, phrase",
    [
        ("      - Central, HONG KONG\n", "      - Central, HONG KONG\n      - Line five\n      - Line six\n      - Line seven\n", "at most 6"),
        ("      - 18 Lower Albert Road\n", "      - 18 Lower Albert Road, the very long building by the harbour at the corner\n", "does not fit"),
    ],
)
def test_validate_refuses_what_letter_refuses(tmp_path, old, new, phrase):
    folder = _folder(tmp_path, old, new)
    letter = run_w4r("letter", CASE, "--cases-dir", str(folder), "-o", str(tmp_path / "l.pdf"))
    assert letter.returncode == 2, letter.stderr
    res = run_w4r("validate", str(folder))
    assert "Traceback" not in res.stderr and res.returncode == 2, res.stderr
    assert phrase in res.stderr
    assert f"{CASE}.yaml" in res.stderr
