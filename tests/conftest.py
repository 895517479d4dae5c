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
