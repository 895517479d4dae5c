"""The batch renderer prints each letter exactly as 'w4r letter' does: same words at the same places."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io

import pytest

from tests.conftest import MM, fonts_used, page_count, page_size, page_text, text_runs
from w4r.typeset.fonts import book
from w4r.render.batch_letter import LetterPrinter
from w4r.typeset.batchcanvas import BatchCanvas
from w4r.cases import CaseLibrary
from w4r.compose.letter import compose_letter, personal_paragraphs
from w4r.compose.sender import make_sender
from w4r.render import formats
from w4r.render.letter import render_letter
from w4r.typeset.canvas import canvas_kwargs

LONG = "\n\n".join(f"Paragraph {i}: " + "I keep thinking about this case and what it means. " * 8 for i in range(9))


def batch_pdf(letters, paper="a4", labels=None):
    buf = io.BytesIO()
    c = BatchCanvas(buf, pagesize=formats.paper(paper).letter.page, **canvas_kwargs())
    printer = LetterPrinter(c, paper, fb=book())
    starts, page = [], 0
    for i, letter in enumerate(letters):
        starts.append(page)
        page += printer.add(letter, label=(labels or {}).get(i, ""))
    c.save()
    return buf.getvalue(), starts, printer


def runs(pdf, page):
    # Stripped: ReportLab's paragraphs end a line with T*, which pypdf reads as a trailing newline.
    return sorted((r.text.strip(), round(r.x, 2), round(r.top, 2), round(r.size, 2)) for r in text_runs(pdf, page))


@pytest.fixture(scope="module")
def letters():
    lib = CaseLibrary.open(None)
    day = dt.date(2026, 12, 10)
    out = []
    for case_id in ("luis-manuel", "chow-hang-tung"):
        base = compose_letter(lib.get(case_id), sender=make_sender(None, None), date=day)
        for sender in (make_sender("Ann Example", "12 High Street|Anytown AB1 2CD|UNITED KINGDOM"), make_sender(None, None), make_sender("李小龍", None)):
            for message in ("", "We think of you every day.", "A longer note. " * 30 + "\n\nAnd a second paragraph.", LONG,
                            "نحن نفكر فيك كل يوم ونتمنى لك الحرية قريبا."):
                out.append(dataclasses.replace(base, sender=sender, personal=personal_paragraphs(message)))
    return out


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_every_page_matches_the_single_letter(letters, paper):
    chosen = letters if paper == "a4" else letters[:4]
    pdf, starts, printer = batch_pdf(chosen, paper)
    assert printer.fast and printer.slow  # both ways of drawing are covered
    total = 0
    for letter, start in zip(chosen, starts):
        single = render_letter(letter, paper=paper, fb=book())
        n = page_count(single)
        total += n
        for p in range(n):
            assert runs(pdf, start + p) == runs(single, p), (letter.case_id, letter.sender.name, p)
    assert page_count(pdf) == total
    assert page_size(pdf) == page_size(render_letter(chosen[0], paper=paper, fb=book()))


def test_shared_text_is_laid_out_once(letters):
    same = [l for l in letters if l.case_id == "luis-manuel" and len(l.personal) <= 1]
    _pdf, _starts, printer = batch_pdf(same)
    assert printer.slow == 0 and len(printer._shared) == 1


def test_long_letters_number_their_own_pages(letters):
    long_ones = [l for l in letters if l.personal and l.personal[0].startswith("Paragraph 0")][:2]
    pdf, starts, _ = batch_pdf(long_ones)
    second = starts[1]
    assert "Page 1 of 2" in page_text(pdf, second) and "Page 2 of 2" in page_text(pdf, second + 1)
    assert "Page 2 of 2" in page_text(pdf, second - 1)


def test_group_label_at_the_foot_of_the_last_page(letters):
    pdf, starts, _ = batch_pdf(letters[:1] + letters[3:4], labels={0: "Class 7B", 1: "Table 4"})
    w, h = page_size(pdf)
    for page, label in ((starts[0], "Class 7B"), (page_count(pdf) - 1, "Table 4")):
        (run,) = [r for r in text_runs(pdf, page) if label in r.text]
        assert run.size == pytest.approx(6.5)
        assert 5 * MM <= run.x < w / 2 and h - 20 * MM < run.top <= h - 5 * MM
    assert "Table 4" not in page_text(pdf, starts[1])  # only on the last page of a long letter


def test_fonts_embedded_and_streams_binary(letters):
    pdf, _, _ = batch_pdf(letters[:3])
    fonts = fonts_used(pdf)
    assert fonts and all(fonts.values())
    assert b"ASCII85Decode" not in pdf


def test_layout_reused_by_a_second_document_is_drawn_the_same(letters):
    # --split makes one document per letter: the second reuses the first's layout.
    first, second = letters[1], letters[4]
    assert first.texts is second.texts
    batch_pdf([first])
    pdf, _, _ = batch_pdf([second])
    assert runs(pdf, 0) == runs(render_letter(second, fb=book()), 0)


def test_pages_share_one_resource_dictionary(letters):
    import re

    from pypdf import PdfReader

    pdf, _, _ = batch_pdf(letters[:6])
    reader = PdfReader(io.BytesIO(pdf))
    shared = {page.raw_get("/Resources").idnum for page in reader.pages}
    assert len(shared) == 1
    for page in reader.pages:
        resources = page["/Resources"]
        content = page.get_contents().get_data().decode("latin-1")
        for form in re.findall(r"/(\S+) Do", content):
            assert f"/{form}" in resources["/XObject"]
        for font in re.findall(r"/(\S+) [\d.]+ Tf", content):
            assert f"/{font}" in resources["/Font"]
