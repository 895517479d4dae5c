"""One set of PDF metadata everywhere: title, subject, /Lang, producer w4r; links marked to print."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from pypdf import PdfReader

from w4r.typeset.fonts import book
from w4r import __version__
from w4r.cases import CaseLibrary
from w4r.compose.card import compose_card
from w4r.compose.envelope import authorities_envelope
from w4r.compose.letter import compose_letter
from w4r.compose.sender import make_sender

DAY = dt.date(2026, 12, 10)
SENDER = make_sender("Ann Example", "12 High Street|Anytown AB1 2CD|UNITED KINGDOM")


def _letter(lang):
    from w4r.render.letter import render_letter

    return render_letter(compose_letter(CaseLibrary.open().get("manahel"), sender=SENDER, lang=lang, date=DAY), fb=book())


def _card():
    from w4r.render.card import render_card
    from w4r.render.designs import parse_design

    return render_card(compose_card(CaseLibrary.open().get("chow-hang-tung"), sender=SENDER, message="Hello."), "a5", design=parse_design(None)[0], fb=book())


def _envelope():
    from w4r.render.envelope import render_envelope

    return render_envelope(authorities_envelope(CaseLibrary.open().get("manahel"), target_number=1, sender=SENDER), fb=book())


def _briefing():
    from w4r.pack.sheets.briefing import render_briefing

    case = CaseLibrary.open().get("rita")
    return render_briefing(case, printed=DAY, fb=book())


MAKERS = {"letter-en": (lambda: _letter("en"), "en"), "letter-ar": (lambda: _letter("ar"), "ar"), "card": (_card, "en"), "envelope": (_envelope, "en"), "briefing": (_briefing, "en")}


@pytest.mark.parametrize("kind", sorted(MAKERS))
def test_title_subject_language_and_producer(kind):
    make, lang = MAKERS[kind]
    reader = PdfReader(io.BytesIO(make()))
    info = reader.metadata
    assert info.producer == f"w4r {__version__}" and info.creator == f"w4r {__version__}", info
    assert info.title and info.title != "untitled", info
    assert info.subject and info.subject != "(unspecified)", info
    assert reader.trailer["/Root"].get("/Lang") == lang


def test_briefing_links_are_printed_with_the_page():
    reader = PdfReader(io.BytesIO(_briefing()))
    annots = [a.get_object() for a in reader.pages[0].get("/Annots") or []]
    links = [a for a in annots if a.get("/Subtype") == "/Link"]
    assert links
    assert all(int(a.get("/F", 0)) & 4 for a in links), links
