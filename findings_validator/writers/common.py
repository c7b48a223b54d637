"""What several writers need: walking diagnostics with their finding, counting, positions, paths, the summary line,
and making data safe to print into a terminal or a CI log.

Kept free of any format: a writer that needs something twice finds it here rather than in a sibling writer.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from pathlib import PurePosixPath, PureWindowsPath

from .. import __version__
from ..models import Diagnostic, FindingResult, Places, ReportResult, Severity, Verdict

TOOL_NAME = "findings-validator"
TOOL_VERSION = __version__
INFORMATION_URI = "https://findings-validator.readthedocs.io/"

Located = tuple[FindingResult | None, Diagnostic]
"""A diagnostic with the finding it is about (None for a report-level diagnostic)."""


def located(result: ReportResult) -> Iterator[Located]:
    """Report-level diagnostics first, then each finding's, in the order the report lists the findings."""
    for diag in result.diagnostics:
        yield None, diag
    for finding in result.findings:
        for diag in finding.diagnostics:
            yield finding, diag


def severity_counts(diagnostics: Iterable[Diagnostic]) -> dict[str, int]:
    """``{"error": n, "warning": n, "info": n}``: every severity, zero included, most severe first."""
    counts = Counter(d.severity.value for d in diagnostics)
    return {s.value: counts.get(s.value, 0) for s in Severity}


def file_severity_counts(result: ReportResult) -> dict[str, int]:
    return severity_counts(d for _, d in located(result))


def has_errors(diagnostics: Sequence[Diagnostic]) -> bool:
    return any(d.severity is Severity.ERROR for d in diagnostics)


def all_findings(results: Sequence[ReportResult]) -> list[FindingResult]:
    return [finding for result in results for finding in result.findings]


def all_severity_counts(results: Sequence[ReportResult]) -> dict[str, int]:
    return severity_counts(d for result in results for _, d in located(result))


def totals(results: Sequence[ReportResult]) -> dict[str, object]:
    """Counts over every file, computed from the results themselves (a file that failed to read has no summary)."""
    findings = all_findings(results)
    return {
        "files": len(results),
        "findings": len(findings),
        "by_grade": dict(sorted(Counter(f.finding.grade.value for f in findings).items())),
        "by_verdict": dict(sorted(Counter(f.verdict.value for f in findings).items())),
        "by_severity": all_severity_counts(results),
        "ready": all(bool(r.summary.get("ready", False)) for r in results),
    }


def plural(count: int, word: str) -> str:
    """``1 error``, ``2 errors``; ``info`` does not take an s."""
    if count == 1 or word == "info":
        return f"{count} {word}"
    return f"{count} {word}s"


def summary_line(results: Sequence[ReportResult]) -> str:
    """``40 findings: 12 valid, 16 invalid, … · 31 errors, 4 warnings`` (zero counts left out)."""
    findings = all_findings(results)
    by_verdict = Counter(f.verdict for f in findings)
    verdicts = ", ".join(f"{by_verdict[v]} {v.value}" for v in Verdict if by_verdict[v])
    severities = ", ".join(plural(n, s) for s, n in all_severity_counts(results).items() if n) or "no diagnostics"
    head = plural(len(findings), "finding")
    return f"{head}: {verdicts} · {severities}" if verdicts else f"{head} · {severities}"


def readiness(result: ReportResult) -> str:
    """The readiness line of one report, or why there is none."""
    return str(result.summary.get("readiness") or "not checked: the report could not be read")


def position(diag: Diagnostic, finding: FindingResult | None) -> tuple[int, int] | None:
    """The diagnostic's (line, column), else its finding's; None when neither is known (line 0)."""
    if diag.line > 0:
        return diag.line, max(diag.column, 1)
    if finding is not None and finding.finding.line > 0:
        return finding.finding.line, max(finding.finding.column, 1)
    return None


def places(result: ReportResult) -> Places | None:
    """How positions in the report's file are named (Word, PDF), or None for line-and-column formats."""
    return result.report.places if result.report is not None else None


def place(diag: Diagnostic, finding: FindingResult | None, names: Places | None) -> str | None:
    """Where a diagnostic is in a Word or PDF document (``page 3, line 12``, ``table 2, row 3, cell 4``)."""
    where = position(diag, finding)
    return names.name(where[0]) if names is not None and where is not None else None


def anchor(diag: Diagnostic, finding: FindingResult | None) -> tuple[int, int]:
    """A 1-based (line, column) for formats that must have one: ``position``, else 1:1."""
    return position(diag, finding) or (1, 1)


def relative_uri(path: str) -> str:
    """A report path as a relative URI with forward slashes, as SARIF and GitHub annotations want it."""
    if "\\" in path or re.match(r"^[A-Za-z]:", path):
        posix = PureWindowsPath(path).as_posix()
    else:
        posix = PurePosixPath(path).as_posix()
    return posix[2:] if posix.startswith("./") else posix


def one_line(text: str) -> str:
    """Rule descriptions are written wrapped in the rule files: join them into one line."""
    return re.sub(r"\s+", " ", text).strip()


def message_with_suggestion(diag: Diagnostic, joiner: str = "\n") -> str:
    """The message, then ``Suggestion: …`` when the rule has one."""
    if diag.suggestion:
        return f"{diag.message}{joiner}Suggestion: {diag.suggestion}"
    return diag.message


# ---- data in a terminal or a CI log ----------------------------------------------------------------------------
_UNPRINTABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e"
                          "\u2066-\u2069\ud800-\udfff]")
_LINE_COMMAND = re.compile(r"^([ \t]*(?:\x1b\[[0-9;]*m[ \t]*)*)::", re.M)


def _escaped(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable_data(text: str) -> str:
    """``text`` with what a terminal or log viewer would act on shown instead: control characters (a terminal
    escape sequence starts with one; a carriage return overwrites the line), bidirectional overrides, line
    separators and lone surrogates become ``\\xNN`` / ``\\uNNNN``. Newlines and tabs are kept."""
    return _UNPRINTABLE.sub(_escaped, text)


def defuse_commands(text: str) -> str:
    """``text`` in which no line is a CI workflow command: ``::`` at the start of a line (after spaces, or after
    our own colour codes) becomes ``\\::``, and ``##[`` anywhere becomes ``#\\#[`` (GitHub Actions, Azure
    Pipelines). Meant for whole output: data has already been through ``printable_data``."""
    return _LINE_COMMAND.sub(r"\1\\::", text).replace("##[", "#\\#[")


def log_safe(text: str) -> str:
    """Data as it may be printed into a terminal or CI log: ``printable_data`` then ``defuse_commands``. The
    ``text`` and ``github`` formats both print data through this."""
    return defuse_commands(printable_data(text))
