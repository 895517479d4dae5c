"""The small markup templates may use: <b>, <i>, <br>; everything else is refused.

Template output is parsed here into Spans, so the renderer never sees markup it
did not write itself.  Text that a template received from a user arrives
entity-escaped by Jinja's autoescaping and comes out of this parser as the
characters the user typed.
"""

from __future__ import annotations

from html.parser import HTMLParser

from w4r.errors import InputError
from w4r.render.text import Span

ALLOWED_TAGS = {"b": "bold", "strong": "bold", "i": "italic", "em": "italic"}
LINE_BREAK_TAGS = {"br"}


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
            raise InputError(
                f"{self.origin}: tag <{tag}{' ...' if attrs else ''}> is not allowed in a letter template; "
                f"use only <b>, <i> and <br> without attributes"
            )
        if style == "bold":
            self.bold += 1
        else:
            self.italic += 1

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        style = ALLOWED_TAGS.get(tag)
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
        raise InputError(f"{self.origin}: declarations are not allowed in a letter template")

    def handle_pi(self, data):
        raise InputError(f"{self.origin}: processing instructions are not allowed in a letter template")


def parse(markup: str, origin: str) -> list[Span]:
    parser = _Parser(origin)
    parser.feed(markup)
    parser.close()
    return parser.spans


def paragraphs(markup: str, origin: str) -> list[list[Span]]:
    """Split template output at blank lines; single newlines inside a paragraph become spaces."""
    out = []
    for block in markup.replace("\r\n", "\n").split("\n\n"):
        text = " ".join(line.strip() for line in block.strip().split("\n") if line.strip())
        if text:
            out.append(parse(text, origin))
    return out
