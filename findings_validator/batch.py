"""Checking archives: millions of findings from JSON Lines, in constant memory, on every core.

The file is cut into blocks of whole lines; each worker process reads its blocks itself, checks each finding on
its own (finding rules only: report rules such as FV702 need the whole report in memory, which an archive run
deliberately does not hold) and returns JSON Lines of results; the parent writes them in input order, keeping
only a bounded number of blocks in flight. ``check_records`` is the same per-finding step for other engines
(``findings_validator.integrations.dask``).
"""

from __future__ import annotations

import io
import json
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import orjson

from .models import Audit, Diagnostic, Finding, FindingResult, Verdict
from .readers.jsonl_reader import too_long
from .readers.source import MAX_LINE_BYTES

BLOCK_BYTES = 1 << 18


@dataclass(frozen=True)
class BatchOptions:
    """What every worker needs to build the same checker."""

    rules: tuple[str, ...] = ()
    catalogs: tuple[str, ...] = ()
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    builtin_rules: bool = True
    ofi_allowed: bool = True


@dataclass
class BatchSummary:
    findings: int = 0
    problems: int = 0
    verdicts: dict[str, int] = field(default_factory=dict)

    def add(self, other: BatchSummary) -> None:
        self.findings += other.findings
        self.problems += other.problems
        for key, n in other.verdicts.items():
            self.verdicts[key] = self.verdicts.get(key, 0) + n


_CHECKERS: dict[BatchOptions, Any] = {}


def checker_for(options: BatchOptions):  # type: ignore[no-untyped-def]
    """One checker per process and options (built on first use, then reused)."""
    if options not in _CHECKERS:
        from .catalog import load_catalogs
        from .dsl import load_rules
        from .dsl.context import Scheme
        from .engine import Checker

        rules = load_rules(options.rules, builtin=options.builtin_rules).select(options.select, options.ignore)
        _CHECKERS[options] = Checker(rules, load_catalogs(options.catalogs), scheme=Scheme(options.ofi_allowed))
    return _CHECKERS[options]


def result_record(result: FindingResult, line_offset: int = 0, file: str | None = None) -> dict[str, object]:
    """A finding's result as a JSON-ready dict (the ``findings`` items of the JSON format)."""
    if not line_offset and file is None:
        return result.to_dict()
    finding = result.finding
    diagnostics = []
    for diag in result.diagnostics:
        record = diag.to_dict()
        if file is not None:
            record["file"] = file
        if line_offset and diag.line:
            record["line"] = diag.line + line_offset
        diagnostics.append(record)
    return {
        "id": finding.id,
        "grade": finding.grade.value,
        "verdict": result.verdict.value,
        "file": finding.file if file is None else file,
        "line": finding.line + line_offset,
        "citations": [r.to_dict() for r in result.citations],
        "diagnostics": diagnostics,
    }


def dumps(record: dict[str, object]) -> bytes:
    """One result line as compact UTF-8 JSON (orjson); the standard library's encoder (ASCII escapes) takes the rare
    text that is not valid Unicode (a lone surrogate written as an escape in the input)."""
    try:
        return orjson.dumps(record)
    except orjson.JSONEncodeError:
        return json.dumps(record, separators=(",", ":")).encode("ascii")


def check_records(records: Iterable[dict[str, Any]], audit: Audit | dict[str, Any],
                  options: BatchOptions = BatchOptions()) -> Iterator[dict[str, object]]:
    """Check plain finding records (as in the report format) one by one; invalid records become input problems."""
    from pydantic import ValidationError

    checker = checker_for(options)
    audit = audit if isinstance(audit, Audit) else Audit.model_validate(audit)
    for n, record in enumerate(records):
        try:
            finding = Finding.model_validate(record)
        except ValidationError as exc:
            error = exc.errors()[0]
            yield {"id": str(record.get("id", f"#{n + 1}")) if isinstance(record, dict) else f"#{n + 1}",
                   "verdict": None, "problem": f"{'.'.join(map(str, error['loc']))}: {error['msg']}"}
            continue
        yield result_record(checker.check_finding(finding, audit))


def _check_block(path: str, start: int, length: int, first_line: int, audit: dict[str, Any],
                 options: BatchOptions) -> tuple[bytes, BatchSummary]:
    """Worker: read and check one block of lines; return its result lines (UTF-8) and counts. A block of length
    -1 is one line past the size limit, which is reported, not read."""
    from .readers import iter_findings

    summary = BatchSummary()
    if length < 0:
        summary.problems += 1
        return _problem_line(too_long(path, first_line), first_line, path) + b"\n", summary
    with open(path, "rb") as fh:
        fh.seek(start)
        data = fh.read(length)
    checker = checker_for(options)
    stream = iter_findings(data, format="jsonl", audit=audit)
    out: list[bytes] = []
    verdicts = summary.verdicts
    for item in stream.items:
        if isinstance(item, Diagnostic):
            summary.problems += 1
            out.append(_problem_line(item, item.line + first_line - 1, path))
            continue
        result = checker.check_finding(item, stream.audit)
        summary.findings += 1
        verdict = result.verdict.value
        verdicts[verdict] = verdicts.get(verdict, 0) + 1
        out.append(dumps(result_record(result, first_line - 1, path)))
    return (b"\n".join(out) + b"\n") if out else b"", summary


def _problem_line(problem: Diagnostic, line: int, path: str) -> bytes:
    record: dict[str, Any] = {"problem": problem.to_dict()}
    record["problem"]["line"] = line
    record["problem"]["file"] = path
    return dumps(record)


def _blocks(fh: IO[bytes], first_line: int, block_bytes: int) -> Iterator[tuple[int, int, int]]:
    """(start, length, first line number) of blocks of whole lines; a line longer than ``MAX_LINE_BYTES`` is read
    past, never held, and given as its own block of length -1."""
    start, line = fh.tell(), first_line
    while True:
        chunk = fh.read(block_bytes)
        if not chunk:
            return
        if not chunk.endswith(b"\n"):
            rest = fh.readline(MAX_LINE_BYTES + 1)
            if len(rest) > MAX_LINE_BYTES and not rest.endswith(b"\n"):   # the last line of the chunk is too long
                whole = chunk.rfind(b"\n") + 1                          # the lines before it
                if whole:
                    yield start, whole, line
                    line += chunk.count(b"\n", 0, whole)
                while rest and not rest.endswith(b"\n"):
                    rest = fh.readline(MAX_LINE_BYTES)
                yield start + whole, -1, line
                start, line = fh.tell(), line + 1
                continue
            chunk += rest
        yield start, len(chunk), line
        start += len(chunk)
        line += chunk.count(b"\n")


def check_jsonl(path: str | Path, out: IO[str] | IO[bytes], *, audit: dict[str, Any] | None = None,
                options: BatchOptions = BatchOptions(), jobs: int = 0,
                block_bytes: int = BLOCK_BYTES) -> BatchSummary:
    """Check every finding of a JSON Lines file; write one JSON object per finding to ``out`` (a text or binary
    stream; UTF-8), in input order.

    The audit metadata is the file's first line ``{"audit": {...}}`` unless given. ``jobs``: worker processes
    (0 = one per core; 1 = in this process).
    """
    path = str(path)
    with open(path, "rb") as fh:
        first = fh.readline()
        line = 1
        head = json.loads(first) if first.strip().startswith(b"{\"audit\"") else None
        if head is not None:
            audit = audit or head["audit"]
            line = 2
        else:
            fh.seek(0)
        if audit is None:
            from .errors import InputError

            raise InputError("no audit metadata: give it as the first line {\"audit\": {...}} or as an option",
                             hint="the criteria decide what every citation means")
        blocks = _blocks(fh, line, block_bytes)
        summary = BatchSummary()
        write = _writer(out)
        workers = (os.cpu_count() or 1) if jobs == 0 else jobs
        if workers <= 1:
            for start, length, first_line in blocks:
                data, part = _check_block(path, start, length, first_line, audit, options)
                write(data)
                summary.add(part)
            return summary
        with ProcessPoolExecutor(max_workers=workers) as pool:
            pending: deque[Future[tuple[bytes, BatchSummary]]] = deque()
            for block in blocks:
                pending.append(pool.submit(_check_block, path, *block, audit, options))
                while len(pending) >= 2 * workers:  # bounded: memory stays flat whatever the file's size
                    data, part = pending.popleft().result()
                    write(data)
                    summary.add(part)
            while pending:
                data, part = pending.popleft().result()
                write(data)
                summary.add(part)
        return summary


def _writer(out: IO[str] | IO[bytes]) -> Callable[[bytes], object]:
    """Write UTF-8 result lines to ``out``: as they are to a binary stream, to the bytes under a UTF-8 text file
    (after flushing what was written to it before), and decoded to any other text stream."""
    mode = getattr(out, "mode", "")
    if isinstance(out, io.RawIOBase | io.BufferedIOBase) or (isinstance(mode, str) and "b" in mode):
        return out.write  # type: ignore[return-value]
    buffer = getattr(out, "buffer", None)
    encoding = (getattr(out, "encoding", "") or "").lower().replace("-", "").replace("_", "")
    if isinstance(out, io.TextIOWrapper) and buffer is not None and encoding == "utf8":
        out.flush()
        return buffer.write  # type: ignore[no-any-return]
    return lambda data: out.write(data.decode("utf-8"))  # type: ignore[arg-type]


def verdict_counts_line(summary: BatchSummary) -> str:
    order = [v.value for v in Verdict]
    counts = ", ".join(f"{summary.verdicts[v]} {v}" for v in order if summary.verdicts.get(v))
    return f"{summary.findings} findings checked ({counts}); {summary.problems} input problems"
