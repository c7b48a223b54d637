"""The fuzz targets: what each does with the bytes it is given (read a report in one format, Word and PDF
included; parse and compile rule text; parse citation text), and the seeds each starts from. Only the library's
own errors may come out of a target (an ``InputError`` for a report that cannot be read at all, a
``RuleSyntaxError`` or ``CitationSyntaxError``); anything else is a crash.

Shared by the atheris driver (``run_atheris.py``, coverage-guided, for a bounded time) and by the suite, which
replays every crasher kept under ``crashers/<target>/`` and feeds every target its seeds.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from pathlib import Path

from findings_validator.errors import CitationSyntaxError, InputError, RuleSyntaxError

HERE = Path(__file__).resolve().parent
CRASHERS = HERE / "crashers"
ROOT = HERE.parents[1]
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
    **{fmt: _reader(fmt) for fmt in ("yaml", "json", "jsonl", "csv", "markdown", "xlsx", "docx", "pdf")},
    "rules": rules, "citation": citation,
}
"""Target name -> the function fed each input."""


def crashers() -> list[tuple[str, Path]]:
    """(target, file) of every input kept because it once crashed its target."""
    return sorted((path.parent.name, path) for path in CRASHERS.glob("*/*") if path.is_file())


@cache
def seeds(name: str) -> tuple[bytes, ...]:
    """The inputs a target starts from: the bundled rule sets for ``rules``; for Word and PDF, the example
    surveillance report written as a document in each layout certification bodies use (built here, with the tests'
    document writers: python-docx and reportlab, from the ``test`` extra); the bundled examples for the rest
    (cut to 4 KB)."""
    if name == "rules":
        return tuple(f.read_bytes()[:4096] for f in sorted((ROOT / "findings_validator" / "rulesets").glob("*.rules")))
    if name in ("docx", "pdf"):
        import sys

        sys.path.insert(0, str(ROOT / "tests" / "readers"))
        from document_render import LAYOUTS, render_docx, render_pdf

        from findings_validator.readers import read_report

        report = read_report(ROOT / "examples" / "iso9001-surveillance.yaml").report
        render = render_docx if name == "docx" else render_pdf
        return tuple(render(report, layout) for layout in LAYOUTS)
    suffix = ".md" if name == "markdown" else ".yaml"
    return tuple(f.read_bytes()[:4096] for f in sorted((ROOT / "examples").glob(f"*{suffix}")))
