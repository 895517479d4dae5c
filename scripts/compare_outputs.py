"""Make a fixed set of w4r outputs, or compare two such sets: for refactoring without changing the paper.

    python scripts/compare_outputs.py make OUT_DIR [--source TREE]
    python scripts/compare_outputs.py compare OLD_DIR NEW_DIR

``make`` runs the real command line (``python -m w4r``, from ``--source`` if
given, so an older checkout can make the "before" set) with a fixed date, no
user config and a private cache, for: every case's letter in each language its
first official reads (closed cases for the record), US Letter and bilingual
letters, e-mail and text versions, every case's card in each card format, every
envelope, address labels, a printer test, a two-case event pack and a mixed
batch with one process and with two.

``compare`` says, for each file, whether it is the same: PDFs by page count,
page sizes, the embedded fonts (subset tags aside) and every word with its box
(``pdftotext -bbox``, positions to 0.01 pt); other files byte for byte.  Bytes
of PDFs are not compared: object numbers and subset tags may change with the
code that writes them without changing the paper.  Exit 0 when everything is
the same, 1 otherwise.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

DATE = "2026-12-01"
CARD_FORMATS = ("a5", "a6-4up", "half-letter", "a2-4up")


def _env(source: Path | None, home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("W4R_") and k != "SOURCE_DATE_EPOCH"}
    env.update(HOME=str(home), W4R_CONFIG=str(home / "no-config.yaml"), W4R_DATA_DIR=str(home / "data"),
               XDG_CACHE_HOME=str(home / "cache"), NO_COLOR="1", COLUMNS="200")
    # The font cache is shared with the user's: building the Chinese bold instance takes seconds.
    if "W4R_CACHE_DIR" in os.environ:
        env["W4R_CACHE_DIR"] = os.environ["W4R_CACHE_DIR"]
    if source is not None:
        env["PYTHONPATH"] = str(source) + os.pathsep + env.get("PYTHONPATH", "")
    return env


def _w4r(args: list[str], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "w4r", *args], env=env, cwd=cwd, capture_output=True, text=True)


def _jobs(cases: list[dict], shows: dict[str, dict]) -> list[tuple[str, list[str]]]:
    """(output name, arguments) for every output of the set."""
    jobs: list[tuple[str, list[str]]] = []
    for c in cases:
        cid = c["id"]
        show = shows[cid]
        targets = show.get("targets") or []
        if targets and not show.get("card_only"):
            force = ["--force"] if c["closed"] else []
            for t in targets:
                n = t["number"]
                for lang in t.get("languages") or ["en"]:
                    jobs.append((f"letter-{cid}-{n}-{lang}.pdf", ["letter", cid, "--target", str(n), "--lang", lang, *force]))
                if any(lang != "en" for lang in t.get("languages") or []):
                    other = next(lang for lang in t["languages"] if lang != "en")
                    jobs.append((f"bilingual-{cid}-{n}.pdf", ["letter", cid, "--target", str(n), "--lang", other, "--bilingual", *force]))
                if t.get("address"):
                    jobs.append((f"envelope-{cid}-{n}.pdf", ["envelope", cid, "--target", str(n), *force]))
            jobs.append((f"letter-us-{cid}.pdf", ["letter", cid, "--paper", "letter", "--from", "Mia Tan",
                                                  "--address", "12 Elm St|Springfield, IL 62701", *force]))
            jobs.append((f"email-{cid}.txt", ["letter", cid, "--format", "email", *force]))
            jobs.append((f"text-{cid}.txt", ["letter", cid, "--format", "txt", *force]))
        if not c["closed"]:
            for fmt in CARD_FORMATS:
                jobs.append((f"card-{cid}-{fmt}.pdf", ["letter", cid, "--to", "individual", "--format", fmt, "--from", "Mia",
                                                       "--message", "We are thinking of you. Привет! 你好 🌈"]))
    jobs.append(("printer-test.pdf", ["printer-test"]))
    return jobs


def _roster(path: Path, cases: list[dict]) -> None:
    open_cases = [c["id"] for c in cases if not c["closed"]]
    appeals = [c["id"] for c in cases if not c["closed"] and c["appeal"] == "appeal"]
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["name", "address", "message", "case", "to", "class"])
        for i in range(24):
            kind = "letter" if i % 3 else "card"
            case = appeals[i % len(appeals)] if kind == "letter" else open_cases[i % len(open_cases)]
            w.writerow([f"Writer {i} Müller", f"{i} Main Street|Leeds LS{i} 1AA", f"Message number {i}: stay strong. " * (1 + i % 4),
                        case, kind, f"7{'AB'[i % 2]}"])


def make(out: Path, source: Path | None) -> int:
    out.mkdir(parents=True, exist_ok=False)
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        env = _env(source, home)
        listed = _w4r(["cases", "--json"], env, out)
        if listed.returncode:
            print(listed.stderr, file=sys.stderr)
            return 2
        cases = json.loads(listed.stdout)
        shows = {c["id"]: json.loads(_w4r(["show", c["id"], "--json"], env, out).stdout) for c in cases}
        failures = []
        for name, args in _jobs(cases, shows):
            run = _w4r([*args, "--date", DATE, "-o", str(out / name)] if "--date" not in args and args[0] in {"letter", "envelope"}
                       else [*args, "-o", str(out / name)], env, out)
            (out / f"{name}.status").write_text(f"{run.returncode}\n{run.stderr}", encoding="utf-8")
            if run.returncode:
                failures.append(name)
        open_ids = [c["id"] for c in cases if not c["closed"]][:2]
        run = _w4r(["pack", *open_ids, "-o", str(out / "pack"), "--date", DATE, "--event", "Write-a-thon", "--group", "Leeds"], env, out)
        (out / "pack.status").write_text(f"{run.returncode}\n{run.stderr}", encoding="utf-8")
        roster = home / "roster.csv"
        _roster(roster, cases)
        for jobs in ("1", "2"):
            run = _w4r(["batch", str(roster), "-o", str(out / f"batch-jobs{jobs}.pdf"), "--date", DATE, "--jobs", jobs], env, out)
            (out / f"batch-jobs{jobs}.status").write_text(f"{run.returncode}\n{run.stderr}", encoding="utf-8")
        for sheet in ("L7163", "5160"):
            run = _w4r(["labels", str(roster), "--format", sheet, "-o", str(out / f"labels-{sheet}.pdf")], env, out)
            (out / f"labels-{sheet}.status").write_text(f"{run.returncode}\n{run.stderr}", encoding="utf-8")
    print(f"{out}: {sum(1 for p in out.rglob('*') if p.is_file() and not p.name.endswith('.status'))} files"
          + (f"; refused or failed: {', '.join(failures)}" if failures else ""))
    return 0


def _pdf_summary(path: Path) -> dict:
    info = subprocess.run(["pdfinfo", "-f", "1", "-l", "9999", str(path)], capture_output=True, text=True).stdout
    sizes = re.findall(r"^Page\s+\d+ size:\s+(.*)$", info, flags=re.M)
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True).stdout.splitlines()[2:]
    font_names = sorted({re.sub(r"^[A-Z]{6}\+", "", line.split()[0]) for line in fonts if line.split()})
    bbox = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True).stdout
    words = []
    for m in re.finditer(r'<page width="([\d.]+)" height="([\d.]+)">|<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>', bbox):
        if m.group(1):
            words.append(("page",))
        else:
            words.append((m.group(7), *(round(float(m.group(i)), 2) for i in range(3, 7))))
    return {"pages": len(sizes), "sizes": sizes, "fonts": font_names, "words": words}


def _differences(old: Path, new: Path) -> list[str]:
    if old.suffix == ".pdf":
        a, b = _pdf_summary(old), _pdf_summary(new)
        said = []
        for key in ("pages", "sizes", "fonts"):
            if a[key] != b[key]:
                said.append(f"{key}: {a[key]} -> {b[key]}")
        if a["words"] != b["words"]:
            first = next((i for i, (x, y) in enumerate(zip(a["words"], b["words"])) if x != y), min(len(a["words"]), len(b["words"])))
            said.append(f"words differ from word {first}: {a['words'][first:first + 2]} -> {b['words'][first:first + 2]}"
                        f" ({len(a['words'])} and {len(b['words'])} words)")
        return said
    if old.name.endswith(".status"):
        a, b = old.read_text(encoding="utf-8"), new.read_text(encoding="utf-8")
        return [] if a.split("\n", 1)[0] == b.split("\n", 1)[0] else [f"exit code {a.split()[0]} -> {b.split()[0]}"]
    return [] if old.read_bytes() == new.read_bytes() else ["bytes differ"]


def compare(old_dir: Path, new_dir: Path) -> int:
    old = {p.relative_to(old_dir) for p in old_dir.rglob("*") if p.is_file()}
    new = {p.relative_to(new_dir) for p in new_dir.rglob("*") if p.is_file()}
    bad = 0
    for rel in sorted(old ^ new):
        print(f"only in {'old' if rel in old else 'new'}: {rel}")
        bad += 1
    for rel in sorted(old & new):
        said = _differences(old_dir / rel, new_dir / rel)
        if said:
            bad += 1
            print(f"{rel}: " + "; ".join(said))
    print(f"{len(old & new)} files compared, {bad} different")
    return 1 if bad else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    m = sub.add_parser("make")
    m.add_argument("out", type=Path)
    m.add_argument("--source", type=Path, help="a checkout of w4r to run instead of the installed one")
    c = sub.add_parser("compare")
    c.add_argument("old", type=Path)
    c.add_argument("new", type=Path)
    args = parser.parse_args()
    if args.command == "make":
        return make(args.out, args.source)
    return compare(args.old, args.new)


if __name__ == "__main__":
    sys.exit(main())
