"""Imposition: several cards on one sheet, front side and back side, with cut marks.

A postcard sheet holds ``cols x rows`` cards (2 x 2 A6 on A4, 2 x 2 A2 cards on
Letter).  Slots are numbered in reading order on the FRONT side: 0 top-left,
1 top-right, 2 bottom-left, 3 bottom-right.

Duplex: the sheet is printed on both sides with "flip on long edge" (the
default of most printers for a portrait page), i.e. it turns over about its
vertical axis.  The back of the card in front slot 0 (top-left) therefore lies
behind the top-RIGHT corner when the back side is printed: back slots are the
front slots mirrored left to right.  ``positions(faces, layout, "back")`` applies
that mirror, so a caller simply lists the cards in the same order for both sides:

    fronts = positions([front_a, front_b, front_c, front_d], layout, "front")
    backs = positions([back_a, back_b, back_c, back_d], layout, "back")
    draw_side(canvas, layout, fronts); canvas.showPage()
    draw_side(canvas, layout, backs); canvas.showPage()

Card faces are drawers: ``face(canvas, width, height)`` draws one card in local
coordinates (origin at the card's bottom-left corner, ReportLab style), and
``draw_side`` moves and clips each one into its slot.  Batch printing can place
four different cards per sheet this way; a missing card (None) leaves its slot
blank on both sides.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Literal, Sequence, TypeVar

from w4r.render import geometry as g

Face = Callable[..., None]  # face(canvas, width, height)
Side = Literal["front", "back"]
T = TypeVar("T")


@dataclass(frozen=True)
class SheetLayout:
    name: str
    sheet: tuple[float, float]  # portrait width, height
    card: tuple[float, float]
    cols: int = 2
    rows: int = 2

    @property
    def capacity(self) -> int:
        return self.cols * self.rows

    @property
    def margins(self) -> tuple[float, float]:
        """Sheet left over around the block of cards, per side (x, y): the cards sit centred."""
        return (
            (self.sheet[0] - self.cols * self.card[0]) / 2,
            (self.sheet[1] - self.rows * self.card[1]) / 2,
        )

    def slot(self, index: int, side: Side = "front") -> g.Box:
        """The trim box of card ``index`` on one side of the sheet, from the sheet's top-left corner."""
        if not 0 <= index < self.capacity:
            raise IndexError(f"slot {index} is not on a {self.capacity}-up sheet")
        col, row = index % self.cols, index // self.cols
        if side == "back":
            col = self.cols - 1 - col  # long-edge flip: left and right change places
        mx, my = self.margins
        return g.Box(mx + col * self.card[0], my + row * self.card[1], self.card[0], self.card[1])

    def cuts(self) -> tuple[tuple[float, ...], tuple[float, ...]]:
        """The cuts between cards: x positions of vertical cuts, y positions (from the top) of horizontal ones."""
        mx, my = self.margins
        xs = tuple(mx + i * self.card[0] for i in range(1, self.cols))
        ys = tuple(my + j * self.card[1] for j in range(1, self.rows))
        return xs, ys


A6_4UP = SheetLayout("a6-4up", g.A4, g.A6_CARD)
A2_4UP = SheetLayout("a2-4up", g.LETTER, g.A2_CARD)
LAYOUTS = {layout.name: layout for layout in (A6_4UP, A2_4UP)}


def positions(faces: Sequence[T | None], layout: SheetLayout, side: Side) -> list[tuple[T, g.Box]]:
    """Up to ``layout.capacity`` card faces -> (face, trim box) for one side of the sheet.

    ``faces[i]`` is card i in front reading order on both sides; on the back side
    each box is mirrored left to right for long-edge duplex.  None leaves a slot empty.
    """
    if len(faces) > layout.capacity:
        raise ValueError(f"{len(faces)} cards do not fit a {layout.capacity}-up sheet")
    return [(face, layout.slot(i, side)) for i, face in enumerate(faces) if face is not None]


def draw_side(canvas, layout: SheetLayout, placed: Sequence[tuple[Face, g.Box]]) -> None:
    """Draw each face clipped to its slot, then the cut marks of the sheet."""
    height = layout.sheet[1]
    for face, box in placed:
        canvas.saveState()
        x, y = box.x, g.from_top(height, box.bottom)
        clip = canvas.beginPath()
        clip.rect(x, y, box.width, box.height)
        canvas.clipPath(clip, stroke=0, fill=0)
        canvas.translate(x, y)
        face(canvas, box.width, box.height)
        canvas.restoreState()
    draw_cut_marks(canvas, layout)


def draw_cut_marks(canvas, layout: SheetLayout) -> None:
    """Short hairlines at both sheet edges in line with every cut.

    The cards meet edge to edge, so there is no room for marks outside the trim;
    the marks start at the sheet edge and reach CROP_MARK_LENGTH in, so the part
    beyond the printer's unprintable band always shows.
    """
    width, height = layout.sheet
    reach = g.CROP_MARK_LENGTH
    xs, ys = layout.cuts()
    canvas.saveState()
    canvas.setLineWidth(g.CROP_MARK_WIDTH)
    canvas.setStrokeColor("#000000")
    for x in xs:
        canvas.line(x, 0, x, reach)
        canvas.line(x, height - reach, x, height)
    for y_top in ys:
        y = g.from_top(height, y_top)
        canvas.line(0, y, reach, y)
        canvas.line(width - reach, y, width, y)
    canvas.restoreState()
