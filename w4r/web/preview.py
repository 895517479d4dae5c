"""The preview a writer sees: the page w4r would print, as a PNG, made from the real PDF.

pypdfium2 (PDFium, the PDF engine of Chromium) draws the page; a folded
card's preview is the inside half that holds the message, a letter's its first
page.  Recent previews are kept in a small cache, so a writer who pauses and
types the same text again does not wait twice.
"""

from __future__ import annotations

import hashlib
import io
import threading
from collections import OrderedDict

WIDTH_PX = 560  # wide enough to read on a phone, small enough to send quickly
CACHE_SIZE = 200


def png_of_page(pdf: bytes, page_index: int, *, half: str | None = None, width_px: int = WIDTH_PX) -> bytes:
    """Page ``page_index`` of ``pdf`` as a PNG ``width_px`` wide; ``half="right"`` keeps the right half only."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    try:
        page = doc[min(page_index, len(doc) - 1)]
        w, _h = page.get_size()
        shown = w / 2 if half else w
        scale = width_px / shown
        crop = (w / 2, 0, 0, 0) if half == "right" else ((0, 0, w / 2, 0) if half == "left" else (0, 0, 0, 0))
        bitmap = page.render(scale=scale, crop=crop)
        image = bitmap.to_pil()
        out = io.BytesIO()
        # Grey, quickly compressed: a third the size of colour, and the writer reads the text, not the ink colour.
        image.convert("L").save(out, format="PNG", compress_level=1)
        return out.getvalue()
    finally:
        doc.close()


def page_count(pdf: bytes) -> int:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    try:
        return len(doc)
    finally:
        doc.close()


class PreviewCache:
    """The last ``CACHE_SIZE`` previews, by a hash of everything that makes them."""

    def __init__(self, size: int = CACHE_SIZE):
        self._size = size
        self._items: OrderedDict[str, tuple[bytes, int]] = OrderedDict()
        self._lock = threading.Lock()

    @staticmethod
    def key(*parts: object) -> str:
        h = hashlib.sha256()
        for p in parts:
            h.update(repr(p).encode("utf-8", "surrogatepass"))
            h.update(b"\x00")
        return h.hexdigest()

    def get(self, key: str) -> tuple[bytes, int] | None:
        with self._lock:
            found = self._items.get(key)
            if found is not None:
                self._items.move_to_end(key)
            return found

    def put(self, key: str, value: tuple[bytes, int]) -> None:
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self._size:
                self._items.popitem(last=False)


# --- Drawing previews in worker processes ------------------------------------------
# A preview is drawn from scratch (compose, lay out, rasterise: ~30 ms); with a
# room of writers at once that is the server's main work.  Worker processes draw
# on every core while the server process answers requests and checks texts.

_library = None


def _worker_start(cases_dir, templates) -> None:
    global _library
    from w4r.web import engine

    _library = engine.Library(cases_dir, templates)
    try:
        engine.warm_up(_library)
    except Exception:  # noqa: BLE001 - warming up only saves time; a failing worker start would break every preview
        pass


def draw(library, case_id: str, kind: str, name: str, message: str, lang: str | None, paper: str, card_format: str) -> tuple[bytes, int]:
    """The preview PNG of this text, and the page count of its PDF."""
    from w4r.web import engine

    pdf = engine.render_pdf(library or _library, case_id, kind, name, message, lang, paper=paper, card_format=card_format)
    half = "right" if kind == "card" and card_format in ("a5", "half-letter") else None
    return png_of_page(pdf, engine.message_page(kind), half=half), page_count(pdf)


def _worker_draw(*args) -> tuple[bytes, int]:
    return draw(None, *args)


class PreviewPool:
    """``processes`` workers (spawned: no threads or sockets of the server are copied into them)."""

    def __init__(self, processes: int, cases_dir, templates):
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        self._pool = ProcessPoolExecutor(max_workers=processes, mp_context=multiprocessing.get_context("spawn"),
                                         initializer=_worker_start, initargs=(cases_dir, templates))
        # Start them now, not when the first writer types; each loads fonts and layouts as it starts.
        self.started = [self._pool.submit(int) for _ in range(processes)]

    def ready(self) -> bool:
        return all(f.done() for f in self.started)

    async def draw(self, *args) -> tuple[bytes, int]:
        import asyncio

        return await asyncio.wrap_future(self._pool.submit(_worker_draw, *args))

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)
