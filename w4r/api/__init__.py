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

``letter``/``card`` (w4r.api.letters), ``envelope`` (w4r.api.envelopes),
``pack`` (w4r.api.packs) and ``batch`` (w4r.api.batches, over ``w4r.batch.job.run_batch``).
Each job takes the process's font book (``typeset.fonts.book()``) once and hands it down.
docs/scripting.md is the guide.

Every name is loaded on first use (module ``__getattr__``): ``import w4r.api``
costs nothing, and a letter does not load the batch, the pack or the cards.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

# name -> (module, attribute in it)
_NAMES = {
    "letter": ("w4r.api.letters", "letter"),
    "card": ("w4r.api.letters", "card"),
    "envelope": ("w4r.api.envelopes", "envelope"),
    "pack": ("w4r.api.packs", "pack"),
    "batch": ("w4r.api.batches", "batch"),
    "LetterOptions": ("w4r.api.options", "LetterOptions"),
    "CardOptions": ("w4r.api.options", "CardOptions"),
    "EnvelopeOptions": ("w4r.api.options", "EnvelopeOptions"),
    "PackOptions": ("w4r.api.options", "PackOptions"),
    "BatchOptions": ("w4r.batch.job", "BatchOptions"),
    "LetterResult": ("w4r.api.options", "LetterResult"),
    "CardResult": ("w4r.api.options", "CardResult"),
    "EnvelopeResult": ("w4r.api.options", "EnvelopeResult"),
    "PackResult": ("w4r.pack.run", "PackResult"),
    "BatchResult": ("w4r.batch.job", "BatchResult"),
    "RowsNeedFixing": ("w4r.batch.job", "RowsNeedFixing"),
    "Notice": ("w4r.compose.notices", "Notice"),
    "Problem": ("w4r.batch.problems", "Problem"),
    "ProgressFn": ("w4r.api.options", "ProgressFn"),
}

__all__ = sorted(_NAMES)

if TYPE_CHECKING:  # pragma: no cover - for type checkers and editors only
    from w4r.api.envelopes import envelope
    from w4r.api.letters import card, letter
    from w4r.api.options import (
        CardOptions, CardResult, EnvelopeOptions, EnvelopeResult, LetterOptions, LetterResult, PackOptions, ProgressFn,
    )
    from w4r.api.packs import pack
    from w4r.batch.job import BatchOptions, BatchResult, RowsNeedFixing
    from w4r.api.batches import batch
    from w4r.batch.problems import Problem
    from w4r.compose.notices import Notice
    from w4r.pack.run import PackResult


def __getattr__(name: str):
    try:
        module, attribute = _NAMES[name]
    except KeyError:
        raise AttributeError(f"module 'w4r.api' has no attribute {name!r}") from None
    value = getattr(importlib.import_module(module), attribute)
    globals()[name] = value  # once found, an ordinary attribute
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_NAMES))
