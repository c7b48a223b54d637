"""NIST OSCAL 1.2 ``assessment-results``: the checked findings as audit software and GRC tools exchange them.

One result per report (one report is one audit); an observation per finding, carrying its statement, evidence and
where the draft holds it; an OSCAL finding per nonconformity, whose target is the catalog clause it cites
(``target-id`` = edition slug + clause id) with ``not-satisfied``. What OSCAL has no field for (verdict, grade, rule
ids, 17021-1 sources, file and position) goes into props in this project's own namespace (``NAMESPACE``). UUIDs are
name-based (version 5) on the file and finding id, so the same report exports to the same document every time.
The mapping is described in docs/output-formats.md.
"""

from __future__ import annotations

import datetime as _dt
import json
import os
import re
import uuid
from collections.abc import Sequence

from ..models import FindingResult, ReportResult, RuleInfo, Verdict
from .common import TOOL_NAME, TOOL_VERSION, one_line, readiness, relative_uri

OSCAL_VERSION = "1.2.1"
NAMESPACE = "https://findings-validator.readthedocs.io/ns/oscal"
"""The ``ns`` of every prop this tool adds: the names are its own, not NIST's."""

_UUIDS = uuid.uuid5(uuid.NAMESPACE_URL, NAMESPACE)
_TOKEN_START = re.compile(r"^[^_A-Za-z]")

VERDICT_WORDS = {
    Verdict.VALID: "valid",
    Verdict.INVALID: "invalid",
    Verdict.DOWNGRADE_TO_OFI: "downgrade to OFI",
    Verdict.RECLASSIFY_AS_NC: "reclassify as nonconformity",
    Verdict.UPGRADE_TO_MAJOR: "upgrade to major",
}


def stable_uuid(*parts: str) -> str:
    """A version-5 UUID of ``parts`` in this tool's namespace: the same parts give the same UUID. (A lone surrogate,
    as a file name that is not UTF-8 holds, is hashed as the replacement character.)"""
    name = "\x1f".join(parts).encode("utf-8", "surrogatepass").decode("utf-8", "replace")
    return str(uuid.uuid5(_UUIDS, name))


def edition_slug(edition: str) -> str:
    """``ISO/IEC 27001:2022`` → ``iso-iec-27001-2022`` (an OSCAL token)."""
    slug = re.sub(r"[^a-z0-9]+", "-", edition.lower()).strip("-")
    return f"_{slug}" if _TOKEN_START.match(slug or "0") else slug


def target_id(edition: str, clause: str) -> str:
    """The ``target-id`` of a clause: edition slug and clause id, ``iso-9001-2015_7.5.3``."""
    clause_token = re.sub(r"[^A-Za-z0-9.\-]+", "-", clause).strip("-") or "unspecified"
    return f"{edition_slug(edition)}_{clause_token}"


def _prop(name: str, value: object) -> dict[str, str] | None:
    text = one_line(str(value))
    return {"name": name, "ns": NAMESPACE, "value": text} if text else None


def _props(*pairs: tuple[str, object]) -> list[dict[str, str]]:
    return [p for p in (_prop(name, value) for name, value in pairs) if p is not None]


def _timestamp(day: _dt.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def _when(result: ReportResult) -> tuple[str, str | None]:
    """(start, end) of the audit: its dates; else SOURCE_DATE_EPOCH; else the report file's modification time."""
    dates = sorted(result.report.audit.dates) if result.report is not None else []
    if dates:
        return _timestamp(dates[0]), _timestamp(dates[-1]) if len(dates) > 1 else None
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    try:
        seconds = float(epoch) if epoch else os.stat(result.file).st_mtime
    except (OSError, ValueError):
        seconds = 0.0
    moment = _dt.datetime.fromtimestamp(seconds, _dt.UTC).replace(microsecond=0)
    return moment.isoformat().replace("+00:00", "Z"), None


def _position_props(item: FindingResult) -> list[dict[str, str]]:
    f = item.finding
    return _props(("report-file", relative_uri(f.file)), ("line", f.line or ""), ("column", f.column or ""))


def _target(item: FindingResult, criteria: Sequence[str]) -> tuple[str, list[dict[str, str]]]:
    """The cited clause as a target-id, and props saying which clauses were cited and whether they resolved."""
    for resolution in item.citations:
        for key in resolution.clauses:
            edition, _, clause = key.rpartition("/")
            return target_id(edition, clause), _props(("clause", key), ("citation-resolved", "true"))
    written = next((r.citation.clause for r in item.citations if r.citation.clause), "")
    written = written or (item.finding.clause[0] if item.finding.clause else "")
    edition = criteria[0] if criteria else "unspecified"
    return target_id(edition, written), _props(("clause", written), ("citation-resolved", "false"))


def _observation(item: FindingResult, result_id: str, tool_id: str) -> dict[str, object]:
    f = item.finding
    evidence = [{"description": text, "href": f"{relative_uri(f.file)}#L{f.position('evidence')[0] or f.line}"}
                for text in f.evidence if text.strip()]
    observation: dict[str, object] = {
        "uuid": stable_uuid(result_id, "observation", f.id),
        "title": one_line(f"{f.id} ({f.grade.value})"),
        "description": f.statement or "The finding has no statement.",
        "props": _props(("finding-id", f.id), ("grade", f.grade.value), ("verdict", item.verdict.value),
                        ("verdict-words", VERDICT_WORDS[item.verdict]),
                        *(("cited", c) for c in f.clause)),
        "methods": ["EXAMINE"],
        "types": ["finding"],
        "origins": [{"actors": [{"type": "tool", "actor-uuid": tool_id, "props": _position_props(item)}]}],
        "collected": "",
    }
    if evidence:
        observation["relevant-evidence"] = evidence
    return observation


def _finding(item: FindingResult, result_id: str, tool_id: str, observation_id: str,
             criteria: Sequence[str]) -> dict[str, object]:
    f = item.finding
    target, target_props = _target(item, criteria)
    rules = sorted({d.rule for d in item.diagnostics})
    sources = sorted({d.source for d in item.diagnostics if d.source and "17021" in d.source})
    suggested = sorted({d.suggested_clause for d in item.diagnostics if d.suggested_clause})
    return {
        "uuid": stable_uuid(result_id, "finding", f.id),
        "title": one_line(f"Nonconformity {f.id}"),
        "description": f.requirement or f.statement or "The finding has no statement.",
        "props": _props(("finding-id", f.id), ("grade", f.grade.value), ("verdict", item.verdict.value),
                        ("verdict-words", VERDICT_WORDS[item.verdict]),
                        *(("rule", rule) for rule in rules), *(("source", s) for s in sources),
                        *(("suggested-clause", clause) for clause in suggested)),
        "origins": [{"actors": [{"type": "tool", "actor-uuid": tool_id, "props": _position_props(item)}]}],
        "target": {"type": "objective-id", "target-id": target, "props": target_props,
                   "status": {"state": "not-satisfied", "reason": "fail"}},
        "related-observations": [{"observation-uuid": observation_id}],
    }


def _result(result: ReportResult, tool_id: str) -> dict[str, object]:
    file = relative_uri(result.file)
    result_id = stable_uuid("result", file)
    audit = result.report.audit if result.report is not None else None
    criteria = tuple(audit.criteria) if audit is not None else ()
    start, end = _when(result)
    observations: list[dict[str, object]] = []
    findings: list[dict[str, object]] = []
    for item in result.findings:
        observation = _observation(item, result_id, tool_id)
        observation["collected"] = end or start
        observations.append(observation)
        if item.finding.grade.is_nc:
            findings.append(_finding(item, result_id, tool_id, str(observation["uuid"]), criteria))
    title = f"Audit of {audit.client}" if audit is not None and audit.client else f"Audit report {file}"
    out: dict[str, object] = {
        "uuid": result_id,
        "title": one_line(title),
        "description": one_line(f"Findings of {file} checked by {TOOL_NAME} {TOOL_VERSION}: {readiness(result)}."),
        "start": start,
    }
    if end:
        out["end"] = end
    props = _props(("report-file", file), ("ready", "true" if result.summary.get("ready") else "false"),
                   *(("criterion", c) for c in criteria),
                   ("audit-type", audit.type.value if audit is not None and audit.type else ""),
                   *(("report-rule", d.rule) for d in sorted({d.rule: d for d in result.diagnostics}.values())))
    if props:
        out["props"] = props
    out["local-definitions"] = {"components": [{
        "uuid": tool_id, "type": "software", "title": TOOL_NAME,
        "description": f"{TOOL_NAME} {TOOL_VERSION}, which read the report and checked its findings.",
        "status": {"state": "operational"},
    }]}
    out["reviewed-controls"] = {
        "description": "The clauses of the audit criteria" + (f": {', '.join(criteria)}." if criteria else "."),
        "control-selections": [{"include-all": {}}],
    }
    if observations:
        out["observations"] = observations
    if findings:
        out["findings"] = findings
    return out


def document(results: Sequence[ReportResult]) -> dict[str, object]:
    """The ``assessment-results`` document as plain data (what ``render`` serialises)."""
    files = [relative_uri(r.file) for r in results]
    tool_id = stable_uuid("tool", TOOL_NAME)
    out_results = [_result(result, tool_id) for result in results]
    moments = [str(r.get("end") or r["start"]) for r in out_results]
    last_modified = max(moments) if moments else "1970-01-01T00:00:00Z"
    return {"assessment-results": {
        "uuid": stable_uuid("assessment-results", *files),
        "metadata": {
            "title": one_line("Checked audit findings: " + (", ".join(files) or "no report")),
            "last-modified": last_modified,
            "version": TOOL_VERSION,
            "oscal-version": OSCAL_VERSION,
        },
        "import-ap": {"href": files[0] if files else "#",
                      "remarks": "The audit plan is not exported; this refers to the report that was checked."},
        "results": out_results or [_empty_result(tool_id)],
    }}


def _empty_result(tool_id: str) -> dict[str, object]:
    return {"uuid": stable_uuid("result", ""), "title": "No report", "description": "No report was checked.",
            "start": "1970-01-01T00:00:00Z", "reviewed-controls": {"control-selections": [{"include-all": {}}]}}


def render(results: Sequence[ReportResult], rules: Sequence[RuleInfo], *, color: bool = False) -> str:
    """OSCAL JSON; ``rules`` and ``color`` are not used by this format."""
    return json.dumps(document(results), indent=2, ensure_ascii=False) + "\n"
