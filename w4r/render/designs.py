"""The card fronts: original vector pictures drawn with ReportLab paths.

Each design draws into a box in a design space 100 units wide (and as tall as
the box's proportions make it, ``Pen.H``), so the same picture fills an A5 panel
or an A6 postcard.  Every design has an outline version for colouring in: the
same shapes, white inside, black lines a child can colour between.

Rules for new designs (writing-guidance notes): warm and plain; no logos of any
organisation (so no candle, which is Amnesty's); no religious symbols; nothing
of Christmas or New Year (no stars, trees, bells, snow).  ``motifs`` names what
a design shows, so a case's card rules can refuse a motif (checked in the command).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable

from w4r.errors import InputError

OUTLINE_SUFFIX = "-outline"
OUTLINE_LINE = 1.3  # points: a line wide enough to colour up to


class Pen:
    """Draws in design units (x 0-100 from the left, y 0-H from the bottom) onto a box of the canvas."""

    def __init__(self, canvas, x: float, y: float, width: float, height: float, outline: bool):
        self.c = canvas
        self.x0, self.y0 = x, y
        self.unit = width / 100.0
        self.H = height / self.unit
        self.outline = outline

    def pt(self, x: float, y: float) -> tuple[float, float]:
        return self.x0 + x * self.unit, self.y0 + y * self.unit

    def path(self, points: list) -> object:
        """A path from ("M", x, y), ("L", x, y), ("C", x1, y1, x2, y2, x, y) and ("Z",) steps."""
        p = self.c.beginPath()
        for step in points:
            op, *xy = step
            coords = [v for i in range(0, len(xy), 2) for v in self.pt(xy[i], xy[i + 1])]
            if op == "M":
                p.moveTo(*coords)
            elif op == "L":
                p.lineTo(*coords)
            elif op == "C":
                p.curveTo(*coords)
            elif op == "Z":
                p.close()
        return p

    def paint(self, path, fill: str | None, line: str | None = None, width: float = 0.8) -> None:
        """Fill and/or stroke a path; in outline mode every shape is white with a black line."""
        c = self.c
        c.saveState()
        if self.outline:
            c.setFillColor("#FFFFFF")
            c.setStrokeColor("#000000")
            c.setLineWidth(OUTLINE_LINE)
            c.setLineJoin(1)
            c.setLineCap(1)
            c.drawPath(path, stroke=1, fill=1 if fill else 0)
        else:
            if fill:
                c.setFillColor(fill)
            if line:
                c.setStrokeColor(line)
                c.setLineWidth(width)
                c.setLineJoin(1)
                c.setLineCap(1)
            c.drawPath(path, stroke=1 if line else 0, fill=1 if fill else 0)
        c.restoreState()

    def circle(self, cx: float, cy: float, r: float, fill: str | None, line: str | None = None, width: float = 0.8) -> None:
        self.paint(self.path(_ellipse(cx, cy, r, r, 0)), fill, line, width)

    def ellipse(self, cx: float, cy: float, rx: float, ry: float, angle: float, fill: str | None, line: str | None = None, width: float = 0.8) -> None:
        self.paint(self.path(_ellipse(cx, cy, rx, ry, angle)), fill, line, width)

    def background(self, colour: str) -> None:
        """A colour wash over the whole box (nothing in outline mode)."""
        if not self.outline:
            self.paint(self.path([("M", 0, 0), ("L", 100, 0), ("L", 100, self.H), ("L", 0, self.H), ("Z",)]), colour)


def _ellipse(cx: float, cy: float, rx: float, ry: float, angle: float) -> list:
    """Four Bezier arcs approximating an ellipse rotated by ``angle`` degrees."""
    k = 0.5523  # control-point distance for a quarter circle
    a = math.radians(angle)
    ca, sa = math.cos(a), math.sin(a)

    def rot(x: float, y: float) -> tuple[float, float]:
        return cx + x * ca - y * sa, cy + x * sa + y * ca

    pts = [(rx, 0), (0, ry), (-rx, 0), (0, -ry)]
    ctrl = [((rx, k * ry), (k * rx, ry)), ((-k * rx, ry), (-rx, k * ry)), ((-rx, -k * ry), (-k * rx, -ry)), ((k * rx, -ry), (rx, -k * ry))]
    steps: list = [("M", *rot(*pts[0]))]
    for i in range(4):
        (c1, c2), end = ctrl[i], pts[(i + 1) % 4]
        steps.append(("C", *rot(*c1), *rot(*c2), *rot(*end)))
    steps.append(("Z",))
    return steps


# --- Sunrise -----------------------------------------------------------------


def _sunrise(pen: Pen) -> None:
    H = pen.H
    horizon = H * 0.38
    pen.background("#FDF0DA")
    sun_x, sun_r = 50, min(21, H * 0.24)
    # Rays: long thin wedges fanning out from behind the sun.
    for i in range(13):
        a = math.radians(180 * i / 12)
        a1, a2 = a - 0.045, a + 0.045
        far = 80
        pen.paint(
            pen.path([
                ("M", sun_x + sun_r * 1.15 * math.cos(a), horizon + sun_r * 1.15 * math.sin(a)),
                ("L", sun_x + far * math.cos(a1), horizon + far * math.sin(a1)),
                ("L", sun_x + far * math.cos(a2), horizon + far * math.sin(a2)),
                ("Z",),
            ]),
            "#F9D8A4",
        )
    pen.circle(sun_x, horizon, sun_r * 1.35, "#FBCB84")
    pen.circle(sun_x, horizon, sun_r, "#F29A38")
    # Birds: two strokes each, a child's "m".
    for bx, by, s in ((22, H * 0.78, 4.2), (31, H * 0.86, 3.2), (74, H * 0.8, 3.8)):
        pen.paint(
            pen.path([("M", bx - s, by), ("C", bx - s * 0.6, by + s * 0.7, bx - s * 0.2, by + s * 0.5, bx, by - s * 0.1), ("C", bx + s * 0.2, by + s * 0.5, bx + s * 0.6, by + s * 0.7, bx + s, by)]),
            None,
            "#6B4F45",
            1.1,
        )
    # Hills, back to front; each one is closed along the bottom of the box.
    pen.paint(pen.path([("M", 0, horizon + 4), ("C", 18, horizon + 14, 38, horizon + 6, 55, horizon - 2), ("C", 70, horizon - 8, 88, horizon + 8, 100, horizon + 3), ("L", 100, 0), ("L", 0, 0), ("Z",)]), "#A8CFA0")
    pen.paint(pen.path([("M", 0, horizon - 10), ("C", 25, horizon - 1, 45, horizon - 20, 70, horizon - 12), ("C", 82, horizon - 8, 92, horizon - 10, 100, horizon - 14), ("L", 100, 0), ("L", 0, 0), ("Z",)]), "#6FAE74")
    pen.paint(pen.path([("M", 0, horizon - 24), ("C", 30, horizon - 34, 60, horizon - 18, 100, horizon - 30), ("L", 100, 0), ("L", 0, 0), ("Z",)]), "#4E8F62")
    # A path winding up towards the sun.
    pen.paint(pen.path([("M", 44, 0), ("C", 46, horizon * 0.35, 62, horizon * 0.45, 55, horizon * 0.72), ("L", 57, horizon * 0.72), ("C", 68, horizon * 0.45, 56, horizon * 0.3, 60, 0), ("Z",)]), "#F3DDB3")


# --- Dove --------------------------------------------------------------------


def _dove(pen: Pen) -> None:
    H = pen.H
    cy = H * 0.5
    pen.background("#E3EFF8")
    pen.circle(50, cy, min(44, H * 0.46), "#C6DDF0")
    line, w = "#4F6F8F", 1.0
    # The bird, branch and hearts span y 24-96 of a 100-unit square: centre that
    # span in the box and shrink it on a short (landscape) box.
    s = min(1.0, 0.9 * H / 72)
    ox, oy = 50 - 50 * s, cy - 60 * s

    def P(x: float, y: float) -> tuple[float, float]:
        return ox + x * s, oy + y * s

    def shape(steps: list) -> list:
        out = []
        for op, *xy in steps:
            out.append((op, *[v for i in range(0, len(xy), 2) for v in P(xy[i], xy[i + 1])]))
        return out

    # Far wing, behind the body.
    pen.paint(pen.path(shape([("M", 46, 55), ("C", 50, 70, 62, 84, 80, 90), ("C", 76, 82, 75, 76, 77, 70), ("C", 72, 70, 68, 66, 66, 60), ("Z",)])), "#F4F8FB", line, w)
    # Tail: a fan of three feathers.
    pen.paint(pen.path(shape([("M", 36, 51), ("L", 8, 58), ("C", 9, 53, 10, 50, 12, 48), ("C", 8, 46, 7, 42, 7, 38), ("L", 36, 43), ("Z",)])), "#FFFFFF", line, w)
    # Body and head.
    pen.paint(
        pen.path(shape([
            ("M", 28, 47),
            ("C", 40, 38, 58, 36, 70, 44),
            ("C", 76, 48, 80, 52, 84, 56),  # throat up to the beak
            ("C", 84, 62, 80, 67, 74, 67),  # crown of the head
            ("C", 68, 67, 65, 63, 63, 59),
            ("C", 52, 56, 40, 54, 28, 47),
            ("Z",),
        ])),
        "#FFFFFF",
        line,
        w,
    )
    # Near wing, raised, with scalloped feathers along its trailing edge.
    pen.paint(
        pen.path(shape([
            ("M", 38, 54),
            ("C", 34, 70, 38, 86, 50, 96),
            ("C", 52, 90, 55, 87, 58, 86),
            ("C", 58, 80, 60, 77, 63, 76),
            ("C", 62, 70, 63, 66, 66, 63),
            ("C", 60, 58, 50, 55, 38, 54),
            ("Z",),
        ])),
        "#FFFFFF",
        line,
        w,
    )
    # Beak, eye.
    pen.paint(pen.path(shape([("M", 83.5, 59.5), ("L", 91, 57.5), ("L", 83.5, 55.5), ("Z",)])), "#F2A03D", line, 0.6)
    ex, ey = P(76.5, 61)
    pen.circle(ex, ey, 1.3 * s, "#2E3B4E")
    # Olive branch in the beak: a stem and leaves.
    pen.paint(pen.path(shape([("M", 88, 57), ("C", 92, 52, 94, 46, 92, 38)])), None, "#5E7F2E", 1.2)
    for lx, ly, ang in ((91.5, 51, 30), (94.5, 45, -20), (90, 44, 35), (94, 39, -35), (91, 37.5, 60)):
        cx, cyy = P(lx, ly)
        pen.ellipse(cx, cyy, 3.4 * s, 1.4 * s, ang, "#7FA65A", "#5E7F2E", 0.5)
    # Small hearts drifting behind.
    for hx, hy, hs in ((16, 78, 3.2), (24, 86, 2.2), (84, 24, 2.8)):
        cx, cyy = P(hx, hy)
        _heart(pen, cx, cyy, hs * s, "#F2A3B3")


def _heart(pen: Pen, x: float, y: float, r: float, colour: str) -> None:
    pen.paint(
        pen.path([
            ("M", x, y - r * 1.1),
            ("C", x - r * 1.6, y, x - r * 1.2, y + r * 1.3, x, y + r * 0.5),
            ("C", x + r * 1.2, y + r * 1.3, x + r * 1.6, y, x, y - r * 1.1),
            ("Z",),
        ]),
        colour,
        "#C96F84",
        0.5,
    )


# --- Flowers -----------------------------------------------------------------


def _flowers(pen: Pen) -> None:
    H = pen.H
    pen.background("#FFF3E3")
    ground = H * 0.12
    blooms = (
        (24, H * 0.58, 12, "#F08A7E", "#C4594E", 6),
        (52, H * 0.76, 14, "#F6C445", "#C9952A", 8),
        (78, H * 0.52, 11, "#B58FDB", "#8462AE", 5),
    )
    for x, y, r, _colour, _edge, _petals in blooms:
        pen.paint(pen.path([("M", x, y - r * 0.5), ("C", x + 3, (y + ground) / 2, x - 4, ground + 8, x - 1, 0)]), None, "#4F8A4A", 1.6)
        mid = (y + ground) / 2
        pen.ellipse(x + 5, mid, 5.5, 2.2, 35, "#6DAF66", "#4F8A4A", 0.6)
        pen.ellipse(x - 5, mid - 7, 5.0, 2.0, -35, "#6DAF66", "#4F8A4A", 0.6)
    for x, y, r, colour, edge, petals in blooms:
        for i in range(petals):
            a = 360 * i / petals + 90
            px = x + r * 0.55 * math.cos(math.radians(a))
            py = y + r * 0.55 * math.sin(math.radians(a))
            pen.ellipse(px, py, r * 0.55, r * 0.3, a, colour, edge, 0.5)
        pen.circle(x, y, r * 0.3, "#F39A2E" if colour != "#F6C445" else "#D9792A")
    # Grass along the bottom.
    pen.paint(pen.path([("M", 0, 0), ("L", 0, ground), ("C", 30, ground + 3, 70, ground - 3, 100, ground + 1), ("L", 100, 0), ("Z",)]), "#8CC47F")
    # A butterfly: two pairs of wings.
    bx, by = 70, H * 0.84
    for side in (-1, 1):
        pen.ellipse(bx + side * 3.2, by + 1.8, 3.4, 2.3, side * 30, "#7CC3E8", "#3D7FA6", 0.6)
        pen.ellipse(bx + side * 2.4, by - 2.0, 2.3, 1.6, -side * 30, "#A8D8F0", "#3D7FA6", 0.6)
    pen.paint(pen.path([("M", bx, by - 3.5), ("L", bx, by + 3.5)]), None, "#3D4A55", 1.0)


@dataclass(frozen=True)
class Design:
    name: str
    title: str
    motifs: tuple[str, ...]  # what the picture shows, in words: checked against the case's card rules
    draw: Callable[[Pen], None]


DESIGNS: dict[str, Design] = {
    d.name: d
    for d in (
        Design("sunrise", "a sun rising over green hills", ("sunrise", "sun", "hills", "birds"), _sunrise),
        Design("dove", "a dove carrying a leafy branch", ("dove", "bird", "olive branch", "hearts"), _dove),
        Design("flowers", "three flowers and a butterfly", ("flowers", "butterfly"), _flowers),
    )
}
DEFAULT_DESIGN = "sunrise"


def design_names() -> list[str]:
    names = list(DESIGNS)
    return names + [n + OUTLINE_SUFFIX for n in names]


def parse_design(value: str | None, outline: bool = False) -> tuple[Design, bool]:
    """``dove``, ``dove-outline`` (or ``dove`` with outline=True) -> (design, outline)."""
    name = (value or DEFAULT_DESIGN).strip().lower()
    if name.endswith(OUTLINE_SUFFIX):
        name, outline = name[: -len(OUTLINE_SUFFIX)], True
    design = DESIGNS.get(name)
    if design is None:
        raise InputError(f"{value!r} is not a card design; choose one of {', '.join(design_names())}", code="bad-design", field="design",
                         params={"design": value, "allowed": tuple(design_names())})
    return design, outline


def draw_design(canvas, design: Design, x: float, y: float, width: float, height: float, *, outline: bool, radius: float = 0.0) -> None:
    """Draw ``design`` into the box (ReportLab coordinates, bottom-left corner), clipped to it.

    The picture is made once per document and size, as a form, and placed
    wherever it is needed: a class's 180 cards carry one copy of its paths.
    """
    name = f"w4r-{design.name}{OUTLINE_SUFFIX if outline else ''}-{width:.3f}x{height:.3f}r{radius:.3f}"
    if not canvas.hasForm(name):
        edge = OUTLINE_LINE  # the frame's stroke reaches half its width outside the box
        canvas.beginForm(name, -edge, -edge, width + edge, height + edge)
        _draw_design_at_origin(canvas, design, width, height, outline, radius)
        canvas.endForm()
    canvas.saveState()
    canvas.translate(x, y)
    canvas.doForm(name)
    canvas.restoreState()


def _draw_design_at_origin(canvas, design: Design, width: float, height: float, outline: bool, radius: float) -> None:
    canvas.saveState()
    clip = canvas.beginPath()
    if radius:
        clip.roundRect(0, 0, width, height, radius)
    else:
        clip.rect(0, 0, width, height)
    canvas.clipPath(clip, stroke=0, fill=0)
    design.draw(Pen(canvas, 0, 0, width, height, outline))
    canvas.restoreState()
    canvas.saveState()
    canvas.setLineWidth(OUTLINE_LINE if outline else 0.6)
    canvas.setStrokeColor("#000000" if outline else "#C9B79C")
    if radius:
        canvas.roundRect(0, 0, width, height, radius, stroke=1, fill=0)
    else:
        canvas.rect(0, 0, width, height, stroke=1, fill=0)
    canvas.restoreState()
