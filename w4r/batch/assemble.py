"""Putting a print run's files together so that they print right, and saying how to print each.

A file holding solidarity cards is printed two-sided (every card sheet has a
back).  In such a file every piece starts on the front of a new sheet: a card
sheet on an odd page with its back on the next even page, each letter on a
sheet of its own (a blank back after a one-page letter, so no letter shares a
sheet with a card's back or with another letter), each cover sheet and
packing slip too.  A file of letters only stays compact and prints
one-sided, unless two-sided printing was asked for.

With class stacks (rows with a ``group``) each class's part begins with a
cover sheet and the run ends with a packing slip per case.

The offset the printer needs (``w4r printer-test``) is applied here, to every
page of a file: fronts by the front offset, backs of a two-sided file by the
back offset.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from w4r.batch.plan import CaseSummary, Group
from w4r.typeset.pdfjoin import join
from w4r.typeset.canvas import PRODUCER

if TYPE_CHECKING:
    from w4r.typeset.fonts import FontBook

Part = tuple[bytes, int]  # a whole PDF and its page count


@dataclass(frozen=True)
class Offset:
    """How far to move printed pages, in mm: x to the right, y down; the back of a sheet may need its own."""

    x: float = 0.0
    y: float = 0.0
    back_x: float | None = None
    back_y: float | None = None

    @property
    def zero(self) -> bool:
        return not any((self.x, self.y, self.back_x or 0, self.back_y or 0))

    def page(self, number: int, two_sided: bool) -> tuple[float, float]:
        """(dx, dy) in mm for page ``number`` (1-based)."""
        if two_sided and number % 2 == 0:
            return (self.x if self.back_x is None else self.back_x, self.y if self.back_y is None else self.back_y)
        return (self.x, self.y)


@dataclass
class OutputFile:
    """One file written, and how to print it."""

    path: str
    pages: int
    content: str  # "letters and cards", "letters", "cards", "envelopes", or a case id
    paper: str  # a4 | letter | an envelope size
    two_sided: bool
    flip: str | None = None  # "long" | "short": the edge a two-sided sheet turns over
    copies: int = 1
    sheets: int = 0

    def as_dict(self) -> dict:
        return {"file": self.path, "pages": self.pages, "content": self.content, "paper": self.paper,
                "two_sided": self.two_sided, "flip": self.flip, "copies": self.copies, "sheets": self.sheets}


@dataclass
class Stacks:
    """Class stacks: a cover sheet per class, packing slips per case at the end."""

    cases: dict[str, CaseSummary] = field(default_factory=dict)


def card_flip(card_format: str) -> str:
    """The edge a two-sided card sheet turns over: folded cards lie landscape, postcard sheets portrait."""
    from w4r.render.card_type import card_format as lookup

    return "short" if lookup(card_format).kind == "folded" else "long"


def _padded(part: Part, two_sided: bool, paper: str, fb: FontBook) -> list[Part]:
    """The part, with a blank back when it ends on a front of a two-sided file."""
    if two_sided and part[1] % 2:
        from w4r.render.stacks import blank_back

        return [part, (blank_back(paper, fb), 1)]
    return [part]


def stack_parts(groups: list[Group], rendered: dict[int, list[Part]], *, paper: str, two_sided: bool,
                stacks: Stacks | None, slips: bool = True, fb: FontBook) -> list[Part]:
    """The parts of one file in print order: per class its cover and its groups, then the packing slips."""
    from w4r.render.stacks import CoverRow, render_cover, render_slips

    order = [gi for gi in range(len(groups)) if gi in rendered]
    parts: list[Part] = []
    if stacks is None:
        for gi in order:
            for part in rendered[gi]:
                parts += _padded(part, two_sided, paper, fb)
        return parts
    labels = list(dict.fromkeys(groups[gi].label for gi in order))
    for label in labels:
        mine = [gi for gi in order if groups[gi].label == label]
        body: list[Part] = []
        for gi in mine:
            for part in rendered[gi]:
                body += _padded(part, two_sided, paper, fb)
        rows: dict[str, list[int]] = {}
        for gi in mine:
            counts = rows.setdefault(groups[gi].case_id, [0, 0])
            counts[0 if groups[gi].to == "authorities" else 1] += len(groups[gi].items)
        cover_rows = [CoverRow(stacks.cases[cid].name, n[0], n[1], stacks.cases[cid].hand_in) for cid, n in rows.items()]
        cover = (render_cover(paper, label, cover_rows, sum(n for _d, n in body), fb=fb), 1)
        parts += _padded(cover, two_sided, paper, fb) + body
    if slips:
        in_file = [cid for cid in dict.fromkeys(groups[gi].case_id for gi in order)]
        for cid in in_file:
            parts += _padded((render_slips(paper, [stacks.cases[cid]], fb=fb), 1), two_sided, paper, fb)
    return parts


def join_file(parts: list[Part], title: str, two_sided: bool, offset: Offset | None) -> tuple[bytes, int]:
    pages = sum(n for _d, n in parts)
    moves = None
    if offset is not None and not offset.zero:
        moves = [offset.page(i, two_sided) for i in range(1, pages + 1)]
    return join([d for d, _n in parts], title=title, producer=PRODUCER, moves_mm=moves), pages
