"""`w4r letter --to authorities` through the real command line: outputs, messages, exit codes."""

from __future__ import annotations

import pytest

from tests.conftest import assert_clean_failure, page_text




def test_default_name_in_current_directory_and_where_it_went(w4r, tmp_path):
    res = w4r("letter", "manahel", "--to", "authorities", cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    assert (tmp_path / "manahel-authorities.pdf").is_file()
    assert "wrote manahel-authorities.pdf" in res.stderr


def test_closed_case_is_refused_unless_forced_for_the_record(w4r, tmp_path):
    res = w4r("letter", "sasha", cwd=tmp_path)
    assert res.returncode == 5 and "freed on 1 August 2024" in res.stderr
    res = w4r("letter", "sasha", "--force", cwd=tmp_path)
    assert res.returncode == 0
    assert "w4r: warning: for the record only" in res.stderr
    assert "freed on 2024-08-01" in res.stderr


def test_never_overwrites_without_force(w4r, tmp_path):
    out = tmp_path / "x.pdf"
    out.write_bytes(b"precious")
    res = w4r("letter", "manahel", "-o", str(out))
    assert_clean_failure(res, 4, "already exists", "--force")
    assert out.read_bytes() == b"precious"
    res = w4r("letter", "manahel", "-o", str(out), "--force")
    assert res.returncode == 0
    assert out.read_bytes().startswith(b"%PDF")


def test_stdout_output(w4r):
    res = w4r("letter", "manahel", "-o", "-")
    assert res.returncode == 0
    assert res.stdout_bytes.startswith(b"%PDF") and res.stdout_bytes.rstrip().endswith(b"%%EOF")


def test_unknown_case_suggests_close_match(w4r):
    assert_clean_failure(w4r("letter", "sasah"), 3, "unknown case 'sasah'", "did you mean sasha")


@pytest.mark.parametrize(
    "args, code, phrase",
    [
        (["--target", "9"], 2, "choose --target 1 to 2"),
        (["--date", "10/12/2026"], 2, "write it as YYYY-MM-DD"),
        (["--lang", "de"], 2, "accepts letters in ar, en"),
        (["--message-file", "/nonexistent/note.txt"], 3, "/nonexistent/note.txt: the message file does not exist"),
        (["--message", "x", "--message-file", "y"], 2, "either --message or --message-file"),
        (["--address", "1|2|3|4|5|6"], 2, "at most 5"),
    ],
)
def test_bad_options_fail_with_one_line(w4r, tmp_path, args, code, phrase):
    assert_clean_failure(w4r("letter", "manahel", "-o", str(tmp_path / "o.pdf"), *args), code, phrase)
    assert not (tmp_path / "o.pdf").exists()


def test_unknown_paper_is_a_usage_error(w4r, tmp_path):
    res = w4r("letter", "manahel", "--paper", "a3", "-o", str(tmp_path / "o.pdf"))
    assert res.returncode == 2
    assert "Traceback" not in res.stderr and "a3" in res.stderr


def test_missing_output_folder(w4r, tmp_path):
    assert_clean_failure(w4r("letter", "manahel", "-o", str(tmp_path / "nope" / "o.pdf")), 4, "does not exist")


def test_markup_in_user_text_prints_as_typed(w4r, tmp_path):
    out = tmp_path / "m.pdf"
    name = 'Ann <font color="red">& Bob</font>'
    msg = 'Tags like <b>bold</b>, <img src="/etc/passwd"/> and &amp; stay text.'
    res = w4r("letter", "manahel", "--from", name, "--message", msg, "-o", str(out))
    assert res.returncode == 0, res.stderr
    text = page_text(out.read_bytes())
    assert name in text
    assert msg in text


def test_sender_from_config_file(w4r, tmp_path, isolated_user):
    (isolated_user / "config.yaml").write_text(
        "sender:\n  name: Config Person\n  address: [1 Config Road, Configtown]\n", encoding="utf-8"
    )
    out = tmp_path / "c.pdf"
    assert w4r("letter", "manahel", "-o", str(out)).returncode == 0
    assert "Config Person" in page_text(out.read_bytes())
    assert "Configtown" in page_text(out.read_bytes())


def test_broken_config_names_file_and_line(w4r, tmp_path, isolated_user):
    (isolated_user / "config.yaml").write_text("sender:\n  nmae: Typo\n", encoding="utf-8")
    assert_clean_failure(w4r("letter", "manahel", "-o", str(tmp_path / "c.pdf")), 2, "config.yaml:2:", "nmae")


def test_debug_shows_traceback(w4r, tmp_path):
    res = w4r("--debug", "letter", "sasah")
    assert res.returncode != 0
    assert "Traceback" in res.stderr


def test_python_dash_m_help(w4r):
    res = w4r("--help")
    assert res.returncode == 0
    assert "letter" in res.stdout and "cases" in res.stdout
