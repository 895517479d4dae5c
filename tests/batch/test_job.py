"""The batch job as a library call: rows in memory or a file in, PDFs, counts and problems as data out."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from tests.conftest import page_count, page_text
from w4r.typeset.fonts import book
from w4r.batch.job import BatchOptions, RowsNeedFixing, run_batch

DATE = dt.date(2026, 12, 10)
HEADER = ["name", "message", "case", "to", "address", "lang", "group"]


def test_rows_in_memory_give_the_pdf_and_the_counts_without_the_cli():
    rows = [
        HEADER,
        ["Ann", "We think of you.", "luis-manuel", "authorities", "", "", "7B"],
        ["Bob", "Stay strong", "luis-manuel", "individual", "", "", "7B"],
        ["Cat", "Hello", "manahel", "authorities", "", "", ""],
    ]
    stages = []
    result = run_batch(BatchOptions(rows=rows, date=DATE), lambda stage, done, total: stages.append((stage, done, total)), fb=book())
    assert result.files == [] and result.pdf is not None
    # 7B: cover, letter, card; rows without a class: cover, letter; a slip per case; all on sheets of their own.
    assert result.pages == page_count(result.pdf) == 14
    assert "We think of you." in page_text(result.pdf, 2)
    assert [(o.content, o.two_sided) for o in result.outputs] == []  # nothing written to a file
    assert {cid: c.as_dict() for cid, c in result.cases.items()} == {
        "luis-manuel": {"letters": 1, "cards": 1, "envelopes": 1}, "manahel": {"letters": 1, "cards": 0, "envelopes": 1}}
    assert result.cases["luis-manuel"].hand_in and not result.cases["luis-manuel"].card_address
    assert (result.rows_read, result.printed, result.skipped) == (3, 3, [])
    assert ("checking", 3, 3) in stages and stages[-1] == ("printing", 3, 3)


def test_dict_rows_and_a_file_give_the_same_pages(tmp_path):
    csv = tmp_path / "class.csv"
    csv.write_text("name,message,case,to\nAnn,Hello there,luis-manuel,authorities\n", encoding="utf-8")
    from_file = run_batch(BatchOptions(roster=csv, output=tmp_path / "a.pdf", date=DATE), fb=book())
    from_dicts = run_batch(BatchOptions(rows=[{"name": "Ann", "message": "Hello there", "case": "luis-manuel", "to": "authorities"}], date=DATE), fb=book())
    assert from_file.files == [str(tmp_path / "a.pdf")]
    assert page_text(tmp_path / "a.pdf") == page_text(from_dicts.pdf)


def test_problems_are_data_with_code_row_column_and_field():
    rows = [
        HEADER,
        ["Ann", "Hi", "", "authorities", "", "", ""],
        ["", "Hi", "luis-manuel", "maybe", "", "", ""],
        ["Cat", "Hi", "luis-manuel", "authorities", "x" * 200, "", ""],
        ["D" * 130, "Hi", "luis-manuel", "authorities", "", "", ""],
        ["Eve", "Hi", "luis-manuel", "individual", "", "de", ""],
        ["W" * 120, "Hi", "luis-manuel", "authorities", "", "", ""],
        ["Fay", "Hi", "luis-manuel", "authorities", "W" * 120, "", ""],
    ]
    with pytest.raises(RowsNeedFixing) as e:
        run_batch(BatchOptions(rows=rows, source="class list", date=DATE), fb=book())
    found = {(p.row, p.field, p.code) for p in e.value.problems if not p.warning}
    assert {(2, "case", "no-case"), (3, "name", "no-name"), (3, "to", "bad-to"), (4, "address", "bad-address"),
            (5, "name", "bad-name"), (6, "lang", "card-lang"), (7, "name", "too-wide"), (8, "address", "too-wide")} <= found
    (no_case,) = [p for p in e.value.problems if p.code == "no-case"]
    assert no_case.hint == "default_case"
    assert e.value.bad_rows == [2, 3, 4, 5, 6, 7, 8] and e.value.good == 0 and e.value.params["source"] == "class list"
    # Words come from the front end: nothing the library says names a command-line option.
    for p in e.value.problems:
        assert not re.search(r"--[a-z]", p.message), p


def test_a_card_row_in_a_language_the_case_has_no_greeting_in_is_told_about_its_lang_cell():
    # Issue 16 item 17: a card takes no --lang; the row's lang cell is what to change.
    rows = [HEADER, ["Eve", "Hi", "luis-manuel", "individual", "", "xx", ""]]
    with pytest.raises(RowsNeedFixing) as e:
        run_batch(BatchOptions(rows=rows, date=DATE), fb=book())
    (p,) = e.value.problems
    assert (p.row, p.column, p.field) == (2, "lang", "lang")
    assert "--lang" not in p.message and "lang column" in p.message


def test_skip_invalid_prints_the_good_rows_and_returns_the_problems():
    rows = [HEADER, ["Ann", "Hi", "luis-manuel", "authorities", "", "", ""], ["Bob", "Hi", "nobody-here", "authorities", "", "", ""]]
    result = run_batch(BatchOptions(rows=rows, date=DATE, skip_invalid=True), fb=book())
    assert result.printed == 1 and result.skipped == [3]
    assert [(p.row, p.field) for p in result.problems if not p.warning] == [(3, "case")]


def test_the_cycle_collector_runs_less_often_only_while_a_batch_runs(monkeypatch):
    import gc

    import w4r.batch.job as job

    seen = []
    real = job._run_batch

    def spy(options, progress, fb):
        seen.append(gc.get_threshold())
        return real(options, progress, fb)

    monkeypatch.setattr(job, "_run_batch", spy)
    before = gc.get_threshold()
    run_batch(BatchOptions(rows=[HEADER, ["Ann", "Hello", "manahel", "authorities", "", "", ""]], date=DATE), fb=book())
    assert seen == [job._SPACED]
    assert gc.get_threshold() == before
    with pytest.raises(RowsNeedFixing):  # put back when a batch stops with an error too
        run_batch(BatchOptions(rows=[HEADER, ["", "Hello", "manahel", "authorities", "", "", ""]], date=DATE), fb=book())
    assert gc.get_threshold() == before
