"""Known towns (towns.py) and where Labels reads them: beside a word for a site, as the whole of a name."""

from __future__ import annotations

import pytest

from findings_validator.dsl.towns import fold, known_towns, town_in
from findings_validator.engine import build_checker
from findings_validator.models import Report


def test_fold_drops_accents_case_and_spaces() -> None:
    assert fold("Łódź") == "lodz"
    assert fold("  Great   Yarmouth ") == "great yarmouth"


def test_known_towns_hold_towns_and_not_common_words() -> None:
    towns = known_towns()
    assert {"york", "vigo", "rotterdam", "great yarmouth", "lodz"} <= towns
    assert "the" not in towns and "plant" not in towns


def test_town_in_finds_the_longest_run() -> None:
    assert town_in(["Great", "Yarmouth"]) == "Great Yarmouth"
    assert town_in(["Nowhere", "Special"]) == ""


def _places(statement: str, sites: list[str]) -> tuple[str, ...]:
    checker = build_checker()
    report = Report(audit={"criteria": ["ISO 9001:2015"], "scope": "Dental treatment", "sites": sites},
                    findings=({"id": "F1", "grade": "minor", "clause": "7.1.3", "statement": statement},), file="x")
    result = checker.check_report(report).findings[0]
    return tuple(d.rule for d in result.diagnostics if d.rule == "FV860")


@pytest.mark.parametrize("statement", [
    "Maintenance of the mill at the York dental laboratory was not carried out as scheduled.",
    "Work at the Rotterdam edge site was not covered by the fire risk assessment.",
    "The Barnsley ready-mix plant released 8 loads without slump tests.",
])
def test_a_known_town_beside_a_site_word_is_a_place(statement: str) -> None:
    assert _places(statement, ["14 Park Square East, Leeds"]) == ("FV860",)


@pytest.mark.parametrize("statement", [
    # a town inside a longer name is a body, not a place
    "Visors were not worn when opening linen from Queen Elizabeth University Hospital (2 of 4 sorters).",
    # an acronym that is also a town's name
    "Clocks of the AOI station 2 were not synchronised (AOI-01 to AOI-04).",
    # the town of an audited site
    "Maintenance of the mill at the Leeds dental laboratory was not carried out as scheduled.",
    # a common word the text also writes in lowercase
    "Reading logs at the Reading station were not kept; reading is done weekly.",
])
def test_near_misses_name_no_place(statement: str) -> None:
    assert _places(statement, ["14 Park Square East, Leeds"]) == ()
