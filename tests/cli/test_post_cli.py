"""``w4r post`` through the real command line."""

from __future__ import annotations

import json

from w4r.cases import CaseLibrary
from w4r.compose.post import post_variants, weighted_length


def test_post_prints_the_text_and_its_length_on_stderr(w4r):
    r = w4r("post", "chow-hang-tung")
    assert r.returncode == 0, r.stderr
    text = r.stdout.rstrip("\n")
    assert "Chow Hang-tung" in text and "#W4R" in text
    assert r.stderr == f"({weighted_length(text)} of 280 characters as X counts them)\n"


def test_post_json_gives_text_weighted_length_and_max(w4r):
    r = w4r("post", "chow-hang-tung", "--max", "120", "--json")
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert set(data) == {"case", "lang", "text", "weighted_length", "max", "variant", "files"}
    assert data["case"] == "chow-hang-tung" and data["lang"] == "en" and data["max"] == 120
    assert data["weighted_length"] == weighted_length(data["text"]) <= 120
    assert data["files"] == []
    assert "鄒幸彤" not in data["text"], "the native-script name is the first part dropped"


def test_post_that_cannot_fit_exits_2_with_the_minimum(w4r):
    shortest = min(weighted_length(t) for _, t in post_variants(CaseLibrary.open().get("rita")))
    r = w4r("post", "rita", "--max", "10")
    assert r.returncode == 2
    assert r.stderr == (
        f"w4r: error: no post for rita fits in 10 characters; the shortest is {shortest} "
        f"(as X counts them), so use --max {shortest} or more\n"
    )
    assert r.stdout == ""


def test_post_bad_input_and_unknown_things(w4r):
    r = w4r("post", "rita", "--max", "0")
    assert (r.returncode, r.stderr) == (2, "w4r: error: --max must be a positive number of characters, not 0\n")
    r = w4r("post", "chow")
    assert r.returncode == 3
    assert r.stderr == "w4r: error: unknown case 'chow'; did you mean chow-hang-tung? (run 'w4r cases' to list them)\n"
    r = w4r("post", "rita", "--lang", "xx")
    assert (r.returncode, r.stderr) == (3, "w4r: error: no post template in 'xx' (posts/post.xx.j2); available: en\n")
    r = w4r("post", "rita", "--max", "many")
    assert r.returncode == 2 and "Traceback" not in r.stderr and "--max" in r.stderr


def test_post_uses_the_templates_folder(w4r, tmp_path):
    (tmp_path / "posts").mkdir()
    (tmp_path / "posts" / "post.en.j2").write_text("{% block only %}Write for {{ name }} {{ hashtag }}{% endblock %}", encoding="utf-8")
    r = w4r("post", "rita", "--templates", str(tmp_path), "--json")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["text"] == "Write for Rita Karasartova #W4R"
