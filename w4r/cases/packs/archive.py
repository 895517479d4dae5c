"""Reading a ``.w4rpack`` (a zip) without trusting it.

Everything is checked in memory before a single byte reaches the disk: the
entry names (no absolute paths, no ``..``, no symbolic links, only the folders
a pack may hold), the size (entry count, total, per entry and compression
ratio: a zip bomb stops at the first entry over a cap, not after filling the
disk), the SHA-256 of every file against pack.yaml, nothing extra and nothing
missing, and the signature when there is one.
"""

from __future__ import annotations

import io
import re
import stat
import zipfile
from dataclasses import dataclass

from w4r.cases.packs.manifest import MANIFEST, SIGNATURE, PackManifest, parse_manifest, sha256
from w4r.errors import PackError

MAX_PACK_BYTES = 20_000_000  # the .w4rpack file itself
MAX_ENTRIES = 1_000
MAX_ENTRY_BYTES = 2_000_000  # a case file is a few kB; a template or rules file too
MAX_TOTAL_BYTES = 50_000_000
MAX_RATIO = 100  # YAML compresses 3-10 times; a bomb thousands of times
RATIO_FROM_BYTES = 100_000  # small files may compress oddly well; the ratio counts above this

# What a pack may hold, besides pack.yaml and pack.sig.
_ALLOWED = re.compile(
    r"^(cases/[a-z0-9][a-z0-9-]{0,39}\.yaml"
    r"|templates/(letters|lang|rules|posts)(/[A-Za-z0-9][A-Za-z0-9._-]{0,80}){1,3})$"
)
_TEMPLATE_SUFFIXES = (".yaml", ".j2")


@dataclass(frozen=True)
class PackContents:
    manifest: PackManifest
    manifest_bytes: bytes
    signature: bytes | None
    files: dict[str, bytes]  # every file but pack.yaml and pack.sig

    @property
    def signed(self) -> bool:
        return self.signature is not None

    def case_paths(self) -> list[str]:
        return sorted(p for p in self.files if p.startswith("cases/"))


def _refuse(message: str, reason: str, pack: str | None = None) -> PackError:
    return PackError(message, reason=reason, pack=pack)


def _check_safe(name: str) -> None:
    """PackError for a name that could land outside the pack's folder."""
    if "\\" in name or "\x00" in name:
        raise _refuse(f"the pack holds an entry named {name!r} with a backslash or NUL; refused", "path")
    if name.startswith("/") or re.match(r"^[A-Za-z]:", name):
        raise _refuse(f"the pack holds an absolute path ({name!r}); a pack may only hold relative paths", "path")
    parts = name.split("/")
    if ".." in parts:
        raise _refuse(f"the pack holds a path that climbs out of its folder ({name!r}); refused", "path")


def check_entry_name(name: str) -> None:
    """PackError unless ``name`` is a relative path inside the pack's own folders."""
    _check_safe(name)
    parts = name.split("/")
    if name in (MANIFEST, SIGNATURE):
        return
    if any(p in ("", ".") for p in parts) or not _ALLOWED.match(name):
        raise _refuse(
            f"the pack holds {name!r}; a pack holds only pack.yaml, pack.sig, cases/<id>.yaml and "
            f"templates/(letters|lang|rules|posts)/...", "path"
        )
    if name.startswith("templates/") and not name.endswith(_TEMPLATE_SUFFIXES):
        raise _refuse(f"the pack holds {name!r}; templates are .j2 or .yaml files", "path")


def _is_symlink(info: zipfile.ZipInfo) -> bool:
    mode = info.external_attr >> 16
    return stat.S_ISLNK(mode)


def _read_entries(data: bytes) -> dict[str, bytes]:
    if len(data) > MAX_PACK_BYTES:
        raise _refuse(f"the pack is {len(data) // 1_000_000} MB; a case pack is at most {MAX_PACK_BYTES // 1_000_000} MB", "size")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError):
        raise _refuse("the file is not a case pack (not a zip archive); it may be damaged or incomplete", "format") from None
    infos = archive.infolist()
    if len(infos) > MAX_ENTRIES:
        raise _refuse(f"the pack has {len(infos)} entries; at most {MAX_ENTRIES} (is it a zip bomb?)", "bomb")
    declared = sum(i.file_size for i in infos)
    packed = sum(i.compress_size for i in infos)
    if declared > MAX_TOTAL_BYTES or (declared > RATIO_FROM_BYTES and declared > MAX_RATIO * max(packed, 1)):
        raise _refuse(f"the pack would unpack to {declared:,} bytes from {packed:,}: refused as a zip bomb", "bomb")
    files: dict[str, bytes] = {}
    total = 0
    for info in infos:
        name = info.filename
        if _is_symlink(info):
            raise _refuse(f"the pack holds a symbolic link ({name!r}); a pack may hold only plain files", "symlink")
        if info.is_dir():
            _check_safe(name.rstrip("/"))
            continue
        check_entry_name(name)
        if name in files:
            raise _refuse(f"the pack holds {name!r} twice; refused", "duplicate")
        if info.flag_bits & 0x1:
            raise _refuse(f"{name!r} in the pack is encrypted; refused", "format")
        # The header's sizes may lie: read at most the cap, whatever it says.
        try:
            with archive.open(info) as f:
                body = f.read(MAX_ENTRY_BYTES + 1)
        except (zipfile.BadZipFile, EOFError, OSError, NotImplementedError, ValueError) as exc:
            raise _refuse(f"{name!r} in the pack cannot be read ({exc}); the file is damaged", "format") from None
        if len(body) > MAX_ENTRY_BYTES:
            raise _refuse(f"{name!r} in the pack unpacks to more than {MAX_ENTRY_BYTES // 1_000_000} MB: refused as a zip bomb", "bomb")
        total += len(body)
        if total > MAX_TOTAL_BYTES or (total > RATIO_FROM_BYTES and total > MAX_RATIO * max(packed, 1)):
            raise _refuse(f"the pack unpacks to more than {MAX_RATIO} times its size: refused as a zip bomb", "bomb")
        files[name] = body
    return files


def read_pack(data: bytes, *, verify_signature: bool = True) -> PackContents:
    """The pack's files, checked: names, sizes, SHA-256 of each against pack.yaml, the signature if any."""
    files = _read_entries(data)
    manifest_bytes = files.pop(MANIFEST, None)
    if manifest_bytes is None:
        raise _refuse("the pack has no pack.yaml; it is not a case pack", "manifest")
    manifest = parse_manifest(manifest_bytes)
    signature = files.pop(SIGNATURE, None)
    listed = set(manifest.files)
    for name in sorted(listed):
        check_entry_name(name)
    present = set(files)
    missing = sorted(listed - present)
    if missing:
        raise _refuse(f"pack {manifest.name}: {missing[0]} is listed in pack.yaml but not in the pack; it is incomplete or tampered with", "tampered", manifest.name)
    extra = sorted(present - listed)
    if extra:
        raise _refuse(f"pack {manifest.name}: {extra[0]} is not listed in pack.yaml; the pack was changed after it was made", "tampered", manifest.name)
    for name in sorted(listed):
        if sha256(files[name]) != manifest.files[name]:
            raise _refuse(f"pack {manifest.name}: {name} does not match its SHA-256 in pack.yaml; the pack was changed after it was made", "tampered", manifest.name)
    if signature is not None and manifest.signing_key is None:
        raise _refuse(f"pack {manifest.name} has a signature but pack.yaml names no signing_key; refused", "signature", manifest.name)
    if signature is None and manifest.signing_key is not None:
        raise _refuse(f"pack {manifest.name}: pack.yaml names a signing key but pack.sig is missing; refused", "signature", manifest.name)
    if verify_signature and signature is not None:
        from w4r.cases.packs.signing import verify

        verify(manifest_bytes, signature, manifest.signing_key or "", pack=manifest.name)
    if not any(p.startswith("cases/") for p in files):
        raise _refuse(f"pack {manifest.name} holds no case files", "empty", manifest.name)
    return PackContents(manifest, manifest_bytes, signature, files)
