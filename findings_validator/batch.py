"""Checking archives: millions of findings from JSON Lines, in constant memory, on every core.

The file is cut into blocks of whole lines; each worker process reads its blocks itself (with the JSON Lines
reader, told where in the file each block starts, so positions and messages name the file's own lines), checks
each finding on its own (finding rules only: report rules such as FV702 need the whole report in memory, which an
archive run deliberately does not hold) and returns JSON Lines of results; the parent writes them in input order,
keeping only a bounded number of blocks in flight, and ends with the notes that concern the whole file (unknown
fields, a line that is not UTF-8, an empty file). ``check_records`` is the same per-finding step for other
engines (``findings_validator.integrations.dask``).
"""

from __future__ import annotations

import io
import os
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import orjson

from . import isolation
from .isolation import failure, time_budget
from .models import Audit, Diagnostic, Finding, Severity, Verdict
from .readers import jsonl_reader
from .readers.common import FindingBuilder, Position, ReadOptions
from .readers.source import Origin, count_lines
from .dsl.text import words as _words

if TYPE_CHECKING:
    from .config import Config

BLOCK_BYTES = 1 << 18


@dataclass(frozen=True)
class BatchOptions:
    """What every worker needs to build the same checker, and to read findings as ``check`` does."""

    rules: tuple[str, ...] = ()
    catalogs: tuple[str, ...] = ()
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()
    builtin_rules: bool = True
    ofi_allowed: bool = True
    language: str = ""
    severity: tuple[tuple[str, str], ...] = ()
    strict: bool = False
    columns: tuple[tuple[str, str], ...] = ()
    """An export's own key names mapped onto finding fields (the ``columns`` setting), as the reader maps them."""

    @classmethod
    def from_config(cls, config: Config) -> BatchOptions:
        return cls(rules=tuple(config.rules), catalogs=tuple(config.catalogs), select=tuple(config.select),
                   ignore=tuple(config.ignore), extend_select=tuple(config.extend_select), builtin_rules=config.builtin_rules, ofi_allowed=config.ofi_allowed,
                   language=config.language, severity=tuple(sorted(config.severity.items())), strict=config.strict,
                   columns=tuple(sorted(config.columns.items())))

    def builder(self, file: str) -> FindingBuilder:
        """A builder of findings as the reader makes them with these options: strictness, the ``columns`` map."""
        return FindingBuilder(file, self.strict, dict(self.columns) or None)


@dataclass
class BatchSummary:
    """Counts, and what a worker saw that only the whole file can report: its unknown fields, findings met, the
    first line that is not UTF-8."""

    findings: int = 0
    problems: int = 0
    errors: int = 0
    verdicts: dict[str, int] = field(default_factory=dict)
    seen: int = 0
    unknown: dict[str, tuple[int, Position]] = field(default_factory=dict)
    not_utf8: Diagnostic | None = None
    worst: int = 0
    """The highest severity rank met (``Severity.rank``; 0 when nothing was said), for ``--fail-on``."""
    unchecked: int = 0
    """Lines that have no result because their check failed (an ``FV000`` problem names each, or each block whose
    worker died): the run is incomplete, and ``batch`` exits 2."""

    def add(self, other: BatchSummary) -> None:
        self.findings += other.findings
        self.problems += other.problems
        self.errors += other.errors
        self.seen += other.seen
        self.unchecked += other.unchecked
        self.worst = max(self.worst, other.worst)
        for key, n in other.verdicts.items():
            self.verdicts[key] = self.verdicts.get(key, 0) + n
        for name, (count, at) in other.unknown.items():
            known = self.unknown.get(name)
            self.unknown[name] = (count, at) if known is None else (known[0] + count, min(known[1], at))
        if other.not_utf8 is not None and (self.not_utf8 is None or other.not_utf8.line < self.not_utf8.line):
            self.not_utf8 = other.not_utf8

    def count(self, problem: Diagnostic) -> None:
        self.problems += 1
        self.errors += problem.severity is Severity.ERROR
        self.worst = max(self.worst, problem.severity.rank)


_CHECKERS: dict[BatchOptions, Any] = {}
_BUILDING = threading.Lock()


def checker_for(options: BatchOptions):  # type: ignore[no-untyped-def]
    """One checker per process and options (built on first use, then reused; built by one thread at a time, as
    threaded workers such as Dask's would otherwise build it at once, and Python's parser is not thread-safe on
    3.11)."""
    found = _CHECKERS.get(options)
    if found is not None:
        return found
    with _BUILDING:
        if options not in _CHECKERS:
            from .engine import build_checker

            _CHECKERS[options] = build_checker(
                rules=options.rules, builtin_rules=options.builtin_rules, select=options.select,
                ignore=options.ignore, severity=dict(options.severity), catalogs=options.catalogs,
                ofi_allowed=options.ofi_allowed, extend_select=options.extend_select,
                language=options.language)
    return _CHECKERS[options]


def dumps(record: dict[str, object]) -> bytes:
    """One result line as compact UTF-8 JSON (orjson); the standard library's encoder (ASCII escapes) takes the rare
    text that is not valid Unicode (a lone surrogate written as an escape in the input)."""
    try:
        return orjson.dumps(record)
    except orjson.JSONEncodeError:
        import json

        return json.dumps(record, separators=(",", ":")).encode("ascii")


def check_records(records: Iterable[object], audit: Audit | Mapping[str, Any],
                  options: BatchOptions = BatchOptions()) -> Iterator[dict[str, object]]:
    """Check plain finding records (as in the report format) one by one, read as the readers read findings: a
    record that cannot be read, or a field that is wrong, becomes a ``{"problem": …}`` record naming the finding;
    the other records are still checked. Records have no position (line 0): where they came from is the caller's."""
    checker = checker_for(options)
    audit = audit if isinstance(audit, Audit) else Audit.model_validate(audit.get("audit", audit))
    builder = options.builder("<records>")
    for record in records:
        finding = builder.make(dict(record) if isinstance(record, dict) else record, 0, 0, {})
        for item in builder.problems:
            yield {"problem": item.to_dict()}
        builder.problems.clear()
        if finding is not None:
            yield checker.check_finding(finding, audit).to_dict()


def _check_block(path: str, start: int, length: int, first_line: int, audit: Audit,
                 options: BatchOptions) -> tuple[bytes, BatchSummary]:
    """Worker: read and check one block of lines; return its result lines (UTF-8) and what it saw. A block of
    length -1 is one line past the size limit, which is reported, not read."""
    summary = BatchSummary()
    if length < 0:
        too_long = jsonl_reader.too_long(path, first_line)
        summary.count(too_long)
        return _problem_line(too_long) + b"\n", summary
    with open(path, "rb") as fh:
        fh.seek(start)
        data = fh.read(length)
    try:
        with time_budget(isolation.FILE_SECONDS):
            return _checked(path, data, first_line, audit, options, summary)
    except Exception:  # noqa: BLE001 - one line broke the block: check its lines one by one, each on its own
        if os.environ.get("FINDINGS_VALIDATOR_DEBUG"):
            raise
        return _checked_by_line(path, data, first_line, audit, options)


def _checked_by_line(path: str, data: bytes, first_line: int, audit: Audit,
                     options: BatchOptions) -> tuple[bytes, BatchSummary]:
    """A block whose check failed, line by line: a line that fails again is an ``FV000`` problem naming it (see
    ``isolation``), and the others are checked as usual."""
    summary = BatchSummary()
    builder = options.builder(path)
    out: list[bytes] = []
    start = 0
    for number, end in enumerate(jsonl_reader.line_ends(data), first_line):
        line = data[start:end]
        start = end
        part = BatchSummary()
        try:
            with time_budget(isolation.FILE_SECONDS):
                lines, part = _checked(path, line, number, audit, options, part, builder)
        except Exception as exc:  # noqa: BLE001 - the boundary of one line
            problem = failure(exc, path, number, what=f"line {number}")
            part = BatchSummary(unchecked=1)
            part.count(problem)
            lines = _problem_line(problem) + b"\n"
        out.append(lines)
        summary.add(part)
    summary.seen, summary.unknown = builder.seen, builder.unknown
    return b"".join(out), summary


def _checked(path: str, data: bytes, first_line: int, audit: Audit, options: BatchOptions, summary: BatchSummary,
             builder: FindingBuilder | None = None) -> tuple[bytes, BatchSummary]:
    """Read and check the lines ``data`` (from line ``first_line``): their result lines and what was seen."""
    checker = checker_for(options)
    own = builder is None
    builder = options.builder(path) if builder is None else builder
    out: list[bytes] = []
    verdicts = summary.verdicts
    for item in jsonl_reader.part(Origin(path, content=data), ReadOptions(audit, options.strict), first_line, builder):
        if type(item) is Finding:
            result = checker.check_finding(item, audit)
            summary.findings += 1
            verdict = result.verdict.value
            verdicts[verdict] = verdicts.get(verdict, 0) + 1
            for diag in result.diagnostics:
                if diag.severity.rank > summary.worst:
                    summary.worst = diag.severity.rank
            out.append(dumps(result.to_dict()))
        elif item.rule == "FV007":                  # "not UTF-8, and so is any other such line": once per file
            summary.not_utf8 = item
        elif (kept := checker.rules.keep(item)) is not None:
            summary.count(kept)
            out.append(_problem_line(kept))
    if own:
        summary.seen, summary.unknown = builder.seen, builder.unknown
    return (b"\n".join(out) + b"\n") if out else b"", summary


@dataclass
class ReportPart:
    """What a worker found in one block of a JSON Lines report checked on several processes: each finding's
    reference, its finding rules' diagnostics (waivers not yet applied: report rules may add to them), its clause
    texts (the parent resolves them again, memoised) and statement words; the block's problems; and whether its
    text mentions the lexicons the report rules ask about (``StreamedText``'s part)."""

    findings: list[tuple[Any, list[Diagnostic], tuple[str, ...], tuple[str, ...] | None]]
    problems: list[Diagnostic]
    summary: BatchSummary
    text: Any = None


def _check_report_block(path: str, start: int, length: int, first_line: int, audit: Audit, options: BatchOptions,
                        needs: Any) -> ReportPart:
    """Worker: read one block of a JSON Lines report and run its findings' own rules (see ``ReportPart``)."""
    from .engine import StreamedText
    from .models import FindingRef

    summary = BatchSummary()
    if length < 0:
        too_long = jsonl_reader.too_long(path, first_line)
        return ReportPart([], [too_long], summary)
    with open(path, "rb") as fh:
        fh.seek(start)
        data = fh.read(length)
    checker = checker_for(options)
    criteria, _ = checker.criteria(audit)
    builder = options.builder(path)
    text = StreamedText(checker.rules, needs.lexicons, block=True) if needs.lexicons else None
    found: list[tuple[Any, list[Diagnostic], tuple[str, ...], tuple[str, ...] | None]] = []
    problems: list[Diagnostic] = []
    for item in jsonl_reader.part(Origin(path, content=data), ReadOptions(audit, options.strict), first_line, builder):
        if type(item) is Finding:
            ctx = checker.context(item, audit, criteria)
            diagnostics = checker.finding_diagnostics(ctx)
            ctx.release()
            words = tuple(sorted(set(_words(item.statement)))) if needs.similarity else None
            if text is not None:
                text.add(f"{item.statement}\n{item.evidence_text}")
            found.append((FindingRef.of(item, needs.focus), diagnostics, item.clause, words))
        elif item.rule == "FV007":
            summary.not_utf8 = item
        else:
            problems.append(item)
    summary.seen, summary.unknown = builder.seen, builder.unknown
    return ReportPart(found, problems, summary, text.part() if text is not None else None)


def report_parts(path: str | Path, *, audit: Audit | None = None, default_audit: Audit | Mapping[str, Any] | None = None,
                 options: BatchOptions = BatchOptions(), needs: Any, jobs: int = 0,
                 block_bytes: int = BLOCK_BYTES) -> tuple[Audit, Iterator[ReportPart | Diagnostic]]:
    """A JSON Lines report cut into blocks checked on ``jobs`` worker processes (0: one per core), as ``batch``
    cuts an archive: its audit, then the blocks' parts in file order, then the notes on the whole file."""
    path = str(path)
    fh = open(path, "rb")  # noqa: SIM115 - closed when the parts have been read
    try:
        head, line, problems = _head(path, fh, audit, _as_audit(default_audit), options)
    except BaseException:
        fh.close()
        raise

    def parts() -> Iterator[ReportPart | Diagnostic]:
        summary = BatchSummary()
        with fh:
            yield from problems
            workers = (os.cpu_count() or 1) if jobs == 0 else jobs
            for block, part in _in_order(_blocks(fh, line, block_bytes), workers, lambda pool, b: pool.submit(
                    _check_report_block, path, *b, head, options, needs)):
                if part is None:  # its worker died twice: the FV000 says which lines have no result
                    yield _lost(path, *block)
                    continue
                summary.add(part.summary)
                yield part
        yield from _closing(path, summary, options)

    return head, parts()


def _problem_line(problem: Diagnostic) -> bytes:
    return dumps({"problem": problem.to_dict()})


def _blocks(fh: IO[bytes], first_line: int, block_bytes: int) -> Iterator[tuple[int, int, int]]:
    """(start, length, first line number) of blocks of whole lines, cut and counted where the JSON Lines reader
    cuts lines (``\\n``, ``\\r\\n`` or a lone ``\\r``); a line longer than the reader's limit (``MAX_LINE_BYTES``)
    is read past, never held, and given as its own block of length -1."""
    limit = jsonl_reader.MAX_LINE_BYTES
    start, line = fh.tell(), first_line
    while True:
        chunk = fh.read(block_bytes)
        if not chunk:
            return
        rest, whole_line = b"", True
        if chunk.endswith(b"\r"):                               # a \r\n may be cut in two by the chunk
            after = fh.read(1)
            if after == b"\n":
                chunk += after
            elif after:
                fh.seek(-1, 1)
        elif not chunk.endswith(b"\n"):
            rest, whole_line = jsonl_reader.read_line(fh, limit)  # the end of the chunk's last line
        if not whole_line:                                      # the last line of the chunk is too long
            whole = max(chunk.rfind(b"\n"), chunk.rfind(b"\r")) + 1  # the lines before it
            if whole:
                yield start, whole, line
                line += count_lines(chunk[:whole])
            while not whole_line:
                _, whole_line = jsonl_reader.read_line(fh, limit)
            yield start + whole, -1, line
            start, line = fh.tell(), line + 1
            continue
        chunk += rest
        yield start, len(chunk), line
        start += len(chunk)
        line += count_lines(chunk)


def _head(path: str, fh: IO[bytes], given: Audit | None, default: Audit | None,
          options: BatchOptions) -> tuple[Audit, int, list[Diagnostic]]:
    """The audit metadata, the number of the first line left to check, and the problems of the first line.

    The first line is read as the JSON Lines reader reads it (size limit, problems as diagnostics); it is the
    audit metadata unless it holds a finding, which is then left for the first block. ``given`` replaces the
    file's metadata; ``default`` stands in when the file has none. A UTF-16 or UTF-32 file is refused: its
    blocks cannot be cut as bytes (``check`` reads it whole, through its codec)."""
    from .readers.source import bom_encoding

    encoding = bom_encoding(fh.read(4))
    fh.seek(0)
    if encoding is not None:
        from .errors import InputError, Location

        raise InputError(f"this JSON Lines file is {encoding.upper()}: batch reads UTF-8 JSON Lines only",
                         Location(path), hint="save it as UTF-8 (check reads it as it is)")
    first = next(jsonl_reader.lines(fh), b"")
    if first is None:
        problems = [jsonl_reader.too_long(path, 1)]
        audit = given
    else:
        audit, rest = _read_line(path, first, given, options)
        if not audit.criteria and default is not None:  # read as a report read with the default audit given
            audit, rest = _read_line(path, first, default, options)
        if any(type(item) is Finding for item in rest):  # no metadata line: every line is checked
            fh.seek(0)
            return _known(audit, path), 1, []
        problems = [item for item in rest if isinstance(item, Diagnostic)]
    return _known(audit or default, path), 2, problems


def _read_line(path: str, line: bytes, audit: Audit | None,
               options: BatchOptions) -> tuple[Audit, list[Finding | Diagnostic]]:
    items = list(jsonl_reader._read(Origin(path, content=line), ReadOptions(audit), 1, options.builder(path)))
    assert isinstance(items[0], Audit)
    return items[0], items[1:]  # type: ignore[return-value]


def _known(audit: Audit | None, path: str) -> Audit:
    if audit is None or not audit.criteria:
        from .errors import InputError, Location

        raise InputError("no audit metadata: give it as the first line {\"audit\": {...}} or as an option",
                         Location(path), hint="the criteria decide what every citation means")
    return audit


def check_jsonl(path: str | Path, out: IO[str] | IO[bytes], *, audit: Audit | Mapping[str, Any] | None = None,
                default_audit: Audit | Mapping[str, Any] | None = None, options: BatchOptions = BatchOptions(),
                jobs: int = 0, block_bytes: int = BLOCK_BYTES) -> BatchSummary:
    """Check every finding of a JSON Lines file; write one JSON object per finding to ``out`` (a text or binary
    stream; UTF-8), in input order, then the notes on the whole file.

    The audit metadata is the file's first line ``{"audit": {...}}``, unless ``audit`` is given; ``default_audit``
    stands in when the file has none (configured criteria). ``jobs``: worker processes (0 = one per core; 1 = in
    this process).
    """
    path = str(path)
    write = _writer(out)
    summary = BatchSummary()
    with open(path, "rb") as fh:
        head, line, problems = _head(path, fh, _as_audit(audit), _as_audit(default_audit), options)
        keep = checker_for(options).rules.keep   # the input checks as the selection wants them
        for problem in problems:
            if (item := keep(problem)) is not None:
                summary.count(item)
                write(_problem_line(item) + b"\n")
        blocks = _blocks(fh, line, block_bytes)
        workers = jobs or _auto_workers(path)
        if workers <= 1:
            for block in blocks:
                _take(_check_block(path, *block, head, options), write, summary)
        else:
            for block, done in _in_order(blocks, workers, lambda pool, b: pool.submit(
                    _check_block, path, *b, head, options)):
                if done is None:  # its worker died twice: say which lines have no result
                    lost = _lost(path, *block)
                    summary.count(lost)
                    summary.unchecked += _line_count(path, block)
                    write(_problem_line(lost) + b"\n")
                else:
                    _take(done, write, summary)
    for closing in _closing(path, summary, options):
        if (note := keep(closing)) is None:
            continue
        summary.count(note)
        write(_problem_line(note) + b"\n")
    return summary


Block = tuple[int, int, int]
"""(start, length, first line) of a block of whole lines (``_blocks``)."""


def _in_order(blocks: Iterator[Block], workers: int,
              submit: Callable[[ProcessPoolExecutor, Block], Future[Any]]) -> Iterator[tuple[Block, Any]]:
    """(block, its result) in file order, checked on ``workers`` processes with at most two blocks each in
    flight (memory stays flat whatever the file's size). When a worker dies (killed, out of memory), the blocks
    in flight are checked again one at a time, each in a fresh process: one that kills it again is given with the
    result None, never left out; then the remaining blocks go on in a new pool. Every worker starts with this
    process's reader limits and time budget, however it is started (``isolation.worker_settings``)."""
    from concurrent.futures.process import BrokenProcessPool

    blocks = iter(blocks)
    settings = isolation.worker_settings()
    while True:
        again: list[Block] = []
        with ProcessPoolExecutor(max_workers=workers, initializer=isolation.start_worker, initargs=(settings,)) as pool:
            pending: deque[tuple[Block, Future[Any]]] = deque()
            for block in blocks:
                try:
                    pending.append((block, submit(pool, block)))
                except BrokenProcessPool:
                    again = [*(b for b, _ in pending), block]
                    break
                while len(pending) >= 2 * workers and not again:
                    done, future = pending.popleft()
                    try:
                        yield done, future.result()
                    except BrokenProcessPool:
                        again = [done, *(b for b, _ in pending)]
                if again:
                    break
            while pending and not again:
                done, future = pending.popleft()
                try:
                    yield done, future.result()
                except BrokenProcessPool:
                    again = [done, *(b for b, _ in pending)]
        if not again:
            return
        for block in again:
            with ProcessPoolExecutor(max_workers=1, initializer=isolation.start_worker, initargs=(settings,)) as alone:
                try:
                    yield block, submit(alone, block).result()
                except BrokenProcessPool:
                    yield block, None


def _lost(path: str, start: int, length: int, first_line: int) -> Diagnostic:
    """FV000 for a block whose worker process died on it twice: which lines, and how many, have no result."""
    count = _line_count(path, (start, length, first_line))
    lines = f"line {first_line}" if count == 1 else f"lines {first_line} to {first_line + count - 1}"
    return Diagnostic("FV000", Severity.ERROR, f"{lines} ({count:,} line(s), {max(length, 0):,} bytes) were not "
                      "checked and have no result: the process checking them died twice (killed, or out of memory)",
                      "check that part of the file on its own to see whether it is the data or the machine",
                      file=path, line=first_line, title="unreadable input")


def _line_count(path: str, block: Block) -> int:
    start, length, _ = block
    if length < 0:
        return 1
    with open(path, "rb") as fh:
        fh.seek(start)
        data = fh.read(length)
    return count_lines(data) + (not data.endswith((b"\n", b"\r")) and bool(data))


def _auto_workers(path: str) -> int:
    """``jobs=0``: one process for a small file (starting workers costs more than they save), else one per core."""
    from .runner import AUTO_PARALLEL_BYTES

    return (os.cpu_count() or 1) if os.path.getsize(path) >= AUTO_PARALLEL_BYTES else 1


def _take(done: tuple[bytes, BatchSummary], write: Callable[[bytes], object], summary: BatchSummary) -> None:
    data, part = done
    write(data)
    summary.add(part)


def _closing(path: str, summary: BatchSummary, options: BatchOptions) -> list[Diagnostic]:
    """The notes on the whole file, as the reader gives them at its end: the first line that is not UTF-8,
    unknown fields with their counts, an empty file."""
    whole = options.builder(path)
    whole.seen, whole.unknown = summary.seen, summary.unknown
    notes = [summary.not_utf8] if summary.not_utf8 is not None else []
    return notes + whole.closing(empty_note=not summary.problems)


def _as_audit(audit: Audit | Mapping[str, Any] | None) -> Audit | None:
    if audit is None or isinstance(audit, Audit):
        return audit
    return Audit.model_validate(audit.get("audit", audit))


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
