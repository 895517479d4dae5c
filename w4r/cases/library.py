"""The case library: a folder of case files, looked up by id."""

from __future__ import annotations

import difflib
from functools import cached_property
from pathlib import Path

from w4r import paths
from w4r.cases.loader import load_case_file
from w4r.cases.schema import Case
from w4r.errors import CaseFileError, NotFoundError


class CaseLibrary:
    def __init__(self, directory: Path):
        self.directory = directory

    @classmethod
    def open(cls, override: str | Path | None = None) -> CaseLibrary:
        directory = paths.cases_dir(override)
        if not directory.is_dir():
            raise NotFoundError(f"case folder {directory} does not exist; check --cases-dir or {paths.ENV_CASES_DIR}")
        return cls(directory)

    @cached_property
    def files(self) -> dict[str, Path]:
        return {p.stem: p for p in sorted(self.directory.glob("*.yaml")) if not p.name.startswith(".")}

    def ids(self) -> list[str]:
        return list(self.files)

    def get(self, case_id: str) -> Case:
        key = case_id.strip().lower()
        path = self.files.get(key)
        if path is None:
            raise NotFoundError(self._unknown_message(case_id))
        return load_case_file(path, root=self.directory)

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
                cases.append(load_case_file(path, root=self.directory))
            except CaseFileError as exc:
                problems.extend(exc.problems)
        if problems:
            raise CaseFileError(problems)
        return cases
