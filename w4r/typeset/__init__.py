"""The text engine: fonts, bidi, paragraphs, fitting, the page canvas and the PDF joiner."""

from w4r.typeset import rlpatterns as _rlpatterns

# Before anything here imports ReportLab's platypus: its URL pattern is compiled when used, not at start-up.
_rlpatterns.install()
