"""Start-up: one letter loads only what a letter needs.

One PDF letter is the most common job, and most of its time is loading
modules.  These tests check *what* a real run imports, not how long it takes
(no timing assertions): a module made lazy that comes back into the letter's
path fails here, with its name.
"""

from __future__ import annotations

import importlib
import json
import subprocess
import sys
from pathlib import Path

from w4r.cli import root

# Run the real command line in a fresh interpreter, then list every module it imported.
_PROBE = """
import json, sys
from w4r.cli.main import run
try:
    run(sys.argv[2:])
except SystemExit as exc:
    code = exc.code
paragraph = sys.modules.get("reportlab.platypus.paragraph")
with open(sys.argv[1], "w") as f:
    json.dump({"code": code, "modules": sorted(sys.modules), "uri_pat": type(paragraph.uri_pat).__name__ if paragraph else None}, f)
"""


def _run_probe(tmp_path, *args: str) -> dict:
    report = tmp_path / "modules.json"
    proc = subprocess.run([sys.executable, "-c", _PROBE, str(report), *args], capture_output=True, text=True, cwd=tmp_path, timeout=120)
    data = json.loads(report.read_text())
    assert data["code"] in (0, None), proc.stderr
    return data


# Modules a PDF letter to the authorities never needs: other commands, cards,
# e-mail, the tally, the writing room, rich's console, pack archives.
NOT_FOR_A_LETTER = (
    "w4r.cli.batch",
    "w4r.cli.tally",
    "w4r.cli.cases",
    "w4r.cli.pack",
    "w4r.cli.serve",
    "w4r.render.card",
    "w4r.compose.email",
    "w4r.tally",
    "w4r.batch",
    "w4r.web",
    "rich",
    "starlette",
)


def test_one_letter_imports_only_the_letter_path(tmp_path):
    probe = _run_probe(tmp_path, "letter", "manahel", "--to", "authorities", "--date", "2026-12-01", "-o", "x.pdf")
    modules = set(probe["modules"])
    assert (tmp_path / "x.pdf").read_bytes().startswith(b"%PDF")
    assert "w4r.cli.letter" in modules and "w4r.render.letter" in modules  # the probe ran the letter
    loaded = sorted(m for m in modules if m.split(".")[0] in ("w4r", "rich", "starlette") and any(m == n or m.startswith(n + ".") for n in NOT_FOR_A_LETTER))
    assert loaded == []
    # ReportLab's URL pattern was never needed, so never compiled (w4r.typeset.rlpatterns).
    assert probe["uri_pat"] == "LazyPattern"
    # Pillow (no images on a letter) and package metadata (pydantic's plugins are off) were never loaded (w4r.deferred).
    assert "PIL.Image" not in modules and "importlib.metadata" not in modules


def test_every_command_has_its_module():
    """``w4r <command>`` loads one module; the map must name every command the full application has."""
    from typer.main import get_command

    import w4r.cli.app  # noqa: F401 - registers every command

    group = get_command(root.app)
    assert set(group.commands) == set(root.COMMAND_MODULES)
    assert set(root.COMMAND_MODULES.values()) <= set(root.ALL_MODULES)
    # ... and the module named is the one that registers it (read from its source).
    for name, module in root.COMMAND_MODULES.items():
        source = Path(importlib.import_module(module).__file__).read_text(encoding="utf-8")
        assert f'command("{name}")' in source or f'name="{name}"' in source, (name, module)


def test_help_lists_every_command_and_a_typo_is_still_suggested(tmp_path):
    from tests.conftest import run_w4r

    listed = run_w4r("--help").stdout
    for name in root.COMMAND_MODULES:
        assert name in listed
    typo = run_w4r("leter", "manahel")
    assert typo.returncode == 2 and "leter" in typo.stderr
