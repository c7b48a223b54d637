"""The static limits of the rules language: what a rule file may hold, checked before anything is compiled.

A rule file may come from a repository under review, so parsing and compiling it must end quickly and fail with
a located message whatever it holds. lark's LALR parser is linear in the file's size and never recurses; building
the syntax tree and compiling it do recurse, once per level of nesting, and a report rule that nests quantifiers
over the findings runs in time N to the power of the nesting. Each limit below is far above what the built-in
rules need (the figures in brackets; docs/dsl.md#limits lists them for users).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from lark import Token, Tree

from ..errors import Location, RuleSyntaxError

MAX_FILE_CHARS = 256 * 1024
"""Characters in one rule file (largest built-in file: 32,000, parsed in ~0.3 s): parsing stays within a few
seconds."""
MAX_NESTING = 48
"""Levels of nesting in one rule or example: `not`, lists, quantifiers, calls, objects (built-in rules: 10)."""
MAX_EXPRESSION_NODES = 2_000
"""Syntax nodes in one rule or example: names, values, operators (largest built-in rule: 46)."""
MAX_QUANTIFIER_NESTING = 2
"""Quantifiers nested inside each other over a list that grows with the report (`finding`,
`previous_finding`, `place`): the cost of a condition grows as the number of findings to this power."""
REPORT_SIZED = frozenset({"finding", "previous_finding", "place", "group_name", "activity"})
MAX_LEXICON_PHRASES = 5_000
"""Phrases in one lexicon, after `extend` (largest built-in lexicon: 99)."""
MAX_PHRASE_WORDS = 16
"""Words in one phrase, wildcards included (built-in: 8)."""
MAX_PHRASE_WILDCARDS = 4
"""`*` wildcards in one phrase (built-in: 4); a phrase must also have a word that is not a wildcard."""
MAX_LEADING_WILDCARDS = 32
"""Phrases beginning with `*` in one lexicon: such a lexicon is walked word by word (built-in: none)."""
MAX_NUMBER_DIGITS = 30
"""Digits in a number literal."""

_HINT = "docs/dsl.md#limits lists the limits of rule files"


def located(message: str, file: str, line: int, column: int, hint: str = _HINT) -> RuleSyntaxError:
    return RuleSyntaxError(message, Location(file, line, column), hint)


def check_text(text: str, path: str) -> None:
    """Refuse a file too large to parse in bounded time, and NUL characters (rule files are text)."""
    if len(text) > MAX_FILE_CHARS:
        raise located(f"the rule file holds {len(text):,} characters, more than {MAX_FILE_CHARS:,}", path, 0, 0,
                      "split it into several rule files")
    at = text.find("\0")
    if at >= 0:
        line = text.count("\n", 0, at) + 1
        column = at - (text.rfind("\n", 0, at) + 1) + 1
        raise located("a NUL character (U+0000): a rule file is text", path, line, column,
                      "remove it; the file may have been saved in UTF-16 or damaged")


def _position(node: Tree[Token] | Token, fallback: tuple[int, int]) -> tuple[int, int]:
    if isinstance(node, Token):
        return (node.line or fallback[0], node.column or fallback[1])
    meta = node.meta
    if getattr(meta, "empty", True):
        return fallback
    return (getattr(meta, "line", 0) or fallback[0], getattr(meta, "column", 0) or fallback[1])


def check_tree(tree: Tree[Token], path: str) -> None:
    """Nesting, size and quantifier nesting of every rule, named condition and example of a parsed file, without
    recursion."""
    for item in tree.children:
        if isinstance(item, Tree) and item.data in ("rule", "example", "condition"):
            _check_item(item, path)


def _check_item(item: Tree[Token], path: str) -> None:
    where = _position(item, (0, 0))
    kind = str(item.data)
    nodes = 0
    stack: list[tuple[Tree[Token] | Token, int, int, tuple[int, int]]] = [(item, 1, 0, where)]
    while stack:
        node, depth, quantifiers, pos = stack.pop()
        nodes += 1
        pos = _position(node, pos)
        if nodes > MAX_EXPRESSION_NODES:
            raise located(f"this {kind} is too large: more than {MAX_EXPRESSION_NODES:,} names, values and "
                          "operators", path, *where, "split the condition into several rules, or move long lists "
                                                     "of words into a lexicon")
        if depth > MAX_NESTING:
            raise located(f"nested more than {MAX_NESTING} levels deep (parentheses, lists, 'not', quantifiers)",
                          path, *pos, "write the condition flatter: 'not not x' is x, and 'and'/'or' chains do not "
                                      "nest")
        if not isinstance(node, Tree):
            continue
        if node.data == "quantified" and len(node.children) >= 2 and str(node.children[1]) in REPORT_SIZED:
            quantifiers += 1
            if quantifiers > MAX_QUANTIFIER_NESTING:
                raise located(f"{quantifiers} quantifiers over the report's findings, previous findings or places "
                              f"nested inside each other (at most {MAX_QUANTIFIER_NESTING}): the check would take "
                              "time growing as the number of findings to that power", path, *pos,
                              "compare findings with 'group findings … by …' instead of nesting 'any finding'")
        stack.extend((child, depth + 1, quantifiers, pos) for child in reversed(node.children))


def check_number(text: str, path: str, line: int, column: int) -> None:
    if len(text.replace(".", "")) > MAX_NUMBER_DIGITS:
        raise located(f"a number of {len(text):,} digits (at most {MAX_NUMBER_DIGITS})", path, line, column)


_ESCAPE = re.compile(r"\\(u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.|\n|$)", re.DOTALL)
_SIMPLE = {'"': '"', "\\": "\\", "'": "'", "n": "\n", "t": "\t", "r": "\r"}


def unescape(body: str, path: str, line: int, column: int) -> str:
    """A string's text from between its quotes: ``\\"``, ``\\\\``, ``\\'``, ``\\n``, ``\\t``, ``\\r``, ``\\uXXXX``
    and ``\\UXXXXXXXX`` (neither a surrogate nor U+0000); any other escape is refused at its position."""
    if "\\" not in body:
        return body
    out: list[str] = []
    last = 0
    for match in _ESCAPE.finditer(body):
        out.append(body[last:match.start()])
        last = match.end()
        code = match.group(1)
        if code in _SIMPLE:
            out.append(_SIMPLE[code])
            continue
        at_line, at_column = _offset(body, match.start(), line, column)
        if len(code) > 1:
            value = int(code[1:], 16)
            if value == 0 or 0xD800 <= value <= 0xDFFF or value > 0x10FFFF:
                raise located(f"the escape '\\{code}' is not a character a rule may hold "
                              "(U+0000, a surrogate or beyond U+10FFFF)", path, at_line, at_column)
            out.append(chr(value))
            continue
        shown = code if code.isprintable() and code else repr(code)[1:-1] or "end of the string"
        raise located(f"unknown escape '\\{shown}' in a string", path, at_line, at_column,
                      "the escapes are \\\" \\\\ \\n \\t \\r and \\uXXXX; write \\\\ for a backslash")
    out.append(body[last:])
    return "".join(out)


def _offset(body: str, index: int, line: int, column: int) -> tuple[int, int]:
    """The file position of ``body[index]``, ``body`` starting at ``line``:``column``."""
    newlines = body.count("\n", 0, index)
    if not newlines:
        return line, column + index
    return line + newlines, index - body.rfind("\n", 0, index)


def iter_phrase_problems(phrases: tuple[str, ...],
                         words_of: Callable[[str], list[str]]) -> Iterator[tuple[int, str]]:
    """(index, problem) for each phrase of a lexicon the matcher must not be given, and for the lexicon's size."""
    if len(phrases) > MAX_LEXICON_PHRASES:
        yield 0, f"the lexicon has {len(phrases):,} phrases, more than {MAX_LEXICON_PHRASES:,}"
        return
    leading = 0
    for index, phrase in enumerate(phrases):
        words = words_of(phrase)
        wildcards = words.count("*")
        if len(words) > MAX_PHRASE_WORDS:
            yield index, f"the phrase has {len(words)} words, more than {MAX_PHRASE_WORDS}"
        elif wildcards > MAX_PHRASE_WILDCARDS:
            yield index, f"the phrase has {wildcards} wildcards '*', more than {MAX_PHRASE_WILDCARDS}"
        elif words and wildcards == len(words):
            yield index, "the phrase is only wildcards: it would match any text"
        if words[:1] == ["*"]:
            leading += 1
            if leading == MAX_LEADING_WILDCARDS + 1:
                yield index, (f"more than {MAX_LEADING_WILDCARDS} phrases of the lexicon begin with '*' (each is "
                              "tried at every word of a text)")
