"""Results remembered for the very objects they were computed from.

A batch asks the same question thousands of times about a few objects that
are not hashable (a dict of paragraph styles, a case's card rules) or whose
value is slow to compare (a letter's composed texts).  ``IdentityMemo`` keys
on the objects' identity and keeps them alive alongside the result, so an id
cannot be reused by another object while the entry exists.
"""

from __future__ import annotations

from typing import Callable, Generic, Hashable, TypeVar

V = TypeVar("V")


class IdentityMemo(Generic[V]):
    def __init__(self, limit: int = 64):
        self._limit = limit
        self._entries: dict[tuple, tuple[tuple, V]] = {}

    def get(self, owners: tuple, key: Hashable, make: Callable[[], V]) -> V:
        """The value for ``owners`` (compared by identity) and ``key`` (by value), made on first use."""
        slot = (tuple(map(id, owners)), key)
        hit = self._entries.get(slot)
        if hit is None or any(a is not b for a, b in zip(hit[0], owners)):
            if len(self._entries) >= self._limit:
                self._entries.clear()
            hit = self._entries[slot] = (owners, make())
        return hit[1]

    def __len__(self) -> int:
        return len(self._entries)

    def clear(self) -> None:
        self._entries.clear()


class Memo(dict):
    """Results remembered by value, up to ``limit`` of them (then it starts again).

    A plain dict with a bound: a look-up is one ``dict.get``, as cheap as
    ``functools.lru_cache``, but the memo is an object its owner holds (a font
    book keeps its measurements in its own), not a function's hidden state.
    """

    __slots__ = ("limit",)

    def __init__(self, limit: int = 4096):
        super().__init__()
        self.limit = limit

    def keep(self, key: Hashable, value: V) -> V:
        """Remember ``value`` for ``key`` and return it."""
        if len(self) >= self.limit:
            self.clear()
        self[key] = value
        return value
