"""Join PDFs that w4r itself wrote into one document, without parsing their content.

A batch is printed by several renderers (letters, cards) and, for speed, by
several processes at once; each writes a complete PDF and this module strings
their pages together.  It relies on what ReportLab writes: a classic
cross-reference table, no object streams, one flat page tree.  Objects are
copied byte for byte with their numbers shifted; only object headers,
references and the subset tags of embedded fonts are rewritten (each part's
fonts are subsets of their own, and two different subsets under one name can
confuse a print server, so every part's subsets get tags of their own).

It is not a general PDF merger: anything unexpected raises JoinError, which
is a bug in w4r, never a user's mistake.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

_STARTXREF = re.compile(rb"startxref\s+(\d+)\s+%%EOF\s*$")
_XREF_ENTRY = re.compile(rb"(\d{10}) (\d{5}) ([nf])")
_SUBSECTION = re.compile(rb"(\d+) (\d+)\s*\r?\n")
_REF = re.compile(rb"(?<![\d.])(\d+) 0 R(?![A-Za-z0-9])")
_OBJ_HEAD = re.compile(rb"\s*(\d+) 0 obj\b")
_STREAM = re.compile(rb">>\s*stream\r?\n")
_SUBSET_TAG = re.compile(rb"/([A-Z]{6})\+")
_VERSION = re.compile(rb"%PDF-(\d\.\d)")


class JoinError(Exception):
    pass


@dataclass
class _Part:
    objects: dict[int, bytes]  # number -> the object's bytes from "N 0 obj" up to the next object
    root: int
    info: int | None
    pages: int
    kids: list[int]
    version: bytes


def _int_ref(head: bytes, key: bytes) -> int | None:
    m = re.search(rb"/" + key + rb"\s+(\d+) 0 R", head)
    return int(m.group(1)) if m else None


def _read(data: bytes) -> _Part:
    m = _STARTXREF.search(data[-64:])
    if not m:
        raise JoinError("no startxref at the end")
    xref_at = int(m.group(1))
    if data[xref_at : xref_at + 4] != b"xref":
        raise JoinError("not a classic cross-reference table")
    trailer_at = data.index(b"trailer", xref_at)
    table = data[xref_at + 4 : trailer_at]
    offsets: dict[int, int] = {}
    pos = 0
    while True:
        sub = _SUBSECTION.search(table, pos)
        if not sub:
            break
        first, count = int(sub.group(1)), int(sub.group(2))
        pos = sub.end()
        for i in range(count):
            e = _XREF_ENTRY.match(table, pos)
            if not e:
                raise JoinError("bad cross-reference entry")
            if e.group(3) == b"n":
                offsets[first + i] = int(e.group(1))
            pos = e.end()
            while pos < len(table) and table[pos : pos + 1] in b" \r\n":
                pos += 1
    trailer = data[trailer_at : data.index(b"startxref", trailer_at)]
    root = _int_ref(trailer, b"Root")
    if root is None:
        raise JoinError("no /Root in the trailer")
    order = sorted(offsets.items(), key=lambda kv: kv[1])
    objects: dict[int, bytes] = {}
    for i, (num, start) in enumerate(order):
        end = order[i + 1][1] if i + 1 < len(order) else xref_at
        chunk = data[start:end]
        head = _OBJ_HEAD.match(chunk)
        if not head or int(head.group(1)) != num:
            raise JoinError(f"object {num} is not where the table says")
        objects[num] = chunk
    catalog = objects[root]
    pages = _int_ref(catalog, b"Pages")
    if pages is None:
        raise JoinError("no page tree")
    pages_obj = objects[pages]
    kids_m = re.search(rb"/Kids\s*\[([^\]]*)\]", pages_obj)
    if not kids_m:
        raise JoinError("no /Kids in the page tree")
    kids = [int(k) for k in _REF.findall(kids_m.group(1))]
    for k in kids:
        if b"/Type /Pages" in _head(objects[k]):
            raise JoinError("nested page trees are not supported")
    version = _VERSION.match(data)
    return _Part(objects, root, _int_ref(trailer, b"Info"), pages, kids, version.group(1) if version else b"1.4")


def _head(chunk: bytes) -> bytes:
    m = _STREAM.search(chunk)
    return chunk if m is None else chunk[: m.end()]


def _tag_for(part: int, tag: bytes, taken: set[bytes]) -> bytes:
    if part == 0:
        taken.add(tag)
        return tag
    seed = f"{part}:{tag.decode()}".encode()
    while True:
        digest = hashlib.sha1(seed).digest()
        new = bytes(65 + b % 26 for b in digest[:6])
        if new not in taken:
            taken.add(new)
            return new
        seed = digest


def _num(x: float) -> bytes:
    return (b"%.3f" % x).rstrip(b"0").rstrip(b".") or b"0"


def _pdf_string(text: str) -> bytes:
    if text.isascii():
        return b"(" + text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)").encode("ascii") + b")"
    return b"<FEFF" + text.encode("utf-16-be").hex().upper().encode() + b">"


_CONTENTS = re.compile(rb"/Contents (\d+) 0 R")
MM = 72 / 25.4


def _stream(data: bytes) -> bytes:
    return b"<< /Length %d >>\nstream\n" % len(data) + data + b"\nendstream"


def join(parts: list[bytes], *, title: str = "", producer: str = "w4r", moves_mm: list[tuple[float, float]] | None = None) -> bytes:
    """One PDF with the pages of ``parts`` in order; byte-identical for identical input.

    ``moves_mm``: per page, how far to move everything on it (mm right, mm
    down), for a printer that shifts its pages; each page's content is wrapped
    in a translation (its own content stream is left as it is).
    """
    if not parts:
        raise JoinError("nothing to join")
    read = [_read(p) for p in parts]
    out: list[bytes] = []
    offsets: list[int] = []
    size = 0
    version = max(r.version for r in read)
    header = b"%PDF-" + version + b"\n%\x93\x8c\x8b\x9e w4r\n"
    out.append(header)
    size += len(header)
    catalog_num, pages_num, info_num = 1, 2, 3
    next_num = 4
    all_kids: list[int] = []
    taken_tags: set[bytes] = set()
    staged: list[tuple[int, bytes]] = []
    for index, part in enumerate(read):
        skip = {part.root, part.pages} | ({part.info} if part.info else set())
        mapping: dict[int, int] = {part.pages: pages_num}
        for num in sorted(part.objects):
            if num not in skip:
                mapping[num] = next_num
                next_num += 1
        tags: dict[bytes, bytes] = {}

        def ref(m: re.Match) -> bytes:
            num = int(m.group(1))
            if num not in mapping:
                raise JoinError(f"reference to object {num}, which is not in the part")
            return b"%d 0 R" % mapping[num]

        def tag(m: re.Match) -> bytes:
            t = m.group(1)
            if t not in tags:
                tags[t] = _tag_for(index, t, taken_tags)
            return b"/" + tags[t] + b"+"

        for num in sorted(part.objects):
            if num in skip:
                continue
            chunk = part.objects[num]
            head = _head(chunk)
            rest = chunk[len(head) :]
            head = _OBJ_HEAD.sub(b"%d 0 obj" % mapping[num], head, count=1)
            head = _REF.sub(ref, head)
            head = _SUBSET_TAG.sub(tag, head)
            staged.append((mapping[num], head + rest))
        all_kids += [mapping[k] for k in part.kids]
    if moves_mm is not None:
        if len(moves_mm) != len(all_kids):
            raise JoinError(f"{len(moves_mm)} moves for {len(all_kids)} pages")
        by_num = dict(staged)
        suffix = next_num
        extra = [(suffix, b"%d 0 obj\n" % suffix + _stream(b"Q") + b"\nendobj\n")]
        next_num += 1
        prefixes: dict[tuple[float, float], int] = {}
        for kid, (dx, dy) in zip(all_kids, moves_mm):
            if (dx, dy) == (0, 0):
                continue
            if (dx, dy) not in prefixes:
                prefixes[(dx, dy)] = next_num
                op = b"q 1 0 0 1 %s %s cm" % (_num(dx * MM), _num(-dy * MM))
                extra.append((next_num, b"%d 0 obj\n" % next_num + _stream(op) + b"\nendobj\n"))
                next_num += 1
            head = _head(by_num[kid])
            if len(_CONTENTS.findall(head)) != 1:
                raise JoinError(f"page object {kid} has no single /Contents stream")
            wrapped = _CONTENTS.sub(lambda m: b"/Contents [ %d 0 R %s 0 R %d 0 R ]" % (prefixes[(dx, dy)], m.group(1), suffix), head, count=1)
            by_num[kid] = wrapped + by_num[kid][len(head):]
        staged = list(by_num.items()) + extra
    staged.sort()
    for num, chunk in staged:
        offsets.append(size)
        if not chunk.startswith(b"\n") and out and not out[-1].endswith(b"\n"):
            chunk = b"\n" + chunk
            offsets[-1] += 1
        out.append(chunk)
        size += len(chunk)
    # Objects 1-3 go last in the file but keep the lowest numbers.
    kids = b" ".join(b"%d 0 R" % k for k in all_kids)
    tail_objects = {
        catalog_num: b"<< /PageMode /UseNone /Pages %d 0 R /Type /Catalog >>" % pages_num,
        pages_num: b"<< /Count %d /Kids [ " % len(all_kids) + kids + b" ] /Type /Pages >>",
        info_num: b"<< /Creator " + _pdf_string(producer) + b" /Producer " + _pdf_string(producer)
        + b" /Title " + _pdf_string(title) + b" >>",
    }
    head_offsets: dict[int, int] = {}
    for num, body in tail_objects.items():
        chunk = b"%d 0 obj\n" % num + body + b"\nendobj\n"
        if not out[-1].endswith(b"\n"):
            out.append(b"\n")
            size += 1
        head_offsets[num] = size
        out.append(chunk)
        size += len(chunk)
    xref_at = size
    entries = [b"0000000000 65535 f \n"]
    entries += [b"%010d 00000 n \n" % head_offsets[n] for n in (1, 2, 3)]
    entries += [b"%010d 00000 n \n" % off for off in offsets]
    digest = hashlib.md5(b"".join(hashlib.md5(p).digest() for p in parts)).hexdigest().encode()
    trailer = (
        b"xref\n0 %d\n" % (len(entries)) + b"".join(entries)
        + b"trailer\n<< /ID [<" + digest + b"><" + digest + b">] /Info %d 0 R /Root %d 0 R /Size %d >>\n" % (info_num, catalog_num, len(entries))
        + b"startxref\n%d\n%%%%EOF\n" % xref_at
    )
    out.append(trailer)
    return b"".join(out)
