"""Small hand-made results for the writers' unit tests: positions, report-level diagnostics, every severity."""

from __future__ import annotations

import pytest

from findings_validator.citations.types import Citation, Resolution, Status
from findings_validator.models import (
    Audit,
    Diagnostic,
    Effect,
    Finding,
    FindingResult,
    Report,
    ReportResult,
    RuleInfo,
    Severity,
    Verdict,
)

FILE = "reports/site a/audit.yaml"

RULES = [
    RuleInfo("FV302", "evidence is vague", "ISO/IEC 17021-1:2015 9.4.5.3", Severity.ERROR, Effect.REJECT,
             "Vague evidence cannot be verified\n  by the reviewer."),
    RuleInfo("FV701", "major shows no effect on the system's capability", "ISO/IEC 17021-1:2015 3.12",
              Severity.WARNING, Effect.NONE),
    RuleInfo("FV900", "report has no conclusion", None, Severity.INFO, Effect.NONE, scope="report"),
]


def sample_result() -> ReportResult:
    """One report: a finding with an error and an info, a valid major with a warning, a report-level diagnostic
    and a diagnostic from a rule that is not in ``RULES`` (as the engine reports for waivers)."""
    audit = Audit.model_validate({"criteria": ["ISO 9001:2015"], "client": "Ångström & <Co>",
                                  "certification_body": "CB, Ltd", "type": "surveillance"})
    nc = Finding.model_validate({"id": "NC-1", "grade": "minor", "clause": ["7.5.3 <b>"],
                                 "statement": 'Records "not" <kept>.', "evidence": ["Sample: 3/10 — résumé", "2nd"],
                                 "file": FILE, "line": 12, "column": 5})
    major = Finding.model_validate({"id": "MAJ-1", "grade": "major", "clause": "8.5.1", "statement": "No control.",
                                    "evidence": "ref 7", "file": FILE, "line": 30, "column": 5})
    d_error = Diagnostic("FV302", Severity.ERROR, "The evidence is vague ('several').\nSecond line: 100%",
                         "Name the records, dates.", "ISO/IEC 17021-1:2015 9.4.5.3", Effect.REJECT, "NC-1", FILE,
                         14, 7, "evidence is vague")
    d_info = Diagnostic("FV900", Severity.INFO, "A note.", None, None, Effect.NONE, "NC-1", FILE, 12, 5,
                        "report has no conclusion")
    d_warn = Diagnostic("FV701", Severity.WARNING, "No effect shown.", "Say what fails.", None, Effect.NONE,
                        "MAJ-1", FILE, 0, 0, "major shows no effect on the system's capability")
    d_waiver = Diagnostic("FV011", Severity.WARNING, "the waiver of FV302 is unused", "remove the waiver",
                          finding="MAJ-1", file=FILE, line=33, column=9, title="waiver for a rule that did not fire")
    d_report = Diagnostic("FV900", Severity.ERROR, "The report has no conclusion.", "Add one.", None, Effect.NONE,
                          None, FILE, 1, 1, "report has no conclusion")
    citation = Resolution(Citation("7.5.3 <b>", 0, 9, clause="7.5.3"), Status.EXACT, ("ISO 9001:2015/7.5.3",),
                          ("Control of documented information",))
    results = (FindingResult(nc, Verdict.INVALID, (d_error, d_info), (citation,)),
               FindingResult(major, Verdict.VALID, (d_waiver, d_warn)))
    summary = {"findings": 2, "ready": False, "readiness": "not ready: 1 nonconformities need rework"}
    return ReportResult(FILE, Report(audit=audit, findings=(nc, major), file=FILE), results, (d_report,), summary)


@pytest.fixture
def result() -> ReportResult:
    return sample_result()


@pytest.fixture
def rules() -> list[RuleInfo]:
    return list(RULES)
