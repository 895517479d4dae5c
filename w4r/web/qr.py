"""The room's address as a QR code: in the terminal (half-block characters) and as SVG for the join page.

ReportLab, already w4r's PDF engine, encodes the symbol; this module only draws its modules.
"""

from __future__ import annotations

QUIET = 2  # modules of white around the symbol (4 is the standard; 2 reads fine on a screen and on paper)


def modules(text: str) -> list[list[bool]]:
    from reportlab.graphics.barcode.qr import QrCodeWidget

    widget = QrCodeWidget(text, barLevel="M")
    widget.qr.make()
    rows = widget.qr.modules
    return [[bool(cell) for cell in row] for row in rows]


def _padded(text: str) -> list[list[bool]]:
    rows = modules(text)
    n = len(rows) + 2 * QUIET
    blank = [False] * n
    return [blank] * QUIET + [[False] * QUIET + r + [False] * QUIET for r in rows] + [blank] * QUIET


def terminal(text: str) -> str:
    """Two rows of modules per line of text: dark on light, as phones expect, in any terminal colours."""
    rows = _padded(text)
    if len(rows) % 2:
        rows.append([False] * len(rows[0]))
    # Drawn as light-on-dark blocks inverted: a space is dark in a dark terminal, so paint the light parts.
    chars = {(False, False): "█", (True, False): "▄", (False, True): "▀", (True, True): " "}
    return "\n".join("".join(chars[(top, bottom)] for top, bottom in zip(rows[i], rows[i + 1])) for i in range(0, len(rows), 2))


def svg(text: str, size_px: int = 240, label: str = "") -> str:
    """An SVG QR code, one path, with an accessible name (``label``)."""
    rows = _padded(text)
    n = len(rows)
    path = "".join(f"M{x},{y}h1v1h-1z" for y, row in enumerate(rows) for x, dark in enumerate(row) if dark)
    from html import escape

    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {n} {n}" width="{size_px}" height="{size_px}" '
        f'role="img" aria-label="{escape(label)}" shape-rendering="crispEdges">'
        f'<rect width="{n}" height="{n}" fill="#fff"/><path d="{path}" fill="#000"/></svg>'
    )
