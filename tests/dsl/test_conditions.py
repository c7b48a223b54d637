"""Named conditions: written once, used by name in rules' conditions, expanded before the rules are checked."""

from __future__ import annotations

import pytest

from findings_validator.dsl import rules_from_text
from findings_validator.dsl.parser import parse_rules
from findings_validator.engine import Checker
from findings_validator.errors import RuleSyntaxError
from findings_validator.models import Audit, Finding

LEXICONS = '''
lexicon xc_hedge "hedge" { "could" }
lexicon xc_direction "direction" { "the organization may wish to" }
lexicon xc_negation "negation" { "not", "no" }
'''

CONDITION = '''
condition done_then(direction) "reports what is done, then turns to a direction"
  when statement mentions direction and before(statement, direction) does not mention xc_negation
'''


def _using(condition: str, call: str) -> str:
    """A named condition and a rule XC901 whose condition is ``call``."""
    return f'{condition}\nrule XC901 premise "t"\n  applies to ofi\n  when {call}\n  warn "m"\n'


def _fires(rules: str, statement: str, grade: str = "ofi", evidence: str = "Report KPI-26, 2026-05.") -> bool:
    used = CONDITION if "done_then" in rules else ""
    checker = Checker(rules=rules_from_text(LEXICONS + used + rules, path="xc.rules"))
    result = checker.check_finding(Finding(id="F-1", grade=grade, clause="9.1.3", statement=statement,
                                           evidence=evidence), Audit(criteria=["ISO 9001:2015"]))
    return any(d.rule == "XC901" for d in result.diagnostics)


@pytest.mark.parametrize(("statement", "fires"), [
    ("Data are analysed monthly; they could also be trended.", True),
    ("Data are not analysed; they could be trended.", False),
    ("Data are analysed monthly; the organization may wish to trend them.", True),
    ("Data are analysed monthly.", False),
])
def test_a_named_condition_is_its_body_with_the_lexicon_given(statement: str, fires: bool) -> None:
    rules = '''
rule XC901 premise "a direction after what is done"
  applies to ofi
  when done_then("xc_hedge") or done_then("xc_direction")
  warn "m"
'''
    assert _fires(rules, statement) is fires


def test_a_condition_may_use_another_and_take_any_value() -> None:
    rules = '''
condition long_enough(n) "a statement of at least n words" when statement.words >= n
condition done_and_long(direction, n) "both" when done_then(direction) and long_enough(n)
rule XC901 premise "a direction after what is done"
  applies to ofi
  when done_and_long("xc_hedge", 8)
  warn "m"
'''
    assert _fires(rules, "Data are analysed monthly; they could also be trended.")
    assert not _fires(rules, "Data are analysed; could trend.")


def test_the_rule_is_checked_and_explained_as_if_the_body_were_written_in_it() -> None:
    rules = rules_from_text(LEXICONS + CONDITION + '''
rule XC901 premise "t"
  applies to ofi
  when not done_then("xc_hedge")
  warn "m"
''', path="xc.rules")
    leaves = [label for label, _ in rules.get("XC901").leaves]
    assert leaves == ["statement mentions xc_hedge", "before(…) mentions xc_negation"]


def test_conditions_are_shared_across_files_in_any_order() -> None:
    from findings_validator.dsl.ruleset import build

    uses = parse_rules(LEXICONS + 'rule XC901 premise "t"\n applies to ofi\n when done_then("xc_hedge")\n warn "m"\n',
                       "a.rules")
    defines = parse_rules(CONDITION, "b.rules")
    assert [r.id for r in build([uses, defines])] == ["XC901"]


@pytest.mark.parametrize(("text", "message"), [
    (CONDITION + CONDITION, "xc.rules:9:1: condition 'done_then' is already defined at xc.rules:6:1"),
    ('condition before(x) "d" when statement is empty', "has the name of a built-in function"),
    ('condition loop(x) "d" when loop(x)\nrule XC901 r "t"\n applies to ofi\n when loop(1)\n warn "m"',
     "condition 'loop' uses itself (loop → loop)"),
    (CONDITION + 'rule XC901 r "t"\n applies to ofi\n when done_then("xc_hedge", 2)\n warn "m"',
     "condition 'done_then' takes 1 value(s) (direction), not 2"),
    (CONDITION + 'rule XC901 r "t"\n applies to ofi\n when done_then(3)\n warn "m"',
     "reads 'direction' as a lexicon: give its name in quotes"),
    (CONDITION + 'rule XC901 r "t"\n applies to ofi\n when done_then("xc_hedgee")\n warn "m"',
     "unknown lexicon 'xc_hedgee'"),
    ('condition twice(x, x) "d" when statement is empty', "names a parameter twice"),
])
def test_errors_name_the_place(text: str, message: str) -> None:
    with pytest.raises(RuleSyntaxError) as info:
        rules_from_text(LEXICONS + text, path="xc.rules")
    assert message in str(info.value)


def test_a_language_pack_holds_no_conditions(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from findings_validator import languages
    from findings_validator.dsl import load_rules

    pack = tmp_path / "xx.rules"
    pack.write_text(CONDITION, encoding="utf-8")
    monkeypatch.setattr(languages, "pack_file", lambda code: pack)
    with pytest.raises(RuleSyntaxError, match="not rules or conditions"):
        load_rules().for_language("xx")


def test_a_parameter_names_an_attribute_of_a_text_given_by_name() -> None:
    rules = _using('condition long(t) "a text of at least 6 words" when t.words >= 6', "long(statement)")
    assert _fires(rules, "Data are analysed monthly and trended quarterly.")
    assert not _fires(rules, "Data are analysed.")
    with pytest.raises(RuleSyntaxError, match="reads an attribute of 't'"):
        rules_from_text(LEXICONS + rules.replace("long(statement)", 'long("x")'), path="xc.rules")


def test_a_quantifier_variable_in_the_body_is_the_bodys_own() -> None:
    rules = _using('''condition some_sentence(sentence) "a sentence hedged, beside a text that says no"
  when any sentence (sentence mentions xc_hedge) and sentence mentions xc_negation''', "some_sentence(evidence)")
    # the hedge is in the statement only: the body's own `any sentence` finds it there, whatever was given
    assert _fires(rules, "Data are trended. They could be more.", evidence="No trend chart for May.")
    assert not _fires(rules, "Data are trended. They could be more.", evidence="Trend chart for May.")
    captured = _using('''condition any_cited(t) "a citation, beside a text that hedges"
  when any citation (status is exact) and t mentions xc_hedge and any citation (t mentions xc_hedge)''',
                      "any_cited(citation.text)")
    with pytest.raises(RuleSyntaxError, match="the value given for 't' names something \\(citation\\), and the "
                                              "body of condition 'any_cited' reads 't' inside 'any citation"):
        rules_from_text(LEXICONS + captured, path="xc.rules")


def test_an_error_in_a_body_names_the_condition_and_the_rule_that_uses_it() -> None:
    rules = '''
condition broken() "a lexicon misspelt" when statement mentions xc_hedgee
rule XC901 premise "t"
  applies to ofi
  when broken() or done_then("xc_hedge")
  warn "m"
'''
    with pytest.raises(RuleSyntaxError) as info:
        rules_from_text(LEXICONS + CONDITION + rules, path="xc.rules")
    assert "unknown lexicon 'xc_hedgee'" in str(info.value)
    assert "(in condition 'broken', as rule XC901 at xc.rules:10:1 uses it)" in str(info.value)


def test_a_condition_no_rule_uses_is_an_error() -> None:
    with pytest.raises(RuleSyntaxError, match="condition 'done_then' is used by no rule"):
        rules_from_text(LEXICONS + CONDITION, path="xc.rules")


def test_a_rule_written_out_is_held_to_the_size_limits() -> None:
    levels = ['condition c0() "d" when statement mentions xc_hedge and statement mentions xc_negation']
    levels += [f'condition c{n}() "d" when ' + " or ".join([f"c{n - 1}()"] * 12) for n in range(1, 4)]
    rules = "\n".join(levels) + '\nrule XC901 r "t"\n applies to ofi\n when c3()\n warn "m"\n'
    with pytest.raises(RuleSyntaxError, match="written out holds more than 2,000"):
        rules_from_text(LEXICONS + CONDITION.replace("condition done_then", "condition unused_here") + rules
                        .replace("when c3()", 'when c3() or unused_here("xc_hedge")'), path="xc.rules")


def test_a_rule_with_its_conditions_written_out_is_held_to_the_size_limits() -> None:
    big = " or ".join(["statement mentions xc_hedge"] * 450)  # within the limits of one condition
    rules = f'condition third() "d" when {big}\n' + _using("", "third() or not third() or third()")
    with pytest.raises(RuleSyntaxError, match="rule XC901 with its named conditions written out holds more than"):
        rules_from_text(LEXICONS + rules, path="xc.rules")
