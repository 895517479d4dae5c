"""The packs a user has: the built-in ones shipped with w4r and those installed in the data folder.

An installed pack is a folder ``<data>/packs/<name>/`` holding pack.yaml, its
cases/ and templates/, and ``.origin.yaml`` (where it came from, for
``w4r cases update``, and the key it was signed with).  Installing writes a
staging folder next to it and renames it into place, so a pack is either
wholly installed or not at all; replacing moves the old folder aside first and
back if the swap fails.
"""

from __future__ import annotations

from w4r import caches

import os
import secrets
import shutil
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from w4r import paths
from w4r.cases.packs.manifest import ARCHIVE_NAME, MANIFEST, SIGNATURE, PackManifest, parse_manifest
from w4r.errors import InputError, NotFoundError, OutputError, PackError

if TYPE_CHECKING:  # pragma: no cover - the archive reader is loaded only to install a pack
    from w4r.cases.packs.archive import PackContents

ARCHIVE_YEAR = 2024  # the latest campaign among the shipped case files
ORIGIN_FILE = ".origin.yaml"
TRUST_FILE = "trusted-keys.yaml"


@dataclass(frozen=True)
class Pack:
    manifest: PackManifest
    folder: Path
    builtin: bool
    cases_dir: Path

    @property
    def name(self) -> str:
        return self.manifest.name

    # Where an installed pack came from and the key it was signed with: read from
    # .origin.yaml when asked ('w4r cases update', installing), not by every letter.
    @property
    def origin(self) -> str | None:
        return None if self.builtin else _read_origin(self.folder / ORIGIN_FILE)[0]

    @property
    def signing_key(self) -> str | None:
        return None if self.builtin else _read_origin(self.folder / ORIGIN_FILE)[1]

    @property
    def templates_dir(self) -> Path | None:
        # The archive's templates are the shipped ones, already searched last.
        d = self.folder / "templates"
        return d if self.name != ARCHIVE_NAME and d.is_dir() else None

    @property
    def precedence(self) -> tuple[int, int]:
        """Newer campaign year first; for the same year an installed pack beats a built-in one."""
        return (self.manifest.campaign_year, 0 if self.builtin else 1)

    def case_files(self) -> dict[str, Path]:
        if not self.cases_dir.is_dir():
            return {}
        return {p.stem: p for p in sorted(self.cases_dir.glob("*.yaml")) if not p.name.startswith(".")}


def packs_root() -> Path:
    return paths.data_dir() / "packs"


def _archive() -> Pack:
    manifest = PackManifest(
        name=ARCHIVE_NAME,
        title="Cases of past campaigns shipped with w4r",
        campaign_year=ARCHIVE_YEAR,
        publisher="w4r contributors",
        version="built-in",
    )
    cases = paths.shipped_cases_dir()
    return Pack(manifest, cases.parent, True, cases)


@caches.cached("cases.packs.store._parsed_manifest", maxsize=32)
def _parsed_manifest(data: bytes, where: str) -> PackManifest:
    # One letter lists the packs several times (the case library, then each template
    # look-up): the same bytes are parsed once, and a pack.yaml checked in an earlier
    # run comes from the checked cache (w4r.cases.cache), without PyYAML.  Keyed by
    # the bytes, so an edited pack.yaml is read afresh; a damaged one raises every
    # time (never cached).
    from w4r.cases import cache

    tag = cache.model_tag(PackManifest)
    manifest = cache.get_model(data, PackManifest, tag)
    if manifest is None:
        manifest = parse_manifest(data, where)
        cache.put_model(data, manifest, tag)
    return manifest


def _read_folder(folder: Path, builtin: bool) -> Pack | None:
    try:
        manifest = _parsed_manifest((folder / MANIFEST).read_bytes(), str(folder / MANIFEST))
    except (OSError, PackError):
        return None  # not a pack folder (or a damaged one: 'w4r cases list' names it)
    return Pack(manifest, folder, builtin, folder / "cases")


def _read_origin(origin_file: Path) -> tuple[str | None, str | None]:
    """(source, signing key) from an installed pack's .origin.yaml; (None, None) if it is missing or unreadable."""
    if not origin_file.is_file():
        return None, None
    import yaml

    try:
        data = yaml.safe_load(origin_file.read_text(encoding="utf-8")) or {}
        return data.get("source"), data.get("signing_key")
    except (OSError, yaml.YAMLError, AttributeError):
        return None, None


class PackStore:
    """Built-in and installed packs, and the operations on installed ones."""

    def __init__(self, root: Path | None = None):
        self.root = root or packs_root()

    @cached_property
    def builtin(self) -> list[Pack]:
        packs = [_archive()]
        shipped = paths.shipped_packs_dir()
        if shipped.is_dir():
            packs += [p for d in sorted(shipped.iterdir()) if d.is_dir() and (p := _read_folder(d, True))]
        return packs

    def installed(self) -> list[Pack]:
        if not self.root.is_dir():
            return []
        return [p for d in sorted(self.root.iterdir()) if d.is_dir() and not d.name.startswith(".") and (p := _read_folder(d, False))]

    def all(self) -> list[Pack]:
        return self.builtin + self.installed()

    def get_installed(self, name: str) -> Pack:
        for pack in self.installed():
            if pack.name == name:
                return pack
        if any(p.name == name for p in self.builtin):
            raise InputError(f"pack {name} is built into w4r; it cannot be removed or updated (a newer pack with the same cases takes precedence)")
        names = ", ".join(p.name for p in self.installed()) or "none"
        raise NotFoundError(f"no installed pack named {name!r} (installed: {names}); see 'w4r cases list'")

    # Trust ----------------------------------------------------------------

    def trusted_keys(self) -> dict[str, list[str]]:
        import yaml

        path = paths.data_dir() / TRUST_FILE
        if not path.is_file():
            return {}
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except (OSError, yaml.YAMLError) as exc:
            raise InputError(f"{path}: cannot read the trusted keys ({exc}); fix or delete the file") from None
        return {str(k): [str(v) for v in (vals or [])] for k, vals in data.items()} if isinstance(data, dict) else {}

    def trust(self, publisher: str, key: str) -> bool:
        import yaml

        keys = self.trusted_keys()
        current = keys.setdefault(publisher, [])
        if key in current:
            return False
        current.append(key)
        _write_atomic(paths.data_dir() / TRUST_FILE, yaml.safe_dump(keys, allow_unicode=True, sort_keys=True).encode("utf-8"))
        return True

    # Install and remove ------------------------------------------------------

    def install(self, contents: PackContents, source: str) -> Path:
        """Write the pack into place, all or nothing; returns its folder."""
        staging = self.stage(contents, source)
        return self.commit(staging, contents.manifest.name)

    def stage(self, contents: PackContents, source: str) -> Path:
        import yaml

        self.root.mkdir(parents=True, exist_ok=True)
        staging = self.root / f".staging-{secrets.token_hex(6)}"
        try:
            staging.mkdir()
            for name, data in [(MANIFEST, contents.manifest_bytes), *sorted(contents.files.items())]:
                from w4r.cases.packs.archive import check_entry_name

                check_entry_name(name)  # checked when read; checked again where it is written
                dest = staging.joinpath(*name.split("/"))
                dest.parent.mkdir(parents=True, exist_ok=True)
                dest.write_bytes(data)
            if contents.signature is not None:
                (staging / SIGNATURE).write_bytes(contents.signature)
            origin = {"source": source, "signing_key": contents.manifest.signing_key, "version": contents.manifest.version}
            (staging / ORIGIN_FILE).write_text(yaml.safe_dump(origin, allow_unicode=True), encoding="utf-8")
        except OSError as exc:
            shutil.rmtree(staging, ignore_errors=True)
            raise OutputError(f"cannot write the pack into {self.root}: {exc.strerror}; nothing was installed") from None
        return staging

    def discard(self, staging: Path) -> None:
        shutil.rmtree(staging, ignore_errors=True)

    def commit(self, staging: Path, name: str) -> Path:
        final = self.root / name
        old = None
        try:
            if final.exists():
                old = self.root / f".old-{name}-{secrets.token_hex(4)}"
                os.replace(final, old)
            os.replace(staging, final)
        except OSError as exc:
            if old is not None and not final.exists():
                os.replace(old, final)
                old = None
            shutil.rmtree(staging, ignore_errors=True)
            raise OutputError(f"cannot install pack {name} into {self.root}: {exc.strerror}; the installed packs are unchanged") from None
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
        return final

    def remove(self, name: str) -> Pack:
        pack = self.get_installed(name)
        doomed = self.root / f".removing-{name}-{secrets.token_hex(4)}"
        try:
            os.replace(pack.folder, doomed)
        except OSError as exc:
            raise OutputError(f"cannot remove pack {name}: {exc.strerror}") from None
        shutil.rmtree(doomed, ignore_errors=True)
        return pack


def pack_template_dirs() -> list[Path]:
    """Template folders of all packs, the pack that wins a case first (newer campaign year)."""
    packs = sorted(PackStore().all(), key=lambda p: p.precedence, reverse=True)
    return [d for p in packs if (d := p.templates_dir) is not None]


def _write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}")
    tmp.write_bytes(data)
    os.replace(tmp, tmp.with_name(path.name))
