"""PlainParagraph sets plain text in exactly the lines and places w4r's Paragraph does, and refuses the rest."""

from __future__ import annotations

import io
import os

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab.lib.enums import TA_CENTER
from reportlab.pdfgen.canvas import Canvas

from tests.conftest import text_runs
from w4r.render.letter_body import letter_styles
from w4r.typeset.fonts import book
from w4r.typeset.plainpara import PlainParagraph, break_lines, plain_paragraph
from w4r.typeset.line import string_width
from w4r.typeset.markup import markup
from w4r.typeset.paragraphs import Paragraph, directed

STYLE = letter_styles(fb=book())["body"]
WIDTH = 165 * 72 / 25.4  # the A4 letter's text width
EXPLORE = os.environ.get("W4R_HYPOTHESIS_RANDOM") == "1"


def paragraph_lines(text: str, width: float, style=STYLE) -> list[str]:
    p = Paragraph(markup(text), style)
    p.wrap(width, 10_000)
    return ["".join(w.text for w in line.words) for line in p.blPara.lines]


SAMPLES = [
    "We think of you every day.",
    "Our class read about your case today and we were shocked. " * 4,
    "Café, naïve, Straße, Łódź, Ærøskøbing: accented Latin stays on the fast path.",
    "Dear friend — “quotes”, ‘apostrophes’ & <angle brackets> are only text.",
    "a " * 200,
    "x",
]


@pytest.mark.parametrize("text", SAMPLES)
@pytest.mark.parametrize("width", [WIDTH, 200.0, 97.3, 40.0])
def test_same_lines_as_paragraph(text, width):
    text = text.strip()
    fast = plain_paragraph(text, STYLE, width)
    if fast is None:  # only refused for a word wider than the line
        assert any(string_width(w, STYLE.fontSize) > width for w in text.split())
        return
    fast.wrap(width, 10_000)
    assert fast.lines == paragraph_lines(text, width)


def test_a_line_that_only_just_fits_fits_in_both():
    text = "Nobody should be punished for speaking peacefully about the things that matter to them."
    words = text.split()
    for k in range(2, len(words)):
        exact = string_width(" ".join(words[:k]), STYLE.fontSize)
        for width in (exact, exact - 1e-7, exact + 1e-7, exact - 0.01):
            assert break_lines(book(), text, STYLE.fontName, STYLE.fontSize, width) == paragraph_lines(text, width), (k, width)


@settings(max_examples=150, deadline=None, database=None, derandomize=not EXPLORE)
@given(
    words=st.lists(st.text(st.characters(min_codepoint=0x21, max_codepoint=0x17E, blacklist_categories=("Cc", "Zs", "Mn")), min_size=1, max_size=14), min_size=1, max_size=40),
    width=st.floats(min_value=30, max_value=500),
)
def test_property_same_lines_as_paragraph(words, width):
    text = " ".join(words)
    fast = plain_paragraph(text, STYLE, width)
    if fast is not None:
        fast.wrap(width, 10_000)
        assert fast.lines == paragraph_lines(text, width)


def draw(flowable, width: float) -> bytes:
    buf = io.BytesIO()
    c = Canvas(buf)
    _w, h = flowable.wrap(width, 10_000)
    flowable.drawOn(c, 72, 700 - h)
    c.save()
    return buf.getvalue()


@pytest.mark.parametrize("text", SAMPLES[:3])
def test_words_land_where_paragraph_puts_them(text):
    text = text.strip()
    fast = plain_paragraph(text, STYLE, WIDTH)
    assert isinstance(fast, PlainParagraph)
    assert fast.wrap(WIDTH, 10_000) == Paragraph(markup(text), STYLE).wrap(WIDTH, 10_000)

    def placed(pdf):
        return [(r.text.strip(), round(r.x, 3), round(r.top, 3), round(r.size, 3), r.font) for r in text_runs(pdf)]

    assert placed(draw(fast, WIDTH)) == placed(draw(Paragraph(markup(text), STYLE), WIDTH))


@pytest.mark.parametrize(
    "text",
    [
        "نحن نفكر فيك",  # right to left
        "We wish you freedom, 鄒幸彤.",  # another face, and breaks between Chinese characters
        "Zoe\u0308 with a combining mark",  # shaped
        "two  spaces",  # the markup parser folds them; left to it
        "tab\there",
        "no\u00a0break",
        " leading space",
        "line\nbreak",
        "",
        "\u202eoverride",  # cleaned away: not the same text
    ],
)
def test_refuses_text_that_needs_paragraph(text):
    assert plain_paragraph(text, STYLE, WIDTH) is None


def test_refuses_a_word_wider_than_the_line():
    assert plain_paragraph("Supercalifragilisticexpialidocious", STYLE, 50) is None


@pytest.mark.parametrize("style", [directed(STYLE, "rtl"), directed(STYLE, "auto")])
def test_direction(style):
    assert (plain_paragraph("Ann Example", style, WIDTH) is None) == (style.w4r_direction == "rtl")


def test_refuses_other_alignments_and_colours():
    from reportlab.lib.styles import ParagraphStyle

    assert plain_paragraph("Ann", ParagraphStyle("c", parent=STYLE, alignment=TA_CENTER), WIDTH) is None
    assert plain_paragraph("Ann", ParagraphStyle("g", parent=STYLE, textColor="#666666"), WIDTH) is None
    assert plain_paragraph("Ann", ParagraphStyle("i", parent=STYLE, leftIndent=5), WIDTH) is None
