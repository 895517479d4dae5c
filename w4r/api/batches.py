"""``batch``: a roster's letters and cards (``w4r.batch.job.run_batch``), in the fonts this process takes once."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from w4r.batch.job import BatchOptions, BatchResult, ProgressFn


def batch(options: BatchOptions, progress: ProgressFn | None = None) -> BatchResult:
    """Print a roster's letters and cards; see ``w4r.batch.job``.

    The book is taken here, where the job starts, and handed down: the batch's
    checks, its renderers and its forked workers measure with the same fonts.
    """
    from w4r.batch.job import run_batch
    from w4r.typeset.fonts import book

    return run_batch(options, progress, fb=book())
