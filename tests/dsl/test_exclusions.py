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
])
def test_excluded_items(reading: ScopeReading, scope: str, items: list[str]) -> None:
    assert [i.text for i in reading.excluded(scope)] == items


def test_named_clearly_in_part_or_not(reading: ScopeReading) -> None:
    assert reading.named(WASTE, "Monitoring at the municipal crematorium was not done.", "") == (
        ["the municipal crematorium"], [])
    assert reading.named(WASTE, "Drums were stored at the crematorium car park.", "") == (
        [], ["the municipal crematorium"])
    assert reading.named(GROCERY, "Returns were not labelled.", "Chilled dock, 2025-04-16.") == ([], ["chilled"])
    assert reading.named(GROCERY, "Returns were not labelled.", "Bay R2, 2025-04-16.") == ([], [])
    assert reading.named("", "Chilled products were warm.", "") == ([], [])
