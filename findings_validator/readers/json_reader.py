"""JSON reports, with positions, at C speed where the text allows.

The document is walked by hand down to the findings list; each finding is then decoded by the C scanner in one
call, and its keys' positions are taken from one regex pass over the whole text (``_KEY``), kept when the keys
found in the finding's span are exactly its own keys. Otherwise (nested objects, duplicate or escaped keys, a syntax
error) the finding is walked by hand too. A syntax error in a finding loses that finding only: reading resumes at
the next ``}, {`` at the finding's indentation.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_left
from json.decoder import JSONDecodeError, scanstring
from typing import Any

from ..errors import InputError, Location
from ..models import Diagnostic
from .common import Position, ReadOptions, ReadResult, assemble, problem
from .tree import Tree, to_raw_report

MAX_DEPTH = 64
_WS = re.compile(r"[ \t\n\r]*")
_KEY = re.compile(r'"((?:[^"\\\n]++|\\.)*+)"[ \t\r\n]*+:')
_NEXT_ITEM = re.compile(r"\}\s*,\s*(\{)")
_SCAN = json.JSONDecoder().scan_once


class Lines:
    """Offsets to (line, column), 1-based; fast when offsets mostly grow."""

    __slots__ = ("text", "offset", "line", "start", "first_line")

    def __init__(self, text: str, first_line: int = 1) -> None:
        self.text, self.first_line = text, first_line
        self.offset, self.line, self.start = 0, first_line, 0

    def at(self, offset: int) -> Position:
        if offset < self.offset:
            self.offset, self.line, self.start = 0, self.first_line, 0
        newlines = self.text.count("\n", self.offset, offset)
        if newlines:
            self.line += newlines
            self.start = self.text.rfind("\n", self.offset, offset) + 1
        self.offset = offset
        return (self.line, offset - self.start + 1)


class Walker:
    """Reads a JSON text into a ``Tree``; syntax errors become FV001 problems and stop reading (see module doc)."""

    def __init__(self, text: str, file: str, first_line: int = 1) -> None:
        self.text, self.file = text, file
        self.lines = Lines(text, first_line)
        self.tree = Tree()
        self.problems: list[Diagnostic] = []
        self.stopped = False
        self._keys: tuple[list[int], list[str]] | None = None

    def document(self) -> Tree:
        """Walk the whole text."""
        start = _WS.match(self.text).end()
        self.tree.value, end = self.value(start, 0, "top")
        if not self.stopped and _WS.match(self.text, end).end() != len(self.text):
            self._fail(JSONDecodeError("Extra data", self.text, _WS.match(self.text, end).end()))
        return self.tree

    def value(self, pos: int, depth: int, kind: str) -> tuple[object, int]:
        """The value at ``pos`` and the offset after it; ``kind`` is top / audit / findings / other."""
        try:
            char = self.text[pos:pos + 1]
            if char in ("{", "["):
                if depth >= MAX_DEPTH:
                    raise InputError(f"the document is nested deeper than {MAX_DEPTH} levels",
                                     Location(self.file, *self.lines.at(pos)), "a report needs a few levels only")
                return self.object(pos, depth + 1, kind) if char == "{" else self.array(pos, depth + 1, kind)
            return _SCAN(self.text, pos)
        except StopIteration as stop:
            self._fail(JSONDecodeError("Expecting value", self.text, stop.value))
        except JSONDecodeError as err:
            self._fail(err)
        return None, len(self.text)

    def object(self, pos: int, depth: int, kind: str) -> tuple[dict[str, object], int]:
        text, result, keys = self.text, {}, {}
        self.tree.marks[id(result)] = self.lines.at(pos)
        self.tree.keys[id(result)] = keys
        pos = _WS.match(text, pos + 1).end()
        if text[pos:pos + 1] == "}":
            return result, pos + 1
        while True:
            if text[pos:pos + 1] != '"':
                return self._fail(JSONDecodeError("Expecting a key in double quotes", text, pos), result)
            key, after = scanstring(text, pos + 1)
            where = self.lines.at(pos)
            if key in keys:
                self.problems.append(problem("FV004", f"duplicate key {key!r} (first at line {keys[key][0]}); "
                                             "the later value is used", self.file, where, hint="remove one of them"))
            keys.setdefault(key, where)
            pos = _WS.match(text, after).end()
            if text[pos:pos + 1] != ":":
                return self._fail(JSONDecodeError("Expecting ':' after the key", text, pos), result)
            child = {"audit": "audit", "findings": "findings"}.get(key, "other") if kind == "top" else "other"
            result[key], pos = self.value(_WS.match(text, pos + 1).end(), depth, child)
            if self.stopped:
                return result, len(text)
            pos = _WS.match(text, pos).end()
            if text[pos:pos + 1] == ",":
                pos = _WS.match(text, pos + 1).end()
            elif text[pos:pos + 1] == "}":
                return result, pos + 1
            else:
                return self._fail(JSONDecodeError("Expecting ',' or '}'", text, pos), result)

    def array(self, pos: int, depth: int, kind: str) -> tuple[list[object], int]:
        text, result, starts = self.text, [], []
        self.tree.marks[id(result)] = self.lines.at(pos)
        self.tree.items[id(result)] = starts
        findings = kind in ("findings", "top")
        pos = _WS.match(text, pos + 1).end()
        if text[pos:pos + 1] == "]":
            return result, pos + 1
        while True:
            where = self.lines.at(pos)
            item, end = self.finding(pos, depth) if findings else self.value(pos, depth, "other")
            if self.stopped:
                if not findings or (pos := self._resync(pos)) < 0:
                    return result, len(text)
                self.stopped = False
                continue
            result.append(item)
            starts.append(where)
            pos = _WS.match(text, end).end()
            if text[pos:pos + 1] == ",":
                pos = _WS.match(text, pos + 1).end()
            elif text[pos:pos + 1] == "]":
                return result, pos + 1
            else:
                return self._fail(JSONDecodeError("Expecting ',' or ']'", text, pos), result)

    def finding(self, pos: int, depth: int) -> tuple[object, int]:
        """One finding: decoded in C, its key positions from the regex pass when they match, else walked."""
        try:
            item, end = _SCAN(self.text, pos)
        except (StopIteration, JSONDecodeError, RecursionError):
            return self.value(pos, depth, "other")
        if type(item) is not dict:
            return item, end
        starts, names = self._keys or self._find_keys()
        first = bisect_left(starts, pos)
        last = bisect_left(starts, end, first)
        if last - first != len(item) or names[first:last] != list(item):
            return self.value(pos, depth, "other")
        self.tree.keys[id(item)] = dict(zip(names[first:last], map(self.lines.at, starts[first:last])))
        return item, end

    def _find_keys(self) -> tuple[list[int], list[str]]:
        self._keys = (list(map(re.Match.start, _KEY.finditer(self.text))), _KEY.findall(self.text))
        return self._keys

    def _resync(self, start: int) -> int:
        """Where the finding after a broken one starts (same column as ``start``), or -1."""
        column = self.lines.at(start)[1]
        pos = start
        while (found := _NEXT_ITEM.search(self.text, pos)) is not None:
            if self.lines.at(found.start(1))[1] == column or "\n" not in self.text[start:found.start(1)]:
                return found.start(1)
            pos = found.end()
        return -1

    def _fail(self, err: JSONDecodeError, partial: Any = None) -> tuple[Any, int]:
        self.stopped = True
        self.problems.append(problem("FV001", f"JSON syntax error: {err.msg}", self.file, self.lines.at(err.pos),
                                     hint="check the commas, quotes and brackets around this position"))
        return partial, len(self.text)


def read(text: str, file: str, options: ReadOptions) -> ReadResult:
    """Read a JSON report."""
    walker = Walker(text, file)
    raw = to_raw_report(walker.document(), file)
    raw.problems[:0] = walker.problems
    return assemble(raw, options)
