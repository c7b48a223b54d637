"""JSON reports, with positions, at C speed where the text allows.

The document is walked by hand down to the findings list; each finding is then decoded by the C scanner in one
call, noting where it starts. Where its keys are is worked out only when asked (``LazyPositions``, by walking that
finding's text), when the finding's span shows no more keys than the finding has: otherwise (nested objects,
repeated keys, unusual spacing) the finding is walked by hand at once, which also reports repeated keys. A syntax
error in a finding, or text between two findings that is not one, loses only that: reading resumes at the next
object that starts an item (``_resync``), and the problem names the lines skipped.
"""

from __future__ import annotations

import dataclasses
import json
import re
from functools import partial
from itertools import accumulate, repeat
from operator import sub
from json.decoder import JSONDecodeError, scanstring
from collections.abc import Iterator
from typing import Any

from ..errors import InputError
from ..models import Audit, Diagnostic, Finding
from .common import (SURROGATE_ESCAPE, NestedTooDeep, Position, RawFinding, RawReport, ReadOptions, ReadResult,
                     assemble, assemble_stream, lines_named, problem, skipped_too_deep)
from .positions import UNKNOWN, LazyPositions
from .tree import Tree, to_raw_report

MAX_DEPTH = 64
MAX_OBJECT_KEYS = 10_000
"""Keys read in one JSON object; those past it are reported once (FV004) and left out, the rest is read."""
_WS = re.compile(r"[ \t\n\r]*")
_KEY_END = re.compile('":')
_MATCH_START = re.Match.start
_SPACED_KEY = re.compile(r'"[ \t\n\r]+:')
_COMMA = re.compile(r"[ \t\n\r]*,[ \t\n\r]*(?=[^\]\s])")
_NEXT_ITEM = re.compile(r'\{[ \t\r\n]*["}]')  # an object, the next finding if a comma or a line's start is before it
_SCAN = json.JSONDecoder().scan_once
MAX_INT_DIGITS = 4_300
"""An integer written with more digits than this is kept as its text (Python refuses to convert it quickly)."""


def _int(text: str) -> int | str:
    return int(text) if len(text.lstrip("-")) <= MAX_INT_DIGITS else text


_SCAN_BIG = json.JSONDecoder(parse_int=_int).scan_once
"""``_SCAN`` for a text that holds an integer too long to convert: such an integer is kept as text."""


def scan(text: str, pos: int) -> tuple[object, int]:
    """One JSON value at ``pos`` by the C scanner, and the offset after it; an integer of more than
    ``MAX_INT_DIGITS`` digits is kept as text (the C scanner's ``int()`` refuses it: the value is scanned again)."""
    try:
        return _SCAN(text, pos)
    except JSONDecodeError:
        raise
    except ValueError:
        return _SCAN_BIG(text, pos)


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
                    raise NestedTooDeep(self.file, self.lines.at(pos), MAX_DEPTH)
                return self.mapping(pos, depth + 1, kind) if char == "{" else self.sequence(pos, depth + 1, kind)
            return scan(self.text, pos)
        except StopIteration as stop:
            self._fail(JSONDecodeError("Expecting value", self.text, stop.value))
        except JSONDecodeError as err:
            self._fail(err)
        return None, len(self.text)

    def mapping(self, pos: int, depth: int, kind: str) -> tuple[dict[str, object], int]:
        text, result, keys = self.text, {}, {}
        self.tree.keys[id(result)] = keys
        full = False                                    # past MAX_OBJECT_KEYS (reported once)
        pos = _WS.match(text, pos + 1).end()
        if text[pos:pos + 1] == "}":
            return result, pos + 1
        while True:
            if text[pos:pos + 1] != '"':
                return self._fail(JSONDecodeError("Expecting a key in double quotes", text, pos), result)
            key, after = scanstring(text, pos + 1)
            where = self.lines.at(pos)
            over = key not in keys and len(keys) >= MAX_OBJECT_KEYS
            if over:
                if not full:
                    full = True
                    self.problems.append(problem(
                        "FV004", f"the object has more than {MAX_OBJECT_KEYS:,} keys; this key and those after it "
                        "are left out", self.file, where, hint="a finding needs a few keys (limit: object_keys)"))
            elif key in keys:
                self.problems.append(problem("FV004", f"duplicate key {key!r} (first at line {keys[key][0]}); "
                                             "the later value is used", self.file, where, hint="remove one of them"))
            if not over:
                keys.setdefault(key, where)
            pos = _WS.match(text, after).end()
            if text[pos:pos + 1] != ":":
                return self._fail(JSONDecodeError("Expecting ':' after the key", text, pos), result)
            child = {"audit": "audit", "findings": "findings"}.get(key, "other") if kind == "top" else "other"
            value, pos = self.value(_WS.match(text, pos + 1).end(), depth, child)
            if not over:
                result[key] = value
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
        colon) is walked by hand; after a syntax error, or a finding nested past the depth limit (met in a walk,
        or a ``RecursionError`` of the C scanner), the whole list is (``walk_findings``). A finding the C scanner
        reads in one call is bounded by its own recursion limit, not by ``MAX_DEPTH``: counting its brackets
        would cost every finding some per cent of its read."""
        text, lines, keys = self.text, self.lines, self.tree.keys
        count, find, rfind, comma = text.count, text.find, text.rfind, _COMMA.match
        locate = partial(object_keys, text)
        items: list[object] = []
        made: list[RawFinding] = []
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
                    if (type(item) is dict and item and count('":', at, end) == len(item) and spaced_at >= end
                            and len(item) <= MAX_OBJECT_KEYS):
                        key = find('"', at)
                        newlines = count("\n", prev, key)
                        if newlines:
                            line += newlines
                            start = rfind("\n", prev, key) + 1
                        prev = key
                        made.append(RawFinding(item, line, key - start + 1,
                                               LazyPositions(locate, at, line, key - start + 1, end)))
                    else:
                        lines.offset, lines.line, lines.start = prev, line, start
                        where = lines.at(at)
                        item, _ = self.value(at, depth, "other")
                        own = keys.get(id(item), {})
                        if own:
                            where = next(iter(own.values()))
                        made.append(RawFinding(item, where[0], where[1], own))
                        prev, line, start = lines.offset, lines.line, lines.start
                        if spaced_at < end:
                            spaced = _SPACED_KEY.search(text, end)
                            spaced_at = spaced.start() if spaced else len(text)
                    items.append(item)
                    found = comma(text, end)
                    if found is None:
                        break
                    at = found.end()
                end = _WS.match(text, end).end()
        except (StopIteration, ValueError, RecursionError, NestedTooDeep):  # (a JSONDecodeError, a long integer)
            end = -1
        if end < 0 or text[end:end + 1] != "]":     # read it again, by hand, to say where the syntax error is
            del self.problems[reported:]
            lines.offset, lines.line, lines.start = 0, lines.first_line, 0
            return self.walk_findings(pos, depth)
        lines.offset, lines.line, lines.start = prev, line, start
        self.tree.made[id(items)] = (items, made)
        return items, end + 1

    def walk_findings(self, pos: int, depth: int) -> tuple[list[object], int]:
        """The findings list read by hand; after a syntax error in a finding, or nesting past the depth limit,
        reading goes on with the next one, and the problem names the lines skipped."""
        text, result, starts = self.text, [], []
        self.tree.items[id(result)] = starts
        column = None                               # where the last finding read starts (its brace's column)
        pos = _WS.match(text, pos + 1).end()
        while text[pos:pos + 1] != "]":
            where = self.lines.at(pos)
            deep = None
            try:
                item, end = self.value(pos, depth, "other")
            except NestedTooDeep as err:
                deep = err
            if deep is not None or self.stopped:   # the finding is lost; reading goes on at the next
                resume = self._resync(pos, column)
                what = "the finding" if text[pos:pos + 1] in ("{", "[") else "what is not a finding"
                skipped = (f"{what} at {lines_named(where[0], self.lines.at(resume)[0] - 1)}" if resume >= 0
                           else f"the rest of the list, from line {where[0]},")
                if deep is not None:
                    self.problems.append(skipped_too_deep(deep, skipped))
                else:                               # the syntax error (FV001) is the last problem
                    lost = self.problems[-1]
                    self.problems[-1] = dataclasses.replace(lost, message=f"{lost.message}; {skipped} is skipped")
                if resume < 0:
                    self.stopped = True
                    return result, len(text)
                self.stopped = False
                pos = resume
                continue
            keys = self.tree.keys.get(id(item))
            result.append(item)
            starts.append(next(iter(keys.values())) if keys else where)
            column = where[1]
            if (pos := self._after_item(end, result)) < 0:
                pos = _WS.match(text, end).end()
                lost = self.problems[-1]
                if text[pos:pos + 1] == "{":        # a comma left out between two findings: both are read
                    self.problems[-1] = dataclasses.replace(lost, message=f"{lost.message}; a comma is missing "
                                                            "before this finding, which is read as if it were there")
                else:                               # garbage after a finding: skipped up to the next one
                    first = self.lines.at(pos)[0]
                    resume = self._resync(pos, column)
                    if resume < 0:
                        return result, len(text)
                    skipped = lines_named(first, self.lines.at(resume)[0] - 1)
                    self.problems[-1] = dataclasses.replace(lost, message=f"{lost.message}; what is not a finding "
                                                            f"at {skipped} is skipped")
                    pos = resume
                self.stopped = False
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

    def _resync(self, start: int, column: int | None = None) -> int:
        """Where the next finding after ``start`` (a broken finding, or garbage after one) starts, or -1: an object
        after a comma or at the start of a line, in the column of ``start`` or ``column`` (the findings' own), or
        on the same line as ``start`` (a list written on one line)."""
        text = self.text
        line, first = self.lines.at(start)
        columns = {first, column}
        pos = start + 1
        while (found := _NEXT_ITEM.search(text, pos)) is not None:
            brace = pos = found.start()
            before = brace - 1
            while before >= start and text[before] in " \t\r":
                before -= 1
            if before >= start and text[before] in ",\n":
                where = self.lines.at(brace)
                if where[1] in columns or where[0] == line:
                    return brace
            pos += 1
        return -1

    def _fail(self, err: JSONDecodeError, partial: Any = None) -> tuple[Any, int]:
        self.stopped = True
        self.problems.append(problem("FV001", f"JSON syntax error: {err.msg}", self.file, self.lines.at(err.pos),
                                     hint="check the commas, quotes and brackets around this position"))
        return partial, len(self.text)


def object_keys(text: str, name: str | None, brace: int, line: int, column: int, end: int | None = None) -> Any:
    """Where the keys of the object at offset ``brace`` are (a ``Locate`` for ``LazyPositions``): all of them
    (``name`` None), or the key ``name`` alone. Its first key is at ``line``, ``column``. ``end`` is the offset after
    the object when the reader has checked that every ``":`` there ends one of its own keys; without it (a line of
    JSON Lines) that is taken as true when the object holds no backslash, no nested object and no space before a
    colon, and otherwise the object is walked by hand."""
    if end is None:
        end = len(text)
        if (text.find("\\", brace, end) >= 0 or text.find("{", brace + 1, end) >= 0
                or _SPACED_KEY.search(text, brace, end)):
            if name is not None:
                return UNKNOWN
            found = _scanned_keys(text, brace, line, column)
            return found if found is not None else _walked_keys(text, brace, line, column)
    elif text.find("\\", brace, end) >= 0:              # an escape: each key decoded (or the object walked)
        return UNKNOWN if name is not None else _escaped_keys(text, brace, end, line, column)
    first = text.find('"', brace)
    if name is not None:                                # each key is written as "name": exactly once
        at = text.find(f'"{name}":', brace, end)
        if at < 0:
            return None
        newlines = text.count("\n", first, at)
        return (line + newlines, at - text.rfind("\n", first, at)) if newlines else (line, column + at - first)
    closes = list(map(_MATCH_START, _KEY_END.finditer(text, brace, end)))
    openings = list(map(text.rfind, repeat('"'), repeat(brace), closes))
    # as Lines.at does, in bulk: the lines counted from key to key, the last line break carried forward
    before = [first, *openings[:-1]]
    breaks = accumulate(map(text.rfind, repeat("\n"), before, openings), max, initial=first - column)
    lines = accumulate(map(text.count, repeat("\n"), before, openings), initial=line)
    next(breaks), next(lines)
    names = [text[opening + 1:close] for opening, close in zip(openings, closes)]
    found = dict(zip(names, zip(lines, map(sub, openings, breaks))))
    return found if len(found) == len(names) else _walked_keys(text, brace, line, column)


def _escaped_keys(text: str, brace: int, end: int, line: int, column: int) -> dict[str, Position]:
    """``object_keys`` when there is a backslash in the object: each key decoded, or the object walked when one
    holds an escaped quote."""
    found: dict[str, Position] = {}
    lines = Lines(text, line, text.find('"', brace), column)
    for close in map(_MATCH_START, _KEY_END.finditer(text, brace, end)):
        opening = text.rfind('"', brace, close)
        if text[opening - 1] == "\\":
            return _walked_keys(text, brace, line, column)
        found[scanstring(text, opening + 1)[0]] = lines.at(opening)
    return found


def _scanned_keys(text: str, brace: int, line: int, column: int) -> dict[str, Position] | None:
    """The keys of the object at ``brace`` with each value skipped by the C decoder: exact whatever the values hold
    (escapes, nested objects, strings that look like keys), and several times faster than walking it by hand.
    None when the object repeats a key or is not well formed: the walk deals with those (the first of a repeated
    key, and what can be read of a broken object)."""
    ws = _WS.match
    at = ws(text, brace + 1).end()
    lines = Lines(text, line, at, column)
    found: dict[str, Position] = {}
    try:
        if text[at] == "}":
            return found
        while True:
            if text[at] != '"':
                return None
            key, after = scanstring(text, at + 1)
            if key in found:
                return None
            found[key] = lines.at(at)
            at = ws(text, after).end()
            if text[at] != ":":
                return None
            at = ws(text, scan(text, ws(text, at + 1).end())[1]).end()
            if text[at] == "}":
                return found
            if text[at] != ",":
                return None
            at = ws(text, at + 1).end()
    except (IndexError, StopIteration, JSONDecodeError, RecursionError):
        return None


def _walked_keys(text: str, brace: int, line: int, column: int) -> dict[str, Position]:
    """``object_keys`` by walking the object by hand; a part nested too deeply leaves out the keys after it."""
    walker = Walker(text, "<positions>")
    walker.lines = Lines(text, line, _WS.match(text, brace + 1).end(), column)
    try:
        walker.mapping(brace, 1, "other")
    except (InputError, RecursionError):
        pass
    return next(iter(walker.tree.keys.values()), {})


def stream(text: str, file: str, options: ReadOptions) -> tuple[Audit, Iterator[Finding | Diagnostic]]:
    """A JSON report as a stream (``assemble_stream``): the document is parsed now, each finding's model is made
    as it is asked for."""
    return assemble_stream(_raw(text, file), options)


def read(text: str, file: str, options: ReadOptions) -> ReadResult:
    """Read a JSON report."""
    return assemble(_raw(text, file), options)


def _raw(text: str, file: str) -> RawReport:
    walker = Walker(text, file)
    raw = to_raw_report(walker.document(), file)
    raw.problems[:0] = walker.problems
    raw.surrogates = SURROGATE_ESCAPE.search(text) is not None
    return raw
