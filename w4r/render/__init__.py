"""Product layouts: letter, card and its designs, envelope, labels, over one format registry (``formats``)."""

# The text engine first: it arranges for ReportLab's platypus to load without
# compiling a pattern no letter uses (w4r.typeset.rlpatterns), whichever render
# module is imported first.
import w4r.typeset  # noqa: F401
