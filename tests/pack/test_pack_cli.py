"""`w4r pack` through the real command line: the files, the manifest, reproducibility, output safety, config."""

from __future__ import annotations

import hashlib
import json
import os
import zipfile
from pathlib import Path

import pytest

from tests.conftest import INCH, assert_clean_failure, fonts_used, page_count, page_size, page_text
from w4r.cases import CaseLibrary

TWO = ("chow-hang-tung", "luis-manuel")
DATE = ("--date", "2026-12-10")


def pack(w4r, out: Path, *args: str, cases=TWO):
    res = w4r("pack", *cases, "-o", str(out), *DATE, *args)
    assert res.returncode == 0, res.stderr
    assert "Traceback" not in res.stderr
    return res


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}




def test_full_pack_of_every_open_case(w4r, tmp_path):
    """The one full pack: every file the manifest lists is there, with its pages and checksum."""
    out = tmp_path / "pack"
    res = w4r("pack", "-o", str(out), *DATE, "--event", "Human Rights Day", "--json")
    assert res.returncode == 0, res.stderr
    files = tree(out)
    manifest = json.loads(files.pop("manifest.json"))
    entries = manifest["files"]
    assert list(manifest) == ["files"]
    assert [e["path"] for e in entries] == sorted(files)  # every file listed, sorted by path, nothing else on disk
    open_ids = {c.id for c in CaseLibrary.open().all() if not c.closed}
    assert {e["case"] for e in entries} == open_ids | {None}
    for e in entries:
        data = files[e["path"]]
        assert list(e) == ["path", "kind", "case", "pages", "sha256"]
        assert e["sha256"] == hashlib.sha256(data).hexdigest()
        assert e["pages"] == page_count(data), e["path"]
        fonts = fonts_used(data)
        assert fonts and all(fonts.values()), (e["path"], fonts)
        assert (e["case"] is None) == ("/" not in e["path"])
    kinds = {e["kind"] for e in entries}
    assert kinds == {"index", "poster", "tally-sheet", "briefing", "letters", "envelope-appeal", "cards", "envelope-cards"}
    from w4r.cases.status import appeal_rule

    for case_id in open_ids:
        case = CaseLibrary.open().get(case_id)
        letters = appeal_rule(case).writes_letter  # card-only cases (the 2025 pack) get no letters
        for name in ("briefing.pdf", "cards.pdf") + (("letters.pdf", "envelope-appeal.pdf") if letters else ()):
            assert f"{case_id}/{name}" in files
        if not letters:
            assert f"{case_id}/letters.pdf" not in files
    # --json: what was written and how many of each kind.
    result = json.loads(res.stdout)
    assert result["output"] == str(out) and result["zip"] is False
    assert [f["path"] for f in result["files"]] == sorted([*files, "manifest.json"])
    assert result["counts"]["briefing"] == len(open_ids) and result["counts"]["poster"] == 1
    assert result["pages"] == sum(e["pages"] for e in entries)
    # The index names every case folder and the poster every person.
    index = page_text(files["00-index.pdf"])
    poster = " ".join(page_text(files["01-poster.pdf"]).split())
    for case in CaseLibrary.open().all():
        assert (f"{case.id}/" in index) == (case.id in open_ids)
        assert (case.name in poster) == (case.id in open_ids)
    assert "Human Rights Day" in poster


def test_same_inputs_same_bytes_folder_and_zip(w4r, tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    pack(w4r, first)
    pack(w4r, second)
    assert tree(first) == tree(second)

    # --zip -o DIR makes DIR.zip; -o x.zip is an archive too.  Same inputs, same bytes.
    (tmp_path / "again").mkdir()
    pack(w4r, tmp_path / "one", "--zip")
    pack(w4r, tmp_path / "again" / "one.zip")
    one = (tmp_path / "one.zip").read_bytes()
    assert (tmp_path / "again" / "one.zip").read_bytes() == one
    assert not (tmp_path / "one").exists()
    with zipfile.ZipFile(tmp_path / "one.zip") as z:
        names = z.namelist()
        assert names == sorted(names) and all(n.startswith("one/") for n in names)
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        assert {n.removeprefix("one/"): z.read(n) for n in names} == tree(first)

    # Another --date changes the printed date and nothing else.
    res = w4r("pack", *TWO, "-o", str(tmp_path / "c"), "--date", "2026-12-11")
    assert res.returncode == 0, res.stderr
    a, c = tree(first), tree(tmp_path / "c")
    assert a.keys() == c.keys()
    assert "10 December 2026" in page_text(a["luis-manuel/letters.pdf"]) and "11 December 2026" in page_text(c["luis-manuel/letters.pdf"])
    assert a["luis-manuel/cards.pdf"] == c["luis-manuel/cards.pdf"]  # cards carry no date


def test_refuses_a_folder_that_is_not_empty(w4r, tmp_path):
    out = tmp_path / "pack"
    out.mkdir()
    (out / "notes.txt").write_text("our own notes")
    assert_clean_failure(w4r("pack", *TWO, "-o", str(out), *DATE), 4, f"{out} is not empty", "--force")
    assert [p.name for p in out.iterdir()] == ["notes.txt"]


def test_force_replaces_only_the_packs_files(w4r, tmp_path):
    out = tmp_path / "pack"
    pack(w4r, out, cases=("chow-hang-tung",))
    (out / "notes.txt").write_text("our own notes")
    (out / "00-index.pdf").write_bytes(b"stale")
    res = pack(w4r, out, "--force", cases=("luis-manuel",))
    assert "file(s) of an earlier pack" in res.stderr and "chow-hang-tung/briefing.pdf" in res.stderr
    assert (out / "notes.txt").read_text() == "our own notes"
    assert (out / "00-index.pdf").read_bytes().startswith(b"%PDF")
    assert (out / "chow-hang-tung" / "briefing.pdf").is_file()  # an earlier pack's file is never deleted
    manifest = json.loads((out / "manifest.json").read_text())
    assert {e["case"] for e in manifest["files"]} == {"luis-manuel", None}
    assert not list(out.rglob("*.part"))  # atomic writes leave no temporary files


def test_empty_existing_folder_is_fine_without_force(w4r, tmp_path):
    out = tmp_path / "pack"
    out.mkdir()
    pack(w4r, out, "--letters", "0", "--cards", "0", cases=("luis-manuel",))
    assert sorted(tree(out)) == ["00-index.pdf", "01-poster.pdf", "02-tally-sheet.pdf", "luis-manuel/briefing.pdf", "manifest.json"]


@pytest.mark.parametrize(
    "setup, args, code, phrase",
    [
        (lambda p: p.write_text("x"), [], 4, "exists and is not a folder"),
        (lambda p: None, ["-o", "{tmp}/missing/pack"], 4, "does not exist"),
        (lambda p: p.with_suffix(".zip").write_bytes(b"old"), ["--zip"], 4, "already exists; use --force"),
        (lambda p: None, ["--format", "a3"], 2, "--format a3 does not apply"),
        (lambda p: None, ["--date", "10/12/2026"], 2, "write it as YYYY-MM-DD"),
    ],
)
def test_bad_output_or_options_fail_with_one_line(w4r, tmp_path, setup, args, code, phrase):
    out = tmp_path / "pack"
    setup(out)
    args = [a.replace("{tmp}", str(tmp_path)) for a in args]
    res = w4r("pack", "luis-manuel", "-o", str(out), *args)
    assert_clean_failure(res, code, phrase)
    assert not (tmp_path / "pack").is_dir()


def test_unknown_case_and_no_output(w4r, tmp_path):
    assert_clean_failure(w4r("pack", "sasah", "-o", str(tmp_path / "p")), 3, "unknown case 'sasah'", "did you mean sasha")
    res = w4r("pack", "luis-manuel")
    assert res.returncode == 2 and "-o" in res.stderr and "Traceback" not in res.stderr


def test_no_card_envelope_is_a_warning_not_an_error(w4r, tmp_path):
    res = pack(w4r, tmp_path / "p", cases=("luis-manuel",))
    assert "w4r: warning: case luis-manuel has no postal address for solidarity cards: no card envelope" in res.stderr
    assert not (tmp_path / "p" / "luis-manuel" / "envelope-cards.pdf").exists()
    assert "No card envelope for luis-manuel" in " ".join(page_text(tmp_path / "p" / "00-index.pdf").split())


def test_config_file_sets_group_return_address_paper_and_language(w4r, tmp_path):
    Path(os.environ["W4R_CONFIG"]).write_text(
        "group: Anytown Amnesty group\n"
        "paper: letter\n"
        "lang: en\n"
        "card_format: a2-4up\n"
        "sender:\n"
        "  name: Anytown Amnesty group\n"
        "  address: [1 Church Lane, Anytown NY 10001, USA]\n",
        encoding="utf-8",
    )
    out = tmp_path / "pack"
    res = w4r("pack", "chow-hang-tung", "-o", str(out), *DATE)
    assert res.returncode == 0, res.stderr
    files = tree(out)
    for name in ("00-index.pdf", "01-poster.pdf", "02-tally-sheet.pdf"):
        assert "Anytown Amnesty group" in page_text(files[name]), name
    for name in ("00-index.pdf", "01-poster.pdf", "02-tally-sheet.pdf", "chow-hang-tung/briefing.pdf", "chow-hang-tung/letters.pdf"):
        assert page_size(files[name]) == pytest.approx((8.5 * INCH, 11 * INCH), abs=0.5), name
    envelope = page_text(files["chow-hang-tung/envelope-appeal.pdf"])
    assert "1 Church Lane" in envelope and "Anytown NY 10001" in envelope
    assert page_size(files["chow-hang-tung/envelope-appeal.pdf"]) == pytest.approx((9.5 * INCH, 4.125 * INCH), abs=0.5)
    letters = page_text(files["chow-hang-tung/letters.pdf"])
    assert "1 Church Lane" not in letters and "Your name and address" in letters
    assert page_count(files["chow-hang-tung/cards.pdf"]) == 2  # one sheet of four A2 cards, fronts and backs
    # Options on the command line win over the config file.
    res = w4r("pack", "chow-hang-tung", "-o", str(tmp_path / "a4"), *DATE, "--paper", "a4", "--group", "Schoolhouse club")
    assert res.returncode == 0, res.stderr
    poster = (tmp_path / "a4" / "01-poster.pdf").read_bytes()
    assert "Schoolhouse club" in page_text(poster) and page_size(poster)[0] == pytest.approx(595.3, abs=0.5)
