"""``rules explain``: a rule's documentation, generated from its definition (and ``docs/rules.md`` from all)."""

from __future__ import annotations

import json

from .ruleset import ALL_GRADES, CompiledRule, RuleSet, builtin_checks


def applies_to(rule: CompiledRule) -> str:
    if rule.grades is None:
        return "the report"
    if rule.grades == ALL_GRADES:
        return "every finding"
    order = ["major", "minor", "ofi", "observation", "positive"]
    return ", ".join(g for g in order if g in rule.grades)


def _example(data: dict[str, object]) -> str:
    return json.dumps(data, ensure_ascii=False)


def explain(rule: CompiledRule) -> str:
    info = rule.info
    lines = [
        f"{info.id} {rule.name} — {info.title}",
        f"  source:     {info.source or '-'}",
        f"  applies to: {applies_to(rule)}",
        f"  outcome:    {info.severity.value}, {info.effect.value}",
        f"  defined in: {info.file}" + (f":{rule.pos.line}" if rule.pos else ""),
    ]
    if rule.detects:
        lines.append(f"  detects:    {', '.join(rule.detects)}")
    if rule.aliases:
        lines.append(f"  aliases:    {', '.join(rule.aliases)}")
    if rule.unless_downgraded:
        lines.append("  unless:     another rule downgrades the finding to an OFI")
    if rule.only_if_reclassified:
        lines.append("  only if:    another rule reclassifies the finding as an NC")
    if rule.rationale:
        lines += ["", "  " + " ".join(rule.rationale.split())]
    for example in rule.examples:
        lines += ["", f"  example ({example.expect}): {_example(example.data)}"]
    return "\n".join(lines)


def explain_id(rules: RuleSet, rule_id: str) -> str:
    """``rules explain``: a rule of the rule files, or one of the built-in input and waiver checks."""
    rid = rules.canonical(rule_id)
    for info, name, description in builtin_checks():
        if info.id == rid:
            return "\n".join([f"{info.id} {name} — {info.title}", "  applies to: the input (built-in check)",
                              f"  outcome:    {info.severity.value}",
                              f"  defined in: {_relative(info.file)}", "", "  " + " ".join(description.split())])
    return explain(rules.get(rid))


def rules_markdown(rules: RuleSet) -> str:
    """The rule reference, one section per rule, from the rule files themselves."""
    out = ["# Rules", "", "Generated from the rule files by `python -m findings_validator.dsl.explain > docs/rules.md`;",
           "do not edit by hand. `findings-validator rules explain ID` shows the same for one rule.", "",
           "| id | name | severity | effect | applies to | title |", "| --- | --- | --- | --- | --- | --- |"]
    for r in rules:
        out.append(f"| [{r.id}](#{r.id.lower()}) | {r.name} | {r.severity.value} | {r.effect.value} | "
                   f"{applies_to(r)} | {r.info.title} |")
    for r in rules:
        out += ["", f"## {r.id}", "", f"**{r.name}** — {r.info.title}", "",
                f"- source: {r.info.source or '-'}", f"- applies to: {applies_to(r)}",
                f"- outcome: {r.severity.value}, {r.effect.value}"]
        if r.detects:
            out.append(f"- detects: {', '.join(f'`{code}`' for code in r.detects)}")
        if r.unless_downgraded:
            out.append("- not reported when another rule downgrades the finding to an OFI")
        if r.only_if_reclassified:
            out.append("- reported only when another rule reclassifies the finding as an NC")
        out.append(f"- defined in: `{_relative(r.info.file)}`")
        if r.rationale:
            out += ["", " ".join(r.rationale.split())]
        for ex in r.examples:
            out += ["", f"Example ({ex.expect}):", "", "```json", _example(ex.data), "```"]
    out += ["", "## Input and waiver checks", "",
            "Built into the readers and the engine, defined in `findings_validator/rulesets/checks.toml`; selected,",
            "ignored, re-graded and explained like the rules above.", "",
            "| id | name | severity | title |", "| --- | --- | --- | --- |"]
    for info, name, _ in builtin_checks():
        out.append(f"| [{info.id}](#{info.id.lower()}) | {name} | {info.severity.value} | {info.title} |")
    for info, name, description in builtin_checks():
        out += ["", f"## {info.id}", "", f"**{name}** — {info.title}", "", f"- severity: {info.severity.value}", "",
                " ".join(description.split())]
    return "\n".join(out) + "\n"


def _relative(path: str) -> str:
    marker = "findings_validator/"
    return path[path.index(marker):] if marker in path else path


if __name__ == "__main__":
    from . import load_rules

    print(rules_markdown(load_rules(builtin=True)), end="")
