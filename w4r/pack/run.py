"""Render a planned pack and write it: to a folder, file by file and atomically, or to one zip.

Everything is rendered in memory before the first file is written, so a
problem with the fifth case leaves no half-made pack behind.  An existing
folder that is not empty is refused without --force; with --force only the
pack's own files are replaced and nothing else in the folder is touched.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from w4r.errors import OutputError, W4RError
from w4r.output import check_writable, write_atomic
from w4r.pack.manifest import PackFile, count_pages, manifest_bytes, zip_bytes
from w4r.pack.plan import INDEX_PATH, MANIFEST_PATH, Plan, PlannedFile
from w4r.pack.sheets.index import IndexEntry, render_index
from w4r.userfiles import MANIFEST, read_user_file


@dataclass(frozen=True)
class Destination:
    path: Path
    zipped: bool


@dataclass(frozen=True)
class PackResult:
    destination: Destination
    files: list[PackFile]  # every file written, manifest.json included, sorted by path
    warnings: list[str]

    def counts(self) -> dict[str, int]:
        return dict(sorted(Counter(f.kind for f in self.files).items()))

    @property
    def pages(self) -> int:
        return sum(f.pages or 0 for f in self.files)

    @property
    def outputs(self) -> list[Path]:
        """The zip, or every file written in the pack's folder."""
        return [self.destination.path] if self.destination.zipped else [self.destination.path / f.path for f in self.files]

    @property
    def problems(self) -> list:
        return []  # a pack that cannot be made raises a W4RError


def destination(output: str, zipped: bool) -> Destination:
    """``-o x.zip`` is always an archive; ``--zip -o DIR`` makes DIR.zip."""
    if output.lower().endswith(".zip"):
        return Destination(Path(output), True)
    if zipped:
        return Destination(Path(output.rstrip("/\\") + ".zip"), True)
    return Destination(Path(output), False)


def check_destination(dest: Destination, *, force: bool) -> None:
    """Fail before any rendering if the pack cannot be written where asked."""
    if dest.zipped:
        check_writable(dest.path, force=force)
        return
    folder = dest.path
    if folder.exists():
        if not folder.is_dir():
            raise OutputError(f"{folder} exists and is not a folder", code="not-a-folder", field="output", hint="other_output", params={"path": str(folder)})
        if any(folder.iterdir()) and not force:
            raise OutputError(f"{folder} is not empty", code="pack-folder-not-empty", field="output", hint="replace_pack",
                              params={"path": str(folder)})
        if not os.access(folder, os.W_OK):
            raise OutputError(f"cannot write in {folder}: permission denied", code="denied", field="output", hint="other_output", params={"path": str(folder)})
        return
    parent = folder.parent if str(folder.parent) else Path(".")
    if not parent.is_dir():
        raise OutputError(f"folder {parent} does not exist; create it first", code="no-output-folder", field="output", hint="or_other_output",
                          params={"path": str(parent)})
    if not os.access(parent, os.W_OK):
        raise OutputError(f"cannot create {folder}: permission denied in {parent}", code="denied", field="output", hint="other_output",
                          params={"path": str(folder)})


def _index_entries(rendered: list[tuple[PlannedFile, PackFile]], index_pages: int) -> list[IndexEntry]:
    entries = [IndexEntry(INDEX_PATH, "index", index_pages)]
    for planned, f in rendered:
        case = planned.case
        title = f"{case.display_name}, {case.country}" if case else ""
        entries.append(IndexEntry(f.path, f.kind, f.pages, case.id if case else None, title))
    return entries


def _render_index(plan: Plan, rendered: list[tuple[PlannedFile, PackFile]]) -> bytes:
    """The index, which lists its own page count: rendered again if its first guess was wrong."""
    options = plan.options
    guess = 1
    for _ in range(3):
        pdf = render_index(plan.kinds, _index_entries(rendered, guess), plan.notes, options.event, paper=options.paper, printed=options.date, fb=plan.fb)
        pages = count_pages(pdf)
        if pages == guess:
            return pdf
        guess = pages
    return pdf


def build(plan: Plan, on_file: Callable[[int, int], None] | None = None) -> list[PackFile]:
    """Every file of the pack, rendered: the planned files, the index and the manifest.

    ``on_file(done, total)`` hears of each planned file as it is rendered.
    """
    rendered = []
    for i, planned in enumerate(plan.files, 1):
        data = planned.make()
        rendered.append((planned, PackFile(planned.path, planned.kind, planned.case.id if planned.case else None, data)))
        if on_file is not None:
            on_file(i, len(plan.files))
    files = [f for _, f in rendered]
    files.append(PackFile(INDEX_PATH, "index", None, _render_index(plan, rendered)))
    files.append(PackFile(MANIFEST_PATH, "manifest", None, manifest_bytes(files)))
    return sorted(files, key=lambda f: f.path)


def write(dest: Destination, files: list[PackFile], *, force: bool) -> None:
    if dest.zipped:
        write_atomic(dest.path, zip_bytes(files, folder=dest.path.stem), force=force)
        return
    root = dest.path
    for f in files:
        _refuse_links_out(root, f.path)
    try:
        root.mkdir(exist_ok=True)
        for f in files:
            (root / f.path).parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot create folders in {root}: {exc.strerror}", code="cannot-write", field="output", hint="other_output",
                          params={"path": str(root)}) from exc
    # The manifest last: when it is there, every file it lists is complete.
    for f in sorted(files, key=lambda f: f.path == MANIFEST_PATH):
        write_atomic(root / f.path, f.data, force=force)


def _refuse_links_out(root: Path, relative: str) -> None:
    """A folder inside the pack that is a link (planted in a shared folder, or left by
    hand) would make --force write, or create folders, somewhere else: refuse it."""
    folder = root
    for part in Path(relative).parent.parts:
        folder = folder / part
        if folder.is_symlink():
            raise OutputError(f"{folder} is a link to a folder outside the pack {root}; remove the link", code="link-out", field="output",
                              hint="comma_other_output", params={"path": str(folder)})


def left_over(dest: Destination, files: list[PackFile]) -> list[str]:
    """Files an earlier pack in the same folder listed that this one does not write (they are kept)."""
    old = dest.path / MANIFEST_PATH
    if dest.zipped or not old.is_file():
        return []
    try:
        listed = {e["path"] for e in json.loads(read_user_file(old, MANIFEST, root=dest.path).decode("utf-8"))["files"]}
    except (W4RError, ValueError, KeyError, TypeError):
        return []  # not our manifest: nothing to say about it
    return sorted(listed - {f.path for f in files})


def run(plan: Plan, dest: Destination, *, force: bool, on_file: Callable[[int, int], None] | None = None) -> PackResult:
    check_destination(dest, force=force)
    files = build(plan, on_file)
    check_destination(dest, force=force)  # the folder may have filled up while we rendered
    warnings = list(plan.warnings)
    stale = left_over(dest, files)
    if stale:
        shown = ", ".join(stale[:5]) + (f" and {len(stale) - 5} more" if len(stale) > 5 else "")
        warnings.append(f"{len(stale)} file(s) of an earlier pack in {dest.path} are not part of this one and were left in place: {shown}")
    write(dest, files, force=force)
    return PackResult(dest, files, warnings)
