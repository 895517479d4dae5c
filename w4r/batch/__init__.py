"""Rosters printed as one PDF: reading, checking, planning and writing a batch."""

import w4r.typeset  # noqa: F401 - before ReportLab's platypus loads (see w4r.render)
