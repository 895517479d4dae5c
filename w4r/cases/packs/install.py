"""Installing and updating a pack: fetch, check, stage, summarise, then commit (or discard).

``prepare`` does every check and writes the pack into a staging folder; the
caller shows ``Prepared.changes`` and ``notes`` and then calls ``commit`` or
``discard``.  Until ``commit`` the installed set is untouched.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from w4r.cases.packs.archive import PackContents, read_pack
from w4r.cases.packs.changes import Change, compare, precedence_notes
from w4r.cases.packs.fetch import fetch, is_url
from w4r.cases.packs.manifest import ARCHIVE_NAME
from w4r.cases.packs.signing import fingerprint
from w4r.cases.packs.store import Pack, PackStore
from w4r.errors import CaseFileError, Notice, PackError


@dataclass
class Prepared:
    contents: PackContents
    source: str
    staging: Path
    replaces: Pack | None
    changes: list[Change] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.contents.manifest.name


def _origin(source: str) -> str:
    return source if is_url(source) else str(Path(source).resolve())


def check_trust(contents: PackContents, store: PackStore, installed: Pack | None) -> list[str]:
    """PackError when the pack's signature does not satisfy the keys the user trusts; else notes to show."""
    m = contents.manifest
    key = m.signing_key
    trusted = store.trusted_keys().get(m.publisher, [])
    if trusted and not contents.signed:
        raise PackError(f"pack {m.name} says it is from {m.publisher}, whose key you trust, but it is not signed; refused", reason="untrusted", pack=m.name)
    if trusted and key not in trusted:
        raise PackError(
            f"pack {m.name} is signed with key {fingerprint(key or '')}, not with the key you trust for {m.publisher} "
            f"({', '.join(fingerprint(k) for k in trusted)}); refused",
            reason="wrong-key",
            pack=m.name,
        )
    if installed is not None and installed.signing_key and key != installed.signing_key:
        now = fingerprint(key) if key else "no signature"
        raise PackError(
            f"pack {m.name} is signed with {now}, but the installed version was signed with key {fingerprint(installed.signing_key)}; "
            f"refused (if you trust the new key, 'w4r cases remove {m.name}' first)",
            reason="wrong-key",
            pack=m.name,
        )
    if trusted:
        return [f"signature checked: key {fingerprint(key or '')}, which you trust for {m.publisher}"]
    if contents.signed:
        print_ = fingerprint(key or "")
        return [Notice(f"signature checked: key {print_}; you have not marked it as {m.publisher}'s (trust its public key for {m.publisher} to do so)",
                       "key-not-trusted", fingerprint=print_, publisher=m.publisher)]
    return ["not signed: the files match pack.yaml, but nothing shows who made the pack"]


def prepare(source: str, store: PackStore | None = None, *, check: Callable[[Path], list[str]], expect_name: str | None = None) -> Prepared:
    """Fetch, read and stage a pack; ``check`` gives the problems of the staged cases (``w4r.pack.casepacks``)."""
    store = store or PackStore()
    contents = read_pack(fetch(source))
    m = contents.manifest
    if expect_name is not None and m.name != expect_name:
        raise PackError(f"{source} now holds pack {m.name!r}, not {expect_name!r}; refused", reason="name", pack=m.name)
    if m.name == ARCHIVE_NAME or any(p.name == m.name for p in store.builtin):
        raise PackError(f"pack name {m.name!r} belongs to a pack built into w4r; rename the pack", reason="name", pack=m.name)
    installed = next((p for p in store.installed() if p.name == m.name), None)
    notes = check_trust(contents, store, installed)
    staging = store.stage(contents, _origin(source))
    try:
        problems = check(staging)
        if problems:
            more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
            first = problems[0].replace(str(staging) + "/", "")
            raise PackError(f"pack {m.name}: {first}{more}; refused", reason="invalid-case", pack=m.name)
        changes = summarise(contents, staging, store, installed)
    except BaseException:
        store.discard(staging)
        raise
    return Prepared(contents, _origin(source), staging, installed, changes, notes)


def summarise(contents: PackContents, staging: Path, store: PackStore, installed: Pack | None) -> list[Change]:
    from w4r.cases.library import CaseLibrary
    from w4r.cases.loader import load_case_file

    m = contents.manifest
    others = [p for p in store.all() if p.name != m.name]
    library = CaseLibrary(store.builtin[0].cases_dir, others)
    current_files = library.files
    changes: list[Change] = []
    new_precedence = (m.campaign_year, 1)
    new_ids = set()
    for path in sorted((staging / "cases").glob("*.yaml")):
        case = load_case_file(path)
        new_ids.add(case.id)
        old_version = None
        if installed is not None and case.id in installed.case_files():
            old_version = load_case_file(installed.case_files()[case.id])
        rival = library.origin.get(case.id)
        if rival is not None and rival.precedence > new_precedence:
            changes.append(precedence_notes(case.id, m.name, m.campaign_year, rival.name, rival.manifest.campaign_year, False))
            continue
        if rival is not None:
            changes.append(precedence_notes(case.id, m.name, m.campaign_year, rival.name, rival.manifest.campaign_year, True))
        before = old_version or (load_case_file(current_files[case.id]) if case.id in current_files else None)
        changes += compare(before, case)
    if installed is not None:
        for case_id in sorted(set(installed.case_files()) - new_ids):
            changes.append(Change("removed-case", case_id, f"no longer in pack {m.name}"))
    return changes


def commit(prepared: Prepared, store: PackStore | None = None) -> Path:
    return (store or PackStore()).commit(prepared.staging, prepared.name)


def discard(prepared: Prepared, store: PackStore | None = None) -> None:
    (store or PackStore()).discard(prepared.staging)


__all__ = ["CaseFileError", "Prepared", "commit", "discard", "prepare"]
