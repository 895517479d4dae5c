"""The font cache: files w4r builds from the bundled fonts so later runs start fast.

A cache folder may be shared, synced or planted (another account on a school
computer, a world-writable ``W4R_CACHE_DIR``), so everything read from it is
untrusted input:

* nothing in it can carry code: every entry is one *container* that w4r parses
  itself (``w4r.cachefile``: a magic string, a format number, the SHA-256 of
  the rest, a JSON header and raw byte sections: arrays of numbers, font
  bytes).  JSON holds only numbers, strings, lists and objects; the few other
  values a ReportLab face keeps (bytes, tuples, its name strings) are tagged
  objects decoded to exactly those types and nothing else;
* an entry whose checksum, kind or layout does not check out is removed and
  rebuilt from the bundled font, so a truncated or tampered file costs time,
  never a wrong letter or a crash;
* a folder that other accounts can write to (or that another account owns) is
  not used at all: w4r prepares fonts in a private temporary folder for that
  run and says why in ``w4r fonts``.
"""

from __future__ import annotations

import atexit
import base64
import os
import shutil
import tempfile
import time
from pathlib import Path

from w4r.cachefile import (  # noqa: F401 - the containers, re-exported: fontcache.read(...) as before
    FORMAT,
    MAGIC,
    MAX_ENTRY_BYTES,
    DamagedEntry,
    Entry,
    discard,
    pack,
    read,
    unpack,
    unsafe_reason,
    write,
)

# A ``.part`` file older than this was left by a run that was killed mid-write.
_STALE_PART_SECONDS = 3600


# ---------------------------------------------------------------------------
# The folder


_REFUSED: dict[Path, str] = {}
_CHOSEN: dict[Path, Path] = {}


def folder(wanted: Path) -> Path:
    """``wanted`` when it is safe and writable, else a private folder for this run.

    Unsafe means another account could put files in it (see the module docstring);
    unusable means it cannot be made or written (a read-only home, a bad
    ``W4R_CACHE_DIR``): in both cases the shipped fonts still work, only slower.
    """
    if wanted in _CHOSEN:
        return _CHOSEN[wanted]
    chosen = wanted
    try:
        wanted.mkdir(mode=0o700, parents=True, exist_ok=True)
        problem = unsafe_reason(wanted)
        if problem:
            _REFUSED[wanted] = problem
            chosen = _private_folder()
        elif not os.access(wanted, os.W_OK | os.X_OK):
            chosen = _private_folder()
        else:
            _remove_stale_parts(wanted)
    except OSError:
        chosen = _private_folder()
    _CHOSEN[wanted] = chosen
    return chosen


def refused() -> dict[Path, str]:
    """Cache folders this run would not use, with the reason code (see ``unsafe_reason``)."""
    return dict(_REFUSED)


def forget_folders() -> None:
    """Choose the folder again on next use (tests, or after ``W4R_CACHE_DIR`` changed)."""
    _CHOSEN.clear()
    _REFUSED.clear()


def _private_folder() -> Path:
    fallback = Path(tempfile.mkdtemp(prefix="w4r-fonts-"))
    atexit.register(shutil.rmtree, fallback, ignore_errors=True)
    return fallback


def _remove_stale_parts(path: Path) -> None:
    """Remove half-written files of runs that were killed while writing an entry."""
    cutoff = time.time() - _STALE_PART_SECONDS
    try:
        for part in path.glob("*.part"):
            try:
                if part.lstat().st_mtime < cutoff:
                    part.unlink()
            except OSError:
                pass
    except OSError:
        pass


# ---------------------------------------------------------------------------
# Plain values for a face's small attributes


def to_plain(value):
    """``value`` as JSON-safe data; ValueError for anything that is not plain data."""
    from reportlab.pdfbase.ttfonts import TTFNameBytes

    if value is None or type(value) in (bool, int, float, str):
        return value
    if isinstance(value, TTFNameBytes):
        return {"$name": value.ustr}
    if type(value) is bytes:
        return {"$bytes": base64.b64encode(value).decode("ascii")}
    if type(value) is tuple:
        return {"$tuple": [to_plain(v) for v in value]}
    if type(value) is list:
        return [to_plain(v) for v in value]
    if type(value) is dict and all(type(k) is str for k in value):
        return {"$dict": {k: to_plain(v) for k, v in value.items()}}
    raise ValueError(f"not plain data: {type(value).__name__}")


def from_plain(value):
    """The value ``to_plain`` made; DamagedEntry for anything else."""
    from reportlab.pdfbase.ttfonts import TTFNameBytes

    if value is None or type(value) in (bool, int, float, str):
        return value
    if type(value) is list:
        return [from_plain(v) for v in value]
    if type(value) is dict and len(value) == 1:
        (tag, inner), = value.items()
        if tag == "$name" and type(inner) is str:
            return TTFNameBytes(inner.encode("utf8"))
        if tag == "$bytes" and type(inner) is str:
            try:
                return base64.b64decode(inner, validate=True)
            except ValueError:
                raise DamagedEntry("bad bytes value") from None
        if tag == "$tuple" and type(inner) is list:
            return tuple(from_plain(v) for v in inner)
        if tag == "$dict" and type(inner) is dict:
            return {k: from_plain(v) for k, v in inner.items()}
    raise DamagedEntry("unexpected value in a face entry")
