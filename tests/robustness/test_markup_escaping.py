"""User text never becomes ReportLab markup: every nasty input prints as typed, or is refused.

Direct calls (compose + render) for the whole corpus; the CLI tests in
test_naughty_cli.py push a representative set through the real command line.
"""

from __future__ import annotations

import pytest
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph

from tests.conftest import page_text
from tests.robustness.naughty import ALL, LONG, MARKUP, NAUGHTY, expected_text, fold, shows
from tests.robustness.support import DATE
from w4r.cases import CaseLibrary
from w4r.compose import markup as template_markup
from w4r.compose.letter import compose_letter
from w4r.compose.sender import make_sender
from w4r.errors import InputError, W4RError
from w4r.typeset.fonts import book
from w4r.render.letter import render_letter
from w4r.richtext import clean
from w4r.typeset.markup import markup

SHORT = {k: v for k, v in NAUGHTY.items() if len(v) <= 120}


@pytest.fixture(scope="module")
def magai():
    return CaseLibrary.open().get("magai")


@pytest.mark.parametrize("name", sorted(ALL))
def test_markup_output_parses_back_to_the_cleaned_text(name):
    """ReportLab's own parser sees only our <font> tags: its fragments spell the input."""
    text = ALL[name][:3000]
    para = Paragraph(markup(text), ParagraphStyle("t", fontName=book().font_name("sans")))
    got = "".join("\n" if getattr(f, "lineBreak", False) else f.text for f in para.frags)
    # Characters no font has but with a plain form (𝐁 -> B) are printed as that form.
    assert got.split() == book().printable(clean(text)).split()
    # Nothing became an image, a callback or a link.
    for frag in para.frags:
        assert getattr(frag, "cbDefn", None) is None
        assert not getattr(frag, "link", None)
        assert frag.fontName.startswith("W4R-")


@pytest.mark.parametrize("name", sorted(MARKUP))
def test_markup_in_name_address_and_message_prints_literally(magai, name):
    text = MARKUP[name]
    letter = compose_letter(magai, sender=make_sender(text, f"{text}|Town"), message=text, date=DATE, for_the_record=True)
    pdf = render_letter(letter, fb=book())
    body = page_text(pdf)
    assert shows(body, text)
    # Three times (sender block, signature, message) plus once in the return line.
    folded = expected_text(text)
    assert fold(body).count(folded) >= 3 or not folded


@pytest.mark.parametrize("name", sorted(set(NAUGHTY) - set(MARKUP)))
def test_unicode_oddities_print_or_are_refused(magai, name):
    """Bidi, zero-width, emoji, combining floods, controls, surrogates: a PDF showing the text, or a W4RError."""
    text = NAUGHTY[name]
    short = text if len(text) <= 120 else None
    try:
        letter = compose_letter(
            magai,
            sender=make_sender(short or "Ann", f"{short}|Town" if short else None),
            message=text,
            date=DATE, for_the_record=True,
        )
        pdf = render_letter(letter, fb=book())
    except W4RError:
        return
    assert shows(page_text(pdf), text), (name, expected_text(text))


def test_bidi_override_in_a_name_does_not_turn_the_return_line_around(magai):
    letter = compose_letter(magai, sender=make_sender("\u202eAnn Example", "1 Long Road|Anytown AB1 2CD"), date=DATE, for_the_record=True)
    text = page_text(render_letter(letter, fb=book()))
    assert "Ann Example · 1 Long Road · Anytown AB1 2CD" in text
    assert "elpmaxE" not in text


def test_line_breaks_in_a_message_are_paragraphs(magai):
    pdf = render_letter(compose_letter(magai, sender=make_sender("Ann", None), message=LONG["newlines"], date=DATE, for_the_record=True), fb=book())
    text = page_text(pdf)
    assert "line one" in text and "paragraph two" in text and "last" in text
    # The blank line became a paragraph break: "paragraph two" starts its own line.
    lines = [ln.strip() for ln in text.splitlines()]
    assert any(ln.startswith("paragraph two") for ln in lines)


def test_a_very_long_word_wraps_inside_the_page(magai):
    from tests.conftest import text_runs

    word = "Wide" + "w" * 3000 + "end"
    pdf = render_letter(compose_letter(magai, sender=make_sender("Ann", None), message=word, date=DATE, for_the_record=True), fb=book())
    assert shows(page_text(pdf), word)
    from tests.conftest import page_count, page_size

    for page in range(page_count(pdf)):
        width, _ = page_size(pdf, page)
        for run in text_runs(pdf, page):
            assert 0 <= run.x < width


@pytest.mark.parametrize("name", ["long_word_20000", "message_100kB"])
def test_huge_messages_are_refused_with_the_limit(magai, name):
    with pytest.raises(InputError) as info:
        compose_letter(magai, sender=make_sender("Ann", None), message=LONG[name], date=DATE, for_the_record=True)
    assert "at most 10000" in str(info.value)
    assert "\n" not in str(info.value)


@pytest.mark.parametrize("where", ["name", "address"])
def test_long_names_and_address_lines_are_refused_with_the_limit(where):
    with pytest.raises(InputError) as info:
        make_sender("x" * 121 if where == "name" else "Ann", "y" * 121 if where == "address" else None)
    assert "at most 120" in str(info.value)


def test_python_strings_with_lone_surrogates_do_not_crash(magai):
    text = "Ann \ud800 \udfff Example"
    pdf = render_letter(compose_letter(magai, sender=make_sender(text, None), message=text, date=DATE, for_the_record=True), fb=book())
    assert "Ann Example" in " ".join(page_text(pdf).split())


# -- the template side: what Jinja escaped comes back as the characters typed


@pytest.mark.parametrize("name", sorted(MARKUP))
def test_escaped_user_text_survives_the_template_allowlist(name):
    from markupsafe import escape

    spans = template_markup.parse(f"<b>{escape(MARKUP[name])}</b>", "t.j2")
    assert "".join(s.text for s in spans) == MARKUP[name]  # character for character, entities included
    assert all(s.bold for s in spans)


@pytest.mark.parametrize(
    "raw, phrase",
    [
        ('<img src="x.png"/>', "tag <img ...>"),
        ("<font color=red>x</font>", "tag <font ...>"),
        ("<onDraw name=x/>", "tag <ondraw ...>"),
        ('<b class="x">x</b>', "tag <b ...>"),
        ("<a href='https://example.org'>x</a>", "tag <a ...>"),
        ("<para>x</para>", "tag <para>"),
        ("</font>", "tag </font>"),
        ("<![CDATA[x]]>", "CDATA"),
        ("<!DOCTYPE x>", "declarations"),
        ("<?pi x?>", "processing instructions"),
    ],
)
def test_template_markup_outside_the_allowlist_is_refused_with_the_line(raw, phrase):
    source = "line one\n{% block body %}\n" + raw + "\n{% endblock %}\n"
    with pytest.raises(InputError) as info:
        template_markup.parse(raw, "mine/letters/appeal.en.j2", source)
    msg = str(info.value)
    assert msg.startswith("mine/letters/appeal.en.j2:3: "), msg
    assert phrase in msg


def test_allowed_template_markup():
    spans = template_markup.parse("<b>a</b> <i>b</i><br>c <STRONG>d</STRONG>", "t.j2")
    assert [(s.text, s.bold, s.italic) for s in spans] == [("a", True, False), (" ", False, False), ("b", False, True), ("\nc ", False, False), ("d", True, False)]
