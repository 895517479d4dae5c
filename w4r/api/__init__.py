"""w4r's jobs as library calls: options in, a result out, nothing printed.

::

    from w4r.api import LetterOptions, letter

    result = letter(LetterOptions("luis-manuel", sender_name="Ann Example", output="letter.pdf"))
    for warning in result.warnings:      # Notice: its words, .code and .params
        print(warning.code, warning)

Each job takes frozen options of plain values and an optional progress
callback ``progress(stage, done, total)``, and returns a result holding what
it made (bytes, the paths written), counts, warnings and notes.  A problem
the user can fix is raised as a ``w4r.errors.W4RError`` subclass whose
``code``, ``field``, ``hint`` and ``params`` say what is wrong without
reading the words; ``strict=True`` turns warnings into a
``StrictWarningsError`` before anything is written.  Files are written
atomically and never over an existing file without ``force=True``.

``letter``/``card`` (w4r.api.letter), ``envelope`` (w4r.api.envelope),
``pack`` (w4r.api.pack) and ``batch`` (``w4r.batch.job.run_batch``).
"""

from __future__ import annotations

from w4r.api.envelope import envelope
from w4r.api.letter import card, letter
from w4r.api.options import (
    CardOptions,
    CardResult,
    EnvelopeOptions,
    EnvelopeResult,
    LetterOptions,
    LetterResult,
    PackOptions,
)
from w4r.api.pack import PackResult, pack
from w4r.batch.job import BatchOptions, BatchResult, RowsNeedFixing
from w4r.batch.job import run_batch as batch
from w4r.compose.notices import Notice
from w4r.batch.problems import Problem

__all__ = [
    "BatchOptions", "BatchResult", "CardOptions", "CardResult", "EnvelopeOptions", "EnvelopeResult", "LetterOptions",
    "LetterResult", "Notice", "PackOptions", "PackResult", "Problem", "RowsNeedFixing", "batch", "card", "envelope",
    "letter", "pack",
]
