"""Long but allowed user text stays on the paper: no text run ends within 5 mm of a sheet edge.

Names and address lines may be up to 120 characters (compose.sender); wide
letters (W, M) or CJK at that length are wider than any field they go in, so
each field must shrink, wrap or refuse -- never run off the page.
"""

from __future__ import annotations

import pytest

from tests.conftest import MM, page_count, page_size, text_runs
from tests.robustness.support import DATE
from w4r.cases import CaseLibrary
from w4r.compose.sender import make_sender
from w4r.errors import W4RError
from w4r.typeset.paragraphs import string_width

EDGE = 5 * MM
WIDE_NAME = "W" * 120
WIDE_ADDRESS = "M" * 120 + "|" + "\u4e2d" * 120 + "|" + "Ж" * 120
# Long but realistic: shrinks to fit, must print.
LONG_NAME = "Maximiliane Wilhelmina Theodora von Württemberg-Hohenzollern"
LONG_ADDRESS = "Flat 12, Wellington House, 145-147 Great Western Road|Kirkintilloch, East Dunbartonshire G66 1AB|UNITED KINGDOM OF GREAT BRITAIN AND NORTHERN IRELAND"
SENDERS = {"wide": (WIDE_NAME, WIDE_ADDRESS), "long": (LONG_NAME, LONG_ADDRESS)}


def overflowing(pdf: bytes) -> list[str]:
    bad = []
    for page in range(page_count(pdf)):
        width, height = page_size(pdf, page)
        for run in text_runs(pdf, page):
            text = run.text.strip()
            right = run.x + string_width(text, run.size)
            if run.x < EDGE - 0.5 or right > width - EDGE + 0.5:
                bad.append(f"page {page + 1}: {text[:30]!r} from x={run.x:.0f} to {right:.0f} of {width:.0f} pt")
    return bad


@pytest.fixture(scope="module")
def case():
    return CaseLibrary.open().get("dorgelesse")


@pytest.mark.parametrize(
    "kind",
    [
        "long",
        "wide",
    ],
)
def test_letter_sender_block_stays_on_the_page(case, kind):
    from w4r.compose.letter import compose_letter
    from w4r.render.letter import render_letter

    name, address = SENDERS[kind]
    try:
        pdf = render_letter(compose_letter(case, sender=make_sender(name, address), date=DATE, for_the_record=True))
    except W4RError as exc:
        assert kind == "wide", exc  # a realistic long address must print
        assert "\n" not in str(exc)
        return
    assert overflowing(pdf) == []


@pytest.mark.parametrize("kind", sorted(SENDERS))
def test_envelope_sender_stays_on_the_envelope(case, kind):
    from w4r.compose.envelope import authorities_envelope
    from w4r.render.envelope import render_envelope

    name, address = SENDERS[kind]
    try:
        pdf = render_envelope(authorities_envelope(case, target_number=1, sender=make_sender(name, address), for_the_record=True))
    except W4RError as exc:
        assert kind == "wide", exc
        return
    assert overflowing(pdf) == []


def test_card_signature_stays_on_the_card(case):
    from w4r.compose.card import compose_card
    from w4r.render.card import render_card
    from w4r.render.designs import parse_design

    try:
        card = compose_card(case, sender=make_sender(WIDE_NAME, None), message="W" * 400)
        pdf = render_card(card, "a5", design=parse_design(None)[0])
    except W4RError:
        return
    assert overflowing(pdf) == []


def test_pack_with_a_very_long_event_and_group_stays_on_the_paper(w4r, tmp_path):
    out = tmp_path / "pack"
    res = w4r(
        "pack", "chow-hang-tung", "-o", str(out), "--letters", "1", "--cards", "1", "--date", DATE.isoformat(),
        "--event", "Event " * 60, "--group", "W" * 300,
    )
    if res.returncode != 0:  # refusing is fine, with one clean line
        from tests.robustness.support import assert_clean_failure

        assert_clean_failure(res, 2)
        return
    pdfs = sorted(out.rglob("*.pdf"))
    assert pdfs
    for pdf in pdfs:
        assert overflowing(pdf.read_bytes()) == [], pdf.name
