"""JSON Lines reports, streamed: one finding object per line, in constant memory whatever the file's size.

The audit metadata is the first line, ``{"audit": {...}}``, or comes from the caller. A line that is not JSON is
reported (FV001) and skipped; the other lines are still read. Duplicate ids are not looked for while streaming
(that would take memory in proportion to the file); ``read_report`` looks for them.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterator
from typing import Any, NamedTuple

from ..errors import InputError, Location
from ..models import Audit, Diagnostic, Finding, Report
from .common import FindingBuilder, ReadOptions, ReadResult, duplicates, problem
from .json_reader import _SCAN, Walker, object_keys
from .positions import LazyPositions
from .source import Origin

_TRAILING = re.compile(r"[ \t\r\n]*")


class FindingStream(NamedTuple):
    """What ``iter_findings`` returns: the audit metadata, and findings and problems in file order."""

    audit: Audit
    items: Iterator[Finding | Diagnostic]


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
    """The audit metadata first (from the first non-blank line, or the caller), then findings and problems in file
    order, then the closing notes. One loop, one generator: a line costs a decode, a C scan and a validation."""
    file = origin.name
    builder = FindingBuilder(file, options.strict)
    problems, make = builder.problems, builder.make
    head = True                      # before the first non-blank line, which may be the audit metadata
    for number, text in _lines(origin, problems):
        text = text.rstrip("\r\n")
        if not text or text.isspace():  # (isspace, not strip: no copy of the line)
            continue
        try:
            data, end = _SCAN(text, _TRAILING.match(text).end())
            if _TRAILING.match(text, end).end() != len(text):
                raise json.JSONDecodeError("Extra data", text, end)
        except StopIteration as stop:
            problems.append(_not_json(file, number, "Expecting value", stop.value))
            data = _NOT_READ
        except (json.JSONDecodeError, RecursionError) as err:
            problems.append(_not_json(file, number, getattr(err, "msg", "nested too deeply"), getattr(err, "pos", 0)))
            data = _NOT_READ
        metadata = type(data) is dict and "audit" in data and "id" not in data
        if head:
            head = False
            if metadata:
                yield _audit(builder, options, text, number, data)
                continue
            met = len(problems)
            yield options.audit or builder.audit(None, (0, 0), {})
            problems[:] = problems[met:] + problems[:met]   # no audit metadata (0:0) before this line's problems
        if data is _NOT_READ:
            pass
        elif metadata:
            problems.append(problem("FV004", "audit metadata after the first line is ignored", file, (number, 1),
                                    hint="put {\"audit\": {...}} on the first line"))
        else:
            if type(data) is dict and data:
                column = text.find('"') + 1
                finding = make(data, number, column, LazyPositions(_line_keys, text, number, column))
            else:
                finding = make(data, number, 1, {})
            if problems:
                yield from problems
                problems.clear()
            if finding is not None:
                yield finding
            continue
        yield from problems
        problems.clear()
    if head:
        yield options.audit or builder.audit(None, (0, 0), {})
    yield from problems
    yield from builder.closing()


_NOT_READ = object()


def _audit(builder: FindingBuilder, options: ReadOptions, text: str, number: int, data: dict[str, object]) -> Audit:
    """The audit metadata of the first line, ``{"audit": {...}}``, with the positions of its keys."""
    tree = Walker(text, builder.file, number).document()
    top = tree.value if isinstance(tree.value, dict) else data
    keys = tree.keys.get(id(top), {})
    for name in top:
        if name != "audit":
            builder.note_unknown(name, keys.get(name, (0, 0)))
    return options.audit or builder.audit(top["audit"], keys.get("audit", (0, 0)), tree.keys.get(id(top["audit"]), {}))


def _lines(origin: Origin, problems: list[Diagnostic]) -> Iterator[tuple[int, str]]:
    """Decoded lines, numbered from 1; a line that is not UTF-8 is read as cp1252 (or latin-1), warned once (the
    warning goes to ``problems``)."""
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
                    problems.append(problem("FV007", f"line {number} is not UTF-8 (byte 0x{data[err.start]:02x}); it "
                                            f"was read as {encoding}, and so is any other such line", origin.name,
                                            (number, err.start + 1), hint="save the file as UTF-8"))
            yield number, text


def _not_json(file: str, number: int, message: str, offset: int) -> Diagnostic:
    return problem("FV001", f"line {number} is not JSON: {message}; the line is skipped", file, (number, offset + 1),
                   hint="each line must be one complete JSON object")


def _line_keys(name: str | None, text: str, number: int, column: int, _: None) -> Any:
    """Where the keys of the object on this line are (the ``Locate`` of its ``LazyPositions``; its first key is at
    ``column``)."""
    return object_keys(text, name, text.find("{"), number, column)
