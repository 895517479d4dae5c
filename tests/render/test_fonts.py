"""The font book: coverage, fallback runs, missing characters, cache files, user fonts, `w4r fonts`."""

from __future__ import annotations

import io
import json
import shutil

import pytest
from reportlab.pdfgen.canvas import Canvas

from tests.conftest import fonts_used, notdef_count, visual_lines
from w4r.typeset import bidi, fontfiles, fonts
from w4r.typeset.fonts import FACE_BY_KEY, FontBook, FontError, book
from w4r.typeset.glyphcheck import char_label, missing_warnings
from w4r.typeset.canvas import canvas_kwargs
from w4r.typeset.line import draw_line

# Every script the issue names, with the characters of real names.
COVERAGE = {
    "sans": "Łukasz Zoë ąćęłńóśźż ÀÉÎÕÜ ßØÅ ĞŞİ őű Ελληνικά Αλέξανδρος Александра Скочиленко ңүө",
    "arabic": "مناهل العتيبي",
    "hebrew": "שלום עולם",
    "tc": "鄒幸彤林定國",
    "jp": "ひらがなカタカナ",
    "kr": "한국어",
    "devanagari": "नमस्ते",
}


@pytest.mark.parametrize("key", sorted(COVERAGE))
def test_every_script_has_a_face(key):
    fb = book()
    text = COVERAGE[key]
    assert fb.missing(text) == []
    letters = [ch for ch in text if ch.isalpha()]
    assert {fb.face_for(ch) for ch in letters} <= {key, "sans"} | ({"tc"} if key == "jp" else set())


def test_runs_split_per_script_and_keep_punctuation_with_the_run():
    runs = book().runs("Chow Hang-tung 鄒幸彤, 2022 — Александра مناهل العتيبي")
    assert [k for _, k in runs] == ["sans", "tc", "sans", "arabic"]
    assert runs[1][0].startswith("鄒幸彤,")
    assert "".join(chunk for chunk, _ in runs) == "Chow Hang-tung 鄒幸彤, 2022 — Александра مناهل العتيبي"


def test_missing_names_character_and_field():
    assert book().missing("ok \U00013000 \ue000 \U00013000") == ["\U00013000", "\ue000"]
    assert char_label("\U00013000") == "U+13000 EGYPTIAN HIEROGLYPH A001"
    (w,) = missing_warnings("charm \U00013000", "personal message paragraph 2")
    assert w.startswith("personal message paragraph 2: U+13000 EGYPTIAN HIEROGLYPH A001 is in no bundled font")
    assert missing_warnings("Łukasz 鄒幸彤 مناهل", "x") == []


def test_invisible_marks_are_not_missing():
    assert book().missing("a\u200db\u200ec\u2067d\u2069\ufe0f") == []


def test_coverage_is_cached_as_ranges(tmp_path, monkeypatch):
    monkeypatch.setenv("W4R_CACHE_DIR", str(tmp_path))
    fb = FontBook()
    cm = fb.cmap("hebrew")
    assert 0x5D0 in cm
    files = list((tmp_path / "fonts").glob("NotoSansHebrew-*.ranges"))
    assert len(files) == 1
    assert fontfiles._read_meta(files[0]) == (cm, 400)  # coverage, and the variable file's default weight
    assert files[0].stat().st_size < 8 * len(cm)  # ranges, not one entry per character
    fontfiles._write_meta(files[0], fontfiles.Coverage([(0x5D0, 0x5D1)]), 400, FACE_BY_KEY["hebrew"].path)  # a second book reads the file, not the font
    assert FontBook().cmap("hebrew") == frozenset({0x5D0, 0x5D1})
    assert 0x5D2 not in FontBook().cmap("hebrew") and ord("a") not in FontBook().cmap("hebrew")


def test_parsed_faces_are_cached_and_give_the_same_pdf(tmp_path, monkeypatch):
    monkeypatch.setenv("W4R_CACHE_DIR", str(tmp_path))
    path = FACE_BY_KEY["hebrew"].path
    parsed = fontfiles._ttfont("W4R-test-parsed", path)
    assert fontfiles._face_cache_path(path).exists()
    cached = fontfiles._ttfont("W4R-test-cached", path)
    for attr in ("charToGlyph", "charWidths", "hmetrics", "glyphPos", "unitsPerEm", "ascent", "descent", "name"):
        assert getattr(cached.face, attr) == getattr(parsed.face, attr), attr
    assert cached.face.makeSubset([0, 0x5D0, 0x5E9]) == parsed.face.makeSubset([0, 0x5D0, 0x5E9])


def test_bold_instance_is_built_once_and_cached(tmp_path, monkeypatch):
    monkeypatch.setenv("W4R_CACHE_DIR", str(tmp_path))
    fb = FontBook()
    path = fb.static_file(FACE_BY_KEY["hebrew"], fonts.BOLD)
    assert path.parent == tmp_path / "fonts" and path.exists()
    mtime = path.stat().st_mtime_ns
    assert FontBook().static_file(FACE_BY_KEY["hebrew"], fonts.BOLD).stat().st_mtime_ns == mtime


def _pdf_with(fb_text: str) -> bytes:
    buf = io.BytesIO()
    c = Canvas(buf, **canvas_kwargs())
    draw_line(c, 72, 700, fb_text, 12)
    draw_line(c, 72, 680, fb_text, 12, bold=True)
    c.showPage()
    c.save()
    return buf.getvalue()


def test_every_font_is_embedded_and_subset():
    pdf = _pdf_with("Zoë Ελλάδα Саша مناهل שלום 鄒幸彤")
    used = fonts_used(pdf)
    assert len(used) >= 5
    assert all(used.values()), used
    assert all("+" in name for name in used), used
    assert notdef_count(pdf) == 0


def test_astral_characters_read_back():
    # CJK Extension B (Hong Kong names use it) is beyond U+FFFF: ToUnicode needs UTF-16 surrogates.
    ch = next(chr(cp) for cp in sorted(book().cmap("tc")) if cp > 0xFFFF)
    pdf = _pdf_with(f"鄒{ch}彤")
    assert visual_lines(pdf)[0] == f"鄒{ch}彤"


def test_user_font_replaces_a_bundled_face(tmp_path):
    mine = tmp_path / "MyHebrew.ttf"
    shutil.copy(FACE_BY_KEY["hebrew"].path, mine)
    fb = FontBook(overrides=(("hebrew", str(mine)),))
    assert fb.face("hebrew").path == mine and fb.face("hebrew").licence == "user-supplied"
    assert [f.key for f in fb.faces] == [f.key for f in book().faces]


def test_user_font_with_a_new_key_goes_first(tmp_path):
    mine = tmp_path / "Mine.ttf"
    shutil.copy(FACE_BY_KEY["hebrew"].path, mine)
    fb = FontBook(overrides=(("mine", str(mine)),))
    assert fb.faces[0].key == "mine"
    assert fb.face_for("ש") == "mine"
    assert fb.face_for("a") == "sans"  # what the user's font lacks still falls back


def test_user_font_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(FontError, match=r"fonts: sans: no font file at .*nope\.ttf"):
        FontBook(overrides=(("sans", str(tmp_path / "nope.ttf")),))


def test_config_font_shows_in_w4r_fonts(w4r, tmp_path, isolated_user):
    mine = tmp_path / "Mine.ttf"
    shutil.copy(FACE_BY_KEY["hebrew"].path, mine)
    (isolated_user / "config.yaml").write_text(f"fonts:\n  - key: mine\n    path: {mine}\n")
    res = w4r("fonts", "--json")
    assert res.returncode == 0, res.stderr
    data = json.loads(res.stdout)
    assert data["fallback_order"][0] == "mine"
    assert data["fonts"][0]["file"] == str(mine)


def test_w4r_fonts_lists_scripts_files_and_licences(w4r):
    res = w4r("fonts")
    assert res.returncode == 0, res.stderr
    out = res.stdout
    for family in ("Noto Sans Arabic", "Noto Sans Hebrew", "Noto Sans TC", "Noto Sans Devanagari"):
        assert family in out
    assert "SIL Open Font License 1.1" in out
    assert "NotoSansTC[wght].ttf" in out and "OFL.txt" in out
    data = json.loads(w4r("fonts", "--json").stdout)
    assert data["fallback_order"][:2] == ["sans", "arabic"]
    for row in data["fonts"]:
        assert row["licence_file"], row


def test_levels_follow_the_bidi_algorithm():
    lv, base = bidi.levels("abc مناهل 12 def", "ltr")
    assert base == 0
    assert lv[:4] == [0, 0, 0, 0] and lv[4:9] == [1] * 5 and lv[-3:] == [0, 0, 0]
    assert bidi.levels("مناهل abc", "auto")[1] == 1
    # The pure-Python fallback agrees with the Rust implementation.
    for text in ("abc مناهل 12 def", "مناهل (Snapchat) و X.", "שלום 2024 world"):
        for base in (0, 1):
            assert bidi._python_levels(text, base) == bidi._rust_levels(text, base)


def test_reorder_is_rule_l2():
    assert bidi.reorder([0, 1, 1, 0]) == [0, 2, 1, 3]
    assert bidi.reorder([1, 2, 2, 1]) == [3, 1, 2, 0]
    assert bidi.reorder([0, 0]) == [0, 1]


def test_fancy_letters_no_font_has_print_as_plain_ones():
    fancy = "\U0001D400\U0001D427\U0001D427 \U0001D4D1\U0001D4F8"  # 𝐀𝐧𝐧 𝓑𝓸 from a name generator
    fb = book()
    assert fb.missing(fancy) == []  # printed, so no gap to warn about
    assert fb.printable(fancy) == "Ann Bo"
    assert missing_warnings(fancy, "your name (--from)") == [
        "your name (--from): U+1D400 MATHEMATICAL BOLD CAPITAL A and 3 more characters are in no bundled font; "
        "they are printed in plain form: 'Ann Bo'"
    ]
    assert missing_warnings("\U0001D400", "x") == ["x: U+1D400 MATHEMATICAL BOLD CAPITAL A is in no bundled font; it is printed as 'A'"]
    assert fb.stand_in("\U00013000") is None and fb.printable("\U00013000") == "\U00013000"
