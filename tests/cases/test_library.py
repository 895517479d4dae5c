"""The shipped case library: every case loads, is complete, and says where it stands."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from w4r import paths
from w4r.cases import CaseLibrary, load_case_file
from w4r.cases.schema import CLOSED_STATUSES, Case, Status

CASES_DIR = paths.shipped_cases_dir()
CASE_FILES = sorted(CASES_DIR.glob("*.yaml"))

# Where each case stands, as the case notes give it.
EXPECTED_STATUS = {
    "sasha": Status.freed,
    "chow-hang-tung": Status.on_trial,
    "dorgelesse": Status.freed,
    "luis-manuel": Status.imprisoned,
    "rita": Status.action_closed,
    "sawyeddollah": Status.granted_visa,
    "bernardo": Status.released,
    "magai": Status.released,
    "germain": Status.released,
    "neth-nahara": Status.pardoned,
    "manahel": Status.imprisoned,
}

# Letters to check that greetings are in the person's own script.
SCRIPTS = {
    "chow-hang-tung": "CJK",
    "manahel": "ARABIC",
    "rita": "CYRILLIC",
    "sasha": "CYRILLIC",
}

CHECK_NAMES = {"amnesty", "charges", "trial", "politics", "religion", "holidays"}


def load(path: Path) -> Case:
    return load_case_file(path)


@pytest.fixture(scope="module")
def cases() -> dict[str, Case]:
    return {p.stem: load_case_file(p) for p in CASE_FILES}


def test_the_library_holds_the_expected_cases():
    assert {p.stem for p in CASE_FILES} == set(EXPECTED_STATUS)


@pytest.mark.parametrize("path", CASE_FILES, ids=lambda p: p.stem)
def test_case_loads_and_id_matches_file_name(path):
    case = load(path)
    assert case.id == path.stem


@pytest.mark.parametrize("path", CASE_FILES, ids=lambda p: p.stem)
def test_case_file_is_clean_utf8_text(path):
    raw = path.read_bytes()
    text = raw.decode("utf-8")  # raises if not UTF-8
    assert not raw.startswith(b"\xef\xbb\xbf"), "no byte-order mark"
    assert "\t" not in text, "indent with spaces, not tabs"
    assert "\r" not in text, "use Unix line ends"
    assert text.endswith("\n")
    assert unicodedata.is_normalized("NFC", text), "text must be NFC-normalised"
    assert text.startswith("# Case file"), "start with the standard header comment"


@pytest.mark.parametrize("path", CASE_FILES, ids=lambda p: p.stem)
def test_no_inline_comments(path):
    """In YAML, " #" starts a comment: an unquoted "Ave NW #408" loses its "#408".

    Case files keep comments on lines of their own, so any " #" after a value is
    a slip: quote the value instead.
    """
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        value = stripped
        if " #" in value:
            quoted = re.search(r"""(["'])[^"']* #[^"']*\1""", value)
            assert quoted, f"{path.name}:{number}: quote the value, ' #' starts a comment: {line!r}"


@pytest.mark.parametrize("case_id", sorted(EXPECTED_STATUS))
def test_status_and_closed(cases, case_id):
    case = cases[case_id]
    expected = EXPECTED_STATUS[case_id]
    assert case.status is expected, f"{case_id}: {case.status.value} != {expected.value}"
    assert case.closed == (expected in CLOSED_STATUSES)
    if case.closed:
        assert case.status.closed
    # Nothing after the current status reopens or closes the case again.
    last = case.current
    assert all(not e.status for e in case.timeline[case.timeline.index(last) + 1 :])


def test_closed_cases_are_the_good_news(cases):
    closed = {i for i, c in cases.items() if c.closed}
    assert closed == {"sasha", "sawyeddollah", "bernardo", "magai", "germain", "neth-nahara", "dorgelesse", "rita"}
    for case_id in closed:
        assert cases[case_id].status in CLOSED_STATUSES


def test_timeline_history(cases):
    assert [e.status for e in cases["rita"].timeline if e.status][-4:] == [Status.acquitted, Status.re_detained, Status.sentenced, Status.action_closed]
    acquittal = next(e for e in cases["rita"].timeline if e.status is Status.acquitted)
    assert acquittal.date.isoformat() == "2024-06-14"
    magai = [e.status for e in cases["magai"].timeline if e.status]
    assert magai.index(Status.sentence_quashed) < magai.index(Status.released)
    assert cases["sawyeddollah"].current.date.isoformat() == "2024-08-19"
    assert cases["neth-nahara"].current.date.isoformat() == "2025-01-01"
    assert cases["bernardo"].current.date.isoformat() == "2022-03-24"
    assert cases["magai"].current.date.isoformat() == "2022-03-22"
    assert cases["dorgelesse"].current.date.isoformat() == "2025-01-17"
    assert cases["sasha"].current.date.isoformat() == "2024-08-01"
    assert cases["germain"].current.date.year == 2021


@pytest.mark.parametrize("path", CASE_FILES, ids=lambda p: p.stem)
def test_dates_are_not_after_last_verified(path):
    case = load(path)
    # Checked against the case updates found on 5 December 2026, and not claimed for any other day.
    assert all(e.date <= case.last_verified for e in case.timeline)
    assert case.last_verified.isoformat() == "2026-12-05"
    for t in case.targets:
        assert t.verified_on is None or t.verified_on.isoformat() == "2026-12-05"


@pytest.mark.parametrize("path", CASE_FILES, ids=lambda p: p.stem)
def test_targets_are_complete(path):
    case = load(path)
    for t in case.targets:
        where = f"{case.id}: {t.label}"
        assert t.address and all(line.strip() for line in t.address), where
        assert t.salutation.strip(), where
        assert t.country == t.country.upper() and len(t.country) > 3, f"{where}: country in capitals, in full"
        # The organisation and the country are printed separately, never twice.
        assert t.address[-1].upper() != t.country, f"{where}: the country is not an address line"
        assert not t.organisation or t.organisation not in t.address, where
        assert t.languages, where
        if not t.verified:
            assert case.unverified, f"{where}: an unverified target needs a line in unverified:"


@pytest.mark.parametrize("path", CASE_FILES, ids=lambda p: p.stem)
def test_asks_read_after_i_urge_you_to(path):
    case = load(path)
    for ask in case.ask:
        assert ask[0].islower(), f"{case.id}: {ask!r} should start in lower case"
        assert not ask.endswith((".", ";", ",")), f"{case.id}: {ask!r} should not end with punctuation"


@pytest.mark.parametrize("path", CASE_FILES, ids=lambda p: p.stem)
def test_appeal_facts_follow_i_am_writing_to_you_about(path):
    case = load(path)
    facts = case.appeal_facts
    assert facts, f"{case.id}: the letter needs appeal_facts"
    assert facts[0].isupper() and facts.endswith(".")
    assert not facts.startswith(case.name), "the letter has just named the person"
    assert 1 <= len(re.findall(r"[.!?](\s|$)", facts)) <= 3, "one to three sentences"


@pytest.mark.parametrize("path", CASE_FILES, ids=lambda p: p.stem)
def test_solidarity_block(path):
    case = load(path)
    sol = case.solidarity
    assert sol is not None, f"{case.id}: every case says where solidarity mail goes"
    assert 1 <= len(sol.greetings) + len(sol.congratulations)
    assert len(sol.greetings) <= 3 and len(sol.congratulations) <= 3
    if case.status.congratulate:
        assert sol.congratulations, f"{case.id}: a freed person's card needs congratulations"
    assert sol.has_address or sol.note, f"{case.id}: without an address, the note says what to do"
    if sol.has_address:
        assert sol.country and sol.country == sol.country.upper()
        assert sol.address[-1].upper() != sol.country
    if not sol.verified:
        assert case.unverified
    rules = sol.rules
    assert rules.mention_amnesty is False
    assert set(rules.checks) <= CHECK_NAMES
    assert set(rules.extra_terms) <= set(rules.checks), "extra terms extend a rule set the case uses"
    assert rules.extra_terms, f"{case.id}: add the words specific to this case"
    assert "en" in rules.languages
    for g in [*sol.greetings, *sol.congratulations]:
        assert g.lang in rules.languages, f"{case.id}: greeting language {g.lang} not in rules.languages"
        if g.lang != "en":
            assert g.english, f"{case.id}: give an English gloss of {g.text!r}"


@pytest.mark.parametrize("case_id,script", sorted(SCRIPTS.items()))
def test_greetings_are_in_the_persons_script(cases, case_id, script):
    texts = [g.text for g in [*cases[case_id].solidarity.greetings, *cases[case_id].solidarity.congratulations]]
    assert any(script in unicodedata.name(ch, "") for t in texts for ch in t), texts


def test_native_names(cases):
    assert cases["chow-hang-tung"].name_native == "鄒幸彤"
    assert cases["chow-hang-tung"].native_lang == "zh-Hant"
    assert cases["manahel"].name_native == "مناهل العتيبي"
    assert cases["manahel"].native_lang == "ar"


def test_targets_case_by_case(cases):
    germain = cases["germain"].targets
    assert len(germain) == 1
    assert germain[0].address[0] == "2233 Wisconsin Ave NW #408"
    assert any("WASHINGTON" in " ".join(t.address) and t.salutation == "Dear Ambassador" for t in germain)
    rita = {t.email for t in cases["rita"].targets}
    assert "statement@prokuror.kg" in rita
    assert cases["chow-hang-tung"].targets[0].email == "sjo@doj.gov.hk"
    assert cases["luis-manuel"].targets[0].salutation == "Dear Mr. President"
    assert cases["sawyeddollah"].targets[0].organisation.startswith("Meta")


@pytest.mark.parametrize("path", CASE_FILES, ids=lambda p: p.stem)
def test_sources_and_links(path):
    case = load(path)
    assert case.sources
    assert any("(campaign text" in s.title for s in case.sources), "cite the campaign text"
    assert not any("seed" in s.title.lower() for s in case.sources), "no internal source labels"
    for s in case.sources:
        assert s.url is None or s.url.startswith("https://")
    assert case.action_url is None or case.action_url.startswith("https://")


@pytest.mark.parametrize("path", CASE_FILES, ids=lambda p: p.stem)
def test_placeholder_dates_are_explained(path):
    """A first-of-the-month date is usually a placeholder: the file must say so."""
    case = load(path)
    if any(e.date.day == 1 for e in case.timeline if e.date.isoformat() != "2025-01-01"):
        assert any(re.search(r"first of the month|start of the \d{4} campaign", u) for u in case.unverified), case.id


def test_library_all_and_lookup():
    library = CaseLibrary(CASES_DIR)
    assert len(library.all()) == len(EXPECTED_STATUS)
    assert library.get("Chow-Hang-Tung ").id == "chow-hang-tung"


# The command line -------------------------------------------------------------------


def run_w4r(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "w4r", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )


def test_validate_shipped_library_exits_0():
    result = run_w4r("validate")
    assert result.returncode == 0, result.stderr
    # The archive and the built-in 2025 pack.
    assert f"{len(EXPECTED_STATUS) + 8} case file(s) OK" in result.stdout
    # No warning at all.  The one line a first run may print is the notice that fonts are
    # being prepared (a fresh font cache, e.g. a clean CI machine): progress, not a warning.
    said = [line for line in result.stderr.splitlines() if not re.fullmatch(r"w4r: preparing fonts for .+, once: ~\d+ s", line)]
    assert said == [], result.stderr


def test_cases_json_lists_all_cases():
    result = run_w4r("cases", "--json")
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert len(rows) == 19
    assert set(EXPECTED_STATUS) <= {r["id"] for r in rows}
    by_id = {r["id"]: r for r in rows}
    assert {r["pack"] for r in rows} == {"archive", "wfr-2025"}
    assert by_id["rita"]["status"] == "action closed" and by_id["rita"]["closed"] is True
    assert by_id["sasha"]["appeal"] == "no appeal: freed since 2024-08-01"
    assert by_id["neth-nahara"]["closed"] is True
    assert "鄒幸彤" in by_id["chow-hang-tung"]["name"]


def test_show_prints_the_chinese_name():
    result = run_w4r("show", "chow-hang-tung")
    assert result.returncode == 0, result.stderr
    assert "鄒幸彤" in result.stdout
    assert "Dear Secretary Lam" in result.stdout
    assert "PO Box No. 75" in result.stdout


def test_show_flags_unverified_addresses():
    result = run_w4r("show", "manahel")
    assert result.returncode == 0, result.stderr
    assert "مناهل العتيبي" in result.stdout
    assert "UNVERIFIED" in result.stdout


def test_show_json(tmp_path):
    result = run_w4r("show", "germain", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["id"] == "germain" and data["closed"] is True and len(data["targets"]) == 1


def test_show_unknown_case_suggests_the_right_one():
    result = run_w4r("show", "sash")
    assert result.returncode == 3
    assert "did you mean sasha" in result.stderr
    assert "Traceback" not in result.stderr
