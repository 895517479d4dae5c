"""Shared fixtures: an isolated user environment, the real CLI, and PDF read-back helpers."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from pypdf import PdfReader

REPO = Path(__file__).resolve().parent.parent
MM = 72 / 25.4  # points per millimetre
INCH = 72.0

# Built font instances are kept between runs of the suite (they take seconds to make).
FONT_CACHE = REPO / ".pytest_cache" / "w4r-cache"


@pytest.fixture(autouse=True)
def isolated_user(tmp_path_factory, monkeypatch):
    """No test reads the developer's own config, tally or case folder."""
    home = tmp_path_factory.mktemp("user")
    monkeypatch.setenv("W4R_CONFIG", str(home / "config.yaml"))
    monkeypatch.setenv("W4R_DATA_DIR", str(home / "data"))
    monkeypatch.setenv("W4R_CACHE_DIR", str(FONT_CACHE))
    monkeypatch.delenv("W4R_CASES_DIR", raising=False)
    monkeypatch.delenv("W4R_TEMPLATES_DIR", raising=False)
    monkeypatch.delenv("W4R_DEBUG", raising=False)
    return home


@dataclass
class Result:
    returncode: int
    stdout: str
    stderr: str
    stdout_bytes: bytes = b""


def run_w4r(*args: str, cwd: Path | None = None, env: dict | None = None, input: bytes | None = None, timeout: float = 120) -> Result:
    """Run the real command line in a subprocess, as a user would."""
    full_env = {**os.environ, **(env or {})}
    proc = subprocess.run(
        [sys.executable, "-m", "w4r", *args],
        cwd=cwd,
        env=full_env,
        input=input,
        capture_output=True,
        timeout=timeout,
    )
    return Result(
        proc.returncode,
        proc.stdout.decode("utf-8", "replace"),
        proc.stderr.decode("utf-8", "replace"),
        proc.stdout,
    )


@pytest.fixture
def w4r():
    return run_w4r


@dataclass(frozen=True)
class TextRun:
    text: str
    x: float  # points from the left edge
    top: float  # baseline, points from the top edge
    font: str
    size: float


def text_runs(pdf: bytes | Path, page: int = 0) -> list[TextRun]:
    """Every piece of text on a page with its position (baseline, from the top-left corner)."""
    reader = PdfReader(io.BytesIO(pdf) if isinstance(pdf, bytes) else str(pdf))
    pg = reader.pages[page]
    height = float(pg.mediabox.height)
    runs: list[TextRun] = []

    def visit(text, cm, tm, font_dict, font_size):
        if not text.strip():
            return
        # Text space -> user space: tm then cm.
        x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        size = font_size * (tm[3] if tm[3] else 1)
        name = str(font_dict.get("/BaseFont", "")) if font_dict else ""
        runs.append(TextRun(text, x, height - y, name, size))

    pg.extract_text(visitor_text=visit)
    return runs


def page_text(pdf: bytes | Path, page: int | None = None) -> str:
    reader = PdfReader(io.BytesIO(pdf) if isinstance(pdf, bytes) else str(pdf))
    pages = reader.pages if page is None else [reader.pages[page]]
    return "\n".join(p.extract_text() or "" for p in pages)


def page_count(pdf: bytes | Path) -> int:
    return len(PdfReader(io.BytesIO(pdf) if isinstance(pdf, bytes) else str(pdf)).pages)


def page_size(pdf: bytes | Path, page: int = 0) -> tuple[float, float]:
    box = PdfReader(io.BytesIO(pdf) if isinstance(pdf, bytes) else str(pdf)).pages[page].mediabox
    return float(box.width), float(box.height)


def fonts_used(pdf: bytes | Path) -> dict[str, bool]:
    """BaseFont name -> embedded?, for every font any page references."""
    reader = PdfReader(io.BytesIO(pdf) if isinstance(pdf, bytes) else str(pdf))
    found: dict[str, bool] = {}
    for pg in reader.pages:
        res = pg.get("/Resources") or {}
        fonts = res.get_object().get("/Font") or {}
        for ref in fonts.get_object().values():
            f = ref.get_object()
            name = str(f.get("/BaseFont"))
            desc = f.get("/FontDescriptor")
            if desc is None and "/DescendantFonts" in f:
                desc = f["/DescendantFonts"][0].get_object().get("/FontDescriptor")
            desc = desc.get_object() if desc is not None else {}
            found[name] = any(k in desc for k in ("/FontFile", "/FontFile2", "/FontFile3"))
    return found


def lines_between(runs: list[TextRun], top: float, bottom: float) -> list[TextRun]:
    return [r for r in runs if top <= r.top <= bottom]


# --- Cards and envelopes: drawn ink and text in any script ---------------------

_PAINT_OPS = {b"S", b"s", b"f", b"F", b"f*", b"B", b"B*", b"b", b"b*"}


def ink_boxes(pdf: bytes | Path, page: int = 0) -> list[tuple[float, float, float, float]]:
    """Bounding boxes (x0, top0, x1, top1 in points from the top-left) of every painted path.

    Follows the transformation matrix and rectangular clipping (q/Q, cm, W), so a
    shape drawn partly outside its clip counts only where it can show.  Boxes use
    the path's points and Bezier control points: never smaller than the ink.
    Text is not included (see text_runs).
    """
    from pypdf.generic import ContentStream

    reader = PdfReader(io.BytesIO(pdf) if isinstance(pdf, bytes) else str(pdf))
    pg = reader.pages[page]
    height = float(pg.mediabox.height)
    ops = ContentStream(pg.get_contents(), reader).operations
    ctm = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    clip: tuple[float, float, float, float] | None = None
    stack: list = []
    points: list[tuple[float, float]] = []
    pending_clip = False
    boxes: list[tuple[float, float, float, float]] = []

    def apply(m, x, y):
        a, b, c, d, e, f = m
        return a * x + c * y + e, b * x + d * y + f

    def mul(m, n):  # m then n
        a, b, c, d, e, f = m
        A, B, C, D, E, F = n
        return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)

    in_text = False
    for operands, op in ops:
        if op == b"BT":
            in_text = True
        elif op == b"ET":
            in_text = False
        if in_text:
            continue
        if op == b"q":
            stack.append((ctm, clip))
        elif op == b"Q":
            ctm, clip = stack.pop()
        elif op == b"cm":
            ctm = mul(tuple(float(v) for v in operands), ctm)
        elif op in (b"m", b"l"):
            points.append(apply(ctm, float(operands[0]), float(operands[1])))
        elif op in (b"c", b"v", b"y"):
            vals = [float(v) for v in operands]
            points.extend(apply(ctm, vals[i], vals[i + 1]) for i in range(0, len(vals), 2))
        elif op == b"re":
            x, y, w, h = (float(v) for v in operands)
            points.extend(apply(ctm, px, py) for px, py in ((x, y), (x + w, y), (x, y + h), (x + w, y + h)))
        elif op in (b"W", b"W*"):
            pending_clip = True
        elif op in _PAINT_OPS or op == b"n":
            if points:
                xs = [p[0] for p in points]
                ys = [p[1] for p in points]
                box = (min(xs), min(ys), max(xs), max(ys))
                if clip is not None:
                    box = (max(box[0], clip[0]), max(box[1], clip[1]), min(box[2], clip[2]), min(box[3], clip[3]))
                if pending_clip:
                    clip = box
                if op != b"n" and box[0] <= box[2] and box[1] <= box[3]:
                    boxes.append((box[0], height - box[3], box[2], height - box[1]))
            points = []
            pending_clip = False
    return boxes


def same_script_text(haystack: str, needle: str) -> bool:
    """Whether ``needle`` appears in extracted PDF text, for any script.

    Extraction gives right-to-left text in visual order and shaped Arabic with
    its vowel marks apart, so marks and spaces are ignored and the reversed
    string is accepted too; in right-to-left text, punctuation (which bidi
    places at the visual end) is ignored as well.
    """
    import unicodedata

    rtl = any(unicodedata.bidirectional(ch) in ("R", "AL") for ch in needle)

    def squash(s: str) -> str:
        s = unicodedata.normalize("NFKC", s)
        return "".join(
            ch
            for ch in s
            if not unicodedata.combining(ch)
            and not ch.isspace()
            and not (rtl and unicodedata.category(ch).startswith("P"))
        )

    hay, pin = squash(haystack), squash(needle)
    return pin in hay or pin[::-1] in hay


# --- Scripts and right-to-left text (fonts / bidi tests) ------------------------------------


def visual_lines(pdf: bytes | Path, page: int = 0) -> list[str]:
    """The text of each line on a page, top to bottom, in the order it is drawn (left to right).

    pypdf reverses runs of Arabic and Hebrew letters with a heuristic of its
    own that scrambles neutral characters around them; it is switched off here
    so that a line comes back exactly in visual order.  ``logical()`` turns a
    visual line into reading order with python-bidi (see docs/fonts.md).
    """
    import re as _re

    import pypdf._text_extraction as te

    saved = te.RTL_CHARACTER_PATTERN, te.is_char_rtl
    te.RTL_CHARACTER_PATTERN = _re.compile(r"(?!)")
    te.is_char_rtl = lambda *a, **k: False
    rows: dict[float, list[str]] = {}
    try:
        reader = PdfReader(io.BytesIO(pdf) if isinstance(pdf, bytes) else str(pdf))

        def visit(text, cm, tm, _font, _size):
            text = text.replace("\n", "")
            if not text:
                return
            y = round(tm[4] * cm[1] + tm[5] * cm[3] + cm[5], 1)
            rows.setdefault(y, []).append(text)

        reader.pages[page].extract_text(visitor_text=visit)
    finally:
        te.RTL_CHARACTER_PATTERN, te.is_char_rtl = saved
    return ["".join(parts) for _, parts in sorted(rows.items(), key=lambda kv: -kv[0])]


def logical(visual: str, direction: str = "auto") -> str:
    """A visual line in reading order (python-bidi's get_display undoes its own reordering)."""
    from bidi import get_display

    return get_display(visual, base_dir={"auto": None, "ltr": "L", "rtl": "R"}[direction])


def squash(text: str) -> str:
    """NFKC and no whitespace: pypdf guesses word gaps from glyph positions, which shaped marks upset."""
    import unicodedata

    return "".join(unicodedata.normalize("NFKC", text).split())


def notdef_count(pdf: bytes | Path) -> int:
    """How many glyphs are drawn as .notdef (code 0 in w4r's TrueType subsets)."""
    from pypdf.generic import ContentStream

    reader = PdfReader(io.BytesIO(pdf) if isinstance(pdf, bytes) else str(pdf))
    count = 0
    for pg in reader.pages:
        contents = pg.get_contents()
        if contents is None:
            continue
        for operands, op in ContentStream(contents, reader).operations:
            if op == b"Tj":
                strings = operands[:1]
            elif op == b"TJ":
                strings = [x for x in operands[0] if isinstance(x, (str, bytes))]
            else:
                continue
            for s in strings:
                raw = getattr(s, "original_bytes", None)
                if raw is None:
                    raw = s if isinstance(s, bytes) else s.encode("latin-1")
                count += raw.count(0)
    return count


def error_lines(stderr: str) -> list[str]:
    """The lines of stderr that are neither warnings nor progress."""
    return [ln for ln in stderr.splitlines() if ln.startswith("w4r: error: ")]


def assert_clean_failure(res, code: int, *phrases: str) -> str:
    """One ``w4r: error:`` line, the documented exit code, no traceback; returns the line."""
    assert "Traceback" not in res.stderr, res.stderr
    assert res.returncode == code, (res.returncode, res.stderr[-2000:])
    errors = error_lines(res.stderr)
    assert len(errors) == 1, res.stderr[-2000:]
    for p in phrases:
        assert p in errors[0], errors[0]
    return errors[0]


# --- An independent reader: poppler's word boxes --------------------------------------


@dataclass(frozen=True)
class WordBox:
    text: str
    x0: float  # points from the left edge
    top: float  # top of the glyph box, points from the top edge
    x1: float
    bottom: float


def word_boxes(pdf: bytes | Path, page: int = 0) -> list[WordBox]:
    """Every word on a page with its box, as poppler's pdftotext measures it.

    Poppler takes each glyph's advance from the widths stored in the PDF, so
    where a line ends is measured here without w4r's own width code: a test
    that the text stays inside a field holds even if w4r's measuring is wrong.
    """
    import html
    import re as _re
    import tempfile

    if isinstance(pdf, bytes):
        with tempfile.NamedTemporaryFile(suffix=".pdf", delete=False) as f:
            f.write(pdf)
        path = Path(f.name)
    else:
        path = Path(pdf)
    try:
        out = subprocess.run(
            ["pdftotext", "-bbox", "-f", str(page + 1), "-l", str(page + 1), str(path), "-"],
            capture_output=True,
            check=True,
            timeout=60,
        ).stdout.decode("utf-8")
    finally:
        if isinstance(pdf, bytes):
            path.unlink()
    words = _re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>', out)
    return [WordBox(html.unescape(t), float(a), float(b), float(c), float(d)) for a, b, c, d, t in words]


def in_fresh_process(code: str, hash_seed: int) -> bytes:
    """What ``code`` (Python, run from the repository root) writes to stdout, in a new interpreter.

    For "same input, same bytes": a second call in the same process would
    share every cache and the hash seed, so differences that come from set
    or dict order, object ids or caches would not show.
    """
    env = {**os.environ, "PYTHONHASHSEED": str(hash_seed)}
    proc = subprocess.run([sys.executable, "-c", code], cwd=REPO, env=env, capture_output=True, timeout=300)
    assert proc.returncode == 0, proc.stderr.decode("utf-8", "replace")[-2000:]
    return proc.stdout
