"""PDF plumbing shared by every renderer: reproducible documents and "page n of m"."""

from __future__ import annotations

from reportlab.pdfgen.canvas import Canvas

from w4r import __version__
from w4r.typeset.fonts import book
from w4r.typeset.rlinternals import next_page, page_state, restore_page, set_language

PRODUCER = f"w4r {__version__}"


_FIXED_TIME = 946684800.0  # 2000-01-01 00:00 UTC: ReportLab's own "invariant" creation date


def _ignore_source_date_epoch() -> None:
    """Give every document ReportLab's fixed invariant timestamp, whatever SOURCE_DATE_EPOCH says.

    ReportLab reads SOURCE_DATE_EPOCH (the reproducible-builds variable) into
    each document's creation date and file id.  w4r's files are already
    reproducible without it -- the dates printed are --date's -- so a variable
    set for some other build must not make the same --date give other bytes.
    """
    from reportlab.lib.utils import TimeStamp
    from reportlab.pdfbase import pdfdoc

    if getattr(pdfdoc.TimeStamp, "w4r", False):
        return

    class FixedTimeStamp(TimeStamp):
        w4r = True

        def __init__(self, invariant=None):
            import time

            self.t = _FIXED_TIME
            self.lt = time.gmtime(_FIXED_TIME)
            self.YMDhms = tuple(self.lt)[:6]
            self.dhh = self.dmm = 0
            self.tzname = "UTC"

    pdfdoc.TimeStamp = FixedTimeStamp


def canvas_kwargs() -> dict:
    """Canvas settings for every w4r PDF.

    ``invariant`` fixes the creation date and document id, so the same input
    gives byte-identical files (a group can keep its pack in version control).
    The initial font is one of ours: ReportLab's default would reference an
    unembedded Helvetica, which print shops reject.
    """
    _ignore_source_date_epoch()
    return {
        "invariant": 1,
        "pageCompression": 1,
        "initialFontName": book().font_name("sans"),
        "initialFontSize": 10,
    }


SUBJECT = "Write for Rights"


def document_info(title: str, subject: str = "", lang: str = "en") -> dict:
    """The metadata of every w4r PDF, as platypus document arguments: one set everywhere.

    Title and subject say what the file is (never ReportLab's "untitled" or
    "(unspecified)"), the author is left empty (a letter's writer is in the
    letter, not in the file's properties), creator and producer name w4r, and
    /Lang tells screen readers and search which language the text is in.
    """
    return {"title": title, "subject": subject or SUBJECT, "author": "", "creator": PRODUCER, "producer": PRODUCER, "lang": lang}


def set_metadata(canvas: Canvas, title: str, subject: str = "", lang: str = "en") -> None:
    """``document_info`` for a canvas drawn directly."""
    info = document_info(title, subject, lang)
    canvas.setTitle(info["title"])
    canvas.setSubject(info["subject"])
    canvas.setAuthor("")
    canvas.setCreator(PRODUCER)
    canvas.setProducer(PRODUCER)
    set_language(canvas, lang)


class CountingCanvas(Canvas):
    """A canvas that knows the page count when it draws each page's footer.

    Pages are kept until ``save``; then ``footer(canvas, page, pages)`` runs on each.
    """

    footer = None  # set per document: callable(canvas, page_number, page_count)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._saved_pages: list[dict] = []

    def showPage(self):  # noqa: N802 - ReportLab's name
        self._saved_pages.append(page_state(self))
        next_page(self)

    def save(self):
        pages = len(self._saved_pages)
        for number, state in enumerate(self._saved_pages, start=1):
            restore_page(self, state)
            if self.footer is not None:
                self.footer(self, number, pages)
            super().showPage()
        super().save()
