"""A pack's bytes from a file or an http(s) URL, with a size cap and a timeout."""

from __future__ import annotations

from pathlib import Path

from w4r.cases.packs.archive import MAX_PACK_BYTES
from w4r.errors import InputError, NotFoundError

TIMEOUT_SECONDS = 30


def is_url(source: str) -> bool:
    return source.lower().startswith(("http://", "https://"))


def fetch(source: str) -> bytes:
    if is_url(source):
        return _download(source)
    path = Path(source)
    if not path.is_file():
        raise NotFoundError(f"{source}: no such pack file" + ("" if path.suffix == ".w4rpack" else " (a pack is a .w4rpack file or an http(s) URL)"))
    if path.stat().st_size > MAX_PACK_BYTES:
        raise InputError(f"{source} is larger than {MAX_PACK_BYTES // 1_000_000} MB; a case pack is much smaller")
    try:
        return path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read {source}: {exc.strerror}") from None


def _download(url: str) -> bytes:
    import urllib.error
    import urllib.request

    request = urllib.request.Request(url, headers={"User-Agent": "w4r case pack installer"})
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310 - http(s) only, checked above
            length = response.headers.get("Content-Length")
            if length and length.isdigit() and int(length) > MAX_PACK_BYTES:
                raise InputError(f"{url} is {int(length) // 1_000_000} MB; a case pack is at most {MAX_PACK_BYTES // 1_000_000} MB")
            data = response.read(MAX_PACK_BYTES + 1)
    except urllib.error.HTTPError as exc:
        raise NotFoundError(f"{url}: the server answered {exc.code} {exc.reason}") from None
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise InputError(f"{url}: cannot download the pack ({reason}); check the address and your connection") from None
    if len(data) > MAX_PACK_BYTES:
        raise InputError(f"{url} sent more than {MAX_PACK_BYTES // 1_000_000} MB; a case pack is much smaller")
    return data
