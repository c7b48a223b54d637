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


def test_same_town_reads_a_town_named_in_another_language() -> None:
    from findings_validator.dsl.towns import same_town

    assert same_town("Lisbon", ["Contact centre", "Lisboa", "Portugal"])
    assert same_town("Munich", ["München-Riem"]) and same_town("Warsaw", ["Warszawa"])
    # another town, a name several towns bear, and a place in a town are not the town
    assert not same_town("Bordeaux", ["Lisboa", "Porto"])
    assert not same_town("Richmond", ["Manchester"]) and not same_town("Amman", ["Philadelphia"])
    assert not same_town("Dubai Investments Park", ["Dubai Internet City"])
    assert not same_town("", ["Lisboa"]) and not same_town("Lisbon", []) and not same_town("...", ["..."])


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=80),
       st.lists(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=60), max_size=5))
def test_same_town_never_raises(place: str, parts: list[str]) -> None:
    from findings_validator.dsl.towns import same_town

    assert same_town(place, parts) in (True, False)


def test_a_site_named_in_another_language_lists_the_place() -> None:
    def place_rules(site: str) -> set[str]:
        report = Report.model_validate({
            "audit": {"criteria": ["ISO 45001:2018"], "scope": "Insurance contact centre", "sites": [site]},
            "findings": [{"id": "NC-1", "grade": "minor", "clause": "6.1.2.1 a)",
                          "statement": "Hazards from shift work have not been identified.",
                          "evidence": "HIRA-CC rev 3 for the Lisbon contact centre lists noise only (2024-12-10)."}]})
        return {d.rule for d in build_checker().check_report(report).findings[0].diagnostics} & {"FV860", "FV865"}

    assert not place_rules("Contact centre, Avenida da Liberdade 190, Lisboa, Portugal")
    assert place_rules("Contact centre, Estrada de Lisboa 45, Setubal")  # a road named after the town
