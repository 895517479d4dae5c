"""Writing output files: atomically, and never over an existing file without --force."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from w4r.errors import OutputError

STDOUT = "-"


def check_writable(path: Path, *, force: bool) -> None:
    """Fail before any work is done if ``path`` cannot be written."""
    if path.exists() and not force:
        raise OutputError(f"{path} already exists; use --force to overwrite it")
    if path.is_dir():
        raise OutputError(f"{path} is a directory; give a file name with -o")
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.is_dir():
        raise OutputError(f"folder {parent} does not exist; create it first or choose another -o")
    if not os.access(parent, os.W_OK):
        raise OutputError(f"cannot write in {parent}: permission denied; choose another -o")


def write_atomic(path: Path, data: bytes, *, force: bool) -> None:
    """Write ``data`` to a temporary file beside ``path``, then rename it into place.

    A crash or Ctrl-C leaves either the old file or the complete new one, never a
    half-written PDF.  Without ``force`` an existing file is never replaced, even
    one that appeared while we were working.
    """
    check_writable(path, force=force)
    parent = path.parent if str(path.parent) else Path(".")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=parent)
    except OSError as exc:
        raise OutputError(f"cannot write in {parent}: {exc.strerror}; choose another -o") from exc
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        if force:
            os.replace(tmp, path)
        else:
            try:
                os.link(tmp, path)  # fails if the name was taken meanwhile
            except FileExistsError:
                raise OutputError(f"{path} already exists; use --force to overwrite it") from None
            except OSError:
                if path.exists():
                    raise OutputError(f"{path} already exists; use --force to overwrite it") from None
                os.replace(tmp, path)
    except OSError as exc:
        raise OutputError(f"cannot write {path}: {exc.strerror}") from exc
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def emit(target: str | Path, data: bytes, *, force: bool) -> str:
    """Write to a file, or to standard output for ``-``; return where it went."""
    if str(target) == STDOUT:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return "standard output"
    path = Path(target)
    write_atomic(path, data, force=force)
    return str(path)
