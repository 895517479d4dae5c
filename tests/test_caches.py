"""Every in-memory cache has one owner: the font book for measurements, w4r.caches for pure ones."""

from __future__ import annotations

import ast
from pathlib import Path

from w4r import caches
from w4r.typeset import fonts
from w4r.typeset.fonts import FontBook
from w4r.typeset.line import draw_line, string_width

PACKAGE = Path(__file__).resolve().parent.parent / "w4r"


def test_measurements_belong_to_the_book_they_were_made_with():
    a, b = FontBook(), FontBook()
    width = string_width("Chow Hang-tung 鄒幸彤", 11, fb=a)
    assert "typeset.line pieces" in a.memo_names()
    assert b.memo_names() == [], "a second book measured nothing yet and holds nothing"
    assert string_width("Chow Hang-tung 鄒幸彤", 11, fb=b) == width, "the same fonts measure the same"
    assert "typeset.line pieces" in b.memo_names()


def test_clear_all_forgets_the_default_book_and_the_pure_caches():
    import w4r.compose.languages  # noqa: F401 - registers its caches

    first = fonts.book()
    string_width("Sasha Skochilenko", 11)
    assert fonts.book() is first
    assert {"typeset.fonts default book", "typeset.bidi levels"} <= set(caches.names())
    assert any(name.startswith("compose.languages.") for name in caches.names())
    caches.clear_all()
    assert fonts.book() is not first, "a new default book, with no measurements in it"
    assert fonts.book().memo_names() == []


def test_no_module_keeps_a_cache_of_its_own():
    """functools.lru_cache / cache only through w4r.caches.cached, so every pure cache is registered."""
    wrong = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.name == "caches.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and node.attr in ("lru_cache", "cache") and getattr(node.value, "id", "") == "functools":
                wrong.append(f"{path.relative_to(PACKAGE.parent)}:{node.lineno}")
            if isinstance(node, ast.ImportFrom) and node.module == "functools" and any(a.name in ("lru_cache", "cache") for a in node.names):
                wrong.append(f"{path.relative_to(PACKAGE.parent)}:{node.lineno}")
    assert not wrong, "caches outside w4r.caches (use caches.cached or a FontBook memo):\n" + "\n".join(wrong)


def test_draw_line_uses_the_book_it_is_given(tmp_path):
    from reportlab.pdfgen.canvas import Canvas

    from w4r.typeset.canvas import canvas_kwargs

    mine = FontBook()
    c = Canvas(str(tmp_path / "x.pdf"), **canvas_kwargs(mine))
    draw_line(c, 10, 10, "سلام Chow 鄒幸彤", 12, fb=mine)
    c.save()
    assert {"typeset.line pieces", "typeset.bidi shaped runs"} <= set(mine.memo_names())
