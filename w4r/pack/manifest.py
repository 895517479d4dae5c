"""The pack's manifest.json and its zip archive, both byte-for-byte reproducible.

``manifest.json`` lists every file of the pack (not itself) with its kind, case,
page count and SHA-256, sorted by path, so a group that keeps its pack in
version control sees exactly what changed between two runs.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import zipfile
from dataclasses import dataclass

# ReportLab writes each page object's dictionary uncompressed ("/Type /Page"); the page
# tree is "/Type /Pages", which the lookahead excludes.
_PAGE_OBJECT = re.compile(rb"/Type\s*/Page(?![A-Za-z])")

# Zip entries carry a timestamp; the earliest a zip can store, so the archive never
# depends on when it was made.
ZIP_TIMESTAMP = (1980, 1, 1, 0, 0, 0)
ZIP_FILE_MODE = 0o644


@dataclass(frozen=True)
class PackFile:
    path: str
    kind: str
    case: str | None
    data: bytes

    @property
    def pages(self) -> int | None:
        return count_pages(self.data) if self.path.endswith(".pdf") else None

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


def count_pages(pdf: bytes) -> int:
    return len(_PAGE_OBJECT.findall(pdf))


def manifest_entries(files: list[PackFile]) -> list[dict]:
    return [
        {"path": f.path, "kind": f.kind, "case": f.case, "pages": f.pages, "sha256": f.sha256}
        for f in sorted(files, key=lambda f: f.path)
    ]


def manifest_bytes(files: list[PackFile]) -> bytes:
    text = json.dumps({"files": manifest_entries(files)}, ensure_ascii=False, indent=2)
    return (text + "\n").encode("utf-8")


def zip_bytes(files: list[PackFile], folder: str) -> bytes:
    """Every file under ``folder/`` in one archive: sorted names, fixed timestamps and modes."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as archive:
        for f in sorted(files, key=lambda f: f.path):
            info = zipfile.ZipInfo(f"{folder}/{f.path}", date_time=ZIP_TIMESTAMP)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # Unix, so the mode below is honoured everywhere
            info.external_attr = (0o100000 | ZIP_FILE_MODE) << 16
            archive.writestr(info, f.data)
    return buf.getvalue()
