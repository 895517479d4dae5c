"""Every script a case needs, printed and read back: characters, order, direction, fonts.

Text is read back with pypdf in visual order (``visual_lines``) and compared
after NFKC normalisation: Arabic letters come back as their presentation
forms, which NFKC folds into the letters that were typed.  Right-to-left text
is compared in logical order after python-bidi's ``get_display`` (its own
inverse for these lines); whitespace is ignored where pypdf guesses word gaps
from the positions of shaped marks (``squash``).
"""

from __future__ import annotations

import io
import unicodedata

import pytest
from bidi import get_display
from pypdf import PdfReader
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Frame, SimpleDocTemplate

from tests.conftest import MM, fonts_used, logical, notdef_count, squash, text_runs, visual_lines, word_boxes
from w4r.typeset.fonts import book
from w4r.typeset.canvas import canvas_kwargs
from w4r.typeset.line import draw_line, string_width
from w4r.typeset.markup import markup
from w4r.typeset.paragraphs import Paragraph, directed

SAMPLES = {
    "latin": "Łukasz Zoë Müller, François Ødegård, Ştefan Dvořák, Ñúñez, Þórður, Ğülşen, Őrsi",
    "greek": "Ελληνικά: Αλέξανδρος Παπαδόπουλος",
    "cyrillic": "Александра Скочиленко, Рита Карасартова",
    "arabic": "مناهل العتيبي",
    "hebrew": "שלום עולם",
    "chinese": "鄒幸彤",
}
SENDER = ["--from", "Łukasz Zoë", "--address", "12 High Street|Anytown AB1 2CD|UNITED KINGDOM"]


def nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def _canvas_pdf(draw) -> bytes:
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=(210 * MM, 297 * MM), **canvas_kwargs())
    draw(c)
    c.showPage()
    c.save()
    return buf.getvalue()


def _doc_pdf(story, width: float = 170 * MM) -> bytes:
    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=(width + 40 * MM, 297 * MM), leftMargin=20 * MM, rightMargin=20 * MM, **canvas_kwargs())
    doc.build(story)
    return buf.getvalue()


def _to_unicode_maps(pdf: bytes) -> dict[str, bytes]:
    from pypdf import PdfReader

    out = {}
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for ref in page["/Resources"]["/Font"].values():
            font = ref.get_object()
            if "/ToUnicode" in font:
                out[str(font["/BaseFont"])] = font["/ToUnicode"].get_object().get_data()
    return out


def _style(size: float = 11) -> ParagraphStyle:
    return ParagraphStyle("t", fontName=book().font_name("sans"), fontSize=size, leading=size * 1.35)


def test_mixed_line_picks_a_font_per_run():
    line = "Chow Hang-tung 鄒幸彤 — Александра"
    pdf = _canvas_pdf(lambda c: draw_line(c, 72, 700, line, 12))
    assert visual_lines(pdf) == [line]
    used = {name.split("+")[-1] for name in fonts_used(pdf)}
    assert any(n.startswith("NotoSansTC") for n in used) and any(n.startswith("NotoSans-") or n == "NotoSans" for n in used), used
    assert notdef_count(pdf) == 0


@pytest.mark.parametrize("script", sorted(SAMPLES))
def test_each_script_drawn_and_read_back(script):
    text = SAMPLES[script]
    pdf = _canvas_pdf(lambda c: draw_line(c, 72, 700, text, 12))
    (got,) = visual_lines(pdf)
    assert squash(logical(got)) == squash(text)
    assert notdef_count(pdf) == 0
    assert fonts_used(pdf) and all(fonts_used(pdf).values())


def test_arabic_name_inside_an_english_line_is_right_to_left_and_shaped():
    line = "Write to Manahel al-Otaibi (مناهل العتيبي) today"
    pdf = _canvas_pdf(lambda c: draw_line(c, 72, 700, line, 12))
    (got,) = visual_lines(pdf)
    # Drawn left to right: the English words first, the Arabic name reversed (its first letter rightmost).
    assert squash(got) == squash(get_display(line, base_dir="L"))
    assert squash(logical(got, "ltr")) == squash(line)
    # Shaped, not isolated letters: Noto draws joined Arabic as dotless letter shapes plus dots.
    # The dots stand for no character of their own: they are painted as outlines, and every
    # glyph shown as text reads back as some text (an empty entry makes readers invent one).
    maps = [data for name, data in _to_unicode_maps(pdf).items() if "Arabic" in name]
    assert maps and not any(b"<>" in data for data in maps)
    content = PdfReader(io.BytesIO(pdf)).pages[0].get_contents().get_data()
    assert b" cm " in content and b" f Q" in content
    # The width used for alignment is the shaped width, smaller than the letters' isolated forms.
    shaped = string_width("مناهل العتيبي", 12)
    from reportlab.pdfbase.pdfmetrics import stringWidth

    assert shaped < stringWidth("مناهل العتيبي", book().font_name("arabic"), 12)


def test_right_aligned_arabic_line_ends_at_x():
    pdf = _canvas_pdf(lambda c: draw_line(c, 150 * MM, 700, "مناهل العتيبي", 12, align="right"))
    runs = text_runs(pdf)
    width = string_width("مناهل العتيبي", 12)
    assert min(r.x for r in runs) == pytest.approx(150 * MM - width, abs=0.5)


def test_paragraph_with_names_in_every_script():
    text = (
        "Letters for Łukasz Zoë, Αλέξανδρος, Александра Скочиленко, "
        "Manahel al-Otaibi (مناهل العتيبي), the words שלום עולם and Chow Hang-tung 鄒幸彤 are on their way."
    )
    pdf = _doc_pdf([Paragraph(markup(text), _style())])
    lines = visual_lines(pdf)
    got = " ".join(logical(line, "ltr") for line in lines)
    assert squash(got) == squash(text)
    assert notdef_count(pdf) == 0
    assert all(fonts_used(pdf).values())
    assert all("+" in name for name in fonts_used(pdf)), "every font is a subset"


ARABIC = (
    "أكتب إليكم بشأن مناهل العتيبي، مدربة اللياقة البدنية والمدافعة عن حقوق المرأة. "
    "وهي مسجونة بسبب منشورات على وسائل التواصل الاجتماعي دعمت فيها حقوق المرأة وحقها في اختيار ملابسها. "
    "أرجو منكم الإفراج عنها فورًا ودون قيد أو شرط."
)


def test_right_to_left_paragraph_wraps_aligns_right_and_keeps_line_order():
    width = 90 * MM
    pdf = _doc_pdf([Paragraph(markup(ARABIC), _style(), direction="rtl")], width=width)
    lines = visual_lines(pdf)
    assert len(lines) >= 3
    # Lines top to bottom are in reading order; each line read right to left.
    assert squash("".join(logical(line, "rtl") for line in lines)) == squash(ARABIC)
    first_words = logical(lines[0], "rtl").split()
    assert first_words[0] == "أكتب"
    # Right-aligned: every line ends at the frame's right edge (20 mm margin + width, less the
    # 6 pt padding of SimpleDocTemplate's frame), as poppler measures it, and none starts left of the frame.
    right = 20 * MM + width - 6
    ends: dict[float, float] = {}
    starts: dict[float, float] = {}
    for w in word_boxes(pdf):
        # Marks sit a little above or below their line: a word belongs to the line whose middle is within 5 pt.
        mid = (w.top + w.bottom) / 2
        mid = next((m for m in ends if abs(m - mid) < 5), mid)
        ends[mid] = max(ends.get(mid, 0), w.x1)
        starts[mid] = min(starts.get(mid, 1e9), w.x0)
    assert len(ends) == len(lines)
    for mid, x1 in ends.items():
        assert x1 == pytest.approx(right, abs=3.0), (mid, x1, right)  # a mark may overhang its base letter
    for mid, x0 in starts.items():
        assert x0 >= 20 * MM + 6 - 0.5, "no line starts left of the frame"
    # The lines are not all full: a right-aligned ragged left edge, not justified text.
    assert max(starts.values()) - min(starts.values()) > 5
    assert notdef_count(pdf) == 0
    # Wrapping used the shaped widths: the first line is nearly full.
    assert string_width(logical(lines[0], "rtl"), 11, direction="rtl") > 0.8 * width


def test_rtl_style_helper_and_auto_direction():
    st = directed(_style(), "auto")
    p_ar = Paragraph(markup("مرحبا بكم Manahel"), st)
    p_en = Paragraph(markup("Hello مرحبا"), st)
    assert p_ar.base_level() == 1 and p_en.base_level() == 0
    assert Paragraph(markup("Hello"), _style()).base_level() == 0


def test_rtl_paragraph_is_right_aligned():
    width = 120 * MM
    pdf = _doc_pdf([Paragraph(markup("مناهل العتيبي"), _style(), direction="rtl")], width=width)
    (run,) = [r for r in text_runs(pdf) if r.text.strip()]
    # SimpleDocTemplate's frame pads its text by 6 pt on each side.
    assert run.x + string_width("مناهل العتيبي", 11) == pytest.approx(20 * MM + width - 6, abs=0.5)


def test_paragraph_splits_across_pages_in_reading_order():
    long_ar = " ".join([ARABIC] * 12)
    pdf = _doc_pdf([Paragraph(markup(long_ar), _style(14), direction="rtl")], width=80 * MM)
    from pypdf import PdfReader

    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    assert pages >= 2
    text = "".join(logical(line, "rtl") for p in range(pages) for line in visual_lines(pdf, p))
    assert squash(text) == squash(long_ar)


def test_chinese_paragraph_breaks_between_characters_not_before_punctuation():
    zh = "本人謹致函閣下，關注鄒幸彤（Chow Hang-tung）女士的情況。她是一名人權律師，因在社交媒體上呼籲市民悼念遇難者而被判入獄。" * 2
    pdf = _doc_pdf([Paragraph(markup(zh), _style())], width=60 * MM)
    lines = visual_lines(pdf)
    assert len(lines) >= 4
    assert "".join(lines) == zh
    for line in lines[1:]:
        assert line[0] not in "，。）、", line


def test_letter_with_every_script_reads_back(w4r, tmp_path):
    message = "\n\n".join(SAMPLES[k] for k in ("latin", "greek", "cyrillic", "chinese")) + "\n\nمناهل العتيبي\n\nשלום עולם"
    out = tmp_path / "l.pdf"
    res = w4r("letter", "manahel", *SENDER, "--message", message, "--date", "2026-12-10", "-o", str(out))
    assert res.returncode == 0, res.stderr
    assert "warning" not in res.stderr
    pdf = out.read_bytes()
    lines = visual_lines(pdf)
    text = "\n".join(logical(line) for line in lines)
    for sample in SAMPLES.values():
        assert squash(sample) in squash(text), sample
    assert "Łukasz Zoë" in text
    assert notdef_count(pdf) == 0
    fonts = fonts_used(pdf)
    assert fonts and all(fonts.values()) and all("+" in f for f in fonts), fonts


def test_arabic_letter_is_right_to_left(w4r, tmp_path):
    out = tmp_path / "ar.pdf"
    res = w4r("letter", "manahel", "--lang", "ar", *SENDER, "--date", "2026-12-10", "-o", str(out))
    assert res.returncode == 0, res.stderr
    pdf = out.read_bytes()
    lines = [logical(line, "rtl") for line in visual_lines(pdf)]
    assert any(squash("معالي الوزير،") == squash(line) for line in lines), lines  # the Minister of Justice
    assert any(squash(line).startswith(squash("الموضوع: مناهل العتيبي")) for line in lines)
    assert notdef_count(pdf) == 0
    # Body lines end at the right margin (A4, DIN 5008: 20 mm right margin at most 190 mm).
    runs = text_runs(pdf)
    salutation = [r for r in runs if squash("الوزير") in squash(r.text) or squash("الوزير")[::-1] in squash(r.text)]
    assert salutation and max(r.x for r in salutation) > 150 * MM


def test_chinese_letter_and_name_in_english_letter(w4r, tmp_path):
    for lang in ("zh-Hant", "en"):
        out = tmp_path / f"{lang}.pdf"
        res = w4r("letter", "chow-hang-tung", "--lang", lang, *SENDER, "--date", "2026-12-10", "-o", str(out))
        assert res.returncode == 0, res.stderr
        pdf = out.read_bytes()
        assert "鄒幸彤" in "".join(visual_lines(pdf))
        assert notdef_count(pdf) == 0
        assert all(fonts_used(pdf).values())


def test_missing_glyph_warns_with_character_and_field(w4r, tmp_path):
    out = tmp_path / "m.pdf"
    res = w4r("letter", "sasha", "--force", *SENDER, "--message", "A hieroglyph: \U00013000 and \ue123.", "-o", str(out))
    assert res.returncode == 0, res.stderr
    assert "w4r: warning: personal message paragraph 1: U+13000 EGYPTIAN HIEROGLYPH A001 is in no bundled font" in res.stderr
    assert "U+E123 (a private-use character" in res.stderr


def test_names_on_envelope_and_card(w4r, tmp_path):
    env = tmp_path / "env.pdf"
    res = w4r("envelope", "manahel", "--from", "Łukasz Zoë", "--address", "ul. Długa 5|00-238 Warszawa|POLAND", "-o", str(env))
    assert res.returncode == 0, res.stderr
    pdf = env.read_bytes()
    text = "\n".join(visual_lines(pdf))
    assert "Łukasz Zoë" in text and "SAUDI ARABIA" in text
    assert notdef_count(pdf) == 0 and all(fonts_used(pdf).values())
    card = tmp_path / "card.pdf"
    res = w4r("letter", "chow-hang-tung", "--to", "individual", "--from", "Łukasz Zoë", "-o", str(card))
    assert res.returncode == 0, res.stderr
    pdf = card.read_bytes()
    assert notdef_count(pdf) == 0 and all(fonts_used(pdf).values())


EMOJI_NOTE = "A rainbow 🌈 and a dove 🕊️ from us 👍🏽 ❤️"


def test_emoji_on_a_card_print_in_black_and_white(w4r, tmp_path):
    out = tmp_path / "card.pdf"
    res = w4r("letter", "rita", "--to", "individual", "--from", "Sam", "--message", EMOJI_NOTE, "-o", str(out))
    assert res.returncode == 0, res.stderr
    assert "no bundled font" not in res.stderr  # no gaps to warn about
    pdf = out.read_bytes()
    assert notdef_count(pdf) == 0
    assert any("NotoEmoji" in name for name in fonts_used(pdf)), fonts_used(pdf)
    assert all(fonts_used(pdf).values())
    text = "".join(visual_lines(pdf, 1))
    for emoji in ("🌈", "🕊", "👍"):
        assert emoji in text


def test_words_around_an_emoji_keep_the_text_face_and_its_spacing():
    fb = book()
    assert fb.runs("a rainbow 🌈 and") == [("a rainbow ", fb.base), ("🌈", "emoji"), (" and", fb.base)]
    # The emoji font's own space is a picture wide; a space after an emoji is an ordinary one.
    assert string_width("🌈 and", 10) == pytest.approx(string_width("🌈", 10) + string_width(" and", 10))


def test_a_skin_tone_or_a_flag_is_one_picture():
    # Shaped: the thumb and its tone, or two regional indicators, become one glyph as wide as one emoji.
    one = string_width("👍", 10)
    assert string_width("👍🏽", 10) == pytest.approx(one)
    assert string_width("🇺🇦", 10) == pytest.approx(one)


def test_a_fancy_name_prints_in_plain_letters(w4r, tmp_path):
    out = tmp_path / "f.pdf"
    res = w4r("letter", "sasha", "--force", "--from", "\U0001D400\U0001D427\U0001D427 Example", "-o", str(out))
    assert res.returncode == 0, res.stderr
    warnings = [ln for ln in res.stderr.splitlines() if "bundled font" in ln]
    assert warnings == ["w4r: warning: your name (--from): U+1D400 MATHEMATICAL BOLD CAPITAL A and 1 more character are in no "
                        "bundled font; they are printed in plain form: 'Ann Example'"]
    pdf = out.read_bytes()
    assert notdef_count(pdf) == 0
    assert "Ann Example" in "\n".join(visual_lines(pdf))


def test_emoji_with_vs16_and_keycaps_print_as_pictures(w4r, tmp_path):
    out = tmp_path / "emoji.pdf"
    message = "Sun \u2600\ufe0f phone \u260e\ufe0f one 1\ufe0f\u20e3 hash #\u20e3 heart \u2764\ufe0f"
    res = w4r("letter", "chow-hang-tung", "--message", message, "-o", str(out), "--date", "2026-12-10")
    assert res.returncode == 0, res.stderr
    assert "warning" not in res.stderr
    pdf = out.read_bytes()
    assert notdef_count(pdf) == 0
    assert any("Emoji" in name for name in fonts_used(pdf))
    # Each sequence comes out of the emoji face, not a symbol face with the selector as an empty box.
    from tests.conftest import text_runs

    emoji_runs = [r for r in text_runs(pdf) if "Emoji" in r.font]
    assert len(emoji_runs) >= 5 or sum(len(r.text.strip()) for r in emoji_runs) >= 5, emoji_runs


@pytest.mark.parametrize(
    "args",
    [
        ("letter", "chow-hang-tung", "--message", "Hello \ue000 there"),
        ("letter", "chow-hang-tung", "--to", "individual", "--message", "Hello \ue000 there"),
        ("letter", "chow-hang-tung", "--to", "individual", "--from", "Ann\uf8ff Example", "--message", "Hello"),  # the card signs "Ann"
        ("envelope", "chow-hang-tung", "--from", "Ann \ue123"),
    ],
)
def test_a_private_use_character_is_warned_about_everywhere(w4r, tmp_path, args):
    out = tmp_path / "out.pdf"
    res = w4r(*args, "-o", str(out))
    assert res.returncode == 0, res.stderr
    warnings = [ln for ln in res.stderr.splitlines() if "private-use character" in ln]
    assert len(warnings) == 1 and warnings[0].startswith("w4r: warning: "), res.stderr
    strict = w4r(*args, "-o", str(tmp_path / "strict.pdf"), "--strict")
    assert strict.returncode == 1 and not (tmp_path / "strict.pdf").exists(), strict.stderr
