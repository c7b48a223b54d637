"""The command line: a thin layer over the library. ``main(argv) -> int`` never raises for input errors."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

import click

from . import __version__
from .errors import EXIT_ERROR, EXIT_FAIL, EXIT_OK, FindingsValidatorError


SCHEMA_BASE = "https://findings-validator.readthedocs.io/en/latest/"
"""Where the published docs serve ``docs/*.schema.json``."""


def _color(stream: Any) -> bool:
    return bool(getattr(stream, "isatty", lambda: False)()) and "NO_COLOR" not in os.environ


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
        click.option("--select", multiple=True, help="Only these rule ids or prefixes."),
        click.option("--ignore", multiple=True, help="Leave out these rule ids or prefixes."),
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

    overrides = {k: (list(v) if isinstance(v, tuple) else v) for k, v in options.items()}
    if no_ofi:
        overrides["ofi_allowed"] = False
    return load_config(start, config_file=config_file, isolated=isolated, overrides=overrides).config


# ---- check ---------------------------------------------------------------------------------------------------
@cli.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("--format", "-f", "fmt", default=None, help="Output on stdout: text, json, sarif, junit, github, html, oscal, oscal-yaml.")
@click.option("--output", "-o", "outputs", multiple=True, metavar="FORMAT=PATH",
              help="Also write FORMAT to PATH (repeatable), e.g. -o sarif=results.sarif.")
@checker_options
@click.option("--criteria", multiple=True, help="Default criteria for reports without any (e.g. 'ISO 9001:2015').")
@click.option("--fail-on", type=click.Choice(["error", "warning", "info", "never"]), default=None,
              help="Exit 1 when a diagnostic reaches this severity (default: error).")
@click.option("--strict", is_flag=True, default=None, help="Unknown input fields are errors.")
@click.option("--explain", is_flag=True, help="Show the values each rule's condition saw.")
@click.option("--jobs", "-j", type=int, default=None, help="Processes for many files (0 = one per core).")
def check(inputs: tuple[str, ...], fmt: str | None, outputs: tuple[str, ...], explain: bool, config_file: Path | None,
          isolated: bool, no_ofi: bool, **options: Any) -> None:
    """Check report files (YAML, JSON, JSON Lines, CSV, XLSX, Markdown): files, directories or globs."""
    from .runner import Job, exit_code, expand, run
    from .writers import FORMATS, render

    paths = expand(list(inputs))
    config = _config(paths[0], config_file, isolated, no_ofi, options)
    targets = _targets(fmt, outputs, FORMATS)
    job = Job(config, explain)
    job.checker  # noqa: B018 - fail fast on bad rules or catalogs before reading any input
    show = len(paths) > 5 and sys.stderr.isatty()
    if show:
        with click.progressbar(length=len(paths), label="checking", file=sys.stderr) as bar:
            results = list(run(paths, job, config.jobs, bar.update))
    else:
        results = list(run(paths, job, config.jobs))
    rules = job.checker.rules.infos()
    for target_fmt, path in targets:
        text = render(target_fmt, results, rules, color=path is None and _color(sys.stdout))
        if path is None:
            click.echo(text, nl=not text.endswith("\n"))
        else:
            Path(path).write_text(text, encoding="utf-8")
    raise SystemExit(exit_code(results, config.fail_on))


def _targets(fmt: str | None, outputs: tuple[str, ...], formats: tuple[str, ...]) -> list[tuple[str, str | None]]:
    targets: list[tuple[str, str | None]] = []
    for item in outputs:
        name, sep, path = item.partition("=")
        if not sep or name not in formats or not path:
            raise click.UsageError(f"--output takes FORMAT=PATH with FORMAT one of {', '.join(formats)}; got {item!r}")
        targets.append((name, path))
    if fmt is not None or not targets:
        name = fmt or "text"
        if name not in formats:
            raise click.UsageError(f"unknown format {name!r}; choose from {', '.join(formats)}")
        targets.insert(0, (name, None))
    return targets


# ---- batch --------------------------------------------------------------------------------------------------
@cli.command()
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--output", "-o", "output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Where to write the JSON Lines results (default: stdout).")
@click.option("--audit", "audit_file", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help="YAML/JSON file with the audit block; it replaces the first line's.")
@click.option("--jobs", "-j", type=int, default=0, help="Worker processes (0 = one per core).")
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
    raise SystemExit(1 if summary.errors or summary.findings != summary.verdicts.get("valid", 0) else 0)


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
                            ofi_allowed=config.ofi_allowed)
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
@click.option("--criteria", multiple=True, required=True, help="Audited standard and edition (repeatable).")
@click.option("--exclude", multiple=True, help="Requirement declared not applicable / excluded (repeatable).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@click.option("--catalog", "catalogs", multiple=True, type=click.Path(exists=True))
def cite(texts: tuple[str, ...], criteria: tuple[str, ...], exclude: tuple[str, ...], fmt: str,
         catalogs: tuple[str, ...]) -> None:
    """Parse and resolve citations: what each one means in the audit criteria."""
    from .catalog import load_catalogs
    from .citations import Criteria, resolve_text

    cats = load_catalogs(catalogs)
    crit = Criteria.of(list(criteria), cats, list(exclude))
    rows = [r for text in texts for r in resolve_text(text, crit, cats)]
    if fmt == "json":
        _dump([r.to_dict() for r in rows])
        return
    for r in rows:
        clauses = ", ".join(f"{k.rpartition('/')[2]} {t or '(untitled)'}" for k, t in zip(r.clauses, r.titles))
        items = " " + " ".join(f"{i})" for i in r.items) if r.items else ""
        click.echo(f"{r.citation.text}: {r.status.value}{' — ' + clauses + items if clauses else ''}")
        click.echo(f"  {r.reason}")
        if r.suggestions:
            click.echo("  suggestions: " + ", ".join(s.label for s in r.suggestions))


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

    infos = load_rules(extra).infos()
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
    from .dsl.explain import explain

    click.echo(explain(load_rules(extra).get(rule_id)))


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
@click.argument("what", type=click.Choice(["report", "config", "catalog", "map", "guidance", "corpus"]),
                default="report")
def schema(what: str) -> None:
    """JSON Schema of the report format (or of the configuration, a catalog, map or guidance file, a labelled
    finding for eval)."""
    if what in ("catalog", "map", "guidance"):  # as committed in docs/ (python -m findings_validator.catalog.schema_export)
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


# ---- fix -----------------------------------------------------------------------------------------------------
@cli.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--diff", "show_diff", is_flag=True, help="Print a unified diff of the changes.")
@click.option("--check", "check_only", is_flag=True, help="Change nothing; exit 1 if something would change.")
def fix(files: tuple[Path, ...], show_diff: bool, check_only: bool) -> None:
    """Apply safe fixes to YAML reports: successor of an obsolete citation, normalised citation forms."""
    from .fix import fix_file

    changed = 0
    for path in files:
        outcome = fix_file(path, write=not check_only)
        if outcome.changed:
            changed += 1
            click.echo(f"{'would fix' if check_only else 'fixed'} {path}: {len(outcome.changes)} change(s)", err=True)
            for change in outcome.changes:
                click.echo(f"  {change}", err=True)
            if show_diff:
                click.echo(outcome.diff, nl=False)
    raise SystemExit(1 if check_only and changed else EXIT_OK)


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
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
