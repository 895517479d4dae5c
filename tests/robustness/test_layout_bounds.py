"""Long but allowed user text stays on the paper: no text run ends within 5 mm of a sheet edge.

Names and address lines may be up to 120 characters (compose.sender); wide
letters (W, M) or CJK at that length are wider than any field they go in, so
each field must shrink, wrap or refuse -- never run off the page.
"""

from __future__ import annotations

import pytest

from tests.conftest import MM, page_count, page_size, page_text, word_boxes
from tests.robustness.support import DATE
from w4r.typeset.fonts import book
from w4r.cases import CaseLibrary
from w4r.compose.sender import make_sender
from w4r.errors import W4RError

EDGE = 5 * MM
# Wide: the widest letters, 40 to a line, wider than every field at the usual size: each must shrink or wrap, and print.
WIDE_NAME = "W" * 40
WIDE_ADDRESS = "M" * 40 + "|" + "\u4e2d" * 40 + "|" + "Ж" * 40
# Too wide: 120 of them, the most a line may hold, fit no field even at the smallest size: refused in one line.
TOO_WIDE_NAME = "W" * 120
TOO_WIDE_ADDRESS = "M" * 120 + "|" + "\u4e2d" * 120 + "|" + "Ж" * 120
# Long but realistic: shrinks to fit, must print.
LONG_NAME = "Maximiliane Wilhelmina Theodora von Württemberg-Hohenzollern"
LONG_ADDRESS = "Flat 12, Wellington House, 145-147 Great Western Road|Kirkintilloch, East Dunbartonshire G66 1AB|UNITED KINGDOM OF GREAT BRITAIN AND NORTHERN IRELAND"
SENDERS = {"wide": (WIDE_NAME, WIDE_ADDRESS), "long": (LONG_NAME, LONG_ADDRESS)}
# A letter's sender block is wider: 50 of the widest letters, at 11 pt, would run off an A4 sheet.
LETTER_SENDERS = {**SENDERS, "wide": ("W" * 50, WIDE_ADDRESS)}


def overflowing(pdf: bytes) -> list[str]:
    """Words within 5 mm of a sheet edge, as poppler measures them (not with w4r's own width code)."""
    bad = []
    for page in range(page_count(pdf)):
        width, height = page_size(pdf, page)
        for w in word_boxes(pdf, page):
            if w.x0 < EDGE - 0.5 or w.x1 > width - EDGE + 0.5 or w.top < EDGE - 0.5 or w.bottom > height - EDGE + 0.5:
                bad.append(f"page {page + 1}: {w.text[:30]!r} from x={w.x0:.0f} to {w.x1:.0f} of {width:.0f} pt")
    return bad


def test_overflowing_sees_a_line_off_the_page():
    from reportlab.pdfgen.canvas import Canvas
    import io

    from w4r.typeset.line import draw_line

    buf = io.BytesIO()
    c = Canvas(buf, pagesize=(210 * MM, 297 * MM))
    draw_line(c, 150 * MM, 500, "W" * 20, 12)
    c.save()
    assert overflowing(buf.getvalue())


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

    name, address = LETTER_SENDERS[kind]
    pdf = render_letter(compose_letter(case, sender=make_sender(name, address), date=DATE, for_the_record=True), fb=book())
    assert overflowing(pdf) == []
    # Every line of the sender is there, however small.
    text = "".join(page_text(pdf).split())
    for line in [name, *address.split("|")]:
        assert line.replace(" ", "") in text, line


def test_too_wide_sender_is_refused_in_one_line(case):
    from w4r.compose.envelope import authorities_envelope
    from w4r.compose.letter import compose_letter
    from w4r.render.envelope import render_envelope
    from w4r.render.letter import render_letter

    sender = make_sender(TOO_WIDE_NAME, TOO_WIDE_ADDRESS)
    for make in (lambda: render_letter(compose_letter(case, sender=sender, date=DATE, for_the_record=True), fb=book()), lambda: render_envelope(authorities_envelope(case, target_number=1, sender=sender, for_the_record=True), fb=book())):
        with pytest.raises(W4RError) as caught:
            make()
        assert "\n" not in str(caught.value) and "shorten" in str(caught.value)


@pytest.mark.parametrize("kind", sorted(SENDERS))
def test_envelope_sender_stays_on_the_envelope(case, kind):
    from w4r.compose.envelope import authorities_envelope
    from w4r.render.envelope import render_envelope

    name, address = SENDERS[kind]
    pdf = render_envelope(authorities_envelope(case, target_number=1, sender=make_sender(name, address), for_the_record=True), fb=book())
    assert overflowing(pdf) == []


def test_card_signature_stays_on_the_card(case):
    from w4r.compose.card import compose_card
    from w4r.render.card import render_card
    from w4r.render.designs import parse_design

    card = compose_card(case, sender=make_sender(WIDE_NAME, None), message="W" * 400)
    pdf = render_card(card, "a5", design=parse_design(None)[0], fb=book())
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
