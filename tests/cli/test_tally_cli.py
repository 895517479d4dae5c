"""``w4r tally`` through the real command line: messages, exit codes, exports."""

from __future__ import annotations

import csv
import io
import json

from w4r.tally import Tally, record


def add(w4r, *args):
    r = w4r("tally", "add", *args)
    assert r.returncode == 0, r.stderr
    return r


def test_where_shows_the_file_in_the_data_dir(w4r, isolated_user):
    r = w4r("tally", "--where")
    assert (r.returncode, r.stdout) == (0, f"{isolated_user / 'data' / 'tally.sqlite3'}\n")
    data = json.loads(w4r("tally", "--where", "--json").stdout)
    assert data == {"database": str(isolated_user / "data" / "tally.sqlite3"), "exists": False}


def test_add_then_show_totals(w4r):
    r = add(w4r, "sasha", "--letters", "3", "--cards", "1", "--event", "School fair")
    assert r.stdout == "added 3 letters, 1 card for sasha (event 'School fair'); sasha now has 3 letters, 1 card\n"
    r = add(w4r, "sasha", "--letters", "1", "--emails", "2")
    assert r.stdout == "added 1 letter, 2 emails for sasha; sasha now has 4 letters, 1 card, 2 emails\n"
    add(w4r, "RITA", "--signatures", "5")
    r = w4r("tally")
    assert r.returncode == 0
    lines = r.stdout.splitlines()
    assert lines[0] == "Tally"
    assert "letters" in lines[2] and "signatures" in lines[2]
    row = next(ln for ln in lines if ln.startswith("│ sasha"))
    assert row.split("│")[3:8] == ["       4 ", "     1 ", "      2 ", "          0 ", "     7 "]
    footer = next(ln for ln in lines if "all cases" in ln)
    assert [c.strip() for c in footer.split("│")[3:8]] == ["4", "1", "2", "5", "12"]


def test_add_json_reports_entry_totals_and_file(w4r, isolated_user):
    r = w4r("tally", "add", "rita", "--emails", "2", "--json")
    data = json.loads(r.stdout)
    db = str(isolated_user / "data" / "tally.sqlite3")
    assert data["entry"]["case_id"] == "rita" and data["entry"]["emails"] == 2
    assert data["case_totals"] == {"case": "rita", "letters": 0, "cards": 0, "emails": 2, "signatures": 0, "total": 2}
    assert data["database"] == db and data["files"] == [db]


def test_json_export_with_event_filter(w4r):
    record("sasha", letters=3, event="Fair")  # set-up; 'tally add' itself is tested above
    record("rita", cards=2)
    data = json.loads(w4r("tally", "--json", "--event", "fair").stdout)
    assert data["event"] == "fair"
    assert [c["case"] for c in data["cases"]] == ["sasha"]
    assert data["cases"][0]["name"].startswith("Aleksandra Skochilenko")
    assert data["totals"] == {"letters": 3, "cards": 0, "emails": 0, "signatures": 0, "total": 3}
    assert data["events"] == ["Fair"]


def test_csv_export_neutralises_formulas(w4r, tmp_path):
    record("sasha", letters=2, event="=HYPERLINK(\"http://evil\")")
    r = w4r("tally", "--csv", "--event", "=HYPERLINK(\"http://evil\")")
    assert r.returncode == 0, r.stderr
    rows = list(csv.reader(io.StringIO(r.stdout)))
    assert rows[0] == ["event", "case", "name", "letters", "cards", "emails", "signatures", "total"]
    assert rows[1][0] == "'=HYPERLINK(\"http://evil\")"
    assert rows[1][1:2] + rows[1][3:] == ["sasha", "2", "0", "0", "0", "2"]
    # Into a file: UTF-8 with a BOM for spreadsheet programs, never over an existing file.
    out = tmp_path / "report.csv"
    r = w4r("tally", "--csv", "-o", str(out))
    assert (r.returncode, r.stderr) == (0, f"wrote {out}\n")
    assert out.read_bytes().startswith(b"\xef\xbb\xbfcase,name,")
    assert "Александра" in out.read_text(encoding="utf-8-sig")
    r = w4r("tally", "--csv", "-o", str(out))
    assert (r.returncode, r.stderr) == (4, f"w4r: error: {out} already exists; use --force to overwrite it\n")


def test_undo_says_what_it_removed(w4r):
    record("sasha", letters=3)
    record("rita", emails=1, event="Fair")
    r = w4r("tally", "undo")
    assert r.returncode == 0
    assert r.stdout.startswith("removed entry 2 (") and r.stdout.endswith(" UTC): rita, 1 email, event 'Fair'\n")
    data = json.loads(w4r("tally", "undo", "--json").stdout)
    assert data["removed"]["case_id"] == "sasha" and data["removed"]["letters"] == 3
    r = w4r("tally", "undo")
    assert (r.returncode, r.stdout, r.stderr) == (3, "", "w4r: error: the tally is empty; nothing to undo\n")


def test_empty_tally(w4r):
    r = w4r("tally")
    assert (r.returncode, r.stdout) == (0, "the tally is empty; add counts with: w4r tally add CASE --letters N\n")


def test_validation_errors_have_exact_messages_and_exit_codes(w4r):
    cases = [
        (("add", "sasha", "--letters", "-2"), 2, "w4r: error: --letters must be a whole number, 0 or more; got -2\n"),
        (("add", "sasha"), 2, "w4r: error: nothing to add: give --letters, --cards, --emails or --signatures with a number above 0\n"),
        (("add", "sasha", "--cards", "0"), 2, "w4r: error: nothing to add: give --letters, --cards, --emails or --signatures with a number above 0\n"),
        (("add", "sasha", "--letters", "1", "--event", "x" * 101), 2, "w4r: error: the event name is 101 characters long; at most 100\n"),
        (("add", "sasa", "--letters", "1"), 3, "w4r: error: unknown case 'sasa'; did you mean sasha or damisoa? (run 'w4r cases' to list them)\n"),
        (("--event", "Nope"), 3, "w4r: error: no entries for event 'Nope'; no entry has an event yet\n"),
        (("--csv", "--json"), 2, "w4r: error: choose either --csv or --json, not both\n"),
        (("-o", "x.csv"), 2, "w4r: error: -o writes an export: add --csv or --json\n"),
    ]
    for args, code, message in cases:
        r = w4r("tally", *args)
        assert (r.returncode, r.stderr) == (code, message), args
    assert Tally().entries() == [], "no refused add stored anything"
    r = w4r("tally", "add", "sasha", "--letters", "three")
    assert r.returncode == 2 and "Traceback" not in r.stderr and "--letters" in r.stderr


def test_unknown_event_lists_the_known_ones(w4r):
    record("sasha", letters=1, event="School fair")
    record("sasha", letters=1, event="Market")
    r = w4r("tally", "--event", "Scool fair")
    assert (r.returncode, r.stderr) == (3, "w4r: error: no entries for event 'Scool fair'; events in the tally: School fair, Market\n")


def test_tally_file_option_and_env(w4r, tmp_path):
    shared = tmp_path / "shared" / "group.sqlite3"
    add(w4r, "sasha", "--letters", "2", "--file", str(shared))
    r = w4r("tally", "--json", env={"W4R_TALLY_FILE": str(shared)})
    assert json.loads(r.stdout)["totals"]["letters"] == 2
    assert w4r("tally").stdout.startswith("the tally is empty"), "the default tally is untouched"


def test_custom_case_folder_is_checked(w4r, tmp_path):
    r = w4r("tally", "add", "sasha", "--letters", "1", "--cases-dir", str(tmp_path))
    assert r.returncode == 3 and r.stderr.startswith("w4r: error: unknown case 'sasha'")
