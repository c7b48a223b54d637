"""The two lark grammars (``grammar/*.lark``), built once per process and cached on disk between processes.

The analysed LALR tables are kept in the tool's cache (``catalog/cache.py``) as plain data — lark's own
serialisation of a parser, stored as JSON, never a pickle — keyed by lark's version, the options and the
grammar's text, so an edited grammar is never read stale. Building the tables takes ~0.4 s, loading them ~10 ms.

Lark's contextual lexer compiles, for each set of terminals a parser state accepts, one regular expression that
joins them all; the citation grammar has some forty such sets, and the first parse of a text met ten of them for
~85 ms of ``re`` compiling. Here each terminal's pattern is compiled once, when first needed, and a state's
terminals are tried one after the other in lark's order: the first that matches wins, as in the joined
expression (an alternation takes its first alternative that matches), so the tokens are the same. A state that
has read many tokens compiles its joined expression after all (``_TerminalScanner.JOIN_AFTER``).
"""

from __future__ import annotations

import hashlib
import re
from functools import cache
from typing import Any

import lark
from lark import Lark
from lark.lexer import BasicLexer, CallChain, Scanner, _create_unless

from .catalog import cache as disk
from .catalog.paths import grammar_file


@cache
def parser(name: str, **options: Any) -> Lark:
    """The LALR parser of ``grammar/NAME.lark`` with ``options`` (``start`` may be given as a tuple)."""
    if isinstance(options.get("start"), tuple):
        options["start"] = list(options["start"])
    text = grammar_file(f"{name}.lark").read_text(encoding="utf-8")
    key = hashlib.sha256(f"{lark.__version__}\0{name}\0{sorted(options.items())!r}\0{text}".encode()).hexdigest()[:32]
    found = disk.read(key, kind=f"grammar-{name}")
    if isinstance(found, dict) and set(found) == {"data", "memo"}:
        try:
            return _terminal_by_terminal(Lark.load(found))
        except Exception:  # noqa: BLE001 - tables of another shape: built again below  # pragma: no cover
            pass
    built = Lark(text, parser="lalr", **options)
    data, memo = built.memo_serialize([lark.lexer.TerminalDef, lark.grammar.Rule])
    disk.write(key, {"data": data, "memo": memo}, kind=f"grammar-{name}")
    return _terminal_by_terminal(built)


@cache
def _compiled(pattern: str, flags: int) -> re.Pattern[str]:
    return re.compile(pattern, flags)


class _TerminalScanner(Scanner):
    """Lark's scanner, trying its terminals one by one (each compiled once per process); after ``JOIN_AFTER``
    tokens it compiles the joined expression as lark does, which matches faster (a parse took ~25 % longer one by
    one): a long run pays that compiling once per state, the start-up of a small report never (checking two
    findings, the busiest state reads ~100 tokens)."""

    JOIN_AFTER = 200

    def __init__(self, terminals: list[Any], g_regex_flags: int, re_: Any, use_bytes: bool) -> None:
        self.terminals = terminals
        self.g_regex_flags = g_regex_flags
        self.re_ = re_
        self.use_bytes = use_bytes
        self.match_whole = False  # read by lark before 1.2 when it joins the expressions
        self.allowed_types = {t.name for t in terminals}
        self._mres: list[Any] = []  # lark's joined expressions, once compiled
        self._singles: list[tuple[str, re.Pattern[str]]] | None = None
        self._uses = 0

    def _one_by_one(self) -> list[tuple[str, re.Pattern[str]]]:
        if self._singles is None:
            self._singles = [(t.name, _compiled(t.pattern.to_regexp(), self.g_regex_flags)) for t in self.terminals]
        return self._singles

    def match(self, text: Any, pos: int) -> tuple[str, str] | None:
        if self._mres:
            return super().match(text, pos)  # type: ignore[no-any-return]
        self._uses += 1
        if self._uses > self.JOIN_AFTER:
            self._mres = self._build_mres(self.terminals, len(self.terminals))
            return super().match(text, pos)  # type: ignore[no-any-return]
        whole, end = (text, len(text)) if isinstance(text, str) else (text.text, text.end)
        for name, pattern in self._singles or self._one_by_one():
            found = pattern.match(whole, pos, end)
            if found:
                return found.group(0), name
        return None

    def fullmatch(self, text: str) -> str | None:
        if self._mres:
            return super().fullmatch(text)
        for name, pattern in self._one_by_one():
            if pattern.fullmatch(text):
                return name
        return None


class _TerminalBasicLexer(BasicLexer):
    """Lark's ``BasicLexer._build_scanner`` with ``_TerminalScanner`` in place of ``Scanner``."""

    def _build_scanner(self) -> Scanner:
        terminals, self.callback = _create_unless(self.terminals, self.g_regex_flags, self.re, self.use_bytes)
        for type_, f in self.user_callbacks.items():
            if type_ in self.callback:
                self.callback[type_] = CallChain(self.callback[type_], f, lambda t, type_=type_: t.type == type_)
            else:
                self.callback[type_] = f
        self._scanner = _TerminalScanner(terminals, self.g_regex_flags, self.re, self.use_bytes)
        return self._scanner  # lark before 1.2 reads ``_scanner``, later versions what is returned


def _terminal_by_terminal(parser: Lark) -> Lark:
    """``parser`` with its contextual lexer's scanners trying terminals one by one (see the module's docstring)."""
    lexer = getattr(parser.parser, "lexer", None)
    states = getattr(lexer, "lexers", None)
    if isinstance(states, dict) and not parser.options.use_bytes and parser.lexer_conf.re_module is re:
        for basic in (*states.values(), getattr(lexer, "root_lexer", None)):
            if type(basic) is BasicLexer and basic._scanner is None:
                basic.__class__ = _TerminalBasicLexer
    return parser
