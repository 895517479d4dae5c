"""One parser for typed dates: the Python API and the command line read them alike."""

import datetime as dt

import pytest

from tests.conftest import run_w4r
from w4r.dates import parse_date
from w4r.errors import InputError


def test_a_date_is_read_kept_or_left_out():
    assert parse_date("2026-12-01") == dt.date(2026, 12, 1)
    assert parse_date(dt.date(2026, 12, 1)) == dt.date(2026, 12, 1)
    assert parse_date(None) is None


def test_a_wrong_date_is_an_input_error_with_data_and_the_callers_name():
    with pytest.raises(InputError) as exc:
        parse_date("1 December", name="--date")
    assert exc.value.code == "bad-date" and exc.value.field == "date"
    assert str(exc.value).startswith("--date '1 December' is not a date; write it as YYYY-MM-DD")


def test_the_api_and_the_cli_use_it():
    import w4r

    with pytest.raises(InputError, match=r"^date '2026-13-01' is not a date"):
        w4r.render_letter("rita", date="2026-13-01")
    res = run_w4r("letter", "rita", "--date", "2026-13-01", "-o", "-")
    assert res.returncode == 2
    assert "--date '2026-13-01' is not a date" in res.stderr
