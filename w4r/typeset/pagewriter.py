"""A batch's pages written out with the bytes ReportLab writes for them, without its general-purpose formatter.

Saving a batch of a thousand letters spent about 60 microseconds a page in
ReportLab's object formatter (``pdfdoc.PDFPage.format`` walks some thirty
possible page entries, wraps each value in formatting objects and sorts the
keys; the content stream goes through the same machinery), more than drawing
the page's own lines.  A plain batch page is always the same six entries: its
content stream, media box, page tree, the resource dictionary every page
shares (``rlinternals.share_page_resources``), rotation and type.  For such a
page ``fast_pages`` lets the page and its content stream write themselves as
ReportLab would, byte for byte; any page with more (annotations, boxes,
transitions, its own resources) and any document set up otherwise (encryption,
multi-line or commented output) keeps ReportLab's own formatting.

ReportLab 5.1.0, pdfbase/pdfdoc.py: ``PDFPage.format`` is ``PDFCatalog.format``
after ``PDFPage.check_format``, which makes the media box from ``pagewidth``
and ``pageheight``, the content stream (a ``PDFStream`` of ``stream``,
Flate-compressed when ``compression`` is set and ``rl_config.useA85`` is off)
and the parent reference; the entries then written are the defaults (``Type``)
and every ``__NoDefault__`` attribute that is not None, keys sorted, on one
line between ``<<\\n`` and ``\\n>>`` (``PDFDictionary.format`` without
``pdfMultiLine``), ``Contents`` made a reference first; a reference is written
as ``n v R`` from ``document.idToObjectNumberAndVersion``, an array of
numbers as ``[ `` + ``fp_str`` of them + `` ]``.  ``PDFStream.format``
writes ``<<\\n/Filter [ /FlateDecode ] /Length n\\n>>\\nstream\\n`` + the
encoded content + ``endstream\\n``, the content's text encoded as UTF-8
before compression.  tests/typeset/test_pagewriter.py saves the same pages
both ways and fails if the bytes differ.
"""

from __future__ import annotations

import zlib

from reportlab import rl_config
from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase import pdfdoc

RL_CHECKED = "5.1.0"

# The page entries a plain batch page has (besides Type); every other entry of
# PDFPage.__NoDefault__ must be None for the fast path.
# (Annots is an empty list on a page without links: check_format drops it.)
_PLAIN = frozenset(("Parent", "MediaBox", "Resources", "Contents", "Rotate", "Annots"))


class _PageStream(pdfdoc.PDFStream):
    """A page's content stream, Flate-compressed, written as ``PDFStream.format`` writes it."""

    __RefOnly__ = 1

    def format(self, document):
        content = self.content
        if isinstance(content, str):
            content = content.encode("utf8")
        data = zlib.compress(content)
        return b"<<\n/Filter [ /FlateDecode ] /Length %d\n>>\nstream\n" % len(data) + data + b"endstream\n"


class _PlainPage(pdfdoc.PDFPage):
    """A page whose dictionary is written directly when it holds only the plain entries."""

    def format(self, document):
        if not self._plain(document):
            self.__class__ = pdfdoc.PDFPage
            return pdfdoc.PDFPage.format(self, document)
        self.Contents = _PageStream(content=self.stream)
        self.check_format(document)  # the media box and the parent, as ReportLab makes them
        numbers = document.idToObjectNumberAndVersion
        contents = numbers[document.Reference(self.Contents).name]
        box = fp_str(*self.MediaBox.sequence).encode("ascii")
        return (b"<<\n/Contents %d %d R /MediaBox [ %s ] /Parent %d %d R /Resources %d %d R /Rotate %s /Type /Page\n>>"
                % (*contents, box, *numbers[self.Parent.name], *numbers[self.Resources.name], fp_str(self.Rotate).encode("ascii")))

    def _plain(self, document) -> bool:
        for name in self.__NoDefault__:
            if getattr(self, name, None) is not None and name not in _PLAIN:
                return False
        return (
            self.Contents is None and self.MediaBox is None and self.Parent is None and not self.Annots
            and isinstance(self.Resources, pdfdoc.PDFObjectReference)
            and self.Rotate == 0 and type(self.Rotate) is int
            and bool(self.stream) and self.compression and not rl_config.useA85
            and not rl_config.pdfMultiLine
            and type(document.encrypt) is pdfdoc.NoEncryption
        )


def fast_pages(canvas) -> None:
    """Let the pages of ``canvas`` write themselves directly where they can; call just before saving.

    ReportLab 5.1.0: a canvas's pages are ``canvas._doc.Pages.pages``, the
    ``PDFPage`` objects ``showPage`` made.
    """
    for page in canvas._doc.Pages.pages:
        if type(page) is pdfdoc.PDFPage:
            page.__class__ = _PlainPage
