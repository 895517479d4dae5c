"""The Jinja environment letter templates run in: sandboxed, strict, bounded.

Templates can come from other groups (``--templates DIR``, or a ``templates``
folder inside the ``--cases-dir`` folder), so they run in Jinja's immutable
sandbox: no attribute tricks, no mutation, no file access beyond the template
folders.  Undefined variables are errors that name the template and line.
Values are HTML-escaped on output, and the markup a template writes itself is
then checked against an allowlist (compose.markup).

``compose.sandbox`` keeps a template that runs away within bounds: one block of
a letter is capped at what a letter can hold, so a runaway fails at once instead
of being laid out as a 46-page letter.  Every failure becomes an InputError
naming the template file and line.
"""

from __future__ import annotations

import os
import re
import traceback
from pathlib import Path

import jinja2
from jinja2.debug import rewrite_traceback_stack
from jinja2.sandbox import SecurityError

from w4r import paths
from w4r.compose import markup
from w4r.errors import InputError, NotFoundError, W4RError
from w4r.userfiles import TEMPLATE, UserFileError, present, read_user_file
from w4r.compose.sandbox import LimitedSandbox, TemplateLimitError, budget, collect_output


TEMPLATES_BESIDE_CASES = "templates"  # <cases-dir>/templates/ is searched after --templates

LANG_CODE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$")

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


def lang_code(value: str, option: str = "language") -> str:
    """``value`` if it is a language code (en, ru, zh-Hant); it is used in file names."""
    if not isinstance(value, str) or not LANG_CODE.match(value):
        raise InputError(f"{option} {value!r} is not a language code such as en, ru, zh-Hant or ar", code="bad-lang-code", field="lang",
                         params={"value": value})
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


_ENVS: dict[tuple[str, ...], jinja2.Environment] = {}


def environment(extra: str | Path | None = None, cases_dir: str | Path | None = None) -> jinja2.Environment:
    """One environment per set of template folders, built once per process."""
    dirs = tuple(str(d) for d in template_dirs(extra, cases_dir))
    env = _ENVS.get(dirs)
    if env is None:
        env = LimitedSandbox(
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
    with budget():
        try:
            ctx = template.new_context(context)
            out = collect_output(template.blocks[block](ctx), template, f"block {block}")
        except W4RError:
            raise
        except BaseException as exc:  # noqa: BLE001 - mapped below, KeyboardInterrupt passes
            raise _template_failure(exc, template) from None
    check_markup(env, template, out)
    return out


def render_template(env: jinja2.Environment, template_name: str, context: dict) -> str:
    """Render a whole template with the same limits and messages as render_block."""
    template = load_template(env, template_name)
    with budget():
        try:
            out = collect_output(template.root_render_func(template.new_context(context)), template, "the template")
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
