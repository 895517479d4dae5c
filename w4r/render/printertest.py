"""``w4r printer-test``: a two-page sheet that shows how a printer treats w4r's pages.

Printed two-sided, it answers three questions without a ruler:

- which edge the printer turns the sheet over (both pages say TOP at their top:
  turned like a book page, the back is upright for a long-edge flip and upside
  down for a short-edge flip);
- how far it shifts the page: fold the sheet in half, edges together; the
  crease crosses the centre scales at the number of millimetres to give
  ``--offset-mm X,Y`` (each side has its own scales, for ``--back-offset-mm``);
- whether it scales ("fit to page" shrinks by about 3 %): a bank card
  (ID-1, 85.60 x 53.98 mm, ISO/IEC 7810) must cover the printed box exactly, and
  the 100 mm bar must measure 100 mm.

Rulers along the edges show how close to the edge the printer prints.
"""

from __future__ import annotations

import io

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from w4r.render import formats
from w4r.typeset.canvas import canvas_kwargs, set_metadata
from w4r.typeset.fonts import FontBook
from w4r.typeset.line import draw_line

SCALE_MM = 15  # the centre scales run from -15 to +15 mm
ID1 = (85.60 * mm, 53.98 * mm)  # ISO/IEC 7810 ID-1: every bank card
EDGE_RULER_MM = 15


def _hscale(c: Canvas, cx: float, y: float, fb: FontBook) -> None:
    """A horizontal scale centred on ``cx``: mark k at cx + k mm, labelled k (what to give as X)."""
    c.setLineWidth(0.3)
    c.line(cx - SCALE_MM * mm, y, cx + SCALE_MM * mm, y)
    for k in range(-SCALE_MM, SCALE_MM + 1):
        x = cx + k * mm
        tall = 4 * mm if k % 5 == 0 else 2 * mm
        c.line(x, y, x, y + tall)
        if k % 5 == 0:
            draw_line(c, x, y - 3.2 * mm, f"{k:+d}" if k else "0", 7, align="centre", fb=fb)


def _vscale(c: Canvas, x: float, cy: float, fb: FontBook) -> None:
    """A vertical scale centred on ``cy``: mark k at k mm BELOW the centre, labelled k (what to give as Y)."""
    c.setLineWidth(0.3)
    c.line(x, cy - SCALE_MM * mm, x, cy + SCALE_MM * mm)
    for k in range(-SCALE_MM, SCALE_MM + 1):
        y = cy - k * mm
        tall = 4 * mm if k % 5 == 0 else 2 * mm
        c.line(x, y, x + tall, y)
        if k % 5 == 0:
            draw_line(c, x - 1.5 * mm, y - 2, f"{k:+d}" if k else "0", 7, align="right", fb=fb)


def _edge_rulers(c: Canvas, w: float, h: float, fb: FontBook) -> None:
    """Marks every mm from each edge inwards, numbered every 5: the first one printed shows the unprintable band."""
    c.setLineWidth(0.3)
    for k in range(1, EDGE_RULER_MM + 1):
        d = k * mm
        tall = 3 * mm if k % 5 == 0 else 1.5 * mm
        c.line(d, h / 2 + 25 * mm, d, h / 2 + 25 * mm + tall)  # left
        c.line(w - d, h / 2 + 25 * mm, w - d, h / 2 + 25 * mm + tall)  # right
        c.line(w / 2 + 30 * mm, h - d, w / 2 + 30 * mm + tall, h - d)  # top
        c.line(w / 2 + 30 * mm, d, w / 2 + 30 * mm + tall, d)  # bottom
        if k % 5 == 0:
            draw_line(c, d, h / 2 + 25 * mm + 4 * mm, str(k), 6, align="centre", fb=fb)
            draw_line(c, w - d, h / 2 + 25 * mm + 4 * mm, str(k), 6, align="centre", fb=fb)
            draw_line(c, w / 2 + 30 * mm + 4 * mm, h - d - 2, str(k), 6, fb=fb)
            draw_line(c, w / 2 + 30 * mm + 4 * mm, d - 2, str(k), 6, fb=fb)


def _side(c: Canvas, paper: str, side: str, fb: FontBook) -> None:
    w, h = formats.paper(paper).size
    cx, cy = w / 2, h / 2
    draw_line(c, cx, h - 22 * mm, "TOP", 20, bold=True, align="centre", fb=fb)
    draw_line(c, cx, h - 30 * mm, f"w4r printer test: {side} (page {1 if side == 'front' else 2} of 2), print both pages two-sided "
              "at actual size", 9, align="centre", fb=fb)
    _hscale(c, cx, cy + 12 * mm, fb)
    _vscale(c, cx - 40 * mm, cy, fb)
    # A cross at the centre, on both sides: held against the light, the two should cover each other.
    c.setLineWidth(0.6)
    c.line(cx - 6 * mm, cy, cx + 6 * mm, cy)
    c.line(cx, cy - 6 * mm, cx, cy + 6 * mm)
    _edge_rulers(c, w, h, fb)
    # The scale checks.
    left = cx - ID1[0] / 2
    box_top = cy - 30 * mm
    c.setLineWidth(0.5)
    c.roundRect(left, box_top - ID1[1], ID1[0], ID1[1], 3.18 * mm)
    draw_line(c, cx, box_top - ID1[1] / 2, "a bank card covers this box exactly", 8, align="centre", fb=fb)
    bar_y = box_top - ID1[1] - 14 * mm
    c.line(cx - 50 * mm, bar_y, cx + 50 * mm, bar_y)
    for x in (cx - 50 * mm, cx + 50 * mm):
        c.line(x, bar_y - 2 * mm, x, bar_y + 2 * mm)
    draw_line(c, cx, bar_y - 5 * mm, "100 mm", 8, align="centre", fb=fb)
    y = bar_y - 14 * mm
    lines = [
        "1. Fold the sheet in half, left edge onto right edge: the crease crosses the top scale at X.",
        "2. Fold it in half, top edge onto bottom edge: the crease crosses the left scale at Y.",
        f"3. Give w4r those numbers: --offset-mm X,Y (or print_offset_mm: \"X,Y\" in the config){' for the backs: --back-offset-mm X,Y' if side == 'back' else ''}.",
        "4. The box and the bar too small? Turn off 'Fit to page' (choose 'Actual size' or 100 %).",
    ]
    if side == "back":
        lines.insert(0, "Turn the sheet over like a book page. This side upright: your printer flips on the LONG edge;")
        lines.insert(1, "upside down: on the SHORT edge. w4r says for each file which edge to choose.")
    for line in lines:
        draw_line(c, 20 * mm, y, line, 8, fb=fb)
        y -= 11


def render_printer_test(paper: str = "a4", offset_mm: tuple[float, float] = (0, 0),
                        back_offset_mm: tuple[float, float] | None = None, *, fb: FontBook) -> bytes:
    """The two-page test sheet; with an offset, printed as w4r would print with it (the creases then cross 0)."""
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=formats.paper(paper).size, **canvas_kwargs(fb))
    for side, (dx, dy) in (("front", offset_mm), ("back", back_offset_mm or offset_mm)):
        c.saveState()
        c.translate(dx * mm, -dy * mm)
        _side(c, paper, side, fb)
        c.restoreState()
        c.showPage()
    set_metadata(c, "w4r printer test")
    c.save()
    return buf.getvalue()
