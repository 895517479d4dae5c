"""Lay out an Envelope on a page the size of the envelope (for a printer's envelope feed).

Return address top left, the air-mail label under it, a box for the stamp in the
top-right stamp zone, and the recipient block left-aligned in the lower right
(formats.ENVELOPES gives the boxes per size).  The recipient block shrinks to
fit, wraps a line that is too long even at the smallest size, and fails with a
clear error rather than run off the envelope.
"""

from __future__ import annotations

import io

from reportlab.pdfgen.canvas import Canvas

from w4r.compose.envelope import Envelope
from w4r.errors import InputError
from w4r.render import formats
from w4r.render import geometry as g
from w4r.render.address import fit_address
from w4r.typeset.canvas import canvas_kwargs, set_metadata
from w4r.typeset import fit
from w4r.typeset.fonts import FontBook
from w4r.typeset.line import draw_line, string_width

AIRMAIL_BLUE = "#1F4E9C"
AIRMAIL_TEXT = ("PRIORITY", "PAR AVION")
AIRMAIL_SIZE = 8.5
STAMP_LABEL_SIZE = 6.5
COUNT_SIZE = 8
LEADING = 1.22


def envelope_geometry(size: str) -> g.EnvelopeGeometry:
    found = formats.ENVELOPES.get(size)
    if found is None:
        raise InputError(f"{size!r} is not an envelope size; choose one of {', '.join(formats.ENVELOPE_NAMES)}", code="bad-envelope-size",
                         field="size", params={"size": size, "allowed": formats.ENVELOPE_NAMES})
    return found.geometry


def fit_recipient(lines: tuple[str, ...], box: g.Box, fb: FontBook) -> tuple[float, list[str]]:
    """The size and the printed lines of the recipient block in ``box``.

    Whole lines are kept down to ENVELOPE_ADDRESS_WRAP_FROM; below that, a long line
    (a "c/o" office, an organisation) is wrapped at a sensible break at a larger
    size instead of shrinking the whole block towards the 8 pt minimum, as long as
    the block keeps to six lines (UPU practice).
    """
    fitted = fit_address(
        lines,
        box.width,
        box.height,
        size=g.ENVELOPE_ADDRESS_SIZE,
        minimum=g.ENVELOPE_ADDRESS_MIN_SIZE,
        wrap_below=g.ENVELOPE_ADDRESS_WRAP_FROM,
        max_lines=g.ENVELOPE_ADDRESS_MAX_LINES,
        leading_ratio=LEADING,
        what="recipient address",
        advice="choose a larger envelope size",
        hint="larger_size",
        fb=fb,
    )
    return fitted.size, list(fitted.lines)


def _draw_return(c, env: Envelope, geo: g.EnvelopeGeometry, fb: FontBook) -> None:
    box = geo.return_box
    height = geo.page[1]
    size = g.ENVELOPE_RETURN_SIZE
    y = g.from_top(height, box.y) - size
    if env.handwritten_sender:
        c.saveState()
        c.setFillGray(0.45)
        draw_line(c, box.x, y, "From:", size, fb=fb)
        c.setStrokeGray(0.6)
        c.setLineWidth(0.4)
        for i in range(1, 4):
            ly = y - i * 7 * g.mm
            c.line(box.x, ly, box.x + min(box.width, 70 * g.mm), ly)
        c.restoreState()
        return
    for i, line in enumerate(env.sender):
        line_size = fit.line_size(line, size, box.width, 6, 0.25, bold=i == 0, fb=fb)
        if string_width(line, line_size, bold=i == 0, fb=fb) > box.width:
            # Drawn anyway it would run off the envelope, where no printer prints.
            raise InputError(f"the return address line {line[:40]!r} is too wide for the envelope even at 6 pt; shorten it")
        draw_line(c, box.x, y, line, line_size, bold=i == 0, fb=fb)
        y -= size * LEADING * (1.1 if i == 0 else 1)


def _draw_airmail(c, box: g.Box, height: float, fb: FontBook) -> None:
    x, y = box.x, g.from_top(height, box.bottom)
    c.saveState()
    c.setStrokeColor(AIRMAIL_BLUE)
    c.setFillColor(AIRMAIL_BLUE)
    c.setLineWidth(0.9)
    c.rect(x, y, box.width, box.height, stroke=1, fill=0)
    mid = x + box.width / 2
    draw_line(c, mid, y + box.height / 2 + 1.2, AIRMAIL_TEXT[0], AIRMAIL_SIZE, bold=True, align="centre", fb=fb)
    draw_line(c, mid, y + box.height / 2 - AIRMAIL_SIZE + 0.5, AIRMAIL_TEXT[1], AIRMAIL_SIZE, align="centre", fb=fb)
    c.restoreState()


def _draw_stamp_box(c, box: g.Box, height: float, fb: FontBook) -> None:
    c.saveState()
    c.setStrokeGray(0.55)
    c.setFillGray(0.55)
    c.setLineWidth(0.5)
    c.setDash(2, 2)
    c.rect(box.x, g.from_top(height, box.bottom), box.width, box.height, stroke=1, fill=0)
    draw_line(c, box.x + box.width / 2, g.from_top(height, box.y + box.height / 2) - STAMP_LABEL_SIZE / 3, "STAMP", STAMP_LABEL_SIZE, align="centre", fb=fb)
    c.restoreState()


def render_envelope(env: Envelope, size: str = "dl", *, fb: FontBook) -> bytes:
    geo = envelope_geometry(size)
    width, height = geo.page
    box = geo.recipient_box
    address_size, lines = fit_recipient(env.recipient, box, fb)
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=geo.page, **canvas_kwargs(fb))
    set_metadata(c, f"Envelope ({env.to}) for case {env.case_id}")
    _draw_return(c, env, geo, fb)
    # The air-mail label goes top left, under the return address, or in its place if there is none.
    label = geo.airmail_box
    if not env.sender and not env.handwritten_sender:
        label = g.Box(label.x, geo.return_box.y, label.width, label.height)
    if env.airmail:
        _draw_airmail(c, label, height, fb)
    if env.count:
        below = label.bottom + 4 * g.mm if env.airmail else label.y
        noun = "card" if env.count == 1 else "cards"
        draw_line(c, label.x, g.from_top(height, below) - COUNT_SIZE, f"Enclosed: {env.count} {noun}", COUNT_SIZE, fb=fb)
    _draw_stamp_box(c, geo.stamp_box, height, fb)
    y = g.from_top(height, box.y) - address_size
    for line in lines:
        draw_line(c, box.x, y, line, address_size, fb=fb)
        y -= address_size * LEADING
    c.showPage()
    c.save()
    return buf.getvalue()
