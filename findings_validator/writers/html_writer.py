"""One self-contained HTML page for people: the audit, the summary, and each finding as a card.

CSS and JS are inlined from ``assets/`` and a Content-Security-Policy forbids every network request, so the file can
be mailed or archived as is. Filters (verdict, grade) hide and show cards; printing shows every card, unbroken.
Every piece of text is escaped; the output depends on nothing but the results (no dates, no random ids).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from functools import cache
from html import escape
from importlib.resources import files

from ..citations.types import Resolution
from ..models import Diagnostic, FindingResult, Grade, ReportResult, RuleInfo, Verdict
from .common import TOOL_NAME, TOOL_VERSION, all_findings, readiness, summary_line

CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:"
VERDICT_LABEL = {Verdict.VALID: "valid", Verdict.INVALID: "invalid", Verdict.DOWNGRADE_TO_OFI: "downgrade to OFI",
                 Verdict.RECLASSIFY_AS_NC: "reclassify as NC", Verdict.UPGRADE_TO_MAJOR: "upgrade to major"}
GRADE_LABEL = {Grade.MAJOR: "major", Grade.MINOR: "minor", Grade.OFI: "OFI", Grade.OBSERVATION: "observation",
               Grade.POSITIVE: "positive"}


@cache
def _asset(name: str) -> str:
    return (files(__package__) / "assets" / name).read_text(encoding="utf-8")


def _audit(result: ReportResult) -> str:
    if result.report is None:
        return ""
    audit = result.report.audit
    team = audit.team
    rows = [("Client", audit.client), ("Certification body", audit.certification_body),
            ("Audit type", audit.type.value if audit.type else None), ("Criteria", ", ".join(audit.criteria)),
            ("Exclusions", ", ".join(audit.exclusions)), ("Scope", audit.scope), ("Sites", "; ".join(audit.sites)),
            ("Dates", ", ".join(d.isoformat() for d in audit.dates)),
            ("Team", ", ".join(filter(None, [team.leader, *team.members])) if team else None)]
    items = "".join(f"<dt>{escape(k)}</dt><dd>{escape(v)}</dd>" for k, v in rows if v)
    return f'<dl class="audit">{items}</dl>\n'


def _counts(result: ReportResult) -> str:
    verdicts = Counter(f.verdict for f in result.findings)
    grades = Counter(f.finding.grade for f in result.findings)
    tables = []
    for caption, cells in (("By verdict", [(VERDICT_LABEL[v], verdicts[v]) for v in Verdict if verdicts[v]]),
                           ("By grade", [(GRADE_LABEL[g], grades[g]) for g in Grade if grades[g]])):
        rows = "".join(f"<tr><th>{escape(k)}</th><td>{n}</td></tr>" for k, n in cells)
        if rows:
            tables.append(f'<table class="counts"><caption>{caption}</caption><tbody>{rows}</tbody></table>')
    return f'<div class="counts">{"".join(tables)}</div>\n' if tables else ""


def _diagnostics(diagnostics: Sequence[Diagnostic]) -> str:
    items = []
    for d in diagnostics:
        title = f' <span class="title">{escape(d.title)}</span>' if d.title else ""
        parts = [f'<span class="rule">{escape(d.rule)}</span> <span class="severity">{escape(d.severity.value)}</span>'
                 f"{title}", f'<p class="message">{escape(d.message)}</p>']
        if d.suggestion:
            parts.append(f'<p class="suggestion">{escape(d.suggestion)}</p>')
        if d.source:
            parts.append(f'<p class="source">{escape(d.source)}</p>')
        items.append(f'<li class="sev-{escape(d.severity.value)}">{"".join(parts)}</li>')
    return f'<ul class="diagnostics">{"".join(items)}</ul>' if items else ""


def _clause(key: str, title: str | None) -> str:
    edition, _, clause_id = key.rpartition("/")
    label = escape(f"{edition} {clause_id}".strip())
    return label + (f' <span class="clause-title">{escape(title)}</span>' if title else "")


def _citation(r: Resolution) -> str:
    text = f'<code>{escape(r.citation.text.strip())}</code> <span class="status status-{escape(r.status.value)}">' \
           f"{escape(r.status.value.replace('_', ' '))}</span>"
    clauses = "; ".join(_clause(k, t) for k, t in zip(r.clauses, r.titles + (None,) * len(r.clauses)))
    if clauses:
        text += f" → {clauses}"
    if r.items:
        text += " " + escape(" ".join(f"{item})" for item in r.items))
    if r.suggestions:
        text += f'<br><span class="clause-title">consider: {escape(", ".join(s.label for s in r.suggestions))}</span>'
    return f"<li>{text}</li>"


def _section(heading: str, body: str) -> str:
    return f"<h4>{escape(heading)}</h4>{body}" if body else ""


def _card(finding: FindingResult, number: int) -> str:
    f = finding.finding
    citations = "".join(_citation(r) for r in finding.citations)
    evidence = "".join(f"<li>{escape(e)}</li>" for e in f.evidence)
    return (
        f'<article class="card" id="finding-{number}" data-verdict="{escape(finding.verdict.value)}" '
        f'data-grade="{escape(f.grade.value)}">\n'
        f"<header><h3>{escape(f.id)}</h3> <span class=\"grade\">{escape(GRADE_LABEL[f.grade])}</span> "
        f'<span class="badge verdict-{escape(finding.verdict.value)}">{escape(VERDICT_LABEL[finding.verdict])}</span>'
        "</header>\n"
        + _section("Cited", f"<ul>{citations}</ul>" if citations else "<p>nothing cited</p>")
        + _section("Requirement", f"<p>{escape(f.requirement)}</p>" if f.requirement else "")
        + _section("Statement", f"<p>{escape(f.statement)}</p>" if f.statement else "")
        + _section("Evidence", f"<ul>{evidence}</ul>" if evidence else "")
        + _section("Diagnostics", _diagnostics(finding.diagnostics))
        + "\n</article>\n"
    )


def _report(result: ReportResult, first: int) -> str:
    ready = "ready" if result.summary.get("ready") else "not-ready"
    cards = "".join(_card(f, first + i) for i, f in enumerate(result.findings))
    report_diags = _section("Report", _diagnostics(result.diagnostics))
    return (f'<section class="report">\n<h2>{escape(result.file)}</h2>\n{_audit(result)}'
            f'<p class="readiness {ready}">{escape(readiness(result))}</p>\n{_counts(result)}'
            f"{report_diags}\n{cards}</section>\n")


def _select(name: str, label: str, options: Iterable[tuple[str, str, int]]) -> str:
    rows = "".join(f'<option value="{escape(v)}">{escape(t)} ({n})</option>' for v, t, n in options if n)
    return (f'<label>{escape(label)} <select id="filter-{name}"><option value="">all</option>{rows}</select>'
            "</label>")


def render(results: Sequence[ReportResult], rules: Sequence[RuleInfo], *, color: bool = False) -> str:
    """The page; ``rules`` and ``color`` are not used (rule titles travel on the diagnostics)."""
    findings = all_findings(results)
    verdicts = Counter(f.verdict for f in findings)
    grades = Counter(f.finding.grade for f in findings)
    clients = {r.report.audit.client for r in results if r.report is not None and r.report.audit.client}
    title = "Audit findings review" + (f" — {next(iter(clients))}" if len(clients) == 1 else "")
    sections, first = [], 1
    for result in results:
        sections.append(_report(result, first))
        first += len(result.findings)
    filters = (_select("verdict", "Verdict", ((v.value, VERDICT_LABEL[v], verdicts[v]) for v in Verdict))
               + _select("grade", "Grade", ((g.value, GRADE_LABEL[g], grades[g]) for g in Grade)))
    return (
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta name="generator" content="{TOOL_NAME} {escape(TOOL_VERSION)}">\n'
        f'<link rel="icon" href="data:,">\n<title>{escape(title)}</title>\n<style>\n{_asset("report.css")}</style>\n'
        f'</head>\n<body>\n<header class="page"><h1>{escape(title)}</h1>\n'
        f'<p class="totals">{escape(summary_line(results))}</p></header>\n'
        f'<nav class="filters" aria-label="Filters">{filters} '
        '<span id="filter-count" aria-live="polite"></span></nav>\n'
        f"<main>\n{''.join(sections)}</main>\n<script>\n{_asset('report.js')}</script>\n</body>\n</html>\n"
    )
