"""The JSON contract (``docs/output-formats.md``): one object, versioned, keys sorted, indent 2, non-ASCII kept.

Other programs depend on this shape. Adding a key is compatible; renaming, removing or changing the meaning of a
key raises ``CONTRACT_VERSION``. Every value comes from the models' own ``to_dict``, with one addition: for a Word
or PDF report, ``place`` names where a diagnostic or finding is (``page 3, line 12``), from ``Report.places``.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from ..models import FindingResult, Places, ReportResult, RuleInfo
from .common import TOOL_NAME, TOOL_VERSION, file_severity_counts, places, totals

CONTRACT_VERSION = 1


def _file_summary(result: ReportResult) -> dict[str, object]:
    """The engine's summary of one report, plus its diagnostics counted by severity."""
    summary: dict[str, object] = dict(result.summary)
    summary["by_severity"] = file_severity_counts(result)
    return summary


def _named(data: dict[str, object], names: Places | None) -> dict[str, object]:
    """A diagnostic's or finding's dict with ``place`` added when the report is a Word or PDF document."""
    if names is not None and (named := names.name(int(data["line"]))):  # type: ignore[call-overload]
        data["place"] = named
    return data


def _finding(finding: FindingResult, names: Places | None) -> dict[str, object]:
    data = _named(finding.to_dict(), names)
    for diag in data["diagnostics"]:  # type: ignore[attr-defined]
        _named(diag, names)
    return data


def document(results: Sequence[ReportResult]) -> dict[str, object]:
    """The contract as plain data (what ``render`` serialises)."""
    return {
        "version": CONTRACT_VERSION,
        "tool": {"name": TOOL_NAME, "version": TOOL_VERSION},
        "files": [
            {
                "file": result.file,
                "diagnostics": [_named(d.to_dict(), places(result)) for d in result.diagnostics],
                "summary": _file_summary(result),
            }
            for result in results
        ],
        "findings": [_finding(finding, places(result)) for result in results for finding in result.findings],
        "summary": totals(results),
    }


def render(results: Sequence[ReportResult], rules: Sequence[RuleInfo], *, color: bool = False) -> str:
    """Serialise ``document(results)``; ``rules`` and ``color`` are not used by this format."""
    return json.dumps(document(results), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
