"""Join PDFs that w4r wrote into one document: read with pikepdf (qpdf), written object by object.

A batch is printed by several renderers (letters, cards) and, for speed, by
several processes at once; each writes a complete PDF and this module strings
their pages together.  Each part is parsed by qpdf (through pikepdf), then every
object its pages reach is written to the joined file under a new number, one
part after the other.  Only one part is held parsed at a time, so joining
10,000 letters costs a few megabytes more than the file itself: a copy made
with qpdf's own page copying held every page of every part twice and pushed a
large batch past its memory budget (docs/performance.md).

What the joined file keeps:
- the pages in the order of the parts, each with what it uses; an object that
  pages of one part share (a resource dictionary, a font, a form) is written once;
- the embedded font subsets of every part, each part's under subset tags of its
  own: ReportLab tags the first subset of a font AAAAAA in every file, and two
  different subsets under one name can confuse a print server;
- the catalog entries (such as /Lang) and document information of the first
  part, with the title and producer given here;
- the same bytes for the same parts, in any process.

A part that cannot be read raises JoinError, a user error (exit code 4, the
file cannot be made) naming the part; nothing is written for that file.
"""

from __future__ import annotations

import hashlib
import io
from collections import deque
from decimal import Decimal

from w4r.errors import OutputError

MM = 72 / 25.4


class JoinError(OutputError):
    """A part of a file being joined is not a PDF that can be read; ``part`` counts from 1, ``detail`` is qpdf's reason."""

    def __init__(self, detail: str, *, part: int, parts: int):
        self.detail, self.part, self.parts = detail, part, parts
        super().__init__(
            f"the printed file could not be put together: part {part} of {parts} is not a readable PDF ({detail}); "
            "the file was not written, run the batch again",
            code="join-failed", field="output",
            params={"part": part, "parts": parts, "detail": detail},
        )


class _PartSource(io.BytesIO):
    """A part's bytes for qpdf, which names its input by repr() in its messages."""

    def __repr__(self) -> str:
        return _SOURCE


_SOURCE = "<w4r part>"


def _pdf_string(text: str) -> bytes:
    if text.isascii():
        return b"(" + text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)").encode("ascii") + b")"
    return b"<FEFF" + text.encode("utf-16-be").hex().upper().encode() + b">"


def _num(x: float) -> bytes:
    return (b"%.3f" % x).rstrip(b"0").rstrip(b".") or b"0"


def _tag_for(part: int, tag: str, taken: set[str]) -> str:
    """A subset tag for ``tag`` of part ``part``: the first part keeps its own, later ones get new ones."""
    if part == 0:
        taken.add(tag)
        return tag
    seed = f"{part}:{tag}".encode()
    while True:
        digest = hashlib.sha1(seed).digest()
        new = "".join(chr(65 + b % 26) for b in digest[:6])
        if new not in taken:
            taken.add(new)
            return new
        seed = digest


def _subset_tag(name: str) -> str | None:
    """``ABCDEF`` of ``/ABCDEF+NotoSans``: six capitals and a plus start the name of a font subset (PDF 1.7, 9.6.4)."""
    if len(name) > 8 and name[7] == "+" and name[1:7].isalpha() and name[1:7].isupper() and name[1:7].isascii():
        return name[1:7]
    return None


_FONT_NAME_KEYS = frozenset(("/BaseFont", "/FontName"))


class _Output:
    """The joined file as it is written: byte chunks, and where each object starts."""

    def __init__(self, header: bytes):
        self.chunks: list[bytes] = [header]
        self.size = len(header)
        self.offsets: dict[int, int] = {}
        self.next_number = 4  # 1-3: catalog, page tree, document information (written last)

    def number(self) -> int:
        n = self.next_number
        self.next_number += 1
        return n

    def write(self, number: int, body: bytes) -> None:
        self.offsets[number] = self.size
        chunk = b"%d 0 obj\n" % number + body + b"\nendobj\n"
        self.chunks.append(chunk)
        self.size += len(chunk)


class _Part:
    """Writes the objects of one parsed part under new numbers."""

    def __init__(self, pdf, index: int, out: _Output, tags: dict[str, str], taken: set[str]):
        import pikepdf

        self.pikepdf = pikepdf
        self.pdf, self.index, self.out = pdf, index, out
        self.tags, self.taken = tags, taken
        self.numbers: dict[tuple[int, int], int] = {}
        self.queue: deque = deque()
        self.names: dict[str, bytes] = {}
        self.types = pikepdf.ObjectType
        self.containers = frozenset((self.types.array, self.types.dictionary))
        # Every page tree node of the part becomes the joined file's one page tree.
        # Direct arrays and dictionaries already written, by their key and qpdf's text of them:
        # within one part the same text always comes out the same (a thousand pages' media boxes).
        self.direct: dict[tuple[str, bytes], bytes] = {}
        self.page_tree: set[tuple[int, int]] = set()
        stack = [pdf.Root.Pages]
        while stack:
            node = stack.pop()
            self.page_tree.add(node.objgen)
            stack += [k for k in node.get("/Kids", ()) if k.get("/Type") == "/Pages"]
        # Pages are numbered first: the catalog or an annotation may point at any of them.
        self.kids = [p.obj for p in pdf.pages]
        self.kid_numbers = [self.numbers.setdefault(p.objgen, out.number()) for p in self.kids]

    def ref(self, obj) -> bytes:
        og = obj.objgen
        if og in self.page_tree:
            return b"2 0 R"
        n = self.numbers.get(og)
        if n is None:
            n = self.numbers[og] = self.out.number()
            self.queue.append(obj)
        return b"%d 0 R" % n

    def name(self, key: str) -> bytes:
        b = self.names.get(key)
        if b is None:
            b = self.names[key] = self.pikepdf.Name(key).unparse()
        return b

    def value(self, v, parts: list[bytes], key: str = "") -> None:
        """Append the syntax of ``v`` (a direct value, or a reference to an indirect object) to ``parts``."""
        kind = type(v)
        if kind is int:  # the commonest values first: this runs for every entry of every page
            parts.append(b"%d" % v)
        elif kind is Decimal:
            parts.append(format(v, "f").encode("ascii"))
        elif v is None:
            parts.append(b"null")
        elif kind is bool:
            parts.append(b"true" if v else b"false")
        elif v.is_indirect:
            parts.append(self.ref(v))
        elif v._type_code in self.containers:
            found = self.direct.get((key, v.unparse()))
            if found is None:
                mine: list[bytes] = []
                self.value_direct(v, mine, key)
                found = self.direct[(key, v.unparse())] = b"".join(mine)
            parts.append(found)
        else:
            self.value_direct(v, parts, key)

    def dictionary(self, items, parts: list[bytes], skip: frozenset = frozenset()) -> None:
        parts.append(b"<<")
        names, value = self.names, self.value
        for k, v in items:
            if k in skip:
                continue
            key = names.get(k) or self.name(k)
            parts.append(b" " + key + b" ")
            value(v, parts, k)
        parts.append(b" >>")

    def font_name(self, name: str) -> str:
        tag = _subset_tag(name)
        if tag is None:
            return name
        new = self.tags.get(tag)
        if new is None:
            new = self.tags[tag] = _tag_for(self.index, tag, self.taken)
        return "/" + new + name[7:]

    def body(self, obj) -> bytes:
        parts: list[bytes] = []
        if obj._type_code == self.types.stream:
            data = obj.read_raw_bytes()
            self.dictionary(obj.stream_dict.items(), parts, frozenset(("/Length",)))
            parts[-1] = b" /Length %d >>\nstream\n" % len(data)
            parts += [data, b"\nendstream"]
        else:
            self.value_direct(obj, parts)
        return b"".join(parts)

    def value_direct(self, obj, parts: list[bytes], key: str | None = None) -> None:
        """``obj`` written out in full (never as a reference), with subset tags in font names renamed."""
        t = obj._type_code
        if t == self.types.dictionary:
            self.dictionary(obj.items(), parts)
        elif t == self.types.array:
            parts.append(b"[")
            for item in obj:
                parts.append(b" ")
                self.value(item, parts)
            parts.append(b" ]")
        elif t == self.types.name_ and key in _FONT_NAME_KEYS:
            parts.append(self.name(self.font_name(str(obj))))
        else:
            parts.append(obj.unparse())

    def drain(self) -> None:
        while self.queue:
            obj = self.queue.popleft()
            self.out.write(self.numbers[obj.objgen], self.body(obj))

    def pages(self, moves) -> list[int]:
        """Write the part's pages and all they use; their new numbers, in order."""
        for page, number in zip(self.kids, self.kid_numbers):
            parts: list[bytes] = []
            move = next(moves, None) if moves is not None else None
            self.dictionary(page.items(), parts, frozenset(("/Parent", "/Contents")))
            parts[-1] = b" /Parent 2 0 R"
            if "/Contents" in page:
                parts.append(b" /Contents ")
                if move is None:
                    self.value(page.Contents, parts)
                else:
                    parts.append(move(self, page.Contents))
            parts.append(b" >>")
            self.out.write(number, b"".join(parts))
            self.drain()
        return self.kid_numbers


class _Moves:
    """Per page, content streams that move everything on it (for a printer that shifts its pages)."""

    def __init__(self, out: _Output, moves_mm: list[tuple[float, float]]):
        self.out = out
        self.moves = moves_mm
        self.prefixes: dict[tuple[float, float], int] = {}
        self.suffix: int | None = None

    def _stream(self, data: bytes) -> int:
        n = self.out.number()
        self.out.write(n, b"<< /Length %d >>\nstream\n" % len(data) + data + b"\nendstream")
        return n

    def per_page(self):
        for dx, dy in self.moves:
            if (dx, dy) == (0, 0):
                yield None
                continue
            yield lambda part, contents, d=(dx, dy): self._wrap(part, contents, d)

    def _wrap(self, part: _Part, contents, d: tuple[float, float]) -> bytes:
        if self.suffix is None:
            self.suffix = self._stream(b"Q")
        if d not in self.prefixes:
            self.prefixes[d] = self._stream(b"q 1 0 0 1 %s %s cm" % (_num(d[0] * MM), _num(-d[1] * MM)))
        inner: list[bytes] = []
        items = contents if contents._type_code == part.types.array else [contents]
        for c in items:
            inner.append(b" ")
            part.value(c, inner)
        return b"[ %d 0 R" % self.prefixes[d] + b"".join(inner) + b" %d 0 R ]" % self.suffix


def join(parts: list[bytes], *, title: str = "", producer: str = "w4r", moves_mm: list[tuple[float, float]] | None = None) -> bytes:
    """One PDF with the pages of ``parts`` in order; byte-identical for identical input.

    ``moves_mm``: per page, how far to move everything on it (mm right, mm
    down), for a printer that shifts its pages; each page's content is wrapped
    in a translation (its own content streams are left as they are).
    """
    if not parts:
        raise ValueError("nothing to join")
    import pikepdf  # only a batch joins files: keep it out of every other command's start

    out = _Output(b"")
    tags_taken: set[str] = set()
    version = "1.3"
    moves = _Moves(out, moves_mm).per_page() if moves_mm is not None else None
    kids: list[int] = []
    catalog = info = b""
    for index, data in enumerate(parts):
        try:
            pdf = pikepdf.open(_PartSource(data), attempt_recovery=False, inherit_page_attributes=False)
        except (pikepdf.PdfError, ValueError) as exc:
            raise JoinError(_reason(exc), part=index + 1, parts=len(parts)) from None
        try:
            with pdf:
                version = max(version, pdf.pdf_version, key=lambda v: tuple(int(x) for x in v.split(".")))
                part = _Part(pdf, index, out, {}, tags_taken)
                if index == 0:
                    catalog, info = _first_part_entries(part, pdf, title, producer)
                kids += part.pages(moves)
                warnings = pdf.get_warnings()
                if warnings:  # qpdf read past something damaged: a file from such a part could print wrong
                    raise JoinError(_reason(warnings[0]), part=index + 1, parts=len(parts))
        except pikepdf.PdfError as exc:
            raise JoinError(_reason(exc), part=index + 1, parts=len(parts)) from None
        del part, pdf  # one part parsed at a time: its objects go before the next is read
    if moves_mm is not None and len(moves_mm) != len(kids):
        raise ValueError(f"{len(moves_mm)} moves for {len(kids)} pages")
    out.chunks[0] = b"%PDF-" + version.encode("ascii") + b"\n%\x93\x8c\x8b\x9e w4r\n"
    # The header's length is known only now: shift every offset by it.
    shift = len(out.chunks[0])
    out.size += shift
    out.offsets = {n: off + shift for n, off in out.offsets.items()}
    out.write(1, catalog)
    out.write(2, b"<< /Count %d /Kids [ " % len(kids) + b" ".join(b"%d 0 R" % k for k in kids) + b" ] /Type /Pages >>")
    out.write(3, info)
    size = out.next_number
    missing = [n for n in range(1, size) if n not in out.offsets]
    if missing:
        raise AssertionError(f"objects {missing[:5]} were numbered but not written")
    xref_at = out.size
    entries = [b"0000000000 65535 f \n"] + [b"%010d 00000 n \n" % out.offsets[n] for n in range(1, size)]
    digest = hashlib.md5(b"".join(hashlib.md5(p).digest() for p in parts)).hexdigest().encode()
    trailer = (
        b"xref\n0 %d\n" % size + b"".join(entries)
        + b"trailer\n<< /ID [<" + digest + b"><" + digest + b">] /Info 3 0 R /Root 1 0 R /Size %d >>\n" % size
        + b"startxref\n%d\n%%%%EOF\n" % xref_at
    )
    out.chunks.append(trailer)
    return b"".join(out.chunks)


def _first_part_entries(part: _Part, pdf, title: str, producer: str) -> tuple[bytes, bytes]:
    """The catalog (without its page tree) and document information of the first part, with ``title`` and ``producer``."""
    catalog: list[bytes] = []
    part.dictionary(pdf.Root.items(), catalog, frozenset(("/Pages", "/Type")))
    catalog[-1] = b" /Pages 2 0 R /Type /Catalog >>"
    info: list[bytes] = []
    own = {"/Title": _pdf_string(title), "/Creator": _pdf_string(producer), "/Producer": _pdf_string(producer)}
    first = pdf.trailer.get("/Info")
    part.dictionary(first.items() if first is not None else (), info, frozenset(own))
    info[-1] = b"".join(b" " + k.encode("ascii") + b" " + v for k, v in sorted(own.items())) + b" >>"
    part.drain()
    return b"".join(catalog), b"".join(info)


def _reason(exc: Exception) -> str:
    """qpdf's own words, on one line, without the name it gives the part."""
    text = " ".join(str(exc).split())
    for name in (f"stream {_SOURCE}: ", f"stream {_SOURCE}, ", f"stream {_SOURCE} "):
        text = text.replace(name, "")
    if text.startswith("(") and "): " in text:  # "(object 2 0, offset 305): expected endobj"
        text = text[1:].replace("): ", ": ", 1)
    return text[:200] or type(exc).__name__
