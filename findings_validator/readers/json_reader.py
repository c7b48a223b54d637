"""JSON reports, with positions, at C speed where the text allows.

The document is walked by hand down to the findings list; each finding is then decoded by the C scanner in one
call, noting where it starts. Where its keys are is worked out only when asked (``LazyPositions``, by walking that
finding's text), when the finding's span shows no more keys than the finding has: otherwise (nested objects,
repeated keys, unusual spacing) the finding is walked by hand at once, which also reports repeated keys. A syntax
error in a finding loses that finding only: reading resumes at the next ``}, {`` at the finding's indentation.
"""

from __future__ import annotations

import json
import re
from functools import partial
from json.decoder import JSONDecodeError, scanstring
from typing import Any

from ..errors import InputError, Location
from ..models import Diagnostic
from .common import Position, ReadOptions, ReadResult, assemble, problem
from .positions import LazyPositions
from .tree import Tree, to_raw_report

MAX_DEPTH = 64
_WS = re.compile(r"[ \t\n\r]*")
_SPACED_KEY = re.compile(r'"[ \t\n\r]+:')
_COMMA = re.compile(r"[ \t\n\r]*,[ \t\n\r]*(?=[^\]\s])")
_NEXT_ITEM = re.compile(r"\}\s*,\s*(\{)")
_SCAN = json.JSONDecoder().scan_once


class Lines:
    """Offsets to (line, column), 1-based; fast when offsets mostly grow."""

    __slots__ = ("text", "offset", "line", "start", "first_line")

    def __init__(self, text: str, first_line: int = 1, offset: int = 0, column: int = 1) -> None:
        """``first_line`` is the line at ``offset``, where the column is ``column``; offsets before it go back to
        the text's start, taken as ``first_line`` (give an offset only to read on from there)."""
        self.text, self.first_line = text, first_line
        self.offset, self.line, self.start = offset, first_line, offset - column + 1

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
        """The findings list, each finding decoded by the C scanner in one call. Where a finding starts is noted as
        it is read; where its keys are, only when asked (``LazyPositions``). A finding whose span may hold other
        keys than its own one for one (a nested object, a repeated key, a ``":`` inside a text, a space before a
        colon) is walked by hand; after a syntax error the whole list is (``walk_findings``)."""
        text, lines, keys = self.text, self.lines, self.tree.keys
        count, find, rfind, comma = text.count, text.find, text.rfind, _COMMA.match
        locate = partial(object_keys, text)
        items: list[object] = []
        starts: list[Position] = []
        spaced = _SPACED_KEY.search(text, pos)      # the next key written "name" : value, if any
        spaced_at = spaced.start() if spaced else len(text)
        line, start, prev = lines.line, lines.start, lines.offset
        reported = len(self.problems)
        try:
            at = _WS.match(text, pos + 1).end()
            end = at
            if text[at:at + 1] != "]":
                while True:
                    item, end = _SCAN(text, at)
                    if type(item) is dict and item and count('":', at, end) == len(item) and spaced_at >= end:
                        key = find('"', at)
                        newlines = count("\n", prev, key)
                        if newlines:
                            line += newlines
                            start = rfind("\n", prev, key) + 1
                        prev = key
                        where = (line, key - start + 1)
                        keys[id(item)] = LazyPositions(locate, at, where)
                    else:
                        lines.offset, lines.line, lines.start = prev, line, start
                        where = lines.at(at)
                        item, _ = self.value(at, depth, "other")
                        own = keys.get(id(item))
                        if own:
                            where = next(iter(own.values()))
                        prev, line, start = lines.offset, lines.line, lines.start
                        if spaced_at < end:
                            spaced = _SPACED_KEY.search(text, end)
                            spaced_at = spaced.start() if spaced else len(text)
                    items.append(item)
                    starts.append(where)
                    found = comma(text, end)
                    if found is None:
                        break
                    at = found.end()
                end = _WS.match(text, end).end()
        except (StopIteration, JSONDecodeError, RecursionError):
            end = -1
        if end < 0 or text[end:end + 1] != "]":     # read it again, by hand, to say where the syntax error is
            for item in items:
                keys.pop(id(item), None)
            del self.problems[reported:]
            lines.offset, lines.line, lines.start = 0, lines.first_line, 0
            return self.walk_findings(pos, depth)
        lines.offset, lines.line, lines.start = prev, line, start
        self.tree.items[id(items)] = starts
        return items, end + 1

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


def object_keys(text: str, brace: int, where: Position) -> dict[str, Position]:
    """Where each key of the object at offset ``brace`` is; ``where`` is the position of its first key. The object
    has been decoded already; a part nested too deeply for the walk leaves out the keys after it."""
    walker = Walker(text, "<positions>")
    walker.lines = Lines(text, where[0], _WS.match(text, brace + 1).end(), where[1])
    try:
        walker.mapping(brace, 1, "other")
    except (InputError, RecursionError):
        pass
    return next(iter(walker.tree.keys.values()), {})


def read(text: str, file: str, options: ReadOptions) -> ReadResult:
    """Read a JSON report."""
    walker = Walker(text, file)
    raw = to_raw_report(walker.document(), file)
    raw.problems[:0] = walker.problems
    return assemble(raw, options)
