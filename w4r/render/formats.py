"""Paper formats as data: label sheets (more formats may join them here).

Each sheet is described the way its maker's template gives it: page size,
columns and rows, label size, the margins to the first label and the pitch
(label plus gap) between labels, all in millimetres.  Code that draws on a
sheet asks for a label's box; nothing is special-cased per sheet.
"""

from __future__ import annotations

from dataclasses import dataclass

MM = 72 / 25.4  # points per millimetre
INCH = 25.4  # millimetres per inch


@dataclass(frozen=True)
class LabelSheet:
    name: str
    paper: str  # a4 | letter
    page: tuple[float, float]  # mm, portrait
    columns: int
    rows: int
    label: tuple[float, float]  # width, height in mm
    margin: tuple[float, float]  # left, top: page edge to the first label, mm
    pitch: tuple[float, float]  # across, down: from one label's edge to the next one's, mm
    corner: float  # corner radius, mm (for an outline when testing on plain paper)
    source: str

    @property
    def per_sheet(self) -> int:
        return self.columns * self.rows

    def box(self, index: int) -> tuple[float, float, float, float]:
        """Label ``index`` (0 = top left, across then down) as (x, y, width, height) in points, y up from the foot."""
        col, row = index % self.columns, index // self.columns % self.rows
        x = self.margin[0] + col * self.pitch[0]
        top = self.margin[1] + row * self.pitch[1]
        return (x * MM, (self.page[1] - top - self.label[1]) * MM, self.label[0] * MM, self.label[1] * MM)


LABEL_SHEETS: dict[str, LabelSheet] = {
    s.name.lower(): s
    for s in (
        # 2 x 7 on A4, 99.1 x 38.1 mm.
        LabelSheet("L7163", "a4", (210.0, 297.0), 2, 7, (99.1, 38.1), (4.65, 15.15), (101.6, 38.1), 2.5,
                   "Avery L7163 template specification (Avery UK): 99.1 x 38.1 mm, 14 per A4 sheet, top margin "
                   "15.15 mm, left margin 4.65 mm, horizontal pitch 101.6 mm, vertical pitch 38.1 mm"),
        # 3 x 10 on US Letter, 2 5/8 x 1 in.
        LabelSheet("5160", "letter", (8.5 * INCH, 11 * INCH), 3, 10, (2.625 * INCH, 1.0 * INCH), (0.1875 * INCH, 0.5 * INCH),
                   (2.75 * INCH, 1.0 * INCH), 0.0625 * INCH * 1.5,
                   "Avery 5160 template (Avery US): 2 5/8 x 1 in, 30 per Letter sheet, top margin 1/2 in, "
                   "left margin 3/16 in, horizontal pitch 2 3/4 in, vertical pitch 1 in"),
    )
}


def label_sheet(name: str) -> LabelSheet:
    """The sheet called ``name`` (any case); KeyError if there is none."""
    return LABEL_SHEETS[name.strip().lower()]
