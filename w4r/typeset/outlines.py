"""Glyphs drawn as outlines: the marks of a shaped cluster, which stand for no text of their own.

A PDF reader turns every glyph shown as text into characters, and it cannot
be told that a glyph means nothing: an empty ToUnicode entry makes PDFium and
MuPDF invent a character from the glyph's code, and a dot drawn with a text
rise splits the word around it in poppler.  Noto draws an Arabic letter as a
dotless shape plus its dots, and a vowel sign (ḥaraka) sits above or below
its letter; so ``bidi.shape`` shows one glyph per grapheme cluster as text
(which reads back as the whole cluster) and leaves the cluster's other glyphs
to this module, which paints them as filled outlines of the same embedded
font, in the text's colour, where the text would have put them.  Readers see
a word of letters; the page looks as before.
"""

from __future__ import annotations

from functools import lru_cache

from reportlab.lib.rl_accel import fp_str


class _PathPen:
    """A fontTools-style pen (HarfBuzz calls it) that writes PDF path operators, in font units."""

    def __init__(self):
        self.ops: list[str] = []
        self.at = (0.0, 0.0)

    def moveTo(self, p):  # noqa: N802 - the pen protocol's names
        self.ops.append(f"{_n(p[0])} {_n(p[1])} m")
        self.at = p

    def lineTo(self, p):  # noqa: N802
        self.ops.append(f"{_n(p[0])} {_n(p[1])} l")
        self.at = p

    def qCurveTo(self, *points):  # noqa: N802
        # HarfBuzz resolves TrueType's implied on-curve points: one control point, one end point.
        *controls, end = points
        start = self.at
        for i, c in enumerate(controls):
            last = i == len(controls) - 1
            stop = end if last else ((c[0] + controls[i + 1][0]) / 2, (c[1] + controls[i + 1][1]) / 2)
            # A quadratic curve as the cubic PDF draws: controls two thirds of the way to c.
            c1 = (start[0] + 2 * (c[0] - start[0]) / 3, start[1] + 2 * (c[1] - start[1]) / 3)
            c2 = (stop[0] + 2 * (c[0] - stop[0]) / 3, stop[1] + 2 * (c[1] - stop[1]) / 3)
            self.ops.append(f"{_n(c1[0])} {_n(c1[1])} {_n(c2[0])} {_n(c2[1])} {_n(stop[0])} {_n(stop[1])} c")
            start = stop
        self.at = end

    def curveTo(self, *points):  # noqa: N802
        (c1, c2, end) = points
        self.ops.append(f"{_n(c1[0])} {_n(c1[1])} {_n(c2[0])} {_n(c2[1])} {_n(end[0])} {_n(end[1])} c")
        self.at = end

    def closePath(self):  # noqa: N802
        self.ops.append("h")

    def endPath(self):  # noqa: N802
        pass


def _n(v: float) -> str:
    return f"{v:.2f}".rstrip("0").rstrip(".") or "0"


@lru_cache(maxsize=4096)
def glyph_path(font_name: str, gid: int) -> tuple[str, int]:
    """Glyph ``gid`` of ``font_name`` as PDF path operators in font units, and the font's units per em."""
    from w4r.typeset.bidi import _hb_font

    font = _hb_font(font_name)
    pen = _PathPen()
    font.draw_glyph_with_pen(gid, pen)
    return " ".join(pen.ops), font.face.upem


def marks_code(font_name: str, marks, x: float, y: float, size: float) -> str:
    """PDF operators that fill ``marks`` ((glyph id, dx, dy) in thousandths of an em) of a run drawn at (x, y)."""
    out = []
    for gid, dx, dy in marks:
        path, upem = glyph_path(font_name, gid)
        if not path:
            continue
        s = size / upem
        out.append(f"q {fp_str(s)} 0 0 {fp_str(s)} {fp_str(x + dx * size / 1000)} {fp_str(y + dy * size / 1000)} cm {path} f Q")
    return " ".join(out)


def draw_marks(canvas, glyphs, x: float, y: float, size: float, color=None) -> None:
    """Paint the marks of shaped ``glyphs`` (``bidi.shape``) drawn at (x, y), in ``color`` or the canvas's fill colour."""
    code = marks_code(glyphs.font_name, glyphs.marks, x, y, size)
    if not code:
        return
    if color is None:
        canvas.addLiteral(code)
        return
    canvas.saveState()
    canvas.setFillColor(color)
    canvas.addLiteral(code)
    canvas.restoreState()
