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


# Encodings people's spreadsheets save in, preferred when the detector finds an equal reading in several.
PREFERRED = ("cp1252", "cp1250", "cp1251", "cp1253", "cp1254", "cp1255", "cp1256", "cp1257", "cp932", "gb18030",
             "big5", "cp949", "mac_roman", "iso8859_15", "koi8_r")
NUL_STANDIN = "\uffff"  # a noncharacter: marks a NUL byte until the row it is in is known


def line_of(raw: bytes, at: int) -> int:
    """The line byte ``at`` is on, counting line ends as the CSV reader does (\\r\\n, \\r and \\n)."""
    return len(re.findall(rb"\r\n|\r|\n", raw[:at])) + 1


def detect(raw: bytes) -> str | None:
    """The legacy encoding the bytes most likely are in (charset-normalizer), by its common name; None if unsure."""
    from charset_normalizer import from_bytes

    results = from_bytes(raw)
    best = results.best()
    if best is None:
        return None
    # Encodings that read the bytes about as cleanly as the best one: the one spreadsheets use most wins.
    close = {name for m in results if m.chaos <= best.chaos + 0.02 for name in [m.encoding, *m.could_be_from_charset]}
    for name in PREFERRED:
        if name in close:
            return name
    return best.encoding


def _is_utf8(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def decode(raw: bytes, source: str, encoding: str | None = None) -> tuple[str, str]:
    """The roster's text and the name of the encoding it was read in.

    NUL bytes come back as ``NUL_STANDIN``: the parser drops them and names their row and column.
    """
    if raw.startswith(b"PK\x03\x04"):
        raise InputError(f"{source} is a spreadsheet workbook (.xlsx/.ods), not CSV text", code="workbook")
    if encoding:
        try:
            info = codecs.lookup(encoding)
            if not getattr(info, "_is_text_encoding", True):
                raise LookupError(encoding)  # rot13, base64, zlib: codecs, but not a way to read text
            codec = info.name
        except LookupError:
            raise InputError(f"{encoding}: unknown encoding; try utf-8, utf-16 or cp1252", code="unknown-encoding",
                             field="encoding", hint="encoding_option", params={"encoding": encoding}) from None
        if codec == "utf-8":
            codec = "utf-8-sig"
        if not codec.startswith("utf"):
            # The bytes contradict the encoding asked for: reading them that way would print garbage on every letter.
            if raw.startswith(codecs.BOM_UTF8):
                raise InputError(f"{source} starts with a UTF-8 byte-order mark, so it is UTF-8, not {encoding}",
                                 code="encoding-contradicted", field="encoding", hint="drop_encoding", params={"encoding": encoding})
            if not raw.isascii() and _is_utf8(raw):
                raise InputError(f"{source} is UTF-8 (every byte reads as UTF-8), not {encoding}",
                                 code="encoding-contradicted", field="encoding", hint="drop_encoding", params={"encoding": encoding})
        try:
            return _nul(raw.decode(codec), source), codec
        except UnicodeDecodeError as exc:
            guess = detect(raw)
            looks = f"; it looks like {guess}" if guess and guess != codec else ""
            raise InputError(
                f"{source} is not {encoding} text: byte 0x{raw[exc.start]:02X} on line {line_of(raw, exc.start)} cannot "
                f"be read that way{looks}", code="wrong-encoding", field="encoding", hint="check_encoding",
                params={"encoding": encoding, "guess": guess}
            ) from None
    codec = _utf_codec(raw)
    try:
        text = raw.decode(codec)
    except UnicodeDecodeError as exc:
        if codec.startswith("utf-16") or codec.startswith("utf-32"):
            line = text_line(raw, codec, exc.start)
            raise InputError(f"{source} looks like {codec.upper()} but line {line} is not valid {codec.upper()}; "
                             "save it again as 'CSV UTF-8'", code="bad-utf16") from None
        guess = detect(raw)
        looks = f"; it looks like {guess}" if guess else ""
        raise InputError(
            f"{source} is not UTF-8: byte 0x{raw[exc.start]:02X} on line {line_of(raw, exc.start)}{looks}", code="not-utf8",
            field="encoding", hint="try_encoding" if guess else "save_utf8", params={"encoding": guess},
        ) from None
    return _nul(text, source), codec


def text_line(raw: bytes, codec: str, at: int) -> int:
    unit = 4 if "32" in codec else 2
    text = raw[: at - at % unit].decode(codec, errors="replace")
    return len(re.findall(r"\r\n|\r|\n", text)) + 1


def _nul(text: str, source: str) -> str:
    """NUL characters marked for the parser; a file that is mostly NULs is no text file at all."""
    if "\x00" not in text:
        return text
    if text.count("\x00") > max(8, len(text) // 100):
        raise InputError(f"{source} has NUL characters all through it, so it is not a text file; save the spreadsheet "
                         "as 'CSV UTF-8'", code="binary")
    return text.replace("\x00", NUL_STANDIN)


def _utf_codec(raw: bytes) -> str:
    """UTF-8, -16 or -32, by byte-order mark or by the look of the bytes (no BOM: mostly ASCII, or text that reads as a roster)."""
    if raw.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if raw.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return "utf-32"  # before UTF-16: the UTF-32 little-endian mark begins with the UTF-16 one
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if _looks_utf16(raw, 1):
        return "utf-16-le"
    if _looks_utf16(raw, 0):
        return "utf-16-be"
    if not _is_utf8(raw) and len(raw) % 2 == 0:
        # UTF-16 without a mark and mostly Chinese, Japanese or Korean has few NULs: its header still says it.
        for codec in ("utf-16-le", "utf-16-be"):
            try:
                first = raw.decode(codec).splitlines()[0] if raw else ""
            except UnicodeDecodeError:
                continue
            if sum(1 for d in DELIMITERS for c in _header_cells(first, d) if field_for(c)) >= 2:
                return codec
    return "utf-8"


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


def _ends_inside_quotes(rest: str, delimiter: str, quote: str) -> bool:
    """Whether the csv reader, reading ``rest`` from the start of a record, runs out of text inside a quoted cell.

    Read from the text as the reader reads it (strict, spaces after a separator
    skipped), not from the words of its error: True is the quote that opens and
    is never closed; False is a quote that closes in the middle of a cell.
    """
    at_start, quoted, after_quote = True, False, False
    for ch in rest:
        if quoted:
            if after_quote:
                if ch == quote:
                    after_quote = False  # a doubled quote, part of the cell
                    continue
                if ch == delimiter or ch in "\r\n":
                    quoted = after_quote = False
                    at_start = True
                    continue
                return False  # text after a closing quote: the reader's other error
            if ch == quote:
                after_quote = True
            continue
        if ch == delimiter or ch in "\r\n":
            at_start = True
        elif at_start and ch == quote:
            quoted = True
        elif not (at_start and ch == " "):
            at_start = False
    return quoted and not after_quote


def sniff_quote(first_line: str, delimiter: str) -> str:
    """The quote character: ' when every header cell is wrapped in it (some tools write 'name'|'message'), else "."""
    cells = [c.strip() for c in first_line.rstrip("\r\n").split(delimiter)]
    if len(cells) > 1 and all(len(c) >= 2 and c[0] == c[-1] == "'" for c in cells if c):
        return "'"
    return '"'


def parse(text: str, source: str, *, encoding: str = "utf-8", defaults: dict[str, str] | None = None):
    """Rows and per-row problems of a decoded roster."""
    from w4r.batch.roster import MAX_ROSTER_BYTES, from_records

    defaults = defaults or {}
    sep, text = _split_sep_line(text)
    lines = _lines(text)
    if not any(line.strip() for line in lines):
        raise InputError(f"{source} is empty; it needs a header row (name, message, case, to) and one row per letter or card",
                         code="empty-roster")
    delimiter = sep or sniff_delimiter(lines[0])
    quote = sniff_quote(lines[0], delimiter)
    # Spaces after a separator ("name, message") are skipped, so a quoted cell after one is still a quoted cell.
    reader = csv.reader(iter(lines), delimiter=delimiter, quotechar=quote, strict=True, skipinitialspace=True)
    problems: list[Problem] = []
    records: list[tuple[int, list[str]]] = []
    number = 0
    # The csv module refuses cells over 131,072 characters; a long cell is the row's problem, said as such.
    limit = csv.field_size_limit()
    csv.field_size_limit(max(limit, MAX_ROSTER_BYTES))
    try:
        while True:
            before = reader.line_num
            try:
                record = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:
                number += 1
                rest = "".join(lines[before:])
                if _ends_inside_quotes(rest, delimiter, quote):
                    col = _open_quote_column(rest, delimiter)
                    problems.append(
                        Problem(number, str(col), f"a quote ({quote}) opens here and is never closed, so lines {before + 1}-{len(lines)} "
                                "of the file were read as one cell; close the quote or delete it", code="quote-not-closed")
                    )
                    break
                problems.append(Problem(number, "-", f"the quotes in this row do not pair up ({exc}); a cell with a quote in it "
                                                     f"must be quoted itself, with the quote doubled ({quote}{quote})", code="quotes-unpaired"))
                continue
            number += 1
            records.append((number, record))
    finally:
        csv.field_size_limit(limit)
    records, found = _drop_nuls(records)
    problems += found
    roster = from_records(records, source, encoding=encoding, delimiter=delimiter, defaults=defaults, problems=problems)
    if not encoding.startswith("utf"):
        garbled = [roster.locate(p) for p in garbled_rows(records, roster, encoding)]
        roster.problems = sorted(roster.problems + garbled, key=lambda p: p.row or 0)
    return roster


def _drop_nuls(records: list[tuple[int, list[str]]]) -> tuple[list[tuple[int, list[str]]], list[Problem]]:
    """NUL characters taken out of the cells, each named by row and column (by index until the header is known)."""
    problems = []
    out = []
    for number, record in records:
        if any(NUL_STANDIN in c for c in record):
            for i, c in enumerate(record):
                if NUL_STANDIN in c:
                    problems.append(Problem(number, str(i), "a NUL character (an invisible control byte) was taken out of "
                                                            "this cell; check the cell", warning=True, code="nul"))
            record = [c.replace(NUL_STANDIN, "") for c in record]
        out.append((number, record))
    return out, problems


MESS = 0.2  # charset-normalizer's mess ratio above which a cell reads as garbled


def garbled_rows(records: list[tuple[int, list[str]]], roster, encoding: str) -> list[Problem]:
    """Warnings for rows whose text looks like mojibake: the file's encoding is probably not ``encoding``."""
    from charset_normalizer.md import mess_ratio

    problems = []
    columns = {i: fld for fld, i in roster.positions.items()}
    for number, record in records[1:]:
        for i, cell in enumerate(record):
            if cell.isascii() or i not in columns:
                continue
            if mess_ratio(cell) > MESS or _utf8_read_as(cell, encoding):
                shown = cell.strip()[:30]
                problems.append(Problem(number, columns[i], f"{shown!r} looks garbled: the file is probably not {encoding}; "
                                        "check the letters in this row before printing", warning=True, code="mojibake",
                                        field=columns[i]))
                break
    return problems


def _utf8_read_as(cell: str, encoding: str) -> bool:
    """True when the cell is UTF-8 bytes read as ``encoding`` ("JosÃ©" for "José")."""
    try:
        again = cell.encode(encoding).decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return False
    return again != cell
