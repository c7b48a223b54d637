"""What a scope text excludes, and whether a finding names it clearly, in part, or not at all."""

from __future__ import annotations

import pytest

from findings_validator.dsl.exclusions import ScopeReading
from findings_validator.dsl.ruleset import load_rules

WASTE = ("Collection of domestic refuse and street cleansing. The operation of leisure centres and the municipal "
         "crematorium is excluded.")
GROCERY = "Warehousing and distribution of ambient grocery products (chilled and frozen products are not included)"


@pytest.fixture(scope="module")
def reading() -> ScopeReading:
    return ScopeReading({name: phrases for name, (_, phrases) in load_rules().lexicons.items()})


@pytest.mark.parametrize(("scope", "items"), [
    ("Manufacture of machined components, excluding design", ["design"]),
    (WASTE, ["The operation of leisure centres", "the municipal crematorium"]),
    (GROCERY, ["chilled", "frozen products"]),
    ("Managed hosting, except payroll bureau services", ["payroll bureau services"]),
    ("Machining of components to customer design, excluding design", []),  # the scope includes the word too
    ("Machining of aerospace components", []),
    ("Machining of aerospace components. Clause 8.3 is excluded.", []),
    # what a bracket cuts off the words before it is left out with them
    ("Manufacture of flat glass. The automotive glass line (Line 5) is not yet included in the certified scope.",
     ["The automotive glass line", "Line 5"]),
    ("Manned guarding in England. The Scottish branch (Glasgow) and the alarm installation business are not within "
     "the scope of certification.", ["The Scottish branch", "Glasgow", "the alarm installation business"]),
    ("HR SaaS platform. The Manila payroll bureau is outside the ISMS scope.", ["The Manila payroll bureau"]),
    ("Cutting of steel (painting is not included)", ["painting"]),
    # a clause declared not applicable in a bracket leaves out no words of the scope
    ("Provision of IT managed services (8.3 not applicable: services to customer specifications)", []),
])
def test_excluded_items(reading: ScopeReading, scope: str, items: list[str]) -> None:
    assert [i.text for i in reading.excluded(scope)] == items


def test_a_place_the_scope_leaves_out_named_by_its_proper_name_is_named_clearly(reading: ScopeReading) -> None:
    scope = "Slaughter at Dunmore abattoir. The retail butcher shops in Ballina and Castlebar are not included."
    assert reading.named(scope, "Hazards from the bandsaw in the Castlebar shop were not identified.", "") == (
        ["Castlebar"], [])
    # a common noun the scope leaves out, named in passing, is named in part at most
    assert reading.named("Machining, excluding design", "A superseded customer design drawing was in use.", "") == (
        [], ["design"])


def test_a_name_the_scope_leaves_out_written_out_in_the_evidence_is_named_clearly(reading: ScopeReading) -> None:
    scope = "Service of onshore wind turbines in Denmark. The Swedish subsidiary Nordvind Service AB is not covered."
    assert reading.named(scope, "A crane supplier was not evaluated.", "Nordvind Service AB, job SE-26-0144.") == (
        ["The Swedish subsidiary Nordvind Service AB"], [])
    # the capital that opens the scope's sentence names nothing
    assert reading.named(scope, "A crane supplier was not evaluated.", "The Swedish crew, job SE-26-0144.")[0] == []


def test_the_head_of_an_excluded_activity_in_the_statement_and_the_rest_in_the_evidence(reading: ScopeReading) -> None:
    scope = "Dispensing of medicines in 14 pharmacies; the compounding of magistral preparations is excluded"
    evidence = "Pharmacy 03, 2026-03-10: 38 magistral ointments prepared in that period."
    assert reading.named(scope, "The balance in the compounding room is not verified daily.", evidence) == (
        ["the compounding of magistral preparations"], [])
    # the head in the evidence only is named in part; the head alone, not at all
    assert reading.named(scope, "The balance is not verified daily.", "Compounding room; magistral ointments "
                         "prepared.") == ([], ["the compounding of magistral preparations"])
    assert reading.named(scope, "The balance in the compounding room is not verified daily.", "") == ([], [])


def test_named_clearly_in_part_or_not(reading: ScopeReading) -> None:
    assert reading.named(WASTE, "Monitoring at the municipal crematorium was not done.", "") == (
        ["the municipal crematorium"], [])
    assert reading.named(WASTE, "Drums were stored at the crematorium car park.", "") == (
        [], ["the municipal crematorium"])
    assert reading.named(GROCERY, "Returns were not labelled.", "Chilled dock, 2025-04-16.") == ([], ["chilled"])
    assert reading.named(GROCERY, "Returns were not labelled.", "Bay R2, 2025-04-16.") == ([], [])
    assert reading.named("", "Chilled products were warm.", "") == ([], [])


def test_a_cited_requirement_the_scope_text_excludes() -> None:
    from findings_validator import check

    finding = {"id": "NC-1", "grade": "minor", "clause": "8.3.4", "statement": "Reviews were not recorded.",
               "evidence": "No review record exists for drawing 52-0917 rev D (issued 2025-07-02)."}
    excluded = check({"audit": {"criteria": ["ISO 9001:2015"], "scope": "Machining of parts, excluding design"},
                      "findings": [finding]})
    assert "FV864" in [d.rule for d in excluded.findings[0].diagnostics]
    included = check({"audit": {"criteria": ["ISO 9001:2015"], "scope": "Design and machining of parts"},
                      "findings": [finding]})
    assert "FV864" not in [d.rule for d in included.findings[0].diagnostics]


def test_one_word_names_an_exclusion_clearly_only_as_the_subject(reading: ScopeReading) -> None:
    scope = "Machining of components to customer drawings, excluding design"
    assert reading.named(scope, "Design engineers have no competence records.", "") == (["design"], [])
    assert reading.named(scope, "A superseded customer design drawing was in use.", "") == ([], ["design"])


def test_a_part_of_the_work_the_audit_s_exclusions_leave_out_is_read_with_the_scope(reading: ScopeReading) -> None:
    scope = "Slaughter and cutting of poultry"
    left_out = ("Rendering and animal by-product processing",)
    assert [i.text for i in reading.excluded(scope, left_out)] == ["Rendering", "animal by-product processing"]
    assert reading.named(scope, "Rendering plant odour controls were not operated.", "", left_out)[0] == ["Rendering"]
    # a word the scope itself uses excludes nothing
    assert [i.text for i in reading.excluded("Slaughter and rendering of poultry", ("Rendering",))] == []


def test_an_exclusion_that_names_no_requirement_takes_the_finding_out_of_scope() -> None:
    from findings_validator import check

    audit = {"criteria": ["ISO 14001:2015"], "scope": "Ramp and passenger handling services at Birmingham Airport",
             "exclusions": ["Aircraft catering and cabin cleaning (provided by a separate contractor)"]}
    finding = {"id": "NC-1", "grade": "minor", "clause": "8.1",
               "statement": "Aircraft catering waste was not segregated as the waste procedure requires.",
               "evidence": "Catering unit bins, 2026-03-02: food waste mixed with packaging; WP-02 rev 3 section 4."}
    result = check({"audit": audit, "findings": [finding]})
    assert "FV862" in [d.rule for d in result.findings[0].diagnostics]
    assert result.findings[0].verdict.value == "invalid"
