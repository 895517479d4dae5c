"""Templates from other groups: sandboxed, bounded, and every failure names the file and line."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import page_text
from tests.robustness.support import DATE, assert_clean_failure
from w4r import paths
from w4r.compose import sandbox
from w4r.compose.environment import environment, lang_code, render_block, template_dirs
from w4r.errors import InputError, NotFoundError

SHIPPED = paths.shipped_templates_dir() / "letters" / "appeal.en.j2"
NAME = "letters/appeal.en.j2"
BAD_LINE = 3  # the line of the template below that holds the expression under test


def template_folder(tmp_path: Path, expression: str, *, folder: str = "mine") -> Path:
    """A template folder whose appeal.en.j2 has ``expression`` on line 3, inside the body block."""
    d = tmp_path / folder
    (d / "letters").mkdir(parents=True)
    (d / NAME).write_text(
        "{% block subject %}Subject{% endblock %}\n"
        "{% block body %}\n"
        f"{expression}\n"
        "{% endblock %}\n"
        "{% block request %}Please.{% endblock %}\n",
        encoding="utf-8",
    )
    return d


def render(folder: Path, block: str = "body", **context) -> str:
    return render_block(environment(folder), NAME, block, {"case": {"name": "Ann"}, **context})


def failure(folder: Path, exc=InputError) -> str:
    with pytest.raises(exc) as info:
        render(folder)
    msg = str(info.value)
    assert "\n" not in msg
    return msg


def at_line(folder: Path, line: int = BAD_LINE) -> str:
    return f"{folder / NAME}:{line}: "


ESCAPES = [
    "{{ ''.__class__.__mro__ }}",
    "{{ ''|attr('__class__') }}",
    "{{ cycler.__init__.__globals__ }}",
    "{{ joiner.__init__.__globals__['os'] }}",
    "{{ namespace.__init__.__globals__ }}",
    "{{ range.__self__ }}",
    "{{ case.__class__.__base__.__subclasses__() }}",
    "{{ self.__init__.__globals__ }}",
    "{{ ''.format.__globals__ }}",
    "{{ '{0.__class__}'.format('') }}",
    "{{ [].append(1) }}",
    "{{ {}.update(a=1) }}",
]


@pytest.mark.parametrize("expression", ESCAPES)
def test_sandbox_escapes_fail_with_file_and_line(tmp_path, expression):
    folder = template_folder(tmp_path, expression)
    msg = failure(folder)
    assert msg.startswith(at_line(folder)), msg
    assert any(w in msg for w in ("not allowed in a template", "unsafe", "undefined", "has no attribute")), msg


RUNAWAYS = {
    "nested loops without output": "{% for i in range(10000) %}{% for j in range(10000) %}{% endfor %}{% endfor %}",
    "nested loops with output": "{% for i in range(10000) %}{% for j in range(10000) %}x{% endfor %}{% endfor %}",
    "three nested loops over a string": "{% set s = 'x' * 200 %}{% for a in s %}{% for b in s %}{% for c in s %}{% endfor %}{% endfor %}{% endfor %}",
    "string times a billion": "{{ 'x' * 1000000000 }}",
    "list times a billion": "{{ ([1] * 1000000000)|length }}",
    "list of big strings": "{% set s = 'x' * 100000 %}{{ ([s] * 100000)|map('upper')|list|length }}",
    "list of big strings joined": "{% set s = 'x' * 100000 %}{{ ([[s] * 2] * 10000)|map('join')|list|length }}",
    "center": "{{ 'x'|center(1000000000) }}",
    "str.ljust": "{{ 'x'.ljust(1000000000) }}",
    "format width": "{{ '{:>1000000000}'.format(1) }}",
    "format width as argument": "{{ '{:{}}'.format('x', 1000000000) }}",
    "format_map width": "{{ '{a:>1000000000}'.format_map({'a': 1}) }}",
    "format filter width": "{{ '%1000000000d'|format(1) }}",
    "percent width": "{{ '%1000000000s' % 'x' }}",
    "percent star": "{{ '%*s' % (1000000000, 'x') }}",
    "huge power": "{{ 9 ** 999999 }}",
    "replace empty": "{{ ('x' * 1000).replace('', 'y' * 10000) }}",
    "join": "{{ ('y' * 100000).join(['a'] * 10000) }}",
    "join filter": "{{ (['a'] * 10000)|join('y' * 100000) }}",
    "expandtabs": "{{ ('\t' * 10000).expandtabs(10000) }}",
    "indent": "{{ ('\\n' * 10000)|indent(10000, true) }}",
    "batch": "{{ [1]|batch(1000000000, 0)|list|length }}",
    "macro recursion": "{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}",
    "macro doubling": "{% macro f(s, n) %}{% if n %}{{ f(s ~ s, n - 1) }}{% else %}{{ s|length }}{% endif %}{% endmacro %}{{ f('x', 60) }}",
    "namespace doubling": "{% set ns = namespace(s='x') %}{% for i in range(60) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}{{ ns.s|length }}",
    "range too long": "{{ range(1000000)|length }}",
    "self include": "{% include 'letters/appeal.en.j2' %}",
    "output flood": "{% for i in range(10000) %}{{ 'x' * 1000 }}{% endfor %}",
}


@pytest.mark.parametrize("label", sorted(RUNAWAYS))
def test_runaway_templates_are_stopped_with_file_and_line(tmp_path, label):
    folder = template_folder(tmp_path, RUNAWAYS[label])
    msg = failure(folder)
    assert msg.startswith(str(folder / NAME)), msg
    if label not in ("output flood", "nested loops with output"):  # counted after the line ran
        assert msg.startswith(at_line(folder)), msg
    assert any(w in msg for w in ("stopped", "recurses", "limited", "more than")), msg


def test_ordinary_template_features_still_work(tmp_path):
    folder = template_folder(
        tmp_path,
        "{% set ns = namespace(n=0) %}{% for i in range(100) %}{% set ns.n = ns.n + i %}{% endfor %}{{ ns.n }} "
        "{{ '{:,}'.format(1234567) }} {{ '%05d'|format(42) }} {{ 'a-b'.replace('-', '+') }} {{ ['x', 'y']|join(', ') }} "
        "{{ 'abc'|upper|center(9) }} {{ 2 ** 10 }} {% for w in 'one two'.split() %}{{ loop.index }}{{ w }}{% if not loop.last %},{% endif %}{% endfor %}",
    )
    out = " ".join(render(folder).split())
    assert out == "4950 1,234,567 00042 a+b x, y ABC 1024 1one,2two"


def test_render_outside_render_block_has_the_budget_too(tmp_path):
    folder = template_folder(tmp_path, RUNAWAYS["nested loops without output"])
    template = environment(folder).get_template(NAME)
    with pytest.raises(sandbox.TemplateLimitError):
        template.render(case={})


def test_each_render_gets_a_fresh_budget(tmp_path):
    folder = template_folder(tmp_path, "{% for i in range(10000) %}{% for j in range(40) %}{% endfor %}{% endfor %}x")
    for _ in range(3):  # 400,000 steps each: fine alone, too many if budgets leaked between renders
        assert render(folder).strip() == "x"


def test_undefined_variable_names_file_and_line(tmp_path):
    folder = template_folder(tmp_path, "Dear {{ case.nmae }}")
    msg = failure(folder)
    assert msg.startswith(at_line(folder)) and "nmae" in msg


def test_runtime_error_names_file_and_line(tmp_path):
    folder = template_folder(tmp_path, "{{ 1 / 0 }}")
    msg = failure(folder)
    assert msg.startswith(at_line(folder)) and "ZeroDivisionError" in msg


def test_syntax_error_names_file_and_line(tmp_path):
    folder = template_folder(tmp_path, "{% for x in %}")
    msg = failure(folder)
    assert msg.startswith(at_line(folder)) and "syntax error" in msg


def test_markup_outside_the_allowlist_names_file_and_line(tmp_path):
    folder = template_folder(tmp_path, '<img src="/etc/passwd"/>')
    msg = failure(folder)
    assert msg.startswith(at_line(folder)) and "tag <img ...>" in msg


def test_markup_from_a_value_marked_safe_is_checked_too(tmp_path):
    folder = template_folder(tmp_path, "{{ case.name|safe }}")
    with pytest.raises(InputError) as info:
        render_block(environment(folder), NAME, "body", {"case": {"name": "<font color=red>x</font>"}})
    assert "tag <font ...>" in str(info.value)


def test_user_text_in_a_template_is_escaped(tmp_path):
    folder = template_folder(tmp_path, "{{ case.name }}")
    out = render_block(environment(folder), NAME, "body", {"case": {"name": "<b>Ann</b> & <img src=x>"}})
    assert "&lt;b&gt;Ann&lt;/b&gt; &amp; &lt;img src=x&gt;" in out


def test_include_outside_the_folders_is_refused(tmp_path):
    folder = template_folder(tmp_path, "{% include '../../../../../etc/passwd' %}")
    msg = failure(folder, NotFoundError)
    assert msg.startswith(at_line(folder)) and "not found" in msg


def test_a_template_linking_outside_its_folder_is_refused(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("the secret")
    folder = template_folder(tmp_path, "{% include 'letters/link.j2' %}")
    (folder / "letters" / "link.j2").symlink_to(secret)
    msg = failure(folder)
    assert "outside its folder" in msg and "the secret" not in msg


def test_template_not_utf8_names_line_and_column(tmp_path):
    folder = template_folder(tmp_path, "ok")
    (folder / NAME).write_bytes(b"line one\nCaf\xe9\n")
    with pytest.raises(InputError) as info:
        render(folder)
    assert str(info.value) == f"{folder / NAME}:2:4: the template is not valid UTF-8; save it as UTF-8"


def test_huge_template_file_is_refused(tmp_path):
    folder = template_folder(tmp_path, "x" * 300_000)
    with pytest.raises(InputError) as info:
        render(folder)
    assert "larger than 256 kB" in str(info.value)


def test_deeply_nested_template_expression_is_an_error_not_a_crash(tmp_path):
    folder = template_folder(tmp_path, "{{ " + "(" * 5000 + "1" + ")" * 5000 + " }}")
    with pytest.raises(InputError):
        render(folder)


# -- where templates come from, and language codes


@pytest.mark.parametrize("bad", ["../cases/sasha", "en/../../x", "EN", "e", "english", "en_GB", "", "en-", "zh-Hant/x", "en\x00"])
def test_language_codes_are_checked_before_use(bad):
    with pytest.raises(InputError) as info:
        lang_code(bad)
    assert "is not a language code" in str(info.value)


@pytest.mark.parametrize("good", ["en", "ru", "zh-Hant", "pt-BR", "ast"])
def test_language_codes_that_pass(good):
    assert lang_code(good) == good


def test_language_file_path_never_built_from_a_bad_code():
    from w4r.compose.languages import load_language

    with pytest.raises(InputError):
        load_language("../lang/en", (paths.shipped_templates_dir(),))


def test_templates_folder_beside_the_cases_is_searched_after_templates_option(tmp_path, monkeypatch):
    cases = tmp_path / "group"
    (cases / "templates").mkdir(parents=True)
    mine = tmp_path / "mine"
    mine.mkdir()
    assert template_dirs(None, cases)[0] == cases / "templates"
    assert template_dirs(mine, cases)[:2] == [mine, cases / "templates"]
    assert template_dirs(None, tmp_path / "no-templates-here")[0] == paths.shipped_templates_dir()
    monkeypatch.setenv("W4R_CASES_DIR", str(cases))
    assert template_dirs()[0] == cases / "templates"


def test_missing_templates_folder_is_an_error():
    with pytest.raises(NotFoundError) as info:
        template_dirs("/nonexistent/templates")
    # The library says what is wrong as data; the command line names its option (w4r.cli.words).
    assert info.value.code == "no-templates" and info.value.field == "templates" and "--" not in str(info.value)
    from w4r.cli.words import error_words

    assert error_words(info.value) == "template folder /nonexistent/templates does not exist; check --templates"


# -- through the real command line


def letter_template_folder(tmp_path: Path, extra_body_line: str, folder: str = "theirs") -> Path:
    """A copy of the shipped English appeal with one line added at the top of the body block."""
    d = tmp_path / folder
    (d / "letters").mkdir(parents=True)
    text = SHIPPED.read_text(encoding="utf-8")
    lines = text.splitlines()
    at = next(i for i, ln in enumerate(lines) if "{% block body %}" in ln) + 1
    lines.insert(at, extra_body_line)
    (d / NAME).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return d, at + 1


@pytest.mark.parametrize(
    "expression",
    ["{{ ''.__class__.__mro__ }}", "{{ ''|attr('__class__') }}", "{{ cycler.__init__.__globals__ }}"],
)
def test_cli_sandbox_escape_fails_cleanly_with_file_and_line(w4r, tmp_path, expression):
    folder, line = letter_template_folder(tmp_path, expression)
    out = tmp_path / "out.pdf"
    res = w4r("letter", "magai", "--force", "--templates", str(folder), "-o", str(out))
    err = assert_clean_failure(res, 2, f"{folder / NAME}:{line}: ", "not allowed in a template")
    assert "__globals__" not in err or "unsafe" in err
    assert not out.exists()


def test_cli_runaway_template_is_stopped(w4r, tmp_path):
    folder, line = letter_template_folder(tmp_path, RUNAWAYS["nested loops without output"])
    res = w4r("letter", "magai", "--force", "--templates", str(folder), "-o", str(tmp_path / "o.pdf"), timeout=60)
    assert_clean_failure(res, 2, f"{folder / NAME}:{line}: ", "stopped")


def test_cli_templates_beside_the_cases_are_used(w4r, tmp_path):
    group = tmp_path / "group"
    group.mkdir()
    shutil.copy(paths.shipped_cases_dir() / "magai.yaml", group / "magai.yaml")
    folder, _ = letter_template_folder(group, "OUR GROUP'S OWN WORDS.", folder="templates")
    out = tmp_path / "o.pdf"
    res = w4r("letter", "magai", "--force", "--cases-dir", str(group), "-o", str(out), "--date", DATE.isoformat())
    assert res.returncode == 0, res.stderr
    assert "OUR GROUP\u2019S OWN WORDS." in page_text(out.read_bytes())  # a template's own words get the language's apostrophe
    # Without --cases-dir the shipped template is used.
    res = w4r("letter", "magai", "--force", "-o", str(tmp_path / "p.pdf"))
    assert res.returncode == 0 and "OUR GROUP" not in page_text((tmp_path / "p.pdf").read_bytes())


def test_cli_bad_lang_is_refused_before_any_file_is_read(w4r, tmp_path):
    res = w4r("letter", "sasha", "--force", "--lang", "../../../etc/passwd", "-o", str(tmp_path / "o.pdf"))
    assert_clean_failure(res, 2, "'../../../etc/passwd'")
    assert not (tmp_path / "o.pdf").exists()


def test_templates_option_naming_a_file_says_so(tmp_path):
    f = tmp_path / "appeal.en.j2"
    f.write_text("x")
    with pytest.raises(NotFoundError) as info:
        template_dirs(f)
    assert "is a file" in str(info.value)


def test_debug_shows_the_traceback_for_a_template_error(w4r, tmp_path):
    folder, _line = letter_template_folder(tmp_path, "{{ ''.__class__ }}")
    res = w4r("--debug", "letter", "magai", "--force", "--templates", str(folder), "-o", str(tmp_path / "o.pdf"))
    assert res.returncode != 0 and "Traceback" in res.stderr
