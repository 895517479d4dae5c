"""Where w4r finds its data and keeps its own files.

Shipped case files and templates live in ``w4r/_data`` inside an installed wheel
and in the repository's top-level ``cases/`` and ``templates/`` in a source
checkout.  User files follow the platform's conventions (platformdirs), and each
location can be moved with an environment variable.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP = "w4r"
_PACKAGE_DIR = Path(__file__).resolve().parent

ENV_CASES_DIR = "W4R_CASES_DIR"
ENV_TEMPLATES_DIR = "W4R_TEMPLATES_DIR"
ENV_CONFIG = "W4R_CONFIG"
ENV_DATA_DIR = "W4R_DATA_DIR"
ENV_CACHE_DIR = "W4R_CACHE_DIR"


def _shipped(name: str) -> Path:
    installed = _PACKAGE_DIR / "_data" / name
    if installed.is_dir():
        return installed
    return _PACKAGE_DIR.parent / name


def shipped_cases_dir() -> Path:
    return _shipped("cases")


def shipped_templates_dir() -> Path:
    return _shipped("templates")


def shipped_packs_dir() -> Path:
    """Built-in case packs (one folder each, with pack.yaml), beside the archive of cases/."""
    return _shipped("packs")


# The environment variables W4R_CASES_DIR and W4R_TEMPLATES_DIR are read here and
# nowhere else in the library: they are the defaults of a job's cases_dir and
# templates.  The command line reads them itself (Typer's envvar=) and passes the
# folders down explicitly.

def chosen_cases_dir(override: str | os.PathLike | None = None) -> Path | None:
    """The user's own folder of case files: ``override``, else W4R_CASES_DIR; None: the shipped cases and packs."""
    if override:
        return Path(override)
    env = os.environ.get(ENV_CASES_DIR)
    return Path(env) if env else None


def env_templates_dir() -> Path | None:
    """W4R_TEMPLATES_DIR, when set: the user's own template folder, searched after any folder given explicitly."""
    env = os.environ.get(ENV_TEMPLATES_DIR)
    return Path(env) if env else None


def cases_dir(override: str | os.PathLike | None = None) -> Path:
    return chosen_cases_dir(override) or shipped_cases_dir()


def config_file() -> Path:
    env = os.environ.get(ENV_CONFIG)
    if env:
        return Path(env)
    return Path(platformdirs.user_config_dir(APP)) / "config.yaml"


def data_dir() -> Path:
    env = os.environ.get(ENV_DATA_DIR)
    return Path(env) if env else Path(platformdirs.user_data_dir(APP))


def cache_dir() -> Path:
    env = os.environ.get(ENV_CACHE_DIR)
    return Path(env) if env else Path(platformdirs.user_cache_dir(APP))
