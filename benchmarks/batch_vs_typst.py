"""Benchmark: ``w4r batch`` against Typst on the same 1,000 letters, and w4r's growth to 10,000.

    .venv/bin/pip install -e '.[bench]'
    .venv/bin/python benchmarks/batch_vs_typst.py            # full run (about 3 minutes on 2 cores)
    .venv/bin/python benchmarks/batch_vs_typst.py --quick    # 200 rows and a 1k growth step, for a smoke test

Part 1 builds a roster of N rows (distinct names and addresses, one to three
sentences of personal message, one case) and prints it to one PDF with
``w4r batch``; then it typesets the same letters, with the same words and the
same Noto Sans files, with Typst (the ``typst`` package from PyPI) using a plain
letter template in the same DIN 5008 positions.  Each tool runs in a fresh
Python process and is timed from start to finished PDF, as a user would run it
(interpreter start, imports and font loading included).  The time inside the
process is reported too: from the command's start to the PDF on disk, with the
program's code loaded (w4r's modules imported; Typst's module imported), font
loading, reading the input and writing the PDF included.  Typst runs without PDF tags (w4r's
PDFs are untagged); Typst's tagged default is reported for reference.

Part 2 prints 1k, 2k, 5k and 10k rows with w4r and reports time and peak
memory (the largest resident set of the w4r process or, with --jobs, of any of
its processes) to show that both grow linearly.  Part 3 sets the largest of
those with Typst too, end to end, where start-up weighs less.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CASE = "manahel"  # an open case (rita's was closed in September 2025: no appeal letters for it)
DATE = "2026-12-10"

FIRST = ["Ann", "Ben", "Chloe", "Dev", "Ella", "Finn", "Grace", "Hugo", "Isla", "Jack", "Kira", "Leo", "Maya", "Nico",
         "Olga", "Priya", "Quinn", "Rosa", "Sami", "Tom", "Uma", "Vik", "Wren", "Xavi", "Yara", "Zoe"]
LAST = ["Adams", "Baker", "Chen", "Dubois", "Evans", "Fischer", "Garcia", "Haddad", "Ivanova", "Jones", "Kowalski",
        "Lopez", "Murphy", "Nowak", "Okafor", "Petrov", "Rossi", "Silva", "Tanaka", "Usman", "Varga", "Walsh"]
STREETS = ["High Street", "Station Road", "Church Lane", "Mill Road", "Park Avenue", "Victoria Road", "Green Lane"]
TOWNS = ["Anytown", "Otherton", "Riverside", "Hillcrest", "Newbury Vale", "Westfield"]
SENTENCES = [
    "I am thinking of you and your family.",
    "Our class read about your case today and we were shocked.",
    "Please know that people far away care about what happens to you.",
    "We hope you can go home soon.",
    "Nobody should be punished for speaking peacefully.",
    "I am writing from a small school where we study human rights.",
    "Your courage gives us hope.",
    "We will keep writing until you are free.",
]


def roster_rows(n: int, seed: int = 10) -> list[dict]:
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        name = f"{FIRST[i % len(FIRST)]} {LAST[(i // len(FIRST)) % len(LAST)]}" + (f" {i // (len(FIRST) * len(LAST)) + 1}" if i >= len(FIRST) * len(LAST) else "")
        address = [f"{rng.randint(1, 250)} {rng.choice(STREETS)}", f"{rng.choice(TOWNS)} AB{rng.randint(1, 99)} {rng.randint(1, 9)}CD", "UNITED KINGDOM"]
        message = " ".join(rng.sample(SENTENCES, rng.randint(1, 3)))
        rows.append({"name": name, "message": message, "case": CASE, "to": "authorities", "address": "|".join(address), "group": f"Class {1 + i % 6}"})
    return rows


def write_roster(path: Path, rows: list[dict]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)


# --- w4r -------------------------------------------------------------------

W4R_CHILD = r"""
import json, sys, time
t0 = time.perf_counter()
from w4r.cli.main import exit_now, run
import w4r.cli.batch  # the batch command (w4r registers only the command it runs)
import w4r.batch.plan, w4r.batch.roster, w4r.batch.run, w4r.batch.validate  # what 'w4r batch' loads when it starts
t1 = time.perf_counter()
try:
    run(sys.argv[1:])
except SystemExit as e:
    code = e.code or 0
else:
    code = 0
t2 = time.perf_counter()
import resource
me = resource.getrusage(resource.RUSAGE_SELF)
kids = resource.getrusage(resource.RUSAGE_CHILDREN)
cpu = me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime
print(json.dumps({"imports": t1 - t0, "inside": t2 - t1, "code": code, "self_kb": me.ru_maxrss, "children_kb": kids.ru_maxrss, "cpu": cpu}), file=sys.stderr)
exit_now(code)  # as the w4r command ends
"""


def _child_env() -> dict:
    # Measure w4r as installed: pip compiles modules to bytecode when it
    # installs them, so let the warm-up run write that bytecode for a source checkout too.
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def run_child(args: list[str]) -> tuple[float, str, str]:
    """Run a Python child; (wall seconds, stdout, stderr)."""
    t = time.perf_counter()
    proc = subprocess.run([sys.executable, *args], capture_output=True, text=True, cwd=REPO, env=_child_env())
    wall = time.perf_counter() - t
    if proc.returncode != 0:
        raise SystemExit(f"child failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
    return wall, proc.stdout, proc.stderr


def run_w4r(roster: Path, out: Path, jobs: str) -> dict:
    wall, stdout, stderr = run_child(
        ["-c", W4R_CHILD, "batch", str(roster), "-o", str(out), "--date", DATE, "--jobs", jobs, "--force", "--quiet", "--json"]
    )
    timing = json.loads(stderr.strip().splitlines()[-1])
    summary = json.loads(stdout)
    # Peak resident memory: of the w4r process, and of the largest worker process
    # it forked (each worker's figure includes the pages it shares with its parent).
    return {"wall": wall, "inside": timing["inside"], "pages": summary["pages"], "bytes": out.stat().st_size,
            "peak_kb": timing["self_kb"], "worker_kb": timing["children_kb"], "cpu": timing["cpu"]}


# --- Typst -----------------------------------------------------------------

TYPST_TEMPLATE = r"""
#let d = json("letters.json")
#set page(paper: "a4", margin: (left: 25mm, right: 20mm, top: 20mm, bottom: 20mm))
#set text(font: "Noto Sans", size: 10.5pt, lang: "en")
#set par(leading: 0.38em, spacing: 8.7pt)
#for (i, r) in d.rows.enumerate() {
  if i > 0 { pagebreak() }
  // Sender block, return line, recipient in the window, date: DIN 5008 Form B positions.
  place(top + left, dy: -5mm)[#text(size: 11pt, weight: "bold")[#r.name] \ #text(size: 9.5pt)[#r.address.join(linebreak())]]
  place(top + left, dy: 38mm)[#text(size: 7pt, fill: luma(64))[#r.name · #r.address.join(" · ")]]
  place(top + left, dy: 42.7mm + 1mm)[#text(size: 10pt)[#d.recipient.join(linebreak())]]
  place(top + left, dx: 100mm, dy: 30mm)[#text(size: 10pt)[#d.date]]
  v(78.46mm)
  text(weight: "bold")[#d.subject]
  parbreak()
  [#d.salutation]
  for p in d.body { parbreak(); [#p] }
  parbreak()
  [#r.message]
  for p in d.request { parbreak(); [#p] }
  parbreak()
  [#d.closing]
  v(16mm)
  [#r.name]
  place(bottom + left, dy: 10mm)[#text(size: 6.5pt, fill: luma(115))[#r.group]]
}
"""

TYPST_CHILD = r"""
import json, sys, time
t0 = time.perf_counter()
import typst
t1 = time.perf_counter()
src, fonts, out, tags = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4] == "1"
pdf = typst.compile(src, font_paths=[fonts], ignore_system_fonts=True, pdf_tags=tags)
open(out, "wb").write(pdf)
t2 = time.perf_counter()
import resource
me = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({"imports": t1 - t0, "inside": t2 - t1, "cpu": me.ru_utime + me.ru_stime}), file=sys.stderr)
"""


def typst_inputs(work: Path, rows: list[dict]) -> Path:
    """letters.json with w4r's own composed text for the case, and a font folder with the same Noto files."""
    from w4r.cases import CaseLibrary
    from w4r.compose.letter import compose_letter
    from w4r.compose.sender import Sender
    from w4r.typeset.fonts import BOLD, REGULAR, book

    letter = compose_letter(CaseLibrary.open(None).get(CASE), sender=Sender(), date=dt.date.fromisoformat(DATE))
    text = letter.primary

    def plain(spans) -> str:
        return "".join(s.text for s in spans)

    data = {
        "recipient": list(letter.recipient),
        "date": letter.date_text,
        "subject": plain(text.subject),
        "salutation": text.salutation,
        "body": [plain(p) for p in text.body],
        "request": [plain(p) for p in text.request],
        "closing": text.closing,
        "rows": [{"name": r["name"], "address": r["address"].split("|"), "message": r["message"], "group": r["group"]} for r in rows],
    }
    (work / "letters.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    (work / "letters.typ").write_text(TYPST_TEMPLATE, encoding="utf-8")
    fonts = work / "fonts"
    fonts.mkdir(exist_ok=True)
    fb = book()
    face = fb.faces[0]
    for weight in (REGULAR, BOLD):
        target = fonts / f"NotoSans-{weight}.ttf"
        if not target.exists():
            target.write_bytes(fb.font_bytes(face, weight))
    return work / "letters.typ"


def run_typst(source: Path, out: Path, tags: bool) -> dict:
    wall, _stdout, stderr = run_child(["-c", TYPST_CHILD, str(source), str(source.parent / "fonts"), str(out), "1" if tags else "0"])
    timing = json.loads(stderr.strip().splitlines()[-1])
    pages = len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", out.read_bytes()))
    return {"wall": wall, "inside": timing["inside"], "pages": pages, "bytes": out.stat().st_size, "cpu": timing["cpu"]}


# --- Report ----------------------------------------------------------------

def line(name: str, r: dict) -> str:
    return (f"  {name:<24} {r['pages']:>5} pages  {r['wall']:6.2f} s {r['pages'] / r['wall']:6.0f} pages/s"
            f"  | in-process {r['inside']:5.2f} s {r['pages'] / r['inside']:6.0f} pages/s | CPU {r['cpu']:5.2f} s"
            f"  | {r['bytes']:>10,} bytes")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rows", type=int, default=1000)
    ap.add_argument("--quick", action="store_true", help="200 rows and a 1k growth step only")
    ap.add_argument("--growth", default="1000,2000,5000,10000", help="row counts for part 2 ('' to skip it)")
    args = ap.parse_args()
    rows_n = 200 if args.quick else args.rows
    growth = [1000] if args.quick else [int(x) for x in args.growth.split(",") if x]
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    print(f"machine: {cores} cores, Python {sys.version.split()[0]}, load average {os.getloadavg()[0]:.2f}")
    with tempfile.TemporaryDirectory(prefix="w4r-bench-") as tmp:
        work = Path(tmp)
        rows = roster_rows(max([rows_n] + growth))
        roster = work / "roster.csv"
        write_roster(roster, rows[:rows_n])
        source = typst_inputs(work, rows[:rows_n])
        # Warm the font instance cache and the OS file cache once for both tools.
        run_w4r(roster, work / "warm.pdf", "1")
        run_typst(source, work / "warm-typst.pdf", False)

        print(f"\nPart 1: {rows_n} letters for case {CASE}, one PDF (best of 3 runs each)")
        results = {}
        for name, fn in (
            ("w4r --jobs 1", lambda: run_w4r(roster, work / "w4r-1.pdf", "1")),
            ("w4r --jobs 2", lambda: run_w4r(roster, work / "w4r-2.pdf", "2")),
            ("typst (untagged)", lambda: run_typst(source, work / "typst.pdf", False)),
            ("typst (tagged, default)", lambda: run_typst(source, work / "typst-tagged.pdf", True)),
        ):
            results[name] = min((fn() for _ in range(3)), key=lambda r: r["wall"])
            print(line(name, results[name]))
        t = results["typst (untagged)"]
        for name in ("w4r --jobs 1", "w4r --jobs 2"):
            r = results[name]
            print(f"  {name} / typst: {(r['pages'] / r['wall']) / (t['pages'] / t['wall']):.2f}x pages per second "
                  f"(in-process {(r['pages'] / r['inside']) / (t['pages'] / t['inside']):.2f}x), "
                  f"{r['bytes'] / t['bytes']:.2f}x the bytes")

        print("\nPart 2: growth (w4r batch, one process and two)")
        print("  rows   pages | --jobs 1: wall    CPU  CPU ms/letter  peak MB | --jobs 2: wall  peak MB main + worker |       bytes")
        largest = None
        for n in growth:
            write_roster(roster, rows[:n])
            one = run_w4r(roster, work / f"g1-{n}.pdf", "1")
            two = run_w4r(roster, work / f"g2-{n}.pdf", "2")
            largest = (n, one, two)
            print(f"  {n:>5} {one['pages']:>6} | {one['wall']:13.2f}s {one['cpu']:6.2f}s {1000 * one['cpu'] / n:9.2f} {one['peak_kb'] / 1024:11.0f}"
                  f" | {two['wall']:13.2f}s {two['peak_kb'] / 1024:9.0f} + {two['worker_kb'] / 1024:<10.0f} | {one['bytes']:>11,}")
        print("  (CPU: user + system time of w4r and its workers; it does not move with the machine's load as wall time does)")

        if largest is not None and largest[0] > rows_n:
            # Start-up (about half a second for w4r, a fifth for Typst) weighs less in a bigger batch.
            n, one, two = largest
            t = run_typst(typst_inputs(work, rows[:n]), work / f"typst-{n}.pdf", False)
            print(f"\nPart 3: {n} letters end to end, one run each")
            for name, r in (("w4r --jobs 1", one), ("w4r --jobs 2", two), ("typst (untagged)", t)):
                print(f"  {name:<24} {r['pages']:>5} pages  {r['wall']:6.2f} s {r['pages'] / r['wall']:6.0f} pages/s  | {r['bytes']:>11,} bytes")
            for name, r in (("w4r --jobs 1", one), ("w4r --jobs 2", two)):
                print(f"  {name} / typst: {(r['pages'] / r['wall']) / (t['pages'] / t['wall']):.2f}x pages per second, {r['bytes'] / t['bytes']:.2f}x the bytes")


if __name__ == "__main__":
    main()
