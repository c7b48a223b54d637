"""Language packs: every shipped pack covers every lexicon of the built-in rules, is selected by the audit's or the
configuration's language, and its examples hold."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from findings_validator import Checker
from findings_validator.catalog import load_catalogs
from findings_validator.dsl import load_rules
from findings_validator.dsl.examples import pack_examples, run_example
from findings_validator.dsl.ruleset import _parsed
from findings_validator.engine import build_checker
from findings_validator.errors import ConfigError
from findings_validator.languages import BUILTIN, available, pack_file
from findings_validator.models import Audit, Finding

PACKS = [code for code in available() if code != BUILTIN]


def test_a_second_language_is_shipped() -> None:
    assert "es" in PACKS


@pytest.mark.parametrize("code", PACKS)
def test_every_builtin_lexicon_has_a_counterpart(code: str) -> None:
    """A lexicon added to the built-in rules must be added to every pack too, or this fails."""
    path = pack_file(code)
    assert path is not None
    pack = _parsed(path.read_text(encoding="utf-8"), str(path))
    replaced = {lex.name for lex in pack.lexicons if lex.mode == "replace" and lex.phrases}
    builtin = set(load_rules().lexicons)
    assert builtin - replaced == set(), f"{path.name} lacks {sorted(builtin - replaced)}"
    assert replaced - builtin == set(), f"{path.name} replaces unknown lexicons {sorted(replaced - builtin)}"
    assert not pack.rules


@pytest.mark.parametrize("code", PACKS)
def test_pack_phrases_differ_from_english(code: str) -> None:
    rules = load_rules()
    other = rules.for_language(code)
    assert other.language == code and other.rules is rules.rules
    for name, (_, phrases) in rules.lexicons.items():
        assert other.lexicons[name][1] != phrases, name


def test_pack_examples_hold() -> None:
    rules = load_rules()
    examples = pack_examples()
    assert len(examples) >= 10
    for _, example in examples:
        assert example.data.get("audit", {}).get("language") or example.expect == "passes"
        result = run_example(rules, rules.get(example.rule), example, load_catalogs())
        assert result.passed, result.describe()


FINDING = Finding(id="1", grade="minor", clause=["ISO 9001:2015 8.4.1"],
                  statement="La reevaluación de proveedores es deficiente y necesita atención.",
                  evidence="Lista ASL-02 rev 5: S-104 y S-117 sin reevaluación desde 2023-03-01.")


def _rules(result) -> set[str]:  # type: ignore[no-untyped-def]
    return {d.rule for d in result.diagnostics}


def test_the_audit_selects_the_language() -> None:
    checker = Checker()
    assert "FV204" not in _rules(checker.check_finding(FINDING, Audit(criteria=["ISO 9001:2015"])))
    assert "FV204" in _rules(checker.check_finding(FINDING, Audit(criteria=["ISO 9001:2015"], language="es-ES")))


def test_the_configuration_selects_the_language() -> None:
    checker = build_checker(language="es")
    assert "FV204" in _rules(checker.check_finding(FINDING, Audit(criteria=["ISO 9001:2015"])))
    # the audit's own language wins
    assert "FV204" not in _rules(checker.check_finding(FINDING, Audit(criteria=["ISO 9001:2015"], language="en")))


def test_an_unknown_language_is_a_clear_error() -> None:
    with pytest.raises(ValidationError, match="unknown language 'xx'; shipped: en, es"):
        Audit(criteria=["ISO 9001:2015"], language="xx")
    with pytest.raises(ConfigError, match="no language pack"):
        build_checker(language="xx")


@pytest.mark.parametrize("code", PACKS)
def test_pack_replaces_each_lexicon_once(code: str) -> None:
    """A pack that replaces a lexicon twice keeps only one of the two silently: name each once."""
    path = pack_file(code)
    assert path is not None
    names = [lex.name for lex in _parsed(path.read_text(encoding="utf-8"), str(path)).lexicons]
    assert sorted({n for n in names if names.count(n) > 1}) == []
