"""`phrase(text, "lexicon")`: the first phrase of a lexicon a text contains, as the text writes it; and the
located errors that `phrase()` and `before()` give a rule that calls them wrongly."""

from __future__ import annotations

import pytest

from findings_validator.dsl import rules_from_text
from findings_validator.engine import Checker
from findings_validator.errors import RuleSyntaxError
from findings_validator.models import Audit, Finding

HEAD = 'lexicon xy_line "service lines" { "refuse collection", "street lighting" }\n'

RULE = HEAD + '''
rule XY903 line_named "a service line the scope does not name"
  applies to nonconformities
  when phrase(statement, "xy_line") is not empty and shared_words(phrase(statement, "xy_line"), audit.scope) = 0
  reject "a service line the scope does not name"

rule XY905 line_as_written "the phrase as the text writes it"
  applies to nonconformities
  when phrase(statement, "xy_line") = "Refuse Collection"
  warn "written with capitals"
'''


@pytest.mark.parametrize(("statement", "scope", "fired"), [
    ("Missed Refuse Collection reports were closed late.", "Street lighting maintenance", ["XY903", "XY905"]),
    ("Missed refuse collection reports were closed late.", "Street lighting maintenance", ["XY903"]),
    ("Missed refuse collection reports were closed late.", "Refuse collection and street lighting", []),
    ("Gully cleaning reports were closed late.", "Street lighting maintenance", []),
])
def test_phrase_in_a_rule(statement: str, scope: str, fired: list[str]) -> None:
    checker = Checker(rules=rules_from_text(RULE, path="xy.rules"))
    result = checker.check_finding(Finding(id="NC-1", grade="minor", clause="8.5.1", statement=statement,
                                           evidence="CRM log 2026-01."),
                                   Audit(criteria=["ISO 9001:2015"], scope=scope))
    assert sorted(d.rule for d in result.diagnostics if d.rule.startswith("XY")) == fired


@pytest.mark.parametrize(("call", "words"), [
    ('phrase(statement) is empty', "takes a text and a lexicon's name in quotes"),
    ('phrase(statement, "xy_lines") is empty', "unknown lexicon 'xy_lines'"),
    ('before(statement, xy_line) is empty', "unknown name 'xy_line'"),
    ('before(citations, "xy_line") is empty', "takes a text and a lexicon's name in quotes"),
])
def test_wrong_calls_are_located_errors(call: str, words: str) -> None:
    text = HEAD + f'rule XY904 r "t"\n  when {call}\n  reject "m"\n'
    with pytest.raises(RuleSyntaxError) as caught:
        rules_from_text(text, path="xy.rules")
    assert words in caught.value.message
    where = caught.value.location
    assert where is not None and (where.file, where.line) == ("xy.rules", 3)
