"""The strict case loader: every bad file is refused with file, line, column and a hint.

Each test writes a small case file to a temporary folder, loads it, and checks
that the problem is reported as ``file:line:column: where: what to do``.
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
from pathlib import Path

import pytest

from w4r.cases.loader import load_case_file
from w4r.cases.schema import Status
from w4r.cases.yamlsafe import parse_yaml_text
from w4r.errors import CaseFileError

# A complete, valid case file.  Tests change one thing in it at a time.
GOOD = """\
# A test case
id: {id}
name: Test Person
first_name: Test
country: Norway
campaign_years: [2024]
summary: A short summary.
story: |-
  A short story
  over two lines.
timeline:
  - date: 2024-01-15
    event: Arrested
    status: detained
  - date: 2024-06-01
    event: Released
    status: released
ask:
  - release Test Person immediately and unconditionally
targets:
  - title: Prosecutor General
    name: Ola Nordmann
    address:
      - Postboks 1
      - 0101 OSLO
    country: NORWAY
    salutation: Dear Prosecutor General
    languages: [no, en]
solidarity:
  recipient: Test Person
  greetings:
    - lang: no
      text: Vi tenker på deg!
      english: We are thinking of you!
sources:
  - title: A source
    url: https://example.org/
last_verified: 2026-11-01
"""


def write(tmp_path: Path, text: str, name: str = "test-case", *, raw: bytes | None = None) -> Path:
    path = tmp_path / f"{name}.yaml"
    if raw is not None:
        path.write_bytes(raw)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def good(name: str = "test-case") -> str:
    return GOOD.format(id=name)


def problems(path: Path) -> list[str]:
    with pytest.raises(CaseFileError) as info:
        load_case_file(path)
    assert info.value.problems, "a CaseFileError must list at least one problem"
    return info.value.problems


def line_of(text: str, needle: str, nth: int = 1) -> int:
    """1-based number of the line holding the nth occurrence of ``needle``."""
    seen = 0
    for number, line in enumerate(text.splitlines(), start=1):
        if needle in line:
            seen += 1
            if seen == nth:
                return number
    raise AssertionError(f"{needle!r} not in text")


def col_of(text: str, needle: str, nth: int = 1) -> int:
    """1-based column where ``needle`` starts on its line."""
    line = text.splitlines()[line_of(text, needle, nth) - 1]
    return line.index(needle) + 1


def only(problem_list: list[str]) -> str:
    assert len(problem_list) == 1, problem_list
    return problem_list[0]


# The good file ----------------------------------------------------------------


def test_good_file_loads(tmp_path):
    case = load_case_file(write(tmp_path, good()))
    assert case.id == "test-case"
    assert case.status is Status.released
    assert case.closed
    assert case.timeline[0].date == dt.date(2024, 1, 15)
    assert case.last_verified == dt.date(2026, 11, 1)
    assert case.story == "A short story\nover two lines."
    assert case.targets[0].verified is True


def test_utf8_bom_is_accepted(tmp_path):
    path = write(tmp_path, "", raw=b"\xef\xbb\xbf" + good().encode("utf-8"))
    assert load_case_file(path).id == "test-case"


# Values stay as typed ------------------------------------------------------------


def test_country_no_stays_text(tmp_path):
    text = good().replace("country: Norway", "country: NO").replace("country: NORWAY", "country: NO")
    case = load_case_file(write(tmp_path, text))
    assert case.country == "NO"
    assert case.targets[0].country == "NO"


def test_language_code_no_stays_text(tmp_path):
    case = load_case_file(write(tmp_path, good()))
    assert case.targets[0].languages == ["no", "en"]
    assert case.solidarity.greetings[0].lang == "no"


def test_times_and_leading_zeros_stay_text(tmp_path):
    text = good().replace("      - Postboks 1\n", "      - 0123\n      - 12:30\n")
    case = load_case_file(write(tmp_path, text))
    assert case.targets[0].address == ["0123", "12:30", "0101 OSLO"]


def test_yes_on_and_tilde_stay_text(tmp_path):
    text = good().replace("name: Ola Nordmann", "name: yes").replace("title: A source", "title: ~")
    case = load_case_file(write(tmp_path, text))
    assert case.targets[0].name == "yes"
    assert case.sources[0].title == "~"


def test_parser_keeps_every_plain_scalar_as_text():
    data = parse_yaml_text("a: NO\nb: 0123\nc: 12:30\nd: 2024-08-01\ne: ~\nf: 1e3\ng: on\n").data
    assert data == {"a": "NO", "b": "0123", "c": "12:30", "d": "2024-08-01", "e": "~", "f": "1e3", "g": "on"}


def test_yes_no_are_read_as_booleans_where_a_boolean_is_expected(tmp_path):
    text = good().replace("    languages: [no, en]\n", "    languages: [no, en]\n    verified: no\n")
    case = load_case_file(write(tmp_path, text))
    assert case.targets[0].verified is False


# Schema problems -------------------------------------------------------------------


def test_unknown_top_level_key(tmp_path):
    text = good().replace("summary:", "salutaton: Dear Sir\nsummary:")
    path = write(tmp_path, text)
    msg = only(problems(path))
    assert msg.startswith(f"{path}:{line_of(text, 'salutaton')}:1: ")
    assert "salutaton" in msg
    assert "unknown key" in msg and "check the spelling" in msg


def test_unknown_nested_key_points_at_the_key(tmp_path):
    text = good().replace("    salutation: Dear Prosecutor General\n", "    salutaton: Dear Prosecutor General\n")
    path = write(tmp_path, text)
    msgs = problems(path)
    unknown = [m for m in msgs if "salutaton" in m]
    missing = [m for m in msgs if "targets[0].salutation" in m]
    assert len(unknown) == 1 and len(missing) == 1, msgs
    assert unknown[0].startswith(f"{path}:{line_of(text, 'salutaton')}:5: targets[0].salutaton: ")
    assert "unknown key" in unknown[0]
    # A missing key has no place of its own: the message points at the mapping that lacks it.
    assert missing[0].startswith(f"{path}:{line_of(text, '- title: Prosecutor General')}:5: ")
    assert "required field is missing" in missing[0]


def test_missing_required_top_level_field(tmp_path):
    text = good().replace("summary: A short summary.\n", "")
    path = write(tmp_path, text)
    msg = only(problems(path))
    assert msg.startswith(f"{path}:2:1: summary: ")  # line 1 is a comment; the mapping starts on line 2
    assert "required field is missing" in msg


def test_every_problem_is_reported_at_once(tmp_path):
    text = good().replace("summary: A short summary.\n", "").replace("story: |-", "stroy: |-")
    path = write(tmp_path, text)
    msgs = problems(path)
    assert any("summary: required field is missing" in m for m in msgs)
    assert any("story: required field is missing" in m for m in msgs)
    assert any("stroy: unknown key" in m for m in msgs)
    assert all(m.startswith(f"{path}:") for m in msgs)


def test_wrong_type_in_a_list_of_numbers(tmp_path):
    text = good().replace("campaign_years: [2024]", "campaign_years: [abc]")
    path = write(tmp_path, text)
    msg = only(problems(path))
    assert msg.startswith(f"{path}:{line_of(text, 'campaign_years')}:{col_of(text, 'abc')}: campaign_years[0]: ")
    assert "expected a four-digit year" in msg and "'abc'" in msg


def test_year_out_of_range(tmp_path):
    text = good().replace("campaign_years: [2024]", "campaign_years: [1999]")
    msg = only(problems(write(tmp_path, text)))
    assert "campaign_years" in msg and "not a Write for Rights year" in msg


def test_list_expected_but_text_given(tmp_path):
    text = good().replace("  - release Test Person immediately and unconditionally\n", "").replace(
        "ask:\n", "ask: release Test Person\n"
    )
    path = write(tmp_path, text)
    msg = only(problems(path))
    assert msg.startswith(f"{path}:{line_of(text, 'ask:')}:1: ask: ")
    assert "expected a list" in msg


def test_bad_date(tmp_path):
    text = good().replace("last_verified: 2026-11-01", "last_verified: 1/11/2026")
    path = write(tmp_path, text)
    msg = only(problems(path))
    assert msg.startswith(f"{path}:{line_of(text, 'last_verified')}:1: last_verified: ")
    assert "YYYY-MM-DD" in msg and "1/11/2026" in msg


def test_impossible_date(tmp_path):
    text = good().replace("date: 2024-06-01", "date: 2024-02-30")
    path = write(tmp_path, text)
    msg = only(problems(path))
    assert msg.startswith(f"{path}:{line_of(text, '2024-02-30')}:")
    assert "timeline[1].date" in msg and "YYYY-MM-DD" in msg


def test_unknown_status(tmp_path):
    text = good().replace("status: released", "status: jailed")
    path = write(tmp_path, text)
    msg = only(problems(path))
    assert msg.startswith(f"{path}:{line_of(text, 'status: jailed')}:5: timeline[1].status: ")
    assert "'jailed' is not allowed" in msg and "imprisoned" in msg
    # The choices come from the error's data (its expected values), not from pydantic's sentence.
    from w4r.cases.schema import Status

    choices = msg.split("'jailed' is not allowed; use ", 1)[1]
    assert all(f"'{s.value}'" in choices for s in Status) and "Input should" not in msg


def test_timeline_out_of_order(tmp_path):
    text = good().replace("date: 2024-06-01", "date: 2023-06-01")
    msg = only(problems(write(tmp_path, text)))
    assert "date order" in msg
    assert "Value error" not in msg, "the schema's own words, without pydantic's prefix"


def test_bad_language_code(tmp_path):
    text = good().replace("languages: [no, en]", "languages: [Norwegian, en]")
    path = write(tmp_path, text)
    msg = only(problems(path))
    # The schema checks the list as a whole, so the message points at its key.
    assert msg.startswith(f"{path}:{line_of(text, 'Norwegian')}:5: targets[0].languages: ")
    assert "'Norwegian' is not a language code" in msg


def test_bad_boolean(tmp_path):
    text = good().replace("    languages: [no, en]\n", "    languages: [no, en]\n    verified: maybe\n")
    msg = only(problems(write(tmp_path, text)))
    assert "targets[0].verified" in msg and "expected yes or no" in msg


def test_id_must_match_file_name(tmp_path):
    path = write(tmp_path, good("other-name"), name="test-case")
    msg = only(problems(path))
    assert msg.startswith(f"{path}:{line_of(good('other-name'), 'id:')}:1: ")
    assert "must match the file name" in msg and "'test-case'" in msg


def test_file_must_be_a_mapping(tmp_path):
    path = write(tmp_path, "- id: test-case\n- name: Test\n")
    msg = only(problems(path))
    assert msg.startswith(f"{path}:1:1: ")
    assert "must be a mapping" in msg


# YAML problems ----------------------------------------------------------------------


def test_duplicate_key(tmp_path):
    text = good().replace("summary: A short summary.\n", "summary: A short summary.\nsummary: Another one.\n")
    path = write(tmp_path, text)
    msg = only(problems(path))
    assert msg.startswith(f"{path}:{line_of(text, 'summary:', nth=2)}:1: ")
    assert "duplicate key 'summary'" in msg and "keep only one" in msg


def test_duplicate_nested_key(tmp_path):
    text = good().replace("    name: Ola Nordmann\n", "    name: Ola Nordmann\n    name: Kari Nordmann\n")
    path = write(tmp_path, text)
    msg = only(problems(path))
    assert msg.startswith(f"{path}:{line_of(text, 'Kari Nordmann')}:5: ")
    assert "duplicate key 'name'" in msg


def test_yaml_syntax_error(tmp_path):
    text = good().replace("summary: A short summary.", "summary: A short: summary.")
    path = write(tmp_path, text)
    msg = only(problems(path))
    assert msg.startswith(f"{path}:{line_of(text, 'A short: summary')}:{col_of(text, ': summary.')}: ")
    assert "YAML syntax error" in msg and "mapping values are not allowed" in msg


def test_tab_indentation(tmp_path):
    text = good().replace("  - release Test Person", "\t- release Test Person")
    path = write(tmp_path, text)
    msg = only(problems(path))
    assert msg.startswith(f"{path}:{line_of(text, 'release Test Person')}:1: ")
    assert "YAML syntax error" in msg and "'\\t'" in msg


def test_unclosed_quote(tmp_path):
    text = good().replace("summary: A short summary.", 'summary: "A short summary.')
    path = write(tmp_path, text)
    msg = only(problems(path))
    assert re.match(rf"{re.escape(str(path))}:\d+:\d+: YAML syntax error", msg), msg


def test_anchor_is_refused(tmp_path):
    text = good().replace("name: Test Person", "name: &who Test Person")
    path = write(tmp_path, text)
    msg = only(problems(path))
    assert msg.startswith(f"{path}:{line_of(text, '&who')}:{col_of(text, '&who')}: ")
    assert "anchors and aliases" in msg and "write the value out" in msg


def test_alias_is_refused(tmp_path):
    text = good().replace("recipient: Test Person", "recipient: *who").replace("name: Test Person", "name: &who Test Person")
    path = write(tmp_path, text)
    msg = only(problems(path))
    # The anchor comes first in the file, so that is what is reported.
    assert msg.startswith(f"{path}:{line_of(text, '&who')}:{col_of(text, '&who')}: ")
    assert "anchors and aliases" in msg


def test_lone_alias_is_refused(tmp_path):
    text = good().replace("recipient: Test Person", "recipient: *who")
    path = write(tmp_path, text)
    msg = only(problems(path))
    assert msg.startswith(f"{path}:{line_of(text, '*who')}:{col_of(text, '*who')}: ")
    assert "anchors and aliases" in msg


def test_merge_key_is_refused(tmp_path):
    text = good().replace("    name: Ola Nordmann\n", "    <<: {name: Ola Nordmann}\n")
    path = write(tmp_path, text)
    msg = only(problems(path))
    assert msg.startswith(f"{path}:{line_of(text, '<<:')}:5: ")
    assert "merge keys" in msg


def test_python_object_tag_is_refused(tmp_path):
    text = good().replace("name: Test Person", "name: !!python/object/apply:os.system [echo hi]")
    path = write(tmp_path, text)
    msg = only(problems(path))
    assert msg.startswith(f"{path}:{line_of(text, '!!python')}:{col_of(text, '!!python')}: ")
    assert "explicit tag" in msg and "python/object" in msg and "remove it" in msg


def test_standard_tag_is_refused_too(tmp_path):
    text = good().replace("campaign_years: [2024]", "campaign_years: [!!int 2024]")
    path = write(tmp_path, text)
    msg = only(problems(path))
    assert msg.startswith(f"{path}:{line_of(text, '!!int')}:{col_of(text, '!!int')}: ")
    assert "explicit tag" in msg


def test_multi_document_file(tmp_path):
    text = good() + "---\n" + good()
    path = write(tmp_path, text)
    msg = only(problems(path))
    # The second document starts at its first key (the comment line after --- is skipped).
    assert msg.startswith(f"{path}:{line_of(text, 'id: test-case', nth=2)}:1: ")
    assert "more than one YAML document" in msg and "one case in each file" in msg


def test_empty_file(tmp_path):
    path = write(tmp_path, "")
    msg = only(problems(path))
    assert msg.startswith(f"{path}:1:1: ")
    assert "the file is empty" in msg


def test_comments_only_file_counts_as_empty(tmp_path):
    path = write(tmp_path, "# nothing here yet\n\n")
    assert "the file is empty" in only(problems(path))


def test_utf16_file(tmp_path):
    path = write(tmp_path, "", raw=good().encode("utf-16"))
    msg = only(problems(path))
    assert msg.startswith(f"{path}:1:1: ")
    assert "UTF-16" in msg and "save it as UTF-8" in msg


def test_invalid_utf8(tmp_path):
    text = good()
    raw = text.encode("utf-8").replace(b"name: Test Person", b"name: Caf\xe9 Person")
    path = write(tmp_path, "", raw=raw)
    msg = only(problems(path))
    assert msg.startswith(f"{path}:{line_of(text, 'name: Test Person')}:{col_of(text, 'Test Person') + 3}: ")
    assert "not valid UTF-8" in msg and "save it as UTF-8" in msg


def test_nul_bytes(tmp_path):
    path = write(tmp_path, "", raw=b"id: test-case\n\x00\x00")
    assert "NUL bytes" in only(problems(path))


def test_missing_file(tmp_path):
    msg = only(problems(tmp_path / "nope.yaml"))
    assert "nope.yaml" in msg and "does not exist" in msg


def test_folder_instead_of_file(tmp_path):
    folder = tmp_path / "folder.yaml"
    folder.mkdir()
    assert "is a folder" in only(problems(folder))


# w4r validate ---------------------------------------------------------------------


def run_w4r(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "w4r", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )


def test_validate_reports_one_line_per_problem_and_exits_2(tmp_path):
    bad = good().replace("summary: A short summary.\n", "").replace("campaign_years: [2024]", "campaign_years: [abc]")
    path = write(tmp_path, bad)
    dup = write(tmp_path, good("dup") + "id: dup\n", name="dup")
    ok = write(tmp_path, good("fine"), name="fine")
    result = run_w4r("validate", str(path), str(dup), str(ok))
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    errors = [line for line in lines if line.startswith("w4r: error: ")]
    assert len(errors) == 3, lines
    assert any(f"{path}:" in e and "summary: required field is missing" in e for e in errors)
    assert any(f"{path}:{line_of(bad, 'campaign_years')}:" in e and "expected a four-digit year" in e for e in errors)
    assert any(f"{dup}:" in e and "duplicate key 'id'" in e for e in errors)
    assert lines[-1] == "3 problem(s) in 3 file(s)"
    assert len(lines) == 4


def test_validate_a_folder(tmp_path):
    write(tmp_path, good("one"), name="one")
    write(tmp_path, "id: [two\n", name="two")
    result = run_w4r("validate", str(tmp_path))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert f"{tmp_path / 'two.yaml'}:" in result.stderr and "YAML syntax error" in result.stderr
    assert "1 problem(s) in 2 file(s)" in result.stderr


def test_validate_good_files_exits_0(tmp_path):
    result = run_w4r("validate", str(write(tmp_path, good())))
    assert result.returncode == 0, result.stderr
    assert "1 case file(s) OK" in result.stdout


def test_validate_missing_path_exits_3(tmp_path):
    result = run_w4r("validate", str(tmp_path / "missing.yaml"))
    assert result.returncode == 3
    assert "does not exist" in result.stderr
    assert "Traceback" not in result.stderr


# The documentation ------------------------------------------------------------------

DOC = Path(__file__).resolve().parents[2] / "docs" / "case-format.md"


def test_annotated_example_in_the_docs_is_valid(tmp_path):
    text = DOC.read_text(encoding="utf-8")
    blocks = re.findall(r"```yaml\n(.*?)```", text, flags=re.S)
    assert blocks, "docs/case-format.md has an annotated yaml example"
    example = blocks[-1]
    case = load_case_file(write(tmp_path, example, name="example-case"))
    assert case.status is Status.imprisoned
    assert case.targets[0].languages == ["no", "en"]
    assert case.solidarity.address[1] == "12:30 Street"
    assert case.targets[0].verified is False


def test_docs_list_every_status_and_key():
    from w4r.cases.schema import CardRules, Greeting, Solidarity, Source, Target, TimelineEvent
    from w4r.cases.schema import Case as CaseModel

    text = DOC.read_text(encoding="utf-8")
    for status in Status:
        assert f"`{status.value}`" in text, status.value
    for model in (CaseModel, TimelineEvent, Target, Solidarity, Greeting, CardRules, Source):
        for key in model.model_fields:
            assert f"`{key}`" in text, f"{model.__name__}.{key} is not documented"


# Values that would silently change ----------------------------------------------


@pytest.mark.parametrize("bad", ["0", "86400", "2024-06-14T00:00:00", "14/06/2024"])
def test_dates_must_be_written_yyyy_mm_dd(tmp_path, bad):
    text = good().replace("last_verified: 2026-11-01", f"last_verified: {bad}")
    path = write(tmp_path, text)
    msg = only(problems(path))
    assert f"{path}:{line_of(text, 'last_verified')}:" in msg
    assert "YYYY-MM-DD" in msg


@pytest.mark.parametrize("bad", ["2024.0", "+2024", "2_024"])
def test_years_must_be_four_digits(tmp_path, bad):
    text = re.sub(r"campaign_years: \[[^\]]*\]", f"campaign_years: [{bad}]", good())
    msg = only(problems(write(tmp_path, text)))
    assert "four-digit year" in msg


def test_hash_glued_to_a_value_is_not_silently_dropped(tmp_path):
    text = good().replace("last_verified: 2026-11-01", "last_verified: 2026-11-01\nunverified: [x]\n").replace(
        "unverified: [x]", "unverified:\n  - Suite #408 is on the fourth floor"
    )
    path = write(tmp_path, text)
    msg = only(problems(path))
    assert f"{path}:{line_of(text, 'Suite #408')}:" in msg
    assert "'#408" in msg and "quotes" in msg


def test_ordinary_trailing_comments_are_fine(tmp_path):
    text = good().replace("last_verified: 2026-11-01", "last_verified: 2026-11-01   # checked against the seeds")
    assert load_case_file(write(tmp_path, text)).last_verified == dt.date(2026, 11, 1)
