"""Right-to-left text and complex scripts: bidi levels, visual order, shaping.

ReportLab draws text left to right and, without the ``rlbidi`` module (not on
PyPI), does no bidi reordering; its own shaping also maps Arabic glyphs to
private code points that no reader can copy.  So w4r lays out a line itself:

1. ``levels``: the Unicode Bidirectional Algorithm's embedding level of every
   character (python-bidi, a wrapper of the Rust ``unicode-bidi`` crate) for a
   paragraph whose base direction is left-to-right, right-to-left or taken
   from its first strong character.
2. ``visual_runs``: a line's characters grouped into runs of one style and one
   level, then put in visual order (rules L1 and L2): right-to-left runs are
   still in logical order inside.
3. ``shape``: each right-to-left run (and each run in a script that needs
   OpenType shaping) goes through HarfBuzz with an explicit direction, which
   joins, reorders and mirrors; the glyphs come back left to right, ready to
   draw.  Each grapheme cluster is shown as one glyph, drawn through an alias
   character that reads back as the cluster's text
   (``fonts.FontBook.glyph_char``); its other glyphs (dots, vowel signs) are
   painted as outlines (``outlines``), so text copied or extracted from the
   PDF is the typed text in visual order, whole words without gaps.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Hashable, Sequence

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import ShapeData, ShapedStr

from w4r.typeset.fonts import book

LTR, RTL, AUTO = "ltr", "rtl", "auto"
_MAX_ENTRY = 64  # characters one shaped glyph reads back as, at most (see shape)

# Bidi classes that can raise a level above 0 in a left-to-right paragraph.
_RTLISH = {"R", "AL", "AN", "RLE", "RLO", "RLI", "FSI"}
_STRONG_RTL = {"R", "AL"}
# Reset to the paragraph level at the end of a line (rule L1).
_L1_RESET = {"WS", "FSI", "LRI", "RLI", "PDI", "BN", "S"}


# Characters seen not to need bidi / not to be combining marks: a batch asks
# about the same few dozen characters in thousands of names and addresses.
_NOT_RTLISH: set[str] = set()
_NOT_COMBINING: set[str] = set()


def needs_bidi(text: str) -> bool:
    if text.isascii() or _NOT_RTLISH.issuperset(text):
        return False  # no ASCII character is right-to-left
    for ch in set(text).difference(_NOT_RTLISH):
        if unicodedata.bidirectional(ch) in _RTLISH:
            return True
        _NOT_RTLISH.add(ch)
    return False


def has_combining(text: str) -> bool:
    if text.isascii() or _NOT_COMBINING.issuperset(text):
        return False  # no ASCII character is a combining mark
    for ch in set(text).difference(_NOT_COMBINING):
        if unicodedata.combining(ch):
            return True
        _NOT_COMBINING.add(ch)
    return False


def base_level(text: str, direction: str = AUTO) -> int:
    """0 for a left-to-right paragraph, 1 for right-to-left; AUTO follows the first strong character."""
    if direction == RTL:
        return 1
    if direction == LTR:
        return 0
    for ch in text:
        cls = unicodedata.bidirectional(ch)
        if cls == "L":
            return 0
        if cls in _STRONG_RTL:
            return 1
    return 0


def levels(text: str, direction: str = AUTO) -> tuple[list[int], int]:
    """The resolved embedding level of every character, and the paragraph level.

    ``text`` is one paragraph: newlines should already be gone.
    """
    base = base_level(text, direction)
    if not text:
        return [], base
    if base == 0 and not needs_bidi(text):
        return [0] * len(text), 0
    return _levels_cached(text, base), base


@lru_cache(maxsize=512)
def _levels_cached(text: str, base: int) -> list[int]:
    try:
        return _rust_levels(text, base)
    except _ParseError:
        return _python_levels(text, base)


class _ParseError(Exception):
    pass


_LEVELS_RE = re.compile(r"\blevels: \[(.*?)\]", re.S)
_LEVEL_RE = re.compile(r"Level\(\s*(\d+),?\s*\)")


def _rust_levels(text: str, base: int) -> list[int]:
    """Levels from python-bidi's Rust implementation (its debug report has them per UTF-8 byte)."""
    from bidi import get_display

    report = get_display(text, base_dir="LR"[base], debug=True)
    m = _LEVELS_RE.search(report if isinstance(report, str) else "")
    if not m:
        raise _ParseError
    per_byte = [int(v) for v in _LEVEL_RE.findall(m.group(1))]
    out: list[int] = []
    pos = 0
    for ch in text:
        if pos >= len(per_byte):
            raise _ParseError
        out.append(per_byte[pos])
        pos += len(ch.encode("utf-8"))
    if pos != len(per_byte):
        raise _ParseError
    return out


def _python_levels(text: str, base: int) -> list[int]:
    """Levels from python-bidi's pure-Python algorithm (used only if the report format ever changes)."""
    from bidi import algorithm as uba

    storage = uba.get_empty_storage()
    storage["base_level"] = base
    storage["base_dir"] = "LR"[base]
    uba.get_embedding_levels(text, storage)
    kept = [i for i, ch in enumerate(text) if unicodedata.bidirectional(ch) not in uba.X9_REMOVED]
    uba.explicit_embed_and_overrides(storage)
    uba.resolve_weak_types(storage)
    uba.resolve_neutral_types(storage, False)
    uba.resolve_implicit_levels(storage, False)
    out = [base] * len(text)
    for i, ch in zip(kept, storage["chars"]):
        out[i] = ch["level"]
    return out


def line_levels(text: str, lv: Sequence[int], base: int) -> list[int]:
    """Rule L1: whitespace at the end of a line, and before a tab, goes back to the paragraph level."""
    out = list(lv)
    trailing = True
    for i in range(len(text) - 1, -1, -1):
        cls = unicodedata.bidirectional(text[i])
        if cls == "S":
            out[i] = base
            trailing = True
        elif trailing and cls in _L1_RESET:
            out[i] = base
        else:
            trailing = False
    return out


def reorder(run_levels: Sequence[int]) -> list[int]:
    """Rule L2: indices of runs (or characters) in visual order, given their levels."""
    order = list(range(len(run_levels)))
    if not order:
        return order
    highest = max(run_levels)
    odd = [lv for lv in run_levels if lv % 2]
    if not odd:
        return order
    lowest_odd = min(odd)
    for level in range(highest, lowest_odd - 1, -1):
        i = 0
        while i < len(order):
            if run_levels[order[i]] >= level:
                j = i
                while j < len(order) and run_levels[order[j]] >= level:
                    j += 1
                order[i:j] = order[i:j][::-1]
                i = j
            else:
                i += 1
    return order


@dataclass(frozen=True)
class Run:
    """Characters of one style at one embedding level, in logical order."""

    text: str
    style: Hashable
    level: int

    @property
    def rtl(self) -> bool:
        return self.level % 2 == 1


def visual_runs(text: str, styles: Sequence[Hashable], lv: Sequence[int], base: int) -> list[Run]:
    """One line's runs in visual (left-to-right drawing) order; ``lv`` are its paragraph levels."""
    if not text:
        return []
    if base == 0 and not any(lv):
        # All left-to-right: rule L1 changes nothing and the runs stay in order.
        return _ltr_runs(text, styles)
    lv = line_levels(text, lv, base)
    runs: list[Run] = []
    start = 0
    for i in range(1, len(text) + 1):
        if i == len(text) or styles[i] != styles[start] or lv[i] != lv[start]:
            runs.append(Run(text[start:i], styles[start], lv[start]))
            start = i
    return [runs[i] for i in reorder([r.level for r in runs])]


def _ltr_runs(text: str, styles: Sequence[Hashable]) -> list[Run]:
    first = styles[0]
    if styles.count(first) == len(text):
        return [Run(text, first, 0)]
    runs: list[Run] = []
    start = 0
    for i in range(1, len(text) + 1):
        if i == len(text) or styles[i] != styles[start]:
            runs.append(Run(text[start:i], styles[start], 0))
            start = i
    return runs


# ---------------------------------------------------------------------------
# Shaping

_hb_fonts: dict[str, object] = {}
_hb_lock = threading.Lock()


def _hb_font(font_name: str):
    import uharfbuzz as hb

    font = _hb_fonts.get(font_name)
    if font is None:
        with _hb_lock:
            font = _hb_fonts.get(font_name)
            if font is None:
                face = hb.Face(hb.Blob(pdfmetrics.getFont(font_name).face._ttf_data))
                font = hb.Font(face)
                _hb_fonts[font_name] = font
    return font


def needs_shaping(text: str, face_key: str | None, rtl: bool) -> bool:
    """Right-to-left runs, complex scripts and combining marks go through HarfBuzz; the rest is drawn as is."""
    if rtl:
        return True
    if face_key is not None and book().face(face_key).shaped:
        return True
    return has_combining(text)


class Glyphs(ShapedStr):
    """A shaped run: one glyph per cluster shown as text, the cluster's other glyphs as ``marks``.

    ``marks`` are (glyph id, dx, dy): where ``outlines.draw_marks`` paints
    them, in thousandths of an em from the run's start on its baseline.
    """

    font_name: str = ""
    marks: tuple[tuple[int, float, float], ...] = ()


@lru_cache(maxsize=4096)
def shape(text: str, font_name: str, rtl: bool) -> Glyphs:
    """``text`` (logical order) as positioned glyphs in drawing order, for ReportLab's text objects.

    Each grapheme cluster (a letter with its vowel signs and dots, a
    ligature) is shown as one glyph that reads back as the cluster's text,
    so PDF readers find whole words; its other glyphs become marks.
    """
    import uharfbuzz as hb

    hbf = _hb_font(font_name)
    buf = hb.Buffer()
    buf.add_str(text)
    buf.guess_segment_properties()
    buf.direction = "rtl" if rtl else "ltr"
    # Graphemes: a base letter and the marks on it are one cluster, read back as one piece of text.
    buf.cluster_level = hb.BufferClusterLevel.MONOTONE_GRAPHEMES
    hb.shape(hbf, buf, {"kern": True, "liga": True})
    infos, positions = buf.glyph_infos, buf.glyph_positions
    starts = sorted({info.cluster for info in infos})
    ends = dict(zip(starts, starts[1:] + [len(text)]))
    fb = book()
    face = pdfmetrics.getFont(font_name).face
    scale = face._pdfScale
    chars: list[str] = []
    data: list[ShapeData] = []
    marks: list[tuple[int, float, float]] = []
    pen = 0.0  # the run's pen position, thousandths of an em
    i = 0
    while i < len(infos):
        cluster = infos[i].cluster
        j = i
        while j < len(infos) and infos[j].cluster == cluster:
            j += 1
        # The glyph shown as text: the cluster's first with an advance on the
        # baseline (its base letter; in right-to-left order the marks, which
        # have no advance, come first).
        shown = next(
            (k for k in range(i, j) if positions[k].x_advance and not positions[k].y_offset),
            next((k for k in range(i, j) if positions[k].x_advance), i),
        )
        said = text[cluster : ends[cluster]]
        if rtl:
            # Text is read out of a PDF left to right, as drawn (python-bidi's
            # visual order, brackets unmirrored, so its get_display inverts it).
            said = said[::-1]
        # A ToUnicode entry holds at most 512 bytes and readers limit it further: the text of
        # an overlong cluster (a letter under a flood of combining marks) is spread over
        # several of its glyphs, the extra ones shown as text too.
        pieces = [said[n : n + _MAX_ENTRY] for n in range(0, len(said), _MAX_ENTRY)]
        advance = 0.0
        offset = 0.0  # where the shown glyph is drawn, from the cluster's start
        extra: list[tuple[int, str, float, float]] = []  # overflow glyphs: id, text, x from the cluster's start, y
        for k in range(i, j):
            pos = positions[k]
            if k == shown:
                offset = advance + scale(pos.x_offset)
                y_offset = scale(pos.y_offset)
            elif len(pieces) > 1 + len(extra):
                extra.append((infos[k].codepoint, pieces[1 + len(extra)], advance + scale(pos.x_offset), scale(pos.y_offset)))
            else:
                marks.append((infos[k].codepoint, pen + advance + scale(pos.x_offset), scale(pos.y_offset)))
            advance += scale(pos.x_advance)
        ch = fb.glyph_char(font_name, infos[shown].codepoint, pieces[0], advance)
        chars.append(ch)
        data.append(ShapeData(cluster, advance, 0, offset, y_offset, face.charWidths.get(ord(ch), face.defaultWidth)))
        for gid, piece, x, y in extra:
            # Drawn where HarfBuzz put it, the pen already past the cluster (no advance of its own).
            ch = fb.glyph_char(font_name, gid, piece)
            chars.append(ch)
            data.append(ShapeData(cluster, 0, 0, x - advance, y, face.charWidths.get(ord(ch), face.defaultWidth)))
        pen += advance
        i = j
    if data and data[0].y_offset:
        # ReportLab's text object cannot start a string with a raised glyph
        # (setRise looks at code it has not written yet): lead with a
        # zero-advance space, which reads back as one (a cluster of only
        # marks, at the start of a run, is all that is ever raised).
        blank = fb.glyph_char(font_name, face.charToGlyph.get(32, 0), " ")
        chars.insert(0, blank)
        data.insert(0, ShapeData(data[0].cluster, 0, 0, 0, 0, face.charWidths.get(ord(blank), 0)))
    out = Glyphs("".join(chars), shapeData=data)
    out.font_name = font_name
    out.marks = tuple(marks)
    return out


def clear_caches() -> None:
    """Forget shaped runs and HarfBuzz fonts (the FontBook they refer to was replaced)."""
    shape.cache_clear()
    _hb_fonts.clear()


def shaped_width(shaped: ShapedStr, size: float) -> float:
    return sum(sd.x_advance for sd in shaped.__shapeData__) * size / 1000


def logical_order(visual: str, direction: str = AUTO) -> str:
    """Undo visual order for one extracted line (tests and text export): bidi is its own inverse for plain lines."""
    from bidi import get_display

    if not needs_bidi(visual):
        return visual
    return get_display(visual, base_dir=None if direction == AUTO else "LR"[direction == RTL])
