"""`w4r envelope` through the real command line: names, sizes, counts, errors."""

from __future__ import annotations

import pytest

from tests.conftest import INCH, MM, assert_clean_failure, page_size, page_text

SENDER = ["--from", "Ann Example", "--address", "12 High Street|Leeds LS1 1AA|UNITED KINGDOM"]


def one_error_line(res, code: int, *phrases: str) -> None:
    assert_clean_failure(res, code, *phrases)
    assert len(res.stderr.strip().splitlines()) == 1, res.stderr  # and no warning before it


def test_authorities_envelope_default_name_and_size(w4r, tmp_path):
    res = w4r("envelope", "rita", "--force", *SENDER, cwd=tmp_path)  # closed in 2025: made for the record
    assert res.returncode == 0, res.stderr
    pdf = (tmp_path / "rita-envelope-authorities.pdf").read_bytes()
    assert page_size(pdf) == pytest.approx((220 * MM, 110 * MM), abs=0.5)  # DL for the A4 world
    text = page_text(pdf)
    assert text.index("Kanat Jumaliyevich Nasipov") < text.index("BISHKEK 720033") < text.index("KYRGYZSTAN")
    assert "wrote rita-envelope-authorities.pdf" in res.stderr


def test_target_and_paper_letter(w4r, tmp_path):
    out = tmp_path / "e.pdf"
    res = w4r("envelope", "rita", "--force", "--target", "2", "--paper", "letter", "-o", str(out))
    assert res.returncode == 0, res.stderr
    pdf = out.read_bytes()
    assert page_size(pdf) == pytest.approx((9.5 * INCH, 4.125 * INCH), abs=0.5)  # #10
    assert "Prosecutor General of the Kyrgyz Republic" in page_text(pdf)
    assert "From:" in page_text(pdf)  # no sender given: a place to write one


def test_individual_envelope_with_count_and_care_of(w4r, tmp_path):
    res = w4r("envelope", "dorgelesse", "--to", "individual", "--cards", "25", "--size", "c5", *SENDER, cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    pdf = (tmp_path / "dorgelesse-envelope-individual.pdf").read_bytes()
    assert page_size(pdf) == pytest.approx((229 * MM, 162 * MM), abs=0.5)
    text = page_text(pdf)
    assert "c/o Amnesty International West and Central Africa Regional Office" in text
    assert "Enclosed: 25 cards" in text
    assert text.rstrip().endswith("SENEGAL")
    # Dorgelesse's card rules: first name only, so the envelope carries no return address, and says why.
    assert "Leeds" not in text
    assert "note: no return address" in res.stderr


@pytest.mark.parametrize("size, dims", [("c6", (162 * MM, 114 * MM)), ("us10", (9.5 * INCH, 4.125 * INCH))])
def test_sizes_for_cards(w4r, tmp_path, size, dims):
    out = tmp_path / "e.pdf"
    res = w4r("envelope", "chow-hang-tung", "--to", "individual", "--size", size, "-o", str(out))
    assert res.returncode == 0, res.stderr
    pdf = out.read_bytes()
    assert page_size(pdf) == pytest.approx(dims, abs=0.5)
    lines = [ln.strip() for ln in page_text(pdf).splitlines() if ln.strip()]
    assert lines[-3:] == ["Ma On Shan Post Office", "NEW TERRITORIES", "HONG KONG, CHINA"]


def test_no_solidarity_address_fails_and_says_what_to_do(w4r, tmp_path):
    res = w4r("envelope", "magai", "--to", "individual", cwd=tmp_path)
    one_error_line(res, 2, "case magai has no postal address for solidarity cards", "send the cards through your Amnesty section")
    assert not list(tmp_path.iterdir())


@pytest.mark.parametrize(
    "args, phrases",
    [
        (["luis-manuel", "--size", "b4"], ["--size 'b4' is not an envelope size", "dl, c5, c6, us10"]),
        (["luis-manuel", "--cards", "3"], ["--cards is for envelopes of cards"]),
        (["dorgelesse", "--to", "individual", "--cards", "0"], ["--cards 0"]),
        (["dorgelesse", "--to", "individual", "--target", "2"], ["--target is for envelopes to the authorities"]),
        (["luis-manuel", "--target", "5"], ["has 1 target(s)", "choose --target 1"]),
    ],
)
def test_option_errors(w4r, tmp_path, args, phrases):
    one_error_line(w4r("envelope", *args, cwd=tmp_path), 2, *phrases)


def test_standard_output_and_no_overwrite(w4r, tmp_path):
    res = w4r("envelope", "luis-manuel", "-o", "-")
    assert res.returncode == 0 and res.stdout_bytes.startswith(b"%PDF")
    out = tmp_path / "e.pdf"
    out.write_bytes(b"precious")
    one_error_line(w4r("envelope", "luis-manuel", "-o", str(out)), 4, "already exists", "--force")
    assert out.read_bytes() == b"precious"
    assert w4r("envelope", "luis-manuel", "-o", str(out), "--force").returncode == 0


def test_closed_case_envelope_is_refused_unless_for_the_record(w4r, tmp_path):
    out = tmp_path / "e.pdf"
    res = w4r("envelope", "sasha", "-o", str(out))
    assert_clean_failure(res, 5, "freed on 1 August 2024")
    assert not out.exists()
    res = w4r("envelope", "sasha", "--force", "-o", str(out))
    assert res.returncode == 0, res.stderr
    assert "w4r: warning: " in res.stderr and "freed on 2024-08-01" in res.stderr


def test_strict_stops_on_an_unverified_address(w4r, tmp_path):
    out = tmp_path / "e.pdf"
    res = w4r("envelope", "rita", "--force", "--strict", "-o", str(out))  # Rita's first target is marked unverified
    assert_clean_failure(res, 1, "is not verified", "--strict")
    assert not out.exists()
