"""Run a RuleSet over a report: resolve citations, evaluate finding and report rules, decide verdicts.

Checking a finding is pure computation on immutable inputs (finding, audit, compiled rules, catalogs), so reports
and batches can be checked in parallel with no shared state beyond read-only caches.
"""

from __future__ import annotations

import os
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Literal

from .catalog import Catalogs, load_catalogs
from .citations import Criteria, find_citations, resolve, resolve_text
from .citations.types import Resolution
from .dsl import CompiledRule, RuleSet, load_rules
from .dsl.context import FindingContext, GroupContext, ReportContext, Scheme
from .errors import CitationSyntaxError, ConfigError, FindingsValidatorError
from .models import Audit, Diagnostic, Effect, Finding, FindingResult, Report, ReportResult, Severity, Verdict

ENGINE_PROBLEMS = {
    "FV009": "unknown standard or edition in the audit criteria",
    "FV010": "waiver without a reason",
    "FV011": "waiver for a rule that did not fire",
    "FV012": "waiver names no known rule",
}

CONFIGURATION_ERRORS = frozenset({"FV012"})
"""Problems of the report's own configuration (a mistyped waiver): exit 2, never a finding's verdict."""


def verdict_of(diagnostics: Iterable[Diagnostic]) -> Verdict:
    """The documented precedence: reclassify > downgrade > invalid > upgrade > valid; only errors count."""
    if not diagnostics:
        return Verdict.VALID
    effects = {d.effect for d in diagnostics if d.severity is Severity.ERROR and d.rule not in CONFIGURATION_ERRORS}
    if not effects:
        return Verdict.VALID
    if Effect.RECLASSIFY in effects:
        return Verdict.RECLASSIFY_AS_NC
    if Effect.DOWNGRADE in effects:
        return Verdict.DOWNGRADE_TO_OFI
    if effects - {Effect.UPGRADE}:
        return Verdict.INVALID
    return Verdict.UPGRADE_TO_MAJOR


PROFILES_FILE = Path(__file__).resolve().parent / "rulesets" / "profiles.toml"
PROFILES = ("auto", "findings", "report")
_REPORT_METADATA = frozenset({"criteria", "exclusions", "type"})  # what a findings list's audit block may hold
CRITERIA_HINT = ("give them with --criteria \"ISO 9001:2015\", in the report's audit.criteria, or as "
                 "criteria = [\"ISO 9001:2015\"] in the configuration")


@lru_cache(maxsize=1)
def profiles() -> dict[str, dict[str, object]]:
    """The profiles of ``rulesets/profiles.toml``: which rules each one does not run."""
    import tomllib

    return tomllib.loads(PROFILES_FILE.read_text(encoding="utf-8"))


def profile_of(report: Report, profile: str = "auto") -> str:
    """``report`` when asked for, or (``auto``) when the audit block carries report metadata; else ``findings``."""
    if profile != "auto":
        return profile
    audit = report.audit
    given = {name for name in audit.model_fields_set | set(audit.model_extra or {}) if getattr(audit, name, None)}
    return "report" if given - _REPORT_METADATA else "findings"


def build_checker(*, rules: Iterable[str | Path] = (), builtin_rules: bool = True, select: Iterable[str] = (),
                  ignore: Iterable[str] = (), severity: dict[str, str] | None = None,
                  catalogs: Iterable[str | Path] = (), ofi_allowed: bool = True, explain: bool = False,
                  extend_select: Iterable[str] = (), profile: str = "auto",
                  transition_ends: Mapping[str, date] | None = None) -> Checker:
    """A checker from settings as the configuration names them (the CLI's ``check`` and ``batch`` both use this)."""
    rule_set = load_rules(tuple(rules), builtin=builtin_rules).select(select, ignore, severity or None, extend_select)
    loaded = load_catalogs(tuple(catalogs))
    scheme = Scheme(ofi_allowed=ofi_allowed, transition_ends=transition_overrides(transition_ends or {}, loaded))
    return Checker(rule_set, loaded, scheme=scheme, explain=explain, profile=profile)


def transition_overrides(ends: Mapping[str, date], catalogs: Catalogs) -> tuple[tuple[str, date], ...]:
    """The configured transition ends by edition key (``"ISO 9001:2015"``); an edition that is not loaded is an
    error naming it."""
    from .citations import edition_of, parse_standard

    out = []
    for name, end in ends.items():
        try:
            key = edition_of(parse_standard(name), catalogs).key
        except FindingsValidatorError as exc:
            raise ConfigError(f"transition_ends: {name!r}: {exc.message}",
                              hint="name a loaded edition with its year, e.g. 'ISO 9001:2015'") from None
        out.append((key, end))
    return tuple(sorted(out))


class Checker:
    """Holds the compiled rules, the catalogs and the options; checks reports and single findings."""

    def __init__(self, rules: RuleSet | None = None, catalogs: Catalogs | None = None, *,
                 scheme: Scheme | None = None, explain: bool = False, profile: str = "auto") -> None:
        if profile not in PROFILES:
            raise FindingsValidatorError(f"unknown profile {profile!r}", hint=f"choose from {', '.join(PROFILES)}")
        self.rules = rules if rules is not None else load_rules()
        self.catalogs = catalogs if catalogs is not None else load_catalogs()
        self.scheme = scheme or Scheme()
        self.explain = explain
        self.profile = profile
        self._criteria = lru_cache(maxsize=256)(self._make_criteria)
        self._last_criteria: tuple[Audit, tuple[Criteria, tuple[str, ...]]] | None = None
        self._resolved = lru_cache(maxsize=16384)(self._resolve_text)

    # -- criteria -------------------------------------------------------------------------------------------
    def _make_criteria(self, names: tuple[str, ...], exclusions: tuple[str, ...]) -> tuple[Criteria, tuple[str, ...]]:
        known, problems = [], []
        for name in names:
            try:
                Criteria.of([name], self.catalogs)
                known.append(name)
            except FindingsValidatorError as exc:
                problems.append(f"{name!r}: {exc.message}" + (f" ({exc.hint})" if exc.hint else ""))
        try:
            criteria = Criteria.of(known, self.catalogs, exclusions)
        except FindingsValidatorError as exc:
            problems.append(f"exclusions: {exc.message}")
            criteria = Criteria.of(known, self.catalogs)
        return criteria, tuple(problems)

    def criteria(self, audit: Audit) -> tuple[Criteria, tuple[str, ...]]:
        last = self._last_criteria
        if last is not None and last[0] is audit:  # the same (frozen) audit as the finding before: most calls
            return last[1]
        found = self._criteria(tuple(audit.criteria), tuple(audit.exclusions))
        self._last_criteria = (audit, found)
        return found

    # -- one finding ----------------------------------------------------------------------------------------
    def _resolve_text(self, text: str, criteria: Criteria) -> tuple[tuple[Resolution, ...], str]:
        """A clause field's citations resolved, and why the field could not be read as citations ("" if it could).
        Memoised per checker (``_resolved``): archives repeat the same clause texts."""
        try:
            return resolve_text(text, criteria, self.catalogs), ""
        except CitationSyntaxError as exc:
            return tuple(resolve(c, criteria, self.catalogs) for c in find_citations(text)), exc.message

    def context(self, finding: Finding, audit: Audit, criteria: Criteria) -> FindingContext:
        resolutions: list[Resolution] = []
        error = ""
        for text in finding.clause:
            resolved, problem = self._resolved(text, criteria)
            resolutions.extend(resolved)
            error = problem or error
        return FindingContext(finding, audit, tuple(resolutions), self.catalogs, criteria.editions, self.scheme,
                              self.rules.scan, error)

    def _diagnostic(self, rule: CompiledRule, env: object, finding: Finding | None, file: str) -> Diagnostic:
        line, column = finding.position(rule.focus) if finding is not None else (1, 1)
        seen: tuple[tuple[str, str], ...] = ()
        if self.explain:
            seen = tuple((label, _shown(fn, env)) for label, fn in rule.leaves)
        return Diagnostic(
            rule=rule.id, severity=rule.severity, message=rule.message(env),
            suggestion=rule.suggestion(env) if rule.suggestion else None, source=rule.info.source,
            effect=rule.effect, finding=finding.id if finding else None, file=file, line=line, column=column,
            title=rule.info.title, seen=seen,
        )

    def _firing(self, ctx: FindingContext) -> Iterator[CompiledRule]:
        """The finding rules whose condition holds, one at a time (what a condition bound stays until the next)."""
        bound = ctx.bound
        statuses: set[str] | None = None
        for rule in self.rules.rules_for_grade.get(ctx.grade, ()):
            need = rule.needs_status
            if need is not None:  # 'any citation (status is …)': skipped at once when no citation has that status
                if statuses is None:
                    statuses = {c.status for c in ctx.citations}
                if need.isdisjoint(statuses):
                    continue
            if bound:
                bound.clear()
            if rule.condition(ctx):  # type: ignore[misc]
                yield rule

    def finding_diagnostics(self, ctx: FindingContext) -> list[Diagnostic]:
        return [self._diagnostic(rule, ctx, ctx.finding, ctx.finding.file) for rule in self._firing(ctx)]

    def fired(self, ctx: FindingContext) -> list[str]:
        """Ids of the finding rules whose condition holds (no diagnostics built): for tools and benchmarks."""
        return [rule.id for rule in self._firing(ctx)]

    def check_finding(self, finding: Finding, audit: Audit) -> FindingResult:
        """Check one finding on its own (no report-level rules): the interactive path."""
        criteria, _ = self.criteria(audit)
        ctx = self.context(finding, audit, criteria)
        diagnostics = self._apply_waivers(finding, self.finding_diagnostics(ctx))
        ctx.release()
        return FindingResult(finding, verdict_of(diagnostics), tuple(sorted(diagnostics)), ctx.resolutions)

    # -- a whole report -------------------------------------------------------------------------------------
    def check_report(self, report: Report, problems: Iterable[Diagnostic] = ()) -> ReportResult:
        criteria, criteria_problems = self.criteria(report.audit)
        report_diags = list(problems)
        for text in criteria_problems:
            report_diags.append(Diagnostic("FV009", Severity.ERROR, f"audit criteria: {text}",
                                           "name the standard and edition as in 'ISO 9001:2015'; "
                                           "'findings-validator catalog list' shows the known editions",
                                           file=report.file, line=1, column=1, title=ENGINE_PROBLEMS["FV009"]))
        profile = profile_of(report, self.profile)
        if not report.findings and any(d.rule == "FV008" and d.message == "the file is empty" for d in report_diags):
            kept = self._kept(report_diags)   # an empty file: that, and nothing else
            summary = summarize([], kept, report.audit)
            summary.update(ready=False, readiness="not ready: the file is empty")
            return ReportResult(report.file, report, (), tuple(sorted(kept)), summary)
        if report.findings and not criteria.editions:  # nothing to judge the findings against: say so once
            if not criteria_problems:
                report_diags = [d for d in report_diags if not (d.rule == "FV002" and "criteria" in d.message)]
                report_diags.append(Diagnostic(
                    "FV002", Severity.ERROR, f"the audit criteria are needed to judge the findings; "
                    f"{_count(len(report.findings), 'finding was', 'findings were')} not judged", CRITERIA_HINT,
                    file=report.file, line=1, column=1, title="missing required field"))
            kept = self._kept(report_diags)
            summary = summarize([], kept, report.audit, self._not_run(profile))
            summary.update(findings=len(report.findings), judged=False, ready=False,
                           readiness="not ready: the audit criteria are unknown, so no finding was judged")
            return ReportResult(report.file, report, (), tuple(sorted(kept)), summary)
        contexts = [self.context(f, report.audit, criteria) for f in report.findings]
        per_finding: dict[int, list[Diagnostic]] = {i: self.finding_diagnostics(c) for i, c in enumerate(contexts)}
        report_ctx = ReportContext(report.audit, contexts, self.catalogs, criteria.editions, self.rules.scan,
                                   scheme=self.scheme)
        index = {id(c): i for i, c in enumerate(contexts)}
        skipped = self._skipped(profile)
        for rule in self.rules.report_rules:
            if skipped and rule.id.startswith(skipped):
                continue
            if rule.group_key is None:
                report_ctx.bound.clear()
                if rule.condition(report_ctx):  # type: ignore[misc]
                    report_diags.append(self._diagnostic(rule, report_ctx, None, report.file))
                continue
            for group in self._groups(rule, report_ctx):
                group.bound.clear()
                if rule.condition(group):  # type: ignore[misc]
                    for member in group.members:
                        diag = self._diagnostic(rule, group, member.finding, member.finding.file)
                        per_finding[index[id(member)]].append(diag)
        results = []
        for i, ctx in enumerate(contexts):
            diagnostics = self._apply_waivers(ctx.finding, per_finding[i], report_diags)
            ctx.release()
            results.append(FindingResult(ctx.finding, verdict_of(diagnostics), tuple(sorted(diagnostics)),
                                         ctx.resolutions))
        report_diags = self._kept(report_diags)
        return ReportResult(report.file, report, tuple(results), tuple(sorted(report_diags)),
                            summarize(results, report_diags, report.audit, self._not_run(profile)))

    def _kept(self, diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
        """The built-in checks' diagnostics as the rule selection wants them (left out, re-graded)."""
        keep = self.rules.keep
        return [kept for d in diagnostics if (kept := keep(d)) is not None]

    @staticmethod
    def _skipped(profile: str) -> tuple[str, ...]:
        return tuple(profiles()[profile].get("skip", ()))  # type: ignore[arg-type]

    def _not_run(self, profile: str) -> dict[str, object]:
        """What did not run on this report: the rules the selection left out, the profile's skipped ones."""
        out: dict[str, object] = {"profile": profile}
        if self.rules.left_out:
            out["not_run"] = list(self.rules.left_out)
        return out

    @staticmethod
    def _groups(rule: CompiledRule, report: ReportContext) -> list[GroupContext]:
        groups: dict[str, list[FindingContext]] = defaultdict(list)
        for ctx in report.findings:
            if rule.group_where is not None:
                ctx.bound.clear()
                if not rule.group_where(ctx):
                    continue
            key = rule.group_key(ctx)  # type: ignore[misc]
            for k in dict.fromkeys(key if isinstance(key, list) else [key]):
                if k:
                    groups[str(k)].append(ctx)
        return [GroupContext(k, members, report, report.scan) for k, members in groups.items()]

    def _apply_waivers(self, finding: Finding, diagnostics: list[Diagnostic],
                       report_diags: list[Diagnostic] | None = None) -> list[Diagnostic]:
        """Drop the waived rules' diagnostics; report waivers without a reason (FV010), unused ones (FV011) and,
        as a configuration error of the report that leaves the verdict alone, ones naming no rule (FV012)."""
        if not finding.waivers:
            return self._kept(diagnostics) if self.rules.left_out else diagnostics
        line, column = finding.position("waivers")
        kept, extra = list(diagnostics), []
        for waiver in finding.waivers:
            try:
                rule_id = self.rules.canonical(waiver.rule)
            except FindingsValidatorError as exc:
                diag = Diagnostic("FV012", Severity.ERROR, f"{finding.id}: waiver: {exc.message}", exc.hint,
                                  file=finding.file, line=line, column=column, title=ENGINE_PROBLEMS["FV012"])
                (report_diags if report_diags is not None else extra).append(diag)
                continue
            if not waiver.reason.strip():
                extra.append(Diagnostic("FV010", Severity.ERROR, f"the waiver of {rule_id} gives no reason",
                                        "add 'reason:' saying why the rule does not apply here", finding=finding.id,
                                        file=finding.file, line=line, column=column, title=ENGINE_PROBLEMS["FV010"]))
                continue
            fired = [d for d in kept if d.rule == rule_id]
            if not fired and rule_id not in self.rules.left_out:
                extra.append(Diagnostic("FV011", Severity.WARNING, f"the waiver of {rule_id} is unused: the rule did "
                                        "not fire on this finding", "remove the waiver", finding=finding.id,
                                        file=finding.file, line=line, column=column, title=ENGINE_PROBLEMS["FV011"]))
            kept = [d for d in kept if d.rule != rule_id]
        return self._kept(kept + extra)


def _shown(fn: object, env: object) -> str:
    try:
        value = fn(env)  # type: ignore[operator]
    except Exception as exc:  # noqa: BLE001 - explaining must never break a check
        return f"<{type(exc).__name__}>"
    if isinstance(value, list):
        return "[" + ", ".join(map(str, value)) + "]"
    return repr(value) if isinstance(value, str) else str(value)


def summarize(results: list[FindingResult], report_diags: Iterable[Diagnostic] = (),
              audit: Audit | None = None, ran: dict[str, object] | None = None) -> dict[str, object]:
    """Counts by grade and verdict, the clauses most cited, and a readiness line for the certification decision.

    Ready means: every nonconformity valid, no report-level error, and no major open (raised in this report,
    to be upgraded, or still open from the previous audit: 17021-1 9.5.3).
    """
    grades = Counter(r.finding.grade.value for r in results)
    verdicts = Counter(r.verdict.value for r in results)
    cited = Counter(k for r in results for res in r.citations if res.ok for k in res.clauses)
    previous_open = [p.id for p in (audit.previous_findings if audit else ()) if p.grade.value == "major"
                     and p.status == "open"]
    majors = grades.get("major", 0) + verdicts.get("upgrade_to_major", 0)
    rework = sum(1 for r in results if r.finding.grade.is_nc and r.verdict is not Verdict.VALID)
    report_errors = sum(1 for d in report_diags if d.severity is Severity.ERROR)
    blockers = [text for text in (
        _count(rework, "nonconformity needs", "nonconformities need") + " rework" if rework else "",
        _count(report_errors, "report-level error", "report-level errors") if report_errors else "",
        f"open major nonconformities from the previous audit: {', '.join(previous_open)}" if previous_open else "",
    ) if text]
    line = "ready for the certification decision: every nonconformity is valid and the report is complete" \
        if not blockers else "not ready: " + "; ".join(blockers)
    if majors:
        line += (f"; {_count(majors, 'major nonconformity', 'major nonconformities')}: correction and corrective "
                 "action must be verified before a positive decision")
    ran = ran or {}
    not_run = list(ran.get("not_run") or ())  # type: ignore[call-overload]
    if ran.get("profile") == "findings":
        if not blockers:
            line = line.replace("ready for the certification decision: every nonconformity is valid and the "
                                "report is complete", "the findings are ready: every nonconformity is valid")
    if not_run:
        shown = ", ".join(not_run[:8]) + (", …" if len(not_run) > 8 else "")
        if not blockers:
            line = line.replace("ready", "ready as far as the rules that ran can tell", 1)
        line += f"; partial check: {_count(len(not_run), 'rule', 'rules')} did not run ({shown})"
    extra: dict[str, object] = {}
    if ran.get("profile") == "findings":  # (report: the default, unsaid)
        extra["profile"] = "findings"
        extra["note"] = ("the report's contents (ISO/IEC 17021-1 9.4.8) were not checked: the file holds findings "
                         "only; --profile report, or profile = \"report\" in the configuration, checks them")
    if not_run:
        extra["not_run"] = not_run
    return {
        "findings": len(results),
        "by_grade": dict(sorted(grades.items())),
        "by_verdict": dict(sorted(verdicts.items())),
        "most_cited": [{"clause": _label(k), "count": n} for k, n in cited.most_common(5)],
        "open_majors": majors + len(previous_open),
        "ready": not blockers,
        "readiness": line,
        **extra,
    }


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _label(key: str) -> str:
    edition, _, clause_id = key.rpartition("/")
    return f"{edition} {clause_id}"


Source = Report | Mapping[str, object] | str | os.PathLike[str] | bytes
"""What ``check`` takes: a ``Report``, a mapping in the report format, a path, or report text (str or bytes)."""


def check(source: Source, *, format: str | None = None, rules: RuleSet | None = None,
          catalogs: Catalogs | None = None, criteria: Sequence[str] = (), exclusions: Sequence[str] = (),
          select: Sequence[str] = (), extend_select: Sequence[str] = (), ignore: Sequence[str] = (),
          severity: Mapping[str, Literal["error", "warning", "info"]] | None = None,
          profile: Literal["auto", "findings", "report"] = "auto", ofi_allowed: bool = True, strict: bool = False,
          columns: Mapping[str, str] | None = None, explain: bool = False) -> ReportResult:
    """Check one report and return its ``ReportResult`` (``to_dict()`` gives its part of the JSON contract).

    ``source``: a ``Report``; a mapping as the report format describes (``{"audit": {...}, "findings": [...]}``);
    a path (``str`` or ``PathLike``) of any supported format; or the report's text (``str`` with a line break, or
    ``bytes``), whose ``format`` is then given or detected. ``criteria``/``exclusions`` stand in when the report
    names no criteria. ``rules`` (default: the built-in rules) is narrowed by ``select``, ``extend_select`` and
    ``ignore`` (ids, prefixes, ``ALL``) and re-graded by ``severity``; ``profile``, ``ofi_allowed``, ``strict`` and
    ``columns`` are the settings of the same names (docs/cli.md#configuration). Input errors raise
    ``FindingsValidatorError`` subclasses; findings are results, never exceptions."""
    rule_set = rules if rules is not None else load_rules()
    if select or extend_select or ignore or severity:
        rule_set = rule_set.select(select, ignore, dict(severity or {}) or None, extend_select)
    checker = Checker(rule_set, catalogs, scheme=Scheme(ofi_allowed=ofi_allowed), explain=explain, profile=profile)
    defaults = {"criteria": list(criteria), "exclusions": list(exclusions)} if criteria else None
    if isinstance(source, Report):
        if defaults and not source.audit.criteria:
            source = source.model_copy(update={"audit": Audit.model_validate(defaults)})
        return checker.check_report(source)
    from .readers import read_report

    if isinstance(source, Mapping):
        import json

        source, format = json.dumps(source, ensure_ascii=False, default=str).encode("utf-8"), "json"
    read = read_report(source, format=format, strict=strict, columns=columns)
    if defaults and not read.report.audit.criteria:
        read = read_report(source, format=format, strict=strict, columns=columns, audit=defaults)
    return checker.check_report(read.report, read.problems)


def check_finding(finding: Finding, audit: Audit, rules: RuleSet | None = None,
                  catalogs: Catalogs | None = None) -> FindingResult:
    return Checker(rules, catalogs).check_finding(finding, audit)
