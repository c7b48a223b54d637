"""Static checking and compilation of rules to plain Python closures.

Every expression is checked against the attribute table of ``context.py`` (names, types, lexicons, enum values)
and compiled in the same pass into a closure ``fn(env) -> value``: no rule text is ever evaluated as Python.
Errors carry file, line and column; all of a file's errors are reported together.
"""

from __future__ import annotations

import difflib
import string
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from ..errors import Location, RuleSyntaxError
from . import nodes as A
from . import notrequired
from .breach import reading
from .context import ATTRIBUTES, BOOL, ENUMS, NUMBER, TEXT, element, list_of
from .departure import contrast
from .places import unlisted
from .scope import near_words, shared_words
from .text import (FACTS, begins_with, fewer_done, following, future, measure, overdue, overlap, preceding, present,
                   split_sentences)

Fn = Callable[[Any], Any]
_MISSING = object()

SENTENCE_GUARDS = True
"""Whether sentence quantifiers are compiled with their guard (``ExprCompiler._sentence_guard``); off, every one
walks the sentences (tests compare the two)."""

QUANTIFIER_SOURCES = {
    "citation": ("citations",), "finding": ("findings",), "edition": ("editions",),
    "previous_finding": ("audit", "previous_findings"), "place": ("places",), "group_name": ("group_names",), "activity": ("activity_subjects",),
    "sentence": ("sentences",),
}
"""What ``any citation (…)`` ranges over: the list attribute each quantifier variable names."""

FUNCTIONS = {
    "count": "number of elements of a list",
    "distinct": "number of distinct values in a list",
    "overlap": "share of the first text's words that occur in the second (0 to 1)",
    "within": "whether a text names one of a list's entries (case-insensitive, either contains the other)",
    "overdue": "whether a text gives a last-done date older, at the audit's last date, than the interval it states",
    "fewer_done": "whether a sentence of a text counts fewer done than planned (\"planned 6 checks; 2 were done\")",
    "future": "whether a text names a date that begins after the audit's last date (a change or start still to come)",
    "below_minimum": "whether a sentence of a text states a minimum and a smaller count held (\"at least 2 per "
                     "shift\" … \"had one\")",
    "late": "whether a text states a time limit (\"within 24 h\") and a sentence gives two days further apart "
            "than it (an event and what followed it); a limit written right after what was done (\"notified within "
            "24h\", lexicon limit_kept) reports it kept and is no limit",
    "past_due": "whether a text gives a due date and a later date of something else (used, done or seen after "
                "it was due)",
    "figure_short": "whether a sentence of a text sets a figure found against a different figure a document states, "
                    "falling short of it: a period kept shorter (\"kept for 14 days, while PS-03 requires 30\"), an "
                    "interval longer (\"every 6 months; RM-02 requires every 3 months\"), a period left open longer "
                    "(\"open > 90 days; VM-01 sets 30 days\"), a time since last done longer than the interval "
                    "(\"161 days old\" against \"every 90 days\"), a share below the one stated (\"81 % … ISP-02 "
                    "requires 100 %\") or above the most allowed (\"6 %; WI-04 sets no more than 2 %\"), or a "
                    "measured value beyond the least or most allowed in the same unit (\"14 ppm against spec max 10 "
                    "ppm\", \"236 cP against specification 180–220 cP\")",
    "all_conformed": "whether a sentence of a text reports every one of a group as it should be: a word for all "
                     "of them (lexicon universal_word) or a whole sample counted (\"6 of 6\"), and no sign of a "
                     "departure (negation), no exception (universal_exception) and no document's demand "
                     "(requirement_verb, requirement_setting)",
    "due_passed": "whether a sentence of a text gives due dates, all ended before the audit's first date, and no "
                  "other date but the last time the thing was done, a month or more before them (a label or "
                  "register showing something due and not done)",
    "figures_breach": "whether a text's dates or counts show a requirement unmet: overdue(), fewer_done(), "
                      "below_minimum(), late(), past_due() (reading no date after the audit's last day as done after "
                      "a due date) or something still open since a date longer before the audit than a time limit "
                      "the text states allows (one reading shared by the rules that ask it)",
    "departs": "whether a text shows a departure by contrast: two different revisions named, a part short of its "
               "whole (\"11 of the 17\"), or a count of none (\"0 checks\")",
    "revisions": "number of different revisions of documents a text names (\"rev C\" and \"rev D\" → 2; the words "
                 "that introduce a revision are the lexicon revision_word)",
    "shared_words": "number of distinct content words (stems, stop words left out) two texts (or lists of texts) "
                    "share",
    "after": "what a text says after the first phrase of a lexicon, to the end of that sentence (\"\" if none)",
    "begins": "whether a text opens with a phrase of a lexicon (an instruction: \"Implement …\")",
    "phrase": "the first phrase of a lexicon a text contains, as the text writes it (\"\" if none): the "
              "activity a finding names, to compare with the scope",
    "before": "what a text says before the first phrase of a lexicon, from its start (the whole text if none)",
    "near_words": "number of distinct content words of the first text (or list) that the second holds, or holds in a "
                  "near form (the same first five letters, or as alike as 0.85 by difflib): 'cleansing' and 'cleaning'",
    "unlisted": "whether a place is one the audit's sites, scope and client, and the finding's site and process, "
                "do not name (compared without accents, case or punctuation; words in any order among the sites)",
    "measure": "one count of a text, named in quotes as the text attributes name it (\"identifiers\", \"dates\", "
               "\"details\"…): for texts that are not fields, such as what `after()` returns",
}


class CompileError(Exception):
    def __init__(self, pos: A.Pos, message: str) -> None:
        super().__init__(message)
        self.pos = pos
        self.message = message


@dataclass
class Scope:
    """Where a condition is written: the root type and the quantifier variables around it."""

    root: str
    vars: list[tuple[str, str]] = field(default_factory=list)   # (name, type), innermost last
    bound: dict[str, str] = field(default_factory=dict)          # witnesses usable in messages
    lexicons: frozenset[str] = frozenset()

    def child(self, name: str, type_: str) -> Scope:
        return Scope(self.root, [*self.vars, (name, type_)], self.bound, self.lexicons)


def _fail(pos: A.Pos, message: str) -> CompileError:
    return CompileError(pos, message)


def _suggest(name: str, options: list[str]) -> str:
    close = difflib.get_close_matches(name, options, n=1)
    return f"; did you mean '{close[0]}'?" if close else ""


READS: set[tuple[str, str]] | None = None
"""While a rule compiles (``recording``), the (type, attribute) pairs it reads; ("report", "text:mentions") for
``report.text`` read only to ask whether it mentions a lexicon."""


BINDERS: list[list[bool]] | None = None
"""While a rule compiles, a switch per ``mentions`` in it: whether it binds ``{match}`` (off when no message of
the rule shows it: then only whether the lexicon occurs is asked, not the phrase as written)."""


@contextmanager
def recording() -> Iterator[tuple[set[tuple[str, str]], list[list[bool]]]]:
    """Collect what the expressions compiled inside read (what a report rule needs to keep of each finding), and
    the ``mentions`` switches (see ``BINDERS``)."""
    global READS, BINDERS
    outer, READS = READS, set()
    outer_binders, BINDERS = BINDERS, []
    try:
        yield READS, BINDERS
    finally:
        READS, BINDERS = outer, outer_binders


def _read(type_: str, name: str) -> None:
    if READS is not None:
        READS.add((type_, name))


def _attr(type_: str, name: str, pos: A.Pos) -> tuple[str, Fn]:
    if type_.startswith("enum:") or type_ in (NUMBER, BOOL):
        raise _fail(pos, f"a {type_.removeprefix('enum:')} value has no attribute '{name}'")
    inner = element(type_)
    if inner is not None:
        attr_type, getter = _attr(inner, name, pos)
        if element(attr_type) is not None:
            return attr_type, lambda xs: [y for x in xs for y in getter(x)]
        return list_of(attr_type), lambda xs: [getter(x) for x in xs]
    table = ATTRIBUTES.get(type_, {})
    if name not in table:
        raise _fail(pos, f"'{name}' is not an attribute of {type_}{_suggest(name, list(table))}"
                         f" (known: {', '.join(sorted(table))})")
    attr_type, getter, _ = table[name]
    _read(type_, name)
    return attr_type, getter


class ExprCompiler:
    """Compiles one expression tree in a scope; ``compile`` returns (closure, type)."""

    def compile(self, node: A.Expr, scope: Scope) -> tuple[Fn, str]:
        method = getattr(self, "_" + type(node).__name__.lower())
        return method(node, scope)  # type: ignore[no-any-return]

    def condition(self, node: A.Expr, scope: Scope) -> Fn:
        fn, type_ = self.compile(node, scope)
        if type_ != BOOL:
            hint = " is not empty" if type_ == TEXT or type_.startswith("list[") else " = …"
            raise _fail(node.pos, f"this is {type_}, not true/false; write a test such as '…{hint}'")
        return fn

    # -- leaves ---------------------------------------------------------------------------------------------
    def _literal(self, node: A.Literal, scope: Scope) -> tuple[Fn, str]:
        value = node.value
        type_ = BOOL if isinstance(value, bool) else NUMBER if isinstance(value, int | float) else TEXT
        return (lambda env: value), type_

    def _path(self, node: A.Path, scope: Scope) -> tuple[Fn, str]:
        first, rest = node.names[0], node.names[1:]
        getter: Fn
        for name, type_ in reversed(scope.vars):
            if first == name:
                getter = (lambda n: lambda env: env.vars[n])(name)
                return self._chain(getter, type_, rest, node.pos)
        if first in scope.bound:
            _read("bound", first)
            getter = (lambda n: lambda env: env.bound.get(n))(first)
            return self._chain(getter, scope.bound[first], rest, node.pos)
        if scope.vars:  # an attribute of the innermost quantified element
            name, type_ = scope.vars[-1]
            if first in ATTRIBUTES.get(type_, {}):
                attr_type, attr_get = ATTRIBUTES[type_][first][:2]
                _read(type_, first)
                getter = (lambda n, g: lambda env: g(env.vars[n]))(name, attr_get)
                return self._chain(getter, attr_type, rest, node.pos)
        table = ATTRIBUTES[scope.root]
        if first not in table:
            known = sorted(table) + [v for v, _ in scope.vars] + sorted(scope.bound)
            raise _fail(node.pos, f"unknown name '{first}'{_suggest(first, known)}")
        attr_type, attr_get = table[first][:2]
        _read(scope.root, first)
        return self._chain(attr_get, attr_type, rest, node.pos)

    @staticmethod
    def _chain(getter: Fn, type_: str, names: tuple[str, ...], pos: A.Pos) -> tuple[Fn, str]:
        for name in names:
            type_, attr_get = _attr(type_, name, pos)
            getter = _link(getter, attr_get)
        return getter, type_

    def _listexpr(self, node: A.ListExpr, scope: Scope) -> tuple[Fn, str]:
        compiled = [self.compile(item, scope) for item in node.items]
        types = {t for _, t in compiled}
        if len(types) > 1:
            raise _fail(node.pos, f"a list mixes {', '.join(sorted(types))}")
        fns = [f for f, _ in compiled]
        return (lambda env: [f(env) for f in fns]), list_of(types.pop() if types else TEXT)

    def _call(self, node: A.Call, scope: Scope) -> tuple[Fn, str]:
        if node.name not in FUNCTIONS:
            raise _fail(node.pos, f"unknown function '{node.name}'{_suggest(node.name, list(FUNCTIONS))}"
                                  f" (known: {', '.join(FUNCTIONS)})")
        args = [self.compile(a, scope) for a in node.args]
        if node.name in ("count", "distinct"):
            if len(args) != 1 or element(args[0][1]) is None:
                raise _fail(node.pos, f"{node.name}() takes one list")
            f = args[0][0]
            if node.name == "count":
                return (lambda env: len(f(env) or ())), NUMBER
            return (lambda env: len(set(map(str, f(env) or ())))), NUMBER
        if node.name in ("overdue", "future"):
            if len(args) != 2 or args[0][1] != TEXT or args[1][1] != list_of(TEXT):
                raise _fail(node.pos, f"{node.name}() takes a text and a list of dates (audit.dates)")
            text_fn, dates_fn = args[0][0], args[1][0]
            if node.name == "future":
                return (lambda env: future(text_fn(env) or "", tuple(dates_fn(env) or ()))), BOOL

            def late_done(env: Any) -> bool:
                text, dates = text_fn(env) or "", tuple(dates_fn(env) or ())
                return overdue(text, dates) and _showing(env, text, lambda part: overdue(part, dates))
            return late_done, BOOL
        if node.name == "fewer_done":
            if len(args) != 1 or args[0][1] != TEXT:
                raise _fail(node.pos, "fewer_done() takes a text")
            text_fn = args[0][0]
            return (lambda env: fewer_done(text := text_fn(env) or "") and _showing(env, text, fewer_done)), BOOL
        if node.name in ("below_minimum", "late", "past_due", "figure_short", "all_conformed"):
            if len(args) != 1 or args[0][1] != TEXT:
                raise _fail(node.pos, f"{node.name}() takes a text")
            text_fn, name = args[0][0], node.name

            def counted(env: Any) -> bool:
                text = text_fn(env) or ""
                test = getattr(reading(env.labels), name)
                return bool(text) and test(text) and _showing(env, text, test)
            return counted, BOOL
        if node.name in ("due_passed", "figures_breach"):
            if len(args) != 2 or args[0][1] != TEXT or args[1][1] != list_of(TEXT):
                raise _fail(node.pos, f"{node.name}() takes a text and a list of dates (audit.dates)")
            text_fn, dates_fn, name = args[0][0], args[1][0], node.name

            def dated(env: Any) -> bool:
                text = text_fn(env) or ""
                if not text:
                    return False
                found, dates = reading(env.labels), tuple(dates_fn(env) or ())
                if name == "due_passed":
                    def test(part: str) -> bool:
                        return found.due_passed(part, dates)
                else:
                    def test(part: str) -> bool:
                        return (overdue(part, dates) or fewer_done(part) or found.below_minimum(part)
                                or found.late(part) or found.past_due(part, dates)
                                or found.open_past_limit(part, dates))
                return test(text) and _showing(env, text, test)
            return dated, BOOL
        if node.name == "measure":
            name = node.args[1].value if len(node.args) == 2 and isinstance(node.args[1], A.Literal) else None
            if len(args) != 2 or args[0][1] != TEXT or name not in FACTS:
                raise _fail(node.pos, "measure() takes a text and the name of a count in quotes: "
                                      f'measure(sentence, "identifiers") (known: {", ".join(FACTS)})')
            text_fn = args[0][0]
            return (lambda env: measure(text_fn(env) or "", name)), NUMBER
        if node.name == "departs":
            if len(args) != 1 or args[0][1] != TEXT:
                raise _fail(node.pos, "departs() takes a text")
            text_fn = args[0][0]
            return (lambda env: bool(text := text_fn(env) or "") and contrast(env.labels).departs(text)), BOOL
        if node.name == "revisions":
            if len(args) != 1 or args[0][1] != TEXT:
                raise _fail(node.pos, "revisions() takes a text")
            text_fn = args[0][0]
            return (lambda env: contrast(env.labels).revisions(text_fn(env) or "")), NUMBER
        if node.name in ("shared_words", "near_words"):
            if len(args) != 2 or any(t not in (TEXT, list_of(TEXT)) for _, t in args):
                raise _fail(node.pos, f"{node.name}() takes two texts (or lists of texts, read as one)")
            first, second = (_joined(f, t) for f, t in args)
            counted = shared_words if node.name == "shared_words" else near_words
            return (lambda env: counted(first(env), second(env))), NUMBER
        if node.name in ("after", "begins", "phrase", "before"):
            lexicon = node.args[1].value if len(node.args) == 2 and isinstance(node.args[1], A.Literal) else None
            if len(args) != 2 or args[0][1] != TEXT or not isinstance(lexicon, str):
                raise _fail(node.pos, f"{node.name}() takes a text and a lexicon's name in quotes: "
                                      f'{node.name}(sentence, "cause")')
            if lexicon not in scope.lexicons:
                raise _fail(node.pos, f"unknown lexicon '{lexicon}'{_suggest(lexicon, sorted(scope.lexicons))}")
            text_fn = args[0][0]
            if node.name == "begins":
                def begins(env: Any) -> bool:  # the earliest phrase of the lexicon the text holds is at its start
                    text = text_fn(env) or ""
                    if not text:
                        return False
                    found = env.scan(text).get(lexicon)
                    if not begins_with(text, found):
                        return False
                    env.bound["match"] = found   # {match}: the phrase at the start, as a mention binds its phrase
                    return True
                return begins, BOOL

            if node.name == "phrase":
                def phrase(env: Any) -> str:  # the earliest phrase of the lexicon the text contains
                    text = text_fn(env) or ""
                    return (env.scan(text).get(lexicon) or "") if text else ""
                return phrase, TEXT
            if node.name == "before":
                def before(env: Any) -> str:  # what comes before the earliest phrase: the facts a modal follows
                    text = text_fn(env) or ""
                    return preceding(text, env.scan(text).get(lexicon)) if text else ""
                return before, TEXT

            def after(env: Any) -> str:
                text = text_fn(env) or ""
                return following(text, env.scan(text).get(lexicon)) if text else ""
            return after, TEXT
        if node.name == "unlisted":
            if len(args) != 1 or args[0][1] != TEXT:
                raise _fail(node.pos, "unlisted() takes a text: unlisted(place)")
            text_fn = args[0][0]
            return (lambda env: unlisted(env, text_fn(env) or "")), BOOL
        if node.name == "within":
            if len(args) != 2 or args[0][1] != TEXT or args[1][1] != list_of(TEXT):
                raise _fail(node.pos, "within() takes a text and a list of texts")
            text_fn, list_fn = args[0][0], args[1][0]
            return (lambda env: _within(text_fn(env) or "", list_fn(env) or [])), BOOL
        if len(args) != 2 or any(t != TEXT for _, t in args):
            raise _fail(node.pos, "overlap() takes two texts")
        a, b = args[0][0], args[1][0]
        return (lambda env: overlap(a(env) or "", b(env) or "")), NUMBER

    # -- operators ------------------------------------------------------------------------------------------
    def _not(self, node: A.Not, scope: Scope) -> tuple[Fn, str]:
        f = self.condition(node.operand, scope)
        return (lambda env: not f(env)), BOOL

    def _boolop(self, node: A.BoolOp, scope: Scope) -> tuple[Fn, str]:
        fns = [self.condition(o, scope) for o in node.operands]
        combine = _and if node.op == "and" else _or
        fn = fns[-1]
        for left in reversed(fns[:-1]):  # nested two-operand closures: no generator per evaluation
            fn = combine(left, fn)
        return fn, BOOL

    def _test(self, node: A.Test, scope: Scope) -> tuple[Fn, str]:
        f, type_ = self.compile(node.operand, scope)
        if type_ != TEXT and not type_.startswith("enum:") and element(type_) is None:
            raise _fail(node.pos, f"'is empty' applies to text and lists, not {type_}")
        if type_ == TEXT or type_.startswith("enum:"):
            empty = (lambda env: not (f(env) or "").strip())
        else:
            empty = (lambda env: not f(env))
        if node.op == "empty":
            return empty, BOOL
        return (lambda env: not empty(env)), BOOL

    def _mentions(self, node: A.Mentions, scope: Scope) -> tuple[Fn, str]:
        if node.cited:
            return self._mentions_cited(node, scope)
        if node.lexicon not in scope.lexicons:
            raise _fail(node.pos, f"unknown lexicon '{node.lexicon}'{_suggest(node.lexicon, sorted(scope.lexicons))}")
        global READS
        whole_text = (scope.root == "report" and isinstance(node.text, A.Path) and not scope.vars
                      and node.text.names in (("text",), ("report", "text")))
        outer = READS
        if whole_text and outer is not None:  # the report's text, only searched: it can be searched piece by piece
            READS = set()
        try:
            f, type_ = self.compile(node.text, scope)
        finally:
            if whole_text and outer is not None:
                READS = outer
                outer.add(("report", "text:mentions"))
                outer.add(("text:mentions", node.lexicon))
        if type_ == list_of(TEXT):
            inner = f
            f = lambda env: "\n".join(inner(env) or ())  # noqa: E731
        elif type_ != TEXT:
            raise _fail(node.pos, f"'mentions' applies to text, not {type_}")
        lexicon, negated = node.lexicon, node.negated
        bind = [True]
        if BINDERS is not None:
            BINDERS.append(bind)

        def mentions(env: Any) -> bool:
            scan = env.scan(f(env))
            if not bind[0]:
                return scan.has(lexicon) is not negated
            found = scan.get(lexicon)
            if found is not None:
                env.bound["match"] = found
                return not negated
            return negated

        return mentions, BOOL

    def _mentions_cited(self, node: A.Mentions, scope: Scope) -> tuple[Fn, str]:
        """``TEXT mentions cited LIST``: the finding's own catalog list (see ``notrequired.py``); binds ``match``
        and ``not_required`` (the entry found) for messages."""
        if node.lexicon not in notrequired.LISTS:
            raise _fail(node.pos, f"unknown catalog list '{node.lexicon}'"
                                  f"{_suggest(node.lexicon, list(notrequired.LISTS))}"
                                  f" (known: {', '.join(notrequired.LISTS)})")
        if scope.root != "finding":
            raise _fail(node.pos, "'mentions cited' reads the finding's citations: use it in a finding rule")
        for needed in (notrequired.ABSENCE_LEXICON, notrequired.UNEVIDENCED_LEXICON):
            if needed not in scope.lexicons:
                raise _fail(node.pos, f"'mentions cited' needs the lexicon '{needed}' (see docs/dsl.md)")
        f, type_ = self.compile(node.text, scope)
        if type_ != TEXT:
            raise _fail(node.pos, f"'mentions cited' applies to text, not {type_}")
        scope.bound["not_required"] = "not_required"
        name, negated = node.lexicon, node.negated

        def mentions(env: Any) -> bool:
            found = notrequired.first_match(notrequired.entries(env, name), f(env) or "", env.scan)
            if found is not None:
                env.bound["not_required"], env.bound["match"] = found
                return not negated
            return negated

        return mentions, BOOL

    def _compare(self, node: A.Compare, scope: Scope) -> tuple[Fn, str]:
        compiled = self._compare_any(node, scope)
        return self._fact_test(node, scope, compiled[0]) or compiled

    def _fact_test(self, node: A.Compare, scope: Scope, general: Fn) -> tuple[Fn, str] | None:
        """``evidence.dates = 0`` (or ``!= 0``, ``> 0``, ``>= 1``…) only asks whether the text has one: that stops
        at the first match instead of counting them all. Same value as the general comparison, which still
        answers when the text itself is absent."""
        left, right = node.left, node.right
        if not (isinstance(left, A.Path) and len(left.names) > 1 and left.names[-1] in FACTS
                and isinstance(right, A.Literal) and type(right.value) in (int, float)):
            return None
        wanted = {("=", 0): False, ("<=", 0): False, ("<", 1): False,
                  ("!=", 0): True, (">", 0): True, (">=", 1): True}.get((node.op, right.value))
        if wanted is None:
            return None
        text, type_ = self._path(A.Path(left.pos, left.names[:-1]), scope)
        if type_ != TEXT:
            return None
        fact = left.names[-1]

        def test(env: Any) -> bool:
            value = text(env)
            if value is None:
                return general(env)
            return present(value, fact) is wanted

        return test, BOOL

    def _compare_any(self, node: A.Compare, scope: Scope) -> tuple[Fn, str]:
        left, ltype = self.compile(node.left, scope)
        if node.op in ("in", "not in"):
            right, rtype = self._operand(node.right, scope, ltype, as_list=True)
            if element(rtype) != ltype and not (ltype.startswith("enum:") and element(rtype) == TEXT):
                raise _fail(node.pos, f"'{node.op}' needs a list of {ltype}, not {rtype}")
            if isinstance(node.right, A.ListExpr):
                values = frozenset(right(None))
                if node.op == "in":
                    return (lambda env: left(env) in values), BOOL
                return (lambda env: left(env) not in values), BOOL
            if node.op == "in":
                return (lambda env: left(env) in (right(env) or ())), BOOL
            return (lambda env: left(env) not in (right(env) or ())), BOOL
        right, rtype = self._operand(node.right, scope, ltype)
        if element(ltype) is not None:
            raise _fail(node.pos, f"cannot compare a list ({ltype}) with '{node.op}'; "
                                  "use any/all/no, count() or 'in'")
        if node.op in ("<", "<=", ">", ">=") and NUMBER not in (ltype,) :
            raise _fail(node.pos, f"'{node.op}' compares numbers, not {ltype}")
        enum_text = {ltype, rtype} & {TEXT} and any(t.startswith("enum:") for t in (ltype, rtype))
        if not (ltype == rtype or enum_text):
            raise _fail(node.pos, f"cannot compare {ltype} with {rtype}")
        if rtype.startswith("enum:") and isinstance(node.left, A.Literal):
            self._check_member(rtype, node.left.value, node.left.pos)
        if ltype.startswith("enum:") and isinstance(node.right, A.Literal):
            self._check_member(ltype, node.right.value, node.right.pos)
        ops: dict[str, Callable[[Any, Any], bool]] = {
            "=": lambda a, b: a == b, "!=": lambda a, b: a != b, "<": lambda a, b: a < b,
            "<=": lambda a, b: a <= b, ">": lambda a, b: a > b, ">=": lambda a, b: a >= b,
        }
        op = ops[node.op]
        if isinstance(node.right, A.Literal) or getattr(right, "_constant", False):
            value = right(None)
            if node.op == "=":
                return (lambda env: left(env) == value), BOOL
            if node.op == "!=":
                return (lambda env: left(env) != value), BOOL
            return (lambda env: op(left(env), value)), BOOL
        return (lambda env: op(left(env), right(env))), BOOL

    def _operand(self, node: A.Expr, scope: Scope, ltype: str, as_list: bool = False) -> tuple[Fn, str]:
        """Compile the right side; a bare name that is a member of the left side's enum is that member."""
        if ltype.startswith("enum:"):
            members = ENUMS[ltype[5:]]
            if isinstance(node, A.Path) and len(node.names) == 1 and not self._is_name(node.names[0], scope):
                self._check_member(ltype, node.names[0], node.pos)
                value = node.names[0]
                fn: Fn = lambda env: value  # noqa: E731
                fn._constant = True  # type: ignore[attr-defined]
                return fn, ltype
            if as_list and isinstance(node, A.ListExpr):
                values = []
                for item in node.items:
                    if isinstance(item, A.Path) and len(item.names) == 1:
                        self._check_member(ltype, item.names[0], item.pos)
                        values.append(item.names[0])
                    elif isinstance(item, A.Literal):
                        self._check_member(ltype, item.value, item.pos)
                        values.append(item.value)
                    else:
                        raise _fail(item.pos, f"expected one of: {', '.join(members)}")
                return (lambda env: values), list_of(ltype)
        return self.compile(node, scope)

    def required_statuses(self, node: A.Expr | None, scope: Scope) -> frozenset[str] | None:
        """The citation statuses of which a finding must have at least one for the condition to hold, when the
        condition says so outright (``any citation (status is S …) and …``); None when it does not.

        The engine skips such a rule, without calling its condition, for a finding with none of those statuses: a
        necessary condition checked once per finding instead of a walk over the citations per rule.
        """
        def any_citation(node: A.Expr) -> frozenset[str] | None:
            if isinstance(node, A.Quantified) and node.quantifier == "any" and node.var == "citation" \
                    and scope.root == "finding" and not scope.vars:
                inner = scope.child("citation", "citation")
                return _in_conjunction(node.body, lambda n: self._status_test(n, inner))
            return None

        return _in_conjunction(node, any_citation) if node is not None else None

    def _status_test(self, node: A.Expr, scope: Scope) -> frozenset[str] | None:
        """``status is S`` or ``status in [S, T]`` in the body of ``any citation``: those statuses."""
        if not (isinstance(node, A.Compare) and node.op in ("=", "in") and isinstance(node.left, A.Path)
                and node.left.names in (("status",), ("citation", "status"))
                and not any(v == "status" for v, _ in scope.vars) and "status" not in scope.bound):
            return None
        items = [node.right] if node.op == "=" else list(node.right.items) if isinstance(node.right, A.ListExpr) else []
        values = set()
        for item in items:
            if isinstance(item, A.Path) and len(item.names) == 1 and not self._is_name(item.names[0], scope):
                value = item.names[0]
            elif isinstance(item, A.Literal):
                value = item.value
            else:
                return None
            if value not in ENUMS["status"]:
                return None
            values.add(value)
        return frozenset(values) if values else None

    @staticmethod
    def _is_name(name: str, scope: Scope) -> bool:
        if any(name == v for v, _ in scope.vars) or name in scope.bound or name in ATTRIBUTES[scope.root]:
            return True
        return bool(scope.vars) and name in ATTRIBUTES.get(scope.vars[-1][1], {})

    @staticmethod
    def _check_member(enum_type: str, value: object, pos: A.Pos) -> None:
        members = ENUMS[enum_type[5:]]
        if value not in members:
            raise _fail(pos, f"'{value}' is not a {enum_type[5:]}{_suggest(str(value), list(members))}"
                             f" (one of: {', '.join(members)})")

    def _quantified(self, node: A.Quantified, scope: Scope) -> tuple[Fn, str]:
        source = QUANTIFIER_SOURCES.get(node.var)
        if source is None:
            raise _fail(node.pos, f"cannot range over '{node.var}'; use one of: {', '.join(QUANTIFIER_SOURCES)}")
        items, type_ = self._path(A.Path(node.pos, source), scope)
        inner = element(type_)
        if inner is None:  # "sentences" read as an attribute of the enclosing quantifier's sentence
            raise _fail(node.pos, f"'{node.var}' cannot be ranged over inside '… {node.var} (…)': ask it outside "
                                  f"the enclosing quantifier")
        guard = self._sentence_guard(node, scope)
        body = self.condition(node.body, scope.child(node.var, inner))
        scope.bound[node.var] = inner
        var = node.var
        if node.quantifier == "any":
            def walk(env: Any) -> bool:
                saved = env.vars.get(var, _MISSING)
                try:
                    for item in items(env) or ():
                        env.vars[var] = item
                        if body(env):
                            env.bound[var] = item
                            return True
                    return False
                finally:
                    _restore(env, var, saved)
        else:
            want = node.quantifier == "all"

            def walk(env: Any) -> bool:
                saved = env.vars.get(var, _MISSING)
                first = _MISSING
                try:
                    for item in items(env) or ():
                        env.vars[var] = item
                        if bool(body(env)) != want:
                            return False
                        if first is _MISSING:
                            first = item
                    if want and first is not _MISSING:   # every one holds: a message names the first
                        env.bound[var] = first
                    return True
                finally:
                    _restore(env, var, saved)
        if guard is not None:
            return self._guarded(node.quantifier, guard, items, walk), BOOL
        return walk, BOOL

    def _sentence_guard(self, node: A.Quantified, scope: Scope) -> frozenset[str] | None:
        """The lexicons a sentence quantifier's body needs (``_needs``): when the finding's text can hold none of
        them (``TextScan.may_hold``), the body is false on every sentence, binds nothing and calls nothing that
        could fail, so the quantifier is settled without a walk over the sentences: the answer the walk would give.
        None when the body needs no lexicon that way, or the quantifier is not over the finding's sentences."""
        if not (SENTENCE_GUARDS and node.var == "sentence" and scope.root == "finding" and not scope.vars
                and "sentences" not in scope.bound and QUANTIFIER_SOURCES["sentence"] == ("sentences",)):
            return None
        return _needs(node.body)

    @staticmethod
    def _guarded(quantifier: str, lexicons: frozenset[str], items: Fn, walk: Fn) -> Fn:
        """A sentence quantifier with its guard (``_sentence_guard``): when the finding's text can hold none of the
        lexicons, the body is false on every sentence; otherwise the walk as unguarded."""
        def guarded(env: Any) -> bool:
            if any(env.said_scan.may_hold(name) for name in lexicons):
                return walk(env)
            if quantifier == "all":   # false on every sentence: true only when there is none
                return not items(env)
            return quantifier == "no"

        return guarded


_CUT = (("sentence",), ("sentence", "unquoted"))
"""The texts a sentence quantifier's body reads whose words are all words of the finding's text."""

_TEXT_OF_PHRASE = ("after", "phrase")
"""Functions whose text is empty when the text they read has no phrase of the lexicon they are given."""


def _needs(node: A.Expr) -> frozenset[str] | None:
    """Lexicons of which the finding's text must hold one for ``node`` to be true on a sentence, such that when
    none is held the node is false, binds nothing (no ``{match}``, no witness) and evaluates nothing but pure reads
    of the sentence (``_pure``); None when there are none such. A positive mention of the sentence (or of its
    unquoted text) or ``begins(sentence, …)``, or a positive mention or ``begins`` of a text that is empty without
    a lexicon (``_empty_without``); an ``and`` whose first such operand is preceded only by pure ones; an ``or``
    whose every operand needs some."""
    if isinstance(node, A.Mentions) or (isinstance(node, A.Call) and node.name == "begins"):
        if isinstance(node, A.Mentions):
            if node.negated or node.cited:
                return None
            text, lexicon = node.text, node.lexicon
        else:
            if len(node.args) != 2 or not (isinstance(node.args[1], A.Literal) and isinstance(node.args[1].value, str)):
                return None
            text, lexicon = node.args[0], node.args[1].value
        if isinstance(text, A.Path) and text.names in _CUT:
            return frozenset((lexicon,))
        return _empty_without(text)   # a mention of "" is false, and so is begins("", …)
    if isinstance(node, A.BoolOp) and node.op == "and":
        for operand in node.operands:   # evaluated in order: stops at the first false one
            needed = _needs(operand)
            if needed is not None:
                return needed
            if not _pure(operand):
                return None
        return None
    if isinstance(node, A.BoolOp) and node.op == "or":
        parts = [_needs(operand) for operand in node.operands]
        return frozenset().union(*parts) if all(p is not None for p in parts) else None  # type: ignore[arg-type]
    return None


def _empty_without(text: A.Expr) -> frozenset[str] | None:
    """Lexicons without one of which (in the finding's text) a text expression is "": ``after(sentence, "L")``
    and ``phrase(sentence, "L")`` without L; ``after``, ``before`` or ``phrase`` of such a text."""
    if not (isinstance(text, A.Call) and text.name in ("after", "before", "phrase") and len(text.args) == 2
            and isinstance(text.args[1], A.Literal) and isinstance(text.args[1].value, str)):
        return None
    inner = text.args[0]
    if isinstance(inner, A.Path) and inner.names in _CUT:
        return frozenset((text.args[1].value,)) if text.name in _TEXT_OF_PHRASE else None
    return _empty_without(inner)   # each of them is "" of ""


def _pure(node: A.Expr) -> bool:
    """Literals, the finding's grade, the sentence and its counts (``sentence.details``), the texts ``after``,
    ``before`` and ``phrase`` make of those, and comparisons, tests, ``not``, ``and``, ``or`` and ``begins`` of them:
    they bind nothing and call nothing that may fail."""
    if isinstance(node, A.Compare):
        return _pure(node.left) and _pure(node.right)
    if isinstance(node, A.Test | A.Not):
        return _pure(node.operand)
    if isinstance(node, A.BoolOp):
        return all(_pure(operand) for operand in node.operands)
    if isinstance(node, A.Literal):
        return True
    if isinstance(node, A.Call):
        return node.name in ("after", "before", "phrase", "begins") and all(_pure(arg) for arg in node.args)
    if isinstance(node, A.Path):
        return node.names in (*_CUT, ("grade",)) or (len(node.names) == 2 and node.names[0] == "sentence"
                                                     and node.names[1] in FACTS)
    return False


def _in_conjunction(node: A.Expr, test: Callable[[A.Expr], Any]) -> Any:
    """``test(node)``; for an ``and``, the first answer (not None) of an operand, looked for the same way."""
    if isinstance(node, A.BoolOp) and node.op == "and":
        for operand in node.operands:
            found = _in_conjunction(operand, test)
            if found is not None:
                return found
        return None
    return test(node)


def _and(a: Fn, b: Fn) -> Fn:
    return lambda env: a(env) and b(env)


def _link(get: Fn, attr: Fn) -> Fn:
    """``a.b``: the attribute of a value, or None when the value is absent."""
    def chained(env: Any) -> Any:
        value = get(env)
        return None if value is None else attr(value)

    return chained


def _or(a: Fn, b: Fn) -> Fn:
    return lambda env: a(env) or b(env)


def _within(text: str, entries: list[str]) -> bool:
    needle = " ".join(text.lower().split())
    return any(needle in " ".join(e.lower().split()) or " ".join(e.lower().split()) in needle
               for e in entries if e.strip())


def _restore(env: Any, var: str, saved: object) -> None:
    if saved is _MISSING:
        env.vars.pop(var, None)
    else:
        env.vars[var] = saved


_EXCERPT = 120   # characters of a sentence a message quotes as what showed a reading


def _showing(env: Any, text: str, holds: Callable[[str], bool]) -> bool:
    """Bind ``{match}``, where no mention of the rule bound it, to the first sentence of the text that a reading
    (dates, counts, figures) holds on alone, or to the text's start: what a message quotes as what showed it.
    Always true, so that it follows the reading in an ``and``."""
    if not env.bound.get("match"):
        shown = next((s for s in split_sentences(text) if s.strip() and holds(s)), text)
        shown = " ".join(shown.split())
        env.bound["match"] = shown if len(shown) <= _EXCERPT else shown[:_EXCERPT - 1].rstrip() + "…"
    return True


def _joined(f: Fn, type_: str) -> Fn:
    """A text, or a list of texts read as one text (a line each)."""
    if type_ == TEXT:
        return lambda env: f(env) or ""
    return lambda env: "\n".join(f(env) or ())


def compile_template(template: str, scope: Scope, pos: A.Pos, compiler: ExprCompiler) -> Fn:
    """``"… {match} … {citation.successor}"`` → closure producing the text; unknown placeholders fail here."""
    parts: list[Any] = []
    try:
        parsed = list(string.Formatter().parse(template))
    except ValueError as exc:
        raise _fail(pos, f"bad message template: {exc}") from None
    message_scope = Scope(scope.root, list(scope.vars), {**scope.bound, "match": TEXT}, scope.lexicons)
    for literal, field_name, _, _ in parsed:
        if literal:
            parts.append(literal)
        if field_name is not None:
            if not field_name:
                raise _fail(pos, "empty placeholder '{}' in message")
            path = A.Path(pos, tuple(field_name.split(".")))
            fn, _ = compiler._path(path, message_scope)
            parts.append(fn)
    if all(isinstance(p, str) for p in parts):
        text = "".join(parts)
        return lambda env: text
    return lambda env: "".join([p if type(p) is str else _text(p(env)) for p in parts])


def _text(value: Any) -> str:
    return value if type(value) is str else _show(value)


def _show(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list | tuple):
        return ", ".join(_show(v) for v in value)
    if isinstance(value, float):
        return f"{value:.2f}"
    return str(value)


def to_error(errors: list[CompileError]) -> RuleSyntaxError:
    first = errors[0]
    text = "\n".join(f"{e.pos}: {e.message}" for e in errors)
    err = RuleSyntaxError(first.message if len(errors) == 1 else f"{len(errors)} errors:\n{text}",
                          Location(first.pos.file, first.pos.line, first.pos.column),
                          "see docs/dsl.md for the names and types rules can use")
    err.errors = [(Location(e.pos.file, e.pos.line, e.pos.column), e.message) for e in errors]  # type: ignore[attr-defined]
    return err
