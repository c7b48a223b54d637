"""Named conditions: a condition written once (``condition NAME(params) "description" when EXPR``) and used by name
in the conditions of any rule, with its parameters given in the call.

A call is replaced by the condition's body before the rule is compiled, each parameter by the value given: where
the body names a lexicon by a parameter (``statement mentions direction``, ``before(statement, direction)``), the
value is the lexicon's name in quotes (``done_then("hedge")``); elsewhere any expression. So a named condition
costs nothing when rules run, and a rule's explanation shows the tests it is made of. Conditions are shared by all
the files of a rule set, in any order; a condition may use another, never itself.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace

from . import nodes as A
from .compiler import FUNCTIONS, CompileError

MAX_DEPTH = 8
"""How deep named conditions may use one another."""


def collect(files: list[A.RuleFile]) -> tuple[dict[str, A.Condition], list[CompileError]]:
    """The named conditions of every file, by name; a name given twice, or a built-in function's, is an error."""
    found: dict[str, A.Condition] = {}
    errors: list[CompileError] = []
    for rule_file in files:
        for condition in rule_file.conditions:
            if condition.name in FUNCTIONS:
                errors.append(CompileError(condition.pos, f"condition '{condition.name}' has the name of a built-in "
                                                          "function; choose another"))
            elif condition.name in found:
                errors.append(CompileError(condition.pos, f"condition '{condition.name}' is already defined at "
                                                          f"{found[condition.name].pos}"))
            else:
                found[condition.name] = condition
    return found, errors


def expand(expr: A.Expr, conditions: Mapping[str, A.Condition], _using: tuple[str, ...] = ()) -> A.Expr:
    """``expr`` with every call of a named condition replaced by its body, the parameters by the values given."""
    if not conditions:
        return expr
    if isinstance(expr, A.Call) and expr.name in conditions:
        condition = conditions[expr.name]
        args = tuple(expand(a, conditions, _using) for a in expr.args)
        if expr.name in _using:
            raise CompileError(expr.pos, f"condition '{expr.name}' uses itself ({' → '.join([*_using, expr.name])})")
        if len(_using) >= MAX_DEPTH:
            raise CompileError(expr.pos, f"named conditions used {MAX_DEPTH} deep: use fewer levels")
        if len(args) != len(condition.params):
            raise CompileError(expr.pos, f"condition '{expr.name}' takes {len(condition.params)} value(s) "
                                         f"({', '.join(condition.params) or 'none'}), not {len(args)}")
        body = _substitute(condition.body, dict(zip(condition.params, args, strict=True)), condition)
        return expand(body, conditions, (*_using, expr.name))
    return _children(expr, lambda node: expand(node, conditions, _using))


def _substitute(expr: A.Expr, values: dict[str, A.Expr], condition: A.Condition) -> A.Expr:
    """The body with each parameter replaced by its value: a path of the parameter's name alone becomes the value,
    a lexicon named by the parameter becomes the lexicon the value names (a name in quotes)."""
    if isinstance(expr, A.Path) and len(expr.names) == 1 and expr.names[0] in values:
        return values[expr.names[0]]
    done = _children(expr, lambda node: _substitute(node, values, condition))
    if isinstance(done, A.Mentions) and done.lexicon in values:
        value = values[done.lexicon]
        if not (isinstance(value, A.Literal) and isinstance(value.value, str)):
            raise CompileError(value.pos, f"condition '{condition.name}' reads '{done.lexicon}' as a lexicon: "
                                          "give its name in quotes")
        return replace(done, lexicon=value.value)
    return done


def _children(expr: A.Expr, change: Callable[[A.Expr], A.Expr]) -> A.Expr:
    """The node with ``change`` applied to each expression it holds (not to itself)."""
    if isinstance(expr, A.Call):
        return replace(expr, args=tuple(change(a) for a in expr.args))
    if isinstance(expr, A.BoolOp):
        return replace(expr, operands=tuple(change(o) for o in expr.operands))
    if isinstance(expr, A.Not):
        return replace(expr, operand=change(expr.operand))
    if isinstance(expr, A.Compare):
        return replace(expr, left=change(expr.left), right=change(expr.right))
    if isinstance(expr, A.Test):
        return replace(expr, operand=change(expr.operand))
    if isinstance(expr, A.Mentions):
        return replace(expr, text=change(expr.text))
    if isinstance(expr, A.Quantified):
        return replace(expr, body=change(expr.body))
    if isinstance(expr, A.ListExpr):
        return replace(expr, items=tuple(change(i) for i in expr.items))
    return expr


__all__ = ["MAX_DEPTH", "collect", "expand"]
