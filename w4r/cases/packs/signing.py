"""Ed25519 keys and signatures for case packs, with the ``cryptography`` package.

A private key is a PEM file (PKCS #8, unencrypted, readable by its owner only);
a public key is one line, ``w4r-pack-key ed25519 <base64> <comment>``, short
enough to paste into an email or a web page.  A signed pack carries its
publisher's public key in pack.yaml and, in pack.sig, the signature of
pack.yaml's exact bytes; pack.yaml holds the SHA-256 of every other file, so
the signature covers them all.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
from pathlib import Path

from w4r.errors import InputError, NotFoundError, PackError

PUBLIC_PREFIX = "w4r-pack-key ed25519 "


def _crypto():
    # Loaded only by the pack commands: letters and cards never pay for it.
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ed25519

    return serialization, ed25519


def fingerprint(public_b64: str) -> str:
    """A short name for a key, to compare by eye: the first 16 hex digits of its SHA-256."""
    try:
        raw = base64.b64decode(public_b64, validate=True)
    except (binascii.Error, ValueError):
        return "(not a key)"
    digest = hashlib.sha256(raw).hexdigest()[:16]
    return ":".join(digest[i : i + 4] for i in range(0, 16, 4))


def generate(comment: str) -> tuple[bytes, str]:
    """A new key pair: (private key PEM, public key line)."""
    serialization, ed25519 = _crypto()
    key = ed25519.Ed25519PrivateKey.generate()
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    return pem, public_line(key, comment)


def public_b64(key) -> str:
    serialization, _ = _crypto()
    raw = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return base64.b64encode(raw).decode("ascii")


def public_line(key, comment: str) -> str:
    clean = " ".join(comment.split())
    return f"{PUBLIC_PREFIX}{public_b64(key)} {clean}".rstrip() + "\n"


def _read_key(path: Path, hint: str = "") -> bytes:
    """A key file's bytes: a regular file of at most a few kB (never a device or a pipe)."""
    from w4r.userfiles import KEY, UserFileError, read_user_file

    try:
        return read_user_file(path, KEY)
    except UserFileError as exc:
        if exc.exit_code == NotFoundError.exit_code:
            raise NotFoundError(f"key file {path} not found{hint}") from None
        raise


def load_private(path: Path):
    serialization, ed25519 = _crypto()
    data = _read_key(path, "; make one with 'w4r cases keygen'")
    try:
        key = serialization.load_pem_private_key(data, password=None)
    except (ValueError, TypeError):
        public = data.startswith(PUBLIC_PREFIX.encode())
        said = " (that is the public key: signing takes the .key file)" if public else ""
        raise InputError(f"{path} is not a w4r signing key{said}", code="not-a-signing-key", field="key",
                         hint="sign_takes_key" if public else None, params={"path": str(path)}) from None
    if not isinstance(key, ed25519.Ed25519PrivateKey):
        raise InputError(f"{path} is not an Ed25519 key; make one with 'w4r cases keygen'")
    return key


def read_public(path: Path) -> str:
    """The base64 key from a .pub file written by 'w4r cases keygen'."""
    text = _read_key(path).decode("utf-8", errors="replace").strip()
    if not text.startswith(PUBLIC_PREFIX):
        raise InputError(f"{path} is not a w4r public key (a line starting '{PUBLIC_PREFIX.strip()}')")
    value = text[len(PUBLIC_PREFIX) :].split()[0] if text[len(PUBLIC_PREFIX) :].split() else ""
    check_public(value, str(path))
    return value


def check_public(value: str, where: str) -> None:
    try:
        raw = base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        raw = b""
    if len(raw) != 32:
        raise InputError(f"{where}: the key is not an Ed25519 public key")


def sign(data: bytes, key) -> bytes:
    return base64.b64encode(key.sign(data)) + b"\n"


def verify(data: bytes, signature: bytes, public: str, *, pack: str | None = None) -> None:
    """PackError unless ``signature`` (pack.sig) is ``public``'s signature of ``data``."""
    from cryptography.exceptions import InvalidSignature

    _, ed25519 = _crypto()
    try:
        raw_key = base64.b64decode(public, validate=True)
        raw_sig = base64.b64decode(signature.strip(), validate=True)
        ed25519.Ed25519PublicKey.from_public_bytes(raw_key).verify(raw_sig, data)
    except (InvalidSignature, binascii.Error, ValueError):
        raise PackError(
            f"pack {pack}: the signature does not match pack.yaml and the key it names; the pack was changed after it was signed",
            reason="signature",
            pack=pack,
        ) from None


def write_private(path: Path, pem: bytes) -> None:
    """The private key, readable by its owner only; never overwrites."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(pem)
