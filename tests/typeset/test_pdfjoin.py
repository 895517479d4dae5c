"""Joining w4r's own PDFs: every page in order and in place, fonts embedded, subsets kept apart, same bytes every time.

The references here are made without the joiner: the parts themselves, or one
ReportLab document with every page, read back by poppler (pdftotext -bbox)
and pypdf, so a joiner that mangles text or positions cannot agree with them.
"""

from __future__ import annotations

import datetime as dt
import io
import subprocess
import sys

import pytest
from pypdf import PdfReader
from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfgen.canvas import Canvas

from tests.conftest import MM, REPO, fonts_used, in_fresh_process, page_count, page_size, page_text, word_boxes
from w4r.typeset.fonts import book
from w4r.errors import ExitCode, W4RError
from w4r.typeset.canvas import canvas_kwargs, set_metadata
from w4r.typeset.line import draw_line
from w4r.typeset.pdfjoin import JoinError, join


def pdf(words: list[str], size=A4, title: str = "Part") -> bytes:
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=size, **canvas_kwargs())
    for w in words:
        draw_line(c, 72, 500, w, 12)
        draw_line(c, 72, 400, w.upper(), 12, bold=True)
        c.showPage()
    set_metadata(c, title, lang="de")
    c.save()
    return buf.getvalue()


def boxes(data: bytes, page: int) -> list[tuple[str, float, float, float, float]]:
    return [(w.text, w.x0, w.top, w.x1, w.bottom) for w in word_boxes(data, page)]


def test_pages_in_order_with_their_text_positions_and_sizes():
    a, b, c = pdf(["alpha", "beta"]), pdf(["gamma"], landscape(A4)), pdf(["delta", "epsilon", "zeta"])
    joined = join([a, b, c], title="Batch")
    assert page_count(joined) == 6
    assert [page_text(joined, i).split()[0] for i in range(6)] == ["alpha", "beta", "gamma", "delta", "epsilon", "zeta"]
    assert page_size(joined, 2) == pytest.approx(landscape(A4), abs=0.01)
    # Every page exactly as in its part, word by word and box by box.
    for joined_page, (part, page) in enumerate([(a, 0), (a, 1), (b, 0), (c, 0), (c, 1), (c, 2)]):
        assert boxes(joined, joined_page) == boxes(part, page)
    PdfReader(io.BytesIO(joined), strict=True).pages[5].extract_text()


def test_document_information_and_language_come_from_the_first_part():
    joined = join([pdf(["one"], title="First"), pdf(["two"], title="Second")], title="Batch", producer="w4r 9")
    reader = PdfReader(io.BytesIO(joined))
    assert reader.metadata.title == "Batch"
    assert reader.metadata.producer == reader.metadata.creator == "w4r 9"
    assert reader.metadata.subject == "Write for Rights"  # the first part's own
    assert reader.trailer["/Root"]["/Lang"] == "de"


def test_fonts_stay_embedded_and_each_part_keeps_its_own_subset_names():
    parts = [pdf(["alpha"]), pdf(["omega"]), pdf(["sigma"])]
    # ReportLab names the first subset of a font alike in every file.
    assert set(fonts_used(parts[0])) == set(fonts_used(parts[1]))
    joined = join(parts)
    fonts = fonts_used(joined)
    assert all(fonts.values())
    # Three parts, each with its own regular and bold subset, none sharing a name.
    assert len(fonts) == 6
    assert set(fonts_used(parts[0])) <= set(fonts)  # the first part keeps its tags


def test_what_pages_of_a_part_share_is_written_once():
    joined = join([pdf(["a", "b", "c"]), pdf(["d", "e"])])
    reader = PdfReader(io.BytesIO(joined))
    fonts = [p["/Resources"]["/Font"] for p in reader.pages]
    refs = [{k: v.idnum for k, v in f.items()} for f in fonts]
    assert refs[0] == refs[1] == refs[2] and refs[3] == refs[4]
    assert set(refs[0].values()).isdisjoint(refs[3].values())
    font_files = {p.get_object()["/FontDescriptor"].raw_get("/FontFile2").idnum for f in fonts for p in f.values()}
    assert len(font_files) == 4  # two faces in each of two parts


def test_moved_pages_shift_every_word_by_the_offset():
    a = pdf(["alpha", "beta"])
    moved = join([a], moves_mm=[(0, 0), (3, -2)])
    assert boxes(moved, 0) == boxes(a, 0)
    for (t, x0, top, x1, bottom), (t2, mx0, mtop, mx1, mbottom) in zip(boxes(a, 1), boxes(moved, 1), strict=True):
        assert t == t2
        assert (mx0 - x0, mtop - top) == pytest.approx((3 * MM, -2 * MM), abs=0.01)


def test_same_input_same_bytes_in_other_processes_and_single_part():
    parts = [pdf(["one"]), pdf(["two"])]
    here = join(parts)
    code = (
        f"import sys; from {__name__} import pdf; from {join.__module__} import join; "
        "sys.stdout.buffer.write(join([pdf(['one']), pdf(['two'])]))"
    )
    assert in_fresh_process(code, 1) == here
    assert in_fresh_process(code, 2) == here
    assert page_count(join(parts[:1])) == 1


def test_a_damaged_part_is_a_user_error_naming_the_part():
    good = pdf(["fine"])
    inside = good.replace(b"endobj", b"endbox", 3)  # an object in the middle broken, the rest intact
    for damaged in (good[: len(good) // 2], b"%PDF-1.4\nnot really\n", b"", inside):
        with pytest.raises(JoinError) as caught:
            join([good, damaged, good])
        err = caught.value
        assert isinstance(err, W4RError) and err.exit_code == ExitCode.OUTPUT
        assert (err.code, err.part, err.parts) == ("join-failed", 2, 3)
        assert "part 2 of 3" in err.message and "\n" not in err.message
    with pytest.raises(ValueError):
        join([])


# --- Through the batch: forked parts against one document made without the joiner ---------------------------


ROWS = "name,message,case,to\n" + "".join(f"Writer {i},Message number {i} from me.,luis-manuel,authorities\n" for i in range(5))


def _items():
    from w4r.batch.csvfile import parse
    from w4r.batch.plan import plan
    from w4r.batch.validate import Options, card_maker, check_roster
    from w4r.cases import CaseLibrary
    from w4r.render.designs import parse_design

    design, _ = parse_design(None)
    opts = Options(date=dt.date(2026, 12, 10), card_maker=card_maker("a5", design, None, fb=book()), card_format="a5", fb=book())
    checked = check_roster(parse(ROWS, "roster.csv"), CaseLibrary.open(None), opts)
    assert checked.errors == []
    return plan(checked.items)


def test_two_processes_print_the_same_pages_as_one_document_without_the_joiner(tmp_path, monkeypatch):
    from w4r.batch import run
    from w4r.batch.run import RenderOptions, render_letters
    from w4r.batch.write import write_batch

    groups = _items()
    reference, pages = render_letters(groups[0].items, RenderOptions(fb=book()))  # one ReportLab document, never joined
    monkeypatch.setattr(run, "MIN_CHUNK", 2)
    out = tmp_path / "two.pdf"
    write_batch(groups, RenderOptions(jobs=2, fb=book()), output=out)
    joined = out.read_bytes()
    assert page_count(joined) == pages == 5
    for p in range(pages):
        assert boxes(joined, p) == boxes(reference, p), p
    assert len(fonts_used(joined)) == 4  # two processes, each with its own regular and bold subset


DAMAGED_CLI = r"""
import sys
from w4r.batch import run
real = run.render_letters
def damaged(items, opts, tick=run._noop):
    data, pages = real(items, opts, tick)
    return data[: len(data) // 2], pages
run.render_letters = damaged
from w4r.cli.main import run as cli
try:
    cli(sys.argv[1:])
except SystemExit as e:
    sys.exit(e.code)
"""


def test_a_damaged_part_stops_the_batch_with_exit_code_4_and_one_line(tmp_path):
    roster = tmp_path / "roster.csv"
    roster.write_text(ROWS, encoding="utf-8")
    out = tmp_path / "out.pdf"
    proc = subprocess.run(
        [sys.executable, "-c", DAMAGED_CLI, "batch", str(roster), "-o", str(out), "--date", "2026-12-10", "--quiet"],
        cwd=REPO, capture_output=True, text=True, timeout=120,
    )
    assert "Traceback" not in proc.stderr, proc.stderr
    assert proc.returncode == 4, proc.stderr
    errors = [ln for ln in proc.stderr.splitlines() if ln.startswith("w4r: error: ")]
    assert len(errors) == 1 and "part 1 of 1" in errors[0], proc.stderr
    assert not out.exists()
