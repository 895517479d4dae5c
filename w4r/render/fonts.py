"""Fonts: which face serves which characters, registered with ReportLab on demand.

ReportLab has no font fallback, so every string w4r draws is cut into runs of
characters that one face covers (``FontBook.runs``).  The faces come from pip
packages (Noto, SIL Open Font License), as variable TrueType files; ReportLab
embeds static TrueType only, so a weight other than the file's default is
instantiated once with fontTools and cached (``paths.cache_dir()/fonts``).
Nothing is loaded until a character needs it: a Latin-only letter opens one
file.  The character sets of the big CJK files are cached as small range files,
so asking "who has this character?" never parses a 12 MB font twice.

A user can replace a bundled face or add one in front of the fallback order
(``fonts: [{key, path}]`` in the config file).

Shaped text (Arabic, Hebrew, Devanagari, combining marks; see ``bidi``) is
drawn glyph by glyph.  A glyph that stands for several characters, or for a
character it is not mapped to (Noto draws an Arabic letter as a dotless shape
plus its dots), gets an alias code point here, and the ToUnicode table of the
PDF maps the alias back to the characters it stands for, so copying text out
of the PDF gives the letters that were typed.
"""

from __future__ import annotations

import glob
import hashlib
import importlib.util
import os
import threading
import unicodedata
from array import array
from bisect import bisect_right
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path

from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from w4r import paths
from w4r.render import fontcache
from w4r.errors import W4RError

REGULAR = 400
BOLD = 700
CACHE_VERSION = "v3"


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

# Characters that belong to whichever run surrounds them (spaces, punctuation,
# digits), so "鄒幸彤, 2022" does not switch fonts around the comma needlessly.
_NEUTRAL_CATEGORIES = {"Zs", "Po", "Pd", "Ps", "Pe", "Pi", "Pf", "Nd", "Sm", "Sc"}

# Marks that never need a glyph of their own.
_INVISIBLE = {"\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u2060", "\ufeff", "\u061c"}
_INVISIBLE.update(chr(c) for c in range(0x202A, 0x202F))  # bidi embeddings and overrides
_INVISIBLE.update(chr(c) for c in range(0x2066, 0x206A))  # bidi isolates
_INVISIBLE.update(chr(c) for c in range(0xFE00, 0xFE10))  # variation selectors


class FontError(W4RError):
    pass


# ---------------------------------------------------------------------------
# Cache files: static instances and coverage ranges


def _tag(src: Path) -> str:
    st = src.stat()
    return hashlib.sha1(f"{src.resolve()}|{st.st_size}|{int(st.st_mtime)}".encode()).hexdigest()[:10]


def _stem(src: Path) -> str:
    return src.stem.split("[")[0]


def fonts_cache_dir() -> Path:
    return fontcache.folder(paths.cache_dir() / "fonts")


def _instance_path(src: Path, weight: int) -> Path:
    return fonts_cache_dir() / f"{_stem(src)}-w{weight}-{_tag(src)}-{CACHE_VERSION}.ttf"


def _coverage_path(src: Path) -> Path:
    return fonts_cache_dir() / f"{_stem(src)}-{_tag(src)}-{CACHE_VERSION}.ranges"


def _make_instance(src: Path, weight: int, dest: Path) -> bytes:
    """Build a static instance of a variable font at ``weight``, cache it, return its bytes."""
    import io

    from fontTools.ttLib import TTFont as FTFont
    from fontTools.varLib import instancer

    font = FTFont(str(src))
    static = instancer.instantiateVariableFont(font, {"wght": weight}, updateFontNames=False, optimize=False)
    # ReportLab shares one face per PostScript name, so each weight needs its own.
    ps_name = f"{_stem(src)}-W{weight}"
    for record in static["name"].names:
        if record.nameID == 6:
            record.string = ps_name
        elif record.nameID == 4:
            record.string = f"{record.toUnicode()} W{weight}"
    buf = io.BytesIO()
    static.save(buf, reorderTables=False)
    data = buf.getvalue()
    try:
        fontcache.write(
            dest, "ttf", {"source": src.name, "weight": weight}, {"font": data}, replaces=f"{glob.escape(_stem(src))}-w{weight}-*.ttf"
        )
    except OSError:
        pass  # a read-only cache only costs time
    return data


class Coverage:
    """The code points a font has, as sorted ranges: loads from the cache without building a set."""

    __slots__ = ("starts", "ends")

    def __init__(self, ranges: list[tuple[int, int]]):
        self.starts = [a for a, _ in ranges]
        self.ends = [b for _, b in ranges]

    @classmethod
    def of(cls, codepoints) -> Coverage:
        ranges: list[tuple[int, int]] = []
        for cp in sorted(codepoints):
            if ranges and cp == ranges[-1][1] + 1:
                ranges[-1] = (ranges[-1][0], cp)
            else:
                ranges.append((cp, cp))
        return cls(ranges)

    def __contains__(self, cp: int) -> bool:
        i = bisect_right(self.starts, cp) - 1
        return i >= 0 and cp <= self.ends[i]

    def __iter__(self):
        for a, b in zip(self.starts, self.ends):
            yield from range(a, b + 1)

    def __len__(self) -> int:
        return sum(b - a + 1 for a, b in zip(self.starts, self.ends))

    def __eq__(self, other) -> bool:
        if isinstance(other, Coverage):
            return self.starts == other.starts and self.ends == other.ends
        return set(self) == set(other)

    def ranges(self) -> list[tuple[int, int]]:
        return list(zip(self.starts, self.ends))


def _read_meta(path: Path) -> tuple[Coverage, int | None] | None:
    """A coverage entry: the default weight (None for a static file) and the ranges as pairs of numbers."""
    entry = fontcache.read(path, "ranges")
    if entry is None:
        return None
    weight = entry.meta.get("weight")
    flat = array("I")
    raw = entry.sections.get("ranges", b"")
    if (weight is not None and type(weight) is not int) or len(raw) % (2 * flat.itemsize):
        fontcache.discard(path)
        return None
    flat.frombytes(raw)
    return Coverage(list(zip(flat[0::2], flat[1::2]))), weight


def _write_meta(path: Path, cov: Coverage, default_weight: int | None) -> None:
    flat = array("I")
    for a, b in cov.ranges():
        flat.extend((a, b))
    try:
        fontcache.write(
            path, "ranges", {"weight": default_weight}, {"ranges": flat.tobytes()}, replaces=f"{glob.escape(path.name.rsplit('-', 2)[0])}-*.ranges"
        )
    except OSError:
        pass  # a read-only cache only costs time


def _scan(src: Path) -> tuple[Coverage, int | None]:
    from fontTools.ttLib import TTFont as FTFont

    with FTFont(str(src), lazy=True) as ft:
        cov = Coverage.of(ft.getBestCmap())
        weight = None
        if "fvar" in ft:
            for axis in ft["fvar"].axes:
                if axis.axisTag == "wght":
                    weight = int(axis.defaultValue)
    return cov, weight


# ---------------------------------------------------------------------------
# ReportLab faces from the cache
#
# ReportLab parses a TrueType file in Python; for a CJK font (21,000 glyphs)
# that takes a quarter of a second per weight.  The tables it builds are kept
# in the cache as arrays and rebuilt in a few milliseconds next time.

_BIG = ("charToGlyph", "glyphToChar", "charWidths", "hmetrics", "glyphPos", "_ttf_data", "_pdfScale")


def _face_cache_path(path: Path) -> Path:
    import reportlab

    return fonts_cache_dir() / f"{path.stem}-{_tag(path)}-rl{reportlab.Version}-{CACHE_VERSION}.face"


def _arr(code: str, values) -> bytes:
    return array(code, values).tobytes()


def _save_face(face, dest: Path) -> None:
    """Keep ReportLab's parsed tables: small attributes as plain data, the big tables as number arrays."""
    small = {k: fontcache.to_plain(v) for k, v in face.__dict__.items() if k not in _BIG}
    keys = sorted(face.charToGlyph)
    widths = [face.charWidths[k] for k in keys]
    wcode = "q" if all(isinstance(w, int) for w in widths) else "d"
    sections = {
        "keys": _arr("q", keys),
        "glyphs": _arr("q", [face.charToGlyph[k] for k in keys]),
        "widths": _arr(wcode, widths),
        "aw": _arr("d", [m[0] for m in face.hmetrics]),
        "lsb": _arr("d", [m[1] for m in face.hmetrics]),
        "pos": _arr("q", face.glyphPos),
    }
    fontcache.write(dest, "face", {"small": small, "wcode": wcode}, sections, replaces=f"{glob.escape(dest.name.rsplit('-', 3)[0])}-*-rl*.face")


def _unpack(code: str, raw: bytes) -> list:
    a = array(code)
    if len(raw) % a.itemsize:
        raise fontcache.DamagedEntry("array of the wrong length")
    a.frombytes(raw)
    return a.tolist()


def _numbers(values: list) -> list:
    """Whole numbers back as int (ReportLab keeps metrics as int where the font has them)."""
    return [int(v) if v.is_integer() else v for v in values]


def _load_face(entry: fontcache.Entry, font_bytes):
    """Rebuild ReportLab's face from a cache entry; the tables only subsetting needs are built when it asks.

    ``font_bytes`` gives the font file's bytes (read only when the PDF is saved and the font subset).
    """
    from reportlab.pdfbase.ttfonts import TTFontFace

    meta, sec = entry.meta, entry.sections
    wcode = meta.get("wcode")
    small = meta.get("small")
    if wcode not in ("q", "d") or not isinstance(small, dict) or not all(k in sec for k in ("keys", "glyphs", "widths", "aw", "lsb", "pos")):
        raise fontcache.DamagedEntry("incomplete face entry")

    class CachedFace(TTFontFace):
        def __getattr__(self, name):
            if name not in ("glyphToChar", "hmetrics", "glyphPos", "_ttf_data") or "charToGlyph" not in self.__dict__:
                raise AttributeError(name)
            if name == "glyphToChar":
                value: object = {}
                for k, g in self.charToGlyph.items():
                    value.setdefault(g, []).append(k)
            elif name == "hmetrics":
                value = list(zip(_numbers(_unpack("d", sec["aw"])), _numbers(_unpack("d", sec["lsb"]))))
            elif name == "glyphPos":
                value = _unpack("q", sec["pos"])
            else:
                value = font_bytes()
            setattr(self, name, value)
            return value

    face = CachedFace.__new__(CachedFace)
    for key, value in small.items():
        if key in _BIG or key.startswith("__"):
            raise fontcache.DamagedEntry(f"unexpected attribute {key!r}")
        face.__dict__[key] = fontcache.from_plain(value)
    keys = _unpack("q", sec["keys"])
    glyphs = _unpack("q", sec["glyphs"])
    widths = _unpack(wcode, sec["widths"])
    units = face.__dict__.get("unitsPerEm")
    if len(glyphs) != len(keys) or len(widths) != len(keys) or type(units) is not int or units <= 0:
        raise fontcache.DamagedEntry("inconsistent face entry")
    face.charToGlyph = dict(zip(keys, glyphs))
    face.charWidths = dict(zip(keys, widths))
    factor = 1000 / units
    face._pdfScale = (lambda x: x) if units == 1000 else (lambda x: x * factor)
    return face


def _ttfont(name: str, src: Path, data: bytes | None = None) -> TTFont:
    """A ReportLab TTFont for ``src``, its parsed tables from the cache when they are there.

    ``data`` is the font's bytes when they are already in memory (a cached
    instance, checked when it was read); otherwise ``src`` is read when needed.
    """
    import io
    from weakref import WeakKeyDictionary

    from reportlab import rl_config
    from reportlab.pdfbase.ttfonts import TTEncoding

    try:
        cache: Path | None = _face_cache_path(src)
    except OSError:
        cache = None  # an instance that could not be cached has no file to name its entry after
    entry = fontcache.read(cache, "face") if cache is not None else None
    if entry is not None:
        try:
            face = _load_face(entry, (lambda: data) if data is not None else src.read_bytes)
        except (fontcache.DamagedEntry, KeyError, TypeError, ValueError, OverflowError):
            fontcache.discard(cache)
        else:
            font = TTFont.__new__(TTFont)  # what TTFont.__init__ does, with the face from the cache
            font.fontName = name
            font.face = face
            font.encoding = TTEncoding()
            font.state = WeakKeyDictionary()
            font._asciiReadable = rl_config.ttfAsciiReadable
            font.shapable = True
            return font
    if data is not None:
        source = io.BytesIO(data)
        source.name = str(src)  # what ReportLab names the face after
        font = TTFont(name, source)
    else:
        font = TTFont(name, str(src))
    if cache is not None:
        try:
            _save_face(font.face, cache)
        except (OSError, ValueError):
            pass  # a cache that cannot be written (or a face with unexpected values) only costs time
    return font


# ---------------------------------------------------------------------------
# Glyph aliases and the ToUnicode table

_ALIAS_BASE = 0x100000  # Supplementary Private Use Area-B: never typed into a letter by w4r's users
_alias_text: dict[int, str] = {}
_alias_lock = threading.Lock()


def _utf16_hex(text: str) -> str:
    return text.encode("utf-16-be", "surrogatepass").hex().upper()


def _to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    """ReportLab's ToUnicode CMap, with aliases mapped back to their text and UTF-16 for astral characters."""
    lines = [
        "/CIDInit /ProcSet findresource begin",
        "12 dict begin",
        "begincmap",
        "/CIDSystemInfo",
        f"<< /Registry ({fontname})",
        f"/Ordering ({fontname})",
        "/Supplement 0",
        ">> def",
        f"/CMapName /{fontname} def",
        "/CMapType 2 def",
        "1 begincodespacerange",
        f"<00> <{len(subset) - 1:02X}>",
        "endcodespacerange",
        f"{len(subset)} beginbfchar",
    ]
    for i, cp in enumerate(subset):
        text = _alias_text.get(cp)
        if text is None:
            text = chr(cp)
        lines.append(f"<{i:02X}> <{_utf16_hex(text)}>")
    lines += ["endbfchar", "endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"]
    return "\n".join(lines)


# ReportLab looks the function up in its module at save time; ours writes the
# same table plus the two fixes above.
ttfonts.makeToUnicodeCMap = _to_unicode_cmap


# ---------------------------------------------------------------------------


def char_label(ch: str) -> str:
    """``U+13000 EGYPTIAN HIEROGLYPH A001``: how a warning names a character."""
    return f"U+{ord(ch):04X} {unicodedata.name(ch, 'UNNAMED CHARACTER')}"


class FontBook:
    """The faces of one process: coverage look-ups and lazy ReportLab registration."""

    def __init__(self, faces: tuple[FaceSpec, ...] = FACES, overrides: tuple[tuple[str, str], ...] = ()):
        faces = _apply_overrides(faces, overrides)
        self.faces = tuple(f for f in faces if f.path is not None)
        if not any(f.key == "sans" for f in self.faces):
            raise FontError("the bundled fonts are missing; reinstall w4r (pip install --force-reinstall w4r)")
        self.by_key = {f.key: f for f in self.faces}
        self.base = self.faces[0].key
        self._cmaps: dict[str, Coverage] = {}
        self._weights: dict[str, int | None] = {}
        self._registered: dict[tuple[str, int], str] = {}
        self._keys: dict[str, str] = {}  # ReportLab name -> face key
        self._stand_ins: dict[str, str | None] = {}
        self._aliases: dict[tuple[str, int, str], str] = {}
        self._in_base: set[str] = set()  # characters known to be in the base face
        self._lock = threading.RLock()

    def face(self, key: str) -> FaceSpec:
        return self.by_key[key]

    # Coverage -----------------------------------------------------------
    def cmap(self, key: str) -> Coverage:
        cm = self._cmaps.get(key)
        if cm is None:
            self._scan(key)
            cm = self._cmaps[key]
        return cm

    def _scan(self, key: str) -> None:
        """Coverage and default weight of a face: from the cache file, else from the font (then cached)."""
        src = self.by_key[key].path
        assert src is not None
        cache = _coverage_path(src)
        found = _read_meta(cache)
        if found is None:
            found = _scan(src)
            _write_meta(cache, *found)
        self._cmaps[key], self._weights[key] = found

    def covers(self, key: str, ch: str) -> bool:
        return ord(ch) in self.cmap(key)

    def face_for(self, ch: str) -> str | None:
        """The key of the first face with a glyph for ``ch``, or None."""
        cp = ord(ch)
        for face in self.faces:
            if cp in self.cmap(face.key):
                return face.key
        return None

    def missing(self, text: str, *, with_stand_ins: bool = False) -> list[str]:
        """Characters of ``text`` that no face can print, in order, once each.

        A character with a printable stand-in (``stand_in``) is printed as that
        and left out, unless ``with_stand_ins``.
        """
        seen: list[str] = []
        known = self._in_base
        for ch in dict.fromkeys(text):
            if ch in known or ch in _INVISIBLE or ch in "\n\r\t":
                continue
            key = self.face_for(ch)
            if key is None:
                if with_stand_ins or self.stand_in(ch) is None:
                    seen.append(ch)
            elif key == self.base:
                known.add(ch)
        return seen

    def stand_in(self, ch: str) -> str | None:
        """What to print for a character no face has: its compatibility form, if the faces have that.

        "Fancy" letters from a name generator (𝐀, 𝓐, the mathematical
        alphanumerics) print as plain A rather than as a gap; a character with
        no such form (a hieroglyph, a private-use code) has no stand-in.
        """
        if ch in self._stand_ins:
            return self._stand_ins[ch]
        plain = unicodedata.normalize("NFKC", ch)
        ok = plain != ch and all(c in _INVISIBLE or self.face_for(c) is not None for c in plain)
        self._stand_ins[ch] = plain if ok else None
        return self._stand_ins[ch]

    def printable(self, text: str) -> str:
        """``text`` with each character no face has replaced by its stand-in, where it has one."""
        if self._all_in_base(text):
            return text
        out = []
        for ch in text:
            if ch not in _INVISIBLE and self.face_for(ch) is None:
                out.append(self.stand_in(ch) or ch)
            else:
                out.append(ch)
        return "".join(out)

    def _all_in_base(self, text: str) -> bool:
        """True when the base face has every character of ``text`` (invisible marks aside)."""
        known = self._in_base
        if known.issuperset(text):
            return True
        base = self.cmap(self.base)
        for ch in set(text).difference(known):
            if ch not in _INVISIBLE and ord(ch) not in base:
                return False
            known.add(ch)
        return True

    def runs(self, text: str) -> list[tuple[str, str | None]]:
        """Cut ``text`` into (chunk, face key) runs; key None marks characters no face has."""
        if self._all_in_base(text):
            # The loop below would keep every character in the base face's run.
            return [(text, self.base)] if text else []
        out: list[tuple[str, str | None]] = []
        current: str | None = self.base
        buf: list[str] = []
        base = self.cmap(self.base)
        for ch in text:
            cp = ord(ch)
            if ch in _INVISIBLE:
                buf.append(ch)
                continue
            if current is not None and cp in self.cmap(current) and (
                current == self.base
                or (unicodedata.category(ch) in _NEUTRAL_CATEGORIES and self.face(current).keeps_neutrals)
                or cp not in base
            ):
                buf.append(ch)
                continue
            key = self.base if cp in base else self.face_for(ch)
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
        face = self.by_key[key]
        if weight != REGULAR and not face.bold:
            weight = REGULAR
        name = self._registered.get((key, weight))
        if name:
            return name
        with self._lock:
            name = self._registered.get((key, weight))
            if name:
                return name
            name = f"W4R-{key}-{weight}" + (f"-{_tag(face.path)}" if face.file else "")
            try:
                font = _ttfont(name, *self._static(face, weight))
            except (TTFError, OSError, ValueError, KeyError, AssertionError) as exc:
                raise FontError(
                    f"font {face.path} ({face.key}) cannot be embedded: {exc}; "
                    "use a TrueType (.ttf) font with glyf outlines"
                ) from None
            pdfmetrics.registerFont(font)
            self._registered[(key, weight)] = name
            self._keys[name] = key
            return name

    def key_of(self, font_name: str) -> str | None:
        """The face key of a ReportLab font name this book registered, else None."""
        return self._keys.get(font_name)

    def is_prepared(self, face: FaceSpec, weight: int) -> bool:
        """Whether ``face`` at ``weight`` can be embedded without building an instance first."""
        default = self.default_weight(face)
        return default is None or weight == default or _instance_path(face.path, weight).exists()

    def static_file(self, face: FaceSpec, weight: int) -> Path:
        """The file that draws ``face`` at ``weight``: the bundled font, or a cached instance of it."""
        return self._static(face, weight)[0]

    def font_bytes(self, face: FaceSpec, weight: int) -> bytes:
        """The TrueType bytes that draw ``face`` at ``weight`` (for tools that want the font file itself)."""
        path, data = self._static(face, weight)
        return data if data is not None else path.read_bytes()

    def _static(self, face: FaceSpec, weight: int) -> tuple[Path, bytes | None]:
        """The file for ``face`` at ``weight``, and its bytes when it is a cached instance (checked)."""
        src = face.path
        assert src is not None
        default = self.default_weight(face)
        if default is None or weight == default:
            return src, None
        dest = _instance_path(src, weight)
        entry = fontcache.read(dest, "ttf")
        if entry is not None and entry.sections.get("font"):
            return dest, entry.sections["font"]
        return dest, _make_instance(src, weight, dest)

    def default_weight(self, face: FaceSpec) -> int | None:
        """The weight a variable file draws without instancing; None for a static file."""
        if face.key not in self._weights or self.by_key.get(face.key) is not face:
            if self.by_key.get(face.key) is face:
                self._scan(face.key)
            else:
                return _scan(face.path)[1]
        return self._weights[face.key]

    def prepare(self, weights: tuple[int, ...] = (REGULAR, BOLD), progress=None) -> list[Path]:
        """Build every cached instance and coverage file now (``w4r fonts --prepare``)."""
        built: list[Path] = []
        for face in self.faces:
            if progress:
                progress(face)
            self.cmap(face.key)
            for weight in weights:
                if weight != REGULAR and not face.bold:
                    continue
                path, data = self._static(face, weight)
                _ttfont(f"w4r-prepare-{face.key}-{weight}", path, data)  # parses and caches the face once
                built.append(path)
        return built

    # Glyph aliases ------------------------------------------------------
    def glyph_char(self, font_name: str, gid: int, text: str) -> str:
        """A character that draws glyph ``gid`` of ``font_name`` and reads back as ``text``.

        The character itself when the font maps it to that glyph; otherwise an
        alias code point registered with the font (see the module docstring).
        """
        font = pdfmetrics.getFont(font_name)
        face = font.face
        if len(text) == 1 and face.charToGlyph.get(ord(text)) == gid:
            return text
        key = (font_name, gid, text)
        ch = self._aliases.get(key)
        if ch is not None:
            return ch
        with _alias_lock:
            cp = _ALIAS_BASE + len(_alias_text)
            if cp > 0x10FFFD:
                raise FontError("too many distinct shaped glyphs in one run of w4r")
            _alias_text[cp] = text
            face.charToGlyph[cp] = gid
            face.charWidths[cp] = _advance(face, gid)
            ch = chr(cp)
            self._aliases[key] = ch
            return ch


def _advance(face, gid: int) -> float:
    """Advance width of glyph ``gid`` in ReportLab's 1000-unit scale."""
    metrics = face.hmetrics
    aw = metrics[gid][0] if gid < len(metrics) else metrics[-1][0]
    return face._pdfScale(aw)


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


def missing_warnings(text: str, field: str) -> list[str]:
    """One warning per character of ``text`` that no font can print, naming it and the field."""
    fb = book()
    warnings = []
    replaced: list[str] = []
    for ch in fb.missing(text, with_stand_ins=True):
        if fb.stand_in(ch) is not None:
            replaced.append(ch)
        else:
            warnings.append(
                f"{field}: {char_label(ch)} is in no bundled font and would print as an empty box; "
                "remove it, or add a font that has it (fonts: in the config file, see 'w4r fonts')"
            )
    if replaced:
        # One line for a whole "fancy" name, not one per letter.
        first = char_label(replaced[0])
        if len(replaced) == 1:
            what = f"{first} is in no bundled font; it is printed as {fb.stand_in(replaced[0])!r}"
        else:
            more = len(replaced) - 1
            what = f"{first} and {more} more character{'s' if more > 1 else ''} are in no bundled font; they are printed in plain form"
        printed = fb.printable(text)
        if len(replaced) > 1 and len(printed) <= 60:
            what += f": {printed!r}"
        warnings.insert(0, f"{field}: {what}")
    return warnings


_BOOK: FontBook | None = None
_BOOK_LOCK = threading.Lock()


def _config_overrides() -> tuple[tuple[str, str], ...]:
    from w4r.config import load_config

    return tuple((f.key, f.path) for f in load_config().fonts)


def book() -> FontBook:
    """The process-wide FontBook (fonts are loaded once per process, not per page)."""
    global _BOOK
    if _BOOK is None:
        with _BOOK_LOCK:
            if _BOOK is None:
                _BOOK = FontBook(overrides=_config_overrides())
    return _BOOK


def reset_book() -> None:
    """Forget the process-wide FontBook (tests, or after the config file changed)."""
    import sys

    global _BOOK
    _BOOK = None
    for name in ("w4r.render.bidi", "w4r.render.text", "w4r.render.letter"):
        layout = sys.modules.get(name)
        if layout is not None:
            layout.clear_caches()
