"""Case files the loader tests (tests/cases/test_loader.py) do not cover: each is one line with line and column.

Control characters, lone surrogates, nesting bombs, UTF-16/32 without a byte
order mark, NUL bytes, oversized files and alias bombs -- loaded directly, and
a handful through ``w4r validate`` and ``w4r letter --cases-dir``.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.robustness.support import assert_clean_failure
from w4r.cases.loader import load_case_file
from w4r.cases.yamlsafe import MAX_NESTING, YamlProblem, parse_yaml_text
from w4r.errors import CaseFileError

POSITION = re.compile(r"^(?P<file>.+\.yaml):(?P<line>\d+):(?P<col>\d+): ")

GOOD_HEAD = "id: {id}\nname: Test Person\ncountry: Norway\n"


def one_problem(path: Path) -> tuple[int, int, str]:
    with pytest.raises(CaseFileError) as info:
        load_case_file(path)
    problems = info.value.problems
    assert len(problems) == 1, problems
    msg = problems[0]
    assert "\n" not in msg
    m = POSITION.match(msg)
    assert m and m["file"] == str(path), msg
    return int(m["line"]), int(m["col"]), msg


def write(tmp_path: Path, raw: bytes, name: str = "bad-case") -> Path:
    path = tmp_path / f"{name}.yaml"
    path.write_bytes(raw)
    return path


@pytest.mark.parametrize(
    "char, label",
    [("\x01", "U+0001"), ("\x1b", "U+001B"), ("\x7f", "U+007F"), ("\ufffe", "U+FFFE"), ("\x9b", "U+009B")],
)
def test_control_characters_name_line_and_column(tmp_path, char, label):
    text = GOOD_HEAD.format(id="bad-case") + f"summary: a{char}b\n"
    line, col, msg = one_problem(write(tmp_path, text.encode("utf-8")))
    assert (line, col) == (4, 11), msg
    assert label in msg and "not allowed" in msg


def test_lone_surrogate_in_a_python_string_is_a_yaml_problem():
    with pytest.raises(YamlProblem) as info:
        parse_yaml_text("id: x\nname: a\ud800b\n")
    assert info.value.mark is not None and (info.value.mark.line, info.value.mark.column) == (2, 8)
    assert "U+D800" in info.value.message


@pytest.mark.parametrize("opener, closer", [("[", "]"), ("{a: ", "}")])
def test_nesting_bomb_is_refused_not_a_crash(tmp_path, opener, closer):
    depth = 100_000
    text = GOOD_HEAD.format(id="bad-case") + "story: " + opener * depth + "x" + closer * depth + "\n"
    line, col, msg = one_problem(write(tmp_path, text.encode()))
    assert line == 4 and f"nested more than {MAX_NESTING} levels" in msg


def test_alias_bomb_is_refused_before_expansion(tmp_path):
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 10):
        prev, cur = chr(ord("a") + i - 1), chr(ord("a") + i)
        lines.append(f"{cur}: &{cur} [" + ",".join([f"*{prev}"] * 9) + "]")
    line, col, msg = one_problem(write(tmp_path, ("\n".join(lines) + "\n").encode()))
    assert (line, col) == (1, 4) and "anchors and aliases" in msg


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be", "utf-32-le"])
def test_utf16_and_utf32_without_byte_order_mark(tmp_path, encoding):
    raw = (GOOD_HEAD.format(id="bad-case")).encode(encoding)
    line, col, msg = one_problem(write(tmp_path, raw))
    assert "UTF-16 or UTF-32" in msg and "save it as UTF-8" in msg


def test_utf32_with_byte_order_mark(tmp_path):
    line, col, msg = one_problem(write(tmp_path, GOOD_HEAD.format(id="bad-case").encode("utf-32")))
    assert (line, col) == (1, 1) and "UTF-16 (or UTF-32)" in msg


def test_nul_byte_is_located(tmp_path):
    raw = GOOD_HEAD.format(id="bad-case").encode() + b"summary: ab\x00c\n"
    line, col, msg = one_problem(write(tmp_path, raw))
    assert (line, col) == (4, 12) and "NUL" in msg


def test_oversized_file(tmp_path):
    raw = GOOD_HEAD.format(id="bad-case").encode() + b"summary: " + b"x" * 1_100_000 + b"\n"
    with pytest.raises(CaseFileError) as info:
        load_case_file(write(tmp_path, raw))
    msg = info.value.problems[0]
    assert "larger than 1000 kB" in msg and "\n" not in msg


@pytest.mark.parametrize(
    "text, phrase",
    [
        ("---\n", "mapping"),
        ("...\n", None),
        ("- a\n- b\n", "mapping"),
        ("just text\n", "mapping"),
        ("%YAML 1.1\n---\nid: x\n", None),
        ("? [a, b]\n: c\n", "keys must be plain words"),
        ("id: !!binary aGk=\n", "explicit tag"),
        ("id: !custom x\n", "explicit tag"),
        ("%TAG !e! tag:example.com,2000:\n---\nid: !e!x y\n", "explicit tag"),
        ("a: 1\na: 2\n", "duplicate key"),
        ("a: b\n---\na: c\n", "more than one YAML document"),
    ],
)
def test_odd_documents_are_one_line_errors(tmp_path, text, phrase):
    with pytest.raises(CaseFileError) as info:
        load_case_file(write(tmp_path, text.encode()))
    msg = info.value.problems[0]
    assert "\n" not in msg and POSITION.match(msg), msg
    if phrase:
        assert phrase in msg, msg


def test_validate_reports_a_control_character_in_one_line(w4r, tmp_path):
    path = write(tmp_path, (GOOD_HEAD.format(id="bad-case") + "summary: a\x01b\n").encode())
    res = w4r("validate", str(path))
    assert res.returncode == 2 and "Traceback" not in res.stderr
    lines = [ln for ln in (res.stdout + res.stderr).splitlines() if "bad-case.yaml" in ln]
    assert lines and all(f"{path}:4:11:" in ln for ln in lines), res.stdout + res.stderr


def test_letter_from_a_nested_bomb_case_folder_fails_cleanly(w4r, tmp_path):
    cases = tmp_path / "cases"
    cases.mkdir()
    (cases / "bomb.yaml").write_text("id: bomb\nname: " + "[" * 200_000 + "]" * 200_000 + "\n")
    res = w4r("letter", "bomb", "--cases-dir", str(cases), "-o", str(tmp_path / "o.pdf"))
    assert_clean_failure(res, 2, f"{cases / 'bomb.yaml'}:2:", "nested more than")


@pytest.mark.parametrize("escape, label", [("\\e[31m", "U+001B"), ("\\x01", "U+0001"), ("\\u202e", "U+202E"), ("\\0", "U+0000"), ("\\N", "U+0085"), ("\\ud800", "U+D800")])
def test_control_characters_written_as_escapes_are_refused_too(tmp_path, escape, label):
    text = GOOD_HEAD.format(id="bad-case") + f'summary: "a {escape} b"\n'
    line, col, msg = one_problem(write(tmp_path, text.encode()))
    assert (line, col) == (4, 10) and label in msg and "escape" in msg


def test_isolates_and_direction_marks_in_escapes_are_fine():
    data = parse_yaml_text('name: "\\u2068\\u0645\\u0631\\u2069 \\u200f"\n').data
    assert data["name"] == "\u2068\u0645\u0631\u2069 \u200f"


# --- Issue 17: tags, links and lengths ------------------------------------------------

REPO_CASES = Path(__file__).resolve().parents[2] / "cases"


def _sasha_with(tmp_path: Path, old: str, new: str) -> Path:
    text = (REPO_CASES / "sasha.yaml").read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "sasha.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


@pytest.mark.parametrize("tag", ["!!str", "!!map", "!", "!!seq"])
def test_every_explicit_tag_is_refused_even_the_standard_ones(tmp_path, tag):
    value = {"!!str": "!!str 12:30", "!!map": "!!map {a: b}", "!": "! plain", "!!seq": "!!seq [a]"}[tag]
    path = write(tmp_path, (GOOD_HEAD.format(id="bad-case") + f"summary: {value}\n").encode())
    line, col, msg = one_problem(path)
    assert line == 4 and "explicit tag" in msg and "not allowed" in msg


@pytest.mark.parametrize("url", ["javascript:alert(1)", "file:///etc/passwd", "ftp://example.org/x", "https://", "data:text/html,hi", "https://exa mple.org"])
def test_action_url_must_be_a_web_address(tmp_path, url):
    path = _sasha_with(tmp_path, "last_verified:", f"action_url: '{url}'\nlast_verified:")
    with pytest.raises(CaseFileError) as info:
        load_case_file(path)
    msg = info.value.problems[0]
    assert "action_url" in msg and "https://" in msg, msg


def test_action_url_https_and_http_are_fine(tmp_path):
    for url in ("https://www.amnesty.org/en/get-involved/write-for-rights/", "http://example.org/act"):
        path = _sasha_with(tmp_path, "last_verified:", f"action_url: '{url}'\nlast_verified:")
        assert load_case_file(path).action_url == url


def test_source_url_must_be_a_web_address_too(tmp_path):
    text = (REPO_CASES / "sasha.yaml").read_text(encoding="utf-8")
    import re as _re

    first = _re.search(r"url: (\S+)", text).group(1)
    path = _sasha_with(tmp_path, f"url: {first}", "url: 'javascript:alert(1)'")
    with pytest.raises(CaseFileError) as info:
        load_case_file(path)
    assert "url" in info.value.problems[0] and "https://" in info.value.problems[0]


@pytest.mark.parametrize("key, old", [("name", "name: Aleksandra Skochilenko"), ("title", "title: Prosecutor General of the Russian Federation")])
def test_a_huge_name_or_title_is_refused_at_validation_naming_the_field(tmp_path, key, old):
    path = _sasha_with(tmp_path, old, f"{key}: {'Aleksandra ' * 15_000}")
    with pytest.raises(CaseFileError) as info:
        load_case_file(path)
    msg = info.value.problems[0]
    assert key in msg and "characters" in msg and "at most" in msg
    assert len(msg) < 400  # the value itself is not echoed


def test_huge_name_through_the_cli_blames_the_case_file_quickly(tmp_path):
    cases = tmp_path / "cases"
    cases.mkdir()
    _sasha_with(cases, "name: Aleksandra Skochilenko", "name: " + "Aleksandra " * 20_000)
    res = __import__("tests.conftest", fromlist=["run_w4r"]).run_w4r("letter", "sasha", "--force", "--cases-dir", str(cases), "-o", str(tmp_path / "o.pdf"))
    line = assert_clean_failure(res, 2, "sasha.yaml", "name")
    assert ".j2" not in line
