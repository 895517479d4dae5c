"""The sender of a letter, card or envelope, from the options' plain values."""

from __future__ import annotations


def sender_of(options):
    """``sender_name`` and ``address`` as a Sender; nothing at all leaves ruled lines to write on."""
    from w4r.compose.sender import make_sender

    return make_sender(options.sender_name, options.address)
