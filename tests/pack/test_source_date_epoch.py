"""SOURCE_DATE_EPOCH does not change w4r's output: the same input and --date give the same bytes (16.29).

ReportLab stamps its documents with SOURCE_DATE_EPOCH when the variable is set;
w4r already fixes every date in a file (the --date printed, a fixed creation
date), so the variable is ignored, as docs/scripting.md says.
"""

from __future__ import annotations


def _files(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_pack_is_the_same_with_and_without_source_date_epoch(w4r, tmp_path):
    plain, stamped = tmp_path / "plain", tmp_path / "stamped"
    for out, env in ((plain, {}), (stamped, {"SOURCE_DATE_EPOCH": "1700000000"})):
        res = w4r("pack", "chow-hang-tung", "-o", str(out), "--date", "2026-12-10", env=env)
        assert res.returncode == 0, res.stderr
    a, b = _files(plain), _files(stamped)
    assert sorted(a) == sorted(b) and any(name.endswith(".pdf") for name in a)
    assert [name for name in a if a[name] != b[name]] == []


def test_a_letter_is_the_same_with_and_without_source_date_epoch(w4r, tmp_path):
    outs = []
    for i, env in enumerate(({}, {"SOURCE_DATE_EPOCH": "1700000000"}, {"SOURCE_DATE_EPOCH": "0"})):
        out = tmp_path / f"l{i}.pdf"
        res = w4r("letter", "manahel", "-o", str(out), "--date", "2026-12-10", env=env)
        assert res.returncode == 0, res.stderr
        outs.append(out.read_bytes())
    assert outs[0] == outs[1] == outs[2]
