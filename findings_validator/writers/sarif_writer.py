"""SARIF 2.1.0 for GitHub code scanning and other SARIF viewers.

One run; ``tool.driver.rules`` lists every rule that was run (plus any rule id that only the engine or a reader
reports, described from the diagnostic), so that each result's ``ruleIndex`` points at its rule. Positions are
1-based; a report-level diagnostic points at line 1. In a Word or PDF report, lines are counted through the whole
document, and the location's ``message`` names the place (``page 3, line 12``, ``table 2, row 3, cell 4``). ``partialFingerprints`` hash rule, file and finding id (not
the message, whose wording may change), so code scanning keeps tracking an alert across runs.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Sequence

from ..models import Diagnostic, FindingResult, Places, ReportResult, RuleInfo, Severity
from .common import (
    INFORMATION_URI,
    TOOL_NAME,
    TOOL_VERSION,
    anchor,
    located,
    message_with_suggestion,
    one_line,
    place,
    places,
    relative_uri,
    totals,
)

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
FINGERPRINT_KEY = "findingsValidator/v1"
_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def _descriptor(rule: RuleInfo) -> dict[str, object]:
    description = one_line(rule.description) or rule.title
    tags = ["audit-finding", f"scope:{rule.scope}"] + ([rule.source] if rule.source else [])
    properties: dict[str, object] = {"tags": tags, "effect": rule.effect.value}
    if rule.source:
        properties["source"] = rule.source
    help_text = description + (f" ({rule.source})" if rule.source else "")
    return {
        "id": rule.id,
        "name": rule.title,
        "shortDescription": {"text": rule.title},
        "fullDescription": {"text": description},
        "help": {"text": help_text},
        "helpUri": rule.help_uri,
        "defaultConfiguration": {"level": _LEVEL[rule.severity]},
        "properties": properties,
    }


def _undeclared(diag: Diagnostic) -> RuleInfo:
    """A rule id reported by the engine or a reader rather than a rule file: described from the diagnostic."""
    return RuleInfo(id=diag.rule, title=diag.title or diag.rule, source=diag.source, severity=diag.severity,
                    effect=diag.effect, scope="report" if diag.finding is None else "finding")


def _catalogue(results: Sequence[ReportResult], rules: Sequence[RuleInfo]) -> list[RuleInfo]:
    known = {rule.id for rule in rules}
    extra: dict[str, RuleInfo] = {}
    for result in results:
        for _, diag in located(result):
            if diag.rule not in known and diag.rule not in extra:
                extra[diag.rule] = _undeclared(diag)
    return list(rules) + [extra[k] for k in sorted(extra)]


def _fingerprint(rule: str, uri: str, finding: str, occurrence: int) -> str:
    material = "\0".join([rule, uri, finding] + ([str(occurrence)] if occurrence else []))
    return hashlib.sha256(material.encode("utf-8")).hexdigest()[:32]


def _result(diag: Diagnostic, finding: FindingResult | None, uri: str, index: int,
            occurrence: int, names: Places | None = None) -> dict[str, object]:
    line, column = anchor(diag, finding)
    location: dict[str, object] = {"physicalLocation": {
        "artifactLocation": {"uri": uri},
        "region": {"startLine": line, "startColumn": column},
    }}
    named = place(diag, finding, names)
    if named:   # a Word or PDF report: its lines are counted through the document; say where a reader looks
        location["message"] = {"text": named}
    properties: dict[str, object] = {"effect": diag.effect.value}
    if finding is not None:
        properties.update(finding=finding.id, grade=finding.finding.grade.value, verdict=finding.verdict.value)
    if diag.source:
        properties["source"] = diag.source
    return {
        "ruleId": diag.rule,
        "ruleIndex": index,
        "level": _LEVEL[diag.severity],
        "message": {"text": message_with_suggestion(diag)},
        "locations": [location],
        "partialFingerprints": {FINGERPRINT_KEY: _fingerprint(diag.rule, uri, diag.finding or "", occurrence)},
        "properties": properties,
    }


def document(results: Sequence[ReportResult], rules: Sequence[RuleInfo]) -> dict[str, object]:
    """The SARIF log as plain data."""
    catalogue = _catalogue(results, rules)
    index = {rule.id: i for i, rule in enumerate(catalogue)}
    sarif_results = []
    seen: Counter[tuple[str, str, str]] = Counter()
    for result in results:
        uri = relative_uri(result.file)
        names = places(result)
        for finding, diag in located(result):
            key = (diag.rule, uri, diag.finding or "")
            sarif_results.append(_result(diag, finding, uri, index[diag.rule], seen[key], names))
            seen[key] += 1
    driver = {"name": TOOL_NAME, "version": TOOL_VERSION, "semanticVersion": TOOL_VERSION,
              "informationUri": INFORMATION_URI, "rules": [_descriptor(rule) for rule in catalogue]}
    return {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": driver},
            "columnKind": "unicodeCodePoints",
            "results": sarif_results,
            "properties": {"summary": totals(results),
                           "files": [{"file": relative_uri(r.file), "summary": r.summary} for r in results]},
        }],
    }


def render(results: Sequence[ReportResult], rules: Sequence[RuleInfo], *, color: bool = False) -> str:
    """Serialise ``document``; ``color`` is not used by this format."""
    return json.dumps(document(results, rules), indent=2, ensure_ascii=False) + "\n"
