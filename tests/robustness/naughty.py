"""A corpus of nasty inputs, and what "printed as typed" means for each.

Every input is something a volunteer could paste into a name, an address, a
message or a spreadsheet cell, on purpose or not.  The tests push them through
letters, cards, envelopes and batches and expect either a PDF that shows the
text, or one clean w4r error.

``expected_text`` says what a reader of the PDF should find: the input with
control characters dropped, whitespace folded, NFKC applied (a PDF text
extractor gives back Arabic presentation forms and ligatures in their
compatibility forms, which is also how a character no font has but with such
a form is printed), invisible format characters and characters no bundled
font can print left out.
"""

from __future__ import annotations

import re
import unicodedata

# name -> text.  Short enough for a name or an address line unless the name says otherwise.
MARKUP = {
    "bold_tag": "<b>bold?</b> end",
    "font_tag": '<font color="red" size="40">red</font>',
    "img_path": '<img src="/etc/passwd" width="100" height="100"/>',
    "img_url": '<img src="https://example.org/x.png"/>',
    "ondraw": '<onDraw name="drawSomething" label="x"/>',
    "para_and_br": "<para>x</para><br/><seq id=a/><a href='x'>link</a>",
    "bad_charref": "&#x110000; &#0; &#xD800; &bogus; &",
    "good_entities": "&lt;b&gt; &amp;amp; &quot; &#60; &nbsp;",
    "cdata_pi_comment": "<![CDATA[ c ]]> <?xml version='1.0'?> <!-- c --> <!DOCTYPE x>",
    "unclosed": "<b <i <font a < > >> &lt",
    "quotes": "O'Brien \"quoted\" `tick` \\ back\\slash",
    "jinja_syntax": "{{ 7*7 }} {% raw %} {# c #} ${x} $(whoami) %s %(x)s {0}",
}

UNICODE = {
    "bidi_override": "abc\u202edef\u202c ghi",
    "bidi_isolates": "\u2066iso\u2069 \u2067rtl\u2069 \u2068fsi\u2069 \u200e\u200f",
    "zero_width": "zero\u200bwidth\u200cnon\u200djoiner\u2060word\ufeffbom",
    "emoji_zwj": "family \U0001f468\u200d\U0001f469\u200d\U0001f467 flag \U0001f3f3\ufe0f\u200d\U0001f308 wave \U0001f44b\U0001f3fd",
    "combining_flood": "Z" + "\u0301" * 500,
    "controls": "a\x00b\x01c\x07d\x1b[31me\x7ff\x85g\x9bh",
    "lone_surrogates": "x\ud800y\udfffz",
    "noncharacters": "a\ufffeb\uffffc\U0010ffffd\ufdd0e",
    "rtl_mix": "Hello \u0645\u0631\u062d\u0628\u0627 world \u05e9\u05dc\u05d5\u05dd 123",
    "cjk": "\u9112\u5e78\u5f64 \u548c \u4e2d\u6587",
    "line_separators": "a\u2028b\u2029c",
    "spaces": "\tt  two  \u00a0nbsp\u3000ideo\u2003em",
    "compat": "\U0001d401\U0001d428\U0001d425\U0001d41d \ufb01 \u2460 \uff21",
    "private_unassigned": "p\ue000q\U000f0000r\u0378s\U000e0041t",
    "variation": "\u2603\ufe0f \u2603\ufe0e",
    "dangling_combining": "\u0301\u0308start",
}

# Messages only (too long for a name or an address line).
LONG = {
    "newlines": "line one\nline two\n\nparagraph two\r\nwindows\rold mac\n\n\n\nlast",
    "long_word_3000": "Wide" + "w" * 3000 + "end",
    "long_word_20000": "x" * 20_000,
    "message_100kB": "word " * 20_000,
}

NAUGHTY: dict[str, str] = {**MARKUP, **UNICODE}
ALL: dict[str, str] = {**NAUGHTY, **LONG}

# Bytes for --message-file and rosters: what a file on disk can hold that a str cannot.
RAW = {
    "invalid_utf8": b"caf\xe9 \xff\xfe bytes",
    "surrogate_utf8": b"x \xed\xa0\x80 y",  # UTF-8 encoded lone surrogate (CESU)
    "nul_bytes": b"a\x00b",
    "utf16_bom": "hello".encode("utf-16"),
    "overlong": b"\xc0\xaf etc",
}


_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]")


def fold(text: str) -> str:
    """Text as compared: NFKC, no control or format characters, and no whitespace at all.

    Whitespace goes entirely because a long word wrapped over lines comes out
    of the PDF with line breaks inside it.
    """
    text = _CONTROLS.sub("", text)
    text = unicodedata.normalize("NFKC", text)
    return "".join(
        ch for ch in text if not ch.isspace() and unicodedata.category(ch) not in ("Cf", "Cc", "Cs", "Co", "Cn", "Mn", "Me", "Sk")
    )


def printable(text: str) -> str:
    """``text`` without the characters no bundled font has a glyph for (they print as gaps).

    A character with a stand-in (its compatibility form, e.g. a mathematical
    bold A) stays: it prints as that form, which is what ``fold`` turns it into.
    """
    from w4r.typeset.fonts import book

    fb = book()
    return "".join(
        ch for ch in text
        if ch.isspace() or unicodedata.category(ch) in ("Cf", "Cc", "Cs", "Mn", "Me") or fb.face_for(ch) is not None or fb.stand_in(ch) is not None
    )


def expected_text(text: str) -> str:
    """What the PDF's text must contain for ``text`` (see the module docstring)."""
    return fold(printable(_CONTROLS.sub("", text)))


_FOOTER = re.compile(r"Page \d+ of \d+")
# pypdf's text extraction treats these as right-to-left and turns the text
# around them (U+FEFF, the byte-order mark, included), whatever the PDF shows.
_PYPDF_RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")


def shows(pdf_text: str, text: str) -> bool:
    """Whether text extracted from a PDF shows ``text`` as typed.

    Right-to-left text comes out of the PDF in visual order, so for text with
    any right-to-left character every character must be there (as a multiset)
    rather than the string in order.
    """
    from collections import Counter

    from w4r.typeset.bidi import needs_bidi

    got = fold(_FOOTER.sub("", pdf_text))
    want = expected_text(text)
    if not needs_bidi(_CONTROLS.sub("", text)) and not _PYPDF_RTL.search(text):  # RLM and Arabic digits reorder too
        return want in got
    have = Counter(got)
    return all(have[ch] >= n for ch, n in Counter(want).items())
