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
        blocker = _first_non_folder(parent)
        if blocker is not None:
            raise OutputError(f"cannot write {path}: {blocker} is a file, not a folder; choose another -o")
        raise OutputError(f"folder {parent} does not exist; create it first or choose another -o")
    if not os.access(parent, os.W_OK):
        raise OutputError(f"cannot write in {parent}: permission denied; choose another -o")


def _first_non_folder(folder: Path) -> Path | None:
    """The first part of ``folder`` that exists but is not a folder, if any."""
    for part in reversed([folder, *folder.parents]):
        if part.exists() and not part.is_dir():
            return part
    return None


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
        write_stdout(data)
        return "standard output"
    path = Path(target)
    write_atomic(path, data, force=force)
    return str(path)


def write_stdout(data: bytes) -> None:
    """Write to standard output; a closed pipe or full disk is an OutputError, not a crash."""
    stream = sys.stdout.buffer
    if not data.isascii() and stream.isatty():
        raise OutputError("will not print a PDF to the terminal; give a file name with -o, or pipe the output")
    try:
        stream.write(data)
        stream.flush()
    except BrokenPipeError:
        # The reader went away (e.g. ``| head``); stop Python from complaining again at exit.
        _silence_stdout()
        raise OutputError("standard output was closed before all of the output was written") from None
    except OSError as exc:
        _silence_stdout()
        raise OutputError(f"cannot write to standard output: {exc.strerror}") from None


def _silence_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass
