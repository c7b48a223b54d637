"""Sentence quantifiers settled at once when the finding's text cannot hold the lexicon their body asks first.

``any sentence (sentence.unquoted mentions L and …)`` is false on every sentence when no phrase of L has all its
words among the words of the finding's text (``TextScan.may_hold``): a sentence, a part of one and the same with its
quotations left out only ever hold words of the whole text. These tests check that necessary condition on generated
texts, in several scripts, and that the rules compiled with the guards say exactly what the same rules walking every
sentence say.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, example, given, note, settings
from hypothesis import strategies as st

from findings_validator.dsl import compiler
from findings_validator.dsl.quotes import unquoted
from findings_validator.dsl.ruleset import _load, builtin_rule_files
from findings_validator.dsl.text import LexiconMatcher, sentences
from findings_validator.models import Audit, Finding

WORDS = ["not", "no", "evidence", "of", "the", "should", "consider", "a", "record", "was", "had", "because",
         "Staff", "said", "QF-071", "2025-10-14", "é", "ΑΣ", "Año", "İ", "ß"]
lexicons = st.lists(st.lists(st.sampled_from([*WORDS[:12], "ας", "ασ", "año", "i̇", "*"]), min_size=1,
                             max_size=3).map(" ".join), min_size=1, max_size=6)
# what comes between words: spaces, sentence and part ends, line breaks and quotation marks of every kind
JOINS = [" ", " ", " ", ". ", "; ", ": ", "\n", ", ", ' "', '" ', " “", "” ", " 'a ", "' ", " ‘", "’ ", "„", "«", "»",
         "! ", "? ", " (", ") ", "‘", "’", "“", "”"]
texts = st.lists(st.tuples(st.sampled_from(WORDS), st.sampled_from(JOINS)), max_size=30).map(
    lambda parts: "".join(w + j for w, j in parts))


@settings(max_examples=400, deadline=None)
@given(st.lists(lexicons, min_size=1, max_size=3), texts)
# the two characters that make a cut's word one the whole text lacks: a final sigma before a quotation (the whole
# text has "ασ", the cut "ας"), and a quotation opened by '„' inside a word (the whole text has "no„evidence")
@example([["ας"]], "ΑΣ‘not the record’ was. ")
@example([["no"]], "no„evidence of“ the. ")
def test_a_lexicon_found_in_a_sentence_may_be_held_by_the_whole_text(several: list[list[str]], text: str) -> None:
    matcher = LexiconMatcher({f"lex{i}": tuple(lexicon) for i, lexicon in enumerate(several)})
    whole = matcher.scan(text)
    for sentence in sentences(text):
        for cut in (sentence, unquoted(sentence)):
            scan = matcher.scan(cut)
            for i in range(len(several)):
                if scan.get(f"lex{i}") is not None:
                    assert whole.may_hold(f"lex{i}"), (several[i], cut)


@pytest.fixture(scope="module")
def unguarded(catalogs, monkeypatch_module):  # type: ignore[no-untyped-def]
    from findings_validator.engine import Checker

    monkeypatch_module.setattr(compiler, "SENTENCE_GUARDS", False)
    rules = _load.__wrapped__(tuple(builtin_rule_files()))
    monkeypatch_module.undo()
    return Checker(rules, catalogs)


@pytest.fixture(scope="module")
def monkeypatch_module():  # type: ignore[no-untyped-def]
    with pytest.MonkeyPatch.context() as patch:
        yield patch


def _phrases(checker) -> list[str]:  # type: ignore[no-untyped-def]
    """Phrases of the lexicons the guards ask, so that generated sentences hold some of them."""
    sets = (checker.rules, checker.rules.for_language("es"))
    return sorted({p for rules in sets for _, phrases in rules.lexicons.values() for p in phrases if "*" not in p})[::7]


AUDIT = Audit(criteria=("ISO 9001:2015",))
AUDIT_ES = Audit(criteria=("ISO 9001:2015",), language="es")   # the Spanish lexicons: their own words to need


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_guarded_rules_say_what_the_walk_over_every_sentence_says(checker, unguarded, data) -> None:  # type: ignore[no-untyped-def]
    phrases = _phrases(checker)
    part = st.lists(st.tuples(st.sampled_from(phrases) | st.sampled_from(WORDS), st.sampled_from(JOINS)),
                    max_size=14).map(lambda parts: "".join(w + j for w, j in parts))
    finding = Finding.model_validate({
        "id": "F", "grade": data.draw(st.sampled_from(["major", "minor", "ofi", "observation"])),
        "clause": data.draw(st.sampled_from(["7.1.5.2", "8.5.1", "9.2.2", ""])),
        "statement": data.draw(part), "evidence": data.draw(part)})
    audit = data.draw(st.sampled_from([AUDIT, AUDIT_ES]))
    note(repr(finding.model_dump()))
    fast, plain = checker.check_finding(finding, audit), unguarded.check_finding(finding, audit)
    assert fast.verdict == plain.verdict
    assert fast.diagnostics == plain.diagnostics


def test_the_built_in_rules_have_guarded_sentence_quantifiers(checker, unguarded, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The guards apply to the built-in rules (a body that begins with a mention of the sentence is common): on a
    plain finding some sentence quantifiers are settled without a walk, and the finding is judged the same."""
    from findings_validator.dsl.text import TextScan

    settled = []
    may_hold = TextScan.may_hold

    def counted(self, name: str) -> bool:  # type: ignore[no-untyped-def]
        held = may_hold(self, name)
        settled.append(not held)
        return held

    finding = Finding.model_validate({"id": "F", "grade": "minor", "clause": "7.1.5.2",
                                      "statement": "Gauge G-12 was not calibrated.",
                                      "evidence": "Register CR-3 shows the last calibration on 2023-01-10."})
    monkeypatch.setattr(TextScan, "may_hold", counted)
    assert checker.check_finding(finding, AUDIT).diagnostics == unguarded.check_finding(finding, AUDIT).diagnostics
    assert any(settled)
