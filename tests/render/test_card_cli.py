"""`w4r letter CASE --to individual` through the real command line: files, formats, rules, errors."""

from __future__ import annotations

import re

import pytest
from pypdf import PdfReader

from tests.conftest import INCH, MM, page_size, page_text
from tests.conftest import assert_clean_failure as one_error_line
from w4r.typeset.fonts import book
from w4r.cases import CaseLibrary
from w4r.compose.card import compose_card
from w4r.compose.sender import make_sender
from w4r.render.card import render_card
from w4r.render.designs import DESIGNS

SENDER = ["--from", "Ann Example", "--address", "12 High Street|Leeds LS1 1AA|UNITED KINGDOM"]




def test_default_card_name_format_and_print_hint(w4r, tmp_path):
    res = w4r("letter", "chow-hang-tung", "--to", "individual", *SENDER, cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    pdf = (tmp_path / "chow-hang-tung-card.pdf").read_bytes()
    assert page_size(pdf) == pytest.approx((297 * MM, 210 * MM), abs=0.5)
    assert "wrote chow-hang-tung-card.pdf" in res.stderr
    assert "flip on short edge" in res.stderr
    assert "w4r: warning" not in res.stderr  # an open case, an empty message: nothing to warn about
    assert "Thinking of you" in page_text(pdf, 0)


def test_paper_letter_defaults_to_half_letter(w4r, tmp_path):
    out = tmp_path / "c.pdf"
    res = w4r("letter", "chow-hang-tung", "--to", "individual", "--paper", "letter", "-o", str(out))
    assert res.returncode == 0, res.stderr
    assert page_size(out.read_bytes()) == pytest.approx((11 * INCH, 8.5 * INCH), abs=0.5)


@pytest.mark.parametrize("fmt, size", [("a6-4up", (210 * MM, 297 * MM)), ("a2-4up", (8.5 * INCH, 11 * INCH))])
def test_postcard_formats(w4r, tmp_path, fmt, size):
    out = tmp_path / "c.pdf"
    res = w4r("letter", "dorgelesse", "--to", "individual", "--format", fmt, "-o", str(out))
    assert res.returncode == 0, res.stderr
    assert page_size(out.read_bytes()) == pytest.approx(size, abs=0.5)
    assert page_text(out.read_bytes(), 0).count("Dorgelesse") >= 4
    assert "flip on long edge" in res.stderr and "cut along the marks" in res.stderr


def test_closed_case_makes_a_congratulation_card_with_the_closed_warning(w4r, tmp_path):
    out = tmp_path / "c.pdf"
    res = w4r("letter", "sasha", "--to", "individual", "-o", str(out))
    assert res.returncode == 0, res.stderr
    assert "was freed on 1 August 2024 (" in res.stderr and "the card congratulates" in res.stderr
    front = page_text(out.read_bytes(), 0)
    assert "Congratulations" in front and "Thinking of you" not in front


def test_rule_hits_are_warnings_naming_the_rule(w4r, tmp_path):
    out = tmp_path / "c.pdf"
    msg = "Merry Christmas! I pray the court lets you go. С Новым годом!"
    res = w4r("letter", "chow-hang-tung", "--to", "individual", "--message", msg, "-o", str(out))
    assert res.returncode == 0, res.stderr
    warnings = [ln for ln in res.stderr.splitlines() if ln.startswith("w4r: warning: ")]
    assert any('card rule "holidays"' in w and '"Christmas"' in w for w in warnings)
    assert any('card rule "religion"' in w and '"pray"' in w for w in warnings)
    assert any('card rule "trial"' in w and '"court"' in w for w in warnings)
    # Chow Hang-tung's card rules list en and zh-Hant, not ru: the Russian greeting passes.
    assert not any("Новым" in w for w in warnings)
    assert out.exists()


def test_strict_turns_a_hit_into_exit_code_1_and_writes_nothing(w4r, tmp_path):
    out = tmp_path / "c.pdf"
    res = w4r("letter", "chow-hang-tung", "--to", "individual", "--message", "Happy New Year and Merry Christmas", "--strict", "-o", str(out))
    line = one_error_line(res, 1, 'card rule "holidays"', "--strict")
    assert "and 1 more" in line
    assert not out.exists()
    assert "w4r: warning" not in res.stderr


def test_strict_passes_a_clean_card(w4r, tmp_path):
    out = tmp_path / "c.pdf"
    res = w4r("letter", "chow-hang-tung", "--to", "individual", "--message", "We think of you and send you warm wishes.", "--strict", "-o", str(out))
    assert res.returncode == 0, res.stderr
    assert out.exists()


def test_case_terms_and_the_amnesty_rule(w4r, tmp_path):
    out = tmp_path / "c.pdf"
    res = w4r("letter", "dorgelesse", "--to", "individual", "--message", "Amnistie internationale pense à vous, loin du tribunal militaire.", "-o", str(out))
    assert res.returncode == 0
    assert 'card rule "amnesty"' in res.stderr and '"Amnistie internationale"' in res.stderr
    assert 'card rule "charges"' in res.stderr and "from the case file" in res.stderr


def test_too_long_message_fails_with_how_many_characters_fit(w4r, tmp_path):
    out = tmp_path / "c.pdf"
    msg = "We think of you. " * 400
    res = w4r("letter", "chow-hang-tung", "--to", "individual", "--format", "a6-4up", "--message", msg, "-o", str(out))
    line = one_error_line(res, 2, "does not fit the a6-4up message panel even at 9 pt", "--format a5")
    fit = int(re.search(r"at most (\d+) characters fit", line).group(1))
    assert 300 < fit < len(msg)
    assert not out.exists()


def test_message_file_and_standard_output(w4r, tmp_path):
    note = tmp_path / "note.txt"
    note.write_text("Dear Hang-tung,\nwe think of you.\n\nWarm wishes from Leeds.", encoding="utf-8")
    res = w4r("letter", "chow-hang-tung", "--to", "individual", "--message-file", str(note), "-o", "-", *SENDER)
    assert res.returncode == 0, res.stderr
    assert res.stdout_bytes.startswith(b"%PDF")
    text = page_text(res.stdout_bytes, 1)
    assert "we think of you." in text and "Warm wishes from Leeds." in text
    assert "Ann" in text and "Example" not in text  # the case allows the first name only


def test_no_sender_leaves_a_line_to_sign(w4r, tmp_path):
    out = tmp_path / "c.pdf"
    assert w4r("letter", "chow-hang-tung", "--to", "individual", "-o", str(out)).returncode == 0
    assert "your first name" in page_text(out.read_bytes(), 1)


def _fill_colours(pdf: bytes) -> set[str]:
    """Fill colours on page 1, in its own content and in the forms it places (the designs are forms)."""
    page = PdfReader(__import__("io").BytesIO(pdf)).pages[0]
    streams = [page.get_contents().get_data()]
    forms = page["/Resources"].get("/XObject", {})
    streams += [forms[name].get_object().get_data() for name in forms]
    content = b"\n".join(streams).decode("latin-1")
    return set(re.findall(r"([\d.]+ [\d.]+ [\d.]+) rg", content))


@pytest.mark.parametrize("args", [["--design", "dove-outline"], ["--design", "flowers", "--outline"]])
def test_outline_option_gives_black_lines_on_white(w4r, tmp_path, args):
    out = tmp_path / "c.pdf"
    res = w4r("letter", "chow-hang-tung", "--to", "individual", *args, "-o", str(out))
    assert res.returncode == 0, res.stderr
    assert _fill_colours(out.read_bytes()) <= {"0 0 0", "1 1 1"}


@pytest.mark.parametrize("design", list(DESIGNS))
def test_every_design_in_colour_and_as_outline(design):
    card = compose_card(CaseLibrary.open().get("chow-hang-tung"), sender=make_sender(None, None))
    assert len(_fill_colours(render_card(card, "a5", design=DESIGNS[design], fb=book())) - {"0 0 0", "1 1 1"}) >= 4
    assert _fill_colours(render_card(card, "a5", design=DESIGNS[design], outline=True, fb=book())) <= {"0 0 0", "1 1 1"}


@pytest.mark.parametrize(
    "args, code, phrases",
    [
        (["--to", "individual", "--format", "pdf"], 2, ["--format pdf does not apply to --to individual", "a5, half-letter, a6-4up, a2-4up"]),
        (["--to", "authorities", "--format", "a5"], 2, ["--format a5 does not apply to --to authorities", "choose one of pdf"]),
        (["--to", "individual", "--design", "candle"], 2, ["--design 'candle' is not a card design", "sunrise, dove, flowers"]),
        (["--to", "authorities", "--design", "dove"], 2, ["--design and --outline are for cards"]),
        (["--to", "individual", "--target", "2"], 2, ["--target and --bilingual are for letters"]),
        (["--to", "individual", "--lang", "de"], 2, ["greetings in zh-Hant, not in 'de'"]),
    ],
)
def test_option_errors(w4r, tmp_path, args, code, phrases):
    res = w4r("letter", "chow-hang-tung", *args, "-o", str(tmp_path / "x.pdf"))
    one_error_line(res, code, *phrases)
    assert not (tmp_path / "x.pdf").exists()


def test_never_overwrites_without_force(w4r, tmp_path):
    out = tmp_path / "c.pdf"
    out.write_bytes(b"precious")
    one_error_line(w4r("letter", "chow-hang-tung", "--to", "individual", "-o", str(out)), 4, "already exists", "--force")
    assert out.read_bytes() == b"precious"
    assert w4r("letter", "chow-hang-tung", "--to", "individual", "-o", str(out), "--force").returncode == 0
    assert out.read_bytes().startswith(b"%PDF")


def test_config_card_format_is_the_default(w4r, tmp_path, isolated_user):
    (isolated_user / "config.yaml").write_text("card_format: a6-4up\n", encoding="utf-8")
    out = tmp_path / "c.pdf"
    assert w4r("letter", "chow-hang-tung", "--to", "individual", "-o", str(out)).returncode == 0
    assert page_size(out.read_bytes()) == pytest.approx((210 * MM, 297 * MM), abs=0.5)
