"""A declared exclusion with its justification in brackets, after a dash or after a colon; one that names no
requirement but a part of the work, which holds no citation; and one that is neither, which keeps its syntax
error."""

from __future__ import annotations

import pytest

from findings_validator.citations.parser import excluded_activity, parse_exclusion
from findings_validator.errors import CitationSyntaxError


@pytest.mark.parametrize(("text", "clause"), [
    ("8.3 (all products are made to customer drawings; no design responsibility)", "8.3"),
    ("8.3 — products are made to customer specifications; the company does not design products", "8.3"),
    ("A.8.30 Outsourced development – no development is outsourced; all code is written in-house", "A.8.30"),
    ("7.1.5.2: no measuring equipment needs traceability; scales are checked weekly", "7.1.5.2"),
])
def test_the_justification_is_left_out(text: str, clause: str) -> None:
    assert [c.clause for c in parse_exclusion(text)] == [clause]


@pytest.mark.parametrize(("text", "activity"), [
    ("Rendering and animal by-product processing (carried out by the sister company under its own permit)",
     "Rendering and animal by-product processing"),
    ("design — products are made to customer specifications; no design", "design"),
    ("Aircraft catering and cabin cleaning", "Aircraft catering and cabin cleaning"),
])
def test_an_exclusion_that_names_no_requirement_is_a_part_of_the_work(text: str, activity: str) -> None:
    assert excluded_activity(text) == activity
    assert parse_exclusion(text) == ()


@pytest.mark.parametrize("text", ["8.3", "A.7.4 (no premises of our own)", "ISO 9001 8.3", "clause 8.3 and design"])
def test_an_exclusion_of_a_requirement_is_no_part_of_the_work(text: str) -> None:
    assert excluded_activity(text) is None
    assert parse_exclusion(text)


@pytest.mark.parametrize("text", [
    "— 8.3",
    "Annex A controls for teleworking",
])
def test_an_exclusion_that_is_no_citation_keeps_its_error(text: str) -> None:
    with pytest.raises(CitationSyntaxError) as info:
        parse_exclusion(text)
    assert info.value.column >= 1
