"""The rules language: syntax errors, static checks (with positions) and the meaning of each construct."""

from __future__ import annotations

import pytest

from findings_validator.dsl import rules_from_text
from findings_validator.engine import Checker
from findings_validator.errors import ConfigError, RuleSyntaxError
from findings_validator.models import Audit, Finding, Report

HEAD = 'lexicon words { "best practice" }\n'


def _rule(body: str, rid: str = "XX001", name: str = "r") -> str:
    return f'{HEAD}rule {rid} {name} "t"\n  source "ISO/IEC 17021-1:2015 9.4.5.3"\n{body}\n'


@pytest.mark.parametrize(
    ("body", "message", "line", "column"),
    [
        ('  when statment is empty\n  reject "m"', "unknown name 'statment'; did you mean 'statement'?", 4, 8),
        ('  when statement mentions wrods\n  reject "m"', "unknown lexicon 'wrods'; did you mean 'words'?", 4, 8),
        ('  when statement > 3\n  reject "m"', "'>' compares numbers, not text", 4, 8),
        ('  when grade is minr\n  reject "m"', "'minr' is not a grade; did you mean 'minor'?", 4, 17),
        ('  when evidence.wrds < 3\n  reject "m"', "'wrds' is not an attribute of text; did you mean 'words'?", 4, 8),
        ('  when statement\n  reject "m"', "this is text, not true/false", 4, 8),
        ('  when citations = 3\n  reject "m"', "cannot compare a list", 4, 8),
        ('  when size(citations) > 1\n  reject "m"', "unknown function 'size'", 4, 8),
        ('  when measure(statement, "wrods") > 1\n  reject "m"', "measure() takes a text and the name of a count", 4, 8),
        ('  when statement is empty', "has no outcome", 2, 1),
        ('  reject "m"', "has no 'when' condition", 2, 1),
        ('  applies to ofi\n  when statement is empty\n  downgrade to ofi "m"', "unreachable", 6, 3),
        ('  applies to major, minor\n  when statement is empty\n  reclassify as nc "m"', "unreachable", 6, 3),
        ('  applies to minorr\n  when statement is empty\n  reject "m"', "unknown target 'minorr'", 4, 14),
        ('  when statement is empty\n  reject "missing {nothing}"', "unknown name 'nothing'", 5, 3),
        ('  when statement is empty\n  severity warning\n  reject "m"', "only errors change a verdict", 5, 3),
        ('  when false\n  reject "m"', "always false", 4, 8),
        ('  group findings by statement\n  when count > 2\n  reject "m"', "needs 'applies to report'", 4, 3),
        ('  applies to report\n  unless downgraded\n  when audit.scope is empty\n  reject "m"',
         "'unless downgraded' is about a finding's verdict", 5, 3),
        ('  applies to report\n  only if reclassified\n  when audit.scope is empty\n  reject "m"',
         "'only if reclassified' is about a finding's verdict", 5, 3),
        ('  when any paragraph (statement is empty)\n  reject "m"', "cannot range over 'paragraph'", 4, 8),
        ('  detects preference, vauge_statement\n  when statement is empty\n  reject "m"',
         "unknown reason code 'vauge_statement' in 'detects'; did you mean 'vague_statement'?", 4, 23),
    ],
)
def test_static_errors_name_the_place(body, message, line, column) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(RuleSyntaxError) as info:
        rules_from_text(_rule(body), path="my.rules")
    err = info.value
    assert message in err.message
    assert (err.location.file, err.location.line, err.location.column) == ("my.rules", line, column)


def test_all_errors_of_a_file_are_reported_together() -> None:
    text = _rule('  when statment is empty\n  reject "m"') + 'rule XX002 s "t"\n  when evidnce is empty\n  reject "m"\n'
    with pytest.raises(RuleSyntaxError) as info:
        rules_from_text(text, path="my.rules")
    assert "2 errors" in info.value.message
    assert [loc.line for loc, _ in info.value.errors] == [4, 7]


def test_duplicate_rule_ids_and_lexicons() -> None:
    text = _rule('  when statement is empty\n  reject "m"') + 'rule XX001 other "t"\n  when statement is empty\n  reject "m"\n'
    with pytest.raises(RuleSyntaxError, match="already defined at my.rules:2:1"):
        rules_from_text(text, path="my.rules")
    with pytest.raises(RuleSyntaxError, match="lexicon 'words' is already defined"):
        rules_from_text(HEAD + HEAD, path="my.rules")


@pytest.mark.parametrize(
    ("text", "fragment", "line", "column"),
    [
        ('rule FV1 x "t"', "expected a rule id such as FV101", 1, 6),
        ('rule XX001 x "t"\n  when statement = = 3\n  reject "m"', "unexpected '='", 2, 20),
        ('rule XX001 x "t"\n  when statement is empty\n  reject m', "unexpected 'm'", 3, 10),
        ('lexicon x { "a" "b" }', "unexpected", 1, 17),
        ('rule XX001 x "t" when statement is empty reject "unterminated', "unexpected", 1, 49),
    ],
)
def test_syntax_errors_show_line_column_and_caret(text, fragment, line, column) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(RuleSyntaxError) as info:
        rules_from_text(text, path="bad.rules")
    err = info.value
    assert fragment in err.message
    assert (err.location.line, err.location.column) == (line, column)
    assert "^" in err.message


def test_rule_text_is_never_executed_as_python() -> None:
    """Anything that is not in the language is a syntax or name error, never Python."""
    for condition in ('__import__("os").system("true")', "statement.__class__ is empty", "evidence.__len__ > 0"):
        with pytest.raises(RuleSyntaxError):
            rules_from_text(_rule(f'  when {condition}\n  reject "m"'), path="evil.rules")


AUDIT = Audit(criteria=("ISO 9001:2015",))


def _fires(condition: str, extra_rules: str = "", **finding: object) -> bool:
    rules = rules_from_text(HEAD + extra_rules + _rule(f'  applies to findings\n  when {condition}\n  warn "hit {{match}}"')
                            .replace(HEAD, "", 1))
    data = {"id": "F", "grade": "minor", "clause": "7.1.5.2 a)", "statement": "s", "evidence": "e", **finding}
    result = Checker(rules).check_finding(Finding.model_validate(data), AUDIT)
    return any(d.rule == "XX001" for d in result.diagnostics)


@pytest.mark.parametrize(
    ("condition", "finding", "expected"),
    [
        ("statement mentions words", {"statement": "This is Best  Practice."}, True),
        ("statement mentions words", {"statement": "bestpractice"}, False),
        ("statement does not mention words", {"statement": "fine"}, True),
        ("grade in [major, minor]", {"grade": "ofi"}, False),
        ("grade not in [major]", {}, True),
        ("evidence.dates >= 2", {"evidence": "Seen 2025-01-02 and 3 March 2025."}, True),
        ("evidence.samples = 1", {"evidence": "2 of 7 were overdue"}, True),
        ("evidence.identifiers = 2", {"evidence": "MIC-0231 and QF-071 rev 6"}, True),
        ("any citation (status is exact and items = items)", {}, False),
        ("any citation (status is exact)", {}, True),
        ("all citation (status is exact)", {"clause": ["7.1.5.2", "7.1.7"]}, False),
        ("no citation (status is unknown_clause)", {"clause": "7.1.5.2"}, True),
        ("count(citations) = 2", {"clause": "7.5.2; 7.5.3"}, True),
        ("distinct(citations.status) = 1", {"clause": "7.5.2; 7.5.3.1"}, True),
        ("distinct(citations.status) = 2", {"clause": "7.5.2; 7.5.3"}, True),
        ("citations is empty", {"clause": ""}, True),
        ("not (statement is empty or evidence is empty)", {}, True),
        ("overlap(statement, requirement) >= 0.5", {"statement": "a b", "requirement": "a b c"}, True),
        ("audit.type is surveillance", {}, False),
        ('measure(after(statement, "words"), "identifiers") = 1', {"statement": "best practice says QF-071 rev 6"}, True),
        ('measure(after(statement, "words"), "identifiers") = 0', {"statement": "QF-071 rev 6 is best practice"}, True),
        ("figures_breach(statement, audit.dates)", {"statement": "The schedule planned 6 checks in 2025; 2 were done."}, True),
        ("figures_breach(statement, audit.dates)", {"statement": "The schedule planned 6 checks in 2025; 6 were done."}, False),
        ('measure(statement, "dates") = 2', {"statement": "Seen 2025-01-02 and 3 March 2025."}, True),
        ("\"minor\" = grade", {}, True),
    ],
)
def test_meaning_of_constructs(condition, finding, expected) -> None:  # type: ignore[no-untyped-def]
    if condition == "any citation (status is exact and items = items)":
        with pytest.raises(RuleSyntaxError):
            _fires(condition)
        return
    assert _fires(condition, **finding) is expected


def test_messages_fill_placeholders_with_the_matched_phrase_and_the_witness() -> None:
    rules = rules_from_text(HEAD + 'rule XX001 r "t"\n  applies to findings\n'
                            '  when statement mentions words and any citation (status is obsolete_edition)\n'
                            '  reject "{match} / {citation.text} / {citation.successor} / {grade}"\n')
    data = {"id": "F", "grade": "minor", "clause": "ISO 9001:2008 4.2.3", "statement": "best practice", "evidence": "e"}
    diag = Checker(rules).check_finding(Finding.model_validate(data), AUDIT).diagnostics[0]
    assert diag.message == ("best practice / ISO 9001:2008 4.2.3 / ISO 9001:2015 7.5.2 or ISO 9001:2015 7.5.3 / minor")


@pytest.mark.parametrize(("condition", "message", "expected"), [
    # every citation holds: the message names the first
    ("all citation (status is exact)", "{citation.text} / {citation.clause}", "7.5.2 / ISO 9001:2015 7.5.2"),
    # the phrase a text begins with is {match}, as a mention's phrase is
    ('begins(statement, "words")', "{match}.", "best practice."),
    # a reading of figures, where no mention bound {match}: the sentence that shows it
    ("fewer_done(evidence)", "{match}", "The schedule planned 6 checks in 2025; 2 were done."),
])
def test_messages_name_what_all_and_begins_found(condition: str, message: str, expected: str) -> None:
    rules = rules_from_text(HEAD + f'rule XX001 r "t"\n  applies to findings\n  when {condition}\n  reject "{message}"\n')
    data = {"id": "F", "grade": "minor", "clause": "7.5.2", "statement": "best practice, as seen",
            "evidence": "Seen on site. The schedule planned 6 checks in 2025; 2 were done."}
    diag = Checker(rules).check_finding(Finding.model_validate(data), AUDIT).diagnostics[0]
    assert diag.message == expected


def test_lexicons_can_be_extended_and_replaced_by_later_files() -> None:
    base = rules_from_text('lexicon words { "best practice" }\nextend lexicon words { "mejor práctica" }\n')
    assert base.lexicons["words"][1] == ("best practice", "mejor práctica")
    replaced = rules_from_text('lexicon words { "a" }\nreplace lexicon words { "b" }\n')
    assert replaced.lexicons["words"][1] == ("b",)
    with pytest.raises(RuleSyntaxError, match="not defined"):
        rules_from_text('extend lexicon nothing { "a" }\n')


def test_user_rules_extend_the_builtin_set_and_can_override_its_lexicons(rules) -> None:  # type: ignore[no-untyped-def]
    extra = ('extend lexicon preference { "mejor práctica" }\n'
             'rule ACME001 acme_site "site must be given"\n  source "ISO/IEC 17021-1:2015 9.4.8"\n'
             '  when site is empty\n  warn "No site."\n')
    combined = rules_from_text(extra, builtin=True)
    assert len(combined) == len(rules) + 1
    finding = Finding.model_validate({"id": "F", "grade": "minor", "clause": "7.1.5.2 a)",
                                      "statement": "La mejor práctica es otra cosa aqui.",
                                      "evidence": "Caliper DVC-0112 due 2025-09-10."})
    fired = {d.rule for d in Checker(combined).check_finding(finding, AUDIT).diagnostics}
    assert {"ACME001", "FV501"} <= fired


def test_select_ignore_and_regrade(rules) -> None:  # type: ignore[no-untyped-def]
    assert [r.id for r in rules.select(select=["FV1"], ignore=["FV112"])] == [
        r.id for r in rules if r.id.startswith("FV1") and r.id != "FV112"]
    regraded = rules.select(severities={"FV401": "warning"})
    rule = regraded.get("FV401")
    assert (rule.severity.value, rule.effect.value) == ("warning", "none")
    assert rules.get("preference").id == "FV501"
    with pytest.raises(ConfigError, match="no such rule: FV10O") as info:
        rules.select(select=["FV10O"])
    assert info.value.hint == "did you mean FV100?" or "did you mean" in (info.value.hint or "")


def test_report_rule_groups_attach_to_each_member() -> None:
    rules = rules_from_text('rule XX001 r "t"\n  applies to report\n  group findings where grade is minor by process\n'
                            '  when count >= 2\n  warn "{count} in {key}: {ids}"\n')
    findings = tuple(Finding.model_validate({"id": f"N{i}", "grade": "minor", "statement": "s", "process": p})
                     for i, p in enumerate(["Goods-in", "Goods-in", "Despatch"]))
    result = Checker(rules).check_report(Report(audit=AUDIT, findings=findings))
    messages = [[d.message for d in f.diagnostics] for f in result.findings]
    assert messages == [["2 in Goods-in: N0, N1"], ["2 in Goods-in: N0, N1"], []]


@pytest.mark.parametrize(
    ("condition", "needs"),
    [
        ("any citation (status is exact)", {"exact"}),
        ("any citation (citation.status = too_broad and not topic_match)", {"too_broad"}),
        ("statement is not empty and any citation (status in [excluded, ambiguous])", {"excluded", "ambiguous"}),
        ('any citation (status is "unknown_item")', {"unknown_item"}),
        ("any citation (status is exact) or statement is empty", None),
        ("no citation (status is exact)", None),
        ("all citations (status is exact)".replace("citations", "citation"), None),
        ("not any citation (status is exact)", None),
        ("any citation (status != exact)", None),
        ("any citation (topic_match or status is exact)", None),
    ],
)
def test_the_engine_skips_status_rules_only_on_what_the_condition_says(condition: str, needs: set[str] | None) -> None:
    """``needs_status`` is read off the condition: only a conjunct ``any citation (status is …)`` sets it."""
    rule = rules_from_text(_rule(f"  when {condition}\n  reject \"m\"")).rules[0]
    assert rule.needs_status == (frozenset(needs) if needs is not None else None)


def test_cached_syntax_trees_are_keyed_by_the_grammar(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A syntax tree cached under another grammar (or tree-building code) is not read back."""
    from findings_validator.dsl import ruleset

    text = _rule('  when statement is empty\n  reject "m"')
    first = ruleset._parsed(text, "k.rules")
    assert ruleset._parsed(text, "k.rules") == first
    keys: list[str] = []
    real_read = ruleset.cache.read
    monkeypatch.setattr(ruleset.cache, "read", lambda key, kind, **kw: keys.append(key) or real_read(key, kind=kind, **kw))
    ruleset._parsed(text, "k.rules")
    monkeypatch.setattr(ruleset, "_syntax_version", lambda: "another grammar")
    ruleset._parsed(text, "k.rules")
    assert len(set(keys)) == 2
