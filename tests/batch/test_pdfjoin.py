"""Joining w4r's own PDFs: every page in order, fonts embedded, subsets kept apart, same bytes every time."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader
from reportlab.pdfgen.canvas import Canvas

from tests.conftest import fonts_used, in_fresh_process, page_count, page_size, page_text
from w4r.typeset.pdfjoin import JoinError, join
from w4r.render import geometry as g
from w4r.typeset.canvas import canvas_kwargs
from w4r.typeset.line import draw_line


def pdf(words: list[str], size=g.A4) -> bytes:
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=size, **canvas_kwargs())
    for w in words:
        draw_line(c, 72, 500, w, 12)
        draw_line(c, 72, 400, w.upper(), 12, bold=True)
        c.showPage()
    c.save()
    return buf.getvalue()


def test_pages_in_order_with_their_text_and_sizes():
    a, b, c = pdf(["alpha", "beta"]), pdf(["gamma"], g.A4_LANDSCAPE), pdf(["delta", "epsilon", "zeta"])
    joined = join([a, b, c], title="Batch")
    assert page_count(joined) == 6
    assert [page_text(joined, i).split()[0] for i in range(6)] == ["alpha", "beta", "gamma", "delta", "epsilon", "zeta"]
    assert page_size(joined, 2) == pytest.approx(g.A4_LANDSCAPE, abs=0.01)
    PdfReader(io.BytesIO(joined), strict=True).pages[5].extract_text()
    assert PdfReader(io.BytesIO(joined)).metadata.title == "Batch"


def test_fonts_stay_embedded_and_each_part_keeps_its_own_subset_names():
    joined = join([pdf(["alpha"]), pdf(["omega"]), pdf(["sigma"])])
    fonts = fonts_used(joined)
    assert all(fonts.values())
    # Three parts, each with its own regular and bold subset, none sharing a name.
    assert len(fonts) == 6


def test_same_input_same_bytes_in_other_processes_and_single_part():
    parts = [pdf(["one"]), pdf(["two"])]
    here = join(parts)
    code = (
        f"import sys; from {__name__} import pdf; from {join.__module__} import join; "
        "sys.stdout.buffer.write(join([pdf(['one']), pdf(['two'])]))"
    )
    assert in_fresh_process(code, 1) == here
    assert in_fresh_process(code, 2) == here
    assert page_count(join(parts[:1])) == 1


def test_not_a_pdf_is_a_join_error():
    with pytest.raises(JoinError):
        join([b"%PDF-1.4\nnot really\n"])
    with pytest.raises(JoinError):
        join([])
