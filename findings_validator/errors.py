"""One rooted exception hierarchy. Findings are results, never exceptions: these are for input that cannot be used."""

from __future__ import annotations

import re
from dataclasses import dataclass

EXIT_OK = 0
"""Nothing reached the fail level."""
EXIT_FAIL = 1
"""At least one diagnostic reached the fail level."""
EXIT_ERROR = 2
"""Usage or input error: the check could not be done as asked."""


def issues_address() -> str:
    """Where an internal error (a bug in the tool, never the user's input) is to be reported: the ``Issues``
    project URL of the installed distribution's metadata, or a plain description when it declares none."""
    from importlib.metadata import PackageNotFoundError, metadata

    try:
        urls = metadata("findings-validator").get_all("Project-URL") or []
    except PackageNotFoundError:
        urls = []
    for entry in urls:
        label, _, url = entry.partition(",")
        if label.strip().lower() in {"issues", "bug tracker", "tracker"}:
            return url.strip()
    return "the findings-validator issue tracker"


EXCERPT_WIDTH = 60
"""The most characters of an input line an error message quotes."""


def printable(text: str) -> str:
    """``text`` with every character that is not printable (controls, NUL, escapes, line and paragraph
    separators, lone surrogates…) shown as ``?`` (a tab as a space), one for one, so columns still line up."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else " " if c == "\t" else "?" for c in text)


_SURROGATE = re.compile("[\ud800-\udfff]")


def without_surrogates(text: str) -> str:
    """``text`` with each lone surrogate (a file name's undecodable byte, an unpaired ``\\ud800`` escape in data
    given through the API) as U+FFFD: no encoding can hold one, and the replacement is valid in every format."""
    return text if text.isascii() or _SURROGATE.search(text) is None else _SURROGATE.sub("\ufffd", text)


def short(text: str, limit: int = 40) -> str:
    """At most ``limit`` printable characters of ``text`` (an ellipsis when cut), for quoting input in a message."""
    return printable(text[:limit]) + ("…" if len(text) > limit else "")


def excerpt(line: str, column: int, width: int = EXCERPT_WIDTH) -> tuple[str, int]:
    """At most ``width`` printable characters of ``line`` around the 1-based ``column`` (an ellipsis at a cut
    end), and where that column falls in the excerpt: what an error quotes under its caret."""
    start = max(0, min(column - 1 - width // 2, len(line) - width))
    lead = "…" if start else ""
    tail = "…" if start + width < len(line) else ""
    return lead + printable(line[start:start + width]) + tail, column - start + len(lead)


@dataclass(frozen=True, slots=True)
class Location:
    """Where something is: file, 1-based line and column (0 when unknown)."""

    file: str = "<input>"
    line: int = 0
    column: int = 0

    def __str__(self) -> str:
        if self.line:
            return f"{self.file}:{self.line}:{self.column or 1}"
        return self.file


class FindingsValidatorError(Exception):
    """Root of every error the library raises on purpose."""

    def __init__(self, message: str, location: Location | None = None, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.location = location
        self.hint = hint

    def __str__(self) -> str:
        text = f"{self.location}: {self.message}" if self.location else self.message
        if self.hint:
            text += f"\n  hint: {self.hint}"
        return text


class CatalogError(FindingsValidatorError):
    """A clause catalog or edition map is malformed or inconsistent."""


class CitationSyntaxError(FindingsValidatorError):
    """Citation text could not be parsed."""

    def __init__(self, message: str, text: str, column: int, expected: tuple[str, ...] = ()) -> None:
        super().__init__(message, Location("<citation>", 1, column))
        self.text = text
        self.column = column
        self.expected = expected


class RuleSyntaxError(FindingsValidatorError):
    """A rule file is malformed or fails static checking."""


class ConfigError(FindingsValidatorError):
    """Configuration is invalid (unknown key, wrong type, unknown rule id)."""


class InputError(FindingsValidatorError):
    """A report file cannot be read at all (missing, binary, unknown format)."""


class UnknownEditionError(FindingsValidatorError):
    """A standard or edition that no loaded catalog describes."""
