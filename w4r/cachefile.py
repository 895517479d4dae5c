"""Cache entries w4r trusts no more than any other file: checked containers, never code.

A cache folder may be shared, synced or planted (another account on a school
computer, a world-writable ``W4R_CACHE_DIR``), so everything read from it is
untrusted input.  Every entry is one container that w4r parses itself: a magic
string, a format number, the SHA-256 of the rest, a JSON header (kind, plain
metadata, section sizes) and raw byte sections.  JSON holds only numbers,
strings, lists and objects; nothing in an entry can carry code.  An entry whose
checksum, kind or layout does not check out is removed (``read`` returns None),
so a truncated or tampered file costs time, never a wrong result or a crash.

The font cache (``typeset.fontcache``) and the case cache (``cases.cache``) are
made of these entries; ``unsafe_reason`` says when a folder must not be used.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import stat
import struct
import tempfile
from pathlib import Path
from typing import NamedTuple

MAGIC = b"W4RCACHE"
FORMAT = 1
_DIGEST = 32
_PREFIX = len(MAGIC) + 1 + _DIGEST
# The largest entry w4r writes is a bold CJK instance (about 12 MB); anything far
# larger is not ours.
MAX_ENTRY_BYTES = 64 * 2**20

class Entry(NamedTuple):
    meta: dict
    sections: dict[str, bytes]


class DamagedEntry(ValueError):
    """A cache file that is not a well-formed, intact entry of the expected kind."""


def unsafe_reason(path: Path) -> str | None:
    """Why another account could plant files in ``path``, as a code; None when it cannot.

    The folder must be ours and writable by us alone (codes ``other-owner``,
    ``writable-by-others``); its parent must not let others swap it for theirs
    (``parent-other-owner``, ``parent-writable-by-others``; a sticky folder such
    as /tmp is fine).
    """
    if not hasattr(os, "geteuid"):  # Windows: per-user profile folders, ACLs not modes
        return None
    me = os.geteuid()
    st = os.stat(path)
    if st.st_uid != me:
        return "other-owner"
    if st.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        return "writable-by-others"
    parent = os.stat(path.resolve().parent)
    if parent.st_uid not in (me, 0):
        return "parent-other-owner"
    if parent.st_mode & (stat.S_IWGRP | stat.S_IWOTH) and not parent.st_mode & stat.S_ISVTX:
        return "parent-writable-by-others"
    return None



@functools.lru_cache(maxsize=16)
def private_folder(wanted: Path) -> Path | None:
    """``wanted``, made if need be, when only this account can write to it; else None (then cache nothing there).

    For caches that are only a shortcut (checked cases, dates): unlike the font
    cache they need no stand-in folder, and say nothing.
    """
    try:
        wanted.mkdir(mode=0o700, parents=True, exist_ok=True)
        if unsafe_reason(wanted) is None and os.access(wanted, os.W_OK | os.X_OK):
            return wanted
    except OSError:
        pass
    return None


# ---------------------------------------------------------------------------
# Entries


def pack(kind: str, meta: dict, sections: dict[str, bytes], origin: str = "") -> bytes:
    fields = {"kind": kind, "meta": meta, "sections": [[name, len(data)] for name, data in sections.items()]}
    if origin:
        fields["origin"] = origin
    header = json.dumps(
        fields,
        separators=(",", ":"),
        sort_keys=True,
    ).encode()
    body = struct.pack("<I", len(header)) + header + b"".join(sections.values())
    return MAGIC + bytes([FORMAT]) + hashlib.sha256(body).digest() + body


def unpack(raw: bytes, kind: str) -> Entry:
    """The entry in ``raw``, or DamagedEntry when anything about it does not check out."""
    if len(raw) < _PREFIX + 4 or raw[: len(MAGIC)] != MAGIC or raw[len(MAGIC)] != FORMAT:
        raise DamagedEntry("not a w4r cache entry of this version")
    body = memoryview(raw)[_PREFIX:]
    if hashlib.sha256(body).digest() != raw[len(MAGIC) + 1 : _PREFIX]:
        raise DamagedEntry("checksum does not match")
    (hlen,) = struct.unpack_from("<I", body)
    try:
        header = json.loads(bytes(body[4 : 4 + hlen]))
    except ValueError:
        raise DamagedEntry("header is not JSON") from None
    if not isinstance(header, dict) or header.get("kind") != kind or not isinstance(header.get("meta"), dict):
        raise DamagedEntry(f"not a {kind} entry")
    sections: dict[str, bytes] = {}
    pos = 4 + hlen
    for item in header.get("sections", []):
        if not (isinstance(item, list) and len(item) == 2 and isinstance(item[0], str) and isinstance(item[1], int)):
            raise DamagedEntry("bad section table")
        name, size = item
        if size < 0 or pos + size > len(body):
            raise DamagedEntry("section runs past the end")
        sections[name] = bytes(body[pos : pos + size])
        pos += size
    if pos != len(body):
        raise DamagedEntry("trailing bytes")
    return Entry(header["meta"], sections)


def read(path: Path, kind: str) -> Entry | None:
    """The entry at ``path``; None when there is none or it was damaged (then it is removed)."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or st.st_size > MAX_ENTRY_BYTES:
            raw = None
        else:
            with os.fdopen(fd, "rb", closefd=False) as f:
                raw = f.read(MAX_ENTRY_BYTES + 1)
    except OSError:
        raw = None
    finally:
        os.close(fd)
    try:
        if raw is None:
            raise DamagedEntry("not a regular file of a sensible size")
        return unpack(raw, kind)
    except DamagedEntry:
        discard(path)
        return None


def write(dest: Path, kind: str, meta: dict, sections: dict[str, bytes], *, replaces: str = "", origin: str = "") -> None:
    """Write an entry through a temporary file in the same folder (a crash never leaves half an entry).

    ``replaces`` is a glob of the entry's older versions (the font file or w4r
    changed since): they are removed once the new entry is in place.  ``origin``
    is the font file the entry was made from: an entry made from another file
    (a second installation of w4r, with its own copy of the fonts, sharing this
    cache) is an older version only if that file is gone.  Without this, two
    installations would remove each other's entries on every run and rebuild
    them, which for a Chinese font takes twenty seconds.
    """
    data = pack(kind, meta, sections, origin)
    fd, tmp = tempfile.mkstemp(prefix=f".{dest.name}.", suffix=".part", dir=dest.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, dest)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    if replaces:
        for old in dest.parent.glob(replaces):
            if old.name != dest.name and _replaceable(old, origin):
                discard(old)


def _replaceable(old: Path, origin: str) -> bool:
    """Whether ``old`` is an older version of an entry made from ``origin`` (see ``write``)."""
    theirs = _origin_of(old)
    return not theirs or theirs == origin or not os.path.exists(theirs)


def _origin_of(path: Path) -> str:
    """The ``origin`` in an entry's header ("" if none or unreadable); the checksum is not needed to decide on removal."""
    try:
        with open(path, "rb") as f:
            prefix = f.read(_PREFIX + 4)
            if len(prefix) < _PREFIX + 4 or prefix[: len(MAGIC)] != MAGIC:
                return ""
            (hlen,) = struct.unpack_from("<I", prefix, _PREFIX)
            header = json.loads(f.read(min(hlen, 1 << 20)))
    except (OSError, ValueError, struct.error):
        return ""
    origin = header.get("origin") if isinstance(header, dict) else None
    return origin if isinstance(origin, str) else ""


def discard(path: Path) -> None:
    try:
        if path.is_symlink() or path.is_file():
            path.unlink()
    except OSError:
        pass
