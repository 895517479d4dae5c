"""Fonts: which face serves which characters, registered with ReportLab on demand.

ReportLab has no font fallback, so every string w4r draws is cut into runs of
characters that one face covers (``FontBook.runs``).  Nothing is loaded until a
character needs it: a Latin-only letter opens one file.  The faces and their
fallback order are in ``faces``; the cached files in ``fontfiles``; the glyph
aliases that make shaped text copy out right in ``tounicode``; the warnings about
characters no face has in ``glyphcheck``.
"""

from __future__ import annotations

import threading
import unicodedata
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError

from w4r.typeset.faces import BOLD, FACE_BY_KEY, FACES, REGULAR, FaceSpec, FontError, _apply_overrides
from w4r.typeset.fontfiles import (
    Coverage,
    _instance_path,
    _make_instance,
    _read_meta,
    _scan,
    _tag,
    _ttfont,
    _write_meta,
    _coverage_path,
    fonts_cache_dir,
)
from w4r.typeset.preparing import preparing
from w4r.typeset import fontcache
from w4r.typeset.tounicode import advance, alias

__all__ = ["BOLD", "FACE_BY_KEY", "FACES", "REGULAR", "Coverage", "FaceSpec", "FontBook", "FontError", "book", "fonts_cache_dir"]

# Characters that belong to whichever run surrounds them (spaces, punctuation,
# digits), so "鄒幸彤, 2022" does not switch fonts around the comma needlessly.
_NEUTRAL_CATEGORIES = {"Zs", "Po", "Pd", "Ps", "Pe", "Pi", "Pf", "Nd", "Sm", "Sc"}

# Marks that never need a glyph of their own.
EMOJI = "emoji"  # the face key of the black-and-white emoji font (faces.py)
_INVISIBLE = {"\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u2060", "\ufeff", "\u061c"}
_INVISIBLE.update(chr(c) for c in range(0x202A, 0x202F))  # bidi embeddings and overrides
_INVISIBLE.update(chr(c) for c in range(0x2066, 0x206A))  # bidi isolates
_INVISIBLE.update(chr(c) for c in range(0xFE00, 0xFE10))  # variation selectors


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
        self._aliases: dict[tuple[str, int, str, float | None], str] = {}
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
            _write_meta(cache, *found, src)
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
        emoji = self._emoji_sequences(text)
        i = 0
        while i < len(text):
            ch = text[i]
            cp = ord(ch)
            if i in emoji:
                # An emoji sequence (a character with VS16, a keycap): the whole of it in the emoji
                # face, which shapes it to its picture; the base face would draw the selector as a box.
                end = emoji[i]
                if current != EMOJI and buf:
                    out.append(("".join(buf), current))
                    buf = []
                current = EMOJI
                buf.extend(text[i:end])
                i = end
                continue
            i += 1
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

    def _emoji_sequences(self, text: str) -> dict[int, int]:
        """Start -> end of each emoji presentation sequence in ``text`` the emoji face can print.

        A character followed by VARIATION SELECTOR-16 (U+FE0F) asks for its
        picture (☀️, ❤️); a digit, # or * followed by COMBINING ENCLOSING KEYCAP
        (U+20E3), with or without VS16 between, is a keycap (1️⃣).
        """
        if "\ufe0f" not in text and "\u20e3" not in text:
            return {}
        if EMOJI not in self.by_key:
            return {}
        cmap = self.cmap(EMOJI)
        found: dict[int, int] = {}
        for i, ch in enumerate(text[:-1]):
            end = i + 1
            if text[end] == "\ufe0f":
                end += 1
            if end < len(text) and text[end] == "\u20e3":
                end += 1
            if end > i + 1 and ord(ch) in cmap and ch not in _INVISIBLE:
                found[i] = end
        return found

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
            self._announce(face, weight)
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

    def _announce(self, face: FaceSpec, weight: int) -> None:
        """Say (through typeset.preparing) that a big face is built or parsed now, not taken from the cache."""
        # Building a weight (fontTools' instancer) is the slow part; parsing a built one takes a moment.
        try:
            cached = self.is_prepared(face, weight)
        except OSError:
            cached = False
        if not cached:
            try:
                size = face.path.stat().st_size
            except OSError:
                return
            preparing(face.key, face.scripts, size)

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
    def glyph_char(self, font_name: str, gid: int, text: str, width: float | None = None) -> str:
        """A character that draws glyph ``gid`` of ``font_name``, reads back as ``text`` and advances ``width``.

        The character itself when the font maps it to that glyph with that
        width; otherwise an alias code point (``tounicode.alias``).  A shaped
        cluster's glyph advances as far as the whole cluster, kerning
        included, so readers see no gap or overlap inside a word.
        """
        face = pdfmetrics.getFont(font_name).face
        if width is not None and abs(advance(face, gid) - width) < 0.005:
            width = None  # the glyph's own advance
        if width is None and len(text) == 1 and face.charToGlyph.get(ord(text)) == gid:
            return text
        key = (font_name, gid, text, None if width is None else round(width, 2))
        ch = self._aliases.get(key)
        if ch is None:
            ch = self._aliases[key] = alias(face, gid, text, width)
        return ch


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
    for name in ("w4r.typeset.bidi", "w4r.typeset.line", "w4r.typeset.linebreak", "w4r.render.letter_first_page"):
        layout = sys.modules.get(name)
        if layout is not None:
            layout.clear_caches()
