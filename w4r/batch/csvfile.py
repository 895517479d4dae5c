"""A roster saved as CSV: decoding the bytes and cutting them into rows.

Spreadsheets save CSV in many ways, and a teacher should not have to know which
one theirs used.  This module reads what Excel, LibreOffice, Numbers and Google
Sheets write: UTF-8 with or without a byte-order mark, UTF-16 ("Unicode text",
usually tab-separated), ``;`` as separator (the default where the decimal
separator is a comma) and Excel's ``sep=;`` first line, quoted cells with line
breaks, CRLF line ends.  Anything that is not UTF-8 or UTF-16 stops with one
line that names the byte and the encoding the bytes look like.

Rows are numbered as the spreadsheet shows them: the header is row 1 and a
cell with line breaks in it does not make its row count twice.
"""

from __future__ import annotations

import codecs
import csv
import io
import re

from w4r.batch.headers import field_for
from w4r.batch.problems import Problem
from w4r.errors import InputError

DELIMITERS = (",", ";", "\t", "|")

_SEP_LINE = re.compile(r'^"?sep=(.)"?[ \t]*(\r\n|\r|\n|$)', re.IGNORECASE)


def _describe_delimiter(d: str) -> str:
    return {"\t": "tab", ",": "comma", ";": "semicolon", "|": "bar"}.get(d, repr(d))


def decode(raw: bytes, source: str, encoding: str | None = None) -> tuple[str, str]:
    """The roster's text and the name of the encoding it was read in."""
    if raw.startswith(b"PK\x03\x04"):
        raise InputError(
            f"{source} is a spreadsheet workbook (.xlsx/.ods), not CSV; save it as 'CSV UTF-8' "
            f"(File > Save As) and give w4r that file"
        )
    if encoding:
        try:
            info = codecs.lookup(encoding)
            if not getattr(info, "_is_text_encoding", True):
                raise LookupError(encoding)  # rot13, base64, zlib: codecs, but not a way to read text
            codec = info.name
        except LookupError:
            raise InputError(f"{encoding}: unknown encoding; try utf-8, utf-16 or cp1252", code="unknown_encoding",
                             field="encoding", hint="encoding_option", params={"encoding": encoding}) from None
        if codec == "utf-8":
            codec = "utf-8-sig"
        try:
            return raw.decode(codec), codec
        except UnicodeDecodeError as exc:
            line = raw[: exc.start].count(b"\n") + 1
            raise InputError(
                f"{source} is not {encoding} text: byte 0x{raw[exc.start]:02X} on line {line} cannot be read "
                f"that way", code="wrong_encoding", field="encoding", hint="check_encoding", params={"encoding": encoding}
            ) from None
    if raw.startswith(codecs.BOM_UTF8):
        codec = "utf-8-sig"
    elif raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        codec = "utf-16"
    elif _looks_utf16(raw, 1):
        codec = "utf-16-le"
    elif _looks_utf16(raw, 0):
        codec = "utf-16-be"
    else:
        codec = "utf-8"
    try:
        text = raw.decode(codec)
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        if codec.startswith("utf-16"):
            raise InputError(f"{source} looks like UTF-16 but line {line} is not valid UTF-16; save it again as 'CSV UTF-8'") from None
        raise InputError(
            f"{source} is not UTF-8: byte 0x{raw[exc.start]:02X} on line {line}", code="not_utf8", field="encoding",
            hint="try_encoding", params={"encoding": "cp1252"},
        ) from None
    if "\x00" in text:
        raise InputError(f"{source} has NUL characters, so it is not a text file; save the spreadsheet as 'CSV UTF-8'")
    return text, codec


def _looks_utf16(raw: bytes, zero_at: int) -> bool:
    """UTF-16 without a byte-order mark: ASCII text has a NUL in every other byte."""
    sample = raw[:400]
    if len(sample) < 4:
        return False
    half = sample[zero_at::2]
    return half.count(0) >= 0.8 * len(half) and sample[1 - zero_at :: 2].count(0) < 0.2 * len(half)


def _split_sep_line(text: str) -> tuple[str | None, str]:
    """Excel's 'sep=;' first line: the separator, and the text without that line."""
    m = _SEP_LINE.match(text)
    if not m:
        return None, text
    return m.group(1), text[m.end() :]


def _header_cells(first_line: str, delimiter: str) -> list[str]:
    try:
        return next(csv.reader([first_line], delimiter=delimiter))
    except (csv.Error, StopIteration):
        return []


def sniff_delimiter(first_line: str) -> str:
    """The separator that cuts the header into the most known column names (then: the most cells)."""

    def score(d: str) -> tuple[int, int]:
        cells = _header_cells(first_line, d)
        known = sum(1 for c in cells if field_for(c))
        return known, len(cells)

    return max(DELIMITERS, key=score)


def _lines(text: str) -> list[str]:
    # Physical lines as the csv module sees them (\r\n, \r and \n all end a line).
    return list(io.StringIO(text, newline=""))


def _open_quote_column(rest: str, delimiter: str) -> int:
    """Index of the cell whose quote is never closed, scanning one record's text."""
    cell, at_start, quoted, i, opened = 0, True, False, 0, 0
    while i < len(rest):
        ch = rest[i]
        if quoted:
            if ch == '"':
                if rest[i + 1 : i + 2] == '"':
                    i += 1
                else:
                    quoted = False
        elif ch == '"' and at_start:
            quoted = True
            opened = cell
        elif ch == delimiter:
            cell += 1
            at_start = True
            i += 1
            continue
        elif ch in "\r\n":
            break
        at_start = False
        i += 1
    return opened if quoted else cell


def parse(text: str, source: str, *, encoding: str = "utf-8", defaults: dict[str, str] | None = None):
    """Rows and per-row problems of a decoded roster."""
    defaults = defaults or {}
    sep, text = _split_sep_line(text)
    lines = _lines(text)
    if not any(line.strip() for line in lines):
        raise InputError(f"{source} is empty; it needs a header row (name, message, case, to) and one row per letter or card")
    delimiter = sep or sniff_delimiter(lines[0])
    reader = csv.reader(iter(lines), delimiter=delimiter, strict=True)
    problems: list[Problem] = []
    records: list[tuple[int, list[str]]] = []
    number = 0
    while True:
        before = reader.line_num
        try:
            record = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            number += 1
            rest = "".join(lines[before:])
            if "end of data" in str(exc):
                col = _open_quote_column(rest, delimiter)
                problems.append(
                    Problem(number, str(col), f"a quote (\") opens here and is never closed, so lines {before + 1}-{len(lines)} "
                            "of the file were read as one cell; close the quote or delete it", code="quote_not_closed")
                )
                break
            problems.append(Problem(number, "-", f"the quotes in this row do not pair up ({exc}); a cell with a quote in it "
                                                 "must be quoted itself, with the quote doubled (\"\")", code="quotes_unpaired"))
            continue
        number += 1
        records.append((number, record))
    from w4r.batch.roster import from_records

    return from_records(records, source, encoding=encoding, delimiter=delimiter, defaults=defaults, problems=problems)


