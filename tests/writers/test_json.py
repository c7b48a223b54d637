"""The JSON contract of docs/output-formats.md."""

from __future__ import annotations

import json

from findings_validator import __version__
from findings_validator.models import ReportResult, RuleInfo
from findings_validator.writers import render


def test_contract(result: ReportResult, rules: list[RuleInfo]) -> None:
    text = render("json", [result], rules)
    data = json.loads(text)
    assert data["version"] == 1
    assert data["tool"] == {"name": "findings-validator", "version": __version__}
    assert data["files"] == [{
        "file": "reports/site a/audit.yaml",
        "diagnostics": [d.to_dict() for d in result.diagnostics],
        "summary": {**result.summary, "by_severity": {"error": 2, "warning": 2, "info": 1}},
    }]
    assert data["findings"] == [json.loads(json.dumps(f.to_dict())) for f in result.findings]
    assert data["summary"] == {"files": 1, "findings": 2, "by_grade": {"major": 1, "minor": 1},
                               "by_verdict": {"invalid": 1, "valid": 1},
                               "by_severity": {"error": 2, "warning": 2, "info": 1}, "ready": False}


def test_pretty_sorted_and_non_ascii_kept(result: ReportResult, rules: list[RuleInfo]) -> None:
    text = render("json", [result], rules)
    assert text.startswith('{\n  "files": [\n')
    assert "résumé" not in text  # evidence is not part of the contract...
    assert "Ångström" not in text  # ...nor is audit metadata
    assert text == json.dumps(json.loads(text), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def test_non_ascii_in_messages_is_kept(result: ReportResult, rules: list[RuleInfo]) -> None:
    import dataclasses

    diag = dataclasses.replace(result.diagnostics[0], message="Prüfprotokoll fehlt — «absent»")
    text = render("json", [dataclasses.replace(result, diagnostics=(diag,))], rules)
    assert '"message": "Prüfprotokoll fehlt — «absent»"' in text
