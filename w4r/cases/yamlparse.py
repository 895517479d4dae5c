"""The PyYAML side of ``w4r.cases.yamlsafe``: the strict loader, imported only when a file is parsed."""

from __future__ import annotations

import re
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from w4r.cases.yamlsafe import MAX_NESTING, Located, Mark, YamlProblem, position_mark

# Control characters (tab and line breaks aside), lone surrogates and the bidi
# embeddings and overrides; isolates (U+2066-9) and marks (U+200E/F) are fine.
_ESCAPED_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\ud800-\udfff\ufffe\uffff]")

_STANDARD_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
}


class _StringsOnlyLoader(yaml.SafeLoader):
    """SafeLoader without implicit resolvers: plain scalars resolve to str."""


_StringsOnlyLoader.yaml_implicit_resolvers = {}


def _mark(m) -> Mark:
    return Mark(m.line + 1, m.column + 1)


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


def _reader_problem(exc: yaml.reader.ReaderError) -> str:
    ch = exc.character
    code = f"U+{ch:04X}" if isinstance(ch, int) else repr(ch)
    return f"character {code} (a control or unprintable character) is not allowed in YAML; delete it"


def parse(text: str) -> Located:
    """``yamlsafe.parse_yaml_text``: one YAML document, strictly; YamlProblem with a position."""
    try:
        nodes = _compose_all(text)
    except YamlProblem:
        raise
    except yaml.reader.ReaderError as exc:
        raise YamlProblem(_reader_problem(exc), position_mark(text, exc.position)) from None
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
