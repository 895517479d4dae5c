"""The appeal letter as plain text and as an email: same words as the PDF, no layout.

The text comes from the composed Letter, so the templates, languages and
personal message are exactly those of the printed letter.  Nothing here ever
adds the sender's email address: online actions deliberately keep it from the
authorities, and so does w4r unless the user asks for a From line.
"""

from __future__ import annotations

import datetime as dt
import email.policy
import re
import unicodedata
from email.headerregistry import Address
from email.message import EmailMessage
from dataclasses import dataclass
from email.utils import format_datetime

from w4r.compose.letter import Letter, LetterText
from w4r.compose.notices import Notice
from w4r.errors import InputError
from w4r.richtext import Span, clean

WRAP_WIDTH = 72  # columns; the customary width of plain-text mail (RFC 3676 suggests at most 78)
# Headers as the standard library writes them: folded at 78 columns, addresses quoted where
# needed, UTF-8 as written (RFC 6532) so no name is cut into encoded words mid-word.
HEADERS = email.policy.SMTPUTF8
FORMATS = ("email", "eml", "txt")

# Characters a line of CJK text may not begin with (the core of the Japanese
# kinsoku and Chinese line-breaking rules): closing brackets and punctuation.
_NO_BREAK_BEFORE = set("、。，．,.：；:;！？!?）)］]｝}〕〉》」』】〙〗〟’”ー々ゝゞヽヾぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ")
_URL_OR_ADDRESS = re.compile(r"^(?:[a-z][a-z0-9+.-]*://|www\.)|@", re.IGNORECASE)


# Flattening spans ------------------------------------------------------


def span_text(spans: list[Span]) -> str:
    """Spans as plain text; bold and italic have no plain-text form and are dropped."""
    return clean("".join(s.text for s in spans))


def one_line(text: str) -> str:
    return " ".join(text.split())


# Wrapping ----------------------------------------------------------------


def display_width(text: str) -> int:
    """Terminal columns: wide (CJK) characters take two, combining marks none."""
    width = 0
    for ch in text:
        if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
            continue
        width += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return width


def _is_wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in ("W", "F")


def _pieces(word: str) -> list[str]:
    """Split a space-free word where a line may break: between CJK characters only."""
    if _URL_OR_ADDRESS.search(word) or not any(_is_wide(ch) for ch in word):
        return [word]
    pieces: list[str] = []
    for i, ch in enumerate(word):
        breakable = i > 0 and (_is_wide(ch) or _is_wide(word[i - 1])) and ch not in _NO_BREAK_BEFORE
        if breakable or not pieces:
            pieces.append(ch)
        else:
            pieces[-1] += ch
    return pieces


def wrap_line(line: str, width: int) -> list[str]:
    """Greedy wrap of one line by display width.

    A URL, an email address or a long word is never split: it goes on a line of
    its own even when that line is wider than ``width`` (a broken link is worse
    than a long line).  CJK text, which has no spaces, breaks between characters.
    """
    out: list[str] = []
    current, current_width = "", 0
    for m in re.finditer(r"(\s*)(\S+)", line):
        spaced = bool(m.group(1))
        for j, piece in enumerate(_pieces(m.group(2))):
            gap = 1 if (spaced and j == 0 and current) else 0
            w = display_width(piece)
            if current and current_width + gap + w > width:
                out.append(current)
                current, current_width = piece, w
            else:
                current += (" " if gap else "") + piece
                current_width += gap + w
    if current or not out:
        out.append(current)
    return out


def wrap(paragraph: str, width: int | None) -> list[str]:
    """A paragraph as lines; explicit line breaks (a poem, a list) are kept."""
    lines = [ln.strip() for ln in clean(paragraph).split("\n")]
    if width is None:
        return [" ".join(ln.split()) for ln in lines]
    out: list[str] = []
    for ln in lines:
        out.extend(wrap_line(ln, width))
    return out


# The letter as text ---------------------------------------------------------


@dataclass(frozen=True)
class _Signed:
    """The closing (wrapped like any paragraph, a French one is long) with the name and address under it
    (never joined or wrapped: an address line is one line)."""

    closing: str
    lines: tuple[str, ...]


def _text_blocks(text: LetterText, personal: tuple[str, ...], sign: bool, letter: Letter) -> list[list[str] | str | _Signed]:
    """Paragraphs in the PDF's order: salutation, body, personal words, request, closing, signature."""
    blocks: list[list[str] | str | _Signed] = [text.salutation]
    blocks += [span_text(p) for p in text.body]
    blocks += list(personal)
    blocks += [span_text(p) for p in text.request]
    if sign:
        blocks.append(_Signed(text.closing, tuple(p for p in [letter.sender.name] if p) + tuple(letter.sender.address)))
    else:
        blocks.append(text.closing)
    return blocks


def _render_blocks(blocks: list[list[str] | str | _Signed], width: int | None) -> list[str]:
    lines: list[str] = []
    for block in blocks:
        if lines:
            lines.append("")
        if isinstance(block, _Signed):
            lines.extend(wrap(block.closing, width))
            lines.extend(block.lines)
        elif isinstance(block, list):
            lines.extend(block)
        else:
            lines.extend(wrap(block, width))
    return lines


def letter_lines(letter: Letter, *, width: int | None = WRAP_WIDTH, subject: bool = True) -> list[str]:
    lines: list[str] = []
    for i, text in enumerate(letter.texts):
        last = i == len(letter.texts) - 1
        blocks: list[list[str] | str] = []
        if i:
            # A bilingual letter: the second version under its language's name, as in the PDF.
            blocks.append([text.lang.data.name, "-" * display_width(text.lang.data.name)])
        if subject or i:
            blocks.append(one_line(span_text(text.subject)))  # wrapped like a paragraph if it is long
        blocks += _text_blocks(text, letter.personal if last else (), last, letter)
        if lines:
            lines += ["", ""]
        lines += _render_blocks(blocks, width)
    return lines


def letter_as_text(letter: Letter, *, width: int | None = WRAP_WIDTH) -> str:
    """The letter as plain text: subject, salutation, paragraphs, closing, name and address.

    Wrapped at ``width`` columns (None: one line per paragraph, for programs that
    wrap by themselves).  The personal paragraphs come after the body and
    before the request, exactly where the PDF prints them.
    """
    return "\n".join(letter_lines(letter, width=width)) + "\n"


def email_subject(letter: Letter) -> str:
    return one_line(span_text(letter.primary.subject))


def digital_warnings(letter: Letter, fmt: str) -> list[str]:
    """What the user should know before sending ``fmt``, as notices (codes no-email, unsigned-email)."""
    warnings: list[str] = []
    if fmt in ("email", "eml") and not letter.target.email:
        warnings.append(Notice(
            f"the case file gives no email address for {letter.target.label}, so the email has no To: line; "
            f"post the letter instead, or add the address your section publishes", "no-email", office=letter.target.label,
        ))
    if letter.sender.empty:
        warnings.append(Notice("the letter is not signed", "unsigned-email"))
    return warnings


# The letter as an email -------------------------------------------------------


def _date_header(date: dt.date | dt.datetime | None) -> str:
    if isinstance(date, dt.datetime):
        moment = date if date.tzinfo else date.astimezone()
    elif isinstance(date, dt.date):
        # A letter has a day, not a time; noon UTC keeps that day in every time zone
        # from UTC-11 to UTC+11 and makes the file reproducible.
        moment = dt.datetime.combine(date, dt.time(12, 0), tzinfo=dt.timezone.utc)
    else:
        moment = dt.datetime.now().astimezone().replace(microsecond=0)
    return format_datetime(moment)


def _address(display_name: str | None, addr_spec: str, what: str) -> Address:
    try:
        return Address(display_name=one_line(display_name or ""), addr_spec=addr_spec.strip())
    except (ValueError, IndexError) as exc:
        raise InputError(f"{addr_spec!r} cannot be used as the {what} address of an email ({exc})") from None


def letter_as_email(
    letter: Letter,
    *,
    date: dt.date | dt.datetime | None = None,
    from_address: str | None = None,
    from_name: str | None = None,
) -> EmailMessage:
    """The letter as an email message, ready to open in a mail program.

    To: the target's address when the case file has one (else no To: line, and
    ``digital_warnings`` says so).  No From: unless ``from_address`` is given.
    The body is UTF-8 text with one line per paragraph: mail programs wrap it to
    the reader's window, and the transfer encoding keeps transport lines short.
    """
    from w4r import __version__

    msg = EmailMessage(policy=HEADERS)
    if letter.target.email:
        msg["To"] = _address(letter.target.name or letter.target.title, letter.target.email, "To")
    if from_address:
        msg["From"] = _address(from_name or letter.sender.name, from_address, "From")
    msg["Subject"] = email_subject(letter)
    msg["Date"] = _date_header(date)
    msg["X-Mailer"] = f"w4r {__version__}"
    # Outlook opens a message with this header as a draft the user can send.
    msg["X-Unsent"] = "1"
    body = "\n".join(letter_lines(letter, width=None, subject=False)) + "\n"
    msg.set_content(body, subtype="plain", charset="utf-8")
    # After set_content, which clears every Content-* header.
    msg["Content-Language"] = ", ".join(t.lang.code for t in letter.texts)
    return msg


def eml_bytes(msg: EmailMessage) -> bytes:
    """A standard .eml file: RFC 5322 (with RFC 6532's UTF-8 headers) and CRLF line ends."""
    return msg.as_bytes(policy=HEADERS)


def email_preview(letter: Letter, *, width: int | None = None) -> str:
    """The email as a person reads it in a terminal: To, Subject, then the text.

    The headers are written by the email policy, as in the .eml: a display name
    with a comma is quoted (one recipient, not two), long lines are folded.
    The text has one line per paragraph (``width`` None): pasted into a web mail
    form it flows to the window instead of breaking ragged at 72 columns.
    """
    preview = HEADERS.clone(linesep="\n")
    msg = EmailMessage(policy=preview)
    if letter.target.email:
        msg["To"] = _address(letter.target.label, letter.target.email, "To")
    msg["Subject"] = email_subject(letter)
    head = msg.as_string(policy=preview).rstrip("\n").split("\n")
    if not letter.target.email:
        head.insert(0, "To: (no address in the case file)")
    return "\n".join([*head, ""] + letter_lines(letter, width=width, subject=False)) + "\n"


def render_digital(
    letter: Letter,
    fmt: str,
    *,
    date: dt.date | dt.datetime | None = None,
    from_address: str | None = None,
) -> tuple[bytes, str]:
    """``fmt`` (email, eml or txt) as bytes and the file suffix that goes with it.

    email: a readable To/Subject/text preview (UTF-8, for the terminal or a
    copy-paste into a web mail form); eml: an RFC 5322 message file; txt: the
    letter as plain text.
    """
    if date is None:
        # A Letter that carries its date (compose_letter's ``date``) dates the email too.
        date = getattr(letter, "date", None)
    if fmt == "email":
        return email_preview(letter).encode("utf-8"), ".txt"
    if fmt == "eml":
        return eml_bytes(letter_as_email(letter, date=date, from_address=from_address)), ".eml"
    if fmt == "txt":
        return letter_as_text(letter).encode("utf-8"), ".txt"
    raise InputError(f"unknown format {fmt!r}; choose one of pdf, {', '.join(FORMATS)}")
