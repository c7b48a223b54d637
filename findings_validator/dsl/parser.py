"""Parse a rule file with ``grammar/rules.lark`` into the syntax tree of ``ast.py``.

Syntax errors become ``RuleSyntaxError`` with file, line, column, the offending line with a caret, and what the
parser expected there, in words.
"""

from __future__ import annotations

from typing import Any

from lark import Lark, Token, Transformer, v_args
from lark.exceptions import UnexpectedCharacters, UnexpectedEOF, UnexpectedInput, UnexpectedToken, VisitError

from .. import grammars
from ..errors import Location, RuleSyntaxError, excerpt
from . import bounds
from . import nodes as A
from .text import words_of

_WORDS = {
    "STRING": 'a "quoted text"', "NAME": "a name", "RULE_ID": "a rule id such as FV101", "NUMBER": "a number",
    "LBRACE": "'{'", "RBRACE": "'}'", "LPAR": "'('", "RPAR": "')'", "LSQB": "'['", "RSQB": "']'",
    "COMPARE": "a comparison (=, !=, <, >…)", "EXPECT": "'passes' or 'fails'", "QUANTIFIER": "any/all/no",
    "RULE": "'rule'", "LEXICON": "'lexicon'", "EXAMPLE": "'example'", "CONDITION": "'condition'", "WHEN": "'when'",
    "SOURCE": "'source'",
    "APPLIES": "'applies to'", "DETECTS": "'detects'", "SUGGEST": "'suggest'", "REJECT": "an outcome (reject, warn…)",
    "COMMA": "','",
    "COLON": "':'", "$END": "the end of the file",
}


def _parser() -> Lark:
    return grammars.parser("rules", propagate_positions=True, maybe_placeholders=False)


def _unquote(token: Token, path: str = "<rules>") -> str:
    """A string token's text, its escapes decoded (``bounds.unescape`` refuses the unknown ones, located)."""
    text = str(token)
    quotes = 3 if text.startswith('"""') else 1
    body = bounds.unescape(text[quotes:-quotes], path, token.line or 0, (token.column or 0) + quotes)
    return body.strip() if quotes == 3 else body


class _Build(Transformer):  # type: ignore[type-arg]
    def __init__(self, path: str) -> None:
        super().__init__()
        self.file = path

    def _pos(self, meta_or_token: Any) -> A.Pos:
        return A.Pos(self.file, getattr(meta_or_token, "line", 0) or 0, getattr(meta_or_token, "column", 0) or 0)

    # -- expressions
    @v_args(meta=True)
    def path(self, meta: Any, children: list[Token]) -> A.Path:
        return A.Path(self._pos(meta), tuple(str(c) for c in children))

    @v_args(meta=True)
    def string(self, meta: Any, children: list[Token]) -> A.Literal:
        return A.Literal(self._pos(meta), _unquote(children[0], self.file))

    @v_args(meta=True)
    def number(self, meta: Any, children: list[Token]) -> A.Literal:
        text = str(children[0])
        bounds.check_number(text, self.file, children[0].line or 0, children[0].column or 0)
        return A.Literal(self._pos(meta), float(text) if "." in text else int(text))

    @v_args(meta=True)
    def true(self, meta: Any, _: list[Any]) -> A.Literal:
        return A.Literal(self._pos(meta), True)

    @v_args(meta=True)
    def false(self, meta: Any, _: list[Any]) -> A.Literal:
        return A.Literal(self._pos(meta), False)

    @v_args(meta=True)
    def list_literal(self, meta: Any, items: list[A.Expr]) -> A.ListExpr:
        return A.ListExpr(self._pos(meta), tuple(items))

    @v_args(meta=True)
    def call(self, meta: Any, children: list[Any]) -> A.Call:
        return A.Call(self._pos(meta), str(children[0]), tuple(children[1:]))

    @v_args(meta=True)
    def not_(self, meta: Any, children: list[A.Expr]) -> A.Not:
        return A.Not(self._pos(meta), children[0])

    @v_args(meta=True)
    def and_expr(self, meta: Any, children: list[A.Expr]) -> A.BoolOp:
        return A.BoolOp(self._pos(meta), "and", tuple(children))

    @v_args(meta=True)
    def or_expr(self, meta: Any, children: list[A.Expr]) -> A.BoolOp:
        return A.BoolOp(self._pos(meta), "or", tuple(children))

    @v_args(meta=True)
    def compare(self, meta: Any, children: list[Any]) -> A.Compare:
        return A.Compare(self._pos(meta), str(children[1]), children[0], children[2])

    @v_args(meta=True)
    def is_(self, meta: Any, children: list[A.Expr]) -> A.Compare:
        return A.Compare(self._pos(meta), "=", children[0], children[1])

    @v_args(meta=True)
    def is_not(self, meta: Any, children: list[A.Expr]) -> A.Compare:
        return A.Compare(self._pos(meta), "!=", children[0], children[1])

    @v_args(meta=True)
    def in_(self, meta: Any, children: list[A.Expr]) -> A.Compare:
        return A.Compare(self._pos(meta), "in", children[0], children[1])

    @v_args(meta=True)
    def not_in(self, meta: Any, children: list[A.Expr]) -> A.Compare:
        return A.Compare(self._pos(meta), "not in", children[0], children[1])

    @v_args(meta=True)
    def is_empty(self, meta: Any, children: list[A.Expr]) -> A.Test:
        return A.Test(self._pos(meta), "empty", children[0])

    @v_args(meta=True)
    def is_not_empty(self, meta: Any, children: list[A.Expr]) -> A.Test:
        return A.Test(self._pos(meta), "not empty", children[0])

    @v_args(meta=True)
    def mentions(self, meta: Any, children: list[Any]) -> A.Mentions:
        return A.Mentions(self._pos(meta), children[0], str(children[1]))

    @v_args(meta=True)
    def not_mentions(self, meta: Any, children: list[Any]) -> A.Mentions:
        return A.Mentions(self._pos(meta), children[0], str(children[1]), negated=True)

    @v_args(meta=True)
    def mentions_cited(self, meta: Any, children: list[Any]) -> A.Mentions:
        return A.Mentions(self._pos(meta), children[0], str(children[1]), cited=True)

    @v_args(meta=True)
    def not_mentions_cited(self, meta: Any, children: list[Any]) -> A.Mentions:
        return A.Mentions(self._pos(meta), children[0], str(children[1]), negated=True, cited=True)

    @v_args(meta=True)
    def quantified(self, meta: Any, children: list[Any]) -> A.Quantified:
        return A.Quantified(self._pos(meta), str(children[0]), str(children[1]), children[2])

    # -- examples' data
    def word(self, children: list[Token]) -> str:
        return str(children[0])

    def array(self, children: list[Any]) -> list[Any]:
        return [c.value if isinstance(c, A.Literal) else c for c in children]

    def object(self, children: list[tuple[str, Any]]) -> dict[str, Any]:
        return dict(children)

    def pair(self, children: list[Any]) -> tuple[str, Any]:
        value = children[1]
        return str(children[0]), value.value if isinstance(value, A.Literal) else value

    # -- definitions
    @v_args(meta=True)
    def lexicon(self, meta: Any, children: list[Any]) -> A.Lexicon:
        mode = "define"
        if isinstance(children[0], Token) and children[0].type == "LEXICON_MODE":
            mode = str(children.pop(0))
        name = str(children.pop(0))
        description = children.pop(0) if children and isinstance(children[0], A.Literal) else None
        tokens = [t for t in children if t is not None]
        phrases = tuple(_unquote(t, self.file) for t in tokens)
        for index, problem in bounds.iter_phrase_problems(phrases, words_of):
            at = tokens[index] if tokens else meta
            raise bounds.located(f"lexicon '{name}': {problem}", self.file, getattr(at, "line", 0) or 0,
                                 getattr(at, "column", 0) or 0)
        return A.Lexicon(name, description.value if description else "", phrases, mode, self._pos(meta))

    @v_args(meta=True)
    def description(self, meta: Any, children: list[Token]) -> A.Literal:
        return A.Literal(self._pos(meta), _unquote(children[0], self.file))

    @v_args(meta=True)
    def condition(self, meta: Any, children: list[Any]) -> A.Condition:
        name, *params = (str(c) for c in children[:-2])
        if len(set(params)) != len(params):
            raise RuleSyntaxError(f"condition '{name}' names a parameter twice",
                                  Location(self.file, getattr(meta, "line", 0) or 0, getattr(meta, "column", 0) or 0),
                                  "give each parameter its own name")
        return A.Condition(name, tuple(params), _unquote(children[-2], self.file), children[-1], self._pos(meta))

    @v_args(meta=True)
    def example(self, meta: Any, children: list[Any]) -> A.Example:
        return A.Example(str(children[0]), str(children[1]), children[2], self._pos(meta))

    @v_args(meta=True)
    def rule(self, meta: Any, children: list[Any]) -> A.Rule:
        rule_id, name, title = str(children[0]), str(children[1]), _unquote(children[2], self.file)
        fields: dict[str, Any] = {}
        positions: dict[str, A.Pos] = {}
        targets: list[tuple[str, A.Pos]] = []
        aliases: list[str] = []
        detects: list[tuple[str, A.Pos]] = []
        for clause in children[3:]:
            kind, value, pos = clause
            if kind == "applies":
                targets.extend(value)
                continue
            if kind == "detects":
                detects.extend(value)
                continue
            if kind == "alias":
                aliases.append(value)
                continue
            if kind in fields:
                raise RuleSyntaxError(f"rule {rule_id} has two '{kind}' clauses", Location(pos.file, pos.line, pos.column),
                                      "keep one")
            fields[kind] = value
            positions[kind] = pos
        return A.Rule(
            id=rule_id, name=name, title=title, pos=self._pos(meta), source=fields.get("source"),
            targets=tuple(targets), when=fields.get("when"), group=fields.get("group"),
            outcome=fields.get("outcome"), suggestion=fields.get("suggest"), cite=fields.get("cite"), rationale=fields.get("because", ""),
            severity=fields.get("severity"), aliases=tuple(aliases), detects=tuple(detects),
            unless_downgraded=bool(fields.get("unless downgraded")),
            only_if_reclassified=bool(fields.get("only if reclassified")), clause_positions=positions,
        )

    @v_args(meta=True)
    def source(self, meta: Any, c: list[Token]) -> tuple[str, str, A.Pos]:
        return ("source", _unquote(c[0], self.file), self._pos(meta))

    @v_args(meta=True)
    def applies(self, meta: Any, c: list[Any]) -> tuple[str, list[tuple[str, A.Pos]], A.Pos]:
        return ("applies", list(c), self._pos(meta))

    @v_args(meta=True)
    def target(self, meta: Any, c: list[Token]) -> tuple[str, A.Pos]:
        return (str(c[0]), self._pos(meta))

    @v_args(meta=True)
    def when(self, meta: Any, c: list[A.Expr]) -> tuple[str, A.Expr, A.Pos]:
        return ("when", c[0], self._pos(meta))

    @v_args(meta=True)
    def group(self, meta: Any, c: list[A.Expr]) -> tuple[str, A.GroupBy, A.Pos]:
        where, key = (c[0], c[1]) if len(c) == 2 else (None, c[0])
        return ("group", A.GroupBy(where, key, self._pos(meta)), self._pos(meta))

    def _outcome(self, effect: str, meta: Any, c: list[Token]) -> tuple[str, A.Outcome, A.Pos]:
        return ("outcome", A.Outcome(effect, _unquote(c[-1], self.file), self._pos(meta)), self._pos(meta))

    @v_args(meta=True)
    def reject(self, meta: Any, c: list[Token]) -> tuple[str, A.Outcome, A.Pos]:
        return self._outcome("reject", meta, c)

    @v_args(meta=True)
    def downgrade(self, meta: Any, c: list[Token]) -> tuple[str, A.Outcome, A.Pos]:
        return self._outcome("downgrade", meta, c)

    @v_args(meta=True)
    def reclassify(self, meta: Any, c: list[Token]) -> tuple[str, A.Outcome, A.Pos]:
        return self._outcome("reclassify", meta, c)

    @v_args(meta=True)
    def upgrade(self, meta: Any, c: list[Token]) -> tuple[str, A.Outcome, A.Pos]:
        return self._outcome("upgrade", meta, c)

    @v_args(meta=True)
    def warn(self, meta: Any, c: list[Token]) -> tuple[str, A.Outcome, A.Pos]:
        return self._outcome("warn", meta, c)

    @v_args(meta=True)
    def inform(self, meta: Any, c: list[Token]) -> tuple[str, A.Outcome, A.Pos]:
        return self._outcome("inform", meta, c)

    @v_args(meta=True)
    def suggest(self, meta: Any, c: list[Token]) -> tuple[str, str, A.Pos]:
        return ("suggest", _unquote(c[0], self.file), self._pos(meta))

    @v_args(meta=True)
    def cite(self, meta: Any, c: list[Token]) -> tuple[str, str, A.Pos]:
        return ("cite", _unquote(c[0], self.file), self._pos(meta))

    @v_args(meta=True)
    def because(self, meta: Any, c: list[Token]) -> tuple[str, str, A.Pos]:
        return ("because", _unquote(c[0], self.file), self._pos(meta))

    @v_args(meta=True)
    def severity(self, meta: Any, c: list[Token]) -> tuple[str, tuple[str, A.Pos], A.Pos]:
        return ("severity", (str(c[0]), self._pos(meta)), self._pos(meta))

    @v_args(meta=True)
    def detects(self, meta: Any, c: list[Token]) -> tuple[str, list[tuple[str, A.Pos]], A.Pos]:
        return ("detects", [(str(t), A.Pos(self.file, t.line or 0, t.column or 0)) for t in c], self._pos(meta))

    @v_args(meta=True)
    def yields(self, meta: Any, c: list[Token]) -> tuple[str, bool, A.Pos]:
        return ("unless downgraded", True, self._pos(meta))

    @v_args(meta=True)
    def if_reclassified(self, meta: Any, c: list[Token]) -> tuple[str, bool, A.Pos]:
        return ("only if reclassified", True, self._pos(meta))

    @v_args(meta=True)
    def alias(self, meta: Any, c: list[Token]) -> tuple[str, str, A.Pos]:
        return ("alias", str(c[0]), self._pos(meta))

    def start(self, items: list[Any]) -> A.RuleFile:
        return A.RuleFile(
            self.file,
            tuple(i for i in items if isinstance(i, A.Lexicon)),
            tuple(i for i in items if isinstance(i, A.Rule)),
            tuple(i for i in items if isinstance(i, A.Example)),
            tuple(i for i in items if isinstance(i, A.Condition)),
        )


def parse_rules(text: str, path: str = "<rules>") -> A.RuleFile:
    """Parse rule-file text; raise ``RuleSyntaxError`` with position, caret and expectation on bad syntax, and
    with position on what passes the language's limits (``bounds``)."""
    bounds.check_text(text, path)
    try:
        tree = _parser().parse(text)
    except UnexpectedInput as exc:
        raise _friendly(exc, text, path) from None
    bounds.check_tree(tree, path)  # before the tree is built, which recurses once per level of nesting
    try:
        return _Build(path).transform(tree)  # type: ignore[no-any-return]
    except VisitError as exc:
        if isinstance(exc.orig_exc, RuleSyntaxError):
            raise exc.orig_exc from None
        raise


def _friendly(exc: UnexpectedInput, text: str, path: str) -> RuleSyntaxError:
    line = getattr(exc, "line", 0) or text.count("\n") + 1
    column = getattr(exc, "column", 0) or 1
    source_line = text.splitlines()[line - 1] if 0 < line <= len(text.splitlines()) else ""
    expected: set[str] = set()
    if isinstance(exc, UnexpectedToken):
        expected = set(exc.accepts or exc.expected)
        token = str(exc.token)
        found = (repr(token) if len(token) <= 40 else repr(token[:40]) + "…") if exc.token.type != "$END" else "the end of the file"
    elif isinstance(exc, UnexpectedCharacters):
        expected = set(exc.allowed or ())
        at = exc.pos_in_stream or 0
        found = repr(text[at]) if at < len(text) else "the end"
    else:
        assert isinstance(exc, UnexpectedEOF)
        expected = set(exc.expected)
        found = "the end of the file"
    words = sorted({_WORDS.get(e, f"'{e.lower()}'") for e in expected if not e.startswith("__")})
    message = f"unexpected {found}"
    if words:
        message += "; expected " + ", ".join(words[:8]) + (" or …" if len(words) > 8 else "")
    shown, at = excerpt(source_line, column)  # never the whole line: it may be any file's content
    caret = f"\n    {shown}\n    {' ' * (at - 1)}^"
    return RuleSyntaxError(message + caret, Location(path, line, column),
                           "see docs/dsl.md for the rule-file syntax")
