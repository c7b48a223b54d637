"""JSON reports, with positions, at C speed where the text allows.

The document is walked by hand down to the findings list; each finding is then decoded by the C scanner in one
call, and its keys' positions are taken from one pass over the whole text (``key_positions``), kept when the keys
found in the finding's span are exactly its own keys. Otherwise (nested objects, duplicate or escaped keys, a syntax
error) the finding is walked by hand too. A syntax error in a finding loses that finding only: reading resumes at
the next ``}, {`` at the finding's indentation.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_left
from itertools import accumulate, repeat
from operator import sub
from json.decoder import JSONDecodeError, scanstring
from typing import Any

from ..errors import InputError, Location
from ..models import Diagnostic
from .common import Position, ReadOptions, ReadResult, assemble, problem
from .tree import Tree, to_raw_report

MAX_DEPTH = 64
_WS = re.compile(r"[ \t\n\r]*")
_KEY_END = re.compile('":')
_COMMA = re.compile(r"[ \t\n\r]*,[ \t\n\r]*(?=[^\]\s])")
_NEXT_ITEM = re.compile(r"\}\s*,\s*(\{)")
_SCAN = json.JSONDecoder().scan_once


KeyPositions = tuple[list[int], list[int], list[Position]]


def key_positions(text: str, first_line: int = 1) -> KeyPositions:
    """For every ``"name":`` in the text: where the closing quote is, where the opening quote is, and (line, column).

    A ``\\":`` inside a string adds a bogus entry, and a key with an escaped quote gets a wrong start; callers see
    both, because a span then holds more keys than its object, or a first key of another name."""
    ends = list(map(re.Match.start, _KEY_END.finditer(text)))
    starts = list(map(text.rfind, repeat('"'), repeat(0), ends))
    before = [0, *starts[:-1]]
    # the newline before each key: searched back to the previous key only (-1: none since), carried forward by max
    line_starts = accumulate(map(text.rfind, repeat("\n"), before, starts), max)
    lines = accumulate(map(text.count, repeat("\n"), before, starts), initial=first_line)
    next(lines)
    return ends, starts, list(zip(lines, map(sub, starts, line_starts)))


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
                return self.mapping(pos, depth + 1, kind) if char == "{" else self.sequence(pos, depth + 1, kind)
            return _SCAN(self.text, pos)
        except StopIteration as stop:
            self._fail(JSONDecodeError("Expecting value", self.text, stop.value))
        except JSONDecodeError as err:
            self._fail(err)
        return None, len(self.text)

    def mapping(self, pos: int, depth: int, kind: str) -> tuple[dict[str, object], int]:
        text, result, keys = self.text, {}, {}
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

    def sequence(self, pos: int, depth: int, kind: str) -> tuple[list[object], int]:
        if kind in ("findings", "top"):
            return self.findings(pos, depth)
        text, result, starts = self.text, [], []
        self.tree.items[id(result)] = starts
        pos = _WS.match(text, pos + 1).end()
        while text[pos:pos + 1] != "]":
            starts.append(self.lines.at(pos))
            item, pos = self.value(pos, depth, "other")
            result.append(item)
            if self.stopped or (pos := self._after_item(pos, result)) < 0:
                return result, len(text)
        return result, pos + 1

    def findings(self, pos: int, depth: int) -> tuple[list[object], int]:
        """The findings list: decoded in C in one call, each finding taking its key positions from
        ``key_positions``; walked finding by finding when that does not fit or there is a syntax error."""
        try:
            items, end = _SCAN(self.text, pos)
            starts = self._align(items, pos, end)
        except (StopIteration, JSONDecodeError, RecursionError):
            starts = None
        if starts is None:
            return self.walk_findings(pos, depth)
        self.tree.items[id(items)] = starts
        return items, end

    def _align(self, items: list[object], pos: int, end: int) -> list[Position] | None:
        """Record each finding's key positions and return where each starts; None unless the keys in the list's
        span are, in order, the findings' keys (with those of nested objects, which ``_nested`` skips)."""
        text = self.text
        ends, key_starts, positions = key_positions(text, self.lines.first_line)
        at, stop = bisect_left(ends, pos), bisect_left(ends, end)
        keys, starts = self.tree.keys, []
        previous: tuple[dict[str, object], int] | None = None
        for item in items:
            if type(item) is not dict or not item:
                return None
            first = next(iter(item))
            if at >= stop or text[key_starts[at] + 1:ends[at]] != first:
                if previous is None:
                    return None
                at = self._nested(*previous, positions)
                if at >= stop or text[key_starts[at] + 1:ends[at]] != first:
                    return None
            previous = (item, at)
            keys[id(item)] = dict(zip(item, positions[at:at + len(item)]))
            starts.append(positions[at])
            at += len(item)
        if at != stop and previous is not None:
            at = self._nested(*previous, positions)
        return starts if at == stop else None

    def _nested(self, item: dict[str, object], at: int, positions: list[Position]) -> int:
        """Record the key positions of a finding holding nested objects; the index of the key after its last."""
        own: dict[str, Position] = {}

        def consume(value: object, at: int, top: bool) -> int:
            if type(value) is dict:
                for key, child in value.items():
                    if top and at < len(positions):
                        own[key] = positions[at]
                    at = consume(child, at + 1, False)
            elif type(value) is list:
                for child in value:
                    at = consume(child, at, False)
            return at

        after = consume(item, at, True)
        self.tree.keys[id(item)] = own
        return after

    def walk_findings(self, pos: int, depth: int) -> tuple[list[object], int]:
        """The findings list read by hand; after a syntax error in a finding, reading goes on with the next one."""
        text, result, starts = self.text, [], []
        self.tree.items[id(result)] = starts
        pos = _WS.match(text, pos + 1).end()
        while text[pos:pos + 1] != "]":
            where = self.lines.at(pos)
            item, end = self.value(pos, depth, "other")
            if self.stopped:
                if (pos := self._resync(pos)) < 0:
                    return result, len(text)
                self.stopped = False
                continue
            keys = self.tree.keys.get(id(item))
            result.append(item)
            starts.append(next(iter(keys.values())) if keys else where)
            if (pos := self._after_item(end, result)) < 0:
                return result, len(text)
        return result, pos + 1

    def _after_item(self, pos: int, result: list[object]) -> int:
        """Past the comma after a list item: where the next item (or the closing bracket) is; -1 on an error."""
        found = _COMMA.match(self.text, pos)
        if found is not None:
            return found.end()
        pos = _WS.match(self.text, pos).end()
        if self.text[pos:pos + 1] == "]":
            return pos
        self._fail(JSONDecodeError("Expecting ',' or ']'", self.text, pos), result)
        return -1

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
