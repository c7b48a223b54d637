"""The engine on the worked examples: every finding comes out with the verdict and reasons a reviewer reaches."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from findings_validator.engine import verdict_of
from findings_validator.models import Audit, Diagnostic, Effect, Finding, Report, Severity, Verdict

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"

# The reason codes of examples/README (shared vocabulary) for each built-in rule.
REASON = {
    "FV101": "no_citation", "FV102": "no_citation", "FV111": "no_citation", "FV103": "citation_not_specific",
    "FV104": "citation_unknown", "FV105": "citation_unknown", "FV106": "obsolete_edition",
    "FV107": "not_a_requirement", "FV117": "not_a_requirement", "FV502": "not_a_requirement",
    "FV503": "not_a_requirement", "FV505": "not_a_requirement", "FV504": "not_a_requirement",
    "FV115": "no_citation", "FV118": "citation_not_specific",
    "FV145": "citation_not_specific", "FV108": "not_in_criteria", "FV109": "excluded",
    "FV110": "ambiguous", "FV201": "vague_statement", "FV202": "vague_statement", "FV203": "vague_statement",
    "FV204": "vague_statement", "FV301": "no_evidence", "FV302": "vague_evidence", "FV303": "vague_evidence",
    "FV314": "vague_evidence",
    "FV401": "suggests_solution", "FV414": "suggests_solution",
    "FV402": "suggests_cause", "FV405": "suggests_cause", "FV501": "preference", "FV601": "ofi_is_nc",
    "FV606": "ofi_is_nc", "FV609": "ofi_is_nc", "FV610": "ofi_is_nc", "FV515": "preference", "FV517": "preference",
    "FV702": "systemic",
}


def _load(path: Path) -> tuple[Report, list[dict]]:
    """The example report, and its findings each with the reviewer's conclusion (``examples/reviews/``)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    reviews = yaml.safe_load((path.parent / "reviews" / path.name).read_text(encoding="utf-8"))
    report = Report.model_validate({"audit": data["audit"], "findings": data["findings"], "file": path.name})
    assert set(reviews) == {f["id"] for f in data["findings"]}
    return report, [{**f, "expected": reviews[f["id"]]} for f in data["findings"]]


CASES = [(p, raw["id"]) for p in sorted(EXAMPLES.glob("iso*.yaml")) for raw in _load(p)[1]]


@pytest.fixture(scope="module")
def results(checker):  # type: ignore[no-untyped-def]
    out = {}
    for path in sorted(EXAMPLES.glob("iso*.yaml")):
        report, raw = _load(path)
        checked = checker.check_report(report)
        for result, expected in zip(checked.findings, raw):
            out[(path, result.id)] = (result, expected["expected"])
    return out


@pytest.mark.parametrize(("path", "finding_id"), CASES, ids=[f"{p.stem}:{i}" for p, i in CASES])
def test_worked_example(results, path, finding_id) -> None:  # type: ignore[no-untyped-def]
    result, expected = results[(path, finding_id)]
    errors = [d for d in result.diagnostics if d.severity is Severity.ERROR]
    reasons = sorted({REASON[d.rule] for d in errors})
    assert (result.verdict.value, reasons) == (expected["verdict"], sorted(expected["reasons"]))


def test_worked_examples_cover_every_verdict(results) -> None:  # type: ignore[no-untyped-def]
    counts: dict[str, int] = {}
    for result, _ in results.values():
        counts[result.verdict.value] = counts.get(result.verdict.value, 0) + 1
    assert counts == {"valid": 17, "invalid": 20, "downgrade_to_ofi": 6, "reclassify_as_nc": 4, "upgrade_to_major": 3}


def test_suggestions_name_the_successor(results) -> None:  # type: ignore[no-untyped-def]
    """Where the reviewer's suggestion is a clause, ours names it (or its parent requirement)."""
    for (_, _), (result, expected) in results.items():
        if "obsolete_edition" not in expected["reasons"]:
            continue
        clause = re.findall(r"(?:A\.)?\d+(?:\.\d+)+", expected["suggestion"])[-1]
        suggestions = " ".join(d.suggestion or "" for d in result.diagnostics)
        assert any(part in suggestions for part in (clause, clause.rsplit(".", 1)[0])), (result.id, suggestions)


def _diag(effect: Effect, severity: Severity = Severity.ERROR) -> Diagnostic:
    return Diagnostic("FV999", severity, "m", effect=effect)


@pytest.mark.parametrize(
    ("effects", "verdict"),
    [
        ([], Verdict.VALID),
        ([Effect.UPGRADE], Verdict.UPGRADE_TO_MAJOR),
        ([Effect.UPGRADE, Effect.REJECT], Verdict.INVALID),
        ([Effect.REJECT, Effect.DOWNGRADE], Verdict.DOWNGRADE_TO_OFI),
        ([Effect.DOWNGRADE, Effect.RECLASSIFY, Effect.REJECT], Verdict.RECLASSIFY_AS_NC),
        ([Effect.NONE], Verdict.INVALID),
    ],
)
def test_verdict_precedence(effects, verdict) -> None:  # type: ignore[no-untyped-def]
    assert verdict_of([_diag(e) for e in effects]) is verdict


def test_warnings_never_change_the_verdict() -> None:
    assert verdict_of([_diag(Effect.REJECT, Severity.WARNING), _diag(Effect.NONE, Severity.INFO)]) is Verdict.VALID


GOOD = {"grade": "minor", "clause": "7.1.5.2 a)", "statement": "The caliper used at goods-in was past its verification date.",
        "evidence": "Caliper DVC-0112, due 2025-09-10, in use on 2025-10-14 (inspector M. Kowalczyk)."}
AUDIT = Audit(criteria=("ISO 9001:2015",))


def _finding(**changes: object) -> Finding:
    return Finding.model_validate({"id": "NC-1", **GOOD, **changes})


def test_single_finding_check(checker) -> None:  # type: ignore[no-untyped-def]
    result = checker.check_finding(_finding(), AUDIT)
    assert result.verdict is Verdict.VALID
    assert [r.status.value for r in result.citations] == ["exact"]


def test_waiver_removes_the_rule_and_unused_or_reasonless_waivers_are_reported(checker) -> None:  # type: ignore[no-untyped-def]
    bad = _finding(statement="Calibration was overdue because the technician left.",
                   waivers=[{"rule": "FV402", "reason": "the cause is quoted from the client's own analysis"},
                            {"rule": "FV101", "reason": "x"}, {"rule": "FV204"}, {"rule": "FV9999", "reason": "y"}])
    result = checker.check_finding(bad, AUDIT)
    rules = sorted(d.rule for d in result.diagnostics)
    assert "FV402" not in rules
    assert rules == ["FV010", "FV011", "FV012"]


def test_unknown_edition_in_criteria_is_reported_and_other_findings_still_checked(checker) -> None:  # type: ignore[no-untyped-def]
    report = Report(audit=Audit(criteria=("ISO 9001:2015", "ISO 9999:2020")), findings=(_finding(),))
    result = checker.check_report(report)
    assert [d.rule for d in result.diagnostics if d.severity.value == "error" and not d.rule.startswith("FV8")] == ["FV009"]
    assert result.findings[0].verdict is Verdict.VALID


@pytest.mark.parametrize("document", ["Customer supplier quality manual SQM-4 rev 7", "QMS procedures of the client",
                                      "AS/EN 9100 customer flow-down (not certified)"])
def test_a_criterion_that_is_a_document_is_said_once_and_the_findings_are_judged(checker, document) -> None:  # type: ignore[no-untyped-def]
    report = Report(audit=Audit(criteria=("ISO 9001:2015", document)), findings=(_finding(),))
    result = checker.check_report(report)
    said = [(d.rule, d.severity.value) for d in result.diagnostics if not d.rule.startswith("FV8")]
    assert said == [("FV014", "info")] and repr(document) in result.diagnostics[0].message
    assert result.findings[0].verdict is Verdict.VALID


def test_a_mistyped_catalogued_standard_stays_an_error_and_a_document_alone_judges_nothing(checker) -> None:  # type: ignore[no-untyped-def]
    typo = checker.check_report(Report(audit=Audit(criteria=("IS0 9001:2015", "ISO 14001:2015")), findings=(_finding(),)))
    assert "FV009" in [d.rule for d in typo.diagnostics] and "FV014" not in [d.rule for d in typo.diagnostics]
    alone = checker.check_report(Report(audit=Audit(criteria=("Customer manual SQM-4",)), findings=(_finding(),)))
    assert sorted(d.rule for d in alone.diagnostics if not d.rule.startswith("FV8")) == ["FV002", "FV014"]
    assert not alone.findings and alone.summary["judged"] is False


@pytest.mark.parametrize("exclusion", ["8.3 (all products are made to customer designs; no design responsibility)",
                                       "8.3 (no design responsibility)", "8.3"])
def test_an_exclusion_may_carry_its_justification_in_brackets(checker, exclusion) -> None:  # type: ignore[no-untyped-def]
    audit = Audit(criteria=("ISO 9001:2015",), exclusions=(exclusion,))
    result = checker.check_report(Report(audit=audit, findings=(_finding(clause="8.3.4"),)))
    assert not [d.rule for d in result.diagnostics if d.rule in {"FV009", "FV852"}]
    assert "FV109" in [d.rule for d in result.findings[0].diagnostics]  # the finding cites the excluded clause


def test_an_exclusion_that_is_no_citation_even_without_its_brackets_is_still_an_error(checker) -> None:  # type: ignore[no-untyped-def]
    from findings_validator.citations.parser import parse_exclusion
    from findings_validator.errors import CitationSyntaxError

    assert [c.clause for c in parse_exclusion("A.8.30 (no development; all software bought in)")] == ["A.8.30"]
    assert [(c.clause, c.items) for c in parse_exclusion("7.1.5.2 (a)")] == [("7.1.5.2", ("a",))]
    with pytest.raises(CitationSyntaxError):
        parse_exclusion("— 8.3 (none; all bought in)")
    audit = Audit(criteria=("ISO 9001:2015",), exclusions=("— 8.3 (none; all bought in)",))
    result = checker.check_report(Report(audit=audit, findings=(_finding(),)))
    assert "FV009" in [d.rule for d in result.diagnostics]
    # words without a number name a part of the work the scope leaves out, which the scope rules read
    audit = Audit(criteria=("ISO 9001:2015",), exclusions=("design work (none; all bought in)",))
    result = checker.check_report(Report(audit=audit, findings=(_finding(),)))
    assert "FV009" not in [d.rule for d in result.diagnostics]


def test_summary_counts_and_readiness(checker) -> None:  # type: ignore[no-untyped-def]
    report = Report(audit=AUDIT, findings=(_finding(), _finding(id="NC-2", clause="")))
    summary = checker.check_report(report).summary
    assert summary["by_verdict"] == {"invalid": 1, "valid": 1}
    assert summary["by_grade"] == {"minor": 2}
    assert summary["ready"] is False
    assert "1 nonconformity needs rework" in summary["readiness"]


def test_explain_records_what_the_condition_saw(rules, catalogs) -> None:  # type: ignore[no-untyped-def]
    from findings_validator.engine import Checker

    result = Checker(rules, catalogs, explain=True).check_finding(_finding(evidence=""), AUDIT)
    seen = dict(next(d for d in result.diagnostics if d.rule == "FV301").seen)
    assert seen == {"evidence": "''", "statement.record_details": "0", "count(…)": "0"}


def test_a_rule_that_fails_on_a_finding_loses_nothing_else(monkeypatch: pytest.MonkeyPatch) -> None:
    """A rule whose condition raises is said once per finding (FV015, a warning); the finding's other rules and the
    other findings are still checked."""
    from findings_validator.engine import build_checker

    checker = build_checker()
    rule = next(r for r in checker.rules.finding_rules if r.id == "FV101")
    working = rule.condition

    def failing(ctx):  # type: ignore[no-untyped-def]
        if "bridge" in ctx.finding.statement:
            raise ValueError("year 0 is out of range")
        return working(ctx)

    monkeypatch.setattr(rule, "condition", failing)
    audit = Audit.model_validate({"criteria": ["ISO 9001:2015"]})
    broken = Finding.model_validate({"id": "NC-1", "grade": "minor", "clause": "",
                                     "statement": "The bridge crane inspection was not recorded.",
                                     "evidence": "Crane BC-2 log, 2025-05-02; no entry since 2024."})
    fine = Finding.model_validate({"id": "NC-2", "grade": "minor", "clause": "",
                                   "statement": "The forklift inspection was not recorded.",
                                   "evidence": "Forklift FL-3 log, 2025-05-02; no entry since 2024."})
    result = checker.check_report(Report(audit=audit, findings=[broken, fine]))
    first, second = result.findings
    failed = [d for d in first.diagnostics if d.rule == "FV015"]
    assert len(failed) == 1 and failed[0].severity is Severity.WARNING and "FV101" in failed[0].message
    assert "year 0 is out of range" in failed[0].message
    assert "FV101" in [d.rule for d in second.diagnostics] and second.verdict is Verdict.INVALID
    assert "FV015" not in [d.rule for d in second.diagnostics]
    assert [d.rule for d in checker.check_finding(broken, audit).diagnostics].count("FV015") == 1


def test_a_report_rule_that_fails_loses_nothing_else(monkeypatch: pytest.MonkeyPatch) -> None:
    """A report rule whose condition raises is said on the report (FV015); the findings keep their verdicts."""
    from findings_validator.engine import build_checker

    checker = build_checker()
    rule = next(r for r in checker.rules.report_rules if r.id == "FV850")  # runs on every report

    def failing(ctx):  # type: ignore[no-untyped-def]
        raise KeyError("no such site")

    monkeypatch.setattr(rule, "condition", failing)
    audit = Audit.model_validate({"criteria": ["ISO 9001:2015"]})
    finding = Finding.model_validate({"id": "NC-1", "grade": "minor", "clause": "",
                                      "statement": "The forklift inspection was not recorded.",
                                      "evidence": "Forklift FL-3 log, 2025-05-02; no entry since 2024."})
    result = checker.check_report(Report(audit=audit, findings=[finding]))
    failed = [d for d in result.diagnostics if d.rule == "FV015"]
    assert len(failed) == 1 and rule.id in failed[0].message and failed[0].finding is None
    assert result.findings[0].verdict is Verdict.INVALID
