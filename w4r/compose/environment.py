"""The Jinja environment letter templates run in: sandboxed, strict, bounded.

Templates can come from other groups (``--templates DIR``, or a ``templates``
folder inside the ``--cases-dir`` folder), so they run in Jinja's immutable
sandbox: no attribute tricks, no mutation, no file access beyond the template
folders.  Undefined variables are errors that name the template and line.
Values are HTML-escaped on output, and the markup a template writes itself is
then checked against an allowlist (compose.markup).

The sandbox alone does not stop a template that runs away: Jinja limits one
``range()`` but not two nested loops, nor ``'x' * 10**9``.  So every render
has a budget (loop steps, calls and attribute look-ups, and a time limit),
values a template builds are capped in size before they are built where
Python would allocate them at once, and output is counted while it is
generated.  Text a template builds without printing it (``~``, ``{% set %}``
blocks, macros, filter and call blocks) is counted too: every character any
construct makes is charged to one budget per render, so the cap holds whatever
the construct.  One block of a letter is capped at what a letter can hold, so a
runaway fails at once instead of being laid out as a 46-page letter.  Every
failure becomes an InputError naming the template file and line.
"""

from __future__ import annotations

import contextvars
import os
import re
import time
import traceback
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterable, Iterator

import jinja2
from jinja2 import nodes
from jinja2.debug import rewrite_traceback_stack
from jinja2.runtime import markup_join, str_join
from jinja2.visitor import NodeTransformer
from markupsafe import soft_str
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError
from jinja2.utils import Namespace

from w4r import paths
from w4r.compose import markup
from w4r.errors import InputError, NotFoundError, W4RError
from w4r.userfiles import TEMPLATE, UserFileError, present, read_user_file

MAX_OUTPUT_CHARS = 20_000  # one rendered block: about six pages; a letter's body is a few thousand
MAX_VALUE_CHARS = 50_000  # any one string or list a template builds (a case's story is at most 20,000)
MAX_BUILT_CHARS = 1_000_000  # every character one render makes, printed or not
MAX_NUMBER_ARG = 10_000  # widths, counts and range() ends a template may ask for
MAX_STEPS = 1_000_000  # loop iterations, calls, look-ups and operators in one render
TIME_LIMIT_S = 10.0  # wall clock for one render
MAX_TEMPLATE_BYTES = TEMPLATE.max_bytes  # a letter template is a few kB
MAX_POWER_BITS = 4_096  # ``a ** b`` results; a letter has no use for huge numbers

TEMPLATES_BESIDE_CASES = "templates"  # <cases-dir>/templates/ is searched after --templates

LANG_CODE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$")


class TemplateLimitError(SecurityError):
    """A template went over one of the limits above."""


# ---------------------------------------------------------------------------
# Where templates come from


class TemplateFolders(tuple):
    """Template folders already chosen (``template_folders``), first match wins.

    Handed down as ``templates=`` to every function that looks templates up,
    so a job chooses its folders once, from its own options, and nothing below
    it consults the environment.
    """


def template_folders(extra: str | Path | None = None, cases_dir: str | Path | None = None) -> TemplateFolders:
    """``template_dirs`` as a value to hand down (``extra`` may already be one)."""
    if isinstance(extra, TemplateFolders):
        return extra
    return TemplateFolders(template_dirs(extra, cases_dir))


def template_dirs(extra: str | Path | None = None, cases_dir: str | Path | None = None) -> list[Path]:
    """Template folders, first match wins.

    1. ``extra``: the user's own template folder, which must exist;
    2. ``<cases-dir>/templates/``: when cases come from a folder of your own
       and that folder has a ``templates`` folder, so a group can share cases
       and templates as one folder; otherwise the templates/ folders of the
       case packs, newest campaign first;
    3. the W4R_TEMPLATES_DIR folder (``paths.env_templates_dir``), when ``extra`` was not given;
    4. the templates shipped with w4r.

    ``extra`` may be a ``TemplateFolders`` chosen earlier: it is used as it is.
    ``cases_dir`` None means the default of ``paths.chosen_cases_dir``.
    """
    if isinstance(extra, TemplateFolders):
        return list(extra)
    dirs: list[Path] = []
    if extra:
        d = Path(extra)
        if d.is_file():
            raise NotFoundError(f"{d} is a file; give the folder that holds letters/ and lang/",
                                code="templates-is-file", field="templates", hint="templates", params={"path": str(d)})
        if not d.is_dir():
            raise NotFoundError(f"template folder {d} does not exist", code="no-templates", field="templates",
                                hint="templates", params={"path": str(d)})
        dirs.append(d)
    own_cases = paths.chosen_cases_dir(cases_dir)
    beside = templates_beside_cases(own_cases)
    if beside is not None:
        dirs.append(beside)
    elif own_cases is None:
        # Cases come from packs: each pack's own templates (case translations, rules).
        from w4r.cases.packs.store import pack_template_dirs

        dirs.extend(pack_template_dirs())
    env_dir = paths.env_templates_dir()
    if env_dir and not extra:
        if not env_dir.is_dir():
            raise NotFoundError(f"template folder {env_dir} does not exist; check {paths.ENV_TEMPLATES_DIR}")
        dirs.append(env_dir)
    dirs.append(paths.shipped_templates_dir())
    unique: list[Path] = []
    for d in dirs:
        if all(not _same_dir(d, u) for u in unique):
            unique.append(d)
    return unique


def templates_beside_cases(cases_dir: str | Path | None = None) -> Path | None:
    """``<cases-dir>/templates`` if cases come from a folder of the user's and it has one."""
    folder = paths.chosen_cases_dir(cases_dir)
    if not folder:
        return None
    d = Path(folder) / TEMPLATES_BESIDE_CASES
    if not d.is_dir() or _same_dir(Path(folder), paths.shipped_cases_dir()):
        return None
    return d


def _same_dir(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return False


def lang_code(value: str, option: str = "--lang") -> str:
    """``value`` if it is a language code (en, ru, zh-Hant); it is used in file names."""
    if not isinstance(value, str) or not LANG_CODE.match(value):
        raise InputError(f"{option} {value!r} is not a language code such as en, ru, zh-Hant or ar")
    return value


class _Loader(jinja2.FileSystemLoader):
    """FileSystemLoader that reads only files inside its folders, of sane size, as UTF-8."""

    def get_source(self, environment, template):
        pieces = jinja2.loaders.split_template_path(template)
        for searchpath in self.searchpath:
            filename = os.path.join(searchpath, *pieces)
            if present(filename):
                break
        else:
            raise jinja2.TemplateNotFound(template)
        try:
            raw = read_user_file(filename, TEMPLATE, root=searchpath)
        except UserFileError as exc:
            raise InputError(f"{filename}: {exc.reason}") from None
        try:
            source = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = raw[: exc.start].count(b"\n") + 1
            col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
            raise InputError(f"{filename}:{line}:{col}: the template is not valid UTF-8; save it as UTF-8") from None
        mtime = os.path.getmtime(filename)
        return source, os.path.normpath(filename), lambda: _mtime(filename) == mtime


def _mtime(filename: str) -> float | None:
    try:
        return os.path.getmtime(filename)
    except OSError:
        return None


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
def _budget() -> Iterator[_Budget]:
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
        with _budget():
            ctx = self.new_context(dict(*args, **kwargs))
            try:
                return _collect(self.root_render_func(ctx), self, "the template")
            except W4RError:
                raise
            except Exception:
                return self.environment.handle_exception()


_SEQUENCES = (str, bytes, list, tuple)


class _LimitedSandbox(ImmutableSandboxedEnvironment):
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


_ENVS: dict[tuple[str, ...], jinja2.Environment] = {}


def environment(extra: str | Path | None = None, cases_dir: str | Path | None = None) -> jinja2.Environment:
    """One environment per set of template folders, built once per process."""
    dirs = tuple(str(d) for d in template_dirs(extra, cases_dir))
    env = _ENVS.get(dirs)
    if env is None:
        env = _LimitedSandbox(
            loader=_Loader(list(dirs)),
            undefined=jinja2.StrictUndefined,
            autoescape=True,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=False,
        )
        _ENVS[dirs] = env
    return env


# ---------------------------------------------------------------------------
# Rendering, with every failure turned into one line naming file and line


def load_template(env: jinja2.Environment, template_name: str) -> jinja2.Template:
    """``env.get_template`` with every failure an InputError or NotFoundError."""
    try:
        return env.get_template(template_name)
    except jinja2.TemplateNotFound as exc:
        raise NotFoundError(_not_found(env, exc, template_name)) from None
    except jinja2.TemplateSyntaxError as exc:
        raise InputError(f"{_where(exc, template_name)}: template syntax error: {exc.message}") from None
    except W4RError:
        raise
    except RecursionError:
        raise InputError(f"{_search_name(env, template_name)}: the template is nested too deeply to read") from None
    except Exception as exc:  # noqa: BLE001 - whatever a broken template file makes Jinja raise
        raise InputError(f"{_search_name(env, template_name)}: cannot read the template: {_one_line(exc)}") from None


def render_block(env: jinja2.Environment, template_name: str, block: str, context: dict) -> str:
    """Render one named block of a template, turning every template failure into an InputError."""
    template = load_template(env, template_name)
    if block not in template.blocks:
        raise InputError(f"{template.filename}: the template has no '{{% block {block} %}}'")
    with _budget():
        try:
            ctx = template.new_context(context)
            out = _collect(template.blocks[block](ctx), template, f"block {block}")
        except W4RError:
            raise
        except BaseException as exc:  # noqa: BLE001 - mapped below, KeyboardInterrupt passes
            raise _template_failure(exc, template) from None
    check_markup(env, template, out)
    return out


def render_template(env: jinja2.Environment, template_name: str, context: dict) -> str:
    """Render a whole template with the same limits and messages as render_block."""
    template = load_template(env, template_name)
    with _budget():
        try:
            out = _collect(template.root_render_func(template.new_context(context)), template, "the template")
        except W4RError:
            raise
        except BaseException as exc:  # noqa: BLE001
            raise _template_failure(exc, template) from None
    check_markup(env, template, out)
    return out


def check_markup(env: jinja2.Environment, template: jinja2.Template, out: str) -> None:
    """Refuse template output with markup outside the allowlist, naming the template line."""

    def source() -> str:
        return env.loader.get_source(env, template.name)[0]

    markup.parse(out, str(template.filename), source)


def _collect(chunks: Iterable[str], template: jinja2.Template, what: str) -> str:
    """Join generated output, stopping as soon as it passes MAX_OUTPUT_CHARS."""
    out: list[str] = []
    total = 0
    for chunk in chunks:
        total += len(chunk)
        if total > MAX_OUTPUT_CHARS:
            raise InputError(f"{template.filename}: {what} produced more than {MAX_OUTPUT_CHARS} characters; is a loop running away?")
        out.append(chunk)
    return "".join(out)


def _template_failure(exc: BaseException, template: jinja2.Template) -> BaseException:
    """The InputError for an exception raised while ``template`` ran (called inside except)."""
    if isinstance(exc, (KeyboardInterrupt, SystemExit, GeneratorExit)):
        return exc
    where = _template_line(exc, template)
    if isinstance(exc, jinja2.UndefinedError):
        return InputError(f"{where}: {_one_line(exc.message)}")
    if isinstance(exc, TemplateLimitError):
        return InputError(f"{where}: stopped: {exc}")
    if isinstance(exc, SecurityError):
        return InputError(f"{where}: not allowed in a template: {_one_line(exc)}")
    if isinstance(exc, jinja2.TemplateNotFound):
        return NotFoundError(f"{where}: {_not_found(template.environment, exc, exc.name)}")
    if isinstance(exc, jinja2.TemplateError):
        return InputError(f"{where}: template error: {_one_line(exc)}")
    if isinstance(exc, RecursionError):
        return InputError(f"{where}: the template recurses without end")
    if isinstance(exc, MemoryError):
        return InputError(f"{where}: the template needs more memory than there is")
    # ZeroDivisionError, TypeError, OverflowError, ...: the template's own doing.
    return InputError(f"{where}: template error: {type(exc).__name__}: {_one_line(exc)}")


def _not_found(env: jinja2.Environment, exc: jinja2.TemplateNotFound, name: str) -> str:
    searched = ", ".join(getattr(env.loader, "searchpath", []))
    return f"template {exc.name or name} not found in {searched}"


def _one_line(exc: BaseException | str) -> str:
    return " ".join(str(exc).split())


def _where(exc: BaseException, fallback: str) -> str:
    name = getattr(exc, "filename", None) or getattr(exc, "name", None) or fallback
    line = getattr(exc, "lineno", None)
    return f"{name}:{line}" if line else str(name)


def _search_name(env: jinja2.Environment, template_name: str) -> str:
    for d in getattr(env.loader, "searchpath", []):
        p = os.path.join(d, template_name)
        if os.path.isfile(p):
            return p
    return template_name


def _template_line(exc: BaseException, template: jinja2.Template) -> str:
    """``file:line`` of the innermost template line that failed (called inside the except block)."""
    try:
        rewritten = rewrite_traceback_stack()  # Jinja maps compiled frames back to template lines
        tb = rewritten.__traceback__
    except Exception:  # noqa: BLE001 - a best-effort position
        tb = exc.__traceback__
    found = None
    templates = set(getattr(template.environment.loader, "searchpath", []))
    for frame in traceback.extract_tb(tb):
        if frame.filename == template.filename or (
            frame.filename.endswith(".j2") and any(frame.filename.startswith(d) for d in templates)
        ):
            found = (frame.filename, frame.lineno)
    if found and found[1]:
        return f"{found[0]}:{found[1]}"
    return str(template.filename)
