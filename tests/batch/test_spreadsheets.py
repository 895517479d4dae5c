"""Rosters as spreadsheets (.xlsx, .ods, .xls) give the same pages as the CSV; headers and words in four languages."""

from __future__ import annotations

import csv
import datetime as dt

import pytest

from tests.conftest import page_count, page_text
from w4r.typeset.fonts import book
from w4r.batch.headers import HEADER_WORDS, TO_WORDS, close_field, field_for, squash, to_value
from w4r.batch.job import BatchOptions, RowsNeedFixing, run_batch
from w4r.batch.roster import column_letter, read_roster
from w4r.errors import InputError

DATE = dt.date(2026, 12, 10)
ROWS = [
    ["Name", "Nachricht", "Fall", "An", "Klasse"],
    ["Zoë Müller", "Wir denken an dich.", "luis-manuel", "Karte", "7B"],
    ["Ben Wolf", "Bitte lassen Sie sie frei.", "luis-manuel", "Brief", "7B"],
    ["Cem Kaya", "Alles Gute", "chow-hang-tung", "Karte", "7C"],
    ["Dora Li", "Hallo", "chow-hang-tung", "Brief", "7C"],
]


def write_xlsx(path, rows, sheet="Tabelle1"):
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet
    for r in rows:
        ws.append(r)
    wb.save(path)


def write_xls(path, rows, sheet="Tabelle1"):
    import xlwt

    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet(sheet)
    for i, r in enumerate(rows):
        for j, v in enumerate(r):
            if v is not None:
                ws.write(i, j, v)
    wb.save(str(path))


def write_ods(path, rows, sheet="Tabelle1"):
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    doc = OpenDocumentSpreadsheet()
    table = Table(name=sheet)
    for r in rows:
        tr = TableRow()
        for v in r:
            if v is None or v == "":
                tr.addElement(TableCell())
            elif isinstance(v, (int, float)):
                cell = TableCell(valuetype="float", value=v)
                cell.addElement(P(text=str(v)))
                tr.addElement(cell)
            else:
                cell = TableCell(valuetype="string")
                cell.addElement(P(text=v))
                tr.addElement(cell)
        table.addElement(tr)
    doc.spreadsheet.addElement(table)
    doc.save(str(path))


def write_csv(path, rows):
    with open(path, "w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows(rows)


WRITERS = {"xlsx": write_xlsx, "ods": write_ods, "xls": write_xls}


@pytest.fixture(scope="module")
def csv_pages(tmp_path_factory):
    path = tmp_path_factory.mktemp("csv") / "class.csv"
    write_csv(path, ROWS)
    pdf = run_batch(BatchOptions(roster=path, date=DATE), fb=book()).pdf
    return [page_text(pdf, p) for p in range(page_count(pdf))]


@pytest.mark.parametrize("kind", ["xlsx", "ods", "xls"])
def test_a_spreadsheet_gives_the_same_pages_as_the_csv(tmp_path, csv_pages, kind):
    path = tmp_path / f"class.{kind}"
    WRITERS[kind](path, ROWS)
    result = run_batch(BatchOptions(roster=path, date=DATE), fb=book())
    assert [page_text(result.pdf, p) for p in range(page_count(result.pdf))] == csv_pages
    assert "Ben Wolf" in "".join(csv_pages) and "Zoë" in "".join(csv_pages)


@pytest.mark.parametrize("kind", ["xlsx", "ods", "xls"])
def test_cells_come_through_as_shown_and_problems_name_the_cell(tmp_path, kind):
    rows = [["name", "message", "case", "to", "group"], ["Ann", 12, "luis-manuel", "letter", 7], ["Bob", "Hi", "ritta", "letter", ""],
            ["Cat", 2.5, "luis-manuel", "letter", None]]
    path = tmp_path / f"class.{kind}"
    WRITERS[kind](path, rows, sheet="Sheet1")
    roster = read_roster(path)
    assert [r.cells["message"] for r in roster.rows] == ["12", "Hi", "2.5"]
    assert [r.cells["group"] for r in roster.rows] == ["7", "", ""]
    with pytest.raises(RowsNeedFixing) as e:
        run_batch(BatchOptions(roster=path, date=DATE), fb=book())
    (p,) = [p for p in e.value.problems if not p.warning]
    assert (p.cell, p.row, p.column, p.field) == ("Sheet1!C3", 3, "case", "case")


def test_dates_and_a_named_sheet(tmp_path):
    import openpyxl

    wb = openpyxl.Workbook()
    wb.active.title = "Notes"
    wb.active.append(["nothing here"])
    ws = wb.create_sheet("Class 7B")
    ws.append(["name", "message", "case", "to"])
    ws.append(["Ann", dt.date(2026, 12, 10), "luis-manuel", "letter"])
    path = tmp_path / "book.xlsx"
    wb.save(path)
    roster = read_roster(path, sheet="class 7b")
    assert roster.rows[0].cells["message"] == "2026-12-10" and roster.sheet == "Class 7B"
    with pytest.raises(InputError, match="has no sheet 'Class 9'; its sheets are 'Notes', 'Class 7B'"):
        read_roster(path, sheet="Class 9")
    with pytest.raises(InputError, match="no 'name', 'message', 'case', 'to' column"):
        read_roster(path)  # the first sheet is read unless another is named


def test_a_workbook_saved_with_a_csv_name_is_read_as_a_workbook(tmp_path):
    path = tmp_path / "class.csv"
    write_xlsx(path, ROWS)
    assert len(read_roster(path).rows) == 4


@pytest.mark.parametrize("header, field", [
    ("Name", "name"), ("NOM", "name"), ("Nombre", "name"), ("Nachricht", "message"), ("Mensaje", "message"),
    ("message ", "message"), ("Fall", "case"), ("Cas", "case"), ("Caso", "case"), ("An", "to"), ("À", "to"),
    ("Destinataire", "to"), ("Para", "to"), ("Destinatario", "to"), ("Adresse", "address"), ("Dirección", "address"),
    ("Direccion", "address"), ("Sprache", "lang"), ("Langue", "lang"), ("Idioma", "lang"), ("Gruppe", "group"),
    ("Klasse", "group"), ("Groupe", "group"), ("Classe", "group"), ("Grupo", "group"), ("Clase", "group"),
    ("E-Mail", None), ("Case ID", "case"), ("your_name", "name"),
])
def test_headers_in_four_languages(header, field):
    assert field_for(header) == field


def test_no_header_word_means_two_fields_and_no_to_word_means_both():
    seen = {}
    for fld, words in HEADER_WORDS.items():
        for w in words:
            assert seen.setdefault(squash(w), fld) == fld, w
    cards, letters = ({squash(w) for w in TO_WORDS[k]} for k in ("individual", "authorities"))
    assert not cards & letters


@pytest.mark.parametrize("word, to", [
    ("card", "individual"), ("Solidarity", "individual"), ("person", "individual"), ("individual", "individual"),
    ("Karte", "individual"), ("carte", "individual"), ("tarjeta", "individual"), ("letter", "authorities"),
    ("Appeal", "authorities"), ("authorities", "authorities"), ("official", "authorities"), ("Brief", "authorities"),
    ("lettre", "authorities"), ("carta", "authorities"), ("Behörden", "authorities"), ("autorités", "authorities"),
    ("maybe", None),
])
def test_to_words(word, to):
    assert to_value(word) == to


def test_a_misspelt_header_gets_did_you_mean(tmp_path):
    path = tmp_path / "class.csv"
    path.write_text("name,mesage,case,to\nAnn,Hi,luis-manuel,letter\n", encoding="utf-8")
    with pytest.raises(InputError) as e:
        read_roster(path)
    assert "no 'message' column in row 1" in e.value.message and "did you mean 'message' for 'mesage'?" in e.value.message
    path.write_text("name,message,case,to,adress\nAnn,Hi,luis-manuel,letter,x\n", encoding="utf-8")
    roster = read_roster(path)
    assert roster.ignored_columns == ("adress",) and roster.suggestions == {"adress": "address"}
    assert close_field("Nachrict") == ("message", "Nachricht")


def test_column_letters():
    assert [column_letter(i) for i in (0, 2, 25, 26, 27, 701, 702)] == ["A", "C", "Z", "AA", "AB", "ZZ", "AAA"]
