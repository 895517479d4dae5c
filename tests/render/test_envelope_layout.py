"""Envelopes for every shipped case and every size, read back: page = envelope, UPU order, zones, edges."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pytest

from tests.conftest import INCH, MM, ink_boxes, page_count, page_size, page_text, text_runs, word_boxes
from w4r.typeset.fonts import book
from w4r.cases import CaseLibrary
from w4r.compose.envelope import authorities_envelope, destination, individual_envelope, upu_lines
from w4r.compose.sender import make_sender
from w4r.errors import InputError
from w4r.render.envelope import fit_recipient, render_envelope
from w4r.render import geometry as g

CASES = sorted(p.stem for p in (Path(__file__).resolve().parents[2] / "cases").glob("*.yaml"))
# ISO 269 DL, C5, C6 and the US #10, landscape as they go through an envelope feed.
SIZES = {"dl": (220 * MM, 110 * MM), "c5": (229 * MM, 162 * MM), "c6": (162 * MM, 114 * MM), "us10": (9.5 * INCH, 4.125 * INCH)}
SENDER = make_sender("Ann Example", "12 High Street|Leeds LS1 1AA|UNITED KINGDOM")
STAMP_ZONE = (74 * MM, 38 * MM)  # Swiss Post franking zone, top right
EDGE = 5 * MM


def with_address(case_id: str) -> bool:
    c = CaseLibrary.open().get(case_id)
    return bool(c.solidarity and c.solidarity.address)


@lru_cache(maxsize=None)
def made(case_id: str, to: str, size: str):
    case = CaseLibrary.open().get(case_id)
    if to == "authorities":
        env = authorities_envelope(case, target_number=1, sender=SENDER, for_the_record=True)  # closed cases too
    else:
        env = individual_envelope(case, sender=SENDER, count=7)
    return case, env, render_envelope(env, size, fb=book())


PARAMS = [(c, "authorities", s) for c in CASES for s in SIZES] + [(c, "individual", s) for c in CASES if with_address(c) for s in SIZES]


def recipient_runs(pdf: bytes, size: str):
    """Text in the lower right: right of the return-address column and below the stamp zone."""
    w, _ = SIZES[size]
    runs = [r for r in text_runs(pdf) if r.x > w * 0.3 and r.top - r.size > STAMP_ZONE[1]]
    return sorted(runs, key=lambda r: (round(r.top, 1), r.x))


def test_every_shipped_case_with_a_solidarity_address_is_covered():
    assert any(to == "individual" for _, to, _ in PARAMS), "at least one case has a solidarity postal address"


@pytest.mark.parametrize("case_id, to, size", PARAMS)
def test_page_is_the_envelope(case_id, to, size):
    _, _, pdf = made(case_id, to, size)
    assert page_count(pdf) == 1
    assert page_size(pdf) == pytest.approx(SIZES[size], abs=0.5)


@pytest.mark.parametrize("case_id, to, size", PARAMS)
def test_recipient_block_in_upu_order_country_last_in_capitals(case_id, to, size):
    case, env, pdf = made(case_id, to, size)
    w, h = SIZES[size]
    runs = recipient_runs(pdf, size)
    printed = " ".join(r.text.strip() for r in runs)
    assert printed == " ".join(env.recipient), (printed, env.recipient)
    given = (case.target(1).address, case.target(1).country) if to == "authorities" else (case.solidarity.address, case.solidarity.country or case.country)
    country = destination(*given)[1]
    assert runs[-1].text.strip() == country
    assert env.recipient[-1] == country and country.isupper()
    if to == "individual":
        assert runs[0].text.strip() == case.solidarity.recipient
        if case.solidarity.care_of:
            assert env.recipient[1] == f"c/o {case.solidarity.care_of}"
    # The town line (last before the country) has its town in capitals.
    assert any(word.isupper() and len(word) > 1 for word in env.recipient[-2].replace(",", " ").split())
    left = min(r.x for r in runs)
    for r in runs:
        assert r.x == pytest.approx(left, abs=0.01), "every line starts at the same left edge"
        assert r.top <= h - g.ENVELOPE_BOTTOM_CLEAR, "clear of the barcode band at the bottom"
        assert r.size >= 8
    assert left >= w * 0.35


@pytest.mark.parametrize("case_id, to, size", PARAMS)
def test_recipient_lines_end_inside_the_address_area_in_at_most_six_lines(case_id, to, size):
    _, env, pdf = made(case_id, to, size)
    w, h = SIZES[size]
    runs = recipient_runs(pdf, size)
    assert len({round(r.top, 1) for r in runs}) <= 6, [r.text for r in runs]  # UPU: up to six lines
    assert min(r.size for r in runs) >= 8
    box = g.ENVELOPES[size].recipient_box
    # Line ends as poppler measures them from the PDF's own widths, not with w4r's width code.
    words = [wb for wb in word_boxes(pdf) if wb.x0 > w * 0.3 and wb.top > STAMP_ZONE[1]]
    assert words
    for wb in words:
        assert wb.x1 <= box.right and wb.x1 <= w - 10 * MM, (wb, wb.x1 / MM)
        assert wb.bottom <= h - g.ENVELOPE_BOTTOM_CLEAR, wb


def test_germain_on_c6_keeps_six_lines():
    _, env, pdf = made("germain", "authorities", "c6")
    runs = recipient_runs(pdf, "c6")
    assert [r.text.strip() for r in runs] == list(env.recipient)


def test_a_wrapped_line_breaks_before_its_link_word():
    lines = ("Gaudence Sindayigaya", "Ambassador of the Republic of Burundi to the United States", "WASHINGTON", "UNITED STATES")
    size, printed = fit_recipient(lines, g.ENVELOPES["c6"].recipient_box, fb=book())
    assert printed[1:3] == ["Ambassador of the Republic of Burundi", "to the United States"] and size >= 10


@pytest.mark.parametrize("case_id, to, size", PARAMS)
def test_return_address_airmail_and_stamp_box(case_id, to, size):
    case, env, pdf = made(case_id, to, size)
    w, h = SIZES[size]
    runs = text_runs(pdf)
    text = page_text(pdf)
    assert "PRIORITY" in text and "PAR AVION" in text
    label = [r for r in runs if r.text.strip() in ("PRIORITY", "PAR AVION")]
    assert all(r.x < w / 2 and r.top < 60 * MM for r in label)
    if to == "authorities":
        (name,) = [r for r in runs if r.text.strip() == "Ann Example"]
        assert name.x == pytest.approx(10 * MM, abs=0.5) and name.top < 20 * MM
        assert "Leeds LS1 1AA" in text
    else:
        # The case's card rules allow the first name only: no return address at all.
        assert "Ann" not in text and "Leeds" not in text
        assert "Enclosed: 7 cards" in text
    stamp = [b for b in ink_boxes(pdf) if b[0] >= w - STAMP_ZONE[0] and b[3] <= STAMP_ZONE[1]]
    assert stamp, "a box for the stamp in the top-right franking zone"
    # Nothing else in the franking zone.
    for r in runs:
        assert not (r.x >= w - STAMP_ZONE[0] and r.top <= STAMP_ZONE[1]) or r.text.strip() == "STAMP", r


@pytest.mark.parametrize("case_id, to, size", PARAMS)
def test_nothing_within_5mm_of_the_envelope_edge(case_id, to, size):
    _, _, pdf = made(case_id, to, size)
    w, h = SIZES[size]
    for r in text_runs(pdf):
        assert EDGE <= r.x <= w - EDGE and EDGE <= r.top - r.size and r.top <= h - EDGE, r
    for x0, t0, x1, t1 in ink_boxes(pdf):
        assert x0 >= EDGE and t0 >= EDGE and x1 <= w - EDGE and t1 <= h - EDGE


def test_upu_lines_capitalise_the_town_and_put_the_country_alone_last():
    assert upu_lines(["Jo Bloggs", None], ["1 Main St", "Springfield"], "united states") == ("Jo Bloggs", "1 Main St", "SPRINGFIELD", "UNITED STATES")
    # A town already in capitals stays as written; a country repeated in the address is not printed twice.
    assert upu_lines(["A"], ["GSP-3, 125993 MOSCOW", "Russian Federation"], "Russian Federation") == ("A", "GSP-3, 125993 MOSCOW", "RUSSIAN FEDERATION")


def test_domestic_mail_has_no_airmail_label():
    case = CaseLibrary.open().get("sawyeddollah")  # the target is in the USA
    us = make_sender("Ann Example", "1 Elm St|Springfield IL 62701|UNITED STATES OF AMERICA")
    env = authorities_envelope(case, target_number=1, sender=us, for_the_record=True)
    assert not env.airmail
    assert "PAR AVION" not in page_text(render_envelope(env, "us10", fb=book()))


def test_a_long_care_of_line_is_wrapped_rather_than_shrunk_below_10pt():
    lines = ("Dorgelesse Nguessan", "c/o Amnesty International West and Central Africa Regional Office", "DAKAR", "SENEGAL")
    size, printed = fit_recipient(lines, g.ENVELOPES["c6"].recipient_box, fb=book())
    assert size >= 10 and len(printed) == 5 and printed[-1] == "SENEGAL"
    assert " ".join(printed[1:3]) == lines[1]


def test_an_address_that_cannot_fit_is_an_error():
    with pytest.raises(InputError, match="choose a larger envelope size") as info:
        fit_recipient(tuple(f"Line {i} of a very long address" for i in range(14)), g.ENVELOPES["c6"].recipient_box, fb=book())
    # Data for a front end; the command line names its option.
    from w4r.cli.words import error_words

    assert (info.value.code, info.value.hint) == ("address-does-not-fit", "larger_size")
    assert error_words(info.value).endswith("; choose a larger --size")


def test_no_solidarity_address_is_a_clear_error():
    case = CaseLibrary.open().get("magai")
    with pytest.raises(InputError, match="has no postal address for solidarity cards .*through your Amnesty section"):
        individual_envelope(case, sender=SENDER)


@pytest.mark.parametrize(
    "identity, expected, noted",
    [
        ("first-name", (), True),
        ("full-name", ("Ann Example",), True),
        ("full-name-and-town", ("Ann Example", "Leeds LS1 1AA"), False),
    ],
)
def test_individual_return_address_follows_the_card_rules(identity, expected, noted):
    from w4r.cases.schema import CardRules

    case = CaseLibrary.open().get("chow-hang-tung")
    sol = case.solidarity.model_copy(update={"rules": CardRules(sender_identity=identity)})
    env = individual_envelope(case.model_copy(update={"solidarity": sol}), sender=SENDER)
    assert env.sender == expected
    assert (env.sender_note is not None) == noted
    text = page_text(render_envelope(env, "dl", fb=book()))
    assert all(line in text for line in expected)
    assert "12 High Street" not in text


def test_more_than_six_lines_join_the_upper_street_lines_not_the_town_or_country():
    lines = upu_lines(["Dorgelesse Nguessan", "c/o Regional Office"], ["Pointe E, Rue 34", "Immeuble Malaado Plazza, 6th floor", "B.P. 47582 Liberté", "DAKAR"], "Senegal")
    assert lines == ("Dorgelesse Nguessan", "c/o Regional Office", "Pointe E, Rue 34, Immeuble Malaado Plazza, 6th floor", "B.P. 47582 Liberté", "DAKAR", "SENEGAL")


def test_a_territory_and_its_state_stay_together_on_the_last_line():
    from w4r.compose.letter import recipient_lines

    case = CaseLibrary.open().get("chow-hang-tung")
    blocks = [recipient_lines(case.target(1)), made("chow-hang-tung", "authorities", "dl")[1].recipient, made("chow-hang-tung", "individual", "dl")[1].recipient]
    for lines in blocks:
        assert lines[-1] == "HONG KONG, CHINA", lines
        assert not any(ln.upper().endswith("HONG KONG") or ln == "CHINA" for ln in lines[:-1]), lines
    assert upu_lines(["A"], ["1 Rua", "MACAO"], "China")[-1] == "MACAO, CHINA"
    assert upu_lines(["A"], ["1 Main St", "SPRINGFIELD"], "China")[-1] == "CHINA"
