"""Read-back helpers for the event-pack sheets: the printer's edge band, QR symbols, link annotations."""

from __future__ import annotations

import io
import subprocess
import tempfile
from pathlib import Path

from PIL import Image
from pypdf import PdfReader

from tests.conftest import MM



def rasterise(pdf: bytes, page: int = 0, dpi: int = 72, crop: tuple[int, int, int, int] | None = None) -> Image.Image:
    """One page (or the ``crop`` x, y, width, height in pixels of it) as a greyscale image."""
    area = [] if crop is None else ["-x", str(crop[0]), "-y", str(crop[1]), "-W", str(crop[2]), "-H", str(crop[3])]
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "in.pdf"
        src.write_bytes(pdf)
        subprocess.run(
            ["pdftoppm", "-gray", "-png", "-r", str(dpi), *area, "-f", str(page + 1), "-l", str(page + 1), "-singlefile", str(src), str(Path(tmp) / "out")],
            check=True,
            capture_output=True,
        )
        return Image.open(Path(tmp) / "out.png").convert("L")


def ink_in_edge_band(pdf: bytes, page: int = 0, band_mm: float = 5, dpi: int = 72) -> list[str]:
    """The edges (top, bottom, left, right) with any ink within ``band_mm`` of them: nothing may print there."""
    img = rasterise(pdf, page, dpi)
    band = int(band_mm * dpi / 25.4)
    w, h = img.size
    strips = {"top": (0, 0, w, band), "bottom": (0, h - band, w, h), "left": (0, 0, band, h), "right": (w - band, 0, w, h)}
    return [edge for edge, box in strips.items() if img.crop(box).getextrema()[0] < 250]


def link_annotations(pdf: bytes, page: int = 0) -> list[tuple[str, tuple[float, float, float, float]]]:
    """(URI, rect in points from the bottom-left) of every link on a page."""
    reader = PdfReader(io.BytesIO(pdf))
    found = []
    for ref in reader.pages[page].get("/Annots") or []:
        annot = ref.get_object()
        action = annot.get("/A")
        if annot.get("/Subtype") == "/Link" and action is not None and "/URI" in action:
            found.append((str(action["/URI"]), tuple(float(v) for v in annot["/Rect"])))
    return found


def qr_modules_printed(pdf: bytes, rect: tuple[float, float, float, float], modules: int, page: int = 0, dpi: int = 600) -> list[list[bool]]:
    """Sample the centre of every module of a QR symbol drawn in ``rect`` (quiet zone included)."""
    page_height = float(PdfReader(io.BytesIO(pdf)).pages[page].mediabox.height)
    scale = dpi / 72
    x0, y0, x1, y1 = rect
    left, top = int(x0 * scale), int((page_height - y1) * scale)
    img = rasterise(pdf, page, dpi, crop=(left, top, int((x1 - x0) * scale) + 2, int((y1 - y0) * scale) + 2))
    step = (x1 - x0) / modules
    px = img.load()
    grid = []
    for row in range(modules):
        y = int(((page_height - y1) + (row + 0.5) * step) * scale) - top  # rows from the top
        grid.append([px[int((x0 + (col + 0.5) * step) * scale) - left, y] < 128 for col in range(modules)])
    return grid


def expected_qr(url: str, level: str = "M", border: int = 4) -> list[list[bool]]:
    """The module matrix ReportLab's encoder makes for ``url``, with its quiet zone."""
    from reportlab.graphics.barcode.qr import QrCodeWidget

    widget = QrCodeWidget(url, barLevel=level)
    widget.qr.make()
    inner = [[bool(m) for m in row] for row in widget.qr.modules]
    size = len(inner) + 2 * border
    blank = [False] * size
    return [blank[:] for _ in range(border)] + [[False] * border + row + [False] * border for row in inner] + [blank[:] for _ in range(border)]


__all__ = ["MM", "expected_qr", "ink_in_edge_band", "link_annotations", "qr_modules_printed", "rasterise"]
