"""Named conditions: a condition written once (``condition NAME(params) "description" when EXPR``) and used by name
in the conditions of any rule, with its parameters given in the call.

A call is replaced by the condition's body before the rule is compiled, each parameter by the value given: where
the body names a lexicon by a parameter (``statement mentions direction``, ``before(statement, direction)``), the
value is the lexicon's name in quotes (``done_then("hedge")``); where it names an attribute of a parameter
(``t.words``), the value is a name (``evidence``); elsewhere any expression. The body's other names are read where
the call stands (``sentence`` inside ``any sentence (…)``), and a quantifier's variable in the body is the body's
own: a parameter of that name is not replaced inside it, and a value that names anything is refused where the body
reads it inside a quantifier (names there are looked up on the element first, not where the call stands). So a
named condition costs nothing when rules run, and a rule's explanation shows the tests it is made of. Conditions are
shared by all the files of a rule set, in any order; a condition may use another (``MAX_DEPTH`` deep), never
itself; one that no rule uses is an error (its body would never be checked); and a rule written out is held to the
same size limits as one written by hand (``bounds``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import replace

from . import nodes as A
from .bounds import MAX_EXPRESSION_NODES, MAX_NESTING, MAX_QUANTIFIER_NESTING, REPORT_SIZED
from .compiler import FUNCTIONS, CompileError

MAX_DEPTH = 4
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


def unused(conditions: Mapping[str, A.Condition], rules: list[A.Rule]) -> list[CompileError]:
    """An error for each condition that no rule uses, directly or through another condition."""
    used: set[str] = set()
    todo = [name for rule in rules for expr in _conditions_of(rule) for name in _calls(expr) if name in conditions]
    while todo:
        name = todo.pop()
        if name not in used:
            used.add(name)
            todo.extend(n for n in _calls(conditions[name].body) if n in conditions)
    return [CompileError(c.pos, f"condition '{name}' is used by no rule: its body is never checked; use it or "
                                "remove it") for name, c in conditions.items() if name not in used]


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
            raise CompileError(expr.pos, f"named conditions used more than {MAX_DEPTH} deep: use fewer levels")
        if len(args) != len(condition.params):
            raise CompileError(expr.pos, f"condition '{expr.name}' takes {len(condition.params)} value(s) "
                                         f"({', '.join(condition.params) or 'none'}), not {len(args)}")
        body = _substitute(condition.body, dict(zip(condition.params, args, strict=True)), condition, expr)
        done = expand(body, conditions, (*_using, expr.name))
        check_size(done, expr.pos, f"condition '{expr.name}' written out")
        return done
    return _children(expr, lambda node: expand(node, conditions, _using))


def _substitute(expr: A.Expr, values: dict[str, A.Expr], condition: A.Condition, call: A.Call) -> A.Expr:
    """The body with each parameter replaced by its value: a path of the parameter's name alone becomes the value;
    a longer path, the value's path followed by the rest; a lexicon named by the parameter, the lexicon the value
    names (a name in quotes). Inside a quantifier, its variable is the body's own."""
    def again(node: A.Expr, names: dict[str, A.Expr] = values) -> A.Expr:
        return _substitute(node, names, condition, call)

    if isinstance(expr, A.Path) and expr.names[0] in values:
        value = values[expr.names[0]]
        if len(expr.names) == 1:
            return value
        if not isinstance(value, A.Path):
            raise CompileError(call.pos, f"condition '{condition.name}' reads an attribute of '{expr.names[0]}' "
                                         f"({expr.dotted}): give a name such as statement or evidence")
        return replace(value, names=value.names + expr.names[1:])
    if isinstance(expr, A.Quantified):
        inner = {name: value for name, value in values.items() if name != expr.var}
        # inside a quantifier, bare names are looked up on its element first: a value that names anything would be
        # read there, not where the call stands
        for name, value in inner.items():
            if _names(value) and _reads(expr.body, name):
                named = ", ".join(sorted(_names(value)))
                raise CompileError(call.pos, f"the value given for '{name}' names something ({named}), and the body "
                                             f"of condition '{condition.name}' reads '{name}' inside "
                                             f"'any {expr.var} (…)', where names are looked up on the element first; "
                                             "write the quantifier where the condition is called, or give a value "
                                             "that names nothing")
        return replace(expr, body=again(expr.body, inner))
    done = _children(expr, again)
    if isinstance(done, A.Mentions) and done.lexicon in values:
        value = values[done.lexicon]
        if not (isinstance(value, A.Literal) and isinstance(value.value, str)):
            raise CompileError(call.pos, f"condition '{condition.name}' reads '{done.lexicon}' as a lexicon: "
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


def _held(expr: A.Expr) -> tuple[A.Expr, ...]:
    """The expressions a node holds."""
    if isinstance(expr, A.Call):
        return expr.args
    if isinstance(expr, A.BoolOp):
        return expr.operands
    if isinstance(expr, A.Not | A.Test):
        return (expr.operand,)
    if isinstance(expr, A.Compare):
        return (expr.left, expr.right)
    if isinstance(expr, A.Mentions):
        return (expr.text,)
    if isinstance(expr, A.Quantified):
        return (expr.body,)
    if isinstance(expr, A.ListExpr):
        return expr.items
    return ()


def _walk(expr: A.Expr) -> Iterator[tuple[A.Expr, int, int]]:
    """Each node with its depth and the number of report-sized quantifiers around it, without recursion."""
    stack = [(expr, 1, 0)]
    while stack:
        node, depth, quantifiers = stack.pop()
        if isinstance(node, A.Quantified) and node.var in REPORT_SIZED:
            quantifiers += 1
        yield node, depth, quantifiers
        stack.extend((child, depth + 1, quantifiers) for child in _held(node))


def _reads(expr: A.Expr, name: str) -> bool:
    """Whether a body reads a parameter (as a name or a lexicon) outside any quantifier that rebinds its name."""
    stack = [expr]
    while stack:
        node = stack.pop()
        if isinstance(node, A.Quantified) and node.var == name:
            continue
        if (isinstance(node, A.Path) and node.names[0] == name) or (isinstance(node, A.Mentions)
                                                                     and node.lexicon == name):
            return True
        stack.extend(_held(node))
    return False


def _calls(expr: A.Expr) -> Iterator[str]:
    return (node.name for node, _, _ in _walk(expr) if isinstance(node, A.Call))


def _names(expr: A.Expr) -> set[str]:
    return {node.names[0] for node, _, _ in _walk(expr) if isinstance(node, A.Path)}


def _conditions_of(rule: A.Rule) -> tuple[A.Expr, ...]:
    group = (rule.group.key, *((rule.group.where,) if rule.group.where else ())) if rule.group else ()
    return (*((rule.when,) if rule.when is not None else ()), *group)


def check_size(expr: A.Expr, pos: A.Pos, what: str) -> None:
    """A condition written out is held to the limits of one written by hand (``bounds``)."""
    for count, (_, depth, quantifiers) in enumerate(_walk(expr), 1):
        if count > MAX_EXPRESSION_NODES:
            raise CompileError(pos, f"{what} holds more than {MAX_EXPRESSION_NODES:,} names, values and operators")
        if depth > MAX_NESTING:
            raise CompileError(pos, f"{what} is nested more than {MAX_NESTING} levels deep")
        if quantifiers > MAX_QUANTIFIER_NESTING:
            raise CompileError(pos, f"{what} nests {quantifiers} quantifiers over the report's findings, previous "
                                    f"findings or places (at most {MAX_QUANTIFIER_NESTING})")


def body_positions(conditions: Mapping[str, A.Condition]) -> dict[A.Pos, str]:
    """Where each node of each condition's body stands, and the condition's name: an error found there, once a rule
    is written out, is the condition's."""
    return {node.pos: name for name, c in conditions.items() for node, _, _ in _walk(c.body)}


__all__ = ["MAX_DEPTH", "body_positions", "check_size", "collect", "expand", "unused"]
