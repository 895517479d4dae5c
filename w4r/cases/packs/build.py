"""``w4r cases pack``: a folder (pack.yaml, cases/, templates/) -> one .w4rpack file.

Every case is checked before anything is written by the check the caller
hands down (``w4r.pack.casepacks`` checks as ``w4r validate`` does), and every
file is checked as ``w4r cases install`` will check it, so a pack that builds
installs.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Callable

from w4r.cases.packs.archive import check_entry_name, read_pack
from w4r.cases.packs.manifest import MANIFEST, SIGNATURE, dump_manifest, parse_manifest, sha256
from w4r.userfiles import PACK_ENTRY, read_user_file
from w4r.errors import CaseFileError, InputError, NotFoundError, PackError

# A fixed time for every entry: the same folder gives the same bytes.
_ZIP_TIME = (2001, 1, 1, 0, 0, 0)


def pack_files(folder: Path) -> dict[str, bytes]:
    """The files a pack folder holds (cases/ and templates/), refusing links and anything a pack may not hold."""
    files: dict[str, bytes] = {}
    for sub in ("cases", "templates"):
        root = folder / sub
        if root.is_symlink():
            raise PackError(f"{root} is a symbolic link; a pack holds only plain files", reason="symlink")
        if not root.is_dir():
            continue
        for path in sorted(root.rglob("*")):
            rel = path.relative_to(folder).as_posix()
            if path.is_symlink():
                raise PackError(f"{path} is a symbolic link; copy the file into the folder instead", reason="symlink")
            if path.is_dir() or path.name.startswith(".") or path.name.endswith("~"):
                continue
            check_entry_name(rel)
            files[rel] = read_user_file(path, PACK_ENTRY, root=folder)
    if not any(p.startswith("cases/") for p in files):
        raise NotFoundError(f"{folder / 'cases'} has no case files (.yaml); a pack needs at least one")
    return files


def build_pack(folder: Path, *, check: Callable[[Path], list[str]], signing_key_file: Path | None = None) -> tuple[bytes, str]:
    """The .w4rpack bytes for ``folder`` and the pack's name; InputError/CaseFileError when it cannot be a pack.

    ``check`` gives the problems of the folder's cases (the pack floor's
    ``w4r.pack.casepacks.check_cases``, which knows how a case prints); a
    case folder cannot know that from down here.
    """
    manifest_path = folder / MANIFEST
    if not folder.is_dir():
        raise NotFoundError(f"{folder} is not a folder; give the folder that holds pack.yaml and cases/")
    if not manifest_path.is_file():
        raise NotFoundError(f"{manifest_path} not found; a pack folder starts with pack.yaml (see docs/packs.md)")
    manifest = parse_manifest(manifest_path.read_bytes(), str(manifest_path))
    files = pack_files(folder)
    problems = check(folder)
    if problems:
        raise CaseFileError(problems)
    key = None
    update: dict = {"files": {name: sha256(data) for name, data in files.items()}, "signing_key": None}
    if signing_key_file is not None:
        from w4r.cases.packs.signing import load_private, public_b64

        key = load_private(signing_key_file)
        update["signing_key"] = public_b64(key)
    manifest = manifest.model_copy(update=update)
    manifest_bytes = dump_manifest(manifest)
    entries = {MANIFEST: manifest_bytes, **files}
    if key is not None:
        from w4r.cases.packs.signing import sign

        entries[SIGNATURE] = sign(manifest_bytes, key)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name in [MANIFEST, SIGNATURE, *sorted(files)]:
            if name in entries:
                info = zipfile.ZipInfo(name, _ZIP_TIME)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                zf.writestr(info, entries[name])
    data = buf.getvalue()
    try:
        read_pack(data)  # what install will check, checked now
    except PackError as exc:  # pragma: no cover - a bug in the builder
        raise InputError(f"the pack built from {folder} would be refused on install: {exc.message}") from None
    return data, manifest.name
