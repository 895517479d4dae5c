"""Writing output files: atomically, and never over an existing file without --force.

Only regular files are written or replaced (never a device, a pipe or a
folder), with the permissions the user's umask allows (a letter carries a home
address).  While a file is written it sits beside its final name as
``.NAME.w4r-HOST-PID-RANDOM.part``; a run killed on the spot (``kill -9``, a
power cut) can leave one behind, and the next w4r that writes into that folder
removes those whose writer is gone.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
import sys
import time
from pathlib import Path

from w4r.errors import InputError, OutputError
from w4r.procs import stop_if_ctrl_c_pressed

STDOUT = "-"
PART_SUFFIX = ".part"
STALE_AFTER_S = 24 * 3600  # a .part file this old is a leftover whoever wrote it
_MAX_NAME_IN_PART = 100  # keeps ".NAME.w4r-...part" within the 255 bytes file systems allow


def _host_tag() -> str:
    # Writers on other computers share network folders: their process ids mean nothing here.
    # os.uname() is what socket.gethostname() reads on POSIX, without loading the socket module.
    if hasattr(os, "uname"):
        host = os.uname().nodename
    else:  # Windows
        import socket

        host = socket.gethostname()
    return hashlib.sha256(host.encode("utf-8", "replace")).hexdigest()[:8]


_PART = re.compile(r"^\..*\.w4r-(?P<host>[0-9a-f]{8})-(?P<pid>\d+)-[0-9a-f]+\.part$", re.DOTALL)
_cleaned: set[str] = set()


def output_path(value: str | os.PathLike) -> Path:
    """The ``-o`` value as the path of a file.

    ``-o ""`` is a mistake, not "the default name"; ``-o newdir/`` names a folder,
    and turning it into a file called ``newdir`` would surprise anyone.
    """
    text = os.fspath(value)
    if text == "":
        raise InputError("the output file name is empty; give a file name, or none for the default name", code="empty-output", field="output")
    if text.endswith(("/", os.sep)) or (os.altsep and text.endswith(os.altsep)):
        if Path(text).is_dir():
            raise OutputError(f"{text} is a folder; give a file name in it, e.g. {text}letter.pdf", code="output-is-folder", field="output",
                              params={"path": text, "example": f"{text}letter.pdf"})
        raise OutputError(f"folder {text} does not exist; create it first, or give a file name", code="no-output-folder", field="output",
                          hint="name_file", params={"path": text})
    return Path(text)


def check_writable(path: str | os.PathLike, *, force: bool) -> None:
    """Fail before any work is done if ``path`` cannot be written."""
    path = output_path(path)
    try:
        mode = os.stat(path).st_mode
    except OSError:
        mode = None
    if mode is not None and stat.S_ISDIR(mode):
        raise OutputError(f"{path} is a folder; give a file name", code="output-is-folder", field="output", hint="name_file", params={"path": str(path)})
    if mode is not None and not stat.S_ISREG(mode):
        # 'w4r letter -o /dev/sda --force' must never replace a device with a PDF.
        raise OutputError(f"{path} is not a regular file (a device, pipe or socket); give the name of a file", code="not-a-file", field="output",
                          hint="name_file", params={"path": str(path)})
    if mode is not None and not force:
        raise OutputError(f"{path} already exists", code="exists", field="output", hint="overwrite", params={"path": str(path)})
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.is_dir():
        blocker = _first_non_folder(parent)
        if blocker is not None:
            raise OutputError(f"cannot write {path}: {blocker} is a file, not a folder", code="blocked", field="output", hint="other_output",
                              params={"path": str(path), "blocker": str(blocker)})
        raise OutputError(f"folder {parent} does not exist; create it first", code="no-output-folder", field="output", hint="or_other_output",
                          params={"path": str(parent)})
    if not os.access(parent, os.W_OK):
        raise OutputError(f"cannot write in {parent}: permission denied", code="denied", field="output", hint="other_output", params={"path": str(parent)})


def _first_non_folder(folder: Path) -> Path | None:
    """The first part of ``folder`` that exists but is not a folder, if any."""
    for part in reversed([folder, *folder.parents]):
        if part.exists() and not part.is_dir():
            return part
    return None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True  # someone else's process, or we cannot tell: leave its file alone
    return True


def remove_leftovers(folder: Path) -> None:
    """Remove w4r's own .part files in ``folder`` whose writer is gone (killed, crashed).

    Only names w4r makes are touched, only when this computer's process that
    wrote one no longer runs, or the file is a day old.  Once per folder per run.
    """
    key = os.path.abspath(folder)
    if key in _cleaned:
        return
    _cleaned.add(key)
    host, me, now = _host_tag(), os.getpid(), time.time()
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        m = _PART.match(entry.name)
        if not m:
            continue
        try:
            info = entry.stat(follow_symlinks=False)
            if not stat.S_ISREG(info.st_mode):
                continue
            pid = int(m["pid"])
            gone = m["host"] == host and pid != me and not _alive(pid)
            if gone or now - info.st_mtime > STALE_AFTER_S:
                os.unlink(entry.path)
        except (OSError, ValueError):
            continue  # another run removed it first, or it is not ours to remove


def _create_part(parent: Path, name: str) -> tuple[int, str]:
    """A new, empty temporary file beside the output; its mode follows the umask."""
    stem = name[:_MAX_NAME_IN_PART]
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0) | getattr(os, "O_NOFOLLOW", 0)
    for _ in range(100):
        tmp = os.path.join(parent, f".{stem}.w4r-{_host_tag()}-{os.getpid()}-{os.urandom(4).hex()}{PART_SUFFIX}")
        try:
            # 0o666 and the umask, as any program that saves a file: under 'umask 077'
            # a letter with a home address is readable by its owner only.
            return os.open(tmp, flags, 0o666), tmp
        except FileExistsError:
            continue
    raise FileExistsError(f"no free temporary name in {parent}")


def write_atomic(path: str | os.PathLike, data: bytes, *, force: bool) -> None:
    """Write ``data`` to a temporary file beside ``path``, then rename it into place.

    A crash or Ctrl-C leaves either the old file or the complete new one, never a
    half-written PDF.  Without ``force`` an existing file is never replaced, even
    one that appeared while we were working.
    """
    stop_if_ctrl_c_pressed()
    path = output_path(path)
    check_writable(path, force=force)
    parent = path.parent if str(path.parent) else Path(".")
    remove_leftovers(parent)
    try:
        fd, tmp = _create_part(parent, path.name)
    except OSError as exc:
        raise OutputError(f"cannot write in {parent}: {exc.strerror or exc}", code="cannot-write", field="output", hint="other_output",
                          params={"path": str(parent)}) from exc
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if force:
            os.replace(tmp, path)
        else:
            try:
                os.link(tmp, path)  # fails if the name was taken meanwhile
            except FileExistsError:
                raise OutputError(f"{path} already exists", code="exists", field="output", hint="overwrite", params={"path": str(path)}) from None
            except OSError:
                if path.exists():
                    raise OutputError(f"{path} already exists", code="exists", field="output", hint="overwrite", params={"path": str(path)}) from None
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
    path = output_path(target)
    write_atomic(path, data, force=force)
    return str(path)


def write_stdout(data: bytes) -> None:
    """Write to standard output; a closed pipe or full disk is an OutputError, not a crash."""
    stop_if_ctrl_c_pressed()
    stream = sys.stdout.buffer
    if not data.isascii() and stream.isatty():
        raise OutputError("will not print a PDF to the terminal; give a file name, or pipe the output", code="pdf-to-terminal", field="output",
                          hint="name_file_or_pipe")
    try:
        stream.write(data)
        stream.flush()
    except BrokenPipeError:
        # The reader went away (e.g. ``| head``); stop Python from complaining again at exit.
        silence_stdout()
        raise OutputError("standard output was closed before all of the output was written") from None
    except OSError as exc:
        silence_stdout()
        raise OutputError(f"cannot write to standard output: {exc.strerror}") from None


def silence_stdout() -> None:
    """Point standard output at the null device, so Python has nothing left to flush into a closed pipe."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass
