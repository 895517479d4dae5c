"""Every paper, card, envelope and label format w4r prints on, as data with its source.

One registry: a command's help, a renderer's page size and a default ("a5
cards on A4, half-letter on Letter") are all looked up here, so a new format
is one entry, not a search through the code.  The measurements themselves
(DIN 5008 window positions, ISO 269 envelope sizes) are named constants in
``geometry``, each with its source; this module says which belong together.

Label sheets are described the way their maker's template gives them: page
size, columns and rows, label size, the margins to the first label and the
pitch (label plus gap) between labels, all in millimetres.  Code that draws on
a sheet asks for a label's box; nothing is special-cased per sheet.
"""

from __future__ import annotations

from dataclasses import dataclass

from w4r.errors import InputError
from w4r.render import geometry as g

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


# --- Papers -------------------------------------------------------------------


@dataclass(frozen=True)
class Paper:
    name: str  # a4 | letter
    title: str  # its name in instructions
    larger: str  # the next size up, for a poster enlarged on a copier
    size: tuple[float, float]  # points, portrait
    letter: g.LetterGeometry  # where a window-envelope letter's parts go
    envelope: str  # the envelope its letter goes in (ENVELOPES)
    window: str  # that envelope in words, for instructions
    card_format: str  # the card format printed on it unless one is chosen (CARD_FORMATS)
    source: str


PAPERS: dict[str, Paper] = {
    p.name: p
    for p in (
        Paper("a4", "A4", "A3", g.A4, g.DIN5008_B, "dl", "a DL window envelope", "a5",
              "ISO 216 (210 x 297 mm); letter layout DIN 5008 form B for DIN 680 window envelopes"),
        Paper("letter", "US Letter", "Tabloid (11 x 17 in)", g.LETTER, g.US_LETTER_10, "us10", "a #10 window envelope", "half-letter",
              "ANSI/ASME Y14.1 (8 1/2 x 11 in); letter tri-folded for a #10 window envelope, USPS Publication 28"),
    )
}
PAPER_NAMES = tuple(PAPERS)


def paper(name: str) -> Paper:
    """The paper called ``name`` (a4 or letter, any case); an InputError naming the choices if none is."""
    key = (name or "").strip().lower()
    found = PAPERS.get(key)
    if found is None:
        raise InputError(f"paper {key!r}: choose {' or '.join(PAPER_NAMES)}", code="bad-paper", field="paper", params={"value": name})
    return found


def papers_help(*, detail: bool = False) -> str:
    """The paper names for help texts ("a4 or letter"); with ``detail``, each with its envelope."""
    return " or ".join(f"{p.name} ({p.window.removeprefix('a ')})" if detail else p.name for p in PAPERS.values())


def label_sheets_help() -> str:
    """The label sheets for help texts: "L7163 (A4, 14 labels) or 5160 (US Letter, 30 labels)"."""
    return " or ".join(f"{s.name} ({PAPERS[s.paper].title}, {s.columns * s.rows} labels)" for s in LABEL_SHEETS.values())


# --- Card formats ---------------------------------------------------------------


@dataclass(frozen=True)
class CardSize:
    """A card format's paper and sizes; ``render.card_type`` adds the type sizes and imposition it is drawn with."""

    name: str
    paper: str
    kind: str  # folded: one sheet folded once; 4up: four cards on a sheet, cut apart
    sheet: tuple[float, float]  # points, as printed (landscape for folded cards)
    panel: tuple[float, float]  # one panel of a folded card, or one postcard
    envelope: str  # the envelope its cards go in, all of one case's together (ENVELOPES)
    summary: str  # for help texts
    how_to_print: str
    source: str


CARD_SIZES: dict[str, CardSize] = {
    c.name: c
    for c in (
        CardSize("a5", "a4", "folded", g.A4_LANDSCAPE, g.A5_CARD_PANEL, "c5", "A4 folded once",
                 "print both pages on one A4 sheet, two-sided, 'flip on short edge'; fold in half",
                 "ISO 216: half of A4 landscape, 148.5 x 210 mm; goes flat into C5 (ISO 269)"),
        CardSize("a6-4up", "a4", "4up", g.A4, g.A6_CARD, "c6", "four postcards on A4",
                 "print both pages on one A4 sheet, two-sided, 'flip on long edge'; cut along the marks",
                 "ISO 216 A6 postcard, 105 x 148 mm, 2 x 2 on A4; goes into C6 (ISO 269)"),
        CardSize("half-letter", "letter", "folded", g.LETTER_LANDSCAPE, g.HALF_LETTER_PANEL, "c5", "Letter folded once",
                 "print both pages on one Letter sheet, two-sided, 'flip on short edge'; fold in half",
                 "ANSI half letter, 5 1/2 x 8 1/2 in; goes flat into C5 (162 x 229 mm)"),
        CardSize("a2-4up", "letter", "4up", g.LETTER, g.A2_CARD, "c6", "four 4 1/4 x 5 1/2 in cards on Letter",
                 "print both pages on one Letter sheet, two-sided, 'flip on long edge'; cut along the marks",
                 "US A2 announcement card, 4 1/4 x 5 1/2 in (108 x 140 mm), 2 x 2 on Letter; goes into C6"),
    )
}
CARD_FORMAT_NAMES = tuple(CARD_SIZES)


def default_card_format(paper_name: str) -> str:
    """The card format printed on ``paper_name`` unless one is chosen."""
    return paper(paper_name).card_format


def card_formats_help() -> str:
    """'a5 (A4 folded once), a6-4up (four postcards on A4), ...': the card formats in words."""
    return ", ".join(f"{c.name} ({c.summary})" for c in CARD_SIZES.values())




# --- Envelopes --------------------------------------------------------------------


@dataclass(frozen=True)
class EnvelopeSize:
    name: str
    label: str  # its name on a box of envelopes
    dims: str  # as the shop gives them
    note: str  # what it is for, if not obvious
    geometry: g.EnvelopeGeometry  # where stamp, return and recipient go
    source: str

    @property
    def title(self) -> str:
        """'DL (110 x 220 mm)': how instructions name it."""
        return f"{self.label} ({self.dims})"

    @property
    def help(self) -> str:
        """'dl (110 x 220 mm)', 'us10 (#10, 4 1/8 x 9 1/2 in)': how a help text lists it."""
        inner = ([self.label] if self.label.lower() != self.name else []) + [self.dims] + ([self.note] if self.note else [])
        return f"{self.name} ({', '.join(inner)})"


ENVELOPES: dict[str, EnvelopeSize] = {
    e.name: e
    for e in (
        EnvelopeSize("dl", "DL", "110 x 220 mm", "", g.ENVELOPES["dl"], "ISO 269 / DIN 678 DL; window per DIN 680"),
        EnvelopeSize("c5", "C5", "162 x 229 mm", "A5 cards flat", g.ENVELOPES["c5"], "ISO 269 C5 (A5 flat, A4 folded once)"),
        EnvelopeSize("c6", "C6", "114 x 162 mm", "", g.ENVELOPES["c6"], "ISO 269 C6 (A6 postcards)"),
        EnvelopeSize("us10", "#10", "4 1/8 x 9 1/2 in", "", g.ENVELOPES["us10"], "ANSI #10 commercial envelope; USPS Publication 28"),
    )
}
ENVELOPE_NAMES = tuple(ENVELOPES)


def envelope(name: str) -> EnvelopeSize:
    """The envelope called ``name`` (any case); an InputError naming the choices if none is."""
    found = ENVELOPES.get((name or "").strip().lower())
    if found is None:
        raise InputError(
            f"{name!r} is not an envelope size; choose one of {', '.join(ENVELOPE_NAMES)}", code="bad-envelope", field="size", params={"value": name}
        )
    return found


def envelopes_help() -> str:
    """'dl (110 x 220 mm), c5 (...), ...': the envelope sizes in words."""
    return ", ".join(e.help for e in ENVELOPES.values())
