"""The case library: case files looked up by id.

Without ``--cases-dir`` (or W4R_CASES_DIR) the library is every pack the user
has (cases.packs.store): the built-in "archive" of shipped cases, built-in
campaign packs and installed packs.  When two packs hold the same id, the pack
of the newer campaign year wins (for the same year, an installed pack beats a
built-in one), and ``overrides`` records it so that ``w4r cases`` can say so.
With ``--cases-dir`` it is that one folder, as it always was.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from w4r import paths
from w4r.cases.loader import load_case_file
from w4r.cases.schema import Case
from w4r.errors import CaseFileError, NotFoundError

if TYPE_CHECKING:  # pragma: no cover
    from w4r.cases.packs.store import Pack


@dataclass(frozen=True)
class Override:
    """Case ``case_id`` comes from ``winner``; ``loser`` holds an older version that is not used."""

    case_id: str
    winner: str
    winner_year: int
    loser: str
    loser_year: int

    def describe(self) -> str:
        if self.winner_year == self.loser_year:
            return f"{self.case_id}: from pack {self.winner} (installed), not the built-in {self.loser} of the same year"
        return f"{self.case_id}: from pack {self.winner} ({self.winner_year}), which replaces the version in {self.loser} ({self.loser_year}): newer campaign year"


class CaseLibrary:
    def __init__(self, directory: Path, packs: list[Pack] | None = None):
        self.directory = directory
        self.packs = packs  # None: one folder of case files (--cases-dir)
        self.origin: dict[str, Pack] = {}
        self.overrides: list[Override] = []

    @classmethod
    def open(cls, override: str | Path | None = None) -> CaseLibrary:
        directory = paths.chosen_cases_dir(override)
        if directory is not None:
            if not directory.is_dir():
                raise NotFoundError(f"case folder {directory} does not exist", code="no-cases-dir", field="cases_dir",
                                    hint="cases_dir", params={"path": str(directory)})
            return cls(directory)
        from w4r.cases.packs.store import PackStore

        return cls(paths.shipped_cases_dir(), PackStore().all())

    @cached_property
    def files(self) -> dict[str, Path]:
        if self.packs is None:
            return {p.stem: p for p in sorted(self.directory.glob("*.yaml")) if not p.name.startswith(".")}
        files: dict[str, Path] = {}
        # Lowest precedence first: a later pack's file replaces an earlier one's.
        for pack in sorted(self.packs, key=lambda p: (p.precedence, p.name)):
            for case_id, path in pack.case_files().items():
                if case_id in self.origin:
                    old = self.origin[case_id]
                    self.overrides.append(Override(case_id, pack.name, pack.manifest.campaign_year, old.name, old.manifest.campaign_year))
                files[case_id] = path
                self.origin[case_id] = pack
        return dict(sorted(files.items()))

    def pack_of(self, case_id: str) -> str | None:
        """The name of the pack a case comes from (None for a --cases-dir folder)."""
        self.files  # noqa: B018 - fills origin
        pack = self.origin.get(case_id)
        return pack.name if pack else None

    def all_files(self) -> list[Path]:
        """Every case file of every pack, including versions another pack replaces (for w4r validate)."""
        if self.packs is None:
            return list(self.files.values())
        return [path for pack in self.packs for path in pack.case_files().values()]

    def ids(self) -> list[str]:
        return list(self.files)

    def get(self, case_id: str) -> Case:
        key = case_id.strip().lower()
        path = self.files.get(key)
        if path is None:
            raise NotFoundError(self._unknown_message(case_id))
        return load_case_file(path, root=path.parent)  # the folder it was found in

    def _unknown_message(self, case_id: str) -> str:
        ids = self.ids()
        close = difflib.get_close_matches(case_id.lower(), ids, n=3, cutoff=0.5)
        if not close:
            # People type names: match on any word of the case's file name too.
            close = [i for i in ids if any(part.startswith(case_id.lower()[:4]) for part in i.split("-"))][:3]
        if close:
            hint = f"; did you mean {' or '.join(close)}?"
        elif ids:
            hint = f"; known cases: {', '.join(ids)}"
        else:
            hint = f"; the case folder {self.directory} has no .yaml files"
        return f"unknown case {case_id!r}{hint} (run 'w4r cases' to list them)"

    def all(self) -> list[Case]:
        """Every case, or a CaseFileError listing the problems of every bad file."""
        cases, problems = [], []
        for path in self.files.values():
            try:
                cases.append(load_case_file(path, root=path.parent))
            except CaseFileError as exc:
                problems.extend(exc.problems)
        if problems:
            raise CaseFileError(problems)
        return cases
