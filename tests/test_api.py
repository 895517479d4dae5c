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
