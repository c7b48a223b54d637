"""Run the ``example`` blocks of rule files: each example is a finding (or a report) and whether the rule fires."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..catalog import Catalogs, load_catalogs
from ..errors import ConfigError
from ..models import Audit, Finding, Report
from .context import Scheme
from .nodes import Example
from .ruleset import CompiledRule, RuleSet

DEFAULT_AUDIT = {"criteria": ["ISO 9001:2015"]}


@dataclass(frozen=True)
class ExampleResult:
    rule: CompiledRule
    example: Example
    passed: bool
    detail: str = ""
    invalid: bool = False  # the example is no valid finding or audit, so the rule could not be run on it

    def describe(self) -> str:
        head = f"{self.example.pos}: {self.rule.id} should {'fire' if self.example.expect == 'fails' else 'not fire'}"
        if self.invalid:
            return f"{head}, but the example could not be read\n{self.detail}"
        return head if self.passed else f"{head}, but it {'did not' if self.example.expect == 'fails' else 'did'}\n{self.detail}"


def _report(data: dict[str, Any]) -> tuple[Report, Scheme]:
    data = dict(data)
    audit = Audit.model_validate(data.pop("audit", DEFAULT_AUDIT))
    scheme = Scheme(**data.pop("scheme", {}))
    raw = data.pop("findings", None)
    if raw is None:
        raw = [{"id": "example", **data}]
    findings = tuple(Finding.model_validate({"id": f"example-{n + 1}", **f}) for n, f in enumerate(raw))
    return Report(audit=audit, findings=findings, file="<example>"), scheme


def run_example(rules: RuleSet, rule: CompiledRule, example: Example, catalogs: Catalogs) -> ExampleResult:
    from ..engine import Checker

    try:
        report, scheme = _report(example.data)
    except (ValidationError, TypeError) as exc:  # an example that is no valid finding or audit fails, saying why
        problem = [line.strip() for line in str(exc).splitlines() if line.strip() and "errors.pydantic" not in line]
        detail = "  the example is not a valid finding or audit: " + "; ".join(problem[:4])
        return ExampleResult(rule, example, False, detail, invalid=True)
    checker = Checker(rules, catalogs, scheme=scheme, explain=True, profile="report")
    result = checker.check_report(report)
    fired = [d for f in result.findings for d in f.diagnostics if d.rule == rule.id]
    fired += [d for d in result.diagnostics if d.rule == rule.id]
    expected = example.expect == "fails"
    if bool(fired) == expected:
        return ExampleResult(rule, example, True)
    lines = [f"  input: {json.dumps(example.data, ensure_ascii=False)[:400]}"]
    if fired:
        lines += [f"  diagnostic: {d.message}" for d in fired[:3]]
        seen = fired[0].seen
    else:
        criteria, _ = checker.criteria(report.audit)
        ctx = checker.context(report.findings[0], report.audit, criteria) if report.findings else None
        seen = tuple((label, _value(fn, ctx)) for label, fn in rule.leaves) if ctx is not None else ()
    lines += [f"  saw {label} = {value}" for label, value in seen]
    return ExampleResult(rule, example, False, "\n".join(lines))


def _value(fn: Any, ctx: Any) -> str:
    try:
        return repr(fn(ctx))
    except Exception as exc:  # noqa: BLE001 - a leaf that needs a quantifier's variable
        return f"<{type(exc).__name__}>"


def run_examples(rules: RuleSet, catalogs: Catalogs | None = None,
                 only: set[str] | None = None) -> list[ExampleResult]:
    catalogs = catalogs or load_catalogs()
    results = []
    for rule in rules:
        if only and rule.info.file not in only:
            continue
        for example in rule.examples:
            results.append(run_example(rules, rule, example, catalogs))
    for path, example in pack_examples():  # the language packs' examples, for the rules they name
        if only and str(path) not in only:
            continue
        try:
            rule = rules.get(example.rule)
        except ConfigError:
            continue
        results.append(run_example(rules, rule, example, catalogs))
    return results


def pack_examples() -> list[tuple[Path, Example]]:
    """The examples of every shipped language pack (their audits name the pack's language)."""
    from ..languages import available, pack_file
    from .ruleset import _parsed

    found = []
    for code in available():
        path = pack_file(code)
        if path is not None:
            found += [(path, e) for e in _parsed(path.read_text(encoding="utf-8"), str(path)).examples]
    return found
