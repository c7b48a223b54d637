"""Known towns (towns.py) and where Labels reads them: beside a word for a site, as the whole of a name."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from findings_validator.dsl.towns import fold, is_known_town, known_towns
from findings_validator.engine import build_checker
from findings_validator.models import Report


def test_fold_drops_accents_case_and_spaces() -> None:
    assert fold("Łódź") == "lodz"
    assert fold("  Great   Yarmouth ") == "great yarmouth"


def test_known_towns_hold_towns_and_not_common_words() -> None:
    towns = known_towns()
    assert {"york", "vigo", "rotterdam", "great yarmouth", "lodz"} <= towns
    assert "the" not in towns and "plant" not in towns


def test_a_town_is_known_by_its_whole_name_as_written() -> None:
    assert is_known_town("Great Yarmouth") and is_known_town("Lodz") and is_known_town("Łódź")
    assert not is_known_town("Nowhere Special")
    assert not is_known_town("Great Yarmouth accident")  # a longer name is no town's


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=200)
       | st.lists(st.sampled_from(["at", "the", "York", "Great", "Yarmouth", "dental", "laboratory", "plant", "from",
                                   "Queen", "Elizabeth", "Hospital", "ELY", "unit", ",", ".", "\n"]),
                  max_size=20).map(" ".join))
def test_known_towns_never_raise_and_name_what_the_text_writes(text: str) -> None:
    labels = build_checker().rules.labels
    for town in labels.known_towns(text):
        assert is_known_town(town) and town in text


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
    # the town written in lowercase only inside an identifier (an account name)
    "At the Kisumu regional office the five clerks all log in with the one account 'kisumu.recon'.",
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
