"""The Python API: the example in docs/scripting.md, run as it stands, and each function."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import re
import subprocess
import sys

import pytest

import w4r
from tests.conftest import REPO, page_text
from w4r.errors import InputError, NotFoundError

DOC = REPO / "docs" / "scripting.md"


def doc_example() -> str:
    text = DOC.read_text(encoding="utf-8")
    m = re.search(r"<!-- test: api-example[^>]*-->\n```python\n(.*?)```", text, re.S)
    assert m, "docs/scripting.md has the marked example"
    return m.group(1)


def test_the_five_line_example_in_the_docs_works_verbatim(tmp_path, monkeypatch):
    code = doc_example()
    assert len(code.strip("\n").split("\n")) == 5
    monkeypatch.chdir(tmp_path)
    exec(compile(code, str(DOC), "exec"), {})
    pdf = (tmp_path / "luis-manuel-authorities.pdf").read_bytes()
    assert pdf.startswith(b"%PDF")
    text = page_text(pdf)
    assert "Ann Example" in text and "We think of you." in text


def test_tally_example_in_the_docs_prints_the_command_it_shows(tmp_path, monkeypatch):
    text = DOC.read_text(encoding="utf-8")
    block = re.search(r"The tally is `w4r.tally`:\n\n```python\n(.*?)```", text, re.S).group(1)
    expected = [ln.removeprefix("# ") for ln in block.splitlines() if ln.startswith("# ")]
    monkeypatch.chdir(tmp_path)
    out = subprocess.run([sys.executable, "-c", block], capture_output=True, text=True, cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines() == ["rita 12 12", *expected]


def test_import_w4r_is_light():
    code = "import sys, w4r; print(any(m.startswith(('reportlab', 'jinja2', 'pydantic', 'typer')) for m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.stdout.strip() == "False", "import w4r loads nothing heavy"
    assert w4r.__version__


def test_load_case_and_list_cases():
    rita = w4r.load_case("rita")
    assert rita.id == "rita"
    every = w4r.list_cases()
    assert [c.id for c in every] == sorted(c.id for c in every)
    open_only = w4r.list_cases(include_closed=False)
    assert open_only and all(not c.closed for c in open_only) and len(open_only) < len(every)
    with pytest.raises(NotFoundError, match="did you mean rita"):
        w4r.load_case("rit")


def test_render_letter_as_email_file():
    data = w4r.render_letter("chow-hang-tung", sender_name="Ann Example", format="eml", date="2026-12-10")
    msg = email.message_from_bytes(data, policy=email.policy.default)
    assert msg["To"].addresses[0].addr_spec == w4r.load_case("chow-hang-tung").target(1).email
    assert msg["From"] is None
    assert "Ann Example" in msg.get_content()
    txt = w4r.render_letter("luis-manuel", sender_name="Ann Example", format="txt", date=dt.date(2026, 12, 10))
    assert txt.decode("utf-8").splitlines()[0].startswith("Luis Manuel Otero")


def test_render_letter_bad_arguments():
    with pytest.raises(InputError, match="to='officials': write to 'authorities'"):
        w4r.render_letter("rita", to="officials")
    with pytest.raises(InputError, match="format='docx': choose one of pdf, email, eml, txt"):
        w4r.render_letter("rita", format="docx")
    with pytest.raises(InputError, match="date '10/12/2026' is not a date"):
        w4r.render_letter("rita", date="10/12/2026")
    with pytest.raises(InputError, match="paper='a5': choose a4 or letter"):
        w4r.render_letter("rita", paper="a5")


def test_render_card_through_the_api():
    pdf = w4r.render_letter("chow-hang-tung", to="individual", sender_name="Ann Example", message="Thinking of you.")
    assert pdf.startswith(b"%PDF")
    text = page_text(pdf)
    assert "Thinking of you." in text and "你並不孤單" in text
    assert "Example" not in text, "the card shows only as much of the sender as the case allows (first name)"
    assert page_text(w4r.render_letter("chow-hang-tung", to="individual", format="a6-4up"))
    with pytest.raises(InputError, match="format='eml': a card is one of pdf, a5"):
        w4r.render_letter("chow-hang-tung", to="individual", format="eml")
    with pytest.raises(InputError, match="design= is for cards"):
        w4r.render_letter("chow-hang-tung", design="dove")


# --- w4r.api: the jobs as library calls (options in, a result with warnings as data out) ---

DAY = dt.date(2026, 12, 10)


def _progress():
    calls = []
    return calls, lambda stage, done, total: calls.append((stage, done, total))


def test_api_letter_writes_a_real_pdf_and_reports_progress(tmp_path):
    from w4r.api import LetterOptions, letter

    calls, progress = _progress()
    out = tmp_path / "letter.pdf"
    result = letter(LetterOptions("luis-manuel", sender_name="Ann Example", message="We think of you.", date=DAY, output=out), progress)
    assert result.outputs == [out] and out.read_bytes() == result.data
    text = page_text(out.read_bytes())
    assert "Ann Example" in text and "We think of you." in text and "10 December 2026" in text
    assert result.counts == {"letters": 1} and result.problems == []
    assert [c[0] for c in calls] == ["composing", "rendering", "writing", "writing"] and calls[-1] == ("writing", 1, 1)
    assert w4r.letter is letter, "the package root offers the same job"


def test_api_missing_glyph_is_a_notice_with_code_and_field():
    from w4r.api import LetterOptions, letter

    result = letter(LetterOptions("luis-manuel", sender_name="Ann \U00013000", date=DAY))
    assert result.path is None and result.data.startswith(b"%PDF"), "no output asked for: the bytes only"
    (glyph,) = [w for w in result.warnings if w.code == "missing-glyphs"]
    assert glyph.params["field"] == "sender-name"
    assert "U+13000" in glyph.params["detail"] and "--" not in glyph, "the library's words name no command-line option"


def test_api_closed_case_raises_case_closed_error_with_fields():
    from w4r.api import LetterOptions, letter
    from w4r.errors import CaseClosedError

    with pytest.raises(CaseClosedError) as info:
        letter(LetterOptions("germain", date=DAY))
    err = info.value
    assert (err.code, err.field, err.case_id, err.status) == ("case-closed", "case", "germain", err.params["status"])
    assert isinstance(err.since, dt.date) and err.has_card
    assert "--" not in err.message
    record = letter(LetterOptions("germain", date=DAY, for_the_record=True))
    assert record.for_the_record and record.closed.code == "case-closed-record"


def test_api_card_and_envelope(tmp_path):
    from w4r.api import CardOptions, EnvelopeOptions, card, envelope

    calls, progress = _progress()
    made = card(CardOptions("chow-hang-tung", sender_name="Ann Example", message="Thinking of you.", output_dir=tmp_path), progress)
    assert made.kind == "card" and made.outputs == [tmp_path / "chow-hang-tung-card.pdf"]
    assert "Thinking of you." in page_text(made.outputs[0].read_bytes())
    assert made.counts == {"cards": 1} and made.how_to_print and calls
    sheet = card(CardOptions("chow-hang-tung", format="a6-4up"))
    assert sheet.counts == {"cards": 4}
    env = envelope(EnvelopeOptions("luis-manuel", sender_name="Ann Example", address="1 Main Street|Town", date=DAY), progress)
    assert env.size == "dl" and "Ann Example" in page_text(env.data)


def test_api_pack_returns_its_files_and_warnings_as_data(tmp_path):
    from w4r.api import PackOptions, pack

    calls, progress = _progress()
    result = pack(PackOptions(tmp_path / "pack", cases=("luis-manuel",), letters=1, cards=0, date=DAY), progress)
    assert result.outputs and all(p.exists() for p in result.outputs)
    letters = [p for p in result.outputs if p.name.startswith("letters")]
    assert letters and "Luis Manuel" in page_text(letters[0].read_bytes())
    assert all(hasattr(w, "code") for w in result.warnings)
    assert [c[0] for c in calls][:2] == ["planning", "rendering"]
    rendering = [c[1:] for c in calls if c[0] == "rendering"]
    total = rendering[0][1]
    assert total >= 3 and rendering == [(i, total) for i in range(total + 1)]  # one call per file, then done


def test_api_batch_takes_options_and_progress_and_returns_problems_as_data():
    from w4r.api import BatchOptions, batch

    calls, progress = _progress()
    rows = [["case", "name", "to", "message"], ["luis-manuel", "Ann Example", "authorities", "We think of you."],
            ["luis-manuel", "Bo \U00013000", "authorities", "Free him."]]
    result = batch(BatchOptions(rows=rows, date=DAY, jobs=1), progress)
    assert result.printed == 2 and result.pdf.startswith(b"%PDF")
    assert "Ann Example" in page_text(result.pdf)
    assert any(p.warning for p in result.problems) and all(p.code for p in result.warnings)
    assert calls and {c[0] for c in calls} <= {"checking", "printing"}
