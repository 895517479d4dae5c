"""Benchmark: one ``w4r letter`` against Typst making one comparable letter, whole process each.

    .venv/bin/pip install -e '.[bench]'
    .venv/bin/python benchmarks/one_letter_vs_typst.py              # 15 runs each (about 15 s)
    .venv/bin/python benchmarks/one_letter_vs_typst.py --runs 31

One letter is the most common job, and for it start-up is most of the time:
the interpreter, the imports, the case file, the template and the fonts.  This
runs, in turn, the ``w4r`` command a volunteer types::

    w4r letter rita --to authorities --date 2026-12-10 --from NAME --address ... --message ... -o letter.pdf --force

and a Python process that imports ``typst`` (the PyPI package) and compiles the
same letter (w4r's composed words, the same name, address and message, the
same Noto Sans files) with the plain DIN 5008 template of batch_vs_typst.py,
writing the PDF.  Caches are warm (one run of each first, not counted).  Runs
alternate, so both tools see the same load; the medians of wall time and of
CPU time (user + system, which moves less with the load of a shared machine)
are printed with their ratio, and the load average before and after.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from batch_vs_typst import CASE, DATE, TYPST_CHILD, _child_env, roster_rows, typst_inputs  # noqa: E402


def w4r_command() -> list[str]:
    """The installed ``w4r`` script beside this Python (what a user runs), else ``python -m w4r``."""
    script = Path(sys.executable).with_name("w4r")
    return [str(script)] if script.exists() else [sys.executable, "-m", "w4r"]


def timed(cmd: list[str], cwd: Path) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the process) for one run; fails loudly if the command fails."""
    t = time.perf_counter()
    # _child_env: w4r runs from bytecode, as pip installs it (the warm-up run writes it for a source checkout).
    proc = subprocess.Popen(cmd, cwd=cwd, env=_child_env(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _pid, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t
    err = proc.stderr.read().decode("utf-8", "replace")
    proc.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{err[-2000:]}")
    return wall, usage.ru_utime + usage.ru_stime


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=15, help="runs of each tool (medians are reported)")
    args = ap.parse_args()
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="w4r-one-") as tmp:
        work = Path(tmp)
        row = roster_rows(1)[0]
        source = typst_inputs(work, [row])
        w4r = w4r_command() + [
            "letter", CASE, "--to", "authorities", "--date", DATE, "--from", row["name"], "--address", row["address"],
            "--message", row["message"], "-o", str(work / "w4r.pdf"), "--force",
        ]
        typst = [sys.executable, "-c", TYPST_CHILD, str(source), str(source.parent / "fonts"), str(work / "typst.pdf"), "0"]
        timed(w4r, work)  # warm: font instances, bytecode, the OS file cache
        timed(typst, work)
        runs: dict[str, list[tuple[float, float]]] = {"w4r letter": [], "typst": []}
        for _ in range(args.runs):
            runs["w4r letter"].append(timed(w4r, work))
            runs["typst"].append(timed(typst, work))
        for out in ("w4r.pdf", "typst.pdf"):
            assert (work / out).read_bytes().startswith(b"%PDF")
    load_after = os.getloadavg()
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    print(f"machine: {cores} cores, Python {sys.version.split()[0]}, load average {load_before[0]:.2f} before, {load_after[0]:.2f} after")
    print(f"one letter (case {CASE}), whole process, warm caches, median of {args.runs} runs each")
    med = {}
    for name, values in runs.items():
        wall = statistics.median(v[0] for v in values)
        cpu = statistics.median(v[1] for v in values)
        med[name] = (wall, cpu)
        print(f"  {name:<12} wall {1000 * wall:6.0f} ms   CPU {1000 * cpu:6.0f} ms   (fastest wall {1000 * min(v[0] for v in values):.0f} ms)")
    (w_wall, w_cpu), (t_wall, t_cpu) = med["w4r letter"], med["typst"]
    print(f"  w4r / typst: {w_wall / t_wall:.2f}x the wall time, {w_cpu / t_cpu:.2f}x the CPU time (goal: at most 2.5x)")


if __name__ == "__main__":
    main()
