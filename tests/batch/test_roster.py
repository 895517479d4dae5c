"""Reading rosters the way spreadsheets save them: encodings, separators, quoted line breaks, row numbers."""

from __future__ import annotations

import codecs

import pytest

from w4r.batch.csvfile import decode, parse
from w4r.batch.roster import read_roster
from w4r.errors import InputError

HEADER = "name,message,case,to"


def rows(roster):
    return [(r.number, r.cells) for r in roster.rows]


def read(tmp_path, data: bytes, **kw):
    path = tmp_path / "roster.csv"
    path.write_bytes(data)
    return read_roster(path, **kw)


def test_utf8_with_bom_and_crlf(tmp_path):
    data = codecs.BOM_UTF8 + "Name,Message,Case,To\r\nZoë Ørsted,Salut à toi,sasha,authorities\r\n".encode()
    roster = read(tmp_path, data)
    assert roster.columns == ("name", "message", "case", "to")
    assert rows(roster) == [(2, {"name": "Zoë Ørsted", "message": "Salut à toi", "case": "sasha", "to": "authorities"})]
    assert roster.encoding == "utf-8-sig"


def test_utf8_without_bom(tmp_path):
    roster = read(tmp_path, f"{HEADER}\nJosé,¡Hola!,luis-manuel,individual\n".encode())
    assert roster.rows[0].cells["name"] == "José"


def test_utf16_unicode_text_export_is_tab_separated(tmp_path):
    # Excel's "Unicode Text": UTF-16 little-endian with a BOM, tabs between cells.
    text = "name\tmessage\tcase\tto\r\nZoë\tWe think of you\tsasha\tauthorities\r\n李小龍\t加油\trita\tindividual\r\n"
    roster = read(tmp_path, codecs.BOM_UTF16_LE + text.encode("utf-16-le"))
    assert roster.delimiter == "\t"
    assert [r.cells["name"] for r in roster.rows] == ["Zoë", "李小龍"]
    assert [r.number for r in roster.rows] == [2, 3]


def test_utf16_big_endian_and_without_bom(tmp_path):
    text = f"{HEADER}\nZoë,hi,sasha,authorities\n"
    assert read(tmp_path, codecs.BOM_UTF16_BE + text.encode("utf-16-be")).rows[0].cells["name"] == "Zoë"
    assert read(tmp_path, text.encode("utf-16-le")).rows[0].cells["name"] == "Zoë"


def test_semicolon_separated_is_detected(tmp_path):
    roster = read(tmp_path, "name;message;case;to\nAnn;Hello, friend;sasha;authorities\n".encode())
    assert roster.delimiter == ";"
    assert roster.rows[0].cells["message"] == "Hello, friend"


def test_sep_line_sets_the_separator_and_is_not_a_row(tmp_path):
    roster = read(tmp_path, b"sep=;\r\nname;message;case;to\r\nAnn;a,b;sasha;authorities\r\nBob;c;luis-manuel;authorities\r\n")
    assert roster.delimiter == ";"
    # The header is row 1 as Excel shows it: the sep= line is hidden there.
    assert [r.number for r in roster.rows] == [2, 3]
    assert roster.rows[0].cells["message"] == "a,b"


def test_quoted_cell_with_line_breaks_is_one_row(tmp_path):
    data = (f"{HEADER}\r\n"
            'Ann,"Dear friend,\r\nwe think of you.\r\n\r\nStay strong",sasha,authorities\r\n'
            "Bob,hello,luis-manuel,authorities\r\n").encode()
    roster = read(tmp_path, data)
    assert [r.number for r in roster.rows] == [2, 3]  # Bob is row 3 although he is on line 6
    assert roster.rows[0].cells["message"] == "Dear friend,\r\nwe think of you.\r\n\r\nStay strong"


def test_headers_match_ignoring_case_and_spaces_and_unknown_columns_are_listed(tmp_path):
    roster = read(tmp_path, b" NAME , Message,CASE , to ,Notes\nAnn,hi,sasha,authorities,x\n")
    assert roster.columns == ("name", "message", "case", "to")
    assert roster.ignored_columns == ("Notes",)


def test_empty_rows_are_skipped_but_keep_their_numbers(tmp_path):
    roster = read(tmp_path, f"{HEADER}\nAnn,a,sasha,authorities\n\n,,,\nBob,b,luis-manuel,authorities\n".encode())
    assert [r.number for r in roster.rows] == [2, 5]


def test_missing_trailing_cells_are_empty(tmp_path):
    roster = read(tmp_path, b"name,message,case,to,group\nAnn,hi,sasha,authorities\n")
    assert roster.rows[0].cells["group"] == ""


def test_defaults_fill_missing_columns_and_empty_cells(tmp_path):
    roster = read(tmp_path, b"name,message,case\nAnn,hi,\nBob,hi,luis-manuel\n", defaults={"case": "sasha", "to": "individual"})
    assert [(r.cells["case"], r.cells["to"]) for r in roster.rows] == [("sasha", "individual"), ("luis-manuel", "individual")]


def test_missing_required_column_names_what_to_do(tmp_path):
    with pytest.raises(InputError) as e:
        read(tmp_path, b"name,message,case\nAnn,hi,sasha\n")
    assert "no 'to' column in row 1" in e.value.message and "--" not in e.value.message
    assert (e.value.code, e.value.field, e.value.hint, e.value.params) == ("missing-column", "to", "default_column", {"column": "to"})
    with pytest.raises(InputError) as e:
        read(tmp_path, b"name,case,to\nAnn,sasha,authorities\n")
    assert "no 'message' column" in e.value.message


def test_unclosed_quote_is_a_problem_of_its_row_and_column(tmp_path):
    data = f'{HEADER}\nAnn,"two\nlines",sasha,authorities\nBob,"never closed,luis-manuel,authorities\nCat,hi,luis-manuel,authorities\n'.encode()
    roster = read(tmp_path, data)
    assert [r.number for r in roster.rows] == [2]
    (problem,) = roster.problems
    assert (problem.row, problem.column) == (3, "message")
    assert "never closed" in problem.message and "lines 4-5" in problem.message



def test_a_file_cut_off_inside_a_quoted_cell_says_the_quote_is_never_closed(tmp_path):
    # A roster saved half-way (a full disk, a cut-off download): the last cell's quote never closes.
    data = f'{HEADER}\nAnn,hi,sasha,authorities\nBob,"Dear Sasha, we are writing "" to you'.encode()
    roster = read(tmp_path, data)
    assert [r.number for r in roster.rows] == [2]
    (problem,) = roster.problems
    assert (problem.row, problem.column, problem.code) == (3, "message", "quote-not-closed")


def test_a_stray_quote_on_the_last_line_is_not_an_unclosed_quote(tmp_path):
    # The reader also stops at the end of the text here, but the quote did close: the row's quotes do not pair.
    roster = read(tmp_path, f'{HEADER}\nAnn,hi,sasha,authorities\nBob,"ab"cd,luis-manuel,authorities'.encode())
    assert [r.number for r in roster.rows] == [2]
    (problem,) = roster.problems
    assert (problem.row, problem.code) == (3, "quotes-unpaired")


def test_stray_quote_and_extra_cells_are_row_problems(tmp_path):
    data = f'{HEADER}\nAnn,hi, there,sasha,authorities\nBob,"ab"cd,luis-manuel,authorities\nCat,ok,luis-manuel,authorities\n'.encode()
    roster = read(tmp_path, data)
    assert [r.number for r in roster.rows] == [4]
    assert [(p.row, p.column) for p in roster.problems] == [(2, "-"), (3, "-")]
    assert "5 cells but the header has 4" in roster.problems[0].message
    assert "comma in it must be in quotes" in roster.problems[0].message


def test_cp1252_is_refused_with_a_hint_and_read_with_encoding(tmp_path):
    data = f"{HEADER}\nZoë,Merci beaucoup,sasha,authorities\n".encode("cp1252")
    with pytest.raises(InputError) as e:
        read(tmp_path, data)
    assert e.value.message.endswith("is not UTF-8: byte 0xEB on line 2; it looks like cp1252")
    assert (e.value.field, e.value.hint, e.value.params) == ("encoding", "try_encoding", {"encoding": "cp1252"})
    assert read(tmp_path, data, encoding="cp1252").rows[0].cells["name"] == "Zoë"


def test_unknown_encoding_and_wrong_encoding(tmp_path):
    with pytest.raises(InputError, match="unknown encoding"):
        read(tmp_path, b"name\n", encoding="klingon")
    with pytest.raises(InputError, match="is not ascii text: byte 0xEB on line 2"):
        read(tmp_path, "name,message,case,to\nZoë,x,y,z\n".encode("cp1252"), encoding="ascii")


def test_workbook_and_empty_file_are_refused(tmp_path):
    with pytest.raises(InputError, match="workbook"):
        decode(b"PK\x03\x04rest", "class.xlsx")
    with pytest.raises(InputError, match="is empty"):
        parse("\r\n\r\n", "r.csv")


def test_missing_file(tmp_path):
    from w4r.errors import NotFoundError

    with pytest.raises(NotFoundError, match="does not exist"):
        read_roster(tmp_path / "nope.csv")
