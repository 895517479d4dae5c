"""Run chosen modules of other libraries inside a context of w4r's while they are first imported.

Two start-up savings need the same thing of Python's import system: while one
particular module of a library runs its top level, something is different
(``w4r.deferred``: stand-ins for libraries that module imports eagerly;
``w4r.typeset.rlpatterns``: one regular expression compiled on first use).
``AroundImport`` is that one meta path finder: for the modules it names, it
finds the spec as Python would and wraps that spec's own loader, so no other
module and no other loader is affected.
"""

from __future__ import annotations

import sys
from typing import Callable, ContextManager, Iterable


class AroundImport:
    """A meta path finder: each module in ``modules`` runs inside ``around(module_name)`` when imported."""

    def __init__(self, modules: Iterable[str], around: Callable[[str], ContextManager], *, once: bool = False):
        self.modules = frozenset(modules)
        self.around = around
        self.once = once  # leave sys.meta_path after the first of the modules is found

    def find_spec(self, fullname, path, target=None):
        if fullname not in self.modules:
            return None
        if self.once:
            self.uninstall()
        from importlib.machinery import PathFinder

        spec = PathFinder.find_spec(fullname, path, target)
        loader = getattr(spec, "loader", None)
        if loader is None or not hasattr(loader, "exec_module"):
            return spec  # not a plain source or bytecode module: imported as usual
        run_module, around = loader.exec_module, self.around

        def exec_module(module) -> None:
            with around(fullname):
                run_module(module)

        loader.exec_module = exec_module  # this spec's own loader object: no other module is affected
        return spec

    def install(self) -> None:
        if self not in sys.meta_path:
            sys.meta_path.insert(0, self)

    def uninstall(self) -> None:
        if self in sys.meta_path:
            sys.meta_path.remove(self)
