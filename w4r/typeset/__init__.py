"""The text engine: fonts, bidi, paragraphs, fitting, the page canvas and the PDF joiner."""

from w4r import deferred as _deferred
from w4r.typeset import rlpatterns as _rlpatterns

# Before anything here imports ReportLab's platypus: its URL pattern is compiled when used, not at start-up.
_rlpatterns.install()
# ... and Pillow and HarfBuzz, which ReportLab imports eagerly, when they are used (w4r.deferred).
_deferred.install()
