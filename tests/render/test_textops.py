"""Text written as PDF operators reads back as the same text, at the same place, in the embedded font."""

from __future__ import annotations

import io

from reportlab.pdfgen.canvas import Canvas

from tests.conftest import fonts_used, page_text, text_runs
from w4r.typeset.fonts import book
from w4r.typeset.canvas import canvas_kwargs
from w4r.typeset.textops import show_text


def _pdf(lines) -> bytes:
    buf = io.BytesIO()
    c = Canvas(buf, **canvas_kwargs())
    name = book().font_name(book().base)
    for y, text in lines:
        show_text(c, 72, y, text, name, 11)
    c.save()
    return buf.getvalue()


def test_lines_read_back_where_they_were_put():
    pdf = _pdf([(700, "Ann Example"), (680, "12 High Street (flat 2) \\ back door"), (660, "Ann Example")])
    runs = sorted((r.text.strip(), round(r.x, 2), round(r.top, 2), r.size) for r in text_runs(pdf))
    height = 841.89
    assert runs == sorted([
        ("Ann Example", 72.0, round(height - 700, 2), 11.0),
        ("12 High Street (flat 2) \\ back door", 72.0, round(height - 680, 2), 11.0),
        ("Ann Example", 72.0, round(height - 660, 2), 11.0),
    ])
    assert fonts_used(pdf) and all(fonts_used(pdf).values())  # embedded, no standard font


def test_more_characters_than_one_font_subset_holds():
    # A TrueType subset holds 256 codes: 300 different letters need two, and a
    # line made of characters seen before is encoded without asking ReportLab again.
    fb = book()
    base = fb.cmap(fb.base)
    letters = [chr(cp) for cp in range(0x100, 0x600) if cp in base and chr(cp).isalpha()][:300]
    assert len(letters) == 300
    first, second = "".join(letters[:150]), "".join(letters[150:])
    pdf = _pdf([(700, first), (680, second), (660, first + second)])
    text = page_text(pdf).replace("\n", "")
    assert first in text and second in text and text.count(first) == 2
