"""PDF plumbing shared by every renderer: reproducible documents and "page n of m"."""

from __future__ import annotations

from reportlab.pdfgen.canvas import Canvas

from w4r import __version__
from w4r.typeset.fonts import book

PRODUCER = f"w4r {__version__}"


def canvas_kwargs() -> dict:
    """Canvas settings for every w4r PDF.

    ``invariant`` fixes the creation date and document id, so the same input
    gives byte-identical files (a group can keep its pack in version control).
    The initial font is one of ours: ReportLab's default would reference an
    unembedded Helvetica, which print shops reject.
    """
    return {
        "invariant": 1,
        "pageCompression": 1,
        "initialFontName": book().font_name("sans"),
        "initialFontSize": 10,
    }


def set_metadata(canvas: Canvas, title: str, subject: str = "") -> None:
    canvas.setTitle(title)
    canvas.setSubject(subject)
    canvas.setAuthor("")
    canvas.setCreator(PRODUCER)
    canvas.setProducer(PRODUCER)


class CountingCanvas(Canvas):
    """A canvas that knows the page count when it draws each page's footer.

    Pages are kept until ``save``; then ``footer(canvas, page, pages)`` runs on each.
    """

    footer = None  # set per document: callable(canvas, page_number, page_count)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._saved_pages: list[dict] = []

    def showPage(self):  # noqa: N802 - ReportLab's name
        self._saved_pages.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        pages = len(self._saved_pages)
        for number, state in enumerate(self._saved_pages, start=1):
            self.__dict__.update(state)
            if self.footer is not None:
                self.footer(self, number, pages)
            super().showPage()
        super().save()
