"""Every example block of the built-in rule files, run as a test (the same as `findings-validator rules test`)."""

from __future__ import annotations

import pytest

from findings_validator.dsl import load_rules
from findings_validator.dsl.examples import run_example

_RULES = load_rules()
CASES = [(rule, example) for rule in _RULES for example in rule.examples]


@pytest.mark.parametrize(("rule", "example"), CASES,
                         ids=[f"{r.id}-{e.expect}-{e.pos.line}" for r, e in CASES])
def test_rule_example(rule, example, catalogs) -> None:  # type: ignore[no-untyped-def]
    result = run_example(_RULES, rule, example, catalogs)
    assert result.passed, result.describe()


def test_every_rule_has_a_passing_and_a_failing_example() -> None:
    for rule in _RULES:
        kinds = {e.expect for e in rule.examples}
        assert kinds == {"passes", "fails"}, f"{rule.id} has examples {sorted(kinds)}"


def test_every_rule_cites_its_source_and_has_a_rationale() -> None:
    for rule in _RULES:
        assert rule.info.source and "17021-1" in rule.info.source, rule.id
        assert rule.rationale, rule.id


def test_an_example_that_is_no_valid_finding_fails_saying_why(tmp_path, catalogs) -> None:  # type: ignore[no-untyped-def]
    from findings_validator.dsl.ruleset import load_rules as load

    path = tmp_path / "x.rules"
    path.write_text('rule XP001 probe "a probe"\n  source "ISO/IEC 17021-1:2015 9.4.5"\n  detects vague_statement\n'
                    '  applies to findings\n  when statement is empty\n  warn "empty"\n'
                    'example XP001 passes { grade: minor, audit: { client: "Acme" }, statement: "x" }\n', encoding="utf-8")
    rules = load([path], builtin=False)
    rule = next(r for r in rules if r.id == "XP001")
    result = run_example(rules, rule, rule.examples[0], catalogs)
    assert not result.passed and result.invalid
    assert "could not be read" in result.describe() and "criteria" in result.describe()
