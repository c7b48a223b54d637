"""The fuzz targets: what each does with the bytes it is given (read a report in one format; parse and compile
rule text; parse citation text). Only the library's own errors may come out of a target (an ``InputError`` for a
report that cannot be read at all, a ``RuleSyntaxError`` or ``CitationSyntaxError``); anything else is a crash.

Shared by the atheris driver (``run_atheris.py``, coverage-guided, for a bounded time) and by the suite, which
replays every crasher kept under ``crashers/<target>/``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from findings_validator.errors import CitationSyntaxError, InputError, RuleSyntaxError

CRASHERS = Path(__file__).resolve().parent / "crashers"
AUDIT = {"criteria": ["ISO 9001:2015"]}


def _reader(fmt: str) -> Callable[[bytes], None]:
    def target(data: bytes) -> None:
        from findings_validator.readers import read_report

        try:
            read_report(data, format=fmt, audit=AUDIT if fmt in ("csv", "xlsx") else None, name=f"fuzz.{fmt}")
        except InputError:
            pass
    target.__name__ = f"read_{fmt}"
    return target


def rules(data: bytes) -> None:
    from findings_validator.dsl import rules_from_text

    try:
        rules_from_text(data.decode("utf-8", "replace"), path="fuzz.rules")
    except RuleSyntaxError:
        pass


def citation(data: bytes) -> None:
    from findings_validator.citations import find_citations, parse_citations

    text = data.decode("utf-8", "replace")
    find_citations(text)
    try:
        parse_citations(text)
    except CitationSyntaxError:
        pass


TARGETS: dict[str, Callable[[bytes], None]] = {
    **{fmt: _reader(fmt) for fmt in ("yaml", "json", "jsonl", "csv", "markdown", "xlsx")},
    "rules": rules, "citation": citation,
}
"""Target name -> the function fed each input."""


def crashers() -> list[tuple[str, Path]]:
    """(target, file) of every input kept because it once crashed its target."""
    return sorted((path.parent.name, path) for path in CRASHERS.glob("*/*") if path.is_file())
