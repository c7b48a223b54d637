"""A program using the public API as its documentation shows; ``mypy --strict`` must accept it (test_api.py)."""

from __future__ import annotations

import json
from pathlib import Path

from findings_validator import (
    Diagnostic, FindingResult, Report, ReportResult, Severity, Verdict, check, load_catalogs, load_rules,
    parse_citations, read_report,
)


def summary(result: ReportResult) -> dict[str, int]:
    counts: dict[str, int] = {}
    for finding in result.findings:
        counts[finding.verdict.value] = counts.get(finding.verdict.value, 0) + 1
    return counts


def errors(result: ReportResult) -> list[Diagnostic]:
    return [d for d in result.all_diagnostics() if d.severity is Severity.ERROR]


def main(path: Path) -> int:
    by_path: ReportResult = check(path, profile="report", select=["FV1", "FV2"], ignore=["FV112"])
    from_text = check(path.read_text(encoding="utf-8"), format="yaml", criteria=["ISO 9001:2015"], strict=True)
    report: Report = read_report(path).report
    from_model = check(report, rules=load_rules(), catalogs=load_catalogs(), severity={"FV112": "error"})
    from_mapping = check({"audit": {"criteria": ["ISO 9001:2015"]}, "findings": []}, explain=True)
    first: FindingResult = by_path.findings[0]
    invalid = first.verdict is Verdict.INVALID
    print(json.dumps(from_text.to_dict()), summary(from_model), errors(from_mapping), invalid, by_path.ready)
    print([c.render() for c in parse_citations("cl. 7.1.5.2(a)")])
    return 0 if not errors(by_path) else 1


if __name__ == "__main__":
    raise SystemExit(main(Path("report.yaml")))
