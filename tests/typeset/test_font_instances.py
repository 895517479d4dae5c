"""A built weight of a variable font is the same bytes whenever and wherever it is built."""

from __future__ import annotations

import io

from fontTools.ttLib import TTFont

from w4r.typeset.fonts import BOLD, FontBook
from w4r.typeset.fontfiles import _make_instance


def test_a_built_weight_keeps_the_source_timestamp(tmp_path):
    fb = FontBook()
    face = next(f for f in fb.faces if fb.default_weight(f) not in (None, BOLD))  # a variable face
    data = _make_instance(face.path, BOLD, tmp_path / "instance.ttf")
    built, source = TTFont(io.BytesIO(data)), TTFont(str(face.path))
    assert built["head"].modified == source["head"].modified, "no build time in the font, so no build time in the PDF"
    assert _make_instance(face.path, BOLD, tmp_path / "again.ttf") == data
