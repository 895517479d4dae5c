"""Fonts prepared once: a line says so while it happens, and `w4r fonts --prepare` does it up front.

Both use the suite's shared font cache (tests/conftest.py FONT_CACHE), so they
are cheap once it is warm: the first test copies it and removes one weight.
"""

from __future__ import annotations

import json
import shutil

from tests.conftest import FONT_CACHE, run_w4r

LINE = "w4r: preparing fonts for Chinese (traditional), once: ~20 s"


def test_a_line_says_that_a_big_font_is_being_prepared_and_only_then(tmp_path):
    cache = tmp_path / "cache"
    cache.mkdir(mode=0o700)
    if (FONT_CACHE / "fonts").is_dir():
        shutil.copytree(FONT_CACHE / "fonts", cache / "fonts")
    for built in (cache / "fonts").glob("NotoSansTC-w400*"):
        built.unlink()  # the regular weight of the Traditional Chinese face, as before its first use
    env = {"W4R_CACHE_DIR": str(cache)}
    args = ("letter", "chow-hang-tung", "--lang", "zh-Hant", "--date", "2026-12-10")
    res = run_w4r(*args, "-o", str(tmp_path / "first.pdf"), env=env, timeout=300)
    assert res.returncode == 0, res.stderr
    lines = res.stderr.splitlines()
    assert lines.count(LINE) == 1, res.stderr
    assert lines.index(LINE) < next(i for i, ln in enumerate(lines) if ln.startswith("wrote ")), "said before the wait, not after"
    res = run_w4r(*args, "-o", str(tmp_path / "second.pdf"), env=env)
    assert res.returncode == 0, res.stderr
    assert "preparing fonts" not in res.stderr
    # A letter without Chinese never mentions it.
    res = run_w4r("letter", "luis-manuel", "-o", str(tmp_path / "latin.pdf"), env=env)
    assert "preparing fonts" not in res.stderr


def test_fonts_prepare_builds_every_weight():
    res = run_w4r("fonts", "--prepare", timeout=600)
    assert res.returncode == 0, res.stderr
    assert "Traceback" not in res.stderr
    assert "font cache ready in" in res.stderr
    assert "preparing fonts for" not in res.stderr  # the command lists the faces itself
    listing = json.loads(run_w4r("fonts", "--json").stdout)
    assert listing["fonts"], listing
    for face in listing["fonts"]:
        assert face["prepared"] == face["weights"], face
