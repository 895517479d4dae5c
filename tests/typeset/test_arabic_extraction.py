"""Arabic in w4r's PDFs is found by search and copies out as it was typed.

Real PDFs (the CLI's letter and card, lines and paragraphs drawn by the typeset
floor) are read back by independent readers, each with its own bidi handling:

- poppler's ``pdftotext``, which puts each line into reading order itself;
- PDFium (``pypdfium2``, Chrome's PDF engine), which reorders right-to-left
  text line by line with a simpler algorithm of its own;
- pypdf in visual order (``visual_lines``) put into reading order by the
  Unicode bidi algorithm (python-bidi), as a reader without bidi does it.

Words are compared letter for letter, vowel signs (harakat) included; every
ToUnicode entry of every embedded font must read back as some text.
"""

from __future__ import annotations

import io
import re
import subprocess
import unicodedata
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import SimpleDocTemplate

from tests.conftest import MM, REPO, logical, run_w4r, visual_lines
from w4r.typeset.canvas import canvas_kwargs
from w4r.typeset.fonts import book
from w4r.typeset.line import draw_line
from w4r.typeset.markup import markup
from w4r.typeset.paragraphs import Paragraph


DATE = "2026-12-05"
# Explicit embeddings and marks that pdftotext writes around runs of the other direction:
# they stand between words (poppler may leave the space on the other side of one).
_BIDI_CONTROLS = {cp: " " for cp in (*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F)}


# --- Readers ------------------------------------------------------------------------------


def words(text: str) -> list[str]:
    """The words of ``text``: runs of letters, vowel signs and digits (punctuation and spacing are the readers' guess)."""
    text = unicodedata.normalize("NFKC", text.translate(_BIDI_CONTROLS))
    return re.findall(r"(?:[^\W_]|[\u0300-\u036F\u064B-\u065F\u0670])+", text)


def pdftotext(pdf: Path, page: int | None = None) -> str:
    pages = ["-f", str(page + 1), "-l", str(page + 1)] if page is not None else []
    return subprocess.run(["pdftotext", "-enc", "UTF-8", *pages, str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def pdfium(pdf: Path, page: int | None = None) -> str:
    import pypdfium2

    doc = pypdfium2.PdfDocument(str(pdf))
    try:
        numbers = range(len(doc)) if page is None else [page]
        return "\n".join(doc[i].get_textpage().get_text_range() for i in numbers)
    finally:
        doc.close()


READERS = {"pdftotext": pdftotext, "pdfium": pdfium}


def contains(haystack: list[str], needle: list[str]) -> bool:
    """Whether ``needle`` occurs in ``haystack`` as consecutive words."""
    n = len(needle)
    return any(haystack[i : i + n] == needle for i in range(len(haystack) - n + 1))


def to_unicode_entries(pdf: bytes | Path) -> dict[str, list[tuple[str, str]]]:
    """Every (code, text) entry of every font's ToUnicode CMap, as hex strings, by font name."""
    reader = PdfReader(io.BytesIO(pdf) if isinstance(pdf, bytes) else str(pdf))
    out: dict[str, list[tuple[str, str]]] = {}
    for page in reader.pages:
        fonts = page.get("/Resources", {}).get("/Font", {})
        for ref in fonts.values():
            font = ref.get_object()
            if "/ToUnicode" not in font:
                continue
            cmap = font["/ToUnicode"].get_object().get_data().decode("latin-1")
            entries = []
            for block in re.findall(r"beginbfchar(.*?)endbfchar", cmap, re.S):
                entries += re.findall(r"<([0-9A-Fa-f]*)>\s*<([0-9A-Fa-f]*)>", block)
            for block in re.findall(r"beginbfrange(.*?)endbfrange", cmap, re.S):
                entries += [(lo, dst) for lo, _hi, dst in re.findall(r"<([0-9A-Fa-f]*)>\s*<([0-9A-Fa-f]*)>\s*<([0-9A-Fa-f]*)>", block)]
            out.setdefault(str(font["/BaseFont"]), []).extend(entries)
    return out


def assert_no_empty_entry(pdf: bytes | Path) -> None:
    entries = to_unicode_entries(pdf)
    assert any("Arabic" in name for name in entries), "an Arabic font is embedded"
    for name, pairs in entries.items():
        empty = [code for code, text in pairs if not text]
        assert not empty, f"{name}: codes {empty[:8]} map to no text (readers then invent characters)"
        for code, text in pairs:
            assert bytes.fromhex(text).decode("utf-16-be"), f"{name}: code {code}"


# --- Drawn by the typeset floor ------------------------------------------------------------


def _lines_pdf(tmp_path: Path, lines: list[tuple[str, str]], size: float = 12) -> Path:
    path = tmp_path / "lines.pdf"
    c = Canvas(str(path), pagesize=(210 * MM, 297 * MM), **canvas_kwargs())
    y = 270 * MM
    for text, direction in lines:
        draw_line(c, 20 * MM, y, text, size, direction=direction)
        y -= 12 * MM
    c.showPage()
    c.save()
    return path


NAME = "مُحَمَّد"  # Muhammad with damma, fatha, shadda: the vowel signs are drawn as marks over and under the letters


@pytest.mark.parametrize("reader", sorted(READERS))
def test_a_name_with_vowel_signs_comes_back_whole(tmp_path, reader):
    pdf = _lines_pdf(tmp_path, [(NAME, "rtl"), (f"{NAME} العتيبي", "rtl")])
    got = words(READERS[reader](pdf))
    assert got == [NAME, NAME, "العتيبي"], got
    assert_no_empty_entry(pdf)


@pytest.mark.parametrize("reader", sorted(READERS))
def test_lam_alef_ligature_reads_as_both_letters(tmp_path, reader):
    # Lam followed by alef is always drawn as one joined form (a required ligature).
    line = "لا أعرف السلام عليكم والإفراج"
    pdf = _lines_pdf(tmp_path, [(line, "rtl")])
    assert words(READERS[reader](pdf)) == words(line)
    assert_no_empty_entry(pdf)


MIXED = [
    ("Write to مناهل العتيبي on 5 December 2026, case 17", "ltr"),
    # Right to left with a Latin name: poppler takes a page's direction from most of its letters,
    # as an Arabic letter's page is.
    ("أرسلت الرسالة إلى Waleed Al Smani في 5 ديسمبر 2026 رقم ١٧ مع التحية", "rtl"),
]


def test_a_line_mixing_arabic_latin_and_digits_reads_in_logical_order(tmp_path):
    for text, direction in MIXED:
        pdf = _lines_pdf(tmp_path, [(text, direction)])
        # poppler: the whole line in reading order.
        assert words(pdftotext(pdf)) == words(text), (text, pdftotext(pdf))
        # Drawn order, read by a reader without bidi and reordered by the bidi algorithm.
        (visual,) = visual_lines(pdf)
        assert words(logical(visual, direction)) == words(text), (text, visual)
        # PDFium reorders each word of Arabic itself: every word comes back whole.
        assert sorted(words(pdfium(pdf))) == sorted(words(text))
        assert_no_empty_entry(pdf)


@pytest.mark.parametrize("reader", sorted(READERS))
def test_a_wrapped_right_to_left_paragraph_reads_line_after_line(tmp_path, reader):
    text = (
        "أكتب إليكم بشأن مناهل العتيبي، مدربة اللياقة البدنية والمدافعة عن حقوق المرأة. "
        "وقد سُجنت بسبب منشورات أيّدت فيها حقوق المرأة؛ أرجو الإفراج عنها فورًا ودون قيد أو شرط، أيًّا كانت آراؤها."
    )
    path = tmp_path / "para.pdf"
    style = ParagraphStyle("t", fontName=book().font_name("sans"), fontSize=11, leading=16)
    doc = SimpleDocTemplate(str(path), pagesize=(120 * MM, 200 * MM), leftMargin=15 * MM, rightMargin=15 * MM, **canvas_kwargs())
    doc.build([Paragraph(markup(text), style, direction="rtl")])
    got = READERS[reader](path)
    assert len([ln for ln in got.splitlines() if ln.strip()]) >= 3, "the paragraph wraps"
    assert words(got) == words(text)
    assert_no_empty_entry(path)


# --- Through the command line --------------------------------------------------------------


def _paragraphs(txt: str) -> list[list[str]]:
    return [words(p) for p in re.split(r"\n\s*\n", txt) if words(p)]


def test_arabic_letter_reads_back_word_for_word(tmp_path):
    pdf, txt = tmp_path / "letter.pdf", tmp_path / "letter.txt"
    for out, fmt in ((pdf, "pdf"), (txt, "txt")):
        r = run_w4r("letter", "manahel", "--to", "authorities", "--lang", "ar", "--date", DATE, "--format", fmt, "-o", str(out))
        assert r.returncode == 0, r.stderr
    typed = _paragraphs(txt.read_text(encoding="utf-8"))
    arabic = [p for p in typed if any("\u0600" <= ch <= "\u06ff" for w in p for ch in w)]
    assert len(arabic) >= 5
    assert any("سُجنت" in p for p in arabic) and any("أيًّا" in p for p in arabic), "the letter has vowel signs to test"
    for reader, read in READERS.items():
        got = words(read(pdf))
        for para in arabic:
            assert contains(got, para), f"{reader} did not return this paragraph in order:\n{' '.join(para)}\ngot:\n{' '.join(got)}"
    assert_no_empty_entry(pdf)


def test_arabic_card_greeting_reads_back(tmp_path):
    pdf = tmp_path / "card.pdf"
    r = run_w4r("letter", "manahel", "--to", "individual", "--lang", "ar", "--date", DATE, "-o", str(pdf))
    assert r.returncode == 0, r.stderr
    case = yaml.safe_load((REPO / "cases" / "manahel.yaml").read_text(encoding="utf-8"))
    greetings = [g["text"] for g in case["solidarity"]["greetings"] if g["lang"] == "ar"]
    assert greetings
    for reader, read in READERS.items():
        got = words(read(pdf))
        for greeting in greetings:
            want = words(greeting)
            if reader == "pdfium" and unicodedata.combining(greeting.rstrip(".،!؟")[-1]):
                # PDFium's own bidi counts a vowel sign as neutral: at the end of a line, before
                # the full stop, it is put after the stop ("وحدك.ِ"). The letters are all there.
                want = [w for w in (_letters(w) for w in want) if w]
                got_here = [w for w in (_letters(w) for w in got) if w]
                assert contains(got_here, want), (reader, greeting, got)
                continue
            assert contains(got, want), (reader, greeting, got)
    assert_no_empty_entry(pdf)


def _letters(word: str) -> str:
    return "".join(ch for ch in word if not unicodedata.combining(ch))


def test_bilingual_letter_keeps_both_languages_searchable(tmp_path):
    pdf = tmp_path / "both.pdf"
    r = run_w4r("letter", "manahel", "--lang", "ar", "--bilingual", "--date", DATE, "-o", str(pdf))
    assert r.returncode == 0, r.stderr
    for reader, read in READERS.items():
        got = words(read(pdf))
        assert contains(got, words("أكتب إليكم بشأن مناهل العتيبي")), reader
        assert contains(got, words("Manahel al-Otaibi")), reader
    assert_no_empty_entry(pdf)


def test_a_flood_of_combining_marks_keeps_every_entry_short(tmp_path):
    # One grapheme cluster of 501 characters: no ToUnicode entry may pass the 512 bytes
    # CMaps allow (pypdf refuses a font with one), and no character is lost.
    flood = "Z" + "\u0301" * 500
    pdf = _lines_pdf(tmp_path, [(f"{flood} {NAME}", "ltr")])
    entries = [text for pairs in to_unicode_entries(pdf).values() for _code, text in pairs]
    assert entries and max(len(text) // 2 for text in entries) <= 512
    assert "".join(visual_lines(pdf)).count("\u0301") == 500
