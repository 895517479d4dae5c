"""The Jinja environment letter templates run in: sandboxed, strict, escaping by default.

Templates can come from other groups (``--templates DIR``), so they run in
Jinja's immutable sandbox: no attribute tricks, no mutation, no file access
beyond the template folders.  Undefined variables are errors that name the
template and line.  Values are HTML-escaped on output, and the markup a
template writes itself is then checked against an allowlist (compose.markup).
"""

from __future__ import annotations

import os
import traceback
from pathlib import Path

import jinja2
from jinja2.debug import rewrite_traceback_stack
from jinja2.sandbox import ImmutableSandboxedEnvironment

from w4r import paths
from w4r.errors import InputError, NotFoundError

MAX_OUTPUT_CHARS = 200_000


class _LimitedSandbox(ImmutableSandboxedEnvironment):
    # range() in a template may not build huge lists (a runaway template).
    def call(self, __context, __obj, *args, **kwargs):  # noqa: N807 - Jinja's signature
        if __obj is range and args and any(isinstance(a, int) and abs(a) > 10_000 for a in args):
            raise jinja2.sandbox.SecurityError("range() is limited to 10000 items in templates")
        return super().call(__context, __obj, *args, **kwargs)


def template_dirs(extra: str | Path | None = None) -> list[Path]:
    dirs: list[Path] = []
    if extra:
        d = Path(extra)
        if not d.is_dir():
            raise NotFoundError(f"template folder {d} does not exist; check --templates")
        dirs.append(d)
    env_dir = os.environ.get(paths.ENV_TEMPLATES_DIR)
    if env_dir:
        dirs.append(Path(env_dir))
    dirs.append(paths.shipped_templates_dir())
    return dirs


_ENVS: dict[tuple[str, ...], jinja2.Environment] = {}


def environment(extra: str | Path | None = None) -> jinja2.Environment:
    """One environment per set of template folders, built once per process."""
    dirs = tuple(str(d) for d in template_dirs(extra))
    env = _ENVS.get(dirs)
    if env is None:
        env = _LimitedSandbox(
            loader=jinja2.FileSystemLoader(list(dirs)),
            undefined=jinja2.StrictUndefined,
            autoescape=True,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=False,
        )
        _ENVS[dirs] = env
    return env


def _where(exc: BaseException, fallback: str) -> str:
    name = getattr(exc, "filename", None) or getattr(exc, "name", None) or fallback
    line = getattr(exc, "lineno", None)
    return f"{name}:{line}" if line else str(name)


def render_block(env: jinja2.Environment, template_name: str, block: str, context: dict) -> str:
    """Render one named block of a template, turning every template failure into an InputError."""
    try:
        template = env.get_template(template_name)
    except jinja2.TemplateNotFound:
        raise NotFoundError(f"template {template_name} not found in {', '.join(env.loader.searchpath)}") from None
    except jinja2.TemplateSyntaxError as exc:
        raise InputError(f"{_where(exc, template_name)}: template syntax error: {exc.message}") from None
    if block not in template.blocks:
        raise InputError(f"{template.filename}: the template has no '{{% block {block} %}}'")
    try:
        ctx = template.new_context(context)
        out = "".join(template.blocks[block](ctx))
    except jinja2.UndefinedError as exc:
        raise InputError(f"{_template_line(exc, template)}: {exc.message}") from None
    except jinja2.sandbox.SecurityError as exc:
        raise InputError(f"{_template_line(exc, template)}: not allowed in a template: {exc}") from None
    except jinja2.TemplateError as exc:
        raise InputError(f"{_template_line(exc, template)}: template error: {exc}") from None
    except RecursionError:
        raise InputError(f"{template.filename}: the template recurses without end") from None
    if len(out) > MAX_OUTPUT_CHARS:
        raise InputError(f"{template.filename}: block {block} produced more than {MAX_OUTPUT_CHARS} characters")
    return out


def _template_line(exc: BaseException, template: jinja2.Template) -> str:
    """``file:line`` of the template line that failed (called inside the except block)."""
    try:
        rewritten = rewrite_traceback_stack()  # Jinja maps compiled frames back to template lines
        tb = rewritten.__traceback__
    except Exception:  # noqa: BLE001 - a best-effort position
        tb = exc.__traceback__
    line = None
    for frame in traceback.extract_tb(tb):
        if frame.filename == template.filename:
            line = frame.lineno
    return f"{template.filename}:{line}" if line else str(template.filename)
