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
from collections.abc import Iterator, Sequence
from typing import TextIO

import orjson

from ..errors import without_surrogates
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
    return hashlib.sha256(without_surrogates(material).encode("utf-8")).hexdigest()[:32]   # the id as written out


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


def _results(results: Sequence[ReportResult], index: dict[str, int]) -> Iterator[dict[str, object]]:
    seen: Counter[tuple[str, str, str]] = Counter()
    for result in results:
        uri = relative_uri(result.file)
        names = places(result)
        for finding, diag in located(result):
            key = (diag.rule, uri, diag.finding or "")
            yield _result(diag, finding, uri, index[diag.rule], seen[key], names)
            seen[key] += 1


def document(results: Sequence[ReportResult], rules: Sequence[RuleInfo],
             sarif_results: object = None) -> dict[str, object]:
    """The SARIF log as plain data (``sarif_results`` stands in for the results list when given)."""
    catalogue = _catalogue(results, rules)
    index = {rule.id: i for i, rule in enumerate(catalogue)}
    if sarif_results is None:
        sarif_results = list(_results(results, index))
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


_HOLE = "\x00the results\x00"
_CHUNK = 256


def write(results: Sequence[ReportResult], rules: Sequence[RuleInfo], out: TextIO, *, color: bool = False) -> None:
    """``render`` written to ``out`` piece by piece (the same text): the results a few hundred at a time, so the
    log is never held whole as data or as text."""
    text = json.dumps(document(results, rules, _HOLE), indent=2, ensure_ascii=False) + "\n"
    hole = json.dumps(_HOLE)
    at = text.index(hole)
    indent = " " * (at - text.rindex("\n", 0, at) - 1 - len('"results": '))  # the key's own indentation
    out.write(text[:at])
    index = {rule.id: i for i, rule in enumerate(_catalogue(results, rules))}
    chunk: list[dict[str, object]] = []
    first = True
    for item in _results(results, index):
        chunk.append(item)
        if len(chunk) == _CHUNK:
            out.write(_items(chunk, indent, first))
            chunk, first = [], False
    if chunk:
        out.write(_items(chunk, indent, first))
    out.write(("[]" if first and not chunk else f"\n{indent}]") + text[at + len(hole):])


def _items(items: list[dict[str, object]], indent: str, first: bool) -> str:
    """``items`` as they appear in the list at ``indent``: the opening bracket before the first piece."""
    try:
        text = orjson.dumps(items, option=orjson.OPT_INDENT_2).decode()
    except orjson.JSONEncodeError:  # a text that is not valid Unicode: the standard library writes it
        text = json.dumps(items, indent=2, ensure_ascii=False)
    body = indent + text[2:-2].replace("\n", "\n" + indent)
    return ("[\n" if first else ",\n") + body
