"""Grading advice stays advice: FV701, FV703 and FV704 are warnings that change no verdict, unless a certification
body re-grades them in its configuration."""

from __future__ import annotations

import pytest

from findings_validator import check
from findings_validator.models import Severity, Verdict

AUDIT = {"criteria": ["ISO 9001:2015"]}
BREAKDOWN = {"id": "NC-1", "grade": "minor", "clause": "9.2.2 a)",
             "statement": "No internal audit was carried out in the certification cycle.",
             "evidence": "Programme IAP-23 planned nine audits for 2023 to 2025; none of the nine had taken place by "
                         "2025-10-14 (quality manager R. Mensah)."}
NO_EFFECT = {"id": "NC-2", "grade": "major", "clause": "7.5.3.2 c)",
             "statement": "One work instruction carried an unsigned handwritten amendment.",
             "evidence": "WI-FAB-014 rev C at PB-3 on 2025-10-15."}
PAIRED = [{"id": f"NC-{i}", "grade": "minor", "clause": "7.1.5.2 a)", "statement": statement, "evidence": evidence}
          for i, (statement, evidence) in enumerate([
              ("The caliper used at goods-in was past its verification date.", "Caliper DVC-0112, due 2025-09-10."),
              ("Micrometers in the CNC cell were overdue for calibration.", "MIC-0231 due 2025-08-11.")], 3)]


@pytest.mark.parametrize(("findings", "rule"), [([BREAKDOWN], "FV703"), ([NO_EFFECT], "FV701"), (PAIRED, "FV704")])
def test_grading_advice_is_a_warning_that_changes_no_verdict(findings: list[dict[str, str]], rule: str) -> None:
    result = check({"audit": AUDIT, "findings": findings})
    fired = [d for f in result.findings for d in f.diagnostics if d.rule == rule]
    assert fired and all(d.severity is Severity.WARNING for d in fired)
    assert all(f.verdict is Verdict.VALID for f in result.findings)


def test_a_certification_body_can_make_grading_advice_hold_a_finding_back() -> None:
    result = check({"audit": AUDIT, "findings": [BREAKDOWN]}, severity={"FV703": "error"})
    (finding,) = result.findings
    assert [d.severity for d in finding.diagnostics if d.rule == "FV703"] == [Severity.ERROR]
    assert finding.verdict is Verdict.INVALID
    quiet = check({"audit": AUDIT, "findings": [BREAKDOWN]}, severity={"FV703": "info"})
    assert [d.severity for d in quiet.findings[0].diagnostics if d.rule == "FV703"] == [Severity.INFO]
    assert quiet.findings[0].verdict is Verdict.VALID
