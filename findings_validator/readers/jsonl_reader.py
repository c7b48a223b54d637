"""JSON Lines reports, streamed: one finding object per line, in constant memory whatever the file's size.

The audit metadata is the first line, ``{"audit": {...}}``, or comes from the caller. A line that is not JSON is
reported (FV001) and skipped; the other lines are still read. Duplicate ids are not looked for while streaming
(that would take memory in proportion to the file); ``read_report`` looks for them.
"""

from __future__ import annotations

import io
import itertools
import json
import re
from itertools import repeat
from operator import sub
from collections.abc import Iterator
from dataclasses import dataclass
from typing import NamedTuple

from ..errors import InputError, Location
from ..models import Audit, Diagnostic, Finding, Report
from .common import (FindingBuilder, Position, RawFinding, ReadOptions, ReadResult, build, duplicates,
                     problem)
from .json_reader import _KEY_END, _SCAN, Walker
from .source import Origin


_MATCH_START = re.Match.start
_TRAILING = re.compile(r"[ \t\r\n]*")


class FindingStream(NamedTuple):
    """What ``iter_findings`` returns: the audit metadata, and findings and problems in file order."""

    audit: Audit
    items: Iterator[Finding | Diagnostic]


@dataclass(slots=True)
class _Metadata:
    """The first line's ``{"audit": {...}}``, with the positions of its keys and of the audit block's keys."""

    data: dict[str, object]
    keys: dict[str, Position]
    audit_keys: dict[str, Position]


def stream(origin: Origin, options: ReadOptions) -> FindingStream:
    """Start reading: the audit metadata is read now, the findings as the caller iterates."""
    items = _read(origin, options)
    audit = next(items)
    assert isinstance(audit, Audit)
    return FindingStream(audit, items)  # type: ignore[arg-type]


def read(origin: Origin, options: ReadOptions) -> ReadResult:
    """The whole report, with duplicate ids checked."""
    audit, items = stream(origin, options)
    findings: list[Finding] = []
    problems: list[Diagnostic] = []
    for item in items:
        (findings if type(item) is Finding else problems).append(item)  # type: ignore[arg-type]
    problems += duplicates(findings)
    return ReadResult(Report(audit=audit, findings=tuple(findings), file=origin.name), tuple(sorted(problems)))


def _read(origin: Origin, options: ReadOptions) -> Iterator[Audit | Finding | Diagnostic]:
    file = origin.name
    builder = FindingBuilder(file, options.strict)
    parsed = _parse(_lines(origin), file)
    first = next(parsed, None)
    if isinstance(first, _Metadata):
        for name in first.data.keys() - {"audit"}:
            builder.note_unknown(name, first.keys.get(name, (0, 0)))
        audit = options.audit or builder.audit(first.data["audit"], first.keys.get("audit", (0, 0)), first.audit_keys)
        rest: Iterator[RawFinding | Diagnostic] = parsed
    else:
        audit = options.audit or builder.audit(None, (0, 0), {})
        rest = itertools.chain([] if first is None else [first], parsed)
    yield audit
    yield from builder.problems
    builder.problems.clear()
    yield from build(builder, rest)


def _lines(origin: Origin) -> Iterator[tuple[int, str] | Diagnostic]:
    """Decoded lines, numbered from 1; a line that is not UTF-8 is read as cp1252 (or latin-1), warned once."""
    try:
        handle = open(origin.path, "rb") if origin.path else io.BytesIO(origin.content or b"")
    except OSError as err:
        raise InputError(f"cannot read the file: {err.strerror or err}", Location(origin.name),
                         "check the path and its permissions") from None
    warned = False
    with handle:
        head = handle.read(8192)
        if b"\0" in head:
            raise InputError("this is a binary file, not a report", Location(origin.name),
                             "JSON Lines must be UTF-8 text, one JSON object per line")
        handle.seek(0)
        for number, data in enumerate(handle, 1):
            try:
                text = data.decode("utf-8-sig" if number == 1 else "utf-8")
            except UnicodeDecodeError as err:
                try:
                    text, encoding = data.decode("cp1252"), "cp1252 (Windows)"
                except UnicodeDecodeError:
                    text, encoding = data.decode("latin-1"), "latin-1"
                if not warned:
                    warned = True
                    yield problem("FV007", f"line {number} is not UTF-8 (byte 0x{data[err.start]:02x}); it was read "
                                  f"as {encoding}, and so is any other such line", origin.name,
                                  (number, err.start + 1), hint="save the file as UTF-8")
            yield number, text


def _parse(lines: Iterator[tuple[int, str] | Diagnostic], file: str) -> Iterator[RawFinding | Diagnostic | _Metadata]:
    """Each non-blank line as a raw finding (the first may be the metadata), or the problem that stopped it."""
    first = True
    for entry in lines:
        if type(entry) is not tuple:
            yield entry  # type: ignore[misc]
            continue
        number, text = entry
        text = text.rstrip("\r\n")
        if not text or text.isspace():  # (isspace, not strip: no copy of the line)
            continue
        try:
            data, end = _SCAN(text, _TRAILING.match(text).end())
            if _TRAILING.match(text, end).end() != len(text):
                raise json.JSONDecodeError("Extra data", text, end)
        except StopIteration as stop:
            yield _not_json(file, number, "Expecting value", stop.value)
            first = False
            continue
        except (json.JSONDecodeError, RecursionError) as err:
            yield _not_json(file, number, getattr(err, "msg", "nested too deeply"), getattr(err, "pos", 0))
            first = False
            continue
        if type(data) is dict and "audit" in data and "id" not in data:
            if first:
                first = False
                tree = Walker(text, file, number).document()
                top = tree.value if isinstance(tree.value, dict) else data
                yield _Metadata(top, tree.keys.get(id(top), {}), tree.keys.get(id(top.get("audit")), {}))
            else:
                yield problem("FV004", "audit metadata after the first line is ignored", file, (number, 1),
                              hint="put {\"audit\": {...}} on the first line")
            continue
        first = False
        keys = _positions(text, data, number, file) if type(data) is dict else {}
        yield RawFinding(data, number, keys[next(iter(data))][1] if keys else 1, keys)


def _not_json(file: str, number: int, message: str, offset: int) -> Diagnostic:
    return problem("FV001", f"line {number} is not JSON: {message}; the line is skipped", file, (number, offset + 1),
                   hint="each line must be one complete JSON object")


def _positions(text: str, data: dict[str, object], number: int, file: str) -> dict[str, Position]:
    """(line, column) of each key of the object on this line: found by ``"name":`` when the line holds just its
    own keys (a flat object, checked by their count and first name), else by walking the line."""
    ends = list(map(_MATCH_START, _KEY_END.finditer(text)))
    first = next(iter(data), "")
    start = ends[0] - len(first) - 1 if ends else -1
    if len(ends) == len(data) and start >= 0 and text[start] == '"' and text.startswith(first, start + 1):
        return dict(zip(data, zip(repeat(number), map(sub, ends, map(len, data)))))
    walker = Walker(text, file, number)
    tree = walker.document()
    return tree.keys.get(id(tree.value), {})
