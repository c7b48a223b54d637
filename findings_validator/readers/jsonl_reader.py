"""JSON Lines reports, streamed: one finding object per line, in constant memory whatever the file's size.

The audit metadata is the first line, ``{"audit": {...}}``, or comes from the caller. A line that is not JSON is
reported (FV001) and skipped, as is a line nested too deeply for the C scanner (FV004, where it passes the depth
limit) and a line longer than ``MAX_LINE_BYTES`` (read past in pieces, never held whole); the other lines are still
read. Duplicate ids are not looked for while streaming (that would take memory in proportion to the file);
``read_report`` looks for them.
"""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Iterator
from typing import IO, Any, NamedTuple

from ..errors import InputError, Location
from ..models import Audit, Diagnostic, Finding, Report
from . import json_reader
from .common import (SURROGATE_ESCAPE, FindingBuilder, NestedTooDeep, ReadOptions, ReadResult, duplicates, problem,
                     skipped_too_deep)
from .json_reader import Walker, object_keys, scan
from .positions import LazyPositions
from .source import MAX_LINE_BYTES, Origin, bom_encoding, decode_line, looks_binary, without_nul

_TRAILING = re.compile(r"[ \t\r\n]*")
_LINE_ENDS = frozenset({"\n", "\r\n", "\r"})


class FindingStream(NamedTuple):
    """What ``iter_findings`` returns: the audit metadata, and findings and problems in file order."""

    audit: Audit
    items: Iterator[Finding | Diagnostic]

    @property
    def duplicates_checked(self) -> bool:
        """Whether repeated ids (FV003) are among the problems (a report read whole) or left to the caller."""
        return False


class WholeReport(FindingStream):
    """A ``FindingStream`` of a report that was read whole: its problems include repeated ids."""

    __slots__ = ()

    @property
    def duplicates_checked(self) -> bool:
        return True


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


def part(origin: Origin, options: ReadOptions, first_line: int, builder: FindingBuilder) -> Iterator[Finding | Diagnostic]:
    """Findings and problems of a piece of a JSON Lines file that starts at line ``first_line`` (> 1), with the
    audit metadata given in ``options``: positions and messages name the file's own lines. The closing notes
    (unknown fields, an empty report) are left to the caller, who has all the pieces' ``builder``s."""
    items = _read(origin, options, first_line, builder)
    next(items)  # the audit given
    return items  # type: ignore[return-value]


def _read(origin: Origin, options: ReadOptions, first_line: int = 1,
          builder: FindingBuilder | None = None) -> Iterator[Audit | Finding | Diagnostic]:
    """The audit metadata first (from the first non-blank line, or the caller), then findings and problems in file
    order, then the closing notes (unless the caller gave the ``builder``: then they are the caller's). One loop,
    one generator: a line costs a decode, a C scan and a validation."""
    file = origin.name
    own = builder is None
    builder = builder if builder is not None else FindingBuilder(file, options.strict, options.columns)
    problems, make = builder.problems, builder.make
    head = first_line == 1           # before the first non-blank line, which may be the audit metadata
    if not head:
        yield options.audit or builder.audit(None, (0, 0), {})
    warned = False                   # a line that is not UTF-8 is warned of once
    unread = False                   # a line was lost: then an empty report needs no note of its own
    with _open(origin) as handle:
        for number, line in enumerate(split_lines(handle), first_line):
            if line is None:
                problems.append(too_long(file, number))
                data, unread = _NOT_READ, True
            else:
                try:
                    text = line.decode("utf-8")
                except UnicodeDecodeError as err:
                    text = _fallback(line, number, err, file, problems if not warned else None)
                    warned = True
                if text.startswith("\ufeff"):   # a byte order mark, on the first line or on any (files joined)
                    text = text.lstrip("\ufeff")
                if "\0" in text:               # (a file of them is binary: refused by _open)
                    text, found = without_nul(text, file, number)
                    problems += found
                if text.isspace() or not text:   # (blank: a line ends with its line break, but perhaps the last)
                    continue
                deep = None
                try:
                    data, end = scan(text, 0 if text.startswith("{") else _TRAILING.match(text).end())
                    if (end != len(text) and text[end:] not in _LINE_ENDS
                            and _TRAILING.match(text, end).end() != len(text)):
                        raise json.JSONDecodeError("Extra data", text, end)
                except (StopIteration, json.JSONDecodeError, RecursionError) as err:
                    # nested too deeply for the C scanner: walked by hand, to say where it passes the depth limit
                    deep = _nested_too_deep(text, file, number) if type(err) is RecursionError else None
                    if deep is None:
                        problems.append(_not_json(file, number, text.rstrip("\r\n")))
                    data, unread = _NOT_READ, True
                if deep is not None:
                    problems.append(skipped_too_deep(deep, f"line {number}"))
                    data, unread = _NOT_READ, True
                walked = None
                if type(data) is dict and text.count('":') > json_reader.MAX_OBJECT_KEYS:  # (a bound on the keys)
                    data, walked = _capped(text, file, number, problems)
                    unread = unread or data is _NOT_READ
                if "\\u" in text and type(data) is dict and SURROGATE_ESCAPE.search(text) is not None:
                    data = builder.without_surrogates(data, (number, 1), f"line {number}")
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
                if walked is not None:
                    finding = make(data, number, next(iter(walked.values()), (number, 1))[1], walked)
                elif type(data) is dict and data:
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
    problems.clear()
    if own:
        yield from builder.closing(empty_note=not unread)


_NOT_READ = object()


def _capped(text: str, file: str, number: int, problems: list[Diagnostic]) -> tuple[Any, Any]:
    """A line whose objects may hold more keys than ``object_keys``, read again as the JSON reader reads an
    object (``Walker``): the first key past the bound is reported (FV004) where it is written, it and the keys
    after it are left out. The object and its key positions; (``_NOT_READ``, None) when the line is nested too
    deeply, which is reported."""
    walker = Walker(text, file, number)
    try:
        tree = walker.document()
    except InputError as exc:
        where = (exc.location.line, exc.location.column) if exc.location else (number, 1)
        problems.append(problem("FV001", exc.message, file, where, hint=exc.hint))
        return _NOT_READ, None
    problems.extend(walker.problems)
    value = tree.value if type(tree.value) is dict else {}
    return value, tree.keys.get(id(value), {})


def _audit(builder: FindingBuilder, options: ReadOptions, text: str, number: int, data: dict[str, object]) -> Audit:
    """The audit metadata of the first line, ``{"audit": {...}}``, with the positions of its keys."""
    tree = Walker(text, builder.file, number).document()
    top = tree.value if isinstance(tree.value, dict) else data
    keys = tree.keys.get(id(top), {})
    for name in top:
        if name != "audit":
            builder.note_unknown(name, keys.get(name, (0, 0)))
    return options.audit or builder.audit(top["audit"], keys.get("audit", (0, 0)), tree.keys.get(id(top["audit"]), {}))


def lines(handle: IO[bytes], limit: int | None = None) -> Iterator[bytes | None]:
    """The file's lines as ``split_lines`` gives them, read one at a time (the handle, which must be seekable, is
    left just after each line given); a line longer than ``limit`` bytes (default ``MAX_LINE_BYTES``) is read past
    in pieces and given as None: one damaged or hostile line cannot fill the memory."""
    limit = MAX_LINE_BYTES if limit is None else limit
    while True:
        line, whole = read_line(handle, limit)
        if whole:
            if not line:
                return
            yield line
            continue
        while not whole:
            _, whole = read_line(handle, limit)
        yield None


_BREAK = re.compile(rb"[\r\n]")


def read_line(handle: IO[bytes], limit: int) -> tuple[bytes, bool]:
    """The rest of the current line with its line break (as ``split_lines`` ends lines: ``\\n``, ``\\r\\n`` or a
    lone ``\\r``), the handle (seekable) left just after it; and whether it ended within ``limit`` bytes (at a
    break or the end of the file). When it did not, ``limit`` + 1 bytes of it have been read."""
    got: list[bytes] = []
    size = 0
    while size <= limit:
        piece = handle.read(min(1 << 16, limit + 1 - size))
        if not piece:
            return b"".join(got), True
        found = _BREAK.search(piece)
        if found is None:
            got.append(piece)
            size += len(piece)
            continue
        end = found.end()
        if piece[end - 1:end] == b"\r":     # \r\n is one break: look at the byte after the \r
            after = piece[end:end + 1] if end < len(piece) else handle.read(1)
            if end == len(piece):
                piece += after
            if after == b"\n":
                end += 1
        if end < len(piece):
            handle.seek(end - len(piece), 1)
        got.append(piece[:end])
        return b"".join(got), True
    return b"".join(got), False


def line_ends(data: bytes) -> Iterator[int]:
    """Where each line of ``data`` ends (after its line break), as ``split_lines`` cuts it."""
    at = 0
    for line in data.splitlines(True):
        at += len(line)
        yield at


def split_lines(handle: IO[bytes], limit: int | None = None) -> Iterator[bytes | None]:
    """The file's lines, each with its line break: ``\\n``, ``\\r\\n`` or a lone ``\\r`` (old Mac files; mixed
    endings alike), as an editor counts them. A line longer than ``limit`` bytes (default ``MAX_LINE_BYTES``) is
    read past and given as None: one damaged or hostile line cannot fill the memory."""
    limit = MAX_LINE_BYTES if limit is None else limit
    read, size = handle.read, max(1, min(_CHUNK, limit + 1))
    pending = b""                    # the start of a line whose end is not read yet
    skipping = False                 # the current line is over the limit: read past its end
    while True:
        chunk = read(size)
        if not chunk:
            break
        parts = (pending + chunk).splitlines(True) if pending else chunk.splitlines(True)
        pending = parts.pop()
        if pending.endswith(b"\n"):  # (a \r at the end may be the first half of \r\n: wait for the next chunk)
            parts.append(pending)
            pending = b""
        for part in parts:
            if skipping:
                skipping = False
                continue
            yield None if len(part) > limit + 2 and len(part.rstrip(b"\r\n")) > limit else part
        if len(pending) > limit:
            if not skipping:
                yield None
            skipping, pending = True, b""
    if pending and not skipping:
        yield pending if len(pending) <= limit else None


_CHUNK = 1 << 20


def too_long(file: str, number: int, limit: int | None = None) -> Diagnostic:
    """FV001 for a line past the size limit."""
    limit = MAX_LINE_BYTES if limit is None else limit
    size = f"{limit // 2**20} MB" if limit >= 2**20 else f"{limit:,} bytes"
    return problem("FV001", f"line {number} is longer than {size}; the line is skipped", file, (number, 1),
                   hint="a line holds one finding of a few KB: look for a missing line break or a file that is "
                        "not JSON Lines")


def _open(origin: Origin) -> IO[bytes]:
    """The file (or the content given) as UTF-8 bytes, refused if it is binary or not a regular file; a file in
    UTF-16 or UTF-32 with a byte order mark is read through its codec."""
    handle = origin.open()
    head = handle.read(8192)
    encoding = bom_encoding(head)
    handle.seek(0)
    if encoding is not None:
        return _Recoded(handle, encoding)  # type: ignore[return-value]
    if b"\0" in head and looks_binary(head):
        handle.close()
        raise InputError("this is a binary file, not a report", Location(origin.name),
                         "JSON Lines must be UTF-8 text, one JSON object per line")
    return handle


class _Recoded:
    """A UTF-16 or UTF-32 file read as UTF-8, in pieces (what cannot be decoded is given as U+FFFD)."""

    def __init__(self, handle: IO[bytes], encoding: str) -> None:
        self.handle = handle
        self.decoder = codecs.getincrementaldecoder(encoding)(errors="replace")

    def read(self, size: int = -1) -> bytes:
        data = self.handle.read(size)
        return self.decoder.decode(data, final=not data).encode("utf-8")

    def __enter__(self) -> _Recoded:
        return self

    def __exit__(self, *_: object) -> None:
        self.handle.close()


def _fallback(line: bytes, number: int, err: UnicodeDecodeError, file: str, problems: list[Diagnostic] | None) -> str:
    """A line that is not UTF-8, read as cp1252 (or latin-1); the warning goes to ``problems`` unless None."""
    text, encoding = decode_line(line)
    if problems is not None:
        problems.append(problem("FV007", f"line {number} is not UTF-8 (byte 0x{line[err.start]:02x}); it was read as "
                                f"{encoding}, and so is any other such line", file, (number, err.start + 1),
                                hint="save the file as UTF-8"))
    return text


def _nested_too_deep(text: str, file: str, number: int) -> NestedTooDeep | None:
    """Where the line at ``number`` goes past the depth limit (walked by hand), or None if it does not."""
    try:
        Walker(text, file, number).document()
    except NestedTooDeep as err:
        return err
    return None


def _not_json(file: str, number: int, text: str) -> Diagnostic:
    """FV001 for a line that is not one JSON value (given without its line break: the error is placed as read)."""
    try:
        _, end = scan(text, _TRAILING.match(text).end())
        message, offset = "Extra data", end
    except StopIteration as stop:
        message, offset = "Expecting value", stop.value
    except json.JSONDecodeError as err:
        message, offset = err.msg, err.pos
    except RecursionError:
        message, offset = "nested too deeply", 0
    return problem("FV001", f"line {number} is not JSON: {message}; the line is skipped", file, (number, offset + 1),
                   hint="each line must be one complete JSON object")


def _line_keys(name: str | None, text: str, number: int, column: int, _: None) -> Any:
    """Where the keys of the object on this line are (the ``Locate`` of its ``LazyPositions``; its first key is at
    ``column``)."""
    return object_keys(text, name, text.find("{"), number, column)
