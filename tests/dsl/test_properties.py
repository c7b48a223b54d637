"""Compiled rules agree with a slow tree-walking evaluator of the same syntax tree, on random findings."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st

from findings_validator.dsl import nodes as A
from findings_validator.dsl import notrequired
from findings_validator.dsl.breach import reading
from findings_validator.dsl.compiler import QUANTIFIER_SOURCES
from findings_validator.dsl.context import ATTRIBUTES, ENUMS
from findings_validator.dsl.departure import contrast
from findings_validator.dsl.scope import near_words, shared_words
from findings_validator.dsl.text import begins_with, fewer_done, following, future, measure, overdue, overlap, preceding
from findings_validator.models import Audit, Finding

AUDIT = Audit(criteria=("ISO 9001:2015",))
PHRASES = ["best practice", "should implement", "because", "is poor", "several", "had not", "failed",
           "quality manual", "calibration", "records", "was not", "the organization", "QF-071 rev 6", "2025-10-14",
           "2 of 7", "D. Farrant", "none", "I would expect", "for example by", "due to"]
CLAUSES = ["", "7.1.5.2 a)", "8.5.1 k)", "7.1.7", "ISO 9001:2008 4.2.3", "7", "ISO 9004 5.1", "ISO 14001:2015 6.1.2",
           "Procedure QP-07", "7.1.5.1 Note 1", "9.3.2 c) 7)", "Document control needs attention"]
texts = st.lists(st.sampled_from(PHRASES), max_size=6).map(" ".join)
findings = st.builds(
    lambda grade, clause, statement, evidence, requirement: Finding.model_validate(
        {"id": "F", "grade": grade, "clause": clause, "statement": statement, "evidence": evidence,
         "requirement": requirement}),
    st.sampled_from(["major", "minor", "ofi", "observation", "positive"]), st.sampled_from(CLAUSES), texts, texts,
    st.one_of(st.none(), texts))


class Slow:
    """A direct interpreter of the syntax tree: no closures, no precompiled constants."""

    def __init__(self, ctx: Any) -> None:
        self.ctx = ctx
        self.vars: list[tuple[str, str, Any]] = []   # (name, type, value)

    def attr(self, type_: str, value: Any, name: str) -> tuple[str, Any]:
        if type_.startswith("list["):
            inner = type_[5:-1]
            pairs = [self.attr(inner, v, name) for v in value]
            out_type = pairs[0][0] if pairs else ATTRIBUTES[inner][name][0]
            if out_type.startswith("list["):
                return out_type, [x for _, vs in pairs for x in vs]
            return f"list[{out_type}]", [v for _, v in pairs]
        t, getter, _ = ATTRIBUTES[type_][name]
        return t, getter(value)

    def path(self, names: tuple[str, ...]) -> tuple[str, Any]:
        first, rest = names[0], names[1:]
        for name, t, value in reversed(self.vars):
            if first == name:
                return self.chain(t, value, rest)
        if self.vars and first in ATTRIBUTES.get(self.vars[-1][1], {}):
            t, v = self.attr(self.vars[-1][1], self.vars[-1][2], first)
            return self.chain(t, v, rest)
        t, v = self.attr("finding", self.ctx, first)
        return self.chain(t, v, rest)

    def chain(self, t: str, v: Any, names: tuple[str, ...]) -> tuple[str, Any]:
        for name in names:
            t, v = self.attr(t, v, name)
        return t, v

    def value(self, node: A.Expr, hint: str | None = None) -> Any:
        if isinstance(node, A.Literal):
            return node.value
        if isinstance(node, A.Path):
            if hint and hint.startswith("enum:") and len(node.names) == 1 and node.names[0] in ENUMS[hint[5:]]:
                return node.names[0]
            return self.path(node.names)[1]
        if isinstance(node, A.ListExpr):
            return [self.value(i, hint) for i in node.items]
        if isinstance(node, A.Call):
            args = [self.value(a) for a in node.args]
            return {"count": lambda: len(args[0]), "distinct": lambda: len({str(x) for x in args[0]}),
                    "overlap": lambda: overlap(args[0], args[1]),
                    "overdue": lambda: overdue(args[0], tuple(args[1])),
                    "future": lambda: future(args[0], tuple(args[1])),
                    "fewer_done": lambda: fewer_done(args[0]),
                    "below_minimum": lambda: bool(args[0]) and reading(self.ctx.labels).below_minimum(args[0]),
                    "late": lambda: bool(args[0]) and reading(self.ctx.labels).late(args[0]),
                    "past_due": lambda: bool(args[0]) and reading(self.ctx.labels).past_due(args[0]),
                    "figure_short": lambda: bool(args[0]) and reading(self.ctx.labels).figure_short(args[0]),
                    "all_conformed": lambda: bool(args[0]) and reading(self.ctx.labels).all_conformed(args[0]),
                    "due_passed": lambda: bool(args[0]) and reading(self.ctx.labels).due_passed(
                        args[0], tuple(args[1] or ())),
                    "figures_breach": lambda: bool(args[0]) and (
                        overdue(args[0], tuple(args[1])) or fewer_done(args[0])
                        or reading(self.ctx.labels).below_minimum(args[0]) or reading(self.ctx.labels).late(args[0])
                        or reading(self.ctx.labels).past_due(args[0])
                        or reading(self.ctx.labels).open_past_limit(args[0], tuple(args[1]))),
                    "measure": lambda: measure(args[0], args[1]),
                    "departs": lambda: bool(args[0]) and contrast(self.ctx.labels).departs(args[0]),
                    "revisions": lambda: contrast(self.ctx.labels).revisions(args[0] or ""),
                    "shared_words": lambda: shared_words(*("\n".join(a) if isinstance(a, list | tuple) else a or ""
                                                           for a in args[:2])),
                    "near_words": lambda: near_words(*("\n".join(a) if isinstance(a, list | tuple) else a or ""
                                                       for a in args[:2])),
                    "after": lambda: following(args[0], self.ctx.scan(args[0]).get(args[1])) if args[0] else "",
                    "begins": lambda: bool(args[0]) and begins_with(args[0], self.ctx.scan(args[0]).get(args[1])),
                    "phrase": lambda: (self.ctx.scan(args[0]).get(args[1]) or "") if args[0] else "",
                    "before": lambda: preceding(args[0], self.ctx.scan(args[0]).get(args[1])) if args[0] else "",
                    "within": lambda: any(args[0].lower() in e.lower() or e.lower() in args[0].lower()
                                          for e in args[1] if e.strip())}[node.name]()
        return self.test(node)

    def type_of(self, node: A.Expr) -> str | None:
        return self.path(node.names)[0] if isinstance(node, A.Path) and not self._enum_word(node) else None

    def _enum_word(self, node: A.Path) -> bool:
        try:
            self.path(node.names)
            return False
        except KeyError:
            return True

    def test(self, node: A.Expr) -> bool:
        if isinstance(node, A.Not):
            return not self.test(node.operand)
        if isinstance(node, A.BoolOp):
            results = (self.test(o) for o in node.operands)
            return all(results) if node.op == "and" else any(results)
        if isinstance(node, A.Test):
            v = self.value(node.operand)
            empty = not v.strip() if isinstance(v, str) else not v
            return empty if node.op == "empty" else not empty
        if isinstance(node, A.Mentions):
            text = self.value(node.text)
            text = "\n".join(text) if isinstance(text, list) else text
            if node.cited:  # the finding's own catalog list: every entry of it, tried one by one
                listed = notrequired.entries(self.ctx, node.lexicon)
                found = any(notrequired.first_match((entry,), text, self.ctx.scan) for entry in listed)
                return found != node.negated
            return (self.ctx.scan(text).get(node.lexicon) is not None) != node.negated
        if isinstance(node, A.Compare):
            hint = self.type_of(node.left)
            left = self.value(node.left)
            right = self.value(node.right, hint if hint else None)
            return {"=": lambda: left == right, "!=": lambda: left != right, "<": lambda: left < right,
                    "<=": lambda: left <= right, ">": lambda: left > right, ">=": lambda: left >= right,
                    "in": lambda: left in right, "not in": lambda: left not in right}[node.op]()
        if isinstance(node, A.Quantified):
            t, items = self.path(QUANTIFIER_SOURCES[node.var])
            results = []
            for item in items:
                self.vars.append((node.var, t[5:-1], item))
                results.append(self.test(node.body))
                self.vars.pop()
            return {"any": any, "all": all, "no": lambda r: not any(r)}[node.quantifier](results)
        if isinstance(node, A.Path | A.Literal | A.Call):
            return bool(self.value(node))
        raise AssertionError(node)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(finding=findings)
def test_compiled_rules_agree_with_the_slow_evaluator(checker, finding) -> None:  # type: ignore[no-untyped-def]
    criteria, _ = checker.criteria(AUDIT)
    ctx = checker.context(finding, AUDIT, criteria)
    note(repr(finding.model_dump()))
    for rule in checker.rules.finding_rules:
        if finding.grade.value not in rule.grades or rule.when is None:
            continue
        ctx.bound.clear()
        fast = bool(rule.condition(ctx))
        slow = Slow(ctx).test(rule.when)
        assert fast == slow, rule.id


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(finding=findings)
def test_check_is_deterministic_and_sorted(checker, finding) -> None:  # type: ignore[no-untyped-def]
    first = checker.check_finding(finding, AUDIT)
    second = checker.check_finding(finding, AUDIT)
    assert first.diagnostics == second.diagnostics
    assert list(first.diagnostics) == sorted(first.diagnostics)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(finding=findings)
def test_a_status_guard_never_skips_a_rule_that_holds(checker, finding) -> None:  # type: ignore[no-untyped-def]
    """The engine skips a rule whose ``needs_status`` no citation has: that must only ever skip false conditions,
    and the engine's firing rules must be exactly those whose condition holds."""
    criteria, _ = checker.criteria(AUDIT)
    ctx = checker.context(finding, AUDIT, criteria)
    statuses = {c.status for c in ctx.citations}
    holding = []
    for rule in checker.rules.rules_for_grade.get(ctx.grade, ()):
        ctx.bound.clear()
        if rule.condition(ctx):
            holding.append(rule.id)
            if rule.needs_status is not None:
                assert rule.needs_status & statuses, rule.id
    assert checker.fired(ctx) == holding
