"""Checking many files for the CLI: expand inputs, read, check (in parallel if asked), keep input order."""

from __future__ import annotations

import glob
import os
from collections.abc import Callable, Iterator
from pathlib import Path

from .config import Config
from .errors import InputError
from .models import Diagnostic, ReportResult, Severity

SUFFIXES = (".yaml", ".yml", ".json", ".jsonl", ".ndjson", ".csv", ".xlsx", ".md", ".markdown")
_LEVELS = {"error": 3, "warning": 2, "info": 1, "never": 99}


def expand(inputs: list[str]) -> list[Path]:
    """Files, directories (every report file under them) and glob patterns, in the order given, without repeats."""
    out: dict[Path, None] = {}  # ordered, and a membership test costs the same however many files came before
    for item in inputs:
        path = Path(item)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.suffix.lower() in SUFFIXES and p.is_file())
        elif any(ch in item for ch in "*?["):
            found = sorted(Path(p) for p in glob.glob(item, recursive=True) if Path(p).is_file())
        else:
            found = [path]
        if not found:
            raise InputError(f"no report files match {item!r}", hint="give a file, a directory or a glob pattern")
        out.update(dict.fromkeys(found))
    return list(out)


class Job:
    """What a worker needs to check a file: built once per process."""

    def __init__(self, config: Config, explain: bool = False, stream: bool = False) -> None:
        self.config = config
        self.explain = explain
        self.stream = stream  # check findings as they are read, keeping of each only what the results show
        self.parallel = 0      # processes for one large report (0: one per core; 1: never more than this one)
        self._checker = None

    @property
    def checker(self):  # type: ignore[no-untyped-def]
        if self._checker is None:
            from .engine import build_checker

            c = self.config
            self._checker = build_checker(rules=c.rules, builtin_rules=c.builtin_rules, select=c.select, ignore=c.ignore,
                                          severity=dict(c.severity), catalogs=c.catalogs, ofi_allowed=c.ofi_allowed,
                                          explain=self.explain)
        return self._checker

    def __call__(self, path: Path) -> ReportResult:
        from .readers import read_report

        options = {"strict": self.config.strict, "columns": dict(self.config.columns) or None}
        if self.stream:
            return self._streamed(path, options)
        try:
            read = read_report(path, **options)  # type: ignore[arg-type]
            if not read.report.audit.criteria and self.config.criteria:
                # an export without metadata: the configured criteria stand in for it
                defaults = {"criteria": list(self.config.criteria), "exclusions": list(self.config.exclusions)}
                read = read_report(path, audit=defaults, **options)  # type: ignore[arg-type]
        except InputError as exc:
            return _unreadable(path, exc)
        return self.checker.check_report(read.report, read.problems)

    def _streamed(self, path: Path, options: dict[str, object]) -> ReportResult:
        from .readers import iter_findings

        if self._on_workers(path):
            done = self._on_cores(path)
            if done is not None:
                return done
        try:
            stream = iter_findings(path, **options)  # type: ignore[arg-type]
            if not stream.audit.criteria and self.config.criteria:
                defaults = {"criteria": list(self.config.criteria), "exclusions": list(self.config.exclusions)}
                stream = iter_findings(path, audit=defaults, **options)  # type: ignore[arg-type]
            return self.checker.check_stream(stream.audit, stream.items, str(path),
                                             duplicates_checked=stream.duplicates_checked)
        except InputError as exc:
            return _unreadable(path, exc)

    def _on_workers(self, path: Path) -> bool:
        """Whether to check this report's findings on ``batch``'s worker processes: a JSON Lines report large
        enough to pay for starting them (``PARALLEL_BYTES``), on a machine with more than one core, with report
        rules that need no more of each finding than a stream keeps, and no ``--explain``."""
        if self.explain or self.parallel == 1 or (os.cpu_count() or 1) < 2:
            return False
        if path.suffix.lower() not in (".jsonl", ".ndjson"):
            return False
        try:
            large = path.stat().st_size >= PARALLEL_BYTES
        except OSError:
            return False
        return large and self.checker.streaming is not None

    def _on_cores(self, path: Path) -> ReportResult | None:
        from .batch import BatchOptions, report_parts

        config = self.config
        default = {"criteria": list(config.criteria), "exclusions": list(config.exclusions)} if config.criteria else None
        try:
            audit, parts = report_parts(path, default_audit=default, options=BatchOptions.from_config(config),
                                        needs=self.checker.streaming, jobs=self.parallel)
        except InputError:  # no usable metadata line: the reader says what is wrong, as for a small report
            return None
        return self.checker.check_parts(audit, parts, str(path))

    def __getstate__(self) -> dict[str, object]:
        return {"config": self.config, "explain": self.explain, "stream": self.stream, "parallel": 1,
                "_checker": None}


def _unreadable(path: Path, exc: InputError) -> ReportResult:
    diag = Diagnostic("FV000", Severity.ERROR, exc.message, exc.hint, file=str(path),
                      line=exc.location.line if exc.location else 0,
                      column=exc.location.column if exc.location else 0, title="unreadable input")
    return ReportResult(str(path), None, (), (diag,), {"findings": 0, "ready": False,
                                                         "readiness": "not ready: the file could not be read"})


PARALLEL_BYTES = int(os.environ.get("FINDINGS_VALIDATOR_PARALLEL_BYTES", 6 << 20))
"""A JSON Lines report at least this large (6 MiB, about 10,000 findings; the environment variable
``FINDINGS_VALIDATOR_PARALLEL_BYTES`` sets another) is checked on every core; smaller ones in one process, where
starting the workers costs more than they save (``bench/run.py --only report`` measures both ways: on two busy
cores the workers paid from 10,000 findings, not at 5,000)."""


_WORKER: Job | None = None


def _init(job: Job) -> None:
    global _WORKER
    _WORKER = job


def _work(path: Path) -> ReportResult:
    assert _WORKER is not None
    return _WORKER(path)


def run(paths: list[Path], job: Job, jobs: int = 1,
        progress: Callable[[int], None] | None = None) -> Iterator[ReportResult]:
    """Check ``paths`` and yield their results in input order, using ``jobs`` processes (0 = all cores)."""
    workers = (os.cpu_count() or 1) if jobs == 0 else jobs
    if workers <= 1 or len(paths) <= 1:
        for path in paths:
            yield job(path)
            if progress:
                progress(1)
        return
    from concurrent.futures import ProcessPoolExecutor  # only for several files on several cores (~10 ms to import)

    with ProcessPoolExecutor(max_workers=min(workers, len(paths)), initializer=_init, initargs=(job,)) as pool:
        for result in pool.map(_work, paths, chunksize=max(1, len(paths) // (workers * 8))):
            yield result
            if progress:
                progress(1)


def exit_code(results: list[ReportResult], fail_on: str) -> int:
    """2 when a file could not be read at all (FV000); else 1 when a diagnostic reaches ``fail_on``; else 0."""
    threshold = _LEVELS[fail_on]
    diagnostics = [d for result in results for d in result.all_diagnostics()]
    if any(d.rule == "FV000" for d in diagnostics):
        return 2
    return 1 if any(d.severity.rank >= threshold for d in diagnostics) else 0
