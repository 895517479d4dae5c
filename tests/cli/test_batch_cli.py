"""``w4r batch`` through the real command line: exit codes, exact messages, files written or not."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

from tests.conftest import page_count, page_text

DATE = ["--date", "2026-12-10"]

# Row 2 has a message with line breaks in quotes; rows 3 and 5 are bad.
ROSTER = (
    "name,message,case,to,address,group\r\n"
    'Ann Example,"Dear Rita,\r\nwe think of you.",luis-manuel,authorities,12 High Street|Anytown,7B\r\n'
    "Bob Stone,Hello,luis-manul,authorities,,7B\r\n"
    "Cat Lee,Stay strong,luis-manuel,individual,,7C\r\n"
    ",Hello,luis-manuel,authorities,,7C\r\n"
    "Dan Roe,Thinking of you,manahel,authorities,,7C\r\n"
)


def write(tmp_path, text: str | bytes, name="class.csv"):
    path = tmp_path / name
    path.write_bytes(text.encode() if isinstance(text, str) else text)
    return path


def test_bad_rows_listed_and_nothing_written(w4r, tmp_path):
    roster = write(tmp_path, ROSTER)
    out = tmp_path / "out.pdf"
    res = w4r("batch", str(roster), "-o", str(out), *DATE)
    assert res.returncode == 2
    assert not out.exists() and list(tmp_path.iterdir()) == [roster]
    lines = res.stderr.splitlines()
    assert lines[0].split() == ["row", "column", "problem"]
    table = [line.split(None, 2) for line in lines[1:-1]]
    errors = [row for row in table if not row[2].startswith("warning:")]
    assert errors == [["3", "case", "unknown case 'luis-manul'; did you mean luis-manuel? (run 'w4r cases' to list them)"],
                      ["5", "name", "no name; every row needs the writer's name"]]
    assert lines[-1] == (f"w4r: error: 2 rows of {roster} need fixing; nothing was written; "
                         "fix them, or use --skip-invalid to print the other 3 rows")
    assert "Traceback" not in res.stderr


def test_skip_invalid_prints_the_good_rows_and_the_summary(w4r, tmp_path):
    roster = write(tmp_path, ROSTER)
    out = tmp_path / "out.pdf"
    res = w4r("batch", str(roster), "-o", str(out), "--skip-invalid", "--json", *DATE)
    assert res.returncode == 0, res.stderr
    assert "w4r: warning: skipped 2 rows with problems (rows 3, 5)" in res.stderr
    data = json.loads(res.stdout)
    assert data["files"] == [str(out)]
    # Rita's card has no postal address: it is handed in, so no envelope for it (issue 16, item 10).
    assert data["cases"] == {"luis-manuel": {"letters": 1, "cards": 1, "envelopes": 1}, "manahel": {"letters": 1, "cards": 0, "envelopes": 1}}
    assert (data["letters"], data["cards"], data["envelopes"]) == (2, 1, 2)
    assert data["hand_in"] == ["luis-manuel"]
    assert data["rows"] == {"read": 5, "printed": 3, "skipped": [3, 5]}
    pdf = out.read_bytes()
    # Class 7B: cover, Ann's letter; class 7C: cover, Cat's card (outside, inside), Dan's letter; a slip per case.
    # Printed two-sided (the run has a card), every piece starts on a sheet of its own.
    assert data["pages"] == page_count(pdf) == 14
    texts = [page_text(pdf, p) for p in range(14)]
    assert "7B" in texts[0] and "we think of you." in texts[2] and "7C" in texts[4]
    assert "Stay strong" in texts[7] and "Dan Roe" in texts[8]
    assert "Packing slip" in texts[10] and "Packing slip" in texts[12]
    assert [p for p in range(14) if not texts[p].strip()] == [1, 3, 5, 9, 11, 13]


def test_cp1252_needs_encoding_and_then_works(w4r, tmp_path):
    roster = write(tmp_path, "name,message,case,to\r\nZoë Müller,Très bien,luis-manuel,authorities\r\n".encode("cp1252"))
    res = w4r("batch", str(roster), "-o", str(tmp_path / "a.pdf"), *DATE)
    assert res.returncode == 2 and not (tmp_path / "a.pdf").exists()
    assert res.stderr == (f"w4r: error: {roster} is not UTF-8: byte 0xEB on line 2; it looks like cp1252; "
                          "try --encoding cp1252, or save it as 'CSV UTF-8'\n")
    res = w4r("batch", str(roster), "-o", str(tmp_path / "a.pdf"), "--encoding", "cp1252", "--quiet", *DATE)
    assert res.returncode == 0, res.stderr
    assert "Zoë Müller" in page_text(tmp_path / "a.pdf") and res.stdout == ""


def test_split_names_stay_in_the_folder_and_are_never_overwritten(w4r, tmp_path):
    rows = ["Ann", "ann", "Ann ", "../../etc/passwd", "CON", "Eve\u202egnp.exe"]
    roster = write(tmp_path, "name,message\n" + "".join(f'"{n}",Hello\n' for n in rows))
    folder = tmp_path / "letters"
    res = w4r("batch", str(roster), "--split", str(folder), "--case", "luis-manuel", "--to", "authorities", "--quiet", *DATE)
    assert res.returncode == 0, res.stderr
    names = sorted(p.name for p in folder.iterdir())
    assert names == [
        "002-ann-luis-manuel-letter.pdf", "003-ann-luis-manuel-letter.pdf", "004-ann-luis-manuel-letter.pdf",
        "005-etc-passwd-luis-manuel-letter.pdf", "006-con-luis-manuel-letter.pdf", "007-evegnp-exe-luis-manuel-letter.pdf",
    ]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["class.csv", "letters"]
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    res = w4r("batch", str(roster), "--split", str(folder), "--case", "luis-manuel", "--to", "authorities", *DATE)
    assert res.returncode == 4
    assert res.stderr == f"w4r: error: {folder / names[0]} already exists (and 5 more); use --force to overwrite, or choose another folder\n"
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before


def test_sample_roster_prints_and_is_never_overwritten(w4r, tmp_path):
    sample = tmp_path / "class.csv"
    res = w4r("batch", "--sample", str(sample))
    assert res.returncode == 0 and sample.read_bytes().startswith(b"\xef\xbb\xbfname,message,case,to,address,lang,group\r\n")
    res = w4r("batch", "--sample", str(sample))
    assert res.returncode == 4 and res.stderr == f"w4r: error: {sample} already exists; --sample never overwrites a file, give another name\n"
    res = w4r("batch", str(sample), "-o", str(tmp_path / "class.pdf"), *DATE)
    assert res.returncode == 0, res.stderr
    # Two classes: a cover each, their letters and cards (each on a sheet of its own), a packing slip per case.
    assert res.stdout.splitlines()[0] == f"wrote {tmp_path / 'class.pdf'}: 16 pages"
    # Neither case has a postal address for cards: no envelopes for them (issue 16, item 10).
    assert "envelopes and stamps to buy: 2 (one per letter;" in res.stdout
    assert "no postal address for the cards of luis-manuel, manahel: hand them in to your section" in res.stdout
    assert f"print {tmp_path / 'class.pdf'}: A4 paper, two-sided, flip on short edge, 1 copy (16 pages, 8 sheets)" in res.stdout


def test_strict_turns_card_rule_warnings_into_exit_code_1(w4r, tmp_path):
    roster = write(tmp_path, "name,message,case,to\nAnn,Greetings from Amnesty International,luis-manuel,individual\n")
    res = w4r("batch", str(roster), "-o", str(tmp_path / "c.pdf"), *DATE)
    assert res.returncode == 0, res.stderr
    assert "w4r: warning: 1 card breaks the case's card rules" in res.stderr
    assert ["2", "amnesty", "Amnesty"] in [ln.split() for ln in res.stderr.splitlines()]
    res = w4r("batch", str(roster), "-o", str(tmp_path / "d.pdf"), "--strict", *DATE)
    assert res.returncode == 1 and not (tmp_path / "d.pdf").exists()
    assert res.stderr.splitlines()[-1] == f"w4r: error: 1 row of {roster} has warnings and --strict is on; nothing was written"


def test_no_roster_and_conflicting_outputs(w4r, tmp_path):
    res = w4r("batch")
    assert res.returncode == 2 and "give the roster file" in res.stderr
    roster = write(tmp_path, "name,message,case,to\nAnn,Hi,luis-manuel,authorities\n")
    res = w4r("batch", str(roster), "-o", "x.pdf", "--split", str(tmp_path / "d"))
    assert res.returncode == 2 and res.stderr == "w4r: error: choose one of -o, --split, --by-case and --by-kind\n"


def test_ctrl_c_keeps_finished_files_and_leaves_no_partial_one(tmp_path):
    roster = write(tmp_path, "name,message\n" + "".join(f"Writer {i},Hello number {i}\n" for i in range(300)))
    folder = tmp_path / "out"
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "w4r", "batch", str(roster), "--split", str(folder), "--case", "luis-manuel",
                             "--to", "authorities", "--jobs", "1", *DATE], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not (folder.is_dir() and len(list(folder.glob("*.pdf"))) >= 3):
        time.sleep(0.05)
    proc.send_signal(signal.SIGINT)
    _out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert b"w4r: interrupted" in err and b"Traceback" not in err
    files = list(folder.iterdir())
    assert 3 <= len(files) < 300
    assert all(f.suffix == ".pdf" for f in files)  # no .part left behind
    for f in files:
        assert page_count(f) == 1


def test_progress_bar_only_for_batches_longer_than_a_second(monkeypatch):
    from w4r.cli import batch as cli

    clock = [100.0]
    monkeypatch.setattr(cli.time, "monotonic", lambda: clock[0])
    shown = cli.Progress(10, enabled=True)
    shown.tick(1)
    assert shown._bar is None  # a quick batch never shows one
    clock[0] += 1.5
    shown.tick(1)
    assert shown._bar is not None and shown.done == 2
    shown.close()
    quiet = cli.Progress(10, enabled=False)  # --quiet, or stderr is not a terminal
    clock[0] += 5
    quiet.tick(3)
    assert quiet._bar is None and quiet.done == 3


def test_sample_shows_the_headers_and_to_words_it_understands(w4r, tmp_path):
    res = w4r("batch", "--sample", str(tmp_path / "s.csv"))
    assert res.returncode == 0
    assert "  message: message, text," in res.stderr and "Nachricht" in res.stderr and "Mensaje" in res.stderr.replace("mensaje", "Mensaje")
    assert "  to = card: individual, card, solidarity" in res.stderr and "  to = letter: authorities, letter, appeal" in res.stderr


def test_a_spreadsheet_roster_through_the_cli_names_the_cell(w4r, tmp_path):
    import openpyxl

    wb = openpyxl.Workbook()
    wb.active.title = "Klasse"
    for row in (["Name", "Nachricht", "Fall", "An"], ["Zoë", "Hallo", "luis-manuel", "Brief"], ["Ben", "Hallo", "ritta", "Brief"]):
        wb.active.append(row)
    wb.save(tmp_path / "klasse.xlsx")
    res = w4r("batch", str(tmp_path / "klasse.xlsx"), "-o", str(tmp_path / "k.pdf"), *DATE)
    assert res.returncode == 2
    lines = res.stderr.splitlines()
    assert lines[0].split() == ["cell", "column", "problem"]
    assert ["Klasse!C3", "Fall"] in [line.split(None, 2)[:2] for line in lines[1:]]
    res = w4r("batch", str(tmp_path / "klasse.xlsx"), "-o", str(tmp_path / "k.pdf"), "--skip-invalid", *DATE)
    assert res.returncode == 0, res.stderr
    assert f"print {tmp_path / 'k.pdf'}: A4 paper, one-sided, 1 copy (1 page, 1 sheet)" in res.stdout


def test_by_kind_and_offset_through_the_cli(w4r, tmp_path):
    roster = write(tmp_path, "name,message,case,to\nAnn,Hi,chow-hang-tung,letter\nBob,Hi,chow-hang-tung,card\n")
    res = w4r("batch", str(roster), "--by-kind", str(tmp_path / "run"), "--offset-mm", "1,2", *DATE)
    assert res.returncode == 0, res.stderr
    out = res.stdout
    assert f"print {tmp_path / 'run' / 'letters.pdf'}: A4 paper, one-sided, 1 copy" in out
    assert f"print {tmp_path / 'run' / 'cards.pdf'}: A4 paper, two-sided, flip on short edge, 1 copy" in out
    assert f"print {tmp_path / 'run' / 'envelopes.pdf'}: DL envelopes, one-sided, 1 copy" in out
    res = w4r("batch", str(roster), "-o", str(tmp_path / "x.pdf"), "--offset-mm", "1", *DATE)
    assert res.returncode == 2 and "--offset-mm '1': give two numbers in millimetres" in res.stderr


def test_labels_and_printer_test_commands(w4r, tmp_path):
    res = w4r("printer-test", "-o", str(tmp_path / "pt.pdf"))
    assert res.returncode == 0 and page_count(tmp_path / "pt.pdf") == 2
    res = w4r("labels", "manahel", "--format", "5160", "-o", str(tmp_path / "l.pdf"), "--start", "30")
    assert res.returncode == 0, res.stderr
    assert res.stderr.startswith(f"wrote {tmp_path / 'l.pdf'}: 2 labels on 2 5160 sheets")
    res = w4r("labels", "luis-manuel", "--format", "L7160")
    assert res.returncode == 2 and "choose one of L7163, 5160" in res.stderr
