"""The font faces w4r prints with: where each file is, what it covers, and a user's own fonts.

The faces come from pip packages (Noto, SIL Open Font License) as variable
TrueType files, in fallback order (``FACES``): the first face that has a glyph
for a character serves it.  A user can replace a bundled face or add one in
front of the fallback order (``fonts: [{key, path}]`` in the config file).
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path

from w4r.errors import W4RError

REGULAR = 400
BOLD = 700


class FontError(W4RError):
    pass


@dataclass(frozen=True)
class FaceSpec:
    """One font file and the scripts it is used for."""

    key: str
    family: str
    scripts: str
    package: str  # the PyPI distribution that ships it ("" for a user's file)
    module: str  # its import name
    relpath: str  # the file inside the module's folder
    licence: str
    rtl: bool = False
    bold: bool = True  # whether a bold weight exists (variable wght axis up to 700)
    shaped: bool = False  # needs OpenType shaping (joining, reordering, marks)
    # Whether spaces, punctuation and digits after its characters stay in its run.
    # Not for emoji: their font's space is a picture wide.
    keeps_neutrals: bool = True
    file: str = ""  # an explicit path (a user's font from the config file)
    licence_file: str = ""  # glob of the licence text, relative to the folder the module is installed in

    @cached_property
    def path(self) -> Path | None:
        if self.file:
            p = Path(self.file).expanduser()
            return p if p.is_file() else None
        folder = _module_dir(self.module)
        if folder is None:
            return None
        p = folder / self.relpath
        return p if p.is_file() else None

    @property
    def licence_path(self) -> Path | None:
        folder = _module_dir(self.module) if self.module else None
        if folder is None or not self.licence_file:
            return None
        found = sorted(folder.parent.glob(self.licence_file))
        return found[0] if found else None


def _module_dir(module: str) -> Path | None:
    try:
        spec = importlib.util.find_spec(module)
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(list(spec.submodule_search_locations)[0])


_M, _CJK = "manimgx_fonts", "justmytype_intl_cjk"
_OFL = "SIL Open Font License 1.1"
_MLIC = "manimgx_fonts-*.dist-info/licenses/LICENSE"


def _cjk(key: str, family: str, scripts: str, folder: str) -> FaceSpec:
    return FaceSpec(key, family, scripts, "justmytype-intl-cjk", _CJK, f"fonts/ofl/{folder}/{family.replace(' ', '')}[wght].ttf", _OFL, licence_file=f"{_CJK}/fonts/ofl/{folder}/OFL.txt")


# Fallback order: the first face that has a glyph for a character serves it.
# Traditional Chinese comes before Simplified: the cases' names are Hong Kong names.
FACES: tuple[FaceSpec, ...] = (
    FaceSpec("sans", "Noto Sans", "Latin, Greek, Cyrillic", "manimgx-fonts", _M, "NotoSans[wght].ttf", _OFL, shaped=False, licence_file=_MLIC),
    FaceSpec("arabic", "Noto Sans Arabic", "Arabic", "manimgx-fonts", _M, "NotoSansArabic[wght].ttf", _OFL, rtl=True, shaped=True, licence_file=_MLIC),
    FaceSpec("hebrew", "Noto Sans Hebrew", "Hebrew", "manimgx-fonts", _M, "NotoSansHebrew[wght].ttf", _OFL, rtl=True, shaped=True, licence_file=_MLIC),
    _cjk("tc", "Noto Sans TC", "Chinese (traditional)", "notosanstc"),
    _cjk("sc", "Noto Sans SC", "Chinese (simplified)", "notosanssc"),
    _cjk("jp", "Noto Sans JP", "Japanese", "notosansjp"),
    _cjk("kr", "Noto Sans KR", "Korean", "notosanskr"),
    FaceSpec("devanagari", "Noto Sans Devanagari", "Devanagari", "manimgx-fonts", _M, "NotoSansDevanagari[wght].ttf", _OFL, shaped=True, licence_file=_MLIC),
    FaceSpec("symbols", "Noto Sans Symbols", "Symbols", "manimgx-fonts", _M, "NotoSansSymbols[wght].ttf", _OFL, licence_file=_MLIC),
    # Black-and-white emoji (a pupil's heart or rainbow on a card). Shaped, so that
    # skin tones, flags and joined sequences become one picture each.
    FaceSpec("emoji", "Noto Emoji", "Emoji", "manimgx-fonts", _M, "NotoEmoji[wght].ttf", _OFL, shaped=True, keeps_neutrals=False, licence_file=_MLIC),
)
FACE_BY_KEY = {f.key: f for f in FACES}


def _apply_overrides(faces: tuple[FaceSpec, ...], overrides: tuple[tuple[str, str], ...]) -> tuple[FaceSpec, ...]:
    """A user's font for a bundled key replaces that face; a new key goes first in the fallback order."""
    out = list(faces)
    front: list[FaceSpec] = []
    for key, path in overrides:
        p = Path(path).expanduser()
        if not p.is_file():
            raise FontError(f"config file: fonts: {key}: no font file at {p}; fix the path or remove the entry")
        bold = _has_bold(p)
        for i, f in enumerate(out):
            if f.key == key:
                out[i] = replace(f, file=str(p), package="", module="", relpath="", licence="user-supplied", bold=bold, licence_file="", family=p.stem)
                break
        else:
            front.append(FaceSpec(key, p.stem, "user font", "", "", "", "user-supplied", file=str(p), bold=bold, shaped=True))
    return tuple(front + out)


def _has_bold(p: Path) -> bool:
    from fontTools.ttLib import TTFont as FTFont

    try:
        with FTFont(str(p), lazy=True) as ft:
            if "fvar" in ft:
                return any(a.axisTag == "wght" and a.maxValue >= BOLD for a in ft["fvar"].axes)
    except Exception:  # noqa: BLE001 - reported properly when the font is registered
        return False
    return False
