"""The JSON contract (``docs/output-formats.md``): one object, versioned, keys sorted, indent 2, non-ASCII kept.

Other programs depend on this shape. Adding a key is compatible; renaming, removing or changing the meaning of a
key raises ``CONTRACT_VERSION``. Every value comes from the models' own ``to_dict``, with one addition: for a Word
or PDF report, ``place`` names where a diagnostic or finding is (``page 3, line 12``), from ``Report.places``.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TextIO

import orjson

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
    if names is not None:
        for diag in data["diagnostics"]:  # type: ignore[attr-defined]
            _named(diag, names)
    return data


def _file(result: ReportResult) -> dict[str, object]:
    names = places(result)
    return {
        "file": result.file,
        "diagnostics": [_named(d.to_dict(), names) for d in result.diagnostics],
        "summary": _file_summary(result),
        **({"groups": [g.to_dict() for g in result.groups]} if result.groups else {}),
    }


def document(results: Sequence[ReportResult]) -> dict[str, object]:
    """The contract as plain data (what ``render`` serialises)."""
    return {
        "version": CONTRACT_VERSION,
        "tool": {"name": TOOL_NAME, "version": TOOL_VERSION},
        "files": [_file(result) for result in results],
        "findings": [_finding(finding, places(result)) for result in results for finding in result.findings],
        "summary": totals(results),
    }


def write(results: Sequence[ReportResult], rules: Sequence[RuleInfo], out: TextIO, *, color: bool = False) -> None:
    """``render`` written to ``out`` piece by piece (the same text): the findings a few hundred at a time, so the
    whole document is never held as data or as text."""
    whole = document(())
    out.write('{\n  "files": ' + _nested([_file(r) for r in results]) + ',\n  "findings": ')
    findings = [(f, places(r)) for r in results for f in r.findings]
    if not findings:
        out.write("[]")
    else:
        out.write("[\n")
        for start in range(0, len(findings), _CHUNK):
            text = _dumps([_finding(f, names) for f, names in findings[start:start + _CHUNK]])
            out.write(("" if start == 0 else ",\n") + "  " + text[2:-2].replace("\n", "\n  "))
        out.write("\n  ]")
    whole["summary"] = totals(results)
    for key in ("summary", "tool", "version"):
        out.write(f',\n  "{key}": ' + _nested(whole[key]))
    out.write("\n}\n")


_CHUNK = 256


def _dumps(data: object) -> str:
    """``json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False)``, written by orjson (about six times
    faster, the same text); the standard library takes the rare text that is not valid Unicode."""
    try:
        return orjson.dumps(data, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS).decode()
    except orjson.JSONEncodeError:
        return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False)


def _nested(data: object) -> str:
    """``data`` as it appears one level down in the document."""
    return _dumps(data).replace("\n", "\n  ")


def render(results: Sequence[ReportResult], rules: Sequence[RuleInfo], *, color: bool = False) -> str:
    """Serialise ``document(results)``; ``rules`` and ``color`` are not used by this format."""
    return _dumps(document(results)) + "\n"
