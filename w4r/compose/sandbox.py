"""The sandbox letter templates run in: Jinja's immutable sandbox, with a budget for every render.

The sandbox alone does not stop a template that runs away: Jinja limits one
``range()`` but not two nested loops, nor ``'x' * 10**9``.  So every render
has a budget (loop steps, calls and attribute look-ups, and a time limit),
values a template builds are capped in size before they are built where
Python would allocate them at once, and output is counted while it is
generated.  Text a template builds without printing it (``~``, ``{% set %}``
blocks, macros, filter and call blocks) is counted too: every character any
construct makes is charged to one budget per render, so the cap holds whatever
the construct.  ``compose.environment`` builds the environment from
``LimitedSandbox`` and renders inside ``budget()``.
"""

from __future__ import annotations

import contextvars
import re
import time
from contextlib import contextmanager
from typing import Any, Iterable, Iterator

import jinja2
from jinja2 import nodes
from jinja2.runtime import markup_join, str_join
from jinja2.visitor import NodeTransformer
from markupsafe import soft_str
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError
from jinja2.utils import Namespace

from w4r.errors import InputError, W4RError
from w4r.userfiles import TEMPLATE


MAX_OUTPUT_CHARS = 20_000  # one rendered block: about six pages; a letter's body is a few thousand
MAX_VALUE_CHARS = 50_000  # any one string or list a template builds (a case's story is at most 20,000)
MAX_BUILT_CHARS = 1_000_000  # every character one render makes, printed or not
MAX_NUMBER_ARG = 10_000  # widths, counts and range() ends a template may ask for
MAX_STEPS = 1_000_000  # loop iterations, calls, look-ups and operators in one render
TIME_LIMIT_S = 10.0  # wall clock for one render
MAX_TEMPLATE_BYTES = TEMPLATE.max_bytes  # a letter template is a few kB
MAX_POWER_BITS = 4_096  # ``a ** b`` results; a letter has no use for huge numbers


class TemplateLimitError(SecurityError):
    """A template went over one of the limits above."""


# ---------------------------------------------------------------------------
# The budget of one render


class _Budget:
    __slots__ = ("steps", "deadline", "chars")

    def __init__(self) -> None:
        self.steps = 0
        self.chars = 0
        self.deadline = time.monotonic() + TIME_LIMIT_S

    def charge(self, n: int, what: str) -> None:
        """``n`` more characters made by ``what``."""
        self.chars += n
        if self.chars > MAX_BUILT_CHARS:
            raise TemplateLimitError(f"{what}: the template makes more than {MAX_BUILT_CHARS} characters of text in all (a loop that runs away?)")

    def tick(self, n: int = 1) -> None:
        self.steps += n
        if self.steps > MAX_STEPS:
            raise TemplateLimitError(f"the template takes more than {MAX_STEPS} steps (a loop that runs away?)")
        if time.monotonic() > self.deadline:
            raise TemplateLimitError(f"the template ran for more than {TIME_LIMIT_S:g} seconds (a loop that runs away?)")


_BUDGET: contextvars.ContextVar[_Budget | None] = contextvars.ContextVar("w4r_template_budget", default=None)


@contextmanager
def budget() -> Iterator[_Budget]:
    """A fresh budget for one render (a render inside a render shares the outer one)."""
    current = _BUDGET.get()
    if current is not None:
        yield current
        return
    budget = _Budget()
    token = _BUDGET.set(budget)
    try:
        yield budget
    finally:
        _BUDGET.reset(token)


def _tick(n: int = 1) -> None:
    budget = _BUDGET.get()
    if budget is not None:  # every render entry point sets one (render_block, Template.render)
        budget.tick(n)


def _charge(n: int, what: str) -> None:
    budget = _BUDGET.get()
    if budget is not None:
        budget.charge(n, what)


def _finalize(value: Any) -> Any:
    """Every ``{{ ... }}`` passes here before it is printed or captured (Environment.finalize)."""
    _charge(len(value) if isinstance(value, str) else len(str(value)), "output")
    return value


def _capped_concat(parts: Iterable[str]) -> str:
    """Environment.concat: joins the text of ``{% set %}`` blocks, macros, filter and call blocks."""
    parts = parts if isinstance(parts, list) else list(parts)
    total = sum(len(p) for p in parts)
    if total > MAX_VALUE_CHARS:
        raise TemplateLimitError(f"a {{% set %}}, macro, filter or call block would make more than {MAX_VALUE_CHARS} characters")
    _charge(total, "a {% set %}, macro, filter or call block")
    return "".join(parts)


@jinja2.pass_eval_context
def _checked_tilde(eval_ctx: nodes.EvalContext, items: list) -> str:
    """``a ~ b ~ c``: the length is checked before the text is joined."""
    _tick()
    parts = [soft_str(x) for x in items]
    total = sum(len(p) for p in parts)
    if total > MAX_VALUE_CHARS:
        raise TemplateLimitError(f"'~' would make more than {MAX_VALUE_CHARS} characters")
    _charge(total, "'~'")
    return markup_join(parts) if eval_ctx.autoescape else str_join(parts)


_TILDE_FILTER = "w4r_tilde"


class _TildeChecked(NodeTransformer):
    """Every ``~`` (a Concat node, which the sandbox never sees) becomes a checked join."""

    def visit_Concat(self, node: nodes.Concat) -> nodes.Node:
        self.generic_visit(node)
        items = nodes.List(node.nodes, lineno=node.lineno)
        return nodes.Filter(items, _TILDE_FILTER, [], [], None, None, lineno=node.lineno)


def _size(value: Any) -> int:
    """Characters or items in ``value``; a list counts the text it holds too
    (``['x' * 200000] * 200000`` is 200,000 items but 40 billion characters)."""
    if isinstance(value, (str, bytes)):
        return len(value)
    if isinstance(value, dict):
        value = [*value.keys(), *value.values()]
    if isinstance(value, (list, tuple, set, frozenset)):
        return len(value) + sum(len(v) for v in value if isinstance(v, (str, bytes)))
    return 0


def _check_size(value: Any, what: str) -> Any:
    if _size(value) > MAX_VALUE_CHARS:
        raise TemplateLimitError(f"{what} would be longer than {MAX_VALUE_CHARS} characters or items")
    return value


def _check_number(value: Any, what: str) -> None:
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_NUMBER_ARG:
        raise TemplateLimitError(f"{what}: {value} is larger than the {MAX_NUMBER_ARG} a template may use")


_PRINTF_WIDTH = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(\*|\d+)?(?:\.(\*|\d+))?")
_FORMAT_NUMBER = re.compile(r"\d+")


def _printf_width(fmt: str) -> int:
    """The total padding a %-format string can add (``*`` counts as refused)."""
    total = 0
    for m in _PRINTF_WIDTH.finditer(fmt):
        for part in m.groups():
            if part == "*":
                raise TemplateLimitError("'*' widths in % formats are not allowed in a template")
            if part:
                total += int(part)
    return total


def _format_width(fmt: str) -> int:
    """The total of the numbers in str.format replacement fields ({:>20}, {0:.5})."""
    total = 0
    depth = 0
    field: list[str] = []
    for ch in fmt:
        if ch == "{":
            depth += 1
            if depth == 1:
                field = []
                continue
        elif ch == "}" and depth:
            depth -= 1
            if depth == 0:
                spec = "".join(field).partition(":")[2]
                if "{" in spec:  # '{:{}}'.format('x', 10**9): the width arrives as an argument
                    raise TemplateLimitError("widths given as arguments ({:{}}) are not allowed in a template")
                total += sum(int(n) for n in _FORMAT_NUMBER.findall(spec))
                continue
        if depth:
            field.append(ch)
    return total


def _estimate(name: str, subject: Any, args: tuple, kwargs: dict) -> int:
    """How long the result of a string-building call would be, before it is built."""
    if not isinstance(subject, str):
        return 0
    if name == "replace" and len(args) >= 2 and isinstance(args[0], str) and isinstance(args[1], str):
        count = subject.count(args[0]) if args[0] else len(subject) + 1
        return len(subject) + count * max(0, len(args[1]) - len(args[0]))
    if name == "expandtabs":
        size = args[0] if args else kwargs.get("tabsize", 8)
        return len(subject) + subject.count("\t") * (size if isinstance(size, int) else 8)
    if name == "translate" and args and isinstance(args[0], dict):
        longest = max((len(v) for v in args[0].values() if isinstance(v, str)), default=1)
        return len(subject) * max(1, longest)
    if name in ("format", "format_map"):
        return len(subject) + _format_width(subject) + sum(len(str(a)) for a in args if isinstance(a, str))
    if name == "indent":
        width = args[0] if args else kwargs.get("width", 4)
        width = len(width) if isinstance(width, str) else width if isinstance(width, int) else 4
        return len(subject) + (subject.count("\n") + 1) * width
    if name == "printf":
        return len(subject) + _printf_width(subject)
    return 0


def _join_size(sep: Any, items: Any) -> int:
    if not isinstance(sep, str) or not isinstance(items, (list, tuple)):
        return 0
    return len(sep) * max(0, len(items) - 1) + sum(len(i) for i in items if isinstance(i, str))


class _SizedNamespace(Namespace):
    """``namespace()`` whose attributes are capped too (``{% set ns.s = ns.s ~ ns.s %}``)."""

    def __setitem__(self, name: str, value: Any) -> None:
        _tick()
        _check_size(value, f"namespace value {name!r}")
        super().__setitem__(name, value)


def _steps(iterable: Iterable) -> Iterator:
    """Every ``{% for %}`` loop runs through this: each item costs one step."""
    for item in iterable:
        _tick()
        yield item


_STEPS_FILTER = "w4r_steps"

# Filters and str methods whose numeric arguments are widths or counts.
_SIZED_FILTERS = {"center", "indent", "wordwrap", "truncate", "batch", "slice"}
_SIZED_METHODS = {"center", "ljust", "rjust", "zfill", "expandtabs"}
_JINJA_FIRST_ARGS = (jinja2.runtime.Context, nodes.EvalContext, jinja2.Environment)


def _limited_filter(name: str, func):
    """A built-in filter with its arguments and result checked."""

    def wrapper(*args, **kwargs):
        _tick()
        # Jinja passes the context, eval context or environment first to some filters.
        values = [a for a in args if not isinstance(a, _JINJA_FIRST_ARGS)]
        subject, rest = (values[0], values[1:]) if values else (None, [])
        if name in _SIZED_FILTERS:
            for a in (*rest, *kwargs.values()):
                _check_number(a, f"filter {name}")
        if _estimate("printf" if name == "format" else name, subject, tuple(rest), kwargs) > MAX_VALUE_CHARS:
            raise TemplateLimitError(f"filter {name} would make more than {MAX_VALUE_CHARS} characters")
        if name == "join" and rest and _join_size(rest[0], subject) > MAX_VALUE_CHARS:
            raise TemplateLimitError(f"filter join would make more than {MAX_VALUE_CHARS} characters")
        return _check_size(func(*args, **kwargs), f"the result of filter {name}")

    if hasattr(func, "jinja_pass_arg"):
        wrapper.jinja_pass_arg = func.jinja_pass_arg  # type: ignore[attr-defined]
    wrapper.__name__ = getattr(func, "__name__", name)
    return wrapper


def _limited_range(*args: int) -> range:
    for a in args:
        _check_number(a, "range()")
    r = range(*args)
    if len(r) > MAX_NUMBER_ARG:
        raise TemplateLimitError(f"range() is limited to {MAX_NUMBER_ARG} items in templates")
    return r


class _BudgetedTemplate(jinja2.Template):
    """``Template.render`` with the same budget and output cap as render_block."""

    def render(self, *args: Any, **kwargs: Any) -> str:
        with budget():
            ctx = self.new_context(dict(*args, **kwargs))
            try:
                return collect_output(self.root_render_func(ctx), self, "the template")
            except W4RError:
                raise
            except Exception:
                return self.environment.handle_exception()


_SEQUENCES = (str, bytes, list, tuple)


class LimitedSandbox(ImmutableSandboxedEnvironment):
    intercepted_binops = frozenset({"*", "**", "+", "%", "//", "/", "-"})
    template_class = _BudgetedTemplate
    concat = staticmethod(_capped_concat)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.globals.pop("lipsum", None)  # nothing a letter needs, and a cheap way to make megabytes
        self.globals["range"] = _limited_range
        self.globals["namespace"] = _SizedNamespace
        self.filters = {name: _limited_filter(name, f) for name, f in self.filters.items()}
        self.filters[_STEPS_FILTER] = _steps
        self.filters[_TILDE_FILTER] = _checked_tilde
        self.finalize = _finalize

    # Every {% for %} loop iterates through the step counter.
    def _parse(self, source, name, filename):
        tree = super()._parse(source, name, filename)
        for loop in tree.find_all(nodes.For):
            loop.iter = nodes.Filter(loop.iter, _STEPS_FILTER, [], [], None, None, lineno=loop.lineno)
        return _TildeChecked().visit(tree)

    def getattr(self, obj, attribute):
        _tick()
        return super().getattr(obj, attribute)

    def getitem(self, obj, argument):
        _tick()
        return super().getitem(obj, argument)

    def call_binop(self, context, operator, left, right):
        _tick()
        if operator == "*":
            for seq, n in ((left, right), (right, left)):
                if isinstance(seq, _SEQUENCES) and isinstance(n, int) and len(seq) * n > MAX_VALUE_CHARS:
                    raise TemplateLimitError(f"'*' would make more than {MAX_VALUE_CHARS} characters or items")
        elif operator == "**":
            if isinstance(left, int) and isinstance(right, int) and right > 0:
                if max(1, abs(left).bit_length()) * right > MAX_POWER_BITS and abs(left) > 1:
                    raise TemplateLimitError("'**' would make a number too large for a letter")
        elif operator == "+" and isinstance(left, _SEQUENCES) and isinstance(right, _SEQUENCES):
            if len(left) + len(right) > MAX_VALUE_CHARS:
                raise TemplateLimitError(f"'+' would make more than {MAX_VALUE_CHARS} characters or items")
        elif operator == "%" and isinstance(left, str):
            if _estimate("printf", left, (), {}) > MAX_VALUE_CHARS:
                raise TemplateLimitError(f"'%' would make more than {MAX_VALUE_CHARS} characters")
        return _check_size(super().call_binop(context, operator, left, right), f"'{operator}'")

    def call(__self, __context, __obj, *args, **kwargs):  # noqa: N805 - Jinja's signature
        _tick()
        target = getattr(__obj, "__wrapped__", __obj)  # str.format arrives wrapped by the sandbox
        name = getattr(target, "__name__", "")
        subject = getattr(target, "__self__", None)
        for a in (*args, *kwargs.values()):
            _check_size(a, "a value passed to a call")
            if name in _SIZED_METHODS and isinstance(subject, str):
                _check_number(a, f"{name}()")
        if _estimate(name, subject, args, kwargs) > MAX_VALUE_CHARS:
            raise TemplateLimitError(f"{name}() would make more than {MAX_VALUE_CHARS} characters")
        if name == "join" and isinstance(subject, str) and args:
            items = args[0] if isinstance(args[0], (list, tuple)) else list(_steps(args[0]))
            _check_size(items, "join()")
            if _join_size(subject, items) > MAX_VALUE_CHARS:
                raise TemplateLimitError(f"join() would make more than {MAX_VALUE_CHARS} characters")
            args = (items, *args[1:])
        return _check_size(super().call(__context, __obj, *args, **kwargs), f"the result of {name or 'a call'}()")


def collect_output(chunks: Iterable[str], template: jinja2.Template, what: str) -> str:
    """Join generated output, stopping as soon as it passes MAX_OUTPUT_CHARS."""
    out: list[str] = []
    total = 0
    for chunk in chunks:
        total += len(chunk)
        if total > MAX_OUTPUT_CHARS:
            raise InputError(f"{template.filename}: {what} produced more than {MAX_OUTPUT_CHARS} characters; is a loop running away?")
        out.append(chunk)
    return "".join(out)
