"""A strict YAML reader that keeps every scalar as typed and remembers where it stood.

PyYAML's safe loader still applies YAML 1.1's implicit typing: ``NO`` becomes
False, ``12:30`` becomes 750, ``0123`` an octal 83 and ``2024-08-01`` a date.  In
a case file those are country codes, times, postcodes and dates the schema should
see as written, so here every plain scalar stays a string and the schema converts
it where it expects another type.  Anchors, aliases, explicit tags, duplicate keys
and multi-document files are refused with the file, line and column.

PyYAML (pure Python, about 10 ms to import) is loaded by ``w4r.cases.yamlparse``
only when a file is really parsed: a letter whose case, language file and pack
manifests come from the checked cache (``w4r.cases.cache``) reads no YAML.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from w4r.userfiles import CASE_FILE, Kind, UserFileError, read_user_file

MAX_CASE_FILE_BYTES = CASE_FILE.max_bytes
MAX_NESTING = 50  # a case file nests four or five levels; PyYAML's composer recurses per level


@dataclass(frozen=True)
class Mark:
    line: int  # 1-based
    column: int  # 1-based


class YamlProblem(Exception):
    def __init__(self, message: str, mark: Mark | None, *, empty: bool = False):
        super().__init__(message)
        self.message = message
        self.mark = mark
        self.empty = empty  # the file holds no YAML at all: each reader decides what that means


class Located:
    """Parsed YAML data plus the position of every value, by path."""

    def __init__(self, data: Any, marks: dict[tuple, Mark]):
        self.data = data
        self.marks = marks

    def mark_for(self, path: tuple) -> Mark | None:
        """The position of ``path`` or of its nearest ancestor that exists."""
        path = tuple(path)
        while path:
            if path in self.marks:
                return self.marks[path]
            path = path[:-1]
        return self.marks.get(())


def position_mark(text: str, position: int) -> Mark:
    line = text.count("\n", 0, position) + 1
    return Mark(line, position - (text.rfind("\n", 0, position) + 1) + 1)


def parse_yaml_text(text: str) -> Located:
    """Parse one YAML document strictly; raise YamlProblem with a position."""
    from w4r.cases.yamlparse import parse

    return parse(text)


def read_yaml_file(path: Path, kind: Kind = CASE_FILE, *, root: Path | None = None) -> Located:
    """Read and parse a YAML file; encoding and size problems are YamlProblems too.

    Only a regular file of at most ``kind.max_bytes`` is read (w4r.userfiles);
    ``root`` is the folder it belongs to, which a link may not lead out of.
    """
    return parse_yaml_bytes(read_yaml_bytes(path, kind, root=root))


def read_yaml_bytes(path: Path, kind: Kind = CASE_FILE, *, root: Path | None = None) -> bytes:
    """The bytes of a YAML file, read as ``read_yaml_file`` reads them (a refused file is a YamlProblem)."""
    try:
        return read_user_file(path, kind, root=root)
    except UserFileError as exc:
        raise YamlProblem(exc.reason, None) from None


def parse_yaml_bytes(raw: bytes) -> Located:
    """Parse the bytes of a YAML file strictly: UTF-8 only, no NUL bytes (see parse_yaml_text)."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise YamlProblem("file is UTF-16 (or UTF-32); save it as UTF-8", Mark(1, 1))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise YamlProblem("file is not valid UTF-8; save it as UTF-8", Mark(line, col)) from None
    if "\x00" in text:
        mark = position_mark(text, text.index("\x00"))
        if raw[:4].count(b"\x00") >= 2:  # UTF-16/32 without a byte-order mark
            raise YamlProblem("file looks like UTF-16 or UTF-32; save it as UTF-8", mark)
        raise YamlProblem("file contains NUL bytes; is it really a YAML text file?", mark)
    return parse_yaml_text(text)
