"""Checking archives: millions of findings from JSON Lines, in constant memory, on every core.

The file is cut into blocks of whole lines; each worker process reads its blocks itself, checks each finding on
its own (finding rules only: report rules such as FV702 need the whole report in memory, which an archive run
deliberately does not hold) and returns JSON Lines of results; the parent writes them in input order, keeping
only a bounded number of blocks in flight. ``check_records`` is the same per-finding step for other engines
(``findings_validator.integrations.dask``).
"""

from __future__ import annotations

import json
import os
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import orjson

from .models import Audit, Diagnostic, Finding, FindingResult, Verdict

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


def dumps(record: dict[str, object]) -> str:
    """One JSON Lines record: compact UTF-8 JSON (orjson), or the standard library's escaped form for the rare
    text that is not valid Unicode (a lone surrogate written as an escape in the input)."""
    try:
        return orjson.dumps(record).decode()
    except orjson.JSONEncodeError:
        return json.dumps(record, separators=(",", ":"))


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
                 options: BatchOptions) -> tuple[str, BatchSummary]:
    """Worker: read and check one block of lines; return its result lines and counts."""
    from .readers import iter_findings

    with open(path, "rb") as fh:
        fh.seek(start)
        data = fh.read(length)
    checker = checker_for(options)
    stream = iter_findings(data, format="jsonl", audit=audit)
    summary = BatchSummary()
    out: list[str] = []
    for item in stream.items:
        if isinstance(item, Diagnostic):
            summary.problems += 1
            record: dict[str, object] = {"problem": item.to_dict()}
            record["problem"]["line"] = item.line + first_line - 1  # type: ignore[index]
            record["problem"]["file"] = path  # type: ignore[index]
            out.append(dumps(record))
            continue
        result = checker.check_finding(item, stream.audit)
        summary.findings += 1
        summary.verdicts[result.verdict.value] = summary.verdicts.get(result.verdict.value, 0) + 1
        out.append(dumps(result_record(result, first_line - 1, path)))
    return ("\n".join(out) + "\n") if out else "", summary


def _blocks(fh: IO[bytes], first_line: int, block_bytes: int) -> Iterator[tuple[int, int, int]]:
    """(start, length, first line number) of blocks of whole lines."""
    start, line = fh.tell(), first_line
    while True:
        chunk = fh.read(block_bytes)
        if not chunk:
            return
        if not chunk.endswith(b"\n"):
            chunk += fh.readline()
        yield start, len(chunk), line
        start += len(chunk)
        line += chunk.count(b"\n")


def check_jsonl(path: str | Path, out: IO[str], *, audit: dict[str, Any] | None = None,
                options: BatchOptions = BatchOptions(), jobs: int = 0,
                block_bytes: int = BLOCK_BYTES) -> BatchSummary:
    """Check every finding of a JSON Lines file; write one JSON object per finding to ``out``, in input order.

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
        workers = (os.cpu_count() or 1) if jobs == 0 else jobs
        if workers <= 1:
            for start, length, first_line in blocks:
                text, part = _check_block(path, start, length, first_line, audit, options)
                out.write(text)
                summary.add(part)
            return summary
        with ProcessPoolExecutor(max_workers=workers) as pool:
            pending: deque[Future[tuple[str, BatchSummary]]] = deque()
            for block in blocks:
                pending.append(pool.submit(_check_block, path, *block, audit, options))
                while len(pending) >= 2 * workers:  # bounded: memory stays flat whatever the file's size
                    text, part = pending.popleft().result()
                    out.write(text)
                    summary.add(part)
            while pending:
                text, part = pending.popleft().result()
                out.write(text)
                summary.add(part)
        return summary


def verdict_counts_line(summary: BatchSummary) -> str:
    order = [v.value for v in Verdict]
    counts = ", ".join(f"{summary.verdicts[v]} {v}" for v in order if summary.verdicts.get(v))
    return f"{summary.findings} findings checked ({counts}); {summary.problems} input problems"
