"""w4r/typeset/pagewriter.py writes a batch's pages with exactly the bytes ReportLab's own formatter writes.

These fail when a newer ReportLab formats a page or a content stream
differently; then read pagewriter's docstring, check ReportLab's source again
and update its RL_CHECKED.
"""

from __future__ import annotations

import io

import pytest
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.pdfbase import pdfdoc

from w4r.typeset import batchcanvas, pagewriter
from w4r.typeset.batchcanvas import BatchCanvas
from w4r.typeset.canvas import canvas_kwargs
from w4r.typeset.line import draw_line


def _draw(c: BatchCanvas, link: bool = False) -> None:
    c.beginForm("shared", 0, 0, *A4)
    draw_line(c, 72, 760, "Shared text on every page", 10)
    c.endForm()
    for i in range(5):
        c.doForm("shared")
        draw_line(c, 72, 700, f"Writer {i} · Zoë Müller", 11, bold=True)
        c.saveState()
        c.setFillGray(0.45)
        draw_line(c, 72, 30, "Class 7A", 6.5)
        c.restoreState()
        if link and i == 2:
            c.linkURL("https://example.org", (72, 690, 200, 712))
        c.showPage()


def _saved(monkeypatch, fast: bool, pagesize=A4, link: bool = False) -> tuple[bytes, list]:
    if not fast:
        monkeypatch.setattr(batchcanvas, "fast_pages", lambda canvas: None)
    buf = io.BytesIO()
    c = BatchCanvas(buf, pagesize=pagesize, **canvas_kwargs())
    _draw(c, link)
    pages = c._doc.Pages.pages
    c.save()
    monkeypatch.undo()
    return buf.getvalue(), [type(p) for p in pages]


@pytest.mark.parametrize("pagesize", [A4, LETTER])
def test_plain_pages_are_written_byte_for_byte_as_reportlab_writes_them(monkeypatch, pagesize):
    fast, kinds = _saved(monkeypatch, True, pagesize)
    slow, slow_kinds = _saved(monkeypatch, False, pagesize)
    assert set(kinds) == {pagewriter._PlainPage}  # the fast path was taken ...
    assert set(slow_kinds) == {pdfdoc.PDFPage}
    assert fast == slow  # ... and wrote the same file


def test_a_page_with_more_than_the_plain_entries_keeps_reportlabs_formatting(monkeypatch):
    fast, kinds = _saved(monkeypatch, True, link=True)
    slow, _ = _saved(monkeypatch, False, link=True)
    assert fast == slow
    assert b"/Annots" in fast


def test_reportlab_still_has_what_pagewriter_reads():
    page = pdfdoc.PDFPage()
    assert {"Parent", "MediaBox", "Resources", "Contents", "Rotate", "Annots", "Trans"} <= set(page.__NoDefault__)
    assert page.__Refs__[0] == "Contents" and pdfdoc.PDFPage.format is pdfdoc.PDFCatalog.format
    assert pdfdoc.PDFStream.__RefOnly__ == 1
