"""Printing a checked batch: one PDF in print order, double-sided card sheets, split files, several processes."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.conftest import MM, page_count, page_text, text_runs
from w4r.typeset.fonts import book
from w4r.batch import run
from w4r.batch.plan import plan
from w4r.batch.csvfile import parse
from w4r.batch.run import RenderOptions
from w4r.batch.write import write_batch
from w4r.batch.validate import Options, card_maker, check_roster
from w4r.cases import CaseLibrary
from w4r.errors import OutputError
from w4r.render.designs import parse_design


def groups(text: str, fmt: str = "a5"):
    design, _ = parse_design(None)
    opts = Options(date=dt.date(2026, 12, 10), card_maker=card_maker(fmt, design, None, fb=book()), card_format=fmt, fb=book())
    checked = check_roster(parse(text, "roster.csv"), CaseLibrary.open(None), opts)
    assert checked.errors == []
    return plan(checked.items)


def options(**kw):
    design, _ = parse_design(None)
    return RenderOptions(design=design, **kw, fb=book())


LETTERS = "name,message,case,to\n" + "".join(f"Writer {i},Message number {i}.,luis-manuel,authorities\n" for i in range(6))


def test_one_pdf_grouped_by_case_letters_then_cards(tmp_path):
    text = ("name,message,case,to\nAnn,Card for Luis,luis-manuel,individual\nBob,Letter about Manahel,manahel,authorities\n"
            "Cat,Letter about Luis,luis-manuel,authorities\n")
    out = tmp_path / "batch.pdf"
    written = write_batch(groups(text), options(), output=out)
    assert written.files == [str(out)] and written.pages == page_count(out.read_bytes()) == 6
    pdf = out.read_bytes()
    assert "Letter about Luis" in page_text(pdf, 0)
    assert page_text(pdf, 1).strip() == ""  # a blank back: the card's sheet starts on a front
    assert "Card for Luis" in page_text(pdf, 3)  # the card's inside, after its outside
    assert "Letter about Manahel" in page_text(pdf, 4)


def test_duplex_adds_a_blank_back_after_one_page_letters(tmp_path):
    out = tmp_path / "duplex.pdf"
    write_batch(groups(LETTERS), options(duplex=True), output=out)
    pdf = out.read_bytes()
    assert page_count(pdf) == 12
    assert "Writer 1" in page_text(pdf, 2) and page_text(pdf, 1).strip() == ""


def test_several_processes_give_the_same_pages(tmp_path, monkeypatch):
    one, two = tmp_path / "one.pdf", tmp_path / "two.pdf"
    write_batch(groups(LETTERS), options(jobs=1), output=one)
    monkeypatch.setattr(run, "MIN_CHUNK", 2)
    assert len(run._tasks(groups(LETTERS), 3)) == 3
    ticks = []
    write_batch(groups(LETTERS), options(jobs=3), output=two, tick=ticks.append)
    assert sum(ticks) == 6
    a, b = one.read_bytes(), two.read_bytes()
    assert page_count(b) == 6
    for p in range(6):
        assert page_text(a, p) == page_text(b, p)


def test_four_up_backs_lie_behind_their_fronts(tmp_path):
    # Three different cards on one A6 sheet: message k must print behind front k
    # when the sheet is turned over its long edge, i.e. in the mirrored column.
    text = "name,message,case,to\n" + "".join(f"P{k},Message {k} inside,luis-manuel,individual\n" for k in range(3))
    out = tmp_path / "cards.pdf"
    write_batch(groups(text, "a6-4up"), options(card_format="a6-4up"), output=out)
    pdf = out.read_bytes()
    assert page_count(pdf) == 2
    card_w, card_h = 105 * MM, 148 * MM

    def slot(x, top):
        return (int(x // card_w), int(top // card_h))

    fronts = {slot(r.x, r.top) for r in text_runs(pdf, 0) if r.text.strip() == "Luis Manuel"}
    assert fronts == {(0, 0), (1, 0), (0, 1)}  # slots 0, 1, 2; the fourth stays empty
    for k in range(3):
        (run_,) = [r for r in text_runs(pdf, 1) if f"Message {k}" in r.text]
        col, row = k % 2, k // 2
        assert slot(run_.x, run_.top) == (1 - col, row), k


def test_split_checks_every_name_before_writing(tmp_path):
    folder = tmp_path / "out"
    written = write_batch(groups(LETTERS), options(), split_dir=folder)
    assert [p.split("/")[-1] for p in written.files][:2] == ["002-writer-0-luis-manuel-letter.pdf", "003-writer-1-luis-manuel-letter.pdf"]
    (folder / "002-writer-0-luis-manuel-letter.pdf").unlink()
    before = {p.name: p.stat().st_mtime_ns for p in folder.iterdir()}
    with pytest.raises(OutputError, match="003-writer-1-luis-manuel-letter.pdf already exists"):
        write_batch(groups(LETTERS), options(), split_dir=folder)
    # Nothing was written, not even the file that was missing.
    assert {p.name: p.stat().st_mtime_ns for p in folder.iterdir()} == before


def test_by_case_writes_one_pdf_per_case(tmp_path):
    text = "name,message,case,to\nAnn,Hi,luis-manuel,authorities\nBob,Hi,manahel,authorities\nCat,Hi,luis-manuel,individual\n"
    written = write_batch(groups(text), options(), by_case_dir=tmp_path / "cases")
    assert sorted(p.split("/")[-1] for p in written.files) == ["luis-manuel.pdf", "manahel.pdf"]
    assert page_count(tmp_path / "cases" / "luis-manuel.pdf") == 4  # the letter, its blank back, the card


def test_card_runs_start_on_a_sheet_boundary(monkeypatch):
    monkeypatch.setattr(run, "MIN_CARD_CHUNK", 2)
    text = "name,message,case,to\n" + "".join(f"P{k},Message {k},luis-manuel,individual\n" for k in range(10))
    tasks = run._tasks(groups(text, "a6-4up"), 2, per_sheet=4)
    assert [len(items) for _g, _k, items in tasks] == [8, 2]
    tasks = run._tasks(groups(text, "a5"), 3, per_sheet=1)
    assert [len(items) for _g, _k, items in tasks] == [4, 4, 2]


@pytest.mark.parametrize("fmt", ["a5", "a6-4up"])
def test_cards_of_a_run_share_fonts_and_pictures(tmp_path, fmt):
    from pypdf import PdfReader

    text = "name,message,case,to\n" + "".join(f"Pupil {i},Thinking of you {i}.,luis-manuel,individual\n" for i in range(9))
    out = tmp_path / "cards.pdf"
    write_batch(groups(text, fmt), options(card_format=fmt), output=out)
    reader = PdfReader(str(out))
    assert len(reader.pages) == (18 if fmt == "a5" else 6)
    font_files = set()
    forms = set()
    for page in reader.pages:
        resources = page["/Resources"]
        for font in resources.get("/Font", {}).values():
            descriptor = font.get_object().get("/FontDescriptor")
            if descriptor is not None:
                font_files.add(descriptor.get_object().raw_get("/FontFile2").idnum)
        forms |= {xo.idnum for xo in resources.get("/XObject", {}).values()}
    # Each font embedded once for the whole run, each picture drawn once per size
    # (the front, and the small copy on a folded card's back), not once per card.
    assert 1 <= len(font_files) <= 4
    assert len(forms) == (2 if fmt == "a5" else 1)
    assert "Thinking of you 8." in page_text(out.read_bytes())
