"""Who is writing: from --from/--address, or the user's config file, or nobody (ruled lines)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from w4r.errors import InputError
from w4r.richtext import clean

MAX_ADDRESS_LINES = 5
MAX_LINE_CHARS = 120


@dataclass(frozen=True)
class Sender:
    name: str | None = None
    address: tuple[str, ...] = field(default_factory=tuple)

    @property
    def empty(self) -> bool:
        return not self.name and not self.address

    @property
    def first_name(self) -> str | None:
        return self.name.split()[0] if self.name and self.name.split() else None

    @property
    def town(self) -> str | None:
        """The last address line that is not a country in capitals: usually postcode and town."""
        for line in reversed(self.address):
            if not line.isupper():
                return line
        return self.address[-1] if self.address else None

    @property
    def return_line(self) -> str:
        """The one-line return address DIN 5008 prints above the recipient (the letter may set it on more lines)."""
        return RETURN_SEPARATOR.join(p for p in [self.name, *self.address] if p)


RETURN_SEPARATOR = " · "


def split_address(text: str | None) -> tuple[str, ...]:
    """Address lines from text separated by newlines or '|' (as typed on a command line)."""
    if not text:
        return ()
    # Control characters go here, not only when drawn: the text and email
    # formats print the sender too, and an ESC would reach the terminal.
    lines = [ln.strip() for ln in re.split(r"\n|\|", clean(text))]
    lines = [ln for ln in lines if ln]
    if len(lines) > MAX_ADDRESS_LINES:
        raise InputError(f"the sender address has {len(lines)} lines; at most {MAX_ADDRESS_LINES} fit on an envelope")
    for ln in lines:
        if len(ln) > MAX_LINE_CHARS:
            raise InputError(f"an address line is {len(ln)} characters long; at most {MAX_LINE_CHARS} fit")
    return tuple(lines)


def make_sender(name: str | None, address: str | tuple[str, ...] | list[str] | None) -> Sender:
    name = " ".join(clean(name).split("\n")).strip() if name else None  # a name is one line
    if name and len(name) > MAX_LINE_CHARS:
        raise InputError(f"the sender name is {len(name)} characters long; at most {MAX_LINE_CHARS} fit")
    lines = split_address(address) if isinstance(address, str) or address is None else split_address("\n".join(address))
    return Sender(name or None, lines)
