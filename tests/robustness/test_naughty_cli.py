"""The naughty corpus through the real command line: letter, card, envelope and batch.

Each run carries many inputs at once (all of a group in one message file, a
roster with one nasty row per input), so the whole corpus costs a few dozen
subprocesses.  The contract: a PDF whose text shows every input as typed, or
one ``w4r: error:`` line with exit code 2 -- never a traceback, never 70.
"""

from __future__ import annotations

import csv
import json
import os
import sys
from pathlib import Path

import pytest

from tests.conftest import page_text
from tests.robustness.naughty import LONG, MARKUP, NAUGHTY, RAW, UNICODE, expected_text, shows
from tests.robustness.support import assert_clean_failure, assert_pdf_or_clean_error

DATE = "2026-12-10"
CASE = "luis-manuel"  # open case with a solidarity section (cards)
CARD_ADDRESS_CASE = "dorgelesse"  # has a postal address for solidarity cards

GROUPS = {"markup": MARKUP, "unicode": UNICODE}


def message_file(tmp_path: Path, texts: dict[str, str], name: str = "message.txt") -> Path:
    """All ``texts`` in one file, a blank line between them (so each is its own paragraph)."""
    path = tmp_path / name
    path.write_text("\n\n".join(texts.values()), encoding="utf-8", errors="surrogatepass")
    return path


def short_values(texts: dict[str, str]) -> list[str]:
    """Values that fit a name or address line, without NUL (which no command line can carry)."""
    return [v.replace("\x00", "") for v in texts.values() if len(v) <= 120 and "\n" not in v]


def printable_group(texts: dict[str, str]) -> dict[str, str]:
    # Lone surrogates cannot be written to a UTF-8 file; they are tested as bytes (RAW) and through the API.
    return {k: v for k, v in texts.items() if k != "lone_surrogates"}


# The letter's own text (case files, templates) is set with the language's quotation
# marks; the writer's words are printed exactly as typed.
_TYPESET_QUOTES = str.maketrans({"\u201c": '"', "\u201d": '"', "\u2018": "'", "\u2019": "'"})


def assert_shows_all(pdf: bytes, texts: dict[str, str], *, case_text: bool = False) -> None:
    text = page_text(pdf)
    if case_text:
        text = text.translate(_TYPESET_QUOTES)
    missing = [k for k, v in texts.items() if not shows(text, v)]
    assert not missing, [(k, expected_text(texts[k])) for k in missing]


# -- letters


@pytest.mark.parametrize("group", sorted(GROUPS))
def test_letter_prints_every_input_as_typed(w4r, tmp_path, group):
    texts = printable_group(GROUPS[group])
    name, line1, line2 = short_values(texts)[:3]
    out = tmp_path / "letter.pdf"
    res = w4r(
        "letter", CASE, "-o", str(out), "--date", DATE,
        "--from", name, "--address", f"{line1}\n{line2}",
        "--message-file", str(message_file(tmp_path, texts)),
    )
    pdf = assert_pdf_or_clean_error(res, out)
    assert pdf is not None, res.stderr
    assert_shows_all(pdf, texts | {"name": name})


@pytest.mark.parametrize(
    "label, raw, phrase",
    [
        ("invalid_utf8", RAW["invalid_utf8"], "not UTF-8"),
        ("surrogate_utf8", RAW["surrogate_utf8"], "not UTF-8"),
        ("overlong", RAW["overlong"], "not UTF-8"),
        ("utf16_bom", RAW["utf16_bom"], "UTF-8"),
        ("huge", LONG["message_100kB"].encode() + b"x" * 10, "is 101 kB, larger than 100 kB"),
        ("long_word", LONG["long_word_20000"].encode(), "at most 10000"),
    ],
)
def test_letter_refuses_unusable_message_files_in_one_line(w4r, tmp_path, label, raw, phrase):
    path = tmp_path / f"{label}.txt"
    path.write_bytes(raw)
    out = tmp_path / "o.pdf"
    res = w4r("letter", CASE, "-o", str(out), "--message-file", str(path))
    assert_clean_failure(res, 2, phrase)
    assert not out.exists()


def test_letter_message_file_with_nul_bytes_prints_without_them(w4r, tmp_path):
    path = tmp_path / "nul.txt"
    path.write_bytes(b"Stay\x00 strong\x01, Magai.")
    out = tmp_path / "o.pdf"
    res = w4r("letter", CASE, "-o", str(out), "--message-file", str(path), "--date", DATE)
    pdf = assert_pdf_or_clean_error(res, out)
    assert pdf is not None and "Stay strong, Magai." in page_text(pdf)


def test_invalid_utf8_on_the_command_line_does_not_crash(tmp_path):
    """Arguments that are not UTF-8 arrive as lone surrogates (surrogateescape)."""
    from tests.conftest import Result
    import subprocess

    out = tmp_path / "o.pdf"
    argv = [sys.executable, "-m", "w4r", "letter", CASE, "-o", str(out), "--date", DATE]
    argv_bytes = [os.fsencode(a) for a in argv] + [b"--from", b"Ann \xff\xfe Example", b"--message", b"caf\xe9 \xed\xa0\x80 ok"]
    proc = subprocess.run(argv_bytes, capture_output=True, timeout=120)
    res = Result(proc.returncode, proc.stdout.decode("utf-8", "replace"), proc.stderr.decode("utf-8", "replace"), proc.stdout)
    pdf = assert_pdf_or_clean_error(res, out)
    if pdf is not None:
        text = " ".join(page_text(pdf).split())
        assert "Ann Example" in text and "caf ok" in text


def test_letter_to_standard_output_with_nasty_text(w4r):
    res = w4r("letter", CASE, "-o", "-", "--date", DATE, "--from", MARKUP["ondraw"], "--message", MARKUP["img_path"])
    pdf = assert_pdf_or_clean_error(res)
    assert pdf is not None
    assert shows(page_text(pdf), MARKUP["ondraw"]) and shows(page_text(pdf), MARKUP["img_path"])


# -- cards (w4r letter --to individual)


@pytest.mark.parametrize("group", sorted(GROUPS))
def test_card_prints_every_input_as_typed(w4r, tmp_path, group):
    texts = printable_group(GROUPS[group])
    out = tmp_path / "card.pdf"
    res = w4r(
        "letter", CASE, "--to", "individual", "-o", str(out),
        "--from", "Ann Example", "--message-file", str(message_file(tmp_path, texts)),
    )
    pdf = assert_pdf_or_clean_error(res, out)
    assert pdf is not None, res.stderr
    assert_shows_all(pdf, texts)


def test_card_refuses_a_message_too_long_for_it_with_the_limit(w4r, tmp_path):
    out = tmp_path / "card.pdf"
    path = tmp_path / "long.txt"
    path.write_text(LONG["message_100kB"][:20_000], encoding="utf-8")
    res = w4r("letter", CASE, "--to", "individual", "-o", str(out), "--message-file", str(path))
    assert_clean_failure(res, 2, "at most")
    assert not out.exists()


def test_card_with_nasty_sender_name(w4r, tmp_path):
    out = tmp_path / "card.pdf"
    name = MARKUP["bold_tag"]  # the case prints the first name only: "<b>bold?</b>"
    res = w4r("letter", CASE, "--to", "individual", "-o", str(out), "--from", name, "--message", MARKUP["font_tag"])
    pdf = assert_pdf_or_clean_error(res, out)
    assert pdf is not None
    text = page_text(pdf)
    assert shows(text, name.split()[0]) and shows(text, MARKUP["font_tag"])


# -- envelopes


@pytest.mark.parametrize("to, case", [("authorities", CASE), ("individual", CARD_ADDRESS_CASE)])
@pytest.mark.parametrize("group", sorted(GROUPS))
def test_envelope_sender_prints_as_typed(w4r, tmp_path, to, case, group):
    values = short_values(printable_group(GROUPS[group]))
    name, lines = values[0], values[1:5]
    out = tmp_path / "env.pdf"
    res = w4r("envelope", case, "--to", to, "-o", str(out), "--from", name, "--address", "\n".join(lines))
    pdf = assert_pdf_or_clean_error(res, out)
    if pdf is None:
        return
    if to == "authorities":  # cards to individuals may show no return address (case rules)
        assert_shows_all(pdf, {"name": name, **{str(i): v for i, v in enumerate(lines)}})


# -- batch: one roster, one nasty row per input


def write_roster(path: Path, rows: list[dict], *, encoding: str = "utf-8") -> Path:
    with open(path, "w", newline="", encoding=encoding) as fh:
        writer = csv.DictWriter(fh, fieldnames=["name", "message", "case", "to", "address", "lang", "group"])
        writer.writeheader()
        writer.writerows(rows)
    return path


def nasty_rows() -> list[tuple[str, dict]]:
    rows = []
    usable = {k: v.replace("\x00", "") for k, v in {**NAUGHTY, **LONG}.items() if k != "lone_surrogates"}
    for i, (label, text) in enumerate(usable.items()):
        to = "individual" if i % 2 else "authorities"
        name = text if len(text) <= 120 and "\n" not in text else f"Writer {i}"
        rows.append((label, {"name": name, "message": text, "case": CASE, "to": to, "address": "", "lang": "", "group": label[:40]}))
    return rows


def test_batch_prints_every_nasty_row_or_lists_its_problem(w4r, tmp_path):
    rows = nasty_rows()
    roster = write_roster(tmp_path / "class.csv", [r for _l, r in rows])
    split = tmp_path / "out"
    res = w4r("batch", str(roster), "--split", str(split), "--date", DATE, "--skip-invalid", "--jobs", "1", timeout=600)
    assert "Traceback" not in res.stderr and res.returncode == 0, res.stderr[-3000:]
    files = sorted(split.iterdir())
    by_row = {int(f.name.split("-")[0]): f for f in files}
    refused = {int(ln.split()[0]) for ln in res.stderr.splitlines() if ln.strip()[:1].isdigit() and "warning" not in ln}
    for row, (label, cells) in enumerate(rows, start=2):
        if row in refused:
            assert row not in by_row
            continue
        assert row in by_row, (label, res.stderr[-2000:])
        text = page_text(by_row[row].read_bytes())
        assert shows(text, cells["message"]), (label, expected_text(cells["message"]))
    # Only the rows over a limit were refused.
    assert {rows[r - 2][0] for r in refused} <= {"long_word_20000", "message_100kB", "long_word_3000"}
    # Every file name is plain ASCII and inside the folder.
    for f in files:
        assert f.parent == split and f.name.isascii() and f.suffix == ".pdf"
        assert f.read_bytes().startswith(b"%PDF")
    assert not [p for p in split.iterdir() if p.name.endswith(".part") or p.name.startswith(".")]


@pytest.mark.parametrize(
    "label, raw, phrase",
    [
        ("invalid_utf8", "name,message,case,to\nAnn,caf\xe9,luis-manuel,authorities\n".encode("latin-1"), "not UTF-8"),
        ("lone_surrogate", b"name,message,case,to\nAnn,x \xed\xa0\x80 y,luis-manuel,authorities\n", "not UTF-8"),
    ],
)
def test_batch_refuses_rosters_that_are_not_text_in_one_line(w4r, tmp_path, label, raw, phrase):
    roster = tmp_path / f"{label}.csv"
    roster.write_bytes(raw)
    res = w4r("batch", str(roster), "-o", str(tmp_path / "o.pdf"))
    assert_clean_failure(res, 2, phrase)
    assert not (tmp_path / "o.pdf").exists()


def test_batch_drops_a_nul_byte_with_a_warning_naming_the_row(w4r, tmp_path):
    roster = tmp_path / "nul.csv"
    roster.write_bytes(b"name,message,case,to\nAnn,a\x00b,luis-manuel,authorities\n")
    res = w4r("batch", str(roster), "-o", str(tmp_path / "o.pdf"))
    assert res.returncode == 0, res.stderr
    assert "NUL" in res.stderr and "row 2" in res.stderr
    assert "ab" in page_text((tmp_path / "o.pdf").read_bytes()).replace("\n", "")


def test_batch_file_names_from_hostile_names_stay_in_the_folder(w4r, tmp_path):
    names = ["../../escape", "/etc/passwd", "CON", "nul.txt", "LPT1", "a\u202eexe.txt", "zero\u200bwidth", "..", ".", "C:\\Windows\\x", "~root", "$(rm -rf ~)", "\u674e\u5c0f\u9f8d", "Ann", "ann", "Ann "]
    rows = [{"name": n, "message": "Stay strong.", "case": CASE, "to": "authorities", "address": "", "lang": "", "group": ""} for n in names]
    roster = write_roster(tmp_path / "class.csv", rows)
    split = tmp_path / "out"
    res = w4r("batch", str(roster), "--split", str(split), "--date", DATE, "--jobs", "1", "-q")
    assert res.returncode == 0, res.stderr[-2000:]
    files = sorted(p.name for p in split.iterdir())
    assert len(files) == len(names) and len({f.casefold() for f in files}) == len(names)
    reserved = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(10)), *(f"LPT{i}" for i in range(10))}
    for f in files:
        assert f.isascii() and "/" not in f and "\\" not in f and not f.startswith(".")
        assert f.split(".")[0].upper() not in reserved
        assert all(ch.isalnum() or ch in "-_." for ch in f), f
    # Nothing was written outside the folder.
    assert sorted(p.name for p in tmp_path.iterdir()) == ["class.csv", "out"]


@pytest.mark.parametrize("fmt", ["txt", "email"])
def test_text_formats_never_pass_terminal_escapes_through(w4r, fmt):
    res = w4r(
        "letter", "chow-hang-tung", "--format", fmt, "-o", "-",
        "--from", "Ann\x1b[2J Example\r\nBcc: evil@example.org", "--address", "1 Road\x1b[31m|Town\x07",
        "--message", "Hi \x1b]0;title\x07 there \x9b31m",
    )
    assert res.returncode == 0, res.stderr
    assert not any(ch in res.stdout for ch in "\x1b\x07\x9b"), repr(res.stdout[-400:])
    assert "Ann[2J Example Bcc: evil@example.org" in res.stdout


def _case_with(tmp_path: Path, fields: dict[str, str]) -> Path:
    """A copy of chow-hang-tung as case 'nasty', with top-level text ``fields`` replaced."""
    from w4r import paths

    lines = (paths.shipped_cases_dir() / "chow-hang-tung.yaml").read_text(encoding="utf-8").split("\n")
    out, skipping = [], False
    for line in lines:
        key = line.split(":", 1)[0] if line and not line.startswith((" ", "#", "-")) else None
        if key is not None:
            skipping = key in fields
            if skipping:
                continue
        if skipping and (line.startswith(" ") or not line.strip()):
            continue
        skipping = False
        out.append(line.replace("id: chow-hang-tung", "id: nasty"))
    for key, value in fields.items():
        out.append(f"{key}: {json.dumps(value, ensure_ascii=False)}")
    folder = tmp_path / "cases"
    folder.mkdir()
    (folder / "nasty.yaml").write_text("\n".join(out) + "\n", encoding="utf-8")
    return folder


def test_case_file_fields_print_as_typed(w4r, tmp_path):
    """Markup in a case file (name, facts) reaches the letter as text, through the template's escaping."""
    name = MARKUP["bold_tag"] + " " + MARKUP["ondraw"]
    facts = " ".join([MARKUP["img_path"], MARKUP["font_tag"], MARKUP["bad_charref"], MARKUP["cdata_pi_comment"]])
    folder = _case_with(tmp_path, {"name": name, "appeal_facts": facts})
    out = tmp_path / "o.pdf"
    res = w4r("letter", "nasty", "--cases-dir", str(folder), "-o", str(out), "--date", DATE)
    pdf = assert_pdf_or_clean_error(res, out)
    assert pdf is not None, res.stderr
    assert_shows_all(pdf, {"name": name, "facts": facts}, case_text=True)


def test_batch_finds_a_name_too_wide_for_the_letter_before_printing(w4r, tmp_path):
    rows = [
        {"name": "Ann", "message": "Hi.", "case": "luis-manuel", "to": "authorities", "address": "", "lang": "", "group": ""},
        {"name": "W" * 110, "message": "Hi.", "case": "luis-manuel", "to": "authorities", "address": "", "lang": "", "group": ""},
    ]
    roster = write_roster(tmp_path / "class.csv", rows)
    out = tmp_path / "class.pdf"
    res = w4r("batch", str(roster), "-o", str(out), "-q")
    assert_clean_failure(res, 2, "1 row of", "nothing was written")
    assert any(ln.split()[:2] == ["3", "name"] and "too wide" in ln for ln in res.stderr.splitlines()), res.stderr
    assert not out.exists()
