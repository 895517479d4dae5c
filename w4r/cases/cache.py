"""Checked files kept between runs, so that one letter does not parse and validate its case file again.

Reading a case file means the strict YAML reader (pure Python) and the
pydantic schema, whose validators are built the first time a case is checked:
together a tenth of the start-up of one ``w4r letter``.  Once a file has been
read and checked, its case is kept in the cache folder as JSON, under the
SHA-256 of the file's bytes and of the code that reads them (the schema, the
loader, the id rule, the YAML rules, w4r's, pydantic's and Python's versions).
A later run with the same bytes builds the same case from that JSON without
validating again (``model_construct``, field by field, each value turned back
into the type the schema gives it); any other bytes, any other code, go
through the full check and its messages as before.  The language files of the
template folders use the same cache (``get_model``/``put_model`` with their
own ``model_tag``).

The cache folder is untrusted (docs/security.md): entries are the checked
containers of ``w4r.cachefile`` (a checksum, a JSON header, no code), as the
font cache's are; the folder is used only when no other account can write to
it, and an entry that does not check out, or holds a value of a type the
schema does not give, is dropped and the file is read afresh.  Only the happy
path is cached: a file with a problem is always read and reported in full.
"""

from __future__ import annotations

from w4r import caches

import datetime as dt
import hashlib
import json
import types
import typing
from enum import Enum
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel

from w4r import cachefile, paths
from w4r.cases.schema import Case

KIND = "checked"
FORMAT = 1
M = TypeVar("M", bound=BaseModel)


class _NotCached(ValueError):
    """An entry whose data does not fit the schema: read the file instead."""


@caches.cached("cases.cache.code_tag", maxsize=1)
def code_tag() -> str:
    """What turns a case file's bytes into a case (the schema, the loader, the YAML rules): a change is a new cache."""
    from w4r.cases import ids, loader, schema

    return model_tag(Case, loader.__file__, schema.__file__, ids.__file__)


@caches.cached("cases.cache.model_tag", maxsize=16)
def model_tag(model: type[BaseModel], *extra: str) -> str:
    """The SHA-256 of what checks files for ``model``: versions, this module, the YAML reader,
    the model's own module, and ``extra`` (more source files, or version strings)."""
    import sys

    import pydantic

    from w4r import __version__, userfiles
    from w4r.cases import yamlsafe

    yamlparse = str(Path(yamlsafe.__file__).with_name("yamlparse.py"))  # its source, without loading PyYAML
    h = hashlib.sha256(f"w4r {__version__} pydantic {pydantic.VERSION} python {sys.version} format {FORMAT} {model.__module__}.{model.__qualname__}".encode())
    for name in (__file__, yamlsafe.__file__, yamlparse, userfiles.__file__, sys.modules[model.__module__].__file__, *extra):
        h.update(b"\0" + (Path(name).read_bytes() if name.endswith(".py") else name.encode()))
    return h.hexdigest()


def _entry_path(raw: bytes, tag: str) -> tuple[Path, str] | None:
    folder = cachefile.private_folder(paths.cache_dir() / "cases")
    if folder is None:
        return None
    key = hashlib.sha256(tag.encode() + b"\0" + raw).hexdigest()
    return folder / f"{key[:40]}.case", key


def get(raw: bytes) -> Case | None:
    """The case checked earlier from exactly these bytes, or None (not cached, or the entry is unusable)."""
    return get_model(raw, Case, code_tag())


def put(raw: bytes, case: Case) -> None:
    """Keep ``case``, checked from ``raw``; a cache that cannot be written only costs the next run time."""
    put_model(raw, case, code_tag())


def get_model(raw: bytes, model: type[M], tag: str) -> M | None:
    """The ``model`` checked earlier from exactly these bytes (``tag``: see ``model_tag``), or None."""
    where = _entry_path(raw, tag)
    if where is None:
        return None
    path, key = where
    entry = cachefile.read(path, KIND)
    if entry is None:
        return None
    try:
        if entry.meta.get("key") != key or set(entry.sections) != {"data"}:
            raise _NotCached("not this file's entry")
        return construct(model, json.loads(entry.sections["data"]))
    except (ValueError, TypeError, KeyError, RecursionError):
        cachefile.discard(path)
        return None


def put_model(raw: bytes, checked: BaseModel, tag: str) -> None:
    """Keep ``checked``, validated from ``raw``; a cache that cannot be written only costs the next run time."""
    where = _entry_path(raw, tag)
    if where is None:
        return
    path, key = where
    try:
        data = json.dumps(dump(checked), ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        # Only what comes back equal is kept: a model whose validators make values JSON
        # cannot tell apart (a tuple from a list) or whose field types ``construct``
        # does not know is simply checked every time.
        if construct(type(checked), json.loads(data)) != checked:
            return
        cachefile.write(path, KIND, {"key": key}, {"data": data})
    except (OSError, ValueError, TypeError, KeyError, RecursionError):
        pass


# ---------------------------------------------------------------------------
# A checked model as JSON, and back without validating


def dump(model: BaseModel) -> dict:
    """The fields the file gave (others take their defaults again), as JSON values."""
    out = {}
    for name in model.model_fields_set:
        out[name] = _plain(getattr(model, name))
    return out


def _plain(value):
    if isinstance(value, BaseModel):
        return dump(value)
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    raise ValueError(f"not plain data: {type(value).__name__}")


def construct(cls: type[M], data: object) -> M:
    """``cls`` from what ``dump`` wrote, each value checked to be of the type the schema gives it."""
    if type(data) is not dict:
        raise _NotCached(f"{cls.__name__}: not a mapping")
    fields = cls.model_fields
    values = {}
    for name, value in data.items():
        field = fields.get(name)
        if field is None:
            raise _NotCached(f"{cls.__name__}: no field {name}")
        values[name] = _value(field.annotation, value)
    return cls.model_construct(_fields_set=set(values), **values)


_NONE = type(None)


def _value(tp, value):
    origin = typing.get_origin(tp)
    if origin is typing.Annotated:
        return _value(typing.get_args(tp)[0], value)
    if origin in (typing.Union, types.UnionType):
        args = typing.get_args(tp)
        if value is None and _NONE in args:
            return None
        rest = [a for a in args if a is not _NONE]
        if len(rest) != 1:
            raise _NotCached(f"cannot rebuild a value of {tp}")
        return _value(rest[0], value)
    if origin is list:
        if type(value) is not list:
            raise _NotCached("not a list")
        (item,) = typing.get_args(tp)
        return [_value(item, v) for v in value]
    if origin is dict:
        if type(value) is not dict:
            raise _NotCached("not a mapping")
        key_type, item = typing.get_args(tp)
        if key_type is not str:
            raise _NotCached(f"cannot rebuild keys of {tp}")
        return {k: _value(item, v) for k, v in value.items()}
    if origin is typing.Literal:
        if value not in typing.get_args(tp):
            raise _NotCached("not one of the allowed values")
        return value
    if isinstance(tp, type):
        if issubclass(tp, BaseModel):
            return construct(tp, value)
        if issubclass(tp, Enum):
            return tp(value)
        if tp is dt.date:
            if type(value) is not str:
                raise _NotCached("not a date")
            return dt.date.fromisoformat(value)
        if tp is bool:
            if type(value) is not bool:
                raise _NotCached("not true or false")
            return value
        if tp in (str, int, float):
            if type(value) is not tp:
                raise _NotCached(f"not a {tp.__name__}")
            return value
    raise _NotCached(f"cannot rebuild a value of {tp}")
