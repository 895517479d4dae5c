"""Printing a checked batch: render the groups, spread big ones over processes, write the files.

Letters are drawn by ``fastletter.LetterPrinter`` (shared case text laid out
once); cards by the card renderer, four different cards to a sheet in the
4-up formats.  Each renderer writes a complete PDF of its part and
``pdfjoin`` strings the parts together in print order.

``--jobs N`` splits large letter groups into N runs of consecutive letters
rendered in forked processes at the same time (fork: the children start with
fonts and composed texts already loaded; where fork does not exist, everything
runs in one process).  Every part is a whole PDF, so the result does not
depend on how the work was split, apart from font subset tags.

Nothing is written until every file's name has been checked; each file is
written atomically, so Ctrl-C leaves finished files whole and no partial one.
"""

from __future__ import annotations

import io
import multiprocessing
import multiprocessing.connection
import os
import signal
import sys
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable

from w4r.batch.fastletter import BatchCanvas, LetterPrinter
from w4r.batch.names import UniqueNames, row_stem, slug
from w4r.batch.assemble import Offset, OutputFile, Stacks, card_flip, join_file, stack_parts
from w4r.batch.plan import Group
from w4r.batch.validate import Item
from w4r.errors import InputError, OutputError, W4RError
from w4r.output import check_writable, write_atomic
from w4r.render import geometry as g
from w4r.typeset.canvas import canvas_kwargs, set_metadata

Tick = Callable[[int], None]

# Rows per process below which forking, laying the shared parts out again and
# joining cost more than they save (measured on 2 cores: a wash at 1,000
# letters, a clear gain from 2,000; for cards from about 60).
MIN_CHUNK = 500
MIN_CARD_CHUNK = 30  # a card takes about twenty times as long as a letter
TICK_EVERY = 10  # letters between progress reports from a worker process


@dataclass
class RenderOptions:
    paper: str = "a4"
    card_format: str = "a5"
    design: object | None = None  # w4r.render.designs.Design
    outline: bool = False
    duplex: bool = False
    jobs: int = 1


@dataclass
class Written:
    files: list[str] = field(default_factory=list)
    pages: int = 0
    data: bytes | None = None  # the PDF, when it was not written to a file
    outputs: list[OutputFile] = field(default_factory=list)  # each file and how to print it


def _noop(_n: int) -> None:
    pass


# Ctrl-C, kill and a closed terminal: held back across forks and file writes.
_STOP_SIGNALS = {getattr(signal, n) for n in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, n)}


@contextmanager
def _ctrl_c_deferred():
    """Hold Ctrl-C back while a file is written or a worker forked; it takes effect right after.

    A file is then either whole or not there, and a forked worker never starts
    with an interrupt half-handled.  (POSIX main thread; elsewhere a no-op.)
    """
    if not hasattr(signal, "pthread_sigmask") or threading.current_thread() is not threading.main_thread():
        yield
        return
    old = signal.pthread_sigmask(signal.SIG_BLOCK, _STOP_SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


def _write(path: Path, data: bytes, force: bool) -> None:
    with _ctrl_c_deferred():
        write_atomic(path, data, force=force)


# --- Rendering one part ----------------------------------------------------

def render_letters(items: list[Item], opts: RenderOptions, tick: Tick = _noop) -> tuple[bytes, int]:
    """Letters one after the other in one PDF; returns it and its page count."""
    geo = g.LETTER_GEOMETRIES[opts.paper]
    buf = io.BytesIO()
    c = BatchCanvas(buf, pagesize=geo.page, **canvas_kwargs())
    printer = LetterPrinter(c, opts.paper)
    pages = 0
    for item in items:
        n = printer.add(item.letter, label=item.group)
        if opts.duplex and n % 2:
            c.showPage()  # a blank back, so the next letter starts on a new sheet
            n += 1
        pages += n
        tick(1)
    set_metadata(c, "Appeal letters")
    c.save()
    return buf.getvalue(), pages


def render_cards(items: list[Item], opts: RenderOptions, tick: Tick = _noop) -> list[tuple[bytes, int]]:
    """Cards in one PDF: folded cards one after the other, or four different postcards to a sheet."""
    from w4r.render.card import render_card_run

    return [render_card_run([it.card for it in items], opts.card_format, design=opts.design, outline=opts.outline,
                            labels=[it.group or None for it in items], tick=tick)]


def _render_task(task: tuple[str, list[Item]], opts: RenderOptions, split: bool, tick: Tick) -> list[tuple[bytes, int]]:
    kind, items = task
    if kind == "card":
        if split:
            return [p for it in items for p in render_cards([it], opts, tick)]
        return render_cards(items, opts, tick)
    if split:
        return [render_letters([it], opts, tick) for it in items]
    return [render_letters(items, opts, tick)]


# --- Spreading tasks over processes ---------------------------------------

def _tasks(groups: list[Group], jobs: int, per_sheet: int = 1) -> list[tuple[int, str, list[Item]]]:
    """(group index, kind, items): big groups cut into up to ``jobs`` runs of consecutive rows.

    Card runs start at a sheet boundary (``per_sheet`` cards to a sheet), so
    the sheets are filled exactly as they would be in one run.
    """
    tasks = []
    for gi, grp in enumerate(groups):
        n = len(grp.items)
        minimum = MIN_CHUNK if grp.kind == "letter" else MIN_CARD_CHUNK
        pieces = max(1, min(jobs, n // minimum))
        step = 1 if grp.kind == "letter" else per_sheet
        size = -(-n // pieces)
        size = -(-size // step) * step
        for start in range(0, n, size):
            tasks.append((gi, grp.kind, grp.items[start : start + size]))
    return tasks


def _per_sheet(opts: RenderOptions) -> int:
    from w4r.render.card import card_format

    form = card_format(opts.card_format)
    return form.layout.capacity if form.kind == "4up" else 1


def _can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods() and sys.platform != "darwin"


def _worker(task, opts: RenderOptions, split: bool, conn, counter, parent_pid: int = 0) -> None:
    from w4r.procs import die_with_parent

    die_with_parent(parent_pid or os.getppid())  # a kill -9 of the batch must not leave workers behind
    # Ctrl-C is the parent's to handle: it stops the workers itself.  The signal
    # was blocked across the fork; ignoring it first drops one already pending.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for sig in _STOP_SIGNALS - {signal.SIGINT}:
        signal.signal(sig, signal.SIG_DFL)  # kill and hang-up end a worker at once
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, _STOP_SIGNALS)
    pending = [0]

    def tick(n: int) -> None:
        pending[0] += n
        if pending[0] >= TICK_EVERY:
            with counter.get_lock():
                counter.value += pending[0]
            pending[0] = 0

    try:
        result = _render_task(task, opts, split, tick)
        tick(TICK_EVERY)  # flush (the parent counts what it was told, capped at the total)
        conn.send(("ok", result))
    except KeyboardInterrupt:
        pass
    except W4RError as exc:
        conn.send(("w4r", (type(exc).__name__, exc.message, int(exc.exit_code))))
    except BaseException as exc:  # noqa: BLE001 - reported by the parent as a bug
        conn.send(("bug", f"{type(exc).__name__}: {exc}"))
    finally:
        conn.close()


Done = Callable[[int, list[tuple[bytes, int]]], None]


def render_tasks(tasks: list[tuple[int, str, list[Item]]], opts: RenderOptions, split: bool, tick: Tick, done: Done) -> None:
    """Render every task, calling ``done(task index, PDFs)`` as each finishes (in any order).

    Up to ``opts.jobs`` tasks run at a time in child processes.
    """
    if opts.jobs <= 1 or len(tasks) <= 1 or not _can_fork():
        for i, (_gi, kind, items) in enumerate(tasks):
            done(i, _render_task((kind, items), opts, split, tick))
        return
    ctx = multiprocessing.get_context("fork")
    counter = ctx.Value("l", 0)
    running: dict[int, tuple] = {}
    queue = list(range(len(tasks)))
    reported = 0
    try:
        while queue or running:
            while queue and len(running) < opts.jobs:
                i = queue.pop(0)
                recv, send = ctx.Pipe(duplex=False)
                proc = ctx.Process(target=_worker, args=((tasks[i][1], tasks[i][2]), opts, split, send, counter, os.getpid()), daemon=True)
                with _ctrl_c_deferred():
                    proc.start()
                send.close()
                running[i] = (proc, recv)
            ready = multiprocessing.connection.wait([r for _p, r in running.values()], timeout=0.1)
            for i, (proc, recv) in list(running.items()):
                if recv not in ready:
                    continue
                try:
                    status, payload = recv.recv()
                except EOFError:
                    proc.join()
                    if proc.exitcode is not None and -proc.exitcode in _STOP_SIGNALS:
                        # Killed from outside with the whole process group (kill, closed terminal).
                        raise SystemExit(128 - proc.exitcode) from None
                    status, payload = "bug", f"a worker process ended without a result (exit code {proc.exitcode})"
                proc.join()
                del running[i]
                if status == "ok":
                    done(i, payload)
                elif status == "w4r":
                    name, message, code = payload
                    raise W4RError(message, exit_code=code)
                else:
                    raise RuntimeError(payload)
            finished = min(counter.value, sum(len(t[2]) for t in tasks))
            if finished > reported:
                tick(finished - reported)
                reported = finished
    finally:
        for proc, recv in running.values():
            if proc.is_alive():
                proc.terminate()
            proc.join()
            recv.close()
    total = sum(len(t[2]) for t in tasks)
    if total > reported:
        tick(total - reported)


# --- Files -----------------------------------------------------------------

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
        raise InputError("no rows to print", code="no_rows")
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
            emit(by_case_dir / name, stack_parts(groups, mine, paper=opts.paper, two_sided=two, stacks=None),
                 f"Write for Rights: {cid}", cid, two, opts.paper, flip)
        return written
    if by_kind_dir is not None:
        letters = {gi: by_group[gi] for gi, grp in enumerate(groups) if grp.kind == "letter"}
        cards = {gi: by_group[gi] for gi, grp in enumerate(groups) if grp.kind == "card"}
        if letters:
            emit(by_kind_dir / "letters.pdf", stack_parts(groups, letters, paper=opts.paper, two_sided=opts.duplex, stacks=stacks),
                 "Write for Rights: letters", "letters", opts.duplex, opts.paper, "long")
        if cards:
            emit(by_kind_dir / "cards.pdf", stack_parts(groups, cards, paper=opts.paper, two_sided=True, stacks=stacks, slips=not letters),
                 "Write for Rights: cards", "cards", True, opts.paper, flip)
        if "envelopes" in kinds:
            envelopes, size = render_envelopes(groups, cases or {}, opts.paper)
            emit(by_kind_dir / "envelopes.pdf", envelopes, "Write for Rights: envelopes", "envelopes", False, size, None)
        return written
    two = opts.duplex
    content = "letters and cards" if has_cards and any(grp.kind == "letter" for grp in groups) else ("cards" if has_cards else "letters")
    emit(output, stack_parts(groups, by_group, paper=opts.paper, two_sided=two, stacks=stacks),
         "Write for Rights batch", content, two, opts.paper, flip or "long")
    return written


def _card_address(cases: dict, grp: Group) -> bool:
    case = cases.get(grp.case_id)
    return bool(case is not None and case.solidarity is not None and case.solidarity.has_address)


def render_envelopes(groups: list[Group], cases: dict, paper: str) -> tuple[list[tuple[bytes, int]], str]:
    """An envelope per letter (to its official, from its writer) and one per case's cards where they can be posted."""
    from w4r.compose.envelope import authorities_envelope, individual_envelope
    from w4r.compose.sender import Sender
    from w4r.render.envelope import render_envelope

    size = g.DEFAULT_ENVELOPE[paper]
    parts = []
    for grp in groups:
        case = cases[grp.case_id]
        if grp.kind == "letter":
            for it in grp.items:
                parts.append((render_envelope(authorities_envelope(case, target_number=1, sender=it.letter.sender), size), 1))
        elif _card_address(cases, grp):
            parts.append((render_envelope(individual_envelope(case, sender=Sender(), count=len(grp.items)), size), 1))
    return parts, size


def default_jobs(letters: int, cards: int = 0) -> int:
    """Processes for ``--jobs auto``: one per core for big batches, none extra for small ones."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return max(1, min(cores, 8, max(letters // MIN_CHUNK, cards // MIN_CARD_CHUNK)))
