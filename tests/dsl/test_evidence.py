"""Evidence written inside a statement: the label patterns that separate it, and the count of identified detail."""

from __future__ import annotations

import pytest

from findings_validator import Checker
from findings_validator.dsl import load_rules
from findings_validator.dsl.evidence import Labels, details, record_details
from findings_validator.dsl.text import measure, present
from findings_validator.models import Audit, Finding

LABELS = load_rules().labels


@pytest.mark.parametrize(("statement", "expected"), [
    ("Statement: Logs are not protected. Objective evidence: LS-02 viewed 2025-11-18.",
     ("Logs are not protected.", "LS-02 viewed 2025-11-18.")),
    ("Logs are not protected (evidence: LS-02 viewed 2025-11-18)", ("Logs are not protected", "LS-02 viewed 2025-11-18")),
    ("Logs are not protected.\nOE – LS-02 viewed.", ("Logs are not protected.", "LS-02 viewed.")),
    ("Logs are not protected. Evidence - LS-02 viewed.", ("Logs are not protected.", "LS-02 viewed.")),
    ("Nonconformity: logs are not protected.", ("logs are not protected.", "")),
    # the evidence first: a later statement label starts the statement; without one the block is both
    ("Objective evidence: LS-02 viewed 2025-11-18. Statement: logs are not protected.",
     ("logs are not protected.", "LS-02 viewed 2025-11-18.")),
    ("Evidence: LS-02 viewed 2025-11-18; logs are not protected.",
     ("LS-02 viewed 2025-11-18; logs are not protected.", "LS-02 viewed 2025-11-18; logs are not protected.")),
    # labels in square brackets, as report tools export them
    ("[Finding] Risk treatment plan - several issues found. [Evidence] RTP-2026 v2: 4 of 11 risks unsigned.",
     ("Risk treatment plan - several issues found.", "RTP-2026 v2: 4 of 11 risks unsigned.")),
    ("[Requirement] ISMS-PR-02 s.6. [NC] Risks not signed off. [Evidence] RTP-2026 v2.",
     ("Risks not signed off.", "RTP-2026 v2.")),
    # near-misses: a label word inside a sentence, or without a colon or dash, separates nothing; a bracketed
    # word that is no label
    ("Logs are not protected [evidence pending].", ("Logs are not protected [evidence pending].", "")),
    ("Evidence based decision making was not applied.", ("Evidence based decision making was not applied.", "")),
    ("There was no evidence: of any review.", ("There was no evidence: of any review.", "")),
    ("The statement of work was not signed.", ("The statement of work was not signed.", "")),
])
def test_labels_split_a_statement(statement: str, expected: tuple[str, str]) -> None:
    assert LABELS.split(statement) == expected


def test_labels_are_data() -> None:
    labels = Labels({"evidence_label": ("Nachweis",), "statement_label": ("Feststellung",)})
    assert labels.split("Feststellung: Protokolle ungeschützt. Nachweis: LS-02") == ("Protokolle ungeschützt.", "LS-02")
    assert Labels({}).split("Statement: x. Evidence: y") == ("Statement: x. Evidence: y", "")


@pytest.mark.parametrize(("text", "identified"), [
    ("Caliper DVC-0112, due 2025-09-10", True),
    ("Emergency plan EP-CP covers fire only", True),
    ("spray bar valve V3 closed", True),
    ("Interviewed 3 press operators on line 2", True),
    ("Crew of 'Wyvern Sprite' had not seen the objectives", True),
    ("audit reports for Q2 or Q3 show no review", True),
    ("P. Lindgren confirmed it", True),
    ("The Statement of Applicability (SoA v2.1) omits the justification", True),
    ("the revised v3 was not approved", True),
    ("WI 12.3 at the inspection bench was hand-amended", True),
    ("The register REJ-PRAW rev 5 omits the permit", True),  # a code of letters only, with its revision
    ("as ISO 9001 requires, clause 8.5 is not met", False),
    ("Privileged access was given to every developer.", False),  # a 'v' inside a word is no version
    ("Workers are not consulted on OH&S.", False),
    ("Several suppliers were not re-evaluated for some time.", False),
    ("The organization has not fully implemented ISO 9001:2015 clause 8.5.1.", False),  # a citation is not evidence
    ("Documentation needs attention before stage 2.", False),  # the audit's own step is no numbered thing seen
    ("Line 2 at stage 3 of the press was stopped", True),
    ("", False),
])
def test_details(text: str, identified: bool) -> None:
    assert (details(text) > 0) is identified
    assert measure(text, "details") == details(text)
    assert present(text, "details") is identified


def _verdict(statement: str, evidence: str = "") -> tuple[str, list[str]]:
    finding = Finding(id="1", grade="minor", clause=["ISO 9001:2015 8.4.1"], statement=statement, evidence=evidence)
    result = Checker().check_finding(finding, Audit(criteria=["ISO 9001:2015"]))
    return result.verdict.value, [d.rule for d in result.diagnostics]


def test_evidence_inside_the_statement_is_judged_as_evidence() -> None:
    # one block, with a label: the evidence rules judge the labelled part
    _, rules = _verdict("External providers were not re-evaluated. Objective evidence: suppliers S-104 and S-117 on "
                        "list ASL-02 rev 5 had no re-evaluation recorded in 2025.")
    assert not {"FV301", "FV302", "FV303"} & set(rules)
    _, rules = _verdict("External providers were not re-evaluated. Evidence: several suppliers had not been "
                        "re-evaluated for some time.")
    assert "FV302" in rules and "FV301" not in rules
    # no label: evidence identified in the statement itself counts; a statement without any is rejected
    _, rules = _verdict("Supplier S-104 on list ASL-02 rev 5 was not re-evaluated in 2025.")
    assert "FV301" not in rules
    verdict, rules = _verdict("Several suppliers were not re-evaluated for some time.")
    assert "FV301" in rules and verdict == "invalid"


@pytest.mark.parametrize(("statement", "expected"), [
    ("Requirement: records of competence should be kept. Finding: two setters had no sign-off. Evidence: TM-02 rev 5.",
     ("Finding: two setters had no sign-off. Evidence: TM-02 rev 5.", "records of competence should be kept.")),
    ("Two setters had no sign-off. Requirement: records should be kept. Evidence: TM-02 rev 5.",
     ("Two setters had no sign-off. Evidence: TM-02 rev 5.", "records should be kept.")),
    # no label after it: nothing would be left to be the statement
    ("Requirement: records of competence should be kept.", ("Requirement: records of competence should be kept.", "")),
    ("The requirement: nothing of the kind.", ("The requirement: nothing of the kind.", "")),
])
def test_a_requirement_written_in_the_block_is_cut_out(statement: str, expected: tuple[str, str]) -> None:
    assert LABELS.requirement(statement) == expected
    assert "should" not in LABELS.split(statement)[0] or not expected[1]


def test_the_requirement_in_the_block_is_not_what_the_finding_says() -> None:
    finding = Finding(id="F", grade="minor", clause="7.2 d)", statement=(
        "Requirement: the organization should retain documented information as evidence of competence. "
        "Finding: two setters had no sign-off for the 5-axis cell. "
        "Evidence: training matrix TM-02 rev 5; setters R. Haines and L. Obi, 2025-10-14."))
    result = Checker().check_finding(finding, Audit(criteria=["ISO 9001:2015"]))
    assert result.verdict.value == "valid", [d.rule for d in result.diagnostics]


@pytest.mark.parametrize(("statement", "expected"), [
    ("Two setters had no sign-off (Objective evidence: TM-02 rev 5, 2025-10-14).",
     ("Two setters had no sign-off.", "TM-02 rev 5, 2025-10-14")),
    ("Two setters had no sign-off. Sample: 2 of 6 setters, TM-02 rev 5.",
     ("Two setters had no sign-off.", "2 of 6 setters, TM-02 rev 5.")),
    ("Two setters had no sign-off. Records examined: TM-02 rev 5.", ("Two setters had no sign-off.", "TM-02 rev 5.")),
])
def test_more_layouts_of_evidence_in_the_statement(statement: str, expected: tuple[str, str]) -> None:
    assert LABELS.split(statement) == expected


@pytest.mark.parametrize("text, expected", [
    ("Opportunities were not discussed at the 2025 risk workshop.", 0),
    ("The questionnaire was not updated since 2019.", 0),
    ("It was last reviewed in March 2023.", 2),
    ("Minutes MR-25-01 of 2025-03-27.", 4),
    ("Audit programme IAP-2025, reviewed in 2025.", 2),
    ("3 of 10 files sampled in 2024.", 2),
    # a year and the next as one period names no record either; two years that are not one period may
    ("The audit programme for 2025-26 did not cover calibration.", 0),
    ("Targets for FY 2025/2026 were not set.", 0),
    ("NCR 2025-14 was open.", 3),
])
def test_record_details_leave_bare_years_out(text: str, expected: int) -> None:
    """A year on its own says when, not which record: record_details counts the rest of details."""
    assert record_details(text) == expected
    assert measure(text, "record_details") == expected
    assert present(text, "record_details") == (expected > 0)
    assert record_details(text) <= details(text)
