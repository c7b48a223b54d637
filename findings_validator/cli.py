"""The command line: a thin layer over the library. ``main(argv) -> int`` never raises for input errors."""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from . import __version__
from .errors import EXIT_ERROR, EXIT_FAIL, EXIT_OK, FindingsValidatorError, issues_address
from .writers import FORMATS as OUTPUT_FORMATS  # (the names only: a writer is imported when it is used)

if TYPE_CHECKING:
    from .models import Diagnostic

FORMAT = click.Choice(OUTPUT_FORMATS, case_sensitive=False)
COLOR = click.Choice(["auto", "always", "never"], case_sensitive=False)
FAIL_ON = click.Choice(["error", "warning", "info", "never"], case_sensitive=False)


SCHEMA_BASE = "https://findings-validator.readthedocs.io/en/latest/"
"""Where the published docs serve ``docs/*.schema.json``."""


def _color(stream: Any, choice: str = "auto") -> bool:
    """Colour: ``always``/``never`` as asked; ``auto``: not when ``NO_COLOR`` is set and not empty, yes when
    ``FORCE_COLOR`` is, else when ``stream`` is a terminal."""
    if choice != "auto":
        return choice == "always"
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return bool(getattr(stream, "isatty", lambda: False)())


def _width(stream: Any) -> int | None:
    """The terminal's width (or ``COLUMNS``) to wrap long messages to; None (no wrapping) into a file or pipe."""
    if "COLUMNS" not in os.environ and not getattr(stream, "isatty", lambda: False)():
        return None
    return shutil.get_terminal_size((100, 24)).columns


def _dump(data: object) -> None:
    click.echo(json.dumps(data, indent=2, ensure_ascii=False))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="findings-validator")
def cli() -> None:
    """Check certification-audit findings against ISO/IEC 17021-1 and the clause catalogs."""


def checker_options(command: Any) -> Any:
    """The options that say how the checker is built, shared by the commands that check findings."""
    for option in reversed([
        click.option("--rules", "rules", multiple=True, type=click.Path(exists=True, dir_okay=False),
                     help="Extra rule file."),
        click.option("--catalog", "catalogs", multiple=True, type=click.Path(exists=True),
                     help="Extra catalog file or directory."),
        click.option("--select", multiple=True,
                     help="Only these rules: ids, prefixes (FV, FV1, ACME) or ALL; commas allowed."),
        click.option("--ignore", multiple=True, help="Leave out these rule ids or prefixes; commas allowed."),
        click.option("--no-ofi", "no_ofi", is_flag=True, default=False, help="The scheme forbids OFIs."),
        click.option("--config", "config_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
                     default=None),
        click.option("--isolated", is_flag=True, help="Ignore configuration files."),
    ]):
        command = option(command)
    return command


def _config(start: Path, config_file: Path | None, isolated: bool, no_ofi: bool, options: dict[str, Any]) -> Any:
    """The effective configuration: the file found from ``start`` (or given), overridden by the options given."""
    from .config import load_config

    overrides = {k: (_split(v) if k in ("select", "extend_select", "ignore") else list(v)) if isinstance(v, tuple)
                 else v for k, v in options.items()}
    if no_ofi:
        overrides["ofi_allowed"] = False
    config = load_config(start, config_file=config_file, isolated=isolated, overrides=overrides).config
    if config.limits:
        from .readers.limits import configure

        configure(config.limits)   # before any worker process starts: they inherit them
    return config


# ---- check ---------------------------------------------------------------------------------------------------
def _split(values: tuple[str, ...]) -> list[str]:
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


@cli.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("--format", "-f", "fmt", type=FORMAT, default=None,
              help="Output on stdout (any case): text, json, sarif, junit, github, html, oscal, oscal-yaml.")
@click.option("--output", "-o", "outputs", multiple=True, metavar="FORMAT=PATH",
              help="Also write FORMAT to PATH (repeatable), e.g. -o sarif=results.sarif.")
@checker_options
@click.option("--criteria", multiple=True, help="Default criteria for reports without any (e.g. 'ISO 9001:2015').")
@click.option("--extend-select", "extend_select", multiple=True, help="Rules to run besides the selected ones.")
@click.option("--profile", type=click.Choice(["auto", "findings", "report"], case_sensitive=False), default=None,
              help="findings: finding rules only; report: also the report's contents (default auto).")
@click.option("--exclude", multiple=True, help="Gitignore-style patterns never checked in a directory (replaces "
              "the defaults).")
@click.option("--extend-exclude", "extend_exclude", multiple=True, help="Patterns to exclude besides the defaults.")
@click.option("--fail-on", type=FAIL_ON, default=None, help="Exit 1 when a diagnostic reaches this severity (default: error).")
@click.option("--strict", is_flag=True, default=None, help="Unknown input fields are errors.")
@click.option("--explain", is_flag=True, help="Show the values each rule's condition saw.")
@click.option("--column", "columns", multiple=True, metavar="NAME=FIELD",
              help="Map an export's column or key NAME onto a report FIELD (repeatable), e.g. --column ref=id.")
@click.option("--fix", "apply_fix", is_flag=True, help="Apply the safe fixes to the files, then check them.")
@click.option("--unsafe-fixes", "unsafe_fixes", is_flag=True, help="With --fix: also apply the unsafe fixes.")
@click.option("--stdin-filename", default=None, help="With '-': the name of the text read from stdin (messages, format).")
@click.option("--quiet", "-q", is_flag=True, help="Only the diagnostics: no summary, no findings without any.")
@click.option("--verbose", "-v", is_flag=True, help="Also say which files were skipped as not reports.")
@click.option("--statistics", is_flag=True, help="Only the number of diagnostics per rule.")
@click.option("--color", "color", type=COLOR, default="auto", help="Colour the text output: auto, always, never.")
@click.option("--jobs", "-j", type=int, default=None, help="Processes for many files (0 = as fits the input).")
def check(inputs: tuple[str, ...], fmt: str | None, outputs: tuple[str, ...], explain: bool, config_file: Path | None,
          isolated: bool, no_ofi: bool, apply_fix: bool, unsafe_fixes: bool, stdin_filename: str | None, quiet: bool,
          verbose: bool, statistics: bool, color: str, rules: tuple[str, ...], catalogs: tuple[str, ...],
          criteria: tuple[str, ...], select: tuple[str, ...], extend_select: tuple[str, ...],
          ignore: tuple[str, ...], profile: str | None, exclude: tuple[str, ...], extend_exclude: tuple[str, ...],
          fail_on: str | None, strict: bool | None, jobs: int | None, columns: tuple[str, ...]) -> None:
    """Check report files (YAML, JSON, JSON Lines, CSV, XLSX, Markdown): files, directories, globs, or - (stdin)."""
    from .gcpause import gc_paused

    with gc_paused():  # the start-up's modules, models, rules and catalogs are made once and kept: none to collect
        from .config import load_config
        from .runner import Job, exit_code, expand, run, workers_for
        from .writers import FORMATS, PIECEWISE, STREAMED, render, write

        overrides: dict[str, Any] = {
            "rules": list(rules), "catalogs": list(catalogs), "criteria": list(criteria), "select": _split(select),
            "extend_select": _split(extend_select), "ignore": _split(ignore), "profile": profile,
            "exclude": list(exclude), "extend_exclude": list(extend_exclude), "fail_on": fail_on, "strict": strict,
            "jobs": jobs, "columns": _pairs(columns, "--column", "NAME=FIELD")}
        if no_ofi:
            overrides["ofi_allowed"] = False
        stdin = inputs == ("-",)
        if "-" in inputs and not stdin:
            raise click.UsageError("'-' (standard input) cannot be mixed with file names")
        if stdin and apply_fix:
            raise click.UsageError("--fix rewrites files; it cannot rewrite standard input")
        start = Path(stdin_filename) if stdin and stdin_filename else None if stdin else Path(inputs[0])
        effective = load_config(start, config_file=config_file, isolated=isolated, overrides=overrides)
        config = effective.config
        targets = _targets(fmt, outputs, FORMATS)
        job = Job(config, explain, base=effective.file.parent if effective.file else Path.cwd(),
                  stream=all(name in STREAMED for name, _ in targets))
        job.parallel = config.jobs if config.jobs > 1 else 0  # a large JSON Lines report: every core, unless -j N
        job.checker  # noqa: B018 - fail fast on bad rules or catalogs before reading any input
        for ignored in config.per_file_ignores.values():
            job.checker_for(tuple(ignored))  # and on a per-file-ignores rule id that does not exist
    if stdin:
        results = [job.check_data(click.get_binary_stream("stdin").read(), stdin_filename or "-")]
    else:
        paths = expand(list(inputs), exclude=job.exclude_spec)  # compiled when a directory is walked
        unfixed = _fix_files(paths, unsafe_fixes) if apply_fix else {}
        workers = workers_for(config.jobs, paths)
        if len(paths) > 5 and sys.stderr.isatty() and not quiet:
            with click.progressbar(length=len(paths), label="checking", file=sys.stderr) as bar:
                results = list(run(paths, job, workers, bar.update))
        else:
            results = list(run(paths, job, workers))
        if unfixed:  # a file whose fix failed is still checked as it is; its FV000 says why it was not fixed
            from dataclasses import replace

            results = [replace(r, diagnostics=(unfixed[r.file], *r.diagnostics),
                               summary={k: v for k, v in r.summary.items() if k != "skipped"})
                       if r.file in unfixed else r for r in results]
        skipped = [r.file for r in results if r.summary.get("skipped")]
        results = [r for r in results if not r.summary.get("skipped")]
        if verbose or (skipped and not results):  # a run that checked nothing says why
            for name in skipped:
                click.echo(f"{name}: skipped: not a report (no audit block, no findings)", err=True)
    infos = job.checker.rules.infos()
    for target_fmt, path in targets:
        coloured = path is None and target_fmt == "text" and not statistics and _color(sys.stdout, color)
        if path is None and statistics:
            text = _statistics(results, target_fmt == "json")
        elif target_fmt == "text" and path is None:
            from .writers.text_writer import render as render_text

            text = render_text(results, infos, color=coloured, width=_width(sys.stdout), quiet=quiet)
        elif target_fmt in PIECEWISE:  # written piece by piece, never held whole
            if path is None:
                write(target_fmt, results, infos, sys.stdout)
                continue
            try:
                with open(path, "w", encoding="utf-8") as out:
                    write(target_fmt, results, infos, out)
            except OSError as exc:
                raise FindingsValidatorError(f"cannot write {target_fmt} to {path}: {exc.strerror or exc}") from None
            continue
        else:
            text = render(target_fmt, results, infos, color=False)
        if path is None:
            if text:
                click.echo(text, nl=not text.endswith("\n"), color=coloured or None)
        else:
            try:
                Path(path).write_text(text, encoding="utf-8")
            except OSError as exc:
                raise FindingsValidatorError(f"cannot write {target_fmt} to {path}: {exc.strerror or exc}") from None
    raise SystemExit(exit_code(results, config.fail_on))


def _pairs(items: tuple[str, ...], option: str, form: str) -> dict[str, str] | None:
    out = {}
    for item in items:
        name, sep, value = item.partition("=")
        if not sep or not name.strip() or not value.strip():
            raise click.UsageError(f"{option} takes {form}; got {item!r}")
        out[name.strip()] = value.strip()
    return out or None


def _statistics(results: list[Any], as_json: bool) -> str:
    """How many diagnostics each rule gave, most first (``--statistics``)."""
    from collections import Counter

    counts: Counter[str] = Counter()
    titles: dict[str, tuple[str, str]] = {}
    for result in results:
        for diag in result.all_diagnostics():
            counts[diag.rule] += 1
            titles[diag.rule] = (diag.severity.value, diag.title or "")
    rows = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    if as_json:
        return json.dumps([{"rule": rule, "count": n, "severity": titles[rule][0], "title": titles[rule][1]}
                           for rule, n in rows], indent=2, ensure_ascii=False) + "\n"
    return "".join(f"{n:>5}  {rule:<8} {titles[rule][0]:<8} {titles[rule][1]}\n" for rule, n in rows)


def _fix_files(paths: list[Path], unsafe: bool) -> dict[str, Any]:
    """``check --fix``: rewrite each report that has fixes (reports the fix cannot read are left to the check).
    A file whose fix fails otherwise (an internal error, its time budget) is left as it is; its ``FV000`` is
    returned by file name, for the check to report with the file's other diagnostics."""
    from .errors import InputError
    from .fix import FIXABLE, NotWritableError, fix_file
    from .isolation import attempt

    unsafe_left = 0
    failed: dict[str, Any] = {}
    for path in paths:
        if path.suffix.lower() not in FIXABLE:
            continue

        def fix_one(path: Path = path) -> Any:
            try:
                return fix_file(path, write=True, unsafe=unsafe)
            except NotWritableError as exc:  # the check goes on; the file is left as it is, and said so
                click.echo(f"error: {exc}", err=True)
            except InputError:
                pass
            return None

        outcome, problem = attempt(fix_one, str(path), done="fixed")
        if problem is not None:
            failed[str(path)] = problem
        if outcome is None:
            continue
        unsafe_left += outcome.unsafe
        _say_removed(outcome.removed)
        if outcome.changed:
            click.echo(f"fixed {path}: {len(outcome.changes)} change(s)", err=True)
    if unsafe_left:
        click.echo(f"{unsafe_left} unsafe fix(es) not applied: --unsafe-fixes applies them", err=True)
    return failed


def _say_not_fixed(problem: Diagnostic) -> None:
    """A file ``fix`` could not fix, as ``FILE:LINE:COL: FV000 message`` and its hint, on standard error."""
    from .writers.common import log_safe

    where = problem.file + (f":{problem.line}:{problem.column or 1}" if problem.line else "")
    click.echo(log_safe(f"error: {where}: {problem.rule} {problem.message}"), err=True)
    if problem.suggestion:
        click.echo(log_safe(f"  hint: {problem.suggestion}"), err=True)


def _say_removed(removed: list[Path]) -> None:
    from .writers.common import log_safe

    for path in removed:  # its name holds a report's, which may be anything
        click.echo(f"removed {log_safe(str(path))}: a temporary file left by a fix that was killed", err=True)


def _targets(fmt: str | None, outputs: tuple[str, ...], formats: tuple[str, ...]) -> list[tuple[str, str | None]]:
    targets: list[tuple[str, str | None]] = []
    for item in outputs:
        name, sep, path = item.partition("=")
        name = name.lower()
        if not sep or name not in formats or not path:
            raise click.UsageError(f"--output takes FORMAT=PATH with FORMAT one of {', '.join(formats)}; got {item!r}")
        where = Path(path)
        if where.is_dir():
            raise FindingsValidatorError(f"--output {item}: {path} is a directory", hint="give a file name")
        if not where.parent.is_dir():
            raise FindingsValidatorError(f"--output {item}: the folder {where.parent} does not exist",
                                         hint="create it first, or write elsewhere")
        targets.append((name, path))
    if fmt is not None or not targets:
        targets.insert(0, ((fmt or "text").lower(), None))
    return targets


# ---- batch --------------------------------------------------------------------------------------------------
@cli.command()
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--output", "-o", "output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Where to write the JSON Lines results (default: stdout).")
@click.option("--audit", "audit_file", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help="YAML/JSON file with the audit block; it replaces the first line's.")
@click.option("--jobs", "-j", type=int, default=0, help="Worker processes (0 = as fits the file's size).")
@click.option("--fail-on", type=FAIL_ON, default=None, help="Exit 1 when a diagnostic reaches this severity (default: error).")
@checker_options
@click.option("--criteria", multiple=True, help="Criteria for an archive without audit metadata (e.g. 'ISO 9001:2015').")
@click.option("--strict", is_flag=True, default=None, help="Unknown input fields are errors.")
def batch(source: Path, output: Path | None, audit_file: Path | None, jobs: int, config_file: Path | None,
          isolated: bool, no_ofi: bool, **options: Any) -> None:
    """Check an archive of findings in JSON Lines, streamed on every core; one result per line.

    Each finding is checked on its own (report-level rules need a whole report and are not run). Settings come
    from the configuration file and these options, as for ``check``."""
    from .batch import BatchOptions, check_jsonl, verdict_counts_line
    from .readers import _audit_option

    config = _config(source.parent, config_file, isolated, no_ofi, options)
    audit = _audit_option(audit_file)
    default = {"criteria": list(config.criteria), "exclusions": list(config.exclusions)} if config.criteria else None
    settings = BatchOptions.from_config(config)
    if output is None:
        summary = check_jsonl(source, sys.stdout, audit=audit, default_audit=default, options=settings, jobs=jobs)
    else:
        with output.open("wb") as fh:
            summary = check_jsonl(source, fh, audit=audit, default_audit=default, options=settings, jobs=jobs)
    click.echo(verdict_counts_line(summary), err=True)
    if summary.unchecked:  # never a silent loss: the FV000 problems name each line without a result
        click.echo(f"error: {summary.unchecked:,} line(s) were not checked and have no result (see the FV000 "
                   "problems)", err=True)
        raise SystemExit(EXIT_ERROR)
    threshold = {"error": 3, "warning": 2, "info": 1, "never": 99}[config.fail_on]
    raise SystemExit(1 if summary.worst >= threshold else 0)


# ---- eval ----------------------------------------------------------------------------------------------------
@cli.command("eval")
@click.argument("inputs", nargs=-1, required=True)
@click.option("--format", "-f", "fmt", type=click.Choice(["text", "json"]), default="text")
@click.option("--show-misses", is_flag=True, help="Print each finding judged otherwise than labelled.")
@click.option("--min-agreement", type=click.FloatRange(0, 1), default=None,
              help="Exit 1 unless at least this share of verdicts agree (0 to 1).")
@click.option("--max-false-alarm", type=click.FloatRange(0, 1), default=None,
              help="Exit 1 if more than this share of the findings labelled valid are rejected (0 to 1).")
@click.option("--max-flaws-passed", type=click.FloatRange(0, 1), default=None,
              help="Exit 1 if more than this share of the findings labelled not valid are passed (0 to 1).")
@checker_options
def eval_(inputs: tuple[str, ...], fmt: str, show_misses: bool, min_agreement: float | None,
          max_false_alarm: float | None, max_flaws_passed: float | None, config_file: Path | None, isolated: bool,
          no_ofi: bool, **options: Any) -> None:
    """Measure the verdicts on labelled findings (JSON Lines or YAML; files, directories or globs).

    Exit 0 when every threshold given holds, 1 when one fails, 2 when an input or a record cannot be used
    (the other records are still scored)."""
    from .engine import build_checker
    from .evaluation import evaluate, thresholds
    from .evaluation.render import as_json, as_text
    from .runner import expand

    paths = expand(list(inputs))
    config = _config(paths[0], config_file, isolated, no_ofi, options)
    checker = build_checker(rules=config.rules, builtin_rules=config.builtin_rules, select=config.select,
                            ignore=config.ignore, severity=dict(config.severity), catalogs=config.catalogs,
                            ofi_allowed=config.ofi_allowed, extend_select=config.extend_select,
                            profile=config.profile, language=config.language)
    evaluation = evaluate(paths, checker)
    checks = thresholds(evaluation, min_agreement=min_agreement, max_false_alarm=max_false_alarm,
                        max_flaws_passed=max_flaws_passed)
    text = as_json(evaluation, checks) if fmt == "json" else as_text(evaluation, checks, show_misses)
    click.echo(text, nl=False)
    for error in evaluation.errors if fmt == "json" else ():
        click.echo(f"error: {error}", err=True)
    if evaluation.errors or not evaluation.judged:
        if not evaluation.judged:
            click.echo("error: no labelled finding could be scored", err=True)
        raise SystemExit(EXIT_ERROR)
    raise SystemExit(EXIT_FAIL if any(not check.holds for check in checks) else EXIT_OK)


# ---- cite ----------------------------------------------------------------------------------------------------
@cli.command()
@click.argument("texts", nargs=-1, required=True)
@click.option("--criteria", multiple=True, help="Audited standard and edition (repeatable; default: the configured).")
@click.option("--exclude", multiple=True, help="Requirement declared not applicable / excluded (repeatable).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"], case_sensitive=False), default="text")
@click.option("--catalog", "catalogs", multiple=True, type=click.Path(exists=True))
@click.option("--config", "config_file", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None)
@click.option("--isolated", is_flag=True, help="Ignore configuration files.")
def cite(texts: tuple[str, ...], criteria: tuple[str, ...], exclude: tuple[str, ...], fmt: str,
         catalogs: tuple[str, ...], config_file: Path | None, isolated: bool) -> None:
    """Parse and resolve citations: what each one means in the audit criteria (--criteria, else the configured).

    Every citation in every TEXT is reported, the unreadable parts too; exit 0 when each resolves to an exact
    requirement, 1 otherwise."""
    from .catalog import load_catalogs
    from .citations import Criteria, resolve_field
    from .config import load_config

    config = load_config(None, config_file=config_file, isolated=isolated).config
    if not criteria and not config.criteria:
        raise FindingsValidatorError("cite needs the audit criteria to resolve citations in",
                                     hint="give --criteria \"ISO 9001:2015\", or criteria = [\"ISO 9001:2015\"] in "
                                          "the configuration ('findings-validator init' writes one)")
    cats = load_catalogs([*catalogs, *config.catalogs])
    crit = Criteria.of(list(criteria or config.criteria), cats, list(exclude or (() if criteria else config.exclusions)))
    rows = [r for text in texts for r in resolve_field(text, crit, cats)]
    status = EXIT_OK if rows and all(r.ok for r in rows) else EXIT_FAIL
    if fmt == "json":
        _dump([r.to_dict() for r in rows])
        raise SystemExit(status)
    for r in rows:
        clauses = ", ".join(f"{k.rpartition('/')[2]} {t or '(untitled)'}" for k, t in zip(r.clauses, r.titles))
        items = " " + " ".join(f"{i})" for i in r.items) if r.items else ""
        click.echo(f"{r.citation.text}: {r.status.value}{' — ' + clauses + items if clauses else ''}")
        click.echo(f"  {r.reason}")
        if r.suggestions:
            click.echo("  suggestions: " + ", ".join(s.label for s in r.suggestions))
    raise SystemExit(status)


# ---- catalog -------------------------------------------------------------------------------------------------
@cli.group()
def catalog() -> None:
    """Inspect the clause catalogs."""


@catalog.command("list")
@click.argument("edition", required=False)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@click.option("--catalog", "catalogs", multiple=True, type=click.Path(exists=True))
def catalog_list(edition: str | None, fmt: str, catalogs: tuple[str, ...]) -> None:
    """The editions known, or every clause of EDITION."""
    from .catalog import load_catalogs
    from .citations import edition_of, parse_standard

    cats = load_catalogs(catalogs)
    if edition is None:
        rows = [{"edition": e.key, "title": e.title, "status": e.status.value, "clauses": len(e.clauses),
                 "transition_end": str(e.transition_end or "")} for e in cats.editions.values()]
        rows.sort(key=lambda r: r["edition"])
        if fmt == "json":
            _dump(rows)
        else:
            for r in rows:
                click.echo(f"{r['edition']:<22} {r['status']:<9} {r['clauses']:>4} clauses  {r['title']}")
        return
    ed = edition_of(parse_standard(edition), cats)
    items = [{"id": c.id, "title": c.title, "requirement": c.requirement, "items": list(c.items), "kind": c.kind,
              "normative": c.normative, "parent": c.parent} for c in ed.clauses.values()]
    if fmt == "json":
        _dump(items)
    else:
        for c in items:
            depth = c["id"].count(".")
            mark = "*" if c["requirement"] else " "
            letters = f"  [{', '.join(c['items'])}]" if c["items"] else ""
            click.echo(f"{mark} {'  ' * depth}{c['id']:<10} {c['title'] or '(untitled)'}{letters}")
        click.echo("\n* states requirements itself (can carry a nonconformity)")


@catalog.command("show")
@click.argument("edition")
@click.argument("clause_id")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
def catalog_show(edition: str, clause_id: str, fmt: str) -> None:
    """One clause: title, summary, parent, children, items, correspondences, predecessors."""
    from .catalog import load_catalogs
    from .citations import edition_of, parse_standard

    cats = load_catalogs()
    ed = edition_of(parse_standard(edition), cats)
    clause = ed.clauses.get(clause_id) or ed.clauses.get(f"A.{clause_id}")
    if clause is None:
        raise FindingsValidatorError(f"{ed.key} has no clause {clause_id}",
                                     hint=f"'findings-validator catalog list \"{ed.key}\"' lists its clauses")
    graph = cats.graph
    data = {
        "key": clause.key, "id": clause.id, "title": clause.title, "kind": clause.kind,
        "requirement": clause.requirement, "normative": clause.normative, "summary": clause.summary,
        "items": list(clause.items), "items_known": ed.items_known, "keywords": list(clause.keywords),
        "excludable": clause.excludable, "confidence": clause.confidence,
        "parent": graph.parent(clause.key), "children": graph.children(clause.key),
        "references": graph.references(clause.key), "correspondences": graph.correspondences(clause.key),
        "predecessors": graph.predecessors(clause.key),
        "successors": [k for k, _ in graph.successors(clause.key)],
    }
    if fmt == "json":
        _dump(data)
        return
    click.echo(f"{ed.key} {clause.id}  {clause.title or '(untitled)'}")
    click.echo(f"  {clause.summary}")
    for key in ("kind", "requirement", "normative", "excludable", "items", "confidence", "keywords", "parent",
                "children", "references", "correspondences", "predecessors", "successors"):
        value = data[key]
        if key == "items" and not ed.items_known and clause.requirement:
            value = "not yet established for this edition (a cited item is accepted, not verified)"
        if value in (None, [], ""):
            continue
        shown = ", ".join(map(str, value)) if isinstance(value, list) else value
        click.echo(f"  {key}: {shown}")


# ---- rules ---------------------------------------------------------------------------------------------------
@cli.group()
def rules() -> None:
    """List, explain and test rules."""


@rules.command("list")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@click.option("--rules", "extra", multiple=True, type=click.Path(exists=True, dir_okay=False))
def rules_list(fmt: str, extra: tuple[str, ...]) -> None:
    """Every rule: id, title, source, severity."""
    from .dsl import load_rules

    from .dsl.ruleset import builtin_checks

    infos = [info for info, _, _ in builtin_checks()] + load_rules(extra).infos()
    if fmt == "json":
        _dump([{"id": i.id, "title": i.title, "source": i.source, "severity": i.severity.value,
                "effect": i.effect.value, "scope": i.scope, "file": i.file, "examples": i.examples,
                "detects": list(i.detects)} for i in infos])
        return
    for i in infos:
        click.echo(f"{i.id}  {i.severity.value:<7} {i.effect.value:<17} {i.title}  [{i.source or '-'}]")


@rules.command("explain")
@click.argument("rule_id")
@click.option("--rules", "extra", multiple=True, type=click.Path(exists=True, dir_okay=False))
def rules_explain(rule_id: str, extra: tuple[str, ...]) -> None:
    """What a rule checks, why, its source and its examples."""
    from .dsl import load_rules
    from .dsl.explain import explain_id

    click.echo(explain_id(load_rules(extra), rule_id))


@rules.command("test")
@click.argument("files", nargs=-1, type=click.Path(exists=True, dir_okay=False))
@click.option("--verbose", "-v", is_flag=True)
def rules_test(files: tuple[str, ...], verbose: bool) -> None:
    """Run the examples of rule FILES (default: the built-in rules); ends with 'N passed, M failed'."""
    from .dsl import load_rules
    from .dsl.examples import run_examples

    rule_set = load_rules(files)
    only = {str(Path(f)) for f in files} or None
    results = run_examples(rule_set, only=only)
    failed = [r for r in results if not r.passed]
    for r in results if verbose else failed:
        click.echo(r.describe())
    click.echo(f"{len(results) - len(failed)} passed, {len(failed)} failed")
    raise SystemExit(1 if failed else 0)


# ---- schema and config ---------------------------------------------------------------------------------------
@cli.command()
@click.argument("what", type=click.Choice(["report", "config", "catalog", "map", "guidance", "not-required",
                                          "corpus"]), default="report")
def schema(what: str) -> None:
    """JSON Schema of the report format (or of the configuration, a catalog, map, guidance or not-required file, a
    labelled finding for eval)."""
    if what in ("catalog", "map", "guidance", "not-required"):  # as committed in docs/ (python -m findings_validator.catalog.schema_export)
        from .catalog.schema_export import SCHEMAS, schema_text

        click.echo(schema_text(SCHEMAS[f"{what}.schema.json"]), nl=False)
        return
    if what == "corpus":
        from .evaluation.records import corpus_schema

        _dump(corpus_schema())
        return
    from .config import Config
    from .models import Report

    schema = {"report": Report, "config": Config}[what].model_json_schema()
    # $id: where editors (yaml-language-server's modeline, VS Code's json.schemas) can fetch it; see docs/editors.md
    _dump({"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": f"{SCHEMA_BASE}{what}.schema.json",
           **schema})


@cli.command("config")
@click.argument("path", required=False, type=click.Path(exists=True, path_type=Path))
@click.option("--config", "config_file", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None)
@click.option("--isolated", is_flag=True)
def show_config(path: Path | None, config_file: Path | None, isolated: bool) -> None:
    """The effective configuration for PATH (default: here) and where each value came from."""
    from .config import load_config

    effective = load_config(path, config_file=config_file, isolated=isolated)
    click.echo(f"# configuration file: {effective.file or 'none'}")
    for key, value in effective.config.model_dump(mode="json").items():
        click.echo(f"{key} = {json.dumps(value, ensure_ascii=False)}  # {effective.sources.get(key, 'default')}")


# ---- init ----------------------------------------------------------------------------------------------------
STARTER = """\
# findings-validator configuration: docs/cli.md#configuration lists every key.
# The audit criteria for exports that name none (also what 'cite' resolves against).
criteria = [{criteria}]
# findings: the findings only; report: also the report's contents (17021-1 9.4.8); auto: report when the audit
# block carries report metadata beyond criteria.
profile = "auto"
# Exit 1 when a diagnostic reaches: error, warning, info or never.
fail-on = "error"
# Rules: ids, prefixes (FV, FV1) or ALL.
select = []
ignore = []
# Files and folders never checked when walking a directory (besides hidden ones, virtual environments and what
# .gitignore ignores).
extend-exclude = []

# An export's own column or key names mapped onto report fields (CSV, XLSX, JSON, YAML, JSON Lines).
[columns]
# "Objective Evidence" = "evidence"

# Rules left out for some files (gitignore-style patterns, relative to this file).
[per-file-ignores]
# "drafts/**" = ["FV8"]
"""


@cli.command()
@click.argument("directory", required=False, type=click.Path(file_okay=False, path_type=Path), default=Path("."))
@click.option("--criteria", multiple=True, help="The audit criteria to write (e.g. 'ISO 9001:2015').")
@click.option("--force", is_flag=True, help="Overwrite an existing findings-validator.toml.")
def init(directory: Path, criteria: tuple[str, ...], force: bool) -> None:
    """Write a starter findings-validator.toml in DIRECTORY (default: here)."""
    from .config import load_config

    path = directory / "findings-validator.toml"
    if path.exists() and not force:
        raise FindingsValidatorError(f"{path} exists already", hint="edit it, or pass --force to overwrite it")
    directory.mkdir(parents=True, exist_ok=True)
    path.write_text(STARTER.format(criteria=", ".join(json.dumps(c) for c in criteria)), encoding="utf-8")
    load_config(config_file=path)  # what is written must load
    click.echo(f"wrote {path}", err=True)


# ---- fix -----------------------------------------------------------------------------------------------------
@cli.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--diff", "show_diff", is_flag=True, help="Print a unified diff of the changes; write nothing.")
@click.option("--check", "check_only", is_flag=True, help="Write nothing; exit 1 if something would change.")
@click.option("--unsafe-fixes", "unsafe", is_flag=True, help="Also replace obsolete citations by their successor.")
def fix(files: tuple[Path, ...], show_diff: bool, check_only: bool, unsafe: bool) -> None:
    """Fix the citations of YAML, JSON and Markdown reports: canonical spelling (safe); with --unsafe-fixes also
    the one successor of an obsolete citation. --diff and --check show what would change and write nothing."""
    from .fix import NotWritableError, fix_file
    from .isolation import attempt

    dry = show_diff or check_only
    changed = unsafe_left = refused = 0
    for path in files:
        def fix_one(path: Path = path) -> Any:
            try:
                return fix_file(path, write=not dry, unsafe=unsafe)
            except NotWritableError as exc:  # the other files are still fixed; the run exits 2
                click.echo(f"error: {exc}", err=True)
                return None

        # the boundary around each file, as check keeps it: whatever goes wrong is this file's FV000
        outcome, problem = attempt(fix_one, str(path), done="fixed")
        if problem is not None:
            _say_not_fixed(problem)
        if outcome is None:
            refused += 1
            continue
        unsafe_left += outcome.unsafe
        _say_removed(outcome.removed)
        if outcome.changed:
            changed += 1
            click.echo(f"{'would fix' if dry else 'fixed'} {path}: {len(outcome.changes)} change(s)", err=True)
            for change in outcome.changes:
                click.echo(f"  {change}", err=True)
            if show_diff:
                click.echo(outcome.diff, nl=False)
    if unsafe_left:
        click.echo(f"{unsafe_left} unsafe fix(es) not applied: --unsafe-fixes applies them "
                   "(an obsolete citation replaced by its successor: check that it still fits the finding)", err=True)
    raise SystemExit(EXIT_ERROR if refused else 1 if check_only and changed else EXIT_OK)


# ---- server --------------------------------------------------------------------------------------------------
@cli.command()
@checker_options
@click.option("--criteria", multiple=True, help="Default criteria for drafts without any (e.g. 'ISO 9001:2015').")
@click.option("--strict", is_flag=True, default=None, help="Unknown input fields are errors.")
@click.option("--stdio", is_flag=True, help="Speak over stdin/stdout (the default and only transport).")
def server(config_file: Path | None, isolated: bool, no_ofi: bool, stdio: bool, **options: Any) -> None:
    """Language server for report drafts (LSP over stdio): diagnostics, quick fixes, hover, clause completion.

    Configured like ``check``: options here, else the configuration file found from the workspace. Needs the
    ``lsp`` extra: pip install 'findings-validator[lsp]'. Editor set-up: docs/editors.md."""
    from importlib.util import find_spec

    if find_spec("pygls") is None or find_spec("lsprotocol") is None:
        from .server import INSTALL_HINT

        raise click.ClickException(INSTALL_HINT)
    from .server import serve

    given = any(v not in (None, (), False) for v in options.values()) or no_ofi or config_file or isolated
    serve(_config(Path.cwd(), config_file, isolated, no_ofi, options) if given else None)


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; return the exit code (0 ok, 1 findings fail, 2 usage or input error)."""
    try:
        cli.main(args=argv, prog_name="findings-validator", standalone_mode=False)
    except SystemExit as exc:
        return int(exc.code or 0)
    except click.exceptions.Exit as exc:
        return int(exc.exit_code)
    except click.ClickException as exc:
        exc.show()
        return EXIT_ERROR
    except click.exceptions.Abort:
        click.echo("aborted", err=True)
        return EXIT_ERROR
    except FindingsValidatorError as exc:
        click.echo(f"error: {exc}", err=True)
        return EXIT_ERROR
    except OSError as exc:  # a file or folder the run needs: one line, never a traceback
        where = f": {exc.filename}" if exc.filename else ""
        click.echo(f"error: {exc.strerror or exc}{where}", err=True)
        return EXIT_ERROR
    except KeyboardInterrupt:
        click.echo("interrupted", err=True)
        return EXIT_ERROR
    except Exception as exc:  # noqa: BLE001 - a bug of the tool: say where to report it, exit 2, not 1
        if os.environ.get("FINDINGS_VALIDATOR_DEBUG"):
            raise
        click.echo(f"internal error: {type(exc).__name__}: {exc}\n"
                   f"  this is a bug in findings-validator {__version__}, not in your input; please report it at "
                   f"{issues_address()} with the command you ran (FINDINGS_VALIDATOR_DEBUG=1 shows the traceback)", err=True)
        return EXIT_ERROR
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
