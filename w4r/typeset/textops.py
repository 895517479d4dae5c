"""Text as PDF operators: one run of one embedded font, placed at a point.

What ``canvas.drawString`` writes for an embedded TrueType font, without a
ReportLab text object for every line: a batch draws tens of thousands of lines.
The text must already be laid out (visual order, unshaped); ``w4r.typeset.line`` and
``w4r.typeset.paragraphs`` decide that.
"""

from __future__ import annotations

from reportlab.lib.rl_accel import escapePDF, fp_str
from reportlab.pdfbase.pdfmetrics import getFont


def show_text(canvas, x: float, y: float, text: str, font_name: str, size: float) -> None:
    """``text`` (already in visual order, unshaped) at baseline ``y``, in ``font_name`` at ``size``."""
    enc = canvas.__dict__.get("_w4r_encoders", _NO_ENCODERS).get(font_name)
    if enc is not None and enc.first is not None and enc.doc is canvas._doc and enc.known.issuperset(text):
        # A font this document already uses, and characters it has coded before (a batch's
        # names and addresses after the first few): the operators below in one piece.
        data = escapePDF(text.translate(enc.table).encode("latin-1"))
        canvas.addLiteral(f"BT 1 0 0 1 {fp_str(x, y)} Tm {enc.first} {fp_str(size)} Tf ({data}) Tj ET")
        return
    font = getFont(font_name)
    if not getattr(font, "_dynamicFont", False):  # a standard PDF font: w4r embeds its own, but be safe
        canvas.setFont(font_name, size)
        canvas.drawString(x, y, text)
        return
    ops = [f"BT 1 0 0 1 {fp_str(x)} {fp_str(y)} Tm"]
    current = -1
    for name, data in _encoder(canvas, font).encode(text):
        if name != current:
            ops.append(f"{name} {fp_str(size)} Tf")
            current = name
        ops.append(f"({escapePDF(data)}) Tj")
    ops.append("ET")
    canvas.addLiteral(" ".join(ops))


class _SubsetEncoder:
    """Text -> (PDF font resource, bytes) pieces for one embedded font in one document.

    ReportLab's documented way is ``font.splitString`` and
    ``font.getSubsetInternalName``, which look every character up in Python.
    A character's code never changes once the document has given it one, so
    text made only of characters seen before in the first subset (a batch's
    names and addresses, after the first few) is encoded in one ``translate``.
    """

    def __init__(self, font, doc):
        self.font, self.doc = font, doc
        self.table: dict[int, int] = {}
        self.known: set[str] = set()
        self.first: str | None = None  # the first subset's resource name

    def encode(self, text: str) -> list[tuple[str, bytes]]:
        if self.first is not None and self.known.issuperset(text):
            return [(self.first, text.translate(self.table).encode("latin-1"))]
        font, doc = self.font, self.doc
        pieces = font.splitString(text, doc)
        if len(pieces) == 1 and pieces[0][0] == 0:
            for ch, code in zip(text, pieces[0][1]):
                self.table[ord(ch)] = code
                self.known.add(ch)
        out = [(font.getSubsetInternalName(subset, doc), data) for subset, data in pieces]
        if self.first is None and pieces and pieces[0][0] == 0:
            self.first = out[0][0]
        return out


_NO_ENCODERS: dict = {}


def _encoder(canvas, font) -> _SubsetEncoder:
    encoders = canvas.__dict__.setdefault("_w4r_encoders", {})
    enc = encoders.get(font.fontName)
    if enc is None or enc.doc is not canvas._doc:
        enc = encoders[font.fontName] = _SubsetEncoder(font, canvas._doc)
    return enc
