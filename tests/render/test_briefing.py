"""The one-page briefing sheet read back: who, the ask, every target's address, card rules, status, QR code."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.conftest import INCH, MM, fonts_used, in_fresh_process, page_count, page_size, page_text, text_runs
from tests.render.pack_helpers import expected_qr, ink_in_edge_band, link_annotations, qr_modules_printed
from w4r.typeset.fonts import book
from w4r.cases import CaseLibrary
from w4r.errors import InputError
from w4r.pack.sheets.briefing import action_link, render_briefing

PRINTED = dt.date(2026, 12, 10)


@pytest.fixture(scope="module")
def library():
    return CaseLibrary.open()


@pytest.fixture(scope="module")
def chow(library):
    return library.get("chow-hang-tung")


@pytest.fixture(scope="module")
def chow_pdf(chow):
    return render_briefing(chow, paper="a4", printed=PRINTED, group="Anytown Amnesty group", fb=book())


def flat(text: str) -> str:
    return " ".join(text.split())


def test_one_a4_page_with_fonts_embedded(chow_pdf):
    assert page_count(chow_pdf) == 1
    assert page_size(chow_pdf) == pytest.approx((210 * MM, 297 * MM), abs=0.5)
    fonts = fonts_used(chow_pdf)
    assert fonts and all(fonts.values()), fonts


def test_name_native_name_country_status_and_verification(chow_pdf, chow):
    text = flat(page_text(chow_pdf))
    runs = text_runs(chow_pdf)
    name = next(r for r in runs if r.text.strip() == "Chow Hang-tung")
    assert name.size >= 16 and name.top < 40 * MM  # the name heads the page, large
    assert "鄒幸彤" in text
    assert "Hong Kong · Write for Rights 2022" in text
    assert "on trial since 22 January 2026" in text
    assert "Case facts last checked 5 December 2026" in text
    assert "Address last checked on 5 December 2026" in text
    assert "printed 10 December 2026" in text and "Anytown Amnesty group" in text


def test_story_and_every_ask(chow_pdf, chow):
    text = flat(page_text(chow_pdf))
    assert "vice-chair of the Hong Kong Alliance" in text
    for ask in chow.ask:
        # The sheet capitalises each ask; the rest is the case file's words.
        assert flat(ask[1:]) in text, ask


def test_every_target_with_full_address(library):
    sasha = library.get("sasha")
    text = flat(page_text(render_briefing(sasha, printed=PRINTED, fb=book())))
    assert len(sasha.targets) == 2
    for t in sasha.targets:
        assert t.title in text and t.name in text and t.salutation in text
        for line in [t.organisation, *t.address, t.country]:
            assert line in text, line
    assert "APPEAL LETTER 1 OF 2" in text and "APPEAL LETTER 2 OF 2" in text


def test_card_rules_greetings_and_solidarity_address(chow_pdf):
    text = flat(page_text(chow_pdf))
    for phrase in ("do not mention Amnesty", "do not mention the charges", "keep politics out", "sign with your first name only"):
        assert phrase in text
    assert "PO Box No. 75" in text and "Ma On Shan Post Office" in text
    assert "你並不孤單" in text and "(You are not alone.)" in text


def test_case_without_solidarity_address_says_where_cards_go(library):
    text = flat(page_text(render_briefing(library.get("manahel"), printed=PRINTED, fb=book())))
    assert "No postal address: hand the cards to your Amnesty section" in text


def test_closed_case_says_so(library):
    text = flat(page_text(render_briefing(library.get("sasha"), printed=PRINTED, fb=book())))
    assert "Case closed — freed on 1 August 2024" in text
    assert "check with your section before you post anything" in text


def test_qr_link_is_the_action_page_or_a_page_about_the_case_never_a_homepage(library):
    rita = library.get("rita")
    url, label = action_link(rita)
    # Rita's first source with a link is a page about her case: that is what the code carries.
    assert rita.action_url is None and label == "Case page" and "rita_karasartova" in url
    pdf = render_briefing(rita, printed=PRINTED, fb=book())
    links = link_annotations(pdf)
    assert [u for u, _ in links] == [url]
    assert f"Case page: {url}" in flat(page_text(pdf))
    x0, y0, x1, y1 = links[0][1]
    # The symbol: QR_SIZE square, top right inside the 15 mm sheet margin.
    assert x1 - x0 == pytest.approx(28 * MM, abs=0.5) and y1 - y0 == pytest.approx(28 * MM, abs=0.5)
    assert x1 <= 210 * MM - 15 * MM + 0.5 and y1 <= 297 * MM - 15 * MM + 0.5
    # Sources that are only a section's front page (https://amnistie.ca/) give no code.
    homepages = rita.model_copy(update={"sources": [s.model_copy(update={"url": "https://amnistie.ca/"}) for s in rita.sources]})
    assert action_link(homepages) == (None, "")
    assert link_annotations(render_briefing(homepages, printed=PRINTED, fb=book())) == []
    # An action page in the case file wins over every source.
    with_page = homepages.model_copy(update={"action_url": "https://www.amnesty.org/en/get-involved/write-for-rights/"})
    assert action_link(with_page) == (with_page.action_url, "Action page")
    assert [u for u, _ in link_annotations(render_briefing(with_page, printed=PRINTED, fb=book()))] == [with_page.action_url]


def test_qr_symbol_printed_encodes_the_url(library):
    rita = library.get("rita")
    pdf = render_briefing(rita, printed=PRINTED, fb=book())
    url, _ = action_link(rita)
    ((_, rect),) = link_annotations(pdf)
    want = expected_qr(url)
    got = qr_modules_printed(pdf, rect, len(want))
    wrong = sum(a != b for ra, rb in zip(got, want) for a, b in zip(ra, rb))
    assert wrong == 0, f"{wrong} of {len(want) ** 2} modules differ"


def test_no_link_no_qr(library, chow):
    bare = chow.model_copy(update={"action_url": None, "sources": [s.model_copy(update={"url": None}) for s in chow.sources]})
    pdf = render_briefing(bare, printed=PRINTED, fb=book())
    assert link_annotations(pdf) == []
    assert "No page about this case in the case file for a QR code" in flat(page_text(pdf))


@pytest.mark.parametrize("case_id, paper", [("chow-hang-tung", "a4"), ("sasha", "letter"), ("rita", "a4")])
def test_nothing_prints_within_5_mm_of_the_edge(library, case_id, paper):
    pdf = render_briefing(library.get(case_id), paper=paper, printed=PRINTED, group="A group with a rather long name, Anytown and district", fb=book())
    assert ink_in_edge_band(pdf) == []


def test_letter_paper(library):
    pdf = render_briefing(library.get("sasha"), paper="letter", printed=PRINTED, fb=book())
    assert page_count(pdf) == 1
    assert page_size(pdf) == pytest.approx((8.5 * INCH, 11 * INCH), abs=0.5)


def test_every_shipped_case_fits_one_page(library):
    for case in library.all():
        assert page_count(render_briefing(case, printed=PRINTED, fb=book())) == 1, case.id


def test_a_story_too_long_for_one_page_is_refused(chow):
    huge = chow.model_copy(update={"story": "\n\n".join(["A long paragraph of story text that goes on and on. " * 12] * 30)})
    with pytest.raises(InputError, match="does not fit on one page"):
        render_briefing(huge, printed=PRINTED, fb=book())


def test_same_input_same_bytes_in_other_processes():
    # Two new interpreters with other hash seeds: a second render in this process would share its
    # caches and its hash order (and this module's fixtures open the library before the test's own
    # environment is set up, so they may use other font files).
    code = (
        f"import sys, datetime; from w4r.cases import CaseLibrary; from {render_briefing.__module__} import render_briefing; "
        "from w4r.typeset.fonts import book; case = CaseLibrary.open().get('chow-hang-tung'); "
        "sys.stdout.buffer.write(render_briefing(case, paper='a4', printed=datetime.date(2026, 12, 10), group='Anytown Amnesty group', fb=book()))"
    )
    first = in_fresh_process(code, 1)
    assert first.startswith(b"%PDF")
    assert in_fresh_process(code, 2) == first
    assert in_fresh_process(code, 3) == first
