"""Output writers: one module per format, each a pure function from results to text.

Every writer module defines ``render(results, rules, *, color=False) -> str``. ``render`` here imports the one
that is asked for, so a CLI run pays the import cost of a single format only.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol, TextIO

from ..errors import without_surrogates

if TYPE_CHECKING:  # pragma: no cover
    from ..models import ReportResult, RuleInfo

FORMATS = ("text", "json", "sarif", "junit", "github", "html", "oscal", "oscal-yaml")

_MODULES = {fmt: f"{__name__}.{fmt.replace('-', '_')}_writer" for fmt in FORMATS}


class Writer(Protocol):
    """What a writer module provides."""

    def render(self, results: Sequence[ReportResult], rules: Sequence[RuleInfo], *,
               color: bool = False) -> str: ...  # pragma: no cover


def render(fmt: str, results: list[ReportResult], rules: list[RuleInfo], *, color: bool = False) -> str:
    """Render ``results`` (one per report file) in format ``fmt``; ``rules`` is every rule that was run.

    ``color`` only affects ``text``; the caller decides it (a terminal, and ``NO_COLOR`` unset).
    Raises ``ConfigError`` (a usage error: exit 2) naming the known formats when ``fmt`` is not in ``FORMATS``.
    """
    return without_surrogates(_module(fmt).render(results, rules, color=color))




class _Clean:
    """A text stream that replaces lone surrogates on the way (see ``without_surrogates``)."""

    __slots__ = ("out",)

    def __init__(self, out: TextIO) -> None:
        self.out = out

    def write(self, text: str) -> int:
        return self.out.write(without_surrogates(text))

    def __getattr__(self, name: str) -> object:
        return getattr(self.out, name)


STREAMED = ("text", "json", "sarif", "junit", "github")
"""The formats that need no more of a finding than its ``FindingRef`` (not its texts): results for them can be
made as the findings are read (``Checker.check_stream``)."""


PIECEWISE = ("json", "sarif", "junit")
"""The formats written piece by piece (``write``), never held whole."""


def write(fmt: str, results: list[ReportResult], rules: list[RuleInfo], out: TextIO, *, color: bool = False) -> None:
    """``render`` written to ``out``; the formats that can write piece by piece do (``PIECEWISE``), so that the
    whole text is never held."""
    module = _module(fmt)
    stream = getattr(module, "write", None)
    clean = _Clean(out)
    if stream is not None:
        stream(results, rules, clean, color=color)  # type: ignore[arg-type]
    else:
        clean.write(module.render(results, rules, color=color))


def _module(fmt: str) -> Writer:
    module_name = _MODULES.get(fmt)
    if module_name is None:
        from difflib import get_close_matches

        from ..errors import ConfigError

        close = get_close_matches(fmt, FORMATS, n=1)
        hint = (f"did you mean {close[0]!r}? " if close else "") + f"known formats: {', '.join(FORMATS)}"
        raise ConfigError(f"unknown output format {fmt!r}", hint=hint)
    return importlib.import_module(module_name)  # type: ignore[return-value]


__all__ = ["FORMATS", "PIECEWISE", "STREAMED", "render", "write"]
