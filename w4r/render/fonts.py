"""Fonts: which bundled face serves which characters, registered with ReportLab on demand.

ReportLab has no font fallback, so every string w4r draws is cut into runs of
characters that one face covers (``FontBook.runs``).  The faces come from pip
packages (Noto, SIL Open Font License), as variable TrueType files; ReportLab
embeds static TrueType only, so a weight other than the file's default is
instantiated once with fontTools and cached (``paths.cache_dir()/fonts``).
Nothing is loaded until a character needs it: a Latin-only letter opens one file.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import tempfile
import threading
import unicodedata
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from w4r import paths
from w4r.errors import W4RError

REGULAR = 400
BOLD = 700


@dataclass(frozen=True)
class FaceSpec:
    """One bundled font file and the scripts it is used for."""

    key: str
    family: str
    scripts: str
    package: str  # the PyPI distribution that ships it
    module: str  # its import name
    relpath: str  # the file inside the module's folder
    licence: str
    rtl: bool = False
    bold: bool = True  # whether a bold weight exists (variable wght axis up to 700)

    @cached_property
    def path(self) -> Path | None:
        spec = importlib.util.find_spec(self.module)
        if spec is None or not spec.submodule_search_locations:
            return None
        p = Path(list(spec.submodule_search_locations)[0]) / self.relpath
        return p if p.is_file() else None


_M, _CJK = "manimgx_fonts", "justmytype_intl_cjk"
_OFL = "SIL Open Font License 1.1"

# Fallback order: the first face that has a glyph for a character serves it.
FACES: tuple[FaceSpec, ...] = (
    FaceSpec("sans", "Noto Sans", "Latin, Greek, Cyrillic", "manimgx-fonts", _M, "NotoSans[wght].ttf", _OFL),
    FaceSpec("arabic", "Noto Sans Arabic", "Arabic", "manimgx-fonts", _M, "NotoSansArabic[wght].ttf", _OFL, rtl=True),
    FaceSpec("hebrew", "Noto Sans Hebrew", "Hebrew", "manimgx-fonts", _M, "NotoSansHebrew[wght].ttf", _OFL, rtl=True),
    FaceSpec("tc", "Noto Sans TC", "Chinese (traditional)", "justmytype-intl-cjk", _CJK, "fonts/ofl/notosanstc/NotoSansTC[wght].ttf", _OFL),
    FaceSpec("sc", "Noto Sans SC", "Chinese (simplified)", "justmytype-intl-cjk", _CJK, "fonts/ofl/notosanssc/NotoSansSC[wght].ttf", _OFL),
    FaceSpec("jp", "Noto Sans JP", "Japanese", "justmytype-intl-cjk", _CJK, "fonts/ofl/notosansjp/NotoSansJP[wght].ttf", _OFL),
    FaceSpec("kr", "Noto Sans KR", "Korean", "justmytype-intl-cjk", _CJK, "fonts/ofl/notosanskr/NotoSansKR[wght].ttf", _OFL),
    FaceSpec("devanagari", "Noto Sans Devanagari", "Devanagari", "manimgx-fonts", _M, "NotoSansDevanagari[wght].ttf", _OFL),
    FaceSpec("symbols", "Noto Sans Symbols", "Symbols", "manimgx-fonts", _M, "NotoSansSymbols[wght].ttf", _OFL),
)
FACE_BY_KEY = {f.key: f for f in FACES}

# Characters that belong to whichever run surrounds them (spaces, punctuation,
# digits), so "鄒幸彤, 2022" does not switch fonts around the comma needlessly.
_NEUTRAL_CATEGORIES = {"Zs", "Po", "Pd", "Ps", "Pe", "Pi", "Pf", "Nd", "Sm", "Sc"}

# Marks that never need a glyph of their own.
_INVISIBLE = {"\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u2060", "\ufeff"}


class FontError(W4RError):
    pass


def _instance_path(src: Path, weight: int) -> Path:
    st = src.stat()
    tag = hashlib.sha1(f"{src}|{st.st_size}|{int(st.st_mtime)}".encode()).hexdigest()[:10]
    return paths.cache_dir() / "fonts" / f"{src.stem.split('[')[0]}-w{weight}-{tag}-v2.ttf"


def _make_instance(src: Path, weight: int, dest: Path) -> None:
    """Write a static instance of a variable font at ``weight`` (once; cached)."""
    from fontTools.ttLib import TTFont as FTFont
    from fontTools.varLib import instancer

    font = FTFont(str(src))
    static = instancer.instantiateVariableFont(font, {"wght": weight}, updateFontNames=False, optimize=False)
    # ReportLab shares one face per PostScript name, so each weight needs its own.
    ps_name = f"{src.stem.split('[')[0]}-W{weight}"
    for record in static["name"].names:
        if record.nameID == 6:
            record.string = ps_name
        elif record.nameID == 4:
            record.string = f"{record.toUnicode()} W{weight}"
    dest.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=dest.name, suffix=".part", dir=dest.parent)
    os.close(fd)
    try:
        static.save(tmp, reorderTables=False)
        os.replace(tmp, dest)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


class FontBook:
    """The faces of one process: coverage look-ups and lazy ReportLab registration."""

    def __init__(self, faces: tuple[FaceSpec, ...] = FACES):
        self.faces = tuple(f for f in faces if f.path is not None)
        if not self.faces or self.faces[0].key != "sans":
            raise FontError("the bundled fonts are missing; reinstall w4r (pip install --force-reinstall w4r)")
        self._cmaps: dict[str, frozenset[int]] = {}
        self._registered: dict[tuple[str, int], str] = {}
        self._lock = threading.Lock()

    # Coverage -----------------------------------------------------------
    def cmap(self, key: str) -> frozenset[int]:
        cm = self._cmaps.get(key)
        if cm is None:
            from fontTools.ttLib import TTFont as FTFont

            face = FACE_BY_KEY[key]
            with FTFont(str(face.path), lazy=True) as ft:
                cm = frozenset(ft.getBestCmap())
            self._cmaps[key] = cm
        return cm

    def covers(self, key: str, ch: str) -> bool:
        return ord(ch) in self.cmap(key)

    def face_for(self, ch: str) -> str | None:
        """The key of the first face with a glyph for ``ch``, or None."""
        cp = ord(ch)
        for face in self.faces:
            if cp in self.cmap(face.key):
                return face.key
        return None

    def missing(self, text: str) -> list[str]:
        """Characters of ``text`` that no bundled face can print, in order, once each."""
        seen: list[str] = []
        for ch in text:
            if ch in _INVISIBLE or ch in "\n\r\t" or ch in seen:
                continue
            if self.face_for(ch) is None:
                seen.append(ch)
        return seen

    def runs(self, text: str) -> list[tuple[str, str | None]]:
        """Cut ``text`` into (chunk, face key) runs; key None marks characters no face has."""
        out: list[tuple[str, str | None]] = []
        current: str | None = "sans"
        buf: list[str] = []
        sans = self.cmap("sans")
        for ch in text:
            cp = ord(ch)
            if ch in _INVISIBLE:
                buf.append(ch)
                continue
            if current is not None and (cp in self.cmap(current)) and (
                current == "sans" or unicodedata.category(ch) in _NEUTRAL_CATEGORIES or cp not in sans
            ):
                buf.append(ch)
                continue
            key = "sans" if cp in sans else self.face_for(ch)
            if key != current and buf:
                out.append(("".join(buf), current))
                buf = []
            current = key
            buf.append(ch)
        if buf:
            out.append(("".join(buf), current))
        return out

    # Registration -------------------------------------------------------
    def font_name(self, key: str, weight: int = REGULAR) -> str:
        """The ReportLab name of face ``key`` at ``weight``, registering it on first use."""
        face = FACE_BY_KEY[key]
        if weight != REGULAR and not face.bold:
            weight = REGULAR
        name = self._registered.get((key, weight))
        if name:
            return name
        with self._lock:
            name = self._registered.get((key, weight))
            if name:
                return name
            name = f"W4R-{key}-{weight}"
            pdfmetrics.registerFont(TTFont(name, str(self.static_file(face, weight))))
            self._registered[(key, weight)] = name
            return name

    def static_file(self, face: FaceSpec, weight: int) -> Path:
        src = face.path
        assert src is not None
        if weight == self.default_weight(face):
            return src
        dest = _instance_path(src, weight)
        if not dest.exists():
            _make_instance(src, weight, dest)
        return dest

    def default_weight(self, face: FaceSpec) -> int:
        from fontTools.ttLib import TTFont as FTFont

        with FTFont(str(face.path), lazy=True) as ft:
            if "fvar" not in ft:
                return REGULAR
            for axis in ft["fvar"].axes:
                if axis.axisTag == "wght":
                    return int(axis.defaultValue)
        return REGULAR


_BOOK: FontBook | None = None


def book() -> FontBook:
    """The process-wide FontBook (fonts are loaded once per process, not per page)."""
    global _BOOK
    if _BOOK is None:
        _BOOK = FontBook()
    return _BOOK
