"""Every shipped case, every target, both paper sizes: the letter is right where a reader looks."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest

from tests.conftest import INCH, MM, fonts_used, page_count, page_text, text_runs, word_boxes
from w4r.typeset.fonts import book
from w4r.cases import CaseLibrary
from w4r.cases.status import appeal_rule
from w4r.compose.envelope import destination
from w4r.compose.letter import compose_letter, recipient_lines
from w4r.compose.sender import make_sender
from w4r.render.letter import render_letter

LIBRARY = CaseLibrary.open()
# Cases whose appeal is over still make a letter "for the record" (--force); cases for cards only make none.
TARGETS = [
    (case_id, n)
    for case_id in LIBRARY.ids()
    if appeal_rule(LIBRARY.get(case_id)).kind != "card-only"
    for n in range(1, len(LIBRARY.get(case_id).targets) + 1)
]

# Recipient zones from print-layout.md, as (left, right, top, bottom) in points from the top-left corner.
WINDOW = {
    "a4": (20 * MM, 105 * MM, 62.7 * MM, 90 * MM),  # DIN 5008 Form B recipient zone
    "letter": (1.0 * INCH, 5.25 * INCH, 2.167 * INCH, 3.042 * INCH),  # #10 window less USPS clearance
}
# Where the recipient lines start: DIN 5008 sets them 5 mm inside the field (at the 25 mm text margin);
# on US Letter they start at the left edge of the clear area.
TEXT_LEFT = {"a4": 25 * MM, "letter": 1.0 * INCH}


def _norm(s: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", s).split())


@pytest.mark.parametrize("paper", ["a4", "letter"])
@pytest.mark.parametrize("case_id, target", TARGETS)
def test_letter_for_every_target(case_id, target, paper):
    case = LIBRARY.get(case_id)
    sender = make_sender("Ann Example", "12 High Street|Anytown AB1 2CD|UNITED KINGDOM")
    letter = compose_letter(case, target_number=target, sender=sender, message="I write from Anytown.", date=dt.date(2026, 12, 10), for_the_record=True)
    pdf = render_letter(letter, paper=paper, fb=book())

    assert page_count(pdf) == 1
    left, right, top, bottom = WINDOW[paper]
    runs = text_runs(pdf)
    # Baselines below the zone top: the return line sits just above it, in small type.
    window_runs = [r for r in runs if top < r.top <= bottom + 2 and r.x < right]
    window_text = [_norm(r.text) for r in window_runs]
    expected = [_norm(line) for line in recipient_lines(case.target(target))]
    # Every address line is printed, in order, inside the window zone (glyph tops included).
    joined = " | ".join(window_text)
    for line in expected:
        assert line in joined, (line, window_text)
    for r in window_runs:
        assert r.x == pytest.approx(TEXT_LEFT[paper], abs=0.3), r
        assert r.top - 0.75 * r.size >= top and r.top <= bottom, r
        assert r.size >= 8, r  # address type at least 8 pt
    # Where each line ends, measured by poppler from the widths in the PDF (not by w4r).
    in_zone = [w for w in word_boxes(pdf) if top < (w.top + w.bottom) / 2 < bottom]
    assert in_zone
    for w in in_zone:
        assert left <= w.x0 and w.x1 <= right, (w, "mm:", w.x1 / MM)
    # The country stands alone on the last line, in capitals (a territory with its state: "HONG KONG, CHINA").
    assert window_text[-1] == destination(case.target(target).address, case.target(target).country)[1]
    assert window_text[-1].isupper()

    text = _norm(page_text(pdf))
    assert _norm(case.target(target).salutation + ",") in text
    assert "I write from Anytown." in text
    assert all(fonts_used(pdf).values())
