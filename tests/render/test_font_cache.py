"""The font cache is untrusted input: nothing in it runs, damage is rebuilt, foreign folders are not used."""

from __future__ import annotations

import os
import pickle
import stat
from pathlib import Path

import pytest

from tests.conftest import fonts_used, run_w4r
from w4r.typeset import fontcache, fontfiles
from w4r.typeset.fonts import BOLD, FACE_BY_KEY, FontBook


@pytest.fixture
def cache(tmp_path, monkeypatch) -> Path:
    """An empty cache folder of this test's own (as a new user's would be)."""
    root = tmp_path / "cache"
    root.mkdir(mode=0o700)
    monkeypatch.setenv("W4R_CACHE_DIR", str(root))
    fontcache.forget_folders()
    yield root / "fonts"
    fontcache.forget_folders()


class _Plant:
    """Unpickling this writes a marker file: the proof that a pickle was loaded."""

    def __init__(self, marker: Path):
        self.marker = marker

    def __reduce__(self):
        return (Path.write_text, (self.marker, "pickle ran"))


def _letter(cache_root: Path, out: Path, *extra: str):
    env = {"W4R_CACHE_DIR": str(cache_root)}
    return run_w4r("letter", "chow-hang-tung", "--to", "authorities", "--from", "Ann Example", "-o", str(out), *extra, env=env)


def test_a_planted_pickle_never_runs(cache, tmp_path):
    # Prime the cache the way a first letter does, then replace every file in it
    # (and the names older versions used) with a pickle that would run code.
    first = _letter(cache.parent, tmp_path / "first.pdf")
    assert first.returncode == 0, first.stderr
    marker = tmp_path / "pwned"
    payload = pickle.dumps(_Plant(marker))
    planted = list(cache.iterdir())
    assert any(p.suffix == ".face" for p in planted) and any(p.suffix == ".ranges" for p in planted)
    for p in planted:
        p.write_bytes(payload)
        p.with_name(p.name.replace(f"-{fontfiles.CACHE_VERSION}.", "-v2.")).write_bytes(payload)

    again = _letter(cache.parent, tmp_path / "again.pdf")

    assert again.returncode == 0, again.stderr
    assert not marker.exists()
    assert (tmp_path / "again.pdf").read_bytes()[:5] == b"%PDF-"
    # Each planted file was found wanting and replaced by a real entry (or removed as an older version).
    left = list(cache.iterdir())
    assert left and all(p.read_bytes()[:8] == fontcache.MAGIC for p in left)
    assert {p.suffix for p in left} == {".face", ".ranges", ".ttf"}


def test_entries_round_trip_and_refuse_any_change(cache):
    cache.mkdir(parents=True)
    dest = cache / "x.face"
    fontcache.write(dest, "face", {"small": {"a": fontcache.to_plain((1, b"\x00", [2.5]))}}, {"s": b"abc"})
    entry = fontcache.read(dest, "face")
    assert fontcache.from_plain(entry.meta["small"]["a"]) == (1, b"\x00", [2.5])
    assert entry.sections == {"s": b"abc"}
    assert fontcache.read(dest, "ranges") is None  # another kind is refused (and removed)
    assert not dest.exists()

    fontcache.write(dest, "face", {}, {"s": b"abc"})
    raw = bytearray(dest.read_bytes())
    for i in (0, 9, len(raw) // 2, len(raw) - 1):
        damaged = bytearray(raw)
        damaged[i] ^= 0x01
        with pytest.raises(fontcache.DamagedEntry):
            fontcache.unpack(bytes(damaged), "face")
    with pytest.raises(fontcache.DamagedEntry):
        fontcache.unpack(bytes(raw[:-1]), "face")
    with pytest.raises(ValueError):
        fontcache.to_plain(object())  # only plain data goes in
    with pytest.raises(fontcache.DamagedEntry):
        fontcache.from_plain({"$eval": "1"})


def test_a_tampered_coverage_file_is_rebuilt(cache):
    fb = FontBook()
    assert fb.face_for("a") == "sans"
    (ranges,) = cache.glob("NotoSans-*.ranges")
    raw = bytearray(ranges.read_bytes())
    raw[-3] ^= 0xFF  # one range moved: 'a' would no longer be Latin's
    ranges.write_bytes(bytes(raw))

    again = FontBook()
    assert again.face_for("a") == "sans"
    assert again.cmap("sans") == fb.cmap("sans")
    assert fontcache.read(ranges, "ranges") is not None  # written anew


@pytest.mark.parametrize("damage", ["truncated", "empty", "foreign"])
def test_a_damaged_font_instance_is_rebuilt(cache, tmp_path, damage):
    path = FontBook().static_file(FACE_BY_KEY["sans"], BOLD)
    good = path.read_bytes()
    if damage == "truncated":
        path.write_bytes(good[: len(good) // 2])
    elif damage == "empty":
        path.write_bytes(b"")
    else:  # a bare font where an entry should be
        path.write_bytes(FACE_BY_KEY["hebrew"].path.read_bytes())

    out = tmp_path / "letter.pdf"
    result = _letter(cache.parent, out)  # the subject line is bold

    assert result.returncode == 0, result.stderr
    assert "warning" not in result.stderr and "error" not in result.stderr
    assert any("NotoSans-W700" in name for name in fonts_used(out.read_bytes()))
    assert fontcache.read(path, "ttf") is not None


def test_a_damaged_face_entry_gives_the_same_face(cache):
    src = FACE_BY_KEY["hebrew"].path
    parsed = fontfiles._ttfont("W4R-test-parsed-h", src)
    entry = fontfiles._face_cache_path(src)
    raw = bytearray(entry.read_bytes())
    raw[len(raw) // 3] ^= 0x10
    entry.write_bytes(bytes(raw))

    rebuilt = fontfiles._ttfont("W4R-test-rebuilt-h", src)
    assert rebuilt.face.charToGlyph == parsed.face.charToGlyph
    assert rebuilt.face.charWidths == parsed.face.charWidths
    assert fontcache.read(entry, "face") is not None


def test_a_symlinked_entry_is_not_followed(cache, tmp_path):
    FontBook().cmap("hebrew")
    (ranges,) = cache.glob("NotoSansHebrew-*.ranges")
    elsewhere = tmp_path / "elsewhere.ranges"
    elsewhere.write_bytes(ranges.read_bytes())
    ranges.unlink()
    ranges.symlink_to(elsewhere)

    assert 0x5D0 in FontBook().cmap("hebrew")
    assert not ranges.is_symlink()
    assert elsewhere.exists()  # the file it pointed to is left alone


@pytest.mark.skipif(not hasattr(os, "geteuid"), reason="file modes and owners are POSIX")
def test_a_cache_folder_others_can_write_is_not_used(cache, tmp_path):
    cache.mkdir(parents=True)
    cache.chmod(0o777)
    marker = tmp_path / "pwned"
    planted = cache / "anything.face"
    planted.write_bytes(pickle.dumps(_Plant(marker)))

    out = tmp_path / "letter.pdf"
    result = _letter(cache.parent, out)

    assert result.returncode == 0, result.stderr
    assert "font cache" in result.stderr and "other accounts can write to it" in result.stderr
    assert sorted(p.name for p in cache.iterdir()) == ["anything.face"]  # nothing written there, nothing read
    assert not marker.exists()
    assert fontcache.unsafe_reason(cache) == "writable-by-others"
    cache.chmod(0o700)
    assert fontcache.unsafe_reason(cache) is None


@pytest.mark.skipif(not hasattr(os, "geteuid"), reason="file modes and owners are POSIX")
def test_a_cache_folder_in_a_shared_folder_is_not_used(tmp_path):
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o777)  # writable by all, not sticky: anyone could swap the cache folder
    (shared / "fonts").mkdir(mode=0o700)
    assert fontcache.unsafe_reason(shared / "fonts") == "parent-writable-by-others"
    shared.chmod(0o777 | stat.S_ISVTX)  # like /tmp
    assert fontcache.unsafe_reason(shared / "fonts") is None
    if os.geteuid() == 0:  # only root can give a folder away
        os.chown(shared / "fonts", 65534, 65534)
        assert fontcache.unsafe_reason(shared / "fonts") == "other-owner"


def test_new_cache_folders_are_private(cache):
    FontBook().cmap("hebrew")
    assert stat.S_IMODE(cache.stat().st_mode) & 0o077 == 0
    for entry in cache.iterdir():
        assert stat.S_IMODE(entry.stat().st_mode) & 0o077 == 0


def test_leftover_part_files_are_removed(cache):
    cache.mkdir(parents=True)
    stale = cache / ".x.face.abc.part"
    stale.write_bytes(b"half")
    os.utime(stale, (1, 1))
    fresh = cache / ".y.face.def.part"  # another run may be writing this one now
    fresh.write_bytes(b"half")
    FontBook().cmap("hebrew")
    assert not stale.exists() and fresh.exists()


def test_two_installations_sharing_a_cache_keep_each_others_entries(cache, tmp_path):
    """Two copies of w4r (say a venv and a pipx install) each have their own font files and one user cache.

    Each entry names the file it was made from: a new entry replaces older ones
    made from the same file (or from a file that is gone), never the other
    installation's, which would otherwise be rebuilt on every alternate run.
    """
    original = FACE_BY_KEY["hebrew"].path
    copies = []
    for name in ("one", "two"):
        folder = tmp_path / name
        folder.mkdir()
        copies.append(folder / original.name)
        copies[-1].write_bytes(original.read_bytes())
    one, two = copies
    for src in copies:
        fontfiles._make_instance(src, 700, fontfiles._instance_path(src, 700))
        fontfiles._write_meta(fontfiles._coverage_path(src), fontfiles.Coverage([(0x5D0, 0x5EA)]), 400, src)
    made = {p.name for p in cache.iterdir()}
    assert {fontfiles._instance_path(s, 700).name for s in copies} <= made
    assert {fontfiles._coverage_path(s).name for s in copies} <= made

    # The second copy is updated (new size or time): its old entries go, the first copy's stay.
    before = (fontfiles._instance_path(two, 700), fontfiles._coverage_path(two))
    os.utime(two, (two.stat().st_atime, two.stat().st_mtime - 100))
    fontfiles._make_instance(two, 700, fontfiles._instance_path(two, 700))
    fontfiles._write_meta(fontfiles._coverage_path(two), fontfiles.Coverage([(0x5D0, 0x5EA)]), 400, two)
    assert not any(p.exists() for p in before)
    assert fontfiles._instance_path(one, 700).exists() and fontfiles._coverage_path(one).exists()

    # The first installation is removed: its entries go the next time an entry of the same font is written.
    kept = (fontfiles._instance_path(one, 700), fontfiles._coverage_path(one))
    one.unlink()
    os.utime(two, (two.stat().st_atime, two.stat().st_mtime - 100))
    fontfiles._make_instance(two, 700, fontfiles._instance_path(two, 700))
    fontfiles._write_meta(fontfiles._coverage_path(two), fontfiles.Coverage([(0x5D0, 0x5EA)]), 400, two)
    assert not any(p.exists() for p in kept)
