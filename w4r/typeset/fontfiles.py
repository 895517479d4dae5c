"""Font files in the cache: static weights, coverage ranges and ReportLab's parsed faces.

ReportLab embeds static TrueType only, so a weight other than a variable file's
default is instantiated once with fontTools and cached (``paths.cache_dir()/fonts``).
The character sets of the big CJK files are cached as small range files, so
asking "who has this character?" never parses a 12 MB font twice.  Every entry
is a checksummed container (``fontcache``).
"""

from __future__ import annotations

import glob
import hashlib
from array import array
from bisect import bisect_right
from pathlib import Path

from reportlab.pdfbase.ttfonts import TTFont

from w4r import paths
from w4r.typeset import fontcache

CACHE_VERSION = "v3"


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
    # Keep the source's head.modified: fontTools would stamp the time of the build, and then the
    # same letter made on two machines (or after the cache was rebuilt) would differ in its bytes.
    static.recalcTimestamp = False
    buf = io.BytesIO()
    static.save(buf, reorderTables=False)
    data = buf.getvalue()
    try:
        fontcache.write(
            dest, "ttf", {"source": src.name, "weight": weight}, {"font": data}, replaces=f"{glob.escape(_stem(src))}-w{weight}-*.ttf",
            origin=str(src.resolve()),
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


def _write_meta(path: Path, cov: Coverage, default_weight: int | None, src: Path) -> None:
    flat = array("I")
    for a, b in cov.ranges():
        flat.extend((a, b))
    try:
        fontcache.write(
            path, "ranges", {"weight": default_weight}, {"ranges": flat.tobytes()}, replaces=f"{glob.escape(path.name.rsplit('-', 2)[0])}-*.ranges",
            origin=str(src.resolve()),
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


def _save_face(face, dest: Path, src: Path) -> None:
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
    fontcache.write(dest, "face", {"small": small, "wcode": wcode}, sections,
                    replaces=f"{glob.escape(dest.name.rsplit('-', 3)[0])}-*-rl*.face", origin=str(Path(src).resolve()))


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
            _save_face(font.face, cache, src)
        except (OSError, ValueError):
            pass  # a cache that cannot be written (or a face with unexpected values) only costs time
    return font
