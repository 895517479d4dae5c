"""Glyph aliases and the PDF's ToUnicode table, so text copied out of a PDF is the text typed.

Shaped text (Arabic, Hebrew, Devanagari, combining marks; see ``bidi``) is
drawn glyph by glyph.  A glyph that stands for several characters, or for a
character it is not mapped to (Noto draws an Arabic letter as a dotless shape
plus its dots), gets an alias code point here, and the ToUnicode table of the
PDF maps the alias back to the characters it stands for.

ReportLab (checked against 4.x) writes the ToUnicode table with the module
function ``ttfonts.makeToUnicodeCMap``, looked up at save time; importing this
module replaces it with ``_to_unicode_cmap``, which writes the same table plus
the aliases and UTF-16 for characters outside the Basic Multilingual Plane.
"""

from __future__ import annotations

import threading

from reportlab.pdfbase import ttfonts

_ALIAS_BASE = 0x100000  # Supplementary Private Use Area-B: never typed into a letter by w4r's users
_alias_text: dict[int, str] = {}
_alias_lock = threading.Lock()


def _utf16_hex(text: str) -> str:
    return text.encode("utf-16-be", "surrogatepass").hex().upper()


def _to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    """ReportLab's ToUnicode CMap, with aliases mapped back to their text and UTF-16 for astral characters."""
    lines = [
        "/CIDInit /ProcSet findresource begin",
        "12 dict begin",
        "begincmap",
        "/CIDSystemInfo",
        f"<< /Registry ({fontname})",
        f"/Ordering ({fontname})",
        "/Supplement 0",
        ">> def",
        f"/CMapName /{fontname} def",
        "/CMapType 2 def",
        "1 begincodespacerange",
        f"<00> <{len(subset) - 1:02X}>",
        "endcodespacerange",
        f"{len(subset)} beginbfchar",
    ]
    for i, cp in enumerate(subset):
        text = _alias_text.get(cp)
        if text is None:
            text = chr(cp)
        lines.append(f"<{i:02X}> <{_utf16_hex(text)}>")
    lines += ["endbfchar", "endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"]
    return "\n".join(lines)


# ReportLab looks the function up in its module at save time; ours writes the
# same table plus the two fixes above.
ttfonts.makeToUnicodeCMap = _to_unicode_cmap


def alias(face, gid: int, text: str, width: float | None = None) -> str:
    """A new code point that draws glyph ``gid`` of ``face``, reads back as ``text`` and advances ``width`` (the glyph's own by default)."""
    from w4r.typeset.faces import FontError

    if not text:
        # An empty entry makes readers invent a character from the glyph's code.
        raise ValueError("a glyph alias must read back as some text")
    with _alias_lock:
        cp = _ALIAS_BASE + len(_alias_text)
        if cp > 0x10FFFD:
            raise FontError("too many distinct shaped glyphs in one run of w4r")
        _alias_text[cp] = text
        face.charToGlyph[cp] = gid
        face.charWidths[cp] = advance(face, gid) if width is None else width
        return chr(cp)


def advance(face, gid: int) -> float:
    """Advance width of glyph ``gid`` in ReportLab's 1000-unit scale."""
    metrics = face.hmetrics
    aw = metrics[gid][0] if gid < len(metrics) else metrics[-1][0]
    return face._pdfScale(aw)
