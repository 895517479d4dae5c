"""ReportLab's internals that w4r uses (w4r/typeset/rlinternals.py, tounicode.py): each still there and still meaning what w4r takes it to mean.

These fail when a newer ReportLab renames or changes one of them; then read
the function's comment, check ReportLab's source again and update RL_CHECKED.
"""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader
from reportlab import rl_config
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Frame, Paragraph, SimpleDocTemplate
from reportlab.lib.styles import getSampleStyleSheet

from tests.conftest import page_count, page_text, word_boxes
from w4r.typeset import rlinternals as rl
from w4r.typeset.batchcanvas import BatchCanvas
from w4r.typeset.canvas import canvas_kwargs


class Mark(Flowable):
    """A box of fixed size with a word at its bottom left; aligned in its frame by ``hAlign``."""

    def __init__(self, word: str, width: float, height: float, align: str = "LEFT"):
        super().__init__()
        self.word, self.width, self.height, self.hAlign = word, width, height, align

    def wrap(self, aw, ah):
        return self.width, self.height

    def draw(self):
        self.canv.setFont("Helvetica", 10)
        self.canv.drawString(0, 2, self.word)


def boxes(pdf: bytes, page: int):
    return [(w.text, round(w.x0, 2), round(w.top, 2)) for w in word_boxes(pdf, page)]


def frame() -> Frame:
    return Frame(60, 80, 400, 600, leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=12)


def test_frame_area_is_where_a_frame_places_flowables():
    area = rl.frame_area(frame())
    assert (area.x, area.width, area.top, area.bottom) == (60, 400, 680, 92)
    c = Canvas(io.BytesIO())
    # The bottom is the lowest point Frame.add lets a flowable reach.
    assert frame().add(Mark("fits", 100, area.top - area.bottom), c) == 1
    assert frame().add(Mark("too tall", 100, area.top - area.bottom + 1), c) == 0


def test_flowables_drawn_by_our_functions_land_where_a_frame_puts_them_also_inside_a_form():
    def marks():
        return [Mark("right", 120, 30, "RIGHT"), Mark("centre", 80, 20, "CENTER"), Mark("left", 50, 25)]

    buf = io.BytesIO()
    c = Canvas(buf, pagesize=A4)
    frame().addFromList(marks(), c)  # platypus's own placement
    c.showPage()
    area = rl.frame_area(frame())
    c.beginForm("placed")
    y = area.top
    for m in marks():
        w, h = m.wrap(area.width, y - area.bottom)
        y -= h
        rl.draw_flowable(m, c, area.x, y, room=area.width, width=w)
    c.endForm()
    c.doForm("placed")
    c.showPage()
    c.save()
    pdf = buf.getvalue()
    assert [b[0] for b in boxes(pdf, 0)] == ["right", "centre", "left"]
    assert boxes(pdf, 1) == boxes(pdf, 0)
    assert boxes(pdf, 0)[0][1] > boxes(pdf, 0)[2][1] + 200  # hAlign was applied: the room beside it reached drawOn


def test_build_onto_leaves_the_canvas_open_for_more_pages():
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=A4)
    doc = SimpleDocTemplate(io.BytesIO(), pagesize=A4)
    rl.build_onto(doc, [Paragraph("From platypus", getSampleStyleSheet()["Normal"])], c)
    assert buf.getvalue() == b""  # not saved
    c.setFont("Helvetica", 12)
    c.drawString(72, 700, "Drawn after")
    c.showPage()
    c.save()
    pdf = buf.getvalue()
    assert page_count(pdf) == 2
    assert "From platypus" in page_text(pdf, 0) and "Drawn after" in page_text(pdf, 1)


def test_a_kept_page_state_is_the_whole_page():
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=A4)
    kept = []
    for word in ("first", "second"):
        c.setFont("Helvetica", 12)
        c.drawString(72, 700, word)
        kept.append(rl.page_state(c))
        rl.next_page(c)
    for state in reversed(kept):
        rl.restore_page(c, state)
        c.showPage()
    c.save()
    pdf = buf.getvalue()
    assert page_count(pdf) == 2
    assert [page_text(pdf, i).strip() for i in range(2)] == ["second", "first"]


def _saved(draw=None, binary: bool = False) -> bytes:
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=A4, pageCompression=1)
    c.drawString(72, 700, "words")
    if draw:
        draw(c)
    c.showPage()
    if binary:
        with rl.binary_streams():
            c.save()
    else:
        c.save()
    return buf.getvalue()


def test_binary_streams_drop_ascii85_and_restore_the_switch():
    before = rl_config.useA85
    assert before  # ReportLab's default: ASCII85 on top of Flate
    assert b"/ASCII85Decode" in _saved()
    assert b"/ASCII85Decode" not in _saved(binary=True)
    assert rl_config.useA85 == before
    with pytest.raises(RuntimeError):
        with rl.binary_streams():
            assert rl_config.useA85 == 0
            raise RuntimeError
    assert rl_config.useA85 == before


def test_a_batch_canvas_shares_resources_writes_binary_streams_and_restores_the_switch():
    before = rl_config.useA85
    buf = io.BytesIO()
    c = BatchCanvas(buf, pagesize=A4, **canvas_kwargs())
    c.beginForm("shared")
    c.drawString(72, 600, "from a form")
    c.endForm()
    for i in range(3):
        c.doForm("shared")
        c.drawString(72, 700, f"page {i}")
        c.showPage()
    c.save()
    assert rl_config.useA85 == before
    pdf = buf.getvalue()
    assert b"/ASCII85Decode" not in pdf
    pages = PdfReader(io.BytesIO(pdf)).pages
    refs = {p.raw_get("/Resources").idnum for p in pages}
    assert len(refs) == 1  # one resource dictionary for every page
    assert all("/XObject" in p["/Resources"] for p in pages)
    assert [page_text(pdf, i).split()[-2:] for i in range(3)] == [["page", "0"], ["page", "1"], ["page", "2"]]


def test_sharing_resources_leaves_pages_alone_that_use_more_than_fonts_and_forms():
    c = Canvas(io.BytesIO(), pagesize=A4)
    c.drawString(72, 700, "plain")
    c.showPage()
    c.linearGradient(0, 0, 100, 100, ((1, 0, 0), (0, 0, 1)))  # a shading
    c.showPage()
    assert rl.share_page_resources(c) is False
    c = Canvas(io.BytesIO(), pagesize=A4)
    c.setFillAlpha(0.5)  # a graphics state
    c.drawString(72, 700, "see-through")
    c.showPage()
    c.drawString(72, 700, "plain")
    c.showPage()
    assert rl.share_page_resources(c) is False
    c = Canvas(io.BytesIO(), pagesize=A4)
    for _ in range(2):
        c.drawString(72, 700, "plain")
        c.showPage()
    assert rl.share_page_resources(c) is True


def test_set_language_writes_the_catalogs_lang():
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=A4)
    rl.set_language(c, "es")
    c.showPage()
    c.save()
    assert PdfReader(io.BytesIO(buf.getvalue())).trailer["/Root"]["/Lang"] == "es"


# --- tounicode: ReportLab's ToUnicode table, replaced at import -------------------------------------


def test_reportlab_still_has_the_function_tounicode_replaces():
    from w4r.typeset import tounicode

    assert ttfonts.makeToUnicodeCMap is tounicode._to_unicode_cmap
    assert "makeToUnicodeCMap" in ttfonts.__dict__
    # ReportLab's writer looks the name up in its module when it saves (not a copy taken at import).
    import inspect

    assert "makeToUnicodeCMap(" in inspect.getsource(ttfonts)


def test_reportlab_calls_it_at_save_time_and_the_alias_reads_back(monkeypatch):
    from w4r.typeset import tounicode
    from w4r.typeset.fonts import book

    calls = []

    def counting(fontname, subset):
        calls.append(fontname)
        return tounicode._to_unicode_cmap(fontname, subset)

    monkeypatch.setattr(ttfonts, "makeToUnicodeCMap", counting)
    name = book().font_name("sans")
    face = pdfmetrics.getFont(name).face
    gid = face.charToGlyph[ord("f")]
    ch = tounicode.alias(face, gid, "ff")  # glyph "f" standing for "ff"
    assert ord(ch) >= 0x100000
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=A4, **canvas_kwargs())
    c.setFont(name, 14)
    c.drawString(72, 700, "of" + ch + "ice")
    c.showPage()
    c.save()
    assert calls  # ReportLab asked the module function for the table
    assert page_text(buf.getvalue(), 0).strip() == "offfice"


# --- Nothing outside typeset/ reaches into ReportLab --------------------------------------------------

# ReportLab's private names w4r has used (frames, documents, canvases, pages) and its
# modules of internals; outside w4r/typeset/ they go through rlinternals.
RL_PRIVATE = {"_x1", "_y1", "_y2", "_y1p", "_width", "_height", "_doSave", "_doc", "_startPage", "_code",
              "_colorsUsed", "_shadingUsed", "_fontname", "_fontsize", "_leading", "_pagesize", "_sW"}
RL_INTERNAL_MODULES = {"reportlab.rl_config", "reportlab.pdfbase.pdfdoc", "reportlab.pdfbase.ttfonts"}


def test_no_reportlab_internals_outside_typeset():
    import ast
    from pathlib import Path

    package = Path(rl.__file__).resolve().parent.parent
    found = []
    for path in sorted(package.rglob("*.py")):
        rel = path.relative_to(package.parent)
        if rel.parts[1] == "typeset":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and node.attr in RL_PRIVATE:
                if not (isinstance(node.value, ast.Name) and node.value.id in ("self", "cls")):
                    found.append(f"{rel}:{node.lineno}: .{node.attr}")
            elif isinstance(node, ast.keyword) and node.arg in RL_PRIVATE:
                found.append(f"{rel}:{node.lineno}: {node.arg}=")
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = {f"{node.module}.{a.name}" for a in node.names} | {node.module}
                found += [f"{rel}:{node.lineno}: imports {n}" for n in names & RL_INTERNAL_MODULES]
            elif isinstance(node, ast.Import):
                found += [f"{rel}:{node.lineno}: imports {a.name}" for a in node.names if a.name in RL_INTERNAL_MODULES]
    assert not found, "ReportLab internals outside w4r/typeset (use w4r.typeset.rlinternals):\n" + "\n".join(found)
