"""The small markup templates may use: <b>, <i>, <br>; everything else is refused.

Template output is parsed here into Spans, so the renderer never sees markup it
did not write itself.  Text that a template received from a user arrives
entity-escaped by Jinja's autoescaping and comes out of this parser as the
characters the user typed.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Callable

from w4r.errors import InputError
from w4r.richtext import Span

ALLOWED_TAGS = {"b": "bold", "strong": "bold", "i": "italic", "em": "italic"}
LINE_BREAK_TAGS = {"br"}
ALLOWED_HINT = "use only <b>, <i> and <br> without attributes"


class _Refused(Exception):
    """Markup outside the allowlist; ``needle`` finds it in the template source."""

    def __init__(self, message: str, needle: str | None = None):
        super().__init__(message)
        self.needle = needle


class _Parser(HTMLParser):
    def __init__(self, origin: str):
        super().__init__(convert_charrefs=True)
        self.origin = origin
        self.spans: list[Span] = []
        self.bold = 0
        self.italic = 0

    def handle_starttag(self, tag, attrs):
        if tag in LINE_BREAK_TAGS:
            self.handle_data("\n")
            return
        style = ALLOWED_TAGS.get(tag)
        if style is None or attrs:
            raise _Refused(
                f"tag <{tag}{' ...' if attrs else ''}> is not allowed in a letter template; {ALLOWED_HINT}",
                f"<{tag}",
            )
        if style == "bold":
            self.bold += 1
        else:
            self.italic += 1

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        style = ALLOWED_TAGS.get(tag)
        if style is None and tag not in LINE_BREAK_TAGS:
            raise _Refused(f"tag </{tag}> is not allowed in a letter template; {ALLOWED_HINT}", f"</{tag}")
        if style == "bold":
            self.bold = max(0, self.bold - 1)
        elif style == "italic":
            self.italic = max(0, self.italic - 1)

    def handle_data(self, data):
        if not data:
            return
        span = Span(data, bold=self.bold > 0, italic=self.italic > 0)
        if self.spans and (self.spans[-1].bold, self.spans[-1].italic) == (span.bold, span.italic):
            self.spans[-1] = Span(self.spans[-1].text + data, span.bold, span.italic)
        else:
            self.spans.append(span)

    def handle_comment(self, data):
        pass

    def handle_decl(self, decl):
        raise _Refused("declarations (<!...>) are not allowed in a letter template", "<!")

    def unknown_decl(self, data):
        raise _Refused("<![CDATA[...]]> and other declarations are not allowed in a letter template", "<![")

    def handle_pi(self, data):
        raise _Refused("processing instructions (<?...>) are not allowed in a letter template", "<?")


def parse(markup: str, origin: str, source: str | Callable[[], str] | None = None) -> list[Span]:
    """Spans of ``markup``; anything outside the allowlist is an InputError naming ``origin``.

    ``source`` (the template text, or a function returning it) lets the error
    name the template line the refused markup was written on.
    """
    parser = _Parser(origin)
    try:
        parser.feed(markup)
        parser.close()
    except _Refused as exc:
        raise InputError(f"{_locate(origin, source, exc.needle)}: {exc}") from None
    return parser.spans


def _locate(origin: str, source: str | Callable[[], str] | None, needle: str | None) -> str:
    if source is None or not needle:
        return origin
    try:
        text = source() if callable(source) else source
    except Exception:  # noqa: BLE001 - the position is a courtesy
        return origin
    boundary = r"(?![A-Za-z0-9])" if needle[-1].isalnum() else ""
    pattern = re.compile(re.escape(needle) + boundary, re.IGNORECASE)
    for number, line in enumerate(text.splitlines(), start=1):
        if pattern.search(line):
            return f"{origin}:{number}"
    return origin


def paragraphs(markup: str, origin: str) -> list[list[Span]]:
    """Split template output at blank lines; single newlines inside a paragraph become spaces."""
    out = []
    for block in markup.replace("\r\n", "\n").split("\n\n"):
        text = " ".join(line.strip() for line in block.strip().split("\n") if line.strip())
        if text:
            out.append(parse(text, origin))
    return out
