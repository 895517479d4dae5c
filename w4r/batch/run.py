"""Printing a checked batch: render the groups and spread big ones over processes (``write`` writes the files).

Letters are drawn by ``render.batch_letter.LetterPrinter`` (shared case text laid out
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

import multiprocessing
import multiprocessing.connection
import os
import signal
import sys
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from w4r.render.batch_letter import render_letter_run
from w4r.batch.assemble import OutputFile
from w4r.batch.plan import Group
from w4r.batch.validate import Item
from w4r.errors import OutputError, W4RError
from w4r.output import write_atomic

if TYPE_CHECKING:
    from w4r.typeset.fonts import FontBook

Tick = Callable[[int], None]

# Rows per process below which forking, laying the shared parts out again and
# joining cost more than they save (measured on 2 cores: a wash at 1,000
# letters, a clear gain from 2,000; for cards from about 60).
MIN_CHUNK = 500
MIN_CARD_CHUNK = 30  # a card takes about twenty times as long as a letter
TICK_EVERY = 10  # letters between progress reports from a worker process
_WEIGHT = {"letter": 1, "card": MIN_CHUNK // MIN_CARD_CHUNK}  # a card takes about as long as this many letters


@dataclass
class RenderOptions:
    paper: str = "a4"
    card_format: str = "a5"
    design: object | None = None  # w4r.render.designs.Design
    outline: bool = False
    duplex: bool = False
    jobs: int = 1
    fb: FontBook = field(kw_only=True)  # the fonts of every part; a forked worker inherits them loaded


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
    return render_letter_run(((item.letter, item.group) for item in items), opts.paper, duplex=opts.duplex, tick=tick, fb=opts.fb)


def render_cards(items: list[Item], opts: RenderOptions, tick: Tick = _noop) -> list[tuple[bytes, int]]:
    """Cards in one PDF: folded cards one after the other, or four different postcards to a sheet."""
    from w4r.render.card import render_card_run

    return [render_card_run([it.card for it in items], opts.card_format, design=opts.design, outline=opts.outline,
                            labels=[it.group or None for it in items], tick=tick, fb=opts.fb)]


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
    """(group index, kind, items): groups bigger than a process's fair share cut into up to ``jobs`` runs of consecutive rows.

    Only what is needed to keep the processes equally busy is cut: every piece
    is a PDF of its own, with its own copy of the case text's forms and of the
    fonts, and one more part to join.  Six classes of 1,700 letters on two
    processes are three classes each, not twelve pieces.  Card runs start at
    a sheet boundary (``per_sheet`` cards to a sheet), so the sheets are
    filled exactly as they would be in one run.
    """
    share = sum(len(g.items) * _WEIGHT[g.kind] for g in groups) / max(jobs, 1)
    tasks = []
    for gi, grp in enumerate(groups):
        n = len(grp.items)
        minimum = MIN_CHUNK if grp.kind == "letter" else MIN_CARD_CHUNK
        wanted = -(-n * _WEIGHT[grp.kind] // max(int(share), 1))  # shares this group would fill
        pieces = max(1, min(jobs, n // minimum, wanted))
        step = 1 if grp.kind == "letter" else per_sheet
        size = -(-n // pieces)
        size = -(-size // step) * step
        for start in range(0, n, size):
            tasks.append((gi, grp.kind, grp.items[start : start + size]))
    return tasks


def _per_sheet(opts: RenderOptions) -> int:
    from w4r.render.card_type import card_format

    form = card_format(opts.card_format)
    return form.layout.capacity if form.kind == "4up" else 1


def _can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods() and sys.platform != "darwin"


def _worker(tasks: list[tuple[int, tuple[str, list[Item]]]], opts: RenderOptions, split: bool, conn, counter, parent_pid: int = 0) -> None:
    """Render ``tasks`` (index, task) one after the other, sending each task's PDFs as soon as they are made."""
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
        for i, task in tasks:
            result = _render_task(task, opts, split, tick)
            conn.send(("ok", i, result))
        tick(TICK_EVERY)  # flush (the parent counts what it was told, capped at the total)
        conn.send(("end", None, None))
    except KeyboardInterrupt:
        pass
    except W4RError as exc:
        # The error's data travels with its words, so the front end can still word it its own way.
        conn.send(("w4r", None, (type(exc).__name__, exc.message, int(exc.exit_code), exc.code, exc.field, exc.hint, exc.params)))
    except BaseException as exc:  # noqa: BLE001 - reported by the parent as a bug
        conn.send(("bug", None, f"{type(exc).__name__}: {exc}"))
    finally:
        conn.close()


def _bundles(tasks: list[tuple[int, str, list[Item]]], jobs: int) -> list[list[int]]:
    """Task indexes for each of up to ``jobs`` worker processes, about the same number of rows to each.

    One process per bundle, not one per task: a batch of six classes forked six
    processes, each laying the case's text out again for its few letters.
    Biggest tasks first (a card counts as ``_WEIGHT`` letters), each to the
    process with the least work so far; each process renders its tasks in print order.
    """
    n = min(jobs, len(tasks))
    load = [0] * n
    bundles: list[list[int]] = [[] for _ in range(n)]
    work = [len(items) * _WEIGHT[kind] for _gi, kind, items in tasks]
    for i in sorted(range(len(tasks)), key=lambda i: (-work[i], i)):
        k = min(range(n), key=lambda k: (load[k], k))
        bundles[k].append(i)
        load[k] += work[i]
    return [sorted(b) for b in bundles if b]


Done = Callable[[int, list[tuple[bytes, int]]], None]


def render_tasks(tasks: list[tuple[int, str, list[Item]]], opts: RenderOptions, split: bool, tick: Tick, done: Done) -> None:
    """Render every task, calling ``done(task index, PDFs)`` as each finishes (in any order).

    With ``opts.jobs`` above one the tasks are shared out among that many child
    processes (``_bundles``), forked once each.
    """
    if opts.jobs <= 1 or len(tasks) <= 1 or not _can_fork():
        for i, (_gi, kind, items) in enumerate(tasks):
            done(i, _render_task((kind, items), opts, split, tick))
        return
    ctx = multiprocessing.get_context("fork")
    counter = ctx.Value("l", 0)
    running: dict[int, tuple] = {}  # bundle -> (process, pipe)
    reported = 0
    try:
        for b, bundle in enumerate(_bundles(tasks, opts.jobs)):
            recv, send = ctx.Pipe(duplex=False)
            work = [(i, (tasks[i][1], tasks[i][2])) for i in bundle]
            proc = ctx.Process(target=_worker, args=(work, opts, split, send, counter, os.getpid()), daemon=True)
            with _ctrl_c_deferred():
                proc.start()
            send.close()
            running[b] = (proc, recv)
        while running:
            ready = multiprocessing.connection.wait([r for _p, r in running.values()], timeout=0.1)
            for b, (proc, recv) in list(running.items()):
                if recv not in ready:
                    continue
                try:
                    status, i, payload = recv.recv()
                except EOFError:
                    proc.join()
                    if proc.exitcode is not None and -proc.exitcode in _STOP_SIGNALS:
                        # Killed from outside with the whole process group (kill, closed terminal).
                        raise SystemExit(128 - proc.exitcode) from None
                    if proc.exitcode == -signal.SIGKILL:
                        # Killed on its own: the kernel's out-of-memory killer, most likely.
                        raise OutputError("a printing process was killed (the computer ran out of memory?)", code="worker-killed", hint="jobs_one")
                    status, payload = "bug", f"a worker process ended without a result (exit code {proc.exitcode})"
                if status == "ok":
                    done(i, payload)
                    continue
                proc.join()
                del running[b]
                recv.close()
                if status == "w4r":
                    name, message, exit_code, code, fld, hint, params = payload
                    raise W4RError(message, exit_code=exit_code, code=code, field=fld, hint=hint, params=params)
                if status != "end":
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


def default_jobs(letters: int, cards: int = 0) -> int:
    """Processes for ``--jobs auto``: one per core for big batches, none extra for small ones."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return max(1, min(cores, 8, max(letters // MIN_CHUNK, cards // MIN_CARD_CHUNK)))


def write_batch(*args, **kwargs) -> Written:
    """``w4r.batch.write.write_batch`` (kept here for callers of the earlier name)."""
    from w4r.batch.write import write_batch as write

    return write(*args, **kwargs)
