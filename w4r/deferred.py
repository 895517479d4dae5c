"""Three libraries that libraries w4r uses import eagerly, loaded when first used instead.

Each is imported by one module at its top and not used in a plain letter:

- ``reportlab.lib.utils`` imports Pillow's ``PIL.Image`` (about 7 ms with its
  tables) for bitmap images; w4r's letters and envelopes have none.
- ``reportlab.pdfbase.ttfonts`` imports ``uharfbuzz`` (about 8 ms) for shaping,
  which w4r does itself, and only for Arabic (``w4r.typeset.bidi``).
- ``pydantic.plugin._loader`` imports ``importlib.metadata`` (about 9 ms, with
  the e-mail parser it reads package metadata with) to look for plugins, and
  w4r's command line turns the plugins off (``w4r.cli.main``).

``install`` adds a finder (``w4r.importhook.AroundImport``) that, while one of those three modules runs, puts a
stand-in where the library would be found: the importing module binds the
stand-in, and the first time anything of it is used (an attribute, or a
function named in ``DEFERRED``) the real library is imported and takes over.
So what runs is the same, only when the library loads moves.  Any other module
that imports the library gets the real one, as usual.

tests/test_deferred.py fails if a stand-in is left in ``sys.modules``, if the
modules stop binding these names (so the deferral would silently do nothing),
and checks that a deferred library behaves as the real one once used;
tests/cli/test_startup.py pins that a letter loads none of the three.
"""

from __future__ import annotations

import contextlib
import importlib
import sys
import threading
import types

from w4r.importhook import AroundImport

# importing module -> {library it imports: functions it takes from the library by name (``from x import f``)}
DEFERRED: dict[str, dict[str, tuple[str, ...]]] = {
    "reportlab.lib.utils": {"PIL.Image": ()},
    "reportlab.pdfbase.ttfonts": {"uharfbuzz": ()},
    "pydantic.plugin._loader": {"importlib.metadata": ("entry_points",)},
}

_LOCK = threading.RLock()


class StandIn(types.ModuleType):
    """Stands for the library ``name`` until something of it is used; then imports it and hands over."""

    def __init__(self, name: str, functions: tuple[str, ...] = ()):
        super().__init__(name)
        self.__w4r_real__: types.ModuleType | None = None
        for fn in functions:
            setattr(self, fn, self._deferred_function(fn))

    def _real(self) -> types.ModuleType:
        real = self.__dict__.get("__w4r_real__")
        if real is None:
            with _LOCK:
                real = self.__dict__.get("__w4r_real__")
                if real is None:
                    if sys.modules.get(self.__name__) is self:
                        del sys.modules[self.__name__]
                    real = importlib.import_module(self.__name__)
                    self.__dict__["__w4r_real__"] = real
        return real

    def _deferred_function(self, fn: str):
        def call(*args, **kwargs):
            return getattr(self._real(), fn)(*args, **kwargs)

        call.__name__ = call.__qualname__ = fn
        return call

    def __getattr__(self, attr: str):
        # Only for what the stand-in lacks: everything of the library itself.  The import
        # system asks a module for __path__ and the like while binding names from it;
        # those questions alone do not load the library (once loaded, they are its answers).
        if attr.startswith("__w4r_"):
            raise AttributeError(attr)
        if attr.startswith("__") and attr.endswith("__") and self.__dict__.get("__w4r_real__") is None:
            raise AttributeError(attr)
        return getattr(self._real(), attr)

    def __repr__(self) -> str:
        state = "loaded" if self.__dict__.get("__w4r_real__") is not None else "not loaded yet"
        return f"<w4r stand-in for module {self.__name__!r}, {state}>"


@contextlib.contextmanager
def _stand_ins(importer: str):
    """While ``importer`` runs: a stand-in for each library of DEFERRED it imports that is not loaded yet."""
    placed = {}
    with _LOCK:
        for name, functions in DEFERRED[importer].items():
            if name not in sys.modules:
                placed[name] = sys.modules[name] = StandIn(name, functions)
    try:
        yield
    finally:
        with _LOCK:
            for name, stand_in in placed.items():
                if sys.modules.get(name) is stand_in:
                    del sys.modules[name]  # the module keeps it; everyone else imports the real one


_FINDER = AroundImport(DEFERRED, _stand_ins)


def install() -> None:
    """Defer the libraries of DEFERRED for those of their importers not loaded yet (no effect on loaded ones)."""
    if any(m not in sys.modules for m in DEFERRED):
        _FINDER.install()
