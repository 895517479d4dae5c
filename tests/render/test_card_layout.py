"""Every card format for every shipped case, read back: page size, panels, greetings, edges, words.

Rendered by direct calls (one render per case and format, shared by the tests);
the command line itself is tested in test_card_cli.py.
"""

from __future__ import annotations

import io
import re
from functools import lru_cache
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.conftest import INCH, MM, fonts_used, ink_boxes, page_count, page_size, page_text, same_script_text, text_runs
from w4r.typeset.fonts import book
from w4r.cases import CaseLibrary
from w4r.compose.card import case_greetings, compose_card
from w4r.compose.sender import make_sender
from w4r.errors import InputError
from w4r.render.card import render_card, render_postcards
from w4r.render.card_message import fit_message
from w4r.render.card_type import card_format
from w4r.render.designs import DESIGNS, parse_design
from w4r.typeset.line import string_width

CASES = sorted(p.stem for p in (Path(__file__).resolve().parents[2] / "cases").glob("*.yaml"))
FORMATS = ["a5", "half-letter", "a6-4up", "a2-4up"]
# print-layout notes: A5 panels 148.5 x 210 mm from A4 landscape, A6 105 x 148 mm 4 up on A4,
# half-letter panels 5.5 x 8.5 in from Letter, A2 cards 4.25 x 5.5 in 4 up on Letter.
SHEETS = {"a5": (297 * MM, 210 * MM), "half-letter": (11 * INCH, 8.5 * INCH), "a6-4up": (210 * MM, 297 * MM), "a2-4up": (8.5 * INCH, 11 * INCH)}
CARDS = {"a6-4up": (105 * MM, 148 * MM), "a2-4up": (4.25 * INCH, 5.5 * INCH)}
EDGE = 5 * MM
SENDER = make_sender("Ann Example", "12 High Street|Leeds LS1 1AA|UNITED KINGDOM")
MESSAGE = (
    "I am a teacher in Leeds, and my class made this card for you. We think of you often and hope "
    "that you are well, that you can read, draw and rest.\n\nWarm wishes for the season from all of us."
)


@lru_cache(maxsize=None)
def made(case_id: str, fmt: str):
    case = CaseLibrary.open().get(case_id)
    card = compose_card(case, sender=SENDER, message=MESSAGE)
    design, outline = parse_design(list(DESIGNS)[CASES.index(case_id) % len(DESIGNS)])
    return case, card, render_card(card, fmt, design=design, outline=outline, fb=book())


def slots(fmt: str, side: str) -> list[tuple[float, float, float, float]]:
    """(x0, top0, x1, top1) of the panels that hold one side of the card, from the print-layout numbers."""
    w, h = SHEETS[fmt]
    if fmt in CARDS:
        cw, ch = CARDS[fmt]
        my = (h - 2 * ch) / 2
        return [(col * cw, my + row * ch, (col + 1) * cw, my + (row + 1) * ch) for row in (0, 1) for col in (0, 1)]
    return [(w / 2, 0, w, h)]  # the front (page 1) and the message (page 2) are both the right-hand panel


def inside(run, box, inset: float, *, bold: bool = False) -> bool:
    x0, t0, x1, t1 = box
    right = run.x + (string_width(run.text, run.size, bold=bold) if run.text.isascii() else 0)
    return x0 + inset - 0.5 <= run.x and right <= x1 - inset + 0.5 and t0 + inset <= run.top - run.size * 0.7 and run.top <= t1 - inset


PARAMS = [(c, f) for c in CASES for f in FORMATS]


@pytest.mark.parametrize("case_id, fmt", PARAMS)
def test_sheet_size_two_sides_and_embedded_fonts(case_id, fmt):
    _, _, pdf = made(case_id, fmt)
    assert page_count(pdf) == 2
    for page in (0, 1):
        assert page_size(pdf, page) == pytest.approx(SHEETS[fmt], abs=0.5)
    fonts = fonts_used(pdf)
    assert fonts and all(fonts.values()), fonts


@pytest.mark.parametrize("case_id, fmt", PARAMS)
def test_front_name_wording_and_greeting_in_the_front_panel(case_id, fmt):
    case, card, pdf = made(case_id, fmt)
    runs = text_runs(pdf, 0)
    names = [r for r in runs if r.text.strip() == case.first_name]
    panels = slots(fmt, "front")
    assert len(names) == len(panels)
    for panel in panels:
        assert sum(inside(r, panel, EDGE, bold=True) for r in names) == 1, (panel, names)
    text = page_text(pdf, 0)
    wording = "Congratulations" if case.status.congratulate else "Thinking of you"
    if card.front_wording:
        assert card.front_wording == wording
        assert text.count(wording) == len(panels)
    else:  # the greeting already says it: said once, not twice
        assert text.count(wording) == len(panels) and wording in card.front_greeting.text
    assert same_script_text(text, card.front_greeting.text)
    assert card.front_greeting.lang == case_greetings(case)[0].lang


@pytest.mark.parametrize("case_id, fmt", PARAMS)
def test_greetings_message_and_signature_in_the_message_panel(case_id, fmt):
    case, card, pdf = made(case_id, fmt)
    text = page_text(pdf, 1)
    for greeting in card.greetings:
        assert same_script_text(text, greeting.text), greeting.text
    assert same_script_text(text, "Warm wishes for the season from all of us.")
    assert same_script_text(text, "I am a teacher in Leeds")
    assert "Ann" in text and "Example" not in text and "High Street" not in text  # first name only
    panels = slots(fmt, "back")
    runs = text_runs(pdf, 1)
    for r in runs:
        assert any(inside(r, p, EDGE) for p in panels), r
    for p in panels:
        assert any(inside(r, p, EDGE) and "Leeds" in r.text for r in runs), p
    sizes = {round(r.size, 2) for r in runs if r.text.isascii() and r.text.strip() != "Ann"}
    assert min(sizes) >= 9


@pytest.mark.parametrize("case_id, fmt", PARAMS)
def test_nothing_but_fold_and_cut_marks_within_5mm_of_the_sheet_edge(case_id, fmt):
    _, _, pdf = made(case_id, fmt)
    w, h = SHEETS[fmt]
    for page in (0, 1):
        for r in text_runs(pdf, page):
            assert EDGE <= r.x <= w - EDGE and EDGE <= r.top - r.size and r.top <= h - EDGE, r
        marks = 0
        for x0, t0, x1, t1 in ink_boxes(pdf, page):
            if x0 >= EDGE - 0.01 and t0 >= EDGE - 0.01 and x1 <= w - EDGE + 0.01 and t1 <= h - EDGE + 0.01:
                continue
            vertical_mark = abs(x1 - x0) < 0.01 and abs(x0 - w / 2) < 0.01
            horizontal_mark = abs(t1 - t0) < 0.01 and abs(t0 - h / 2) < 0.01 and fmt in CARDS
            assert vertical_mark or horizontal_mark, (page, (x0 / MM, t0 / MM, x1 / MM, t1 / MM))
            marks += 1
        if fmt in CARDS:
            assert marks == 4, "a cut mark at each sheet edge, in line with each cut"
        elif page == 1:
            assert marks == 2, "fold marks at the top and bottom of the fold"


@pytest.mark.parametrize("case_id, fmt", PARAMS)
def test_the_card_never_says_amnesty(case_id, fmt):
    case, _, pdf = made(case_id, fmt)
    assert not case.solidarity.rules.mention_amnesty
    assert "amnesty" not in page_text(pdf).lower()
    meta = PdfReader(io.BytesIO(pdf)).metadata or {}
    assert not any("amnesty" in str(v).lower() for v in meta.values())


def test_postcards_of_four_different_cards_mirror_on_the_back_for_long_edge_duplex():
    lib = CaseLibrary.open()
    ids = ["sasha", "chow-hang-tung", "dorgelesse"]
    cards = [compose_card(lib.get(i), sender=SENDER, message=f"Note number {n} for you.") for n, i in enumerate(ids)]
    pdf = render_postcards([*cards, None], "a6-4up", design=[DESIGNS["flowers"], DESIGNS["dove"], DESIGNS["sunrise"], DESIGNS["dove"]], fb=book())
    w, h = SHEETS["a6-4up"]
    fronts, backs = text_runs(pdf, 0), text_runs(pdf, 1)
    expected_front = {"Sasha": (0, 0), "Hang-tung": (1, 0), "Dorgelesse": (0, 1)}  # reading order
    for name, (col, row) in expected_front.items():
        (run,) = [r for r in fronts if r.text.strip() == name]
        assert (run.x > w / 2) == bool(col) and (run.top > h / 2) == bool(row), run
    for n, (col, row) in enumerate(expected_front.values()):
        (run,) = [r for r in backs if f"number {n}" in r.text]
        # The sheet turns over about its long (vertical) edge: left and right change places.
        assert (run.x > w / 2) == (not col) and (run.top > h / 2) == bool(row), run
    # The empty slot stays empty on both sides: bottom-right on the front, bottom-left on the back.
    assert not [r for r in fronts if r.x > w / 2 and r.top > h / 2]
    assert not [r for r in backs if r.x < w / 2 and r.top > h / 2]


@pytest.mark.parametrize("fmt", FORMATS)
def test_too_long_message_says_how_many_characters_fit_and_that_many_do(fmt):
    case = CaseLibrary.open().get("sasha")
    long = " ".join(f"word{i}" for i in range(1500))
    card = compose_card(case, sender=SENDER, message=long)
    with pytest.raises(InputError) as err:
        fit_message(card, card_format(fmt), fb=book())
    m = re.search(r"at most (\d+) characters fit", str(err.value))
    assert m, err.value
    assert f"is {len(long)} characters long" in str(err.value)
    fit = int(m.group(1))
    assert 200 < fit < len(long)
    ok = compose_card(case, sender=SENDER, message=long[:fit])
    pdf = render_card(ok, fmt, design=DESIGNS["dove"], fb=book())
    last_word = long[:fit].split()[-1]
    assert last_word in page_text(pdf, 1).split()
    assert min(r.size for r in text_runs(pdf, 1) if r.text.startswith("word")) == pytest.approx(9, abs=0.01)
    with pytest.raises(InputError):
        fit_message(compose_card(case, sender=SENDER, message=long[: fit + 60]), card_format(fmt), fb=book())


def test_a_longer_message_shrinks_but_stays_whole():
    case = CaseLibrary.open().get("sasha")
    message = "\n\n".join(f"Paragraph {i}: " + "we send you strength and warm thoughts every day. " * 4 for i in range(8))
    pdf = render_card(compose_card(case, sender=SENDER, message=message), "a5", design=DESIGNS["sunrise"], fb=book())
    sizes = [r.size for r in text_runs(pdf, 1) if "strength" in r.text]
    assert 9 <= min(sizes) < 13
    assert "Paragraph 7:" in page_text(pdf, 1)


def test_no_message_leaves_ruled_lines_and_a_line_to_sign():
    case = CaseLibrary.open().get("sasha")
    pdf = render_card(compose_card(case, sender=make_sender(None, None)), "a5", design=DESIGNS["sunrise"], fb=book())
    assert "your first name" in page_text(pdf, 1)
    w, _ = SHEETS["a5"]
    rules = [b for b in ink_boxes(pdf, 1) if abs(b[3] - b[1]) < 0.01 and b[0] > w / 2 and b[2] - b[0] > 30 * MM]
    assert len(rules) >= 10


@pytest.mark.parametrize("name", [":<b>", "Ann & Bo", '"Jo" <jo>'])
def test_a_name_with_brackets_and_ampersands_is_one_piece_of_text(name):
    # Each &lt; &amp; &quot; once made its own piece of text: printed in place, but
    # copied and searched in odd orders next to the Arabic greetings.
    card = compose_card(CaseLibrary.open().get("manahel"), sender=make_sender(name, None), message="نحن نفكر فيك")
    assert card.signature and card.signature in name
    pdf = render_card(card, "a5", design=DESIGNS["dove"], fb=book())
    content = PdfReader(io.BytesIO(pdf)).pages[1].get_contents().get_data().decode("latin-1")
    signature = re.findall(r"BT .*? ET", content, re.S)[-1]  # the name is the last text drawn inside
    assert signature.count(" Tj") == 1 and " TJ" not in signature, signature


@pytest.mark.parametrize("fmt", ["a5", "a6-4up"])
def test_an_arabic_message_is_right_aligned_and_an_english_one_left(fmt):
    from tests.conftest import word_boxes
    from w4r.render.card_message import message_box

    case = CaseLibrary.open().get("manahel")
    arabic = "أنت لست وحدك منذ 2024."  # one short line; the digits find it in the extracted text
    card = compose_card(case, sender=make_sender("سارة", None), message=arabic)
    pdf = render_card(card, fmt, design=parse_design(None)[0], fb=book())
    english = render_card(compose_card(case, sender=SENDER, message="We think of you."), fmt, design=parse_design(None)[0], fb=book())
    x0, t0, x1, t1 = slots(fmt, "message")[0]
    box = message_box(card_format(fmt))
    left, right = x0 + box.x, x0 + box.x + box.width

    def message_words(doc, needle):
        words = [w for w in word_boxes(doc, 1) if x0 <= w.x0 and w.x1 <= x1 and t0 <= w.top <= t1]
        row = [w for w in words if needle(w.text)]
        assert row, [w.text for w in words]
        mid = (row[0].top + row[0].bottom) / 2
        return [w for w in words if abs((w.top + w.bottom) / 2 - mid) < 4]

    line = message_words(pdf, lambda t: "2024" in t)
    assert max(w.x1 for w in line) == pytest.approx(right, abs=5), (right, [(w.text, w.x0, w.x1) for w in line])
    assert min(w.x0 for w in line) > left + 20
    line = message_words(english, lambda t: t == "We")
    assert min(w.x0 for w in line) == pytest.approx(left, abs=1)


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_cjk_greeting_on_the_front_clears_the_names_descenders(fmt):
    case = CaseLibrary.open().get("chow-hang-tung")
    card = compose_card(case, sender=SENDER, message="Hello.")
    pdf = render_card(card, fmt, design=parse_design(None)[0], fb=book())
    runs = text_runs(pdf, 0)
    (name,) = [r for r in runs if r.text.strip() == card.first_name][:1]
    greeting = min((r for r in runs if r.top > name.top and any("\u4e00" <= ch <= "\u9fff" for ch in r.text)), key=lambda r: r.top)
    # The name's descenders (g in Hang-tung) reach about 0.24 em below its baseline; an ideograph rises
    # about 0.88 em above its baseline: at least 2 pt of paper between the two.
    gap = (greeting.top - 0.88 * greeting.size) - (name.top + 0.24 * name.size)
    assert gap >= 2, (gap, name, greeting)
