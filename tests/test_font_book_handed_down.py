"""The font book is a value handed down (docs/architecture.md, "State").

The front ends and the jobs of ``w4r.api`` take the process's book once
(``typeset.fonts.book()``) and pass it on as ``fb``; nothing on the floors below
them looks the default up.  A renderer that did would measure with one set of
fonts and draw with another whenever a caller brought its own book.
"""

from __future__ import annotations

import ast
import datetime as dt
import io
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.conftest import fonts_used, page_count, page_text
from w4r.typeset import fonts
from w4r.typeset.fonts import FontBook

PACKAGE = Path(__file__).resolve().parent.parent / "w4r"

# Below the jobs: they are handed a book, never take the default.
HANDED_A_BOOK = ("render", "pack", "batch", "tally", "compose", "cases")


def _default_book_uses(path: Path) -> list[tuple[int, str]]:
    """Where ``path`` calls ``book()`` (by any name it was imported under) or imports it from typeset.fonts."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names = {"book"}
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == "w4r.typeset.fonts":
            for alias in node.names:
                if alias.name == "book":
                    names.add(alias.asname or "book")
                    found.append((node.lineno, "imports book from w4r.typeset.fonts"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Name) and func.id in names:
                found.append((node.lineno, f"calls {func.id}()"))
            elif isinstance(func, ast.Attribute) and func.attr == "book":
                found.append((node.lineno, f"calls {ast.unparse(func)}()"))
    return sorted(found)


def test_no_floor_below_the_jobs_takes_the_default_book():
    wrong = []
    for floor in HANDED_A_BOOK:
        for path in sorted((PACKAGE / floor).rglob("*.py")):
            for line, what in _default_book_uses(path):
                wrong.append(f"{path.relative_to(PACKAGE.parent)}:{line}: {what}")
    assert not wrong, "take the book as a parameter (fb) instead of the process default:\n" + "\n".join(wrong)


@pytest.mark.parametrize("source", [
    "from w4r.typeset.fonts import book\n",
    "def f():\n    from w4r.typeset.fonts import FontBook, book as default\n    return default().font_name('sans')\n",
    "from w4r.typeset import fonts\n\ndef f():\n    return fonts.book()\n",
])
def test_the_rule_catches_a_default_book(tmp_path, source):
    """The checker itself: an import of ``book`` or a call of it is found, however it is spelled."""
    bad = tmp_path / "bad.py"
    bad.write_text(source)
    assert _default_book_uses(bad)


@pytest.fixture
def own_book():
    """A book of the test's own, with the process default forgotten (and forgotten again afterwards)."""
    fonts.reset_book()
    yield FontBook()
    fonts.reset_book()


def _case(case_id: str):
    from w4r.cases import CaseLibrary

    return CaseLibrary.open(None).get(case_id)


def test_a_letter_and_a_card_are_set_in_the_book_they_are_given(own_book):
    from w4r.compose.card import compose_card
    from w4r.compose.letter import compose_letter
    from w4r.compose.sender import make_sender
    from w4r.render.card import render_card
    from w4r.render.designs import parse_design
    from w4r.render.letter import render_letter
    from w4r.typeset.glyphcheck import missing_report

    case = _case("chow-hang-tung")
    sender = make_sender("Ann Example", "1 Main Street|Springfield")
    letter = compose_letter(case, sender=sender, message="Chow Hang-tung 鄒幸彤, you are not forgotten.", date=dt.date(2026, 12, 1),
                            glyph_check=lambda text: missing_report(text, own_book))
    letter_pdf = render_letter(letter, "a4", fb=own_book)
    design, outline = parse_design(None)
    card_pdf = render_card(compose_card(case, sender=sender, message="Stay strong."), "a5", design=design, outline=outline, fb=own_book)

    assert fonts._BOOK is None, "rendering with a book of one's own never makes the default book"
    assert "render.letter_first_page sender sizes" in own_book.memo_names(), "the measurements went into the given book"
    assert page_count(letter_pdf) == 1 and "Ann Example" in page_text(letter_pdf, 0) and "鄒幸彤" in page_text(letter_pdf, 0)
    assert page_count(card_pdf) == 2 and "Stay strong." in page_text(card_pdf, 1)
    for pdf in (letter_pdf, card_pdf):
        assert PdfReader(io.BytesIO(pdf)).pages[0].mediabox.width > 0
        used = fonts_used(pdf)
        assert used and all(used.values()) and all("NotoSans" in name for name in used), "the book's faces, every one embedded"


def test_a_batch_and_a_pack_take_the_book_they_are_given(own_book, tmp_path):
    from w4r.batch.job import BatchOptions, run_batch
    from w4r.cases import CaseLibrary
    from w4r.pack.plan import INDEX_PATH, PackOptions, plan_pack
    from w4r.pack.run import destination, run

    rows = [["name", "case", "to", "message", "group"],
            ["Ann", "chow-hang-tung", "letter", "Hello", "Class A"],
            ["Bo", "chow-hang-tung", "card", "Courage", "Class B"]]
    batch = run_batch(BatchOptions(rows=rows, output=tmp_path / "batch.pdf", duplex=True, jobs=1), fb=own_book)
    plan = plan_pack(CaseLibrary.open(None), PackOptions(case_ids=("chow-hang-tung",), date=dt.date(2026, 12, 1)), fb=own_book)
    pack = run(plan, destination(str(tmp_path / "pack"), False), force=False)

    assert fonts._BOOK is None
    printed = (tmp_path / "batch.pdf").read_bytes()
    assert page_count(printed) == batch.pages >= 4 and "Ann" in page_text(printed) and "Courage" in page_text(printed)
    index = (tmp_path / "pack" / INDEX_PATH).read_bytes()
    assert len(pack.files) > 5 and "event pack" in page_text(index, 0)
