"""`before(text, "lexicon")`: what a text says before the first phrase of a lexicon, from its start."""

from __future__ import annotations

import pytest

from findings_validator.dsl import rules_from_text
from findings_validator.dsl.text import preceding
from findings_validator.engine import Checker
from findings_validator.models import Audit, Finding


@pytest.mark.parametrize(("text", "phrase", "expected"), [
    ("The door was found open. The door should be locked.", "should", "The door was found open. The door "),
    ("Drums should be stored in the bund.", "should", "Drums "),
    ("No modal here.", "should", "No modal here."),
    ("No modal here.", None, "No modal here."),
])
def test_preceding(text: str, phrase: str | None, expected: str) -> None:
    assert preceding(text, phrase) == expected


RULES = '''
lexicon xy_modal "obligation" { "should" }
lexicon xy_departure "departure" { "not", "open" }

rule XY902 obligation_after_fact "an obligation after a stated fact"
  applies to nonconformities
  when before(text.unquoted, "xy_modal") mentions xy_departure and text mentions xy_modal
  reject "an obligation after a fact"
'''


@pytest.mark.parametrize(("statement", "fires"), [
    ("The door was found open. The door should be locked.", True),
    ("Doors should be locked; the door was found open.", False),
])
def test_before_in_a_rule(statement: str, fires: bool) -> None:
    checker = Checker(rules=rules_from_text(RULES, path="xy.rules"))
    result = checker.check_finding(Finding(id="NC-1", grade="minor", clause="7.1", statement=statement,
                                           evidence="Seen 2026-03-04."), Audit(criteria=["ISO 9001:2015"]))
    assert ("XY902" in [d.rule for d in result.diagnostics]) is fires
