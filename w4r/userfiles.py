"""Reading files a user (or someone who shared a folder with them) gave us.

Every reader of outside input goes through ``read_user_file``: case files,
rosters, config, message files, templates, language and translation files.
It reads only regular files, never more than the cap for that kind of file
(so ``/dev/zero`` or a FIFO named ``x.yaml`` cannot eat memory or hang a
command), and, given the folder a file belongs to, refuses a link that leads
out of it (a shared case folder must not make w4r read ``~/.ssh/id_rsa`` and
echo it in an error).  Each refusal names the file and says why.
"""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from w4r.errors import InputError, NotFoundError


@dataclass(frozen=True)
class Kind:
    """What a file is for: its name in messages, its size cap and what such a file usually weighs."""

    name: str
    max_bytes: int
    usual: str


CASE_FILE = Kind("case file", 1_000_000, "a case file is a few kB")
CONFIG = Kind("config file", 100_000, "a config file is a few lines")
MESSAGE = Kind("message file", 100_000, "a personal message is a few paragraphs")
ROSTER = Kind("roster", 50_000_000, "split it into smaller rosters")
TEMPLATE = Kind("template", 256_000, "a letter template is a few kB")
LANGUAGE = Kind("language file", 100_000, "a language file is a few lines")
TRANSLATION = Kind("case translation", 1_000_000, "a case translation is a few kB")
RULES = Kind("card rules file", 1_000_000, "the card rules are a few kB")
MANIFEST = Kind("pack manifest", 10_000_000, "a pack manifest is a few kB")
KEY = Kind("key file", 64_000, "a w4r key file is one or two lines")
PACK_ENTRY = Kind("file for a case pack", 2_000_000, "a pack file is a few kB")


class UserFileError(InputError):
    """A file w4r will not read; ``reason`` is the message without the file name."""

    def __init__(self, path: Path, reason: str, *, not_found: bool = False):
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason
        if not_found:
            self.exit_code = NotFoundError.exit_code


def _kind_of_node(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def present(path: str | os.PathLike) -> bool:
    """Whether a file of that name is there, whatever it is (a device or pipe too): then
    it is read, or refused with a reason, rather than passed over in silence."""
    return os.path.lexists(path) and not os.path.isdir(path)


def inside(path: Path, root: Path) -> bool:
    """Whether ``path``, links followed, lies in ``root`` (links followed too)."""
    try:
        real_root = os.path.realpath(root)
        real = os.path.realpath(path)
    except (OSError, ValueError):
        return False
    return os.path.commonpath([real_root, real]) == real_root


def read_user_file(path: str | os.PathLike, kind: Kind, *, root: str | os.PathLike | None = None) -> bytes:
    """The bytes of ``path`` if it is a regular file of at most ``kind.max_bytes``.

    ``root``: the folder the file was found in; a link out of it is refused
    (without reading or naming what it points to).
    """
    path = Path(path)
    if root is not None and not inside(path, Path(root)):
        raise UserFileError(path, f"the {kind.name} links to a file outside its folder {root}; copy the file into the folder instead")
    # O_NONBLOCK: opening a FIFO must not wait for a writer; the type is checked on
    # the open file, so nothing can be swapped in between the check and the read.
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise UserFileError(path, f"the {kind.name} does not exist; check the name", not_found=True) from None
    except IsADirectoryError:
        raise UserFileError(path, f"is a folder, not a {kind.name}") from None
    except OSError as exc:
        raise UserFileError(path, f"cannot read the {kind.name}: {exc.strerror or exc}") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise UserFileError(path, f"is {_kind_of_node(info.st_mode)}, not a {kind.name}; give a regular file")
        if info.st_size > kind.max_bytes:
            raise UserFileError(path, f"the {kind.name} is {_size(info.st_size)}, larger than {_size(kind.max_bytes)}; {kind.usual}")
        _blocking(fd)
        chunks = []
        total = 0
        while True:
            # Read at most one byte past the cap: a file that grows while it is read is still caught.
            chunk = os.read(fd, min(1 << 20, kind.max_bytes + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if total > kind.max_bytes:
                raise UserFileError(path, f"the {kind.name} is larger than {_size(kind.max_bytes)}; {kind.usual}")
        return b"".join(chunks)
    except OSError as exc:
        if exc.errno == errno.EISDIR:
            raise UserFileError(path, f"is a folder, not a {kind.name}") from None
        raise UserFileError(path, f"cannot read the {kind.name}: {exc.strerror or exc}") from None
    finally:
        os.close(fd)


def _blocking(fd: int) -> None:
    set_blocking = getattr(os, "set_blocking", None)
    if set_blocking is not None:
        set_blocking(fd, True)


def _size(n: int) -> str:
    if n >= 10_000_000:
        return f"{-(-n // 1_000_000)} MB"
    return f"{-(-n // 1000)} kB"
