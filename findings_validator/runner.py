"""Checking many files for the CLI: expand inputs, read, check (in parallel if asked), keep input order."""

from __future__ import annotations

import functools
import glob
import os
from collections.abc import Callable, Iterator
from pathlib import Path

from .config import Config
from .errors import InputError
from .isolation import failed_result, guarded, worker_settings
from .models import Diagnostic, ReportResult, Severity

SUFFIXES = (".yaml", ".yml", ".json", ".jsonl", ".ndjson", ".csv", ".xlsx", ".md", ".markdown", ".docx", ".pdf")
_LEVELS = {"error": 3, "warning": 2, "info": 1, "never": 99}


def expand(inputs: list[str], exclude: object = None) -> list[Path]:
    """Files, directories (every report file under them that is not hidden, ignored or excluded: see
    ``discovery``) and glob patterns, in the order given, without repeats. ``exclude`` is the compiled exclusion
    (``Job.exclude_spec()``), or a callable that makes it, called only when a directory is walked (compiling
    imports pathspec, ~25 ms that checking named files does not need)."""
    out: dict[Path, None] = {}  # ordered, and a membership test costs the same however many files came before
    for item in inputs:
        path = Path(item)
        if path.is_dir():
            from .discovery import walk

            if callable(exclude):
                exclude = exclude()

            found = [p for p in walk(path, SUFFIXES, exclude)  # type: ignore[arg-type]
                     if not p.name.startswith("~$")]   # Word's lock file beside an open document
        elif any(ch in item for ch in "*?["):
            found = sorted(Path(p) for p in glob.glob(item, recursive=True) if Path(p).is_file())
        else:
            found = [path]
        if not found:
            raise InputError(f"no report files match {item!r}", hint="give a file, a directory or a glob pattern")
        out.update(dict.fromkeys(found))
    return list(out)


AUTO_PARALLEL_BYTES = 4 * 1024 * 1024
"""``-j 0``: below this much input one process is faster than starting workers (measured on 2 cores: 160 reports,
1.3 MB, take 2.5 s with one process and 3.2 s with two, each worker paying ~0.6 s to load rules and catalogs;
checking costs ~0.45 s per MB, so two workers win from ~3 MB on; docs/cli.md)."""


def workers_for(jobs: int, paths: list[Path]) -> int:
    """Processes for ``paths``: ``jobs`` as given, or (0) one when the input is small, else one per core."""
    if jobs != 0:
        return jobs
    if len(paths) < 2:
        return 1
    size = 0
    for path in paths:
        try:
            size += path.stat().st_size
        except OSError:
            continue
        if size >= AUTO_PARALLEL_BYTES:
            return os.cpu_count() or 1
    return 1


def is_report(result: ReportResult, problems: tuple[Diagnostic, ...]) -> bool:
    """False for a file that is no report at all (no audit block, no findings, no syntax error, not empty): the
    README or a tool's configuration handed over by a pre-commit hook; it is skipped quietly. (CSV and XLSX files
    are always reports: a table without a grade column is an export to be told about.)"""
    report = result.report
    if report is None or report.findings or report.audit.criteria or report.audit.model_fields_set - {"criteria"}:
        return True
    if any(p.rule == "FV001" or (p.rule == "FV008" and p.message == "the file is empty") for p in problems):
        return True
    # findings whose grades are all misspelt are still findings (a Markdown heading with a dash is prose)
    return not result.file.lower().endswith((".md", ".markdown")) and any(p.rule == "FV005" for p in problems)


class Job:
    """What a worker needs to check a file: built once per process."""

    def __init__(self, config: Config, explain: bool = False, base: Path | None = None, stream: bool = False) -> None:
        self.config = config
        if config.limits:
            from .readers.limits import configure

            configure(config.limits)
        self.explain = explain
        self.base = base or Path.cwd()
        self.stream = stream  # check findings as they are read, keeping of each only what the results show
        self.parallel = 0      # processes for one large report (0: one per core; 1: never more than this one)
        self._checkers: dict[tuple[str, ...], object] = {}

    @property
    def checker(self):  # type: ignore[no-untyped-def]
        return self.checker_for(())

    def checker_for(self, ignore: tuple[str, ...]):  # type: ignore[no-untyped-def]
        """The checker for a file, with the rules its ``per-file-ignores`` leave out besides ``ignore``."""
        if ignore not in self._checkers:
            from .engine import build_checker

            c = self.config
            self._checkers[ignore] = build_checker(
                rules=c.rules, builtin_rules=c.builtin_rules, select=c.select, ignore=(*c.ignore, *ignore),
                severity=dict(c.severity), catalogs=c.catalogs, ofi_allowed=c.ofi_allowed, explain=self.explain,
                extend_select=c.extend_select, profile=c.profile, transition_ends=c.transition_ends,
                language=c.language)
        return self._checkers[ignore]

    def exclude_spec(self) -> object:
        """The ``exclude`` (default: ``discovery.DEFAULT_EXCLUDE``) and ``extend-exclude`` patterns, compiled."""
        from .discovery import DEFAULT_EXCLUDE, exclusion

        c = self.config
        return exclusion([*(c.exclude or DEFAULT_EXCLUDE), *c.extend_exclude], self.base)

    @functools.cached_property
    def _per_file_ignores(self) -> tuple[tuple[object, tuple[str, ...]], ...]:
        """The ``per-file-ignores`` patterns, each compiled once for the job (not once per file)."""
        import pathspec

        return tuple((pathspec.GitIgnoreSpec.from_lines([pattern]), tuple(rules))
                     for pattern, rules in sorted(self.config.per_file_ignores.items()))

    def _ignores_for(self, name: str) -> tuple[str, ...]:
        if not self.config.per_file_ignores:
            return ()
        path = Path(name).resolve()
        try:
            relative = path.relative_to(self.base.resolve()).as_posix()
        except ValueError:
            relative = Path(name).as_posix()
        return tuple(rule for spec, rules in self._per_file_ignores
                     if spec.match_file(relative) for rule in rules)  # type: ignore[attr-defined]

    def __call__(self, path: Path) -> ReportResult:
        """Check one file inside its boundary (``isolation``): any failure is that file's ``FV000``."""
        return guarded(str(path), lambda: self._check(path, str(path)))

    def check_data(self, data: bytes, name: str) -> ReportResult:
        """Check a report given as bytes (standard input); ``name`` names it and its suffix gives the format."""
        from .readers.source import FORMATS

        return guarded(name, lambda: self._check(data, name, FORMATS.get(Path(name).suffix.lower())))

    def _check(self, source: Path | bytes, name: str, fmt: str | None = None) -> ReportResult:
        from .readers import read_report

        options = {"strict": self.config.strict, "columns": dict(self.config.columns) or None, "format": fmt,
                   "name": name, "layouts": self.config.layouts}
        checker = self.checker_for(self._ignores_for(name))
        if self.stream and isinstance(source, Path) and source.suffix.lower() in _STREAMED_SUFFIXES:
            return self._streamed(source, checker, options)
        try:
            read = read_report(source, **options)  # type: ignore[arg-type]
            tabular = Path(name).suffix.lower() in (".csv", ".tsv", ".xlsx")  # an export, even with wrong headers
            if not tabular and not is_report(ReportResult(name, read.report), read.problems):
                return ReportResult(name, None, (), (), {"findings": 0, "ready": True, "skipped": True,
                                                         "readiness": "skipped: not a report"})
            if not read.report.audit.criteria and self.config.criteria:
                # an export without metadata: the configured criteria stand in for it
                defaults = {"criteria": list(self.config.criteria), "exclusions": list(self.config.exclusions)}
                read = read_report(source, audit=defaults, **options)  # type: ignore[arg-type]
        except InputError as exc:
            return _unreadable(name, exc, checker)
        return checker.check_report(read.report, read.problems)  # type: ignore[no-any-return]

    def _streamed(self, path: Path, checker, options: dict[str, object]) -> ReportResult:  # type: ignore[no-untyped-def]
        from .readers import iter_findings

        options = {k: v for k, v in options.items() if k != "name"}
        if self._on_workers(path, checker):
            done = self._on_cores(path, checker)
            if done is not None:
                return done
        try:
            stream = iter_findings(path, **options)  # type: ignore[arg-type]
            if not stream.audit.criteria and self.config.criteria:
                defaults = {"criteria": list(self.config.criteria), "exclusions": list(self.config.exclusions)}
                stream = iter_findings(path, audit=defaults, **options)  # type: ignore[arg-type]
            result = checker.check_stream(stream.audit, stream.items, str(path),
                                          duplicates_checked=stream.duplicates_checked)
        except InputError as exc:
            return _unreadable(str(path), exc, checker)
        from .models import Report

        tabular = path.suffix.lower() in (".csv", ".tsv", ".xlsx")  # an export, even with wrong headers
        if (not tabular and not result.summary.get("findings")
                and not is_report(ReportResult(str(path), Report(audit=stream.audit, file=str(path))),
                                  result.diagnostics)):
            return ReportResult(str(path), None, (), (), {"findings": 0, "ready": True, "skipped": True,
                                                          "readiness": "skipped: not a report"})
        return result  # type: ignore[no-any-return]

    def _on_workers(self, path: Path, checker) -> bool:  # type: ignore[no-untyped-def]
        """Whether to check this report's findings on ``batch``'s worker processes: a JSON Lines report large
        enough to pay for starting them (``PARALLEL_BYTES``), on a machine with more than one core, with report
        rules that need no more of each finding than a stream keeps, and no ``--explain`` (nor per-file ignores or
        transition dates, which the workers' checkers are not built with)."""
        if self.explain or self.parallel == 1 or (os.cpu_count() or 1) < 2:
            return False
        if checker is not self.checker or self.config.transition_ends:
            return False  # per-file ignores or transition dates: the workers' checkers would not have them
        if path.suffix.lower() not in (".jsonl", ".ndjson"):
            return False
        try:
            large = path.stat().st_size >= PARALLEL_BYTES
        except OSError:
            return False
        return large and checker.streaming is not None

    def _on_cores(self, path: Path, checker) -> ReportResult | None:  # type: ignore[no-untyped-def]
        from .batch import BatchOptions, report_parts

        config = self.config
        default = {"criteria": list(config.criteria), "exclusions": list(config.exclusions)} if config.criteria else None
        try:
            audit, parts = report_parts(path, default_audit=default, options=BatchOptions.from_config(config),
                                        needs=checker.streaming, jobs=self.parallel)
        except InputError:  # no usable metadata line: the reader says what is wrong, as for a small report
            return None
        return checker.check_parts(audit, parts, str(path))  # type: ignore[no-any-return]

    def __getstate__(self) -> dict[str, object]:
        return {"config": self.config, "explain": self.explain, "base": self.base, "stream": self.stream,
                "parallel": 1, "_checkers": {}}


def _unreadable(name: str, exc: InputError, checker) -> ReportResult:  # type: ignore[no-untyped-def]
    diag = Diagnostic("FV000", Severity.ERROR, exc.message, exc.hint, file=name,
                      line=exc.location.line if exc.location else 0,
                      column=exc.location.column if exc.location else 0, title="unreadable input")
    kept = checker.rules.keep(diag)
    return ReportResult(name, None, (), (kept,) if kept else (),
                        {"findings": 0, "ready": False, "readiness": "not ready: the file could not be read"})


_STREAMED_SUFFIXES = frozenset(SUFFIXES) - {".docx", ".pdf"}
"""Reports checked as a stream of findings when the output allows; Word and PDF reports are read whole, as their
results keep the document's named positions (``Report.places``)."""

PARALLEL_BYTES = int(os.environ.get("FINDINGS_VALIDATOR_PARALLEL_BYTES", 6 << 20))
"""A JSON Lines report at least this large (6 MiB, about 10,000 findings; the environment variable
``FINDINGS_VALIDATOR_PARALLEL_BYTES`` sets another) is checked on every core; smaller ones in one process, where
starting the workers costs more than they save (``bench/run.py --only report`` measures both ways: on two busy
cores the workers paid from 10,000 findings, not at 5,000)."""


_WORKER: Job | None = None


def _init(job: Job, settings: tuple[dict[tuple[str, str], int], float]) -> None:
    """In a worker: the job, and this run's reader limits and time budget (a process started by spawn or
    forkserver begins from the defaults: ``isolation.worker_settings``)."""
    global _WORKER
    from .isolation import start_worker

    _WORKER = job
    start_worker(settings)
    if job.config.limits:
        from .readers.limits import configure

        configure(job.config.limits)


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
    from concurrent.futures.process import BrokenProcessPool

    done = 0
    try:
        with ProcessPoolExecutor(max_workers=min(workers, len(paths)), initializer=_init,
                                 initargs=(job, worker_settings())) as pool:
            for result in pool.map(_work, paths, chunksize=max(1, len(paths) // (workers * 8))):
                yield result
                done += 1
                if progress:
                    progress(1)
    except BrokenProcessPool:  # a worker died (killed, out of memory): the files it had are checked again
        for result in _one_by_one(paths[done:], job):
            yield result
            if progress:
                progress(1)


def _one_by_one(paths: list[Path], job: Job) -> Iterator[ReportResult]:
    """Check ``paths`` one at a time in a worker process of their own, started again when one dies: the file it
    was checking is the one that killed it, and gets an ``FV000``; every other file is checked."""
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    pool: ProcessPoolExecutor | None = None
    try:
        for path in paths:
            if pool is None:
                pool = ProcessPoolExecutor(max_workers=1, initializer=_init, initargs=(job, worker_settings()))
            try:
                yield pool.submit(_work, path).result()
            except BrokenProcessPool:
                pool.shutdown(wait=True)
                pool = None
                yield failed_result(str(path), Diagnostic(
                    "FV000", Severity.ERROR, "the file was not checked: the process checking it died (killed, or out "
                    "of memory)", "check it on its own to see whether it is the file or the machine",
                    file=str(path), title="unreadable input"))
    finally:
        if pool is not None:
            pool.shutdown(wait=True)


def exit_code(results: list[ReportResult], fail_on: str) -> int:
    """2 when a file could not be read at all (FV000), its findings could not be judged (no known criteria) or it
    has a configuration error (FV012); else 1 when a diagnostic reaches ``fail_on``; else 0."""
    threshold = _LEVELS[fail_on]
    diagnostics = [d for result in results for d in result.all_diagnostics()]
    if any(d.rule in ("FV000", "FV012") for d in diagnostics) or any(r.summary.get("judged") is False for r in results):
        return 2
    return 1 if any(d.severity.rank >= threshold for d in diagnostics) else 0
