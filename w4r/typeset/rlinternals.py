"""ReportLab's private attributes and global switches that w4r relies on, each behind a small named function.

ReportLab has no public way to do these things; every one was read in
ReportLab's source, version ``RL_CHECKED``, and tests/typeset/test_rlinternals.py
fails if a newer ReportLab renames, removes or changes the meaning of any of
them.  Nothing outside w4r/typeset/ touches ReportLab's internals: it calls
these functions.
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass

RL_CHECKED = "5.1.0"  # the ReportLab version every function below was checked against


@dataclass(frozen=True)
class FrameArea:
    x: float  # left edge
    width: float
    top: float  # top edge (the first flowable's top, with no top padding)
    bottom: float  # lowest point a flowable may reach: bottom edge plus bottom padding


def frame_area(frame) -> FrameArea:
    """Where a platypus Frame places flowables.

    ReportLab 5.1.0, platypus/frames.py ``Frame._geom``: ``_x1`` and
    ``_width`` are the frame's left edge and width, ``_y2`` its top edge and
    ``_y1p`` its bottom edge plus the bottom padding, the lowest point
    ``Frame.add`` lets a flowable reach.
    """
    return FrameArea(frame._x1, frame._width, frame._y2, frame._y1p)


def draw_flowable(flowable, canvas, x: float, y: float, *, room: float, width: float) -> None:
    """Draw ``flowable`` (wrapped to ``width``) at ``x, y`` in a frame ``room`` wide, aligned as ``Frame.add`` does.

    ReportLab 5.1.0: ``Flowable.drawOn(canvas, x, y, _sW=0)``; ``_sW`` is the
    width left over beside the flowable, which its ``hAlign`` (and a
    justified paragraph's last line) uses; ``Frame.add`` passes ``aW - w``.
    """
    flowable.drawOn(canvas, x, y, _sW=room - width)


def build_onto(doc, story: list, canvas) -> None:
    """Lay ``story`` out with the platypus document ``doc`` onto ``canvas``, and leave the canvas unsaved.

    ReportLab 5.1.0, platypus/doctemplate.py ``BaseDocTemplate.build`` ends
    with ``if getattr(self, '_doSave', 1): self.canv.save()``; a batch keeps
    drawing on the same canvas and saves it once, at the end.
    """
    doc._doSave = 0
    doc.build(story, canvasmaker=lambda *a, **k: canvas)


# --- Holding pages back ------------------------------------------------------------
# ReportLab 5.1.0, pdfgen/canvas.py: a page's content and graphics state live in
# the canvas's instance dictionary (``_code``, ``_fontname``, ...);
# ``showPage`` writes the page and then calls ``_startPage``, which begins an
# empty one.  Keeping a copy of the dictionary keeps the page; putting it back
# and calling ``showPage`` writes it later (to stamp "page n of m" on it).


def page_state(canvas) -> dict:
    """The page being drawn, with its graphics state, to be written later."""
    return dict(canvas.__dict__)


def next_page(canvas) -> None:
    """Begin an empty page without writing the current one."""
    canvas._startPage()


def restore_page(canvas, state: dict) -> None:
    """Make a page kept by ``page_state`` the current one again."""
    canvas.__dict__.update(state)


@contextmanager
def binary_streams():
    """Write streams Flate-compressed only, without ASCII85 on top, while saving; the switch is restored after.

    ReportLab 5.1.0: ``rl_config.useA85`` (default 1) is read by
    ``PDFStream.format`` when the document is written; ASCII85 makes a PDF a
    quarter larger and slower to write, for 7-bit mail transports nobody
    prints from.  It is a process-wide switch, so it is set only around a save.
    """
    from reportlab import rl_config

    saved = rl_config.useA85
    rl_config.useA85 = 0
    try:
        yield
    finally:
        rl_config.useA85 = saved


def share_page_resources(canvas) -> bool:
    """Give every page of ``canvas`` one shared resource dictionary instead of a copy each; call just before saving.

    A batch's pages use the same fonts and a handful of forms; writing the
    same dictionary into a thousand pages made saving the slowest step.
    A resource dictionary may name more than a page uses (PDF 1.7, 7.8.3).
    Returns False (and changes nothing) when a page uses something this does
    not know how to share.

    ReportLab 5.1.0, pdfbase/pdfdoc.py: the pages are ``canvas._doc.Pages.pages``
    (``PDFPage`` objects); a page's ``Resources``, ``ExtGState``,
    ``_colorsUsed`` and ``_shadingUsed`` are set when it uses resources other
    than fonts and forms, its forms are ``XObjects``; ``PDFPage.format``
    writes ``Resources`` when it is set instead of building its own.
    """
    from reportlab.pdfbase.pdfdoc import PDFDictionary, PDFResourceDictionary

    pages = canvas._doc.Pages.pages
    forms: dict = {}
    for page in pages:
        if page.Resources or page.ExtGState or page._colorsUsed or page._shadingUsed:
            return False
        if page.XObjects:
            forms.update(page.XObjects.dict)
    if len(pages) < 2:
        return False
    resources = PDFResourceDictionary()
    resources.basicFonts()
    resources.allProcs()
    resources.XObject = PDFDictionary(forms)
    shared = canvas._doc.Reference(resources)
    for page in pages:
        page.Resources = shared
        if page.Trans is not None and not page.Trans.dict:
            page.Trans = None  # an empty transition: the default
    return True


def set_language(canvas, lang: str) -> None:
    """The document's /Lang (screen readers, search): ReportLab 5.1.0 has no setter; the catalog is ``canvas._doc.Catalog``."""
    from reportlab.pdfbase.pdfdoc import PDFString

    canvas._doc.Catalog.Lang = PDFString(lang)
