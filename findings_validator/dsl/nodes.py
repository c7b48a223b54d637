"""The rules language's syntax tree: plain frozen values with their source positions."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Pos:
    file: str
    line: int
    column: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


# ---- expressions ---------------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Expr:
    pos: Pos


@dataclass(frozen=True, slots=True)
class Literal(Expr):
    value: Any


@dataclass(frozen=True, slots=True)
class Path(Expr):
    names: tuple[str, ...]

    @property
    def dotted(self) -> str:
        return ".".join(self.names)


@dataclass(frozen=True, slots=True)
class ListExpr(Expr):
    items: tuple[Expr, ...]


@dataclass(frozen=True, slots=True)
class Call(Expr):
    name: str
    args: tuple[Expr, ...]


@dataclass(frozen=True, slots=True)
class Not(Expr):
    operand: Expr


@dataclass(frozen=True, slots=True)
class BoolOp(Expr):
    op: str                      # "and" | "or"
    operands: tuple[Expr, ...]


@dataclass(frozen=True, slots=True)
class Compare(Expr):
    op: str                      # "=", "!=", "<", "<=", ">", ">=", "in", "not in"
    left: Expr
    right: Expr


@dataclass(frozen=True, slots=True)
class Test(Expr):
    op: str                      # "empty", "not empty"
    operand: Expr


@dataclass(frozen=True, slots=True)
class Mentions(Expr):
    text: Expr
    lexicon: str
    negated: bool = False
    cited: bool = False          # `mentions cited NAME`: a catalog list of the cited clauses, not a lexicon


@dataclass(frozen=True, slots=True)
class Quantified(Expr):
    quantifier: str              # "any" | "all" | "no"
    var: str                     # "citation", "finding"
    body: Expr


# ---- definitions ---------------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Lexicon:
    name: str
    description: str
    phrases: tuple[str, ...]
    mode: str                    # "define" | "extend" | "replace"
    pos: Pos


@dataclass(frozen=True, slots=True)
class Outcome:
    effect: str                  # "reject" | "downgrade" | "reclassify" | "upgrade" | "warn" | "inform"
    message: str
    pos: Pos


@dataclass(frozen=True, slots=True)
class GroupBy:
    where: Expr | None
    key: Expr
    pos: Pos


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    name: str
    title: str
    pos: Pos
    source: str | None = None
    targets: tuple[tuple[str, Pos], ...] = ()
    when: Expr | None = None
    group: GroupBy | None = None
    outcome: Outcome | None = None
    suggestion: str | None = None
    cite: str | None = None                     # template of the clause to cite instead
    rationale: str = ""
    severity: tuple[str, Pos] | None = None
    aliases: tuple[str, ...] = ()
    detects: tuple[tuple[str, Pos], ...] = ()   # reason codes, in the order written
    unless_downgraded: bool = False             # not reported when another rule downgrades the finding
    only_if_reclassified: bool = False          # reported only when another rule reclassifies the finding as an NC
    clause_positions: dict[str, Pos] = field(default_factory=dict, compare=False)


@dataclass(frozen=True, slots=True)
class Condition:
    """A named condition (``condition NAME(params) "description" when EXPR``), used by name in rules' conditions."""

    name: str
    params: tuple[str, ...]
    description: str
    body: Expr
    pos: Pos


@dataclass(frozen=True, slots=True)
class Example:
    rule: str
    expect: str                  # "passes" | "fails"
    data: dict[str, Any]
    pos: Pos


@dataclass(frozen=True, slots=True)
class RuleFile:
    path: str
    lexicons: tuple[Lexicon, ...]
    rules: tuple[Rule, ...]
    examples: tuple[Example, ...]
    conditions: tuple[Condition, ...] = ()
