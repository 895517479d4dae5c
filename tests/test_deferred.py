"""Pillow, HarfBuzz and package metadata load when first used (w4r.deferred), and then behave as themselves.

Each check runs in a fresh interpreter, so that what is loaded is what the
modules under test loaded.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

_PROBE = r"""
import json, sys
from w4r import deferred
deferred.install()
out = {}
import reportlab.lib.utils as rlutils
import reportlab.pdfbase.ttfonts as ttfonts
import pydantic.plugin._loader as plugin_loader
out["stand_ins_left"] = [n for n, m in sys.modules.items() if isinstance(m, deferred.StandIn)]
out["loaded_after_import"] = [n for n in ("PIL.Image", "uharfbuzz", "importlib.metadata") if n in sys.modules]
out["kinds"] = [type(rlutils.Image).__name__, type(ttfonts.uharfbuzz).__name__]
out["harfbuzz_true"] = bool(ttfonts.uharfbuzz)  # ReportLab asks 'if not uharfbuzz' at import

# Pillow: ReportLab reads a PNG through the stand-in, which hands over to the real module.
png = sys.argv[1]
reader = rlutils.ImageReader(png)
out["png_size"] = list(reader.getSize())
import PIL.Image as real_image
out["same_class"] = rlutils.Image.Image is real_image.Image
out["is_pil"] = rlutils._isPILImage(real_image.new("RGB", (2, 3)))

# HarfBuzz: the stand-in shapes as the module does.
hb = ttfonts.uharfbuzz
out["harfbuzz_real"] = hb.Buffer is sys.modules["uharfbuzz"].Buffer

# Package metadata: pydantic's plugin loader finds the same entry points.
import importlib.metadata as md
out["entry_points_same"] = [e.name for e in plugin_loader.entry_points(group="console_scripts")] == [e.name for e in md.entry_points(group="console_scripts")]
out["stand_ins_left_at_end"] = [n for n, m in sys.modules.items() if isinstance(m, deferred.StandIn)]
print(json.dumps(out))
"""


def _tiny_png(path: Path) -> None:
    from PIL import Image

    Image.new("RGB", (5, 7), (200, 10, 10)).save(path)


def test_deferred_libraries_load_on_first_use_and_behave_as_themselves(tmp_path):
    png = tmp_path / "dot.png"
    _tiny_png(png)
    proc = subprocess.run([sys.executable, "-c", _PROBE, str(png)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert out["stand_ins_left"] == []  # other modules importing them get the real libraries
    assert out["loaded_after_import"] == []
    assert out["kinds"] == ["StandIn", "StandIn"]
    assert out["harfbuzz_true"] is True
    assert out["png_size"] == [5, 7]
    assert out["same_class"] is True and out["is_pil"] is True
    assert out["harfbuzz_real"] is True
    assert out["entry_points_same"] is True
    assert out["stand_ins_left_at_end"] == []


def test_the_importers_still_import_what_w4r_defers():
    """If a new ReportLab or pydantic stops importing these at its top, the deferral is moot: update DEFERRED."""
    import importlib.util

    from w4r.deferred import DEFERRED

    expected = {
        "reportlab.lib.utils": "from PIL import Image",
        "reportlab.pdfbase.ttfonts": "import uharfbuzz",
        "pydantic.plugin._loader": "from importlib.metadata import entry_points",
    }
    assert set(expected) == set(DEFERRED)
    for module, line in expected.items():
        source = Path(importlib.util.find_spec(module).origin).read_text(encoding="utf-8")
        assert line in source, (module, line)


def test_a_module_already_imported_is_left_alone():
    from w4r import deferred

    import reportlab.lib.utils as rlutils  # the test process may well have it loaded already

    deferred.install()
    if not isinstance(rlutils.Image, deferred.StandIn):
        import PIL.Image

        assert rlutils.Image is PIL.Image
