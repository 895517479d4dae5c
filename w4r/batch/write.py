"""Writing a printed batch: one PDF, one per row, one per case or one per kind, each checked before any is written.

Nothing is written until every file's name has been checked; each file is
written atomically, so Ctrl-C leaves finished files whole and no partial one.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from w4r.batch.assemble import Offset, OutputFile, Stacks, card_flip, join_file, stack_parts
from w4r.batch.names import UniqueNames, row_stem, slug
from w4r.batch.plan import Group
from w4r.batch.run import RenderOptions, Tick, Written, _noop, _per_sheet, _tasks, _write, render_tasks
from w4r.batch.validate import Item
from w4r.errors import InputError, OutputError
from w4r.output import check_writable
from w4r.render import formats

if TYPE_CHECKING:
    from w4r.typeset.fonts import FontBook


def split_names(items: list[Item]) -> list[str]:
    names = UniqueNames()
    return [names.take(row_stem(it.row, it.name, it.case_id, it.kind)) for it in items]


def prepare_dir(directory: Path, names: list[str], force: bool) -> None:
    """Check every file of a --split / --by-case run before the first is written."""
    if directory.exists() and not directory.is_dir():
        raise OutputError(f"{directory} is a file, not a folder; give a folder for the PDFs")
    if not directory.exists():
        if not directory.parent.is_dir():
            raise OutputError(f"folder {directory.parent} does not exist; create it first")
        try:
            directory.mkdir()
        except OSError as exc:
            raise OutputError(f"cannot create {directory}: {exc.strerror}") from None
    existing = [n for n in names if (directory / n).exists()]
    if existing and not force:
        more = f" (and {len(existing) - 1} more)" if len(existing) > 1 else ""
        raise OutputError(f"{directory / existing[0]} already exists{more}; choose another folder", code="exists",
                          field="output", hint="force_folder", params={"path": str(directory / existing[0]), "more": len(existing) - 1})
    for n in names:
        # names.py makes plain names; this guards the guarantee, not the user.
        if (directory / n).resolve().parent != directory.resolve():
            raise OutputError(f"unsafe file name {n!r}")
        check_writable(directory / n, force=force)


def write_batch(
    groups: list[Group],
    opts: RenderOptions,
    *,
    output: Path | None = None,
    split_dir: Path | None = None,
    by_case_dir: Path | None = None,
    by_kind_dir: Path | None = None,
    force: bool = False,
    tick: Tick = _noop,
    stacks: Stacks | None = None,
    offset: Offset | None = None,
    cases: dict | None = None,
) -> Written:
    """Render ``groups`` and write them to one PDF, one per row, one per case or one per kind (or return the one PDF's bytes).

    ``stacks``: cover sheets per class and packing slips per case (one PDF and
    per-kind files).  ``cases`` (id -> Case) is needed for the envelopes of ``by_kind_dir``.
    """
    written = Written()
    items = [it for grp in groups for it in grp.items]
    if not items:
        raise InputError("no rows to print", code="no-rows")
    has_cards = any(grp.kind == "card" for grp in groups)
    flip = card_flip(opts.card_format) if has_cards else None
    if split_dir is not None:
        names = split_names(items)
        prepare_dir(split_dir, names, force)
        tasks = _tasks(groups, opts.jobs, _per_sheet(opts))
        first = [0]
        for _gi, _kind, task_items in tasks:
            first.append(first[-1] + len(task_items))

        def write_rows(i: int, pdfs: list[tuple[bytes, int]]) -> None:
            # Each file is written as soon as it is ready: Ctrl-C keeps those.
            for name, (data, pages) in zip(names[first[i] : first[i + 1]], pdfs):
                if offset is not None and not offset.zero:
                    data, pages = join_file([(data, pages)], "Write for Rights", pages > 1, offset)
                _write(split_dir / name, data, force)
                written.pages += pages
                two = pages > 1
                written.outputs.append(OutputFile(str(split_dir / name), pages, "row", opts.paper, two, flip if two else None))

        render_tasks(tasks, opts, True, tick, write_rows)
        written.files = [str(split_dir / n) for n in names]
        written.outputs.sort(key=lambda o: written.files.index(o.path))
        return written
    # Letters get a blank back wherever their file is printed two-sided.
    letters_two_sided = opts.duplex or (has_cards and by_kind_dir is None)
    opts = replace(opts, duplex=letters_two_sided)
    if by_case_dir is not None:
        case_ids = list(dict.fromkeys(grp.case_id for grp in groups))
        unique = UniqueNames()
        names = {cid: unique.take(slug(cid, "case")) for cid in case_ids}
        prepare_dir(by_case_dir, list(names.values()), force)
    elif by_kind_dir is not None:
        kinds = [k for k in ("letters", "cards") if any((grp.kind + "s") == k for grp in groups)]
        if "letters" in kinds or (cases and any(_card_address(cases, grp) for grp in groups if grp.kind == "card")):
            kinds.append("envelopes")
        prepare_dir(by_kind_dir, [f"{k}.pdf" for k in kinds], force)
    elif output is not None:
        check_writable(output, force=force)
    tasks = _tasks(groups, opts.jobs, _per_sheet(opts))
    rendered: dict[int, list[tuple[bytes, int]]] = {}
    render_tasks(tasks, opts, False, tick, rendered.__setitem__)
    by_group: dict[int, list[tuple[bytes, int]]] = {}
    for i, (gi, _kind, _items) in enumerate(tasks):
        by_group.setdefault(gi, []).extend(rendered[i])

    def emit(path: Path | None, parts, title: str, content: str, two_sided: bool, paper: str, edge: str | None) -> None:
        data, pages = join_file(parts, title, two_sided, offset)
        written.pages += pages
        if path is None:
            written.data = data
            return
        _write(path, data, force)
        written.files.append(str(path))
        sheets = -(-pages // 2) if two_sided else pages
        written.outputs.append(OutputFile(str(path), pages, content, paper, two_sided, edge if two_sided else None, sheets=sheets))

    if by_case_dir is not None:
        for cid, name in names.items():
            mine = {gi: by_group[gi] for gi, grp in enumerate(groups) if grp.case_id == cid}
            two = opts.duplex
            emit(by_case_dir / name, stack_parts(groups, mine, paper=opts.paper, two_sided=two, stacks=None, fb=opts.fb),
                 f"Write for Rights: {cid}", cid, two, opts.paper, flip)
        return written
    if by_kind_dir is not None:
        letters = {gi: by_group[gi] for gi, grp in enumerate(groups) if grp.kind == "letter"}
        cards = {gi: by_group[gi] for gi, grp in enumerate(groups) if grp.kind == "card"}
        if letters:
            emit(by_kind_dir / "letters.pdf", stack_parts(groups, letters, paper=opts.paper, two_sided=opts.duplex, stacks=stacks, fb=opts.fb),
                 "Write for Rights: letters", "letters", opts.duplex, opts.paper, "long")
        if cards:
            emit(by_kind_dir / "cards.pdf", stack_parts(groups, cards, paper=opts.paper, two_sided=True, stacks=stacks, slips=not letters, fb=opts.fb),
                 "Write for Rights: cards", "cards", True, opts.paper, flip)
        if "envelopes" in kinds:
            envelopes, size = render_envelopes(groups, cases or {}, opts.paper, opts.fb)
            emit(by_kind_dir / "envelopes.pdf", envelopes, "Write for Rights: envelopes", "envelopes", False, size, None)
        return written
    two = opts.duplex
    content = "letters and cards" if has_cards and any(grp.kind == "letter" for grp in groups) else ("cards" if has_cards else "letters")
    emit(output, stack_parts(groups, by_group, paper=opts.paper, two_sided=two, stacks=stacks, fb=opts.fb),
         "Write for Rights batch", content, two, opts.paper, flip or "long")
    return written


def _card_address(cases: dict, grp: Group) -> bool:
    case = cases.get(grp.case_id)
    return bool(case is not None and case.solidarity is not None and case.solidarity.has_address)


def render_envelopes(groups: list[Group], cases: dict, paper: str, fb: FontBook) -> tuple[list[tuple[bytes, int]], str]:
    """An envelope per letter (to its official, from its writer) and one per case's cards where they can be posted."""
    from w4r.compose.envelope import authorities_envelope, individual_envelope
    from w4r.compose.sender import Sender
    from w4r.render.envelope import render_envelope

    size = formats.paper(paper).envelope
    parts = []
    for grp in groups:
        case = cases[grp.case_id]
        if grp.kind == "letter":
            for it in grp.items:
                parts.append((render_envelope(authorities_envelope(case, target_number=1, sender=it.letter.sender), size, fb=fb), 1))
        elif _card_address(cases, grp):
            parts.append((render_envelope(individual_envelope(case, sender=Sender(), count=len(grp.items)), size, fb=fb), 1))
    return parts, size


