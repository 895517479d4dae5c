"""One canvas for a whole batch of letters: pages held back while a long letter is drawn, resources shared, binary streams."""

from __future__ import annotations

from typing import Callable

from reportlab.pdfgen.canvas import Canvas

from w4r.typeset.pagewriter import fast_pages
from w4r.typeset.rlinternals import binary_streams, next_page, page_state, restore_page, share_page_resources


class BatchCanvas(Canvas):
    """One canvas for a whole batch.

    While a letter longer than a page is being drawn its pages are held back
    (``hold``), so that ``release`` can stamp "Page n of m" on each once the
    letter's length is known; everything else goes straight to the document.
    A platypus build drawn onto it (``rlinternals.build_onto``) does not save
    it: the batch saves once, at the end, with every page sharing one
    resource dictionary and streams written without ASCII85.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.held: list[dict] | None = None

    def showPage(self):  # noqa: N802 - ReportLab's name
        if self.held is None:
            super().showPage()
        else:
            self.held.append(page_state(self))
            next_page(self)

    def hold(self) -> None:
        self.held = []

    def release(self, footer: Callable) -> int:
        held, self.held = self.held or [], None
        for number, state in enumerate(held, start=1):
            restore_page(self, state)
            self.held = None
            footer(self, number, len(held))
            Canvas.showPage(self)
        return len(held)

    def save(self):
        if self.held is not None:  # a platypus build calls save(); the batch saves once, at the end
            return
        with binary_streams():
            if share_page_resources(self):
                fast_pages(self)  # pages that share one resource dictionary write themselves directly
            super().save()
