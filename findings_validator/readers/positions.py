"""Field positions worked out when asked for: most findings never need most of them.

A reader knows where each finding starts as it reads. Where each of its fields is costs a pass over the finding's
text (JSON, JSON Lines) or a dict of per-column tuples (CSV), and a diagnostic needs the position of one field of the
few findings it is about. ``LazyPositions`` is a ``dict`` that holds how to find them: asked for one field
(``in``, ``[]``, ``get``) it looks for that one; any other use fills it whole first.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Position = tuple[int, int]
"""(line, column), both 1-based; (0, 0) when unknown."""

UNKNOWN: Any = object()
"""What a locator answers when it cannot tell a single field's position cheaply: then all are worked out."""

Locate = Callable[[str | None, Any, Any, Any, Any], Any]
"""``locate(None, a, b, c, d)``: every field's position, as a dict; ``locate(name, a, b, c, d)``: that field's
position, None when the finding has no such field, or ``UNKNOWN``."""

_MISSING: Any = object()
MAX_SINGLE_LOOKUPS = 8
"""Fields of a finding looked up one by one; asked for more (a finding with thousands of unknown keys), its
``LazyPositions`` works them all out in one pass instead."""


class Positions(dict):  # type: ignore[type-arg]
    """``{field: (line, column)}`` once worked out: a plain dict (a ``LazyPositions`` becomes one when filled)."""

    __slots__ = ("_locate", "_a", "_b", "_c", "_d", "_asked")

    def __reduce__(self) -> tuple[type[dict[str, Position]], tuple[dict[str, Position]]]:
        """Pickled and copied as the plain dict it is."""
        return dict, (dict(self),)


class LazyPositions(Positions):
    """``{field: (line, column)}``, found by ``locate`` (see ``Locate``) from what the reader kept, ``a`` to ``d``.

    Every ``dict`` method fills it first (in field order, whatever was looked up before), and so do ``dict(...)``,
    ``{**...}``, ``==``, ``copy``, pickling and ``repr``; filled, it is a ``Positions``, a plain dict. Only C code
    that reads a dict's storage directly without calling its methods (``json.dumps``) sees, before that, just what
    has been looked up: take ``dict(positions)`` for that.
    """

    __slots__ = ()

    def __init__(self, locate: Locate, a: Any, b: Any = None, c: Any = None, d: Any = None) -> None:
        self._locate: Locate | None = locate
        self._a, self._b, self._c, self._d = a, b, c, d
        self._asked = 0

    def _fill(self) -> None:
        locate = self._locate
        if locate is not None:
            self._locate = None
            found = locate(None, self._a, self._b, self._c, self._d)
            self._a = self._b = self._c = self._d = None  # let go of the text it was found in
            dict.clear(self)
            dict.update(self, found)
            self.__class__ = Positions                    # from now on every method is dict's own

    def _one(self, key: object) -> Any:
        """The position of one field, looked up alone when it can be; ``_MISSING`` when there is no such field."""
        found = dict.get(self, key, _MISSING)
        if found is _MISSING and self._locate is not None:
            self._asked += 1   # each look-up is a pass over the finding: past a few, one pass finds them all
            lookup = type(key) is str and self._asked <= MAX_SINGLE_LOOKUPS
            found = self._locate(key, self._a, self._b, self._c, self._d) if lookup else UNKNOWN
            if found is UNKNOWN:
                self._fill()
                return dict.get(self, key, _MISSING)
            if found is None:
                return _MISSING
            dict.__setitem__(self, key, found)
        return found

    def __contains__(self, key: object) -> bool:
        return self._one(key) is not _MISSING

    def __getitem__(self, key: str) -> Position:
        found = self._one(key)
        if found is _MISSING:
            raise KeyError(key)
        return found  # type: ignore[no-any-return]

    def get(self, key: str, default: Any = None) -> Any:  # type: ignore[override]
        found = self._one(key)
        return default if found is _MISSING else found

    def __eq__(self, other: object) -> bool:
        self._fill()
        if isinstance(other, LazyPositions):
            other._fill()
        return dict.__eq__(self, other)

    def __ne__(self, other: object) -> bool:
        self._fill()
        if isinstance(other, LazyPositions):
            other._fill()
        return dict.__ne__(self, other)

    __hash__ = None  # type: ignore[assignment]

    def __reduce__(self) -> tuple[type[dict[str, Position]], tuple[dict[str, Position]]]:
        """Pickled and copied as the plain dict it stands for (not with the text it was found in)."""
        self._fill()
        return dict, (dict(self),)


def _filling(name: str) -> Callable[..., Any]:
    method = getattr(dict, name)

    def filled(self: LazyPositions, *args: Any, **kwargs: Any) -> Any:
        if self._locate is not None:
            self._fill()
        return method(self, *args, **kwargs)

    filled.__name__ = filled.__qualname__ = name
    filled.__doc__ = method.__doc__
    return filled


for _name in ("__iter__", "__len__", "__reversed__", "__repr__", "__or__", "__ror__", "__ior__", "__setitem__",
              "__delitem__", "keys", "values", "items", "copy", "pop", "popitem", "setdefault", "update", "clear",
              "__sizeof__"):
    setattr(LazyPositions, _name, _filling(_name))
