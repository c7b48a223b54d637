"""``detects``: the reason codes a rule declares it detects, checked against the code list and shown to users."""

from __future__ import annotations

from findings_validator.dsl import rules_from_text
from findings_validator.dsl.explain import explain
from pathlib import Path

from findings_validator.reasons import codes_markdown, reason_codes

RULE = '''
rule ACME001 hunch "the auditor's hunch"
  detects vague_statement
  when statement is empty
  detects vague_evidence, vague_statement
  reject "m"
'''

_NO_DEFECT_OF_THE_FINDING = {
    "FV602": "the scheme forbids OFIs: a fact about the scheme, not a defect of the finding's text",
    "FV701": "grading advice (a major that shows no effect), which a reviewer gives but no reason code names",
    "FV703": "grading advice (a minor that shows a total breakdown), for the reviewer to weigh",
    "FV704": "grading advice (two minors against one requirement), for the reviewer to weigh",
    "FV114": "a cited item the catalog cannot verify yet: information, not a defect of the finding",
    "FV116": "an unreadable part beside a readable requirement: a warning on the field's form, the finding stands",
    "FV146": "a requirement named by its title in an OFI or beside a numbered citation: a warning on the form",
    "FV403": "a doubt for the reviewer (an obligation read as quoted, reported or the requirement): most such "
             "findings are correct, so it names no defect",
    "FV404": "a doubt for the reviewer (a reason read as reported or as reasoning about a record): most such "
             "findings are correct, so it names no defect",
    "FV855": "possible duplicates: advice on the report, not a defect of either finding",
}
"""The built-in rules about findings that name no reason code, and why none fits."""


def test_detects_clauses_are_collected_in_order_without_repeats() -> None:
    rule = rules_from_text(RULE).get("ACME001")
    assert rule.detects == ("vague_statement", "vague_evidence")
    assert rule.info.detects == rule.detects
    assert "  detects:    vague_statement, vague_evidence" in explain(rule).splitlines()


def test_a_rule_may_declare_no_code() -> None:
    rule = rules_from_text(RULE.replace("  detects vague_statement\n", "").replace(
        "  detects vague_evidence, vague_statement\n", "")).get("ACME001")
    assert rule.detects == ()
    assert "detects" not in explain(rule)


def test_every_builtin_rule_about_findings_declares_known_codes(rules) -> None:  # type: ignore[no-untyped-def]
    about_findings = [r for r in rules if not r.is_report_rule or r.group_key is not None]
    undeclared = {r.id for r in about_findings if not r.detects}
    assert undeclared == set(_NO_DEFECT_OF_THE_FINDING)
    assert all(set(r.detects) <= set(reason_codes()) for r in rules)
    assert not [r.id for r in rules if r.is_report_rule and r.group_key is None and r.detects]
    covered = {code for r in rules for code in r.detects}
    assert covered == set(reason_codes()), f"no built-in rule detects {set(reason_codes()) - covered}"


def test_reason_codes_are_the_corpus_codes() -> None:
    assert list(reason_codes()) == [
        "no_citation", "citation_not_specific", "citation_unknown", "obsolete_edition", "citation_mismatch",
        "no_standard_clause", "not_a_requirement", "preference", "no_evidence", "vague_evidence", "vague_statement",
        "suggests_solution", "suggests_cause", "excluded", "out_of_scope", "ambiguous", "ofi_is_nc", "systemic"]
    assert all(meaning and "\n" not in meaning for meaning in reason_codes().values())


def test_the_eval_guide_lists_the_codes_of_the_data_file() -> None:
    guide = (Path(__file__).resolve().parents[2] / "docs" / "eval.md").read_text(encoding="utf-8")
    assert codes_markdown() in guide, "copy findings_validator.reasons.codes_markdown() into docs/eval.md"


def test_rules_list_json_gives_the_codes(capsys) -> None:  # type: ignore[no-untyped-def]
    import json

    from findings_validator.cli import main

    assert main(["rules", "list", "--format", "json"]) == 0
    rows = {row["id"]: row for row in json.loads(capsys.readouterr().out)}
    assert rows["FV501"]["detects"] == ["preference"] and rows["FV602"]["detects"] == []
