"""One self-contained HTML page for the client and the decision-maker: findings first, then the report checks.

The page is rendered from the Jinja2 templates in ``templates/`` with autoescaping on, so every text that comes
from a report or a rule is escaped by the template engine. This module only shapes the results into plain values
for the templates; the words a reader sees (verdicts, grades, what a report check means and why ISO/IEC 17021-1
wants it) come from ``html_wording.yaml``. CSS and JS are inlined from ``assets/`` and a Content-Security-Policy
forbids every network request, so the file can be mailed or archived as is. The output depends on nothing but the
results (no dates, no random ids).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from functools import cache
from importlib.resources import files
from typing import Any

import yaml
from jinja2 import Environment, PackageLoader, StrictUndefined

from ..citations.types import Resolution
from ..models import (
    Diagnostic,
    Effect,
    Finding,
    FindingResult,
    Grade,
    Places,
    ReportResult,
    RuleInfo,
    Severity,
    Verdict,
)
from .common import TOOL_NAME, TOOL_VERSION, all_findings, all_severity_counts, one_line, places, plural, readiness
from .html_chart import CHART_THRESHOLD, verdict_chart

CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:"
DECIDING_EFFECT = {Verdict.RECLASSIFY_AS_NC: Effect.RECLASSIFY, Verdict.DOWNGRADE_TO_OFI: Effect.DOWNGRADE,
                   Verdict.UPGRADE_TO_MAJOR: Effect.UPGRADE}
"""The effect of the diagnostics that decide each verdict but ``invalid`` (any other error decides that one)."""


@cache
def wording() -> dict[str, Any]:
    """``html_wording.yaml``: the labels of values and the reader's wording of the report checks."""
    data: dict[str, Any] = yaml.safe_load(files(__package__).joinpath("html_wording.yaml").read_text("utf-8"))
    return data


@cache
def _asset(name: str) -> str:
    """A stylesheet or script of our own; the template inlines it unescaped (``|safe``: escaping would break CSS
    selectors such as ``a > b``), the only values it does not escape."""
    return (files(__package__) / "assets" / name).read_text(encoding="utf-8")


class _Environment(Environment):
    """Looks a name up in the view's dicts first: ``card.items`` is the card's value, never ``dict.items``, and
    rendering is quicker than trying the attribute first."""

    def getattr(self, obj: Any, attribute: str) -> Any:
        if type(obj) is dict and attribute in obj:
            return obj[attribute]
        return super().getattr(obj, attribute)


@cache
def environment() -> Environment:
    return _Environment(loader=PackageLoader(__package__, "templates"), autoescape=True, undefined=StrictUndefined,
                       trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)


def label(kind: str, value: str) -> str:
    """The reader's word for a value (``downgrade_to_ofi`` → ``downgrade to OFI``); an unknown value with its
    underscores as spaces."""
    return str(wording()["labels"][kind].get(value, value.replace("_", " ")))


def where(file: str, line: int, names: Places | None, *, with_file: bool = True) -> str:
    """``examples/a.yaml, line 12``, or the place in a Word or PDF document; just the file when the line is unknown."""
    place = (names.name(line) if names is not None else f"line {line}") if line > 0 else None
    if not with_file:
        return place or ""
    return f"{file}, {place}" if place else file


def counts_in_words(verdicts: Counter[Verdict], findings: int) -> str:
    """``10 findings: 3 valid, 5 invalid, 1 downgrade to OFI`` (zero counts left out)."""
    parts = ", ".join(f"{verdicts[v]} {label('verdict', v.value)}" for v in Verdict if verdicts[v])
    return f"{plural(findings, 'finding')}: {parts}" if parts else plural(findings, "finding")


def reason(result: FindingResult) -> str:
    """One line saying why the finding got its verdict: the title of the first diagnostic that decided it."""
    errors = [d for d in result.diagnostics if d.severity is Severity.ERROR]
    wanted = DECIDING_EFFECT.get(result.verdict)
    if result.verdict is Verdict.INVALID:
        deciding = [d for d in errors if d.effect is not Effect.UPGRADE]
    else:
        deciding = [d for d in errors if d.effect is wanted] if wanted else []
    if deciding:
        return _short(deciding[0])
    if result.diagnostics:
        worst = max(result.diagnostics, key=lambda d: d.severity.rank)
        return f"{label('severity', worst.severity.value)}: {_short(worst)}"
    return "no problem found"


def _short(diag: Diagnostic) -> str:
    text = diag.title or one_line(diag.message)
    return text if len(text) <= 120 else text[:119].rstrip() + "…"


def _diagnostic(diag: Diagnostic, file: str, names: Places | None) -> dict[str, Any]:
    severity = diag.severity.value
    return {"rule": diag.rule, "severity": severity, "severity_label": label("severity", severity),
            "title": diag.title, "message": diag.message, "suggestion": diag.suggestion, "source": diag.source,
            "where": where(diag.file, diag.line, names, with_file=diag.file != file)}


def _citation(r: Resolution) -> dict[str, Any]:
    titles = r.titles + (None,) * len(r.clauses)
    return {"text": r.citation.text.strip(), "status": r.status.value, "status_label": label("status", r.status.value),
            "clauses": [(_clause_label(key), title) for key, title in zip(r.clauses, titles)],
            "lettered": " ".join(f"{item})" for item in r.items),
            "suggestions": ", ".join(s.label for s in r.suggestions)}


def _clause_label(key: str) -> str:
    edition, _, clause_id = key.rpartition("/")
    return f"{edition} {clause_id}".strip()


def cited(result: FindingResult) -> str:
    """The clauses the finding cites, as resolved where they resolved, else as written."""
    shown = [", ".join(_clause_label(k) for k in r.clauses) if r.clauses else r.citation.text.strip()
             for r in result.citations]
    finding = result.finding
    if not shown and isinstance(finding, Finding):
        shown = [text.strip() for text in finding.clause]
    return "; ".join(s for s in shown if s) or "nothing cited"


def _card(result: FindingResult, number: int, file: str, names: Places | None) -> dict[str, Any]:
    f = result.finding
    text = f if isinstance(f, Finding) else None
    context = [(name, value) for name, value in (("Process", text and text.process), ("Site", text and text.site),
                                                 ("Auditee", text and text.auditee)) if value]
    return {"number": number, "id": f.id, "grade": f.grade.value, "grade_label": label("grade", f.grade.value),
            "verdict": result.verdict.value, "verdict_label": label("verdict", result.verdict.value),
            "where": where(f.file, f.line, names), "cited": cited(result), "reason": reason(result),
            "citations": [_citation(r) for r in result.citations],
            "requirement": text.requirement if text else None, "statement": text.statement if text else "",
            "evidence": list(text.evidence) if text else [], "context": context,
            "diagnostics": [_diagnostic(d, f.file, names) for d in result.diagnostics]}


def _report_check(diag: Diagnostic, file: str, names: Places | None) -> tuple[str, dict[str, Any]]:
    """The section a report-level diagnostic goes under, and what the reader is told of it."""
    entry = wording()["report_checks"].get(diag.rule)
    shown = _diagnostic(diag, file, names)
    if entry is None:
        shown.update(what=diag.title or one_line(diag.message), why=None,
                     details=diag.message if diag.title else None)
        return "other", shown
    shown.update(what=entry["what"], why=entry["why"], details=diag.message if entry.get("details") else None)
    return str(entry["section"]), shown


def _report_checks(result: ReportResult) -> list[tuple[str, list[dict[str, Any]]]]:
    grouped: dict[str, list[dict[str, Any]]] = {}
    for diag in result.diagnostics:
        section, shown = _report_check(diag, result.file, places(result))
        grouped.setdefault(section, []).append(shown)
    headings = wording()["sections"]
    return [(headings[key], grouped[key]) for key in headings if key in grouped]


def _audit(result: ReportResult) -> list[tuple[str, str]]:
    if result.report is None:
        return []
    audit = result.report.audit
    team = audit.team
    rows = [("Client", audit.client), ("Certification body", audit.certification_body),
            ("Audit type", label("audit_type", audit.type.value) if audit.type else None),
            ("Criteria", ", ".join(audit.criteria)), ("Exclusions", ", ".join(audit.exclusions)),
            ("Scope", audit.scope), ("Sites", "; ".join(audit.sites)),
            ("Dates", ", ".join(d.isoformat() for d in audit.dates)),
            ("Team", ", ".join(filter(None, [team.leader, *team.members])) if team else None),
            ("Objectives", "; ".join(audit.objectives)), ("Conclusion", audit.conclusion),
            ("Recommendation", audit.recommendation)]
    return [(name, value) for name, value in rows if value]


def _report(result: ReportResult, first: int) -> dict[str, Any]:
    names = places(result)
    cards = [_card(f, first + i, result.file, names) for i, f in enumerate(result.findings)]
    return {"file": result.file, "audit": _audit(result), "ready": bool(result.summary.get("ready")),
            "readiness": readiness(result), "cards": cards,
            "counts": counts_in_words(Counter(f.verdict for f in result.findings), len(result.findings)),
            "chart": verdict_chart(result.findings, label) if len(result.findings) > CHART_THRESHOLD else None,
            "checks": _report_checks(result),
            "checks_count": plural(len(result.diagnostics), "check") + " on the report as a whole"}


def _options(kind: str, counts: Counter[str], order: Iterable[str]) -> list[tuple[str, str, int]]:
    return [(value, label(kind, value), counts[value]) for value in order if counts[value]]


def render(results: Sequence[ReportResult], rules: Sequence[RuleInfo], *, color: bool = False) -> str:
    """The page; ``rules`` and ``color`` are not used (rule titles travel on the diagnostics)."""
    findings = all_findings(results)
    clients = {r.report.audit.client for r in results if r.report is not None and r.report.audit.client}
    reports, first = [], 1
    for result in results:
        reports.append(_report(result, first))
        first += len(result.findings)
    severities = ", ".join(plural(n, s) for s, n in all_severity_counts(results).items() if n) or "no diagnostics"
    verdicts = Counter(f.verdict.value for f in findings)
    grades = Counter(f.finding.grade.value for f in findings)
    return environment().get_template("report.html.j2").render(
        title="Audit findings review" + (f" — {next(iter(clients))}" if len(clients) == 1 else ""),
        totals=f"{counts_in_words(Counter(f.verdict for f in findings), len(findings))} · {severities}",
        reports=reports, csp=CSP, generator=f"{TOOL_NAME} {TOOL_VERSION}",
        verdict_options=_options("verdict", verdicts, (v.value for v in Verdict)),
        grade_options=_options("grade", grades, (g.value for g in Grade)),
        css=_asset("report.css"), js=_asset("report.js"))
