"""all_conformed(): a sentence that reports every one of a group as it should be, with no departure or exception."""

from __future__ import annotations

import pytest

from findings_validator.dsl.breach import reading
from findings_validator.engine import build_checker


@pytest.fixture(scope="module")
def found():  # type: ignore[no-untyped-def]
    checker = build_checker()
    return reading(checker.rules.labels)


@pytest.mark.parametrize("text", [
    "All three lessons have closed actions in the CAPA log.",
    "The other 17 customers are reviewed each quarter (records AR-26-Q1 to Q3).",
    "Quarterly reviews were completed for both systems. The export has no date.",
    "Access reviews were completed for 6 of 6 in-scope systems.",  # a whole sample counted
    # a group counted before, not as departing: the same count after a word for all
    "All five improvement projects were in SMT; none involved the warehouse. All five were closed with results.",
    "Two files had no date. The other 17 customers are reviewed each quarter.",
    # the same count in an earlier sentence that denies a defect, or a count and a departure far apart
    "Twelve trucks were inspected and no defect was found. All twelve carry valid certificates.",
    "One record was not signed. Every one of the 40 trucks was inspected.",
])
def test_a_whole_group_reported_as_it_should_be(found, text: str) -> None:  # type: ignore[no-untyped-def]
    assert found.all_conformed(text)


@pytest.mark.parametrize("text", [
    "All lessons but one have closed actions.",            # an exception
    "Not all lessons have closed actions.",                # a departure
    "It is recommended to use a template listing all inputs.",  # advice about all of them
    "Procedure PR-07 says all accidents are investigated.",     # a document's demand
    "Procedure PR-07 requires all accidents to be investigated.",
    "Three lessons have closed actions.",                  # no word for all of them
    "Access reviews were completed for 5 of 6 in-scope systems.",  # a part of the sample
    # the group counted as departing, pointed back to by its count
    "Of 8 files sampled, three lacked the annual check. All three were treating patients during the audit.",
    "Of 12 permits sampled, 4 had no gas test recorded. All 4 were for tank entry.",
    "",
])
def test_no_report_of_a_whole_group(found, text: str) -> None:  # type: ignore[no-untyped-def]
    assert not found.all_conformed(text)
