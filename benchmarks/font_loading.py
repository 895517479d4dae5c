"""How much font loading adds to a one-letter run, with a warm font cache.

Run:  .venv/bin/python benchmarks/font_loading.py [--runs N]

Each measurement is a fresh Python process (as a user's `w4r letter` is) that
composes and renders one letter and times, inside that process, everything
the font book does: reading coverage (the range files), registering faces with
ReportLab (parsing the static TrueType files) and building the HarfBuzz fonts.
The first pass warms the cache (instances, coverage files) and is not counted.
This is a script, not a test: timings depend on the machine.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

LETTERS = [
    ("sasha", "en"),
    ("sasha", "ru"),
    ("chow-hang-tung", "en"),
    ("chow-hang-tung", "zh-Hant"),
    ("manahel", "ar"),
    ("manahel", "en"),
]

CHILD = r"""
import json, sys, time, datetime as dt
t0 = time.perf_counter()
from w4r.typeset import fonts, bidi
spent = {"coverage": 0.0, "register": 0.0, "harfbuzz": 0.0}
def timed(kind, fn):
    def wrapper(*a, **k):
        s = time.perf_counter()
        try:
            return fn(*a, **k)
        finally:
            spent[kind] += time.perf_counter() - s
    return wrapper
fonts.FontBook.cmap = timed("coverage", fonts.FontBook.cmap)
fonts.FontBook.font_name = timed("register", fonts.FontBook.font_name)
bidi.hb_font = timed("harfbuzz", bidi.hb_font)
from w4r.cases import CaseLibrary
from w4r.compose.letter import compose_letter
from w4r.compose.sender import Sender
from w4r.render.letter import render_letter
t1 = time.perf_counter()
case, lang = sys.argv[1], sys.argv[2]
letter = compose_letter(CaseLibrary.open(None).get(case), sender=Sender("Ann Example", ("12 High Street", "Anytown")), lang=lang, date=dt.date(2026, 12, 10))
pdf = render_letter(letter)
t2 = time.perf_counter()
# Nested calls (font_name inside cmap) are not double counted: cmap never registers.
fonts_total = spent["coverage"] + spent["register"] + spent["harfbuzz"]
print(json.dumps({"import": t1 - t0, "letter": t2 - t1, "fonts": fonts_total, **spent, "bytes": len(pdf)}))
"""


def run_once(case: str, lang: str, env: dict) -> dict:
    out = subprocess.run([sys.executable, "-c", CHILD, case, lang], env=env, capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--cache", help="font cache folder (default: a new temporary one, warmed first)")
    args = parser.parse_args()
    cache = args.cache or tempfile.mkdtemp(prefix="w4r-bench-cache-")
    env = {**os.environ, "W4R_CACHE_DIR": cache, "W4R_CONFIG": str(Path(cache) / "no-config.yaml")}
    print(f"font cache: {cache}")
    for case, lang in LETTERS:  # warm: instances and coverage files
        run_once(case, lang, env)
    print(f"{'letter':24} {'fonts (median)':>15} {'coverage':>9} {'register':>9} {'harfbuzz':>9} {'whole letter':>13}")
    worst = 0.0
    for case, lang in LETTERS:
        rows = [run_once(case, lang, env) for _ in range(args.runs)]
        med = {k: statistics.median(r[k] for r in rows) for k in rows[0]}
        worst = max(worst, med["fonts"])
        print(f"{case + ' --lang ' + lang:24} {med['fonts']:>14.3f}s {med['coverage']:>8.3f}s {med['register']:>8.3f}s {med['harfbuzz']:>8.3f}s {med['letter']:>12.3f}s")
    print(f"\nworst median font loading: {worst:.3f} s (budget 0.200 s)")


if __name__ == "__main__":
    main()
