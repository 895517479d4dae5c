"""What a template may build is capped whatever the construct: output, ``~``, ``{% set %}`` blocks,
macros, filter and call blocks (issue 17, items 2 and 28).

Each runaway below built hundreds of megabytes before the caps counted every
character a render makes, not only what reaches the letter.
"""

from __future__ import annotations

import pytest

from tests.robustness.test_templates_sandbox import NAME, failure, render, template_folder
from w4r.compose import sandbox

BIG = "{% set big = 'x' * 10000 %}"

BUILDERS = {
    "set block of a loop": BIG + "{% set s %}{% for i in range(10000) %}{{ big }}{% endfor %}{% endset %}{{ s|length }}",
    "set block of literal text": "{% set s %}{% for i in range(10000) %}" + "y" * 2000 + "{% endfor %}{% endset %}{{ s|length }}",
    "tilde chain": BIG + "{% set t = big ~ big ~ big ~ big ~ big ~ big ~ big ~ big %}{{ t|length }}",
    "tilde in a loop": BIG + "{% for i in range(10000) %}{% set t = big ~ big %}{% endfor %}done",
    "tilde doubling": "{% set ns = namespace(s='x') %}{% for i in range(40) %}{% set ns.n = (ns.s ~ ns.s)|length %}{% set ns.s = ns.s ~ 'x' * (ns.s|length) %}{% endfor %}",
    "macro output": BIG + "{% macro m() %}{% for i in range(10000) %}{{ big }}{% endfor %}{% endmacro %}{{ m()|length }}",
    "filter block": BIG + "{% filter lower %}{% for i in range(10000) %}{{ big }}{% endfor %}{% endfilter %}",
    "call block": BIG + "{% macro w() %}{{ caller()|length }}{% endmacro %}{% call w() %}{% for i in range(10000) %}{{ big }}{% endfor %}{% endcall %}",
    "many small pieces thrown away": "{% for i in range(10000) %}{% set s %}{% for j in range(100) %}" + "z" * 500 + "{% endfor %}{% endset %}{% endfor %}done",
}


@pytest.mark.parametrize("label", sorted(BUILDERS))
def test_whatever_builds_the_text_the_cap_holds(tmp_path, label):
    folder = template_folder(tmp_path, BUILDERS[label])
    msg = failure(folder)
    assert msg.startswith(str(folder / NAME)), msg
    assert "more than" in msg or "stopped" in msg, msg


def test_output_just_under_the_old_cap_is_refused_at_the_letters_cap(tmp_path):
    # 190,000 characters used to pass and then took most of a minute to lay out as a 46-page letter.
    folder = template_folder(tmp_path, "{% for i in range(1900) %}" + "word " * 20 + "{% endfor %}")
    msg = failure(folder)
    assert f"more than {sandbox.MAX_OUTPUT_CHARS} characters" in msg
    assert sandbox.MAX_OUTPUT_CHARS <= 20_000


def test_a_long_but_real_letter_still_renders(tmp_path):
    folder = template_folder(tmp_path, "{% for i in range(60) %}" + "A real sentence of a long letter. " * 4 + "\n\n{% endfor %}"
                             "{% set s %}{{ case.name }} and {{ case.name }}{% endset %}{{ s ~ '!' }}")
    out = render(folder)
    assert out.count("A real sentence") == 240 and "Ann and Ann!" in out
