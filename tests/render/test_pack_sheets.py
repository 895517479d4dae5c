"""The event sheets of a pack read back: poster, sign-up and tally sheet, index; letter and card copies."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.conftest import INCH, MM, fonts_used, page_count, page_size, page_text, text_runs
from tests.render.pack_helpers import ink_in_edge_band
from w4r.typeset.fonts import book
from w4r.cases import CaseLibrary
from w4r.compose.card import compose_card
from w4r.compose.letter import compose_letter
from w4r.compose.sender import Sender
from w4r.render import geometry as g
from w4r.render.card import render_card
from w4r.render.card_copies import cards_printed, render_card_copies
from w4r.render.designs import parse_design
from w4r.pack.sheets.handout import Event
from w4r.pack.sheets.index import IndexEntry, KindInfo, render_index
from w4r.render.letter import render_letter
from w4r.render.letter_copies import render_letter_copies
from w4r.pack.sheets.poster import render_poster
from w4r.pack.sheets.tallysheet import render_tally_sheet

EVENT = Event("Human Rights Day writing evening", dt.date(2026, 12, 10), "Anytown Amnesty group")


@pytest.fixture(scope="module")
def library():
    return CaseLibrary.open()


@pytest.fixture(scope="module")
def two(library):
    return [library.get("chow-hang-tung"), library.get("rita")]


def flat(text: str) -> str:
    return " ".join(text.split())


def all_embedded(pdf: bytes) -> bool:
    fonts = fonts_used(pdf)
    return bool(fonts) and all(fonts.values())


# --- Poster -------------------------------------------------------------------


def test_poster_event_and_cases_in_large_type(two):
    pdf = render_poster(two, EVENT, fb=book())
    assert page_count(pdf) == 1 and all_embedded(pdf)
    text = flat(page_text(pdf))
    for phrase in ("Write for Rights", "Human Rights Day writing evening", "10 December 2026", "Anytown Amnesty group", "鄒幸彤", "Рита Карасартова", "Hong Kong", "Kyrgyzstan"):
        assert phrase in text, phrase
    runs = text_runs(pdf)
    title = next(r for r in runs if r.text.strip() == "Write for Rights")
    names = [r for r in runs if r.text.strip() in ("Chow Hang-tung", "Rita Karasartova")]
    assert title.size >= 40
    assert len(names) == 2 and all(r.size >= 24 for r in names)  # readable from across a room


def test_poster_shrinks_then_drops_summaries_for_many_cases(library):
    cases = library.all()
    pdf = render_poster(cases, Event(), fb=book())
    assert page_count(pdf) == 1
    text = flat(page_text(pdf))
    for case in cases:
        assert case.name in text, case.name
    names = [r for r in text_runs(pdf) if r.text.strip() in {c.name for c in cases}]
    assert min(r.size for r in names) >= 16  # two columns keep the names large


def test_poster_without_event_details(two):
    text = flat(page_text(render_poster(two, Event(), paper="letter", fb=book())))
    assert "Write for Rights" in text and "December" not in text


# --- Tally sheet ---------------------------------------------------------------


def test_tally_sheet_columns_case_ids_and_ruled_rows(two):
    pdf = render_tally_sheet(two, EVENT, fb=book())
    assert page_count(pdf) == 1 and all_embedded(pdf)
    text = flat(page_text(pdf))
    for phrase in ("Sign-up and tally sheet", "Anytown Amnesty group", "Name", "Case id", "Letters", "Cards", "Emails", "chow-hang-tung", "rita", "Total"):
        assert phrase in text, phrase
    runs = text_runs(pdf)
    header = [r for r in runs if r.text.strip() == "Name"]
    totals_heading = next(r for r in runs if r.text.startswith("Cases in this pack"))
    # The ruled rows take the room between the column heads and the totals: at least 8 rows of 9 mm.
    assert totals_heading.top - header[0].top >= 8 * g.HANDWRITING_ROW


def test_tally_sheet_totals_move_to_a_second_page_for_many_cases(library):
    cases = library.all() * 3
    pdf = render_tally_sheet(cases, Event(), fb=book())
    assert page_count(pdf) >= 2
    assert "Cases in this pack" not in page_text(pdf, 0)
    assert "Cases in this pack" in page_text(pdf, 1)


# --- Index -----------------------------------------------------------------------


KINDS = [
    KindInfo("index", "00-index.pdf", "This list", "A4, one-sided."),
    KindInfo("poster", "01-poster.pdf", "Poster", "A4, one-sided."),
    KindInfo("briefing", "CASE/briefing.pdf", "Briefing sheet", "A4, one-sided; one per table."),
    KindInfo("envelope-cards", "CASE/envelope-cards.pdf", "Card envelope", "C5, one-sided."),
]


def test_index_lists_every_file_with_pages_and_notes():
    entries = [
        IndexEntry("00-index.pdf", "index", 1),
        IndexEntry("01-poster.pdf", "poster", 1),
        IndexEntry("rita/briefing.pdf", "briefing", 1, "rita", "Rita Karasartova, Kyrgyzstan"),
        IndexEntry("sasha/briefing.pdf", "briefing", 1, "sasha", "Aleksandra Skochilenko, Russia"),
        IndexEntry("sasha/envelope-cards.pdf", "envelope-cards", 1, "sasha", "Aleksandra Skochilenko, Russia"),
    ]
    pdf = render_index(KINDS, entries, ["No card envelope for rita: no postal address."], EVENT, printed=dt.date(2026, 12, 10), fb=book())
    assert page_count(pdf) == 1 and all_embedded(pdf)
    text = flat(page_text(pdf))
    for phrase in ("CASE/briefing.pdf", "one per table", "rita/", "sasha/", "Rita Karasartova, Kyrgyzstan", "No card envelope for rita", "In all: 5 pages to print"):
        assert phrase in text, phrase


# --- Copies of letters and cards ---------------------------------------------------


def test_letter_copies_are_the_letter_n_times(library):
    letter = compose_letter(library.get("rita"), sender=Sender(), date=dt.date(2026, 12, 10), for_the_record=True)
    one = render_letter(letter, fb=book())
    three = render_letter_copies(letter, "a4", 3, fb=book())
    assert page_count(three) == 3 * page_count(one)
    for page in range(3):
        assert page_text(three, page) == page_text(one, 0)


def test_long_letter_copies_are_numbered_within_each_copy(library):
    letter = compose_letter(library.get("rita"), sender=Sender(), date=dt.date(2026, 12, 10), message="A long personal paragraph. " * 150, for_the_record=True)
    per_copy = page_count(render_letter(letter, fb=book()))
    assert per_copy >= 2
    pdf = render_letter_copies(letter, "a4", 2, fb=book())
    assert page_count(pdf) == 2 * per_copy
    labels = [f"Page {p % per_copy + 1} of {per_copy}" for p in range(2 * per_copy)]
    assert all(label in page_text(pdf, p) for p, label in enumerate(labels))
    # A copy starts with the letter's first page again: the sender's ruled lines and the recipient.
    assert "Your name and address" in page_text(pdf, per_copy)


def test_one_card_copy_is_the_card(library):
    card = compose_card(library.get("chow-hang-tung"), sender=Sender())
    design, outline = parse_design(None)
    assert render_card_copies(card, "a5", design=design, copies=1, fb=book()) == render_card(card, "a5", design=design, fb=book())
    assert render_card_copies(card, "a6-4up", design=design, copies=4, fb=book()) == render_card(card, "a6-4up", design=design, fb=book())


@pytest.mark.parametrize("fmt, copies, pages, made", [("a5", 3, 6, 3), ("a6-4up", 5, 4, 8), ("a2-4up", 1, 2, 4), ("half-letter", 2, 4, 2)])
def test_card_copies_pages(library, fmt, copies, pages, made):
    card = compose_card(library.get("chow-hang-tung"), sender=Sender())
    design, _ = parse_design("dove")
    pdf = render_card_copies(card, fmt, design=design, copies=copies, fb=book())
    assert page_count(pdf) == pages and cards_printed(fmt, copies) == made


# --- Paper and the printer's edge ----------------------------------------------------


@pytest.mark.parametrize("paper, size", [("a4", (210 * MM, 297 * MM)), ("letter", (8.5 * INCH, 11 * INCH))])
def test_sheets_on_paper_and_clear_of_the_edge(two, paper, size):
    index = render_index(KINDS, [IndexEntry("00-index.pdf", "index", 1)], ["A note."], EVENT, paper=paper, fb=book())
    for pdf in (render_poster(two, EVENT, paper=paper, fb=book()), render_tally_sheet(two, EVENT, paper=paper, fb=book()), index):
        assert page_size(pdf) == pytest.approx(size, abs=0.5)
        for page in range(page_count(pdf)):
            assert ink_in_edge_band(pdf, page) == []


def _native_gap(pdf: bytes, native: str) -> float:
    """Paper between an Arabic native name's lowest dots and the top of the line under it."""
    from tests.conftest import same_script_text, text_runs

    runs = sorted(text_runs(pdf), key=lambda r: r.top)
    i = next(i for i, r in enumerate(runs) if same_script_text(r.text, native.split()[0]))
    name = runs[i]
    below = next(r for r in runs[i + 1 :] if r.top > name.top + 1 and r.text.strip())
    # Arabic dots under a letter (ي, ب) reach about 0.45 em below the baseline; capitals rise 0.72 em.
    return (below.top - 0.72 * below.size) - (name.top + 0.45 * name.size)


def test_arabic_native_names_keep_their_dots_clear_of_the_next_line():
    from w4r.cases import CaseLibrary
    from w4r.pack.sheets.briefing import render_briefing
    from w4r.pack.sheets.handout import Event
    from w4r.pack.sheets.poster import render_poster

    import datetime as dt

    manahel = CaseLibrary.open().get("manahel")
    assert manahel.name_native
    poster = render_poster([manahel, CaseLibrary.open().get("chow-hang-tung")], Event(), fb=book())
    briefing = render_briefing(manahel, printed=dt.date(2026, 12, 10), fb=book())
    for pdf in (poster, briefing):
        assert _native_gap(pdf, manahel.name_native) >= 3
