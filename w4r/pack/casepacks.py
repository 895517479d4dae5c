"""Case packs as jobs: building a .w4rpack and staging one to install, each case checked as it prints.

The pack file itself (reading, signing, the store) is the case floor's
(``w4r.cases.packs``); whether every letter and card of a case prints is the
render floor's (``render.preflight``).  Both meet here, on the floor above
them, so the case floor imports nothing above the ground.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from w4r.errors import CaseFileError

if TYPE_CHECKING:  # the renderers load when a case is checked
    from w4r.typeset.fonts import FontBook


def check_cases(folder: Path, *, fb: FontBook) -> list[str]:
    """The problems 'w4r validate' would report for the folder's cases, with the folder's templates, measured with ``fb``."""
    from w4r.cases.loader import load_case_file
    from w4r.cases.scaffold import unfilled
    from w4r.render.preflight import check_case

    templates = folder / "templates" if (folder / "templates").is_dir() else None
    problems: list[str] = []
    for path in sorted((folder / "cases").glob("*.yaml")):
        left = unfilled(path)
        if left:
            problems.extend(left)
            continue
        try:
            case = load_case_file(path)
        except CaseFileError as exc:
            problems.extend(exc.problems)
            continue
        problems.extend(f"{path}: {f.describe()}" for f in check_case(case, templates, fb=fb))
    return problems


def build_pack(folder: Path, *, signing_key_file: Path | None = None, fb: FontBook) -> tuple[bytes, str]:
    """The .w4rpack bytes for ``folder`` and the pack's name, refusing any case 'w4r validate' would refuse."""
    from w4r.cases.packs import build

    return build.build_pack(folder, check=partial(check_cases, fb=fb), signing_key_file=signing_key_file)


def prepare_install(source: str, store=None, *, expect_name: str | None = None, fb: FontBook):
    """A pack fetched, read and staged for install (``cases.packs.install.prepare``), its cases checked."""
    from w4r.cases.packs import install

    return install.prepare(source, store, check=partial(check_cases, fb=fb), expect_name=expect_name)
