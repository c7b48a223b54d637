"""Field positions worked out when first asked for: most findings never need most of them.

A reader knows where each finding starts as it reads; where each of its fields is costs a walk over the finding's
text (JSON, JSON Lines) or a dict of per-column tuples (CSV) that the engine needs only for the few findings it
reports on. ``LazyPositions`` is a ``dict`` that holds how to find them and fills itself on first use.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Position = tuple[int, int]
"""(line, column), both 1-based; (0, 0) when unknown."""

Locate = Callable[[Any, Any], dict[str, Position]]


class LazyPositions(dict):  # type: ignore[type-arg]
    """``{field: (line, column)}``, computed by ``locate(a, b)`` the first time it is read.

    Every ``dict`` method fills it first, and so do ``dict(...)``, ``{**...}``, ``==``, ``copy``, pickling and
    ``repr``. Only C code that reads a dict's storage directly without calling its methods (``json.dumps``) sees
    it empty before first use: take ``dict(positions)`` for that.
    """

    __slots__ = ("_locate", "_a", "_b")

    def __init__(self, locate: Locate, a: Any, b: Any = None) -> None:
        self._locate: Locate | None = locate
        self._a, self._b = a, b

    def _fill(self) -> None:
        locate = self._locate
        if locate is not None:
            self._locate = None
            found = locate(self._a, self._b)
            self._a = self._b = None            # let go of the text it was found in
            dict.update(self, found)

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


for _name in ("__getitem__", "__contains__", "__iter__", "__len__", "__reversed__", "__repr__", "__or__",
              "__ror__", "__ior__", "__setitem__", "__delitem__", "get", "keys", "values", "items", "copy", "pop",
              "popitem", "setdefault", "update", "clear", "__sizeof__"):
    setattr(LazyPositions, _name, _filling(_name))
