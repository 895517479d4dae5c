"""Rosters as other CSV tools' own test suites try them (issue 16, items 21-27)."""

from __future__ import annotations

import codecs

import pytest

from w4r.typeset.fonts import book
from w4r.batch.roster import read_roster
from w4r.errors import InputError

HEADER = "name,message,case,to\n"


def read(tmp_path, data: bytes, **kw):
    path = tmp_path / "roster.csv"
    path.write_bytes(data)
    return read_roster(path, **kw)


# Item 21: the encoding is detected, not guessed; an explicit one the bytes contradict is not trusted blindly.

@pytest.mark.parametrize("encoding, text", [
    ("cp1255", "דוד כהן,שלום לכם חברים יקרים"),
    ("cp1251", "Алексей Иванов,Привет друзья мы думаем о вас"),
    ("shift_jis", "山田太郎,こんにちは世界の皆さん"),
])
def test_a_legacy_roster_gets_its_encoding_suggested(tmp_path, encoding, text):
    data = (HEADER + f"{text},luis-manuel,letter\n" * 3).encode(encoding)
    with pytest.raises(InputError) as e:
        read(tmp_path, data)
    assert e.value.hint in ("try_encoding", "save_utf8")
    if e.value.hint == "try_encoding":
        assert e.value.params["encoding"] != "cp1252" or encoding == "cp1252"


def test_utf8_read_as_cp1252_is_refused(tmp_path):
    data = (HEADER + "José Müller,Très bien,luis-manuel,letter\n").encode("utf-8")
    with pytest.raises(InputError) as e:
        read(tmp_path, data, encoding="cp1252")
    assert "is UTF-8" in e.value.message and e.value.hint == "drop_encoding"


def test_a_bom_read_as_cp1252_blames_the_encoding_not_the_header(tmp_path):
    data = codecs.BOM_UTF8 + (HEADER + "Ann,Hi,luis-manuel,letter\n").encode("utf-8")
    with pytest.raises(InputError) as e:
        read(tmp_path, data, encoding="cp1252")
    assert "byte-order mark, so it is UTF-8, not cp1252" in e.value.message and "column" not in e.value.message


def test_hebrew_read_as_cp1252_warns_on_each_garbled_row(tmp_path):
    data = (HEADER + "דוד כהן,שלום לכם,luis-manuel,letter\nAnn,Hello,luis-manuel,letter\n").encode("cp1255")
    roster = read(tmp_path, data, encoding="cp1252")
    (p,) = roster.problems
    assert (p.row, p.warning, p.code, p.field) == (2, True, "mojibake", "name")
    assert "looks garbled" in p.message and "not cp1252" in p.message


# Item 22: a cell over 131,072 characters is too long, not a quoting problem.

def test_a_huge_cell_is_read_and_is_the_message_columns_problem(tmp_path):
    from w4r.batch.job import BatchOptions, RowsNeedFixing, run_batch

    path = tmp_path / "r.csv"
    path.write_text(HEADER + "Ann," + "x" * 140_000 + ",luis-manuel,letter\n", encoding="utf-8")
    roster = read_roster(path)
    assert roster.problems == [] and len(roster.rows[0].cells["message"]) == 140_000
    with pytest.raises(RowsNeedFixing) as e:
        run_batch(BatchOptions(roster=path), fb=book())
    (p,) = e.value.problems
    assert p.field == "message" and "140000 characters long" in p.message and "quote" not in p.message


# Item 23: UTF-16 without a BOM in Chinese; UTF-32 with a BOM.

def test_utf16_without_bom_mostly_cjk(tmp_path):
    text = "name,message,case,to\n李小龍,我們想念你們所有的人,luis-manuel,letter\n王小明,祝你們平安健康快樂,luis-manuel,letter\n"
    for codec in ("utf-16-le", "utf-16-be"):
        roster = read(tmp_path, text.encode(codec))
        assert roster.encoding == codec and roster.rows[0].cells["name"] == "李小龍"


def test_utf32_with_bom(tmp_path):
    roster = read(tmp_path, (HEADER + "Zoë,Hi,luis-manuel,letter\n").encode("utf-32"))
    assert roster.encoding == "utf-32" and roster.rows[0].cells["name"] == "Zoë"


# Item 24: a NUL byte names its row and column and is dropped.

def test_a_nul_byte_is_dropped_and_named(tmp_path):
    roster = read(tmp_path, (HEADER + "Ann,Hi,luis-manuel,letter\nBob,Hel\x00lo,luis-manuel,letter\n").encode())
    assert roster.rows[1].cells["message"] == "Hello"
    (p,) = roster.problems
    assert (p.row, p.column, p.warning, p.code) == (3, "message", True, "nul")


# Item 25: line numbers count CR-only line ends as the reader does.

def test_decoding_errors_count_cr_only_lines(tmp_path):
    data = b"name,message,case,to\rAnn,Hi,luis-manuel,letter\rBob,Hi,luis-manuel,letter\rZo\xeb,Hi,luis-manuel,letter\r"
    with pytest.raises(InputError) as e:
        read(tmp_path, data)
    assert "on line 4" in e.value.message


# Item 26: a roster quoted with ' and separated by | is read as it is meant.

def test_single_quoted_bar_separated_roster(tmp_path):
    data = b"'name'|'message'|'case'|'to'\n'Ann'|'Hi | there, friends'|'luis-manuel'|'letter'\n"
    roster = read(tmp_path, data)
    assert roster.delimiter == "|" and roster.rows[0].cells == {
        "name": "Ann", "message": "Hi | there, friends", "case": "luis-manuel", "to": "letter"}


def test_unknown_headers_are_shown_as_read_with_a_suggestion(tmp_path):
    with pytest.raises(InputError) as e:
        read(tmp_path, b"'nme'|'msg'\n'Ann'|'Hi'\n")
    assert "(found: nme, msg); did you mean 'name' for 'nme'?" in e.value.message


# Item 27: a space after each separator, before a quoted cell.

def test_spaces_after_separators_before_a_quoted_cell(tmp_path):
    roster = read(tmp_path, b'name, message, case, to\nAnn, "Hi, there", luis-manuel, letter\n')
    assert roster.problems == []
    assert roster.rows[0].cells == {"name": "Ann", "message": "Hi, there", "case": "luis-manuel", "to": "letter"}
