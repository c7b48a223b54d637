"""The rules language's static limits: each hostile rule file is a located error (exit 2), compiled in bounded time."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from findings_validator.cli import main
from findings_validator.dsl import bounds, conditions, rules_from_text
from findings_validator.errors import RuleSyntaxError

CLEAN = str(Path(__file__).resolve().parent.parent / "data" / "clean-report.yaml")


def _rule(when: str, applies: str = "nonconformities") -> str:
    return f'rule ACM101 probe "probe"\n  applies to {applies}\n  when {when}\n  warn "seen"\n'


def _error(text: str) -> RuleSyntaxError:
    started = time.perf_counter()
    with pytest.raises(RuleSyntaxError) as caught:
        rules_from_text(text, path="acme.rules")
    assert time.perf_counter() - started < 10
    assert caught.value.location is not None and caught.value.location.file == "acme.rules"
    return caught.value


HOSTILE = {
    # name: (rule text, (line, column), words of the message)
    "hex escape": (_rule('statement = "\\x"'), (3, 21), "unknown escape '\\x'"),
    "named escape": (_rule('statement = "\\N{BULLET}"'), (3, 21), "unknown escape '\\N'"),
    "octal NUL escape": (_rule('statement = "a\\0"'), (3, 22), "unknown escape '\\0'"),
    "escaped NUL": (_rule('statement = "\\u0000"'), (3, 21), "U+0000"),
    "lone surrogate": (_rule('statement = "\\ud800"'), (3, 21), "surrogate"),
    "NUL in a string": (_rule('statement = "a\x00b"'), (3, 22), "NUL character"),
    "NUL between rules": (_rule("statement is empty") + "\x00", (5, 1), "NUL character"),
    "3,000-deep list": (_rule("statement in " + "[" * 3000 + '"a"' + "]" * 3000), (3, None), "nested more than"),
    "500 nots": (_rule("not " * 500 + "statement is empty"), (3, None), "nested more than"),
    "sentences inside a sentence": (_rule("any sentence (all sentence (sentence is empty))"), (3, None),
                                    "cannot be ranged over inside"),
    "deep example": ('example ACM101 fails { grade: minor, data: ' + "[" * 3000 + "]" * 3000 + " }\n", None,
                     "nested more than"),
    "huge number": (_rule("statement.words > " + "9" * 5000), (3, 26), "digits"),
    "huge expression": (_rule(" or ".join(f'statement = "s{i}"' for i in range(800))), (1, 1), "too large"),
    "three nested any finding": (_rule("any finding (any finding (any finding (statement is empty)))", "report"),
                                 (3, 34), "3 quantifiers"),
    "phrase of wildcards": ('lexicon acme "x" { "ok", "* * *" }\n', (1, 26), "only wildcards"),
    "phrase of many wildcards": ('lexicon acme "x" { "a * * * * * b" }\n', (1, 20), "wildcards"),
    "long phrase": ('lexicon acme "x" { "' + " ".join(["w"] * 40) + '" }\n', (1, 20), "words"),
    "many leading wildcards": ('lexicon acme "x" { ' + ", ".join(f'"* w{i}"' for i in range(40)) + " }\n",
                               (1, 20 + 10 * 8 + 22 * 9), "begin with '*'"),
    "huge lexicon": ('lexicon acme "x" { ' + ", ".join(f'"w{i}"' for i in range(bounds.MAX_LEXICON_PHRASES + 1))
                     + " }\n", (1, 20), "phrases, more than"),
    "huge file": ("# " + "x" * bounds.MAX_FILE_CHARS + "\n", None, "characters, more than"),
}


@pytest.mark.parametrize("name", HOSTILE)
def test_each_limit_is_a_located_error(name: str) -> None:
    text, where, words = HOSTILE[name]
    error = _error(text)
    assert words in error.message, error.message
    if where is not None:  # the column of the level past the limit is the parser's to say
        assert (error.location.line, error.location.column if where[1] else None) == where, str(error)


def test_two_nested_quantifiers_over_the_findings_are_allowed() -> None:
    rules = rules_from_text(_rule("any finding (any finding (statement is empty))", "report"))
    assert [r.id for r in rules] == ["ACM101"]


def test_the_known_escapes_still_read() -> None:
    rules = rules_from_text('lexicon acme "say \\"no\\"" { "a\\tb", "caf\\u00e9", "back\\\\slash" }\n')
    assert rules.lexicons["acme"] == ('say "no"', ("a\tb", "café", "back\\slash"))


def test_extending_a_lexicon_past_the_limit_is_refused() -> None:
    half = bounds.MAX_LEXICON_PHRASES // 2 + 1
    text = ('lexicon acme "x" { ' + ", ".join(f'"a{i}"' for i in range(half)) + " }\n"
            'extend lexicon acme { ' + ", ".join(f'"b{i}"' for i in range(half)) + " }\n")
    assert "more than" in _error(text).message


def test_the_built_in_rules_are_well_within_the_limits() -> None:
    from findings_validator.dsl.ruleset import builtin_rule_files

    for path in builtin_rule_files():
        text = path.read_text(encoding="utf-8")
        assert len(text) < bounds.MAX_FILE_CHARS // 4


@pytest.mark.parametrize("name", ["hex escape", "3,000-deep list", "500 nots", "three nested any finding"])
def test_the_cli_exits_2_with_file_line_and_column(name: str, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    text, where, _ = HOSTILE[name]
    rules = tmp_path / "acme.rules"
    rules.write_text(text, encoding="utf-8")
    code = main(["check", CLEAN, "--isolated", "--rules", str(rules)])
    out, err = capsys.readouterr()
    assert code == 2
    assert f"{rules}:{where[0]}:{where[1] or ''}" in err
    assert "Traceback" not in err and "internal error" not in err


def test_docs_state_the_limits_the_code_enforces() -> None:
    docs = (Path(__file__).resolve().parents[2] / "docs" / "dsl.md").read_text(encoding="utf-8")
    section = docs.split("## Limits", 1)[1].split("\n## ", 1)[0]
    rows = {line.split("|")[1].strip(): line.split("|")[2].strip() for line in section.splitlines()
            if line.startswith("| ") and not line.startswith("| limit")}
    stated = {
        "characters in one rule file": bounds.MAX_FILE_CHARS,
        "nesting in one rule, named condition or example (`not`, lists, calls, quantifiers, objects), and in a "
        "rule with its named conditions written out": bounds.MAX_NESTING,
        "names, values and operators in one rule, named condition or example, and in a rule with its named "
        "conditions written out": bounds.MAX_EXPRESSION_NODES,
        "named conditions using one another": conditions.MAX_DEPTH,
        "quantifiers over `finding`, `previous_finding` or `place` nested inside each other":
            bounds.MAX_QUANTIFIER_NESTING,
        "digits in a number": bounds.MAX_NUMBER_DIGITS,
        "phrases in one lexicon, after `extend`": bounds.MAX_LEXICON_PHRASES,
        "words in one phrase": bounds.MAX_PHRASE_WORDS,
        "`*` wildcards in one phrase": bounds.MAX_PHRASE_WILDCARDS,
        "phrases beginning with `*` in one lexicon": bounds.MAX_LEADING_WILDCARDS,
    }
    for name, value in stated.items():
        assert rows[name].split()[0] == f"{value:,}", name
