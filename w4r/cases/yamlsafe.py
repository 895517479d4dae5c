"""A strict YAML reader that keeps every scalar as typed and remembers where it stood.

PyYAML's safe loader still applies YAML 1.1's implicit typing: ``NO`` becomes
False, ``12:30`` becomes 750, ``0123`` an octal 83 and ``2024-08-01`` a date.  In
a case file those are country codes, times, postcodes and dates the schema should
see as written, so here every plain scalar stays a string and the schema converts
it where it expects another type.  Anchors, aliases, explicit tags, duplicate keys
and multi-document files are refused with the file, line and column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from w4r.userfiles import CASE_FILE, Kind, UserFileError, read_user_file

MAX_CASE_FILE_BYTES = CASE_FILE.max_bytes
MAX_NESTING = 50  # a case file nests four or five levels; PyYAML's composer recurses per level

# Control characters (tab and line breaks aside), lone surrogates and the bidi
# embeddings and overrides; isolates (U+2066-9) and marks (U+200E/F) are fine.
_ESCAPED_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\ud800-\udfff\ufffe\uffff]")

_STANDARD_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
}


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


class _StringsOnlyLoader(yaml.SafeLoader):
    """SafeLoader without implicit resolvers: plain scalars resolve to str."""


_StringsOnlyLoader.yaml_implicit_resolvers = {}


def _mark(m) -> Mark:
    return Mark(m.line + 1, m.column + 1)


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


def _convert(node: Node, path: tuple, marks: dict[tuple, Mark]) -> Any:
    marks[path] = _mark(node.start_mark)
    if node.tag not in _STANDARD_TAGS:
        raise YamlProblem(f"explicit tag {node.tag!r} is not allowed; remove it", _mark(node.start_mark))
    if isinstance(node, ScalarNode):
        bad = _ESCAPED_CONTROL.search(node.value)
        if bad:
            # The reader refuses these typed raw; a "\e" or "\u202e" escape in a
            # quoted string would let them through to the terminal and the page.
            raise YamlProblem(
                f"the text contains U+{ord(bad.group()):04X} (a control or text-direction character, written as an escape); delete it",
                _mark(node.start_mark),
            )
        return node.value
    if isinstance(node, SequenceNode):
        return [_convert(item, path + (i,), marks) for i, item in enumerate(node.value)]
    if isinstance(node, MappingNode):
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                raise YamlProblem("keys must be plain words", _mark(key_node.start_mark))
            if key_node.tag == "tag:yaml.org,2002:merge" or key_node.value == "<<":
                raise YamlProblem("merge keys (<<) are not allowed; write the values out", _mark(key_node.start_mark))
            key = key_node.value
            if key in result:
                raise YamlProblem(f"duplicate key {key!r}; keep only one", _mark(key_node.start_mark))
            marks[path + (key,)] = _mark(key_node.start_mark)
            result[key] = _convert(value_node, path + (key,), marks)
            marks[path + (key,)] = _mark(key_node.start_mark)
        return result
    raise YamlProblem("unsupported YAML node", _mark(node.start_mark))  # pragma: no cover


def _compose_all(text: str) -> list[Node]:
    loader = _StringsOnlyLoader(text)
    try:
        nodes = []
        while loader.check_node():
            nodes.append(loader.get_node())
        return nodes
    finally:
        loader.dispose()


_NO_ALIASES = "anchors and aliases (&name, *name) are not allowed; write the value out"


def _refuse_anchors(self, parent, index):  # noqa: ANN001 - PyYAML hook signature
    """Refuse anchors, aliases and deep nesting while composing, before PyYAML expands them."""
    event = self.peek_event()
    if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
        raise YamlProblem(_NO_ALIASES, _mark(event.start_mark))
    tag = getattr(event, "tag", None)  # None unless the file writes one
    if tag is not None:
        # Even !!str: docs/case-format.md promises that every tag is refused, and a
        # tag is never needed (quote the value instead).
        raise YamlProblem(f"explicit tag {tag!r} is not allowed; remove it (put the value in quotes if needed)", _mark(event.start_mark))
    depth = getattr(self, "_w4r_depth", 0) + 1
    if depth > MAX_NESTING:
        raise YamlProblem(f"values are nested more than {MAX_NESTING} levels deep; a case file needs a few", _mark(event.start_mark))
    self._w4r_depth = depth
    try:
        return yaml.composer.Composer.compose_node(self, parent, index)
    finally:
        self._w4r_depth = depth - 1


_StringsOnlyLoader.compose_node = _refuse_anchors


def _position_mark(text: str, position: int) -> Mark:
    line = text.count("\n", 0, position) + 1
    return Mark(line, position - (text.rfind("\n", 0, position) + 1) + 1)


def _reader_problem(exc: yaml.reader.ReaderError) -> str:
    ch = exc.character
    code = f"U+{ch:04X}" if isinstance(ch, int) else repr(ch)
    return f"character {code} (a control or unprintable character) is not allowed in YAML; delete it"


def parse_yaml_text(text: str) -> Located:
    """Parse one YAML document strictly; raise YamlProblem with a position."""
    try:
        nodes = _compose_all(text)
    except YamlProblem:
        raise
    except yaml.reader.ReaderError as exc:
        raise YamlProblem(_reader_problem(exc), _position_mark(text, exc.position)) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "invalid YAML"
        raise YamlProblem(f"YAML syntax error: {problem}", _mark(mark) if mark else None) from None
    except yaml.YAMLError as exc:
        raise YamlProblem(f"YAML error: {exc}", None) from None
    if not nodes:
        raise YamlProblem("the file is empty", Mark(1, 1), empty=True)
    if len(nodes) > 1:
        raise YamlProblem("more than one YAML document (---); put one case in each file", _mark(nodes[1].start_mark))
    _refuse_inline_comments(text)
    marks: dict[tuple, Mark] = {}
    data = _convert(nodes[0], (), marks)
    return Located(data, marks)


# "Ave NW #408": a '#' glued to what follows looks like part of the value; a
# comment in the usual style ("  # note") does not.
_INLINE_COMMENT = re.compile(r"[ \t]+#[^\s#]")


def _refuse_inline_comments(text: str) -> None:
    """A ' #' after an unquoted value starts a comment and silently cuts the value
    ("2233 Wisconsin Ave NW #408" loses "#408"): ask for quotes instead."""
    lines = text.split("\n")
    for token in yaml.scan(text, Loader=_StringsOnlyLoader):
        if isinstance(token, yaml.ScalarToken) and token.plain:
            end = token.end_mark
            rest = lines[end.line][end.column:] if end.line < len(lines) else ""
            if _INLINE_COMMENT.match(rest):
                raise YamlProblem(
                    f"'{rest.strip()}' after {token.value!r} is read as a comment and dropped; "
                    "if it belongs to the value, put the whole value in quotes, otherwise move the comment to its own line",
                    Mark(end.line + 1, end.column + 1),
                )


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
        mark = _position_mark(text, text.index("\x00"))
        if raw[:4].count(b"\x00") >= 2:  # UTF-16/32 without a byte-order mark
            raise YamlProblem("file looks like UTF-16 or UTF-32; save it as UTF-8", mark)
        raise YamlProblem("file contains NUL bytes; is it really a YAML text file?", mark)
    return parse_yaml_text(text)
