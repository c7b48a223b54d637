"""The JSON contract (``docs/output-formats.md``): one object, versioned, keys sorted, indent 2, non-ASCII kept.

Other programs depend on this shape. Adding a key is compatible; renaming, removing or changing the meaning of a
key raises ``CONTRACT_VERSION``. Every value comes from the models' own ``to_dict``: nothing is re-derived here.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from ..models import ReportResult, RuleInfo
from .common import TOOL_NAME, TOOL_VERSION, file_severity_counts, totals

CONTRACT_VERSION = 1


def _file_summary(result: ReportResult) -> dict[str, object]:
    """The engine's summary of one report, plus its diagnostics counted by severity."""
    summary: dict[str, object] = dict(result.summary)
    summary["by_severity"] = file_severity_counts(result)
    return summary


def document(results: Sequence[ReportResult]) -> dict[str, object]:
    """The contract as plain data (what ``render`` serialises)."""
    return {
        "version": CONTRACT_VERSION,
        "tool": {"name": TOOL_NAME, "version": TOOL_VERSION},
        "files": [
            {
                "file": result.file,
                "diagnostics": [d.to_dict() for d in result.diagnostics],
                "summary": _file_summary(result),
                **({"groups": [g.to_dict() for g in result.groups]} if result.groups else {}),
            }
            for result in results
        ],
        "findings": [finding.to_dict() for result in results for finding in result.findings],
        "summary": totals(results),
    }


def render(results: Sequence[ReportResult], rules: Sequence[RuleInfo], *, color: bool = False) -> str:
    """Serialise ``document(results)``; ``rules`` and ``color`` are not used by this format."""
    return json.dumps(document(results), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
