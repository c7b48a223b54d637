"""Run a RuleSet over a report: resolve citations, evaluate finding and report rules, decide verdicts.

Checking a finding is pure computation on immutable inputs (finding, audit, compiled rules, catalogs), so reports
and batches can be checked in parallel with no shared state beyond read-only caches.
"""

from __future__ import annotations

import os
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Literal

from .catalog import Catalogs, load_catalogs
from .citations import Criteria, Status, resolve_field
from .citations.types import Resolution
from .dsl import CompiledRule, RuleSet, load_rules
from .dsl.context import FindingContext, GroupContext, ReportContext, Scheme, joined_text
from .dsl.ruleset import lexicon_matcher
from .dsl.text import TextScan, words
from .errors import CitationSyntaxError, ConfigError, FindingsValidatorError
from .models import (Audit, Diagnostic, Effect, Finding, FindingRef, FindingResult, FiredGroup, Report, ReportResult,
                     Severity, Verdict)
from .readers.common import DuplicateIds

ENGINE_PROBLEMS = {
    "FV009": "unknown standard or edition in the audit criteria",
    "FV010": "waiver without a reason",
    "FV011": "waiver for a rule that did not fire",
    "FV012": "waiver names no known rule",
    "FV014": "a criterion that is a document, not a standard",
    "FV015": "a rule could not be evaluated on the finding",
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
                  transition_ends: Mapping[str, date] | None = None, language: str = "") -> Checker:
    """A checker from settings as the configuration names them (the CLI's ``check`` and ``batch`` both use this)."""
    rule_set = load_rules(tuple(rules), builtin=builtin_rules).select(select, ignore, severity or None, extend_select)
    loaded = load_catalogs(tuple(catalogs))
    scheme = Scheme(ofi_allowed=ofi_allowed, transition_ends=transition_overrides(transition_ends or {}, loaded),
                    language=rule_set.for_language(language).language)  # an unknown language fails here
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


def _names_a_catalogued_standard(name: str, catalogs: Catalogs) -> bool:
    """Whether a criterion that cannot be read as a standard's name still holds the number of a standard the
    catalogs describe ("IS0 9001:2015", "ISO9001-2015 (QMS)"): a mistyped standard, not a document."""
    numbers = {edition.standard.split()[-1].split("/")[-1] for edition in catalogs.editions.values()}
    return any(number in numbers for number in re.findall(r"(?<!\d)\d{4,5}(?!\d)", name))


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
        self._last_criteria: tuple[Audit, tuple[Criteria, tuple[tuple[str, str], ...]]] | None = None
        self._resolved = lru_cache(maxsize=16384)(self._resolve_text)
        # the report rules that read the audit alone, and what they said of the last audit (and file) seen
        self._audit_rules = frozenset(r.id for r in self.rules.report_rules
                                      if r.group_key is None and all(_audit_only(read) for read in r.reads))
        self._last_audit: tuple[Audit, str, dict[str, Diagnostic | None]] | None = None

    # -- criteria -------------------------------------------------------------------------------------------
    def _make_criteria(self, names: tuple[str, ...],
                       exclusions: tuple[str, ...]) -> tuple[Criteria, tuple[tuple[str, str], ...]]:
        """The criteria, and what is to be said of them: (rule, text) with FV009 for a standard or edition no
        catalog describes, or a name that cannot be read; FV014 for a criterion that names no standard at all (the
        client's or a customer's requirements: "Customer quality manual SQM-4 rev 7")."""
        known: list[str] = []
        problems: list[tuple[str, str]] = []
        for name in names:
            try:
                Criteria.of([name], self.catalogs)
                known.append(name)
            except CitationSyntaxError as exc:
                if _names_a_catalogued_standard(name, self.catalogs):
                    problems.append(("FV009", f"{name!r}: {exc.message}" + (f" ({exc.hint})" if exc.hint else "")))
                else:
                    problems.append(("FV014", f"{name!r} names no catalogued standard: it is kept as a document of the "
                                              "audit criteria, and the findings are judged against the standards"))
            except FindingsValidatorError as exc:
                problems.append(("FV009", f"{name!r}: {exc.message}" + (f" ({exc.hint})" if exc.hint else "")))
        try:
            criteria = Criteria.of(known, self.catalogs, exclusions)
        except FindingsValidatorError as exc:
            problems.append(("FV009", f"exclusions: {exc.message}"))
            criteria = Criteria.of(known, self.catalogs)
        return criteria, tuple(problems)

    def criteria(self, audit: Audit) -> tuple[Criteria, tuple[tuple[str, str], ...]]:
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
        resolved = resolve_field(text, criteria, self.catalogs)
        unread = [r for r in resolved if r.status is Status.UNREADABLE]
        return resolved, unread[0].reason if unread and len(unread) == len(resolved) else ""

    def _resolutions(self, clause: Iterable[str], criteria: Criteria) -> tuple[tuple[Resolution, ...], str]:
        """A finding's citations, resolved, and the error that rejects its clause field (or "")."""
        resolutions: list[Resolution] = []
        error = ""
        for text in clause:
            resolved, problem = self._resolved(text, criteria)
            resolutions.extend(resolved)
            error = error or problem
        if error and any(r.status is not Status.UNREADABLE for r in resolutions):
            error = ""  # something in the clause field(s) was read: the unreadable rest is only warned about
        elif error:
            resolutions = []  # nothing could be read: the field is rejected as a whole (citation_error)
        return tuple(resolutions), error

    def context(self, finding: Finding, audit: Audit, criteria: Criteria) -> FindingContext:
        resolutions, error = self._resolutions(finding.clause, criteria)
        rules = self.rules_for(audit)
        return FindingContext(finding, audit, resolutions, self.catalogs, criteria.editions, self.scheme,
                              rules.scan, error, labels=rules.labels)

    def rules_for(self, audit: Audit) -> RuleSet:
        """The rules with the lexicons of the report's language: the audit's ``language``, else the configured
        one, else the built-in (English) lexicons."""
        language = audit.language or self.scheme.language
        return self.rules.for_language(language) if language else self.rules

    def _diagnostic(self, rule: CompiledRule, env: object, finding: Finding | None, file: str) -> Diagnostic:
        line, column = finding.position(rule.focus) if finding is not None else (1, 1)
        seen: tuple[tuple[str, str], ...] = ()
        if self.explain:
            seen = tuple((label, _shown(fn, env)) for label, fn in rule.leaves)
        return Diagnostic(
            rule=rule.id, severity=rule.severity, message=rule.message(env),
            suggestion=rule.suggestion(env) if rule.suggestion else None, source=rule.info.source,
            effect=rule.effect, finding=finding.id if finding else None, file=file, line=line, column=column,
            title=rule.info.title, seen=seen, suggested_clause=(rule.cite(env) or None) if rule.cite else None,
        )

    def _group_diagnostics(self, rule: CompiledRule, group: GroupContext) -> Iterator[tuple[FindingContext, Diagnostic]]:
        """One diagnostic per member of a group the rule fired on: the message, suggestion and explanation depend
        on the group alone, so they are rendered once and shared; each member has its own position."""
        message = rule.message(group)
        suggestion = rule.suggestion(group) if rule.suggestion else None
        seen = tuple((label, _shown(fn, group)) for label, fn in rule.leaves) if self.explain else ()
        clause = (rule.cite(group) or None) if rule.cite else None
        info = rule.info
        for member in group.members:
            finding = member.finding
            line, column = finding.position(rule.focus)
            yield member, Diagnostic(rule=rule.id, severity=rule.severity, message=message, suggestion=suggestion,
                                     source=info.source, effect=rule.effect, finding=finding.id, file=finding.file,
                                     line=line, column=column, title=info.title, seen=seen, group=group.key,
                                     suggested_clause=clause)

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
            try:
                holds = rule.condition(ctx)  # type: ignore[misc]
            except Exception as exc:  # noqa: BLE001 - one rule failing must not lose the finding's other checks
                ctx.failed.append((rule.id, exc))
                continue
            if holds:
                yield rule

    def finding_diagnostics(self, ctx: FindingContext) -> list[Diagnostic]:
        # each diagnostic is made as its rule fires: what the condition bound lasts only until the next rule
        ctx.failed.clear()
        made = [(rule, self._diagnostic(rule, ctx, ctx.finding, ctx.finding.file)) for rule in self._firing(ctx)]
        failed = self._failed(ctx)
        if any(rule.only_if_reclassified for rule, _ in made) and not any(
                rule.effect is Effect.RECLASSIFY and rule.severity is Severity.ERROR and not rule.only_if_reclassified
                for rule, _ in made):
            made = [(rule, d) for rule, d in made if not rule.only_if_reclassified]  # the finding stays an OFI
        if any(rule.unless_downgraded for rule, _ in made) and any(
                rule.effect is Effect.DOWNGRADE and rule.severity is Severity.ERROR for rule, _ in made):
            return [d for rule, d in made if not rule.unless_downgraded] + failed  # the finding is to be an OFI
        return [d for _, d in made] + failed

    def _failed(self, ctx: FindingContext) -> list[Diagnostic]:
        """FV015 for each rule whose condition raised on the finding: said, and the other rules' verdict kept."""
        if not ctx.failed:
            return []
        line, column = ctx.finding.position("statement")
        return [d for rule_id, exc in ctx.failed
                if (d := self._rule_failed(rule_id, exc, ctx.finding.file, ctx.finding.id, line, column)) is not None]

    def _rule_failed(self, rule_id: str, exc: Exception, file: str, finding: str | None = None, line: int = 1,
                     column: int = 1) -> Diagnostic | None:
        """FV015: a rule that could not be evaluated (on a finding, or on the report when ``finding`` is None)."""
        if "FV015" in self.rules.left_out:
            return None
        info = self.rules.checks.get("FV015")
        where = "this finding" if finding else "this report"
        return Diagnostic("FV015", info.severity if info else Severity.WARNING,
                          f"rule {rule_id} could not be evaluated on {where} ({type(exc).__name__}: {exc}); "
                          "the other rules were applied",
                          f"report it with the {'finding' if finding else 'report'}: the verdict may lack what "
                          "that rule would have said",
                          finding=finding, file=file, line=line, column=column, title=ENGINE_PROBLEMS["FV015"])

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
        report_diags = list(problems) + self._criteria_problems(criteria_problems, report.file)
        profile = profile_of(report, self.profile)
        unjudged = self._unjudged(report, len(report.findings), criteria, criteria_problems, report_diags, profile)
        if unjudged is not None:
            return unjudged
        contexts = [self.context(f, report.audit, criteria) for f in report.findings]
        per_finding = [self.finding_diagnostics(c) for c in contexts]
        scan, joined = self._report_scan(report.audit, contexts)
        report_ctx = ReportContext(report.audit, contexts, self.catalogs, criteria.editions, scan, scheme=self.scheme,
                                   streamed=joined)
        fired_groups = self._report_rules(report_ctx, per_finding, report_diags, report.file, self._skipped(profile))
        results = []
        for i, ctx in enumerate(contexts):
            diagnostics = self._apply_waivers(ctx.finding, per_finding[i], report_diags)
            ctx.release()
            results.append(FindingResult(ctx.finding, verdict_of(diagnostics), tuple(sorted(diagnostics)),
                                         ctx.resolutions))
        report_diags = self._kept(report_diags)
        return ReportResult(report.file, report, tuple(results), tuple(sorted(report_diags)),
                            summarize(results, report_diags, report.audit, self._not_run(profile)),
                            tuple(fired_groups))

    def _report_scan(self, audit: Audit,
                     contexts: list[FindingContext]) -> tuple[Callable[[str], object], object | None]:
        """The report rules' ``scan``: when all they ask of the report's text is whether it mentions some lexicons,
        the text (joined now) is searched with an automaton of those lexicons' phrases only, not the rules' full one
        whose every other lexicon's matches would be looked at in Python; any other text as the rules scan it."""
        rules = self.rules_for(audit)
        only = _report_lexicons_scan(rules, self.streaming)
        if only is None:
            return rules.scan, None
        full, joined = rules.scan, joined_text(audit, contexts)

        def scan(text: str) -> object:
            return only(text) if text is joined.text else full(text)

        return scan, joined

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

    def _unjudged(self, report: Report | None, count: int, criteria: Criteria,
                  criteria_problems: tuple[tuple[str, str], ...],
                  report_diags: list[Diagnostic], profile: str, file: str = "",
                  audit: Audit | None = None) -> ReportResult | None:
        """The result of a report that is not judged: an empty file (that, and nothing else), or findings with no
        criteria to judge them against (said once); None when the report is judged."""
        file = report.file if report is not None else file
        audit = report.audit if report is not None else audit
        if not count and any(d.rule == "FV008" and d.message == "the file is empty" for d in report_diags):
            kept = self._kept(report_diags)
            summary = summarize([], kept, audit)  # type: ignore[arg-type]
            summary.update(ready=False, readiness="not ready: the file is empty")
            return ReportResult(file, report, (), tuple(sorted(kept)), summary)
        if count and not criteria.editions:
            if not any(rule == "FV009" for rule, _ in criteria_problems):
                report_diags[:] = [d for d in report_diags if not (d.rule == "FV002" and "criteria" in d.message)]
                report_diags.append(Diagnostic(
                    "FV002", Severity.ERROR, f"the audit criteria are needed to judge the findings; "
                    f"{_count(count, 'finding was', 'findings were')} not judged", CRITERIA_HINT,
                    file=file, line=1, column=1, title="missing required field"))
            kept = self._kept(report_diags)
            summary = summarize([], kept, audit, self._not_run(profile))  # type: ignore[arg-type]
            summary.update(findings=count, judged=False, ready=False,
                           readiness="not ready: the audit criteria are unknown, so no finding was judged")
            return ReportResult(file, report, (), tuple(sorted(kept)), summary)
        return None

    def _report_rules(self, report_ctx: ReportContext, per_finding: list[list[Diagnostic]],
                      report_diags: list[Diagnostic], file: str, skipped: tuple[str, ...] = ()) -> list[FiredGroup]:
        """Run the report rules (but those whose ids begin with one of ``skipped``: the profile's): report-level
        diagnostics into ``report_diags``, a group's into its members' lists (``per_finding``, in the order of
        ``report_ctx.findings``); the groups that fired."""
        index = {id(c): i for i, c in enumerate(report_ctx.findings)}
        fired_groups: list[FiredGroup] = []
        audit, last = report_ctx.audit, self._last_audit
        known = last[2] if last is not None and last[1] == file and (last[0] is audit or last[0] == audit) else None
        said: dict[str, Diagnostic | None] = {}
        for rule in self.rules.report_rules:
            if skipped and rule.id.startswith(skipped):
                continue
            try:
                if rule.group_key is None:
                    if known is not None and rule.id in known:  # the same audit as the report before: same outcome
                        if known[rule.id] is not None:
                            report_diags.append(known[rule.id])  # type: ignore[arg-type]
                        continue
                    report_ctx.bound.clear()
                    diagnostic = (self._diagnostic(rule, report_ctx, None, file)
                                  if rule.condition(report_ctx) else None)  # type: ignore[misc]
                    if diagnostic is not None:
                        report_diags.append(diagnostic)
                    if rule.id in self._audit_rules:
                        said[rule.id] = diagnostic
                    continue
                for group in self._groups(rule, report_ctx):
                    group.bound.clear()
                    if rule.condition(group):  # type: ignore[misc]
                        members = tuple(m.finding.id for m in group.members)
                        fired_groups.append(FiredGroup(rule.id, group.key, members))
                        for member, diag in self._group_diagnostics(rule, group):
                            per_finding[index[id(member)]].append(diag)
            except Exception as exc:  # noqa: BLE001 - one report rule failing must not lose the report's other checks
                if (failed := self._rule_failed(rule.id, exc, file)) is not None:
                    report_diags.append(failed)
        if known is None:
            self._last_audit = (audit, file, said)
        return fired_groups

    # -- a whole report, as a stream of findings ------------------------------------------------------------
    @cached_property
    def streaming(self) -> StreamNeeds | None:
        """What the report rules read of each finding, when that is all they read (then a stream of findings is
        checked without holding the findings); None when a report rule reads more (a finding's texts, say)."""
        reads = frozenset().union(*(r.reads for r in self.rules.report_rules))
        if not all(_streamable(read) for read in reads):
            return None
        lexicons = tuple(sorted(name for kind, name in reads if kind == "text:mentions"))
        focus = tuple(sorted({r.focus for r in self.rules.report_rules if r.group_key is not None and r.focus}
                             & Finding.model_fields.keys()))
        return StreamNeeds(("group", "similarity") in reads, lexicons, focus)

    def _streamed_text(self, audit: Audit, needs: StreamNeeds) -> StreamedText | None:
        """The report's text as the report rules read it (their lexicons, in the report's language), fed the
        audit's coverage; None when they read no text."""
        if not needs.lexicons:
            return None
        text = StreamedText(self.rules_for(audit), needs.lexicons)
        for entry in audit.coverage:
            text.add(entry)
        return text

    def check_stream(self, audit: Audit, items: Iterable[Finding | Diagnostic], file: str = "<input>",
                     problems: Iterable[Diagnostic] = (), *, duplicates_checked: bool = False) -> ReportResult:
        """Check a report given as its audit and a stream of findings and problems (``readers.iter_findings``),
        with the same results as ``check_report``, holding only what the report rules read of each finding once
        its own rules have run: the results name their findings by ``FindingRef``, and ``report`` is None.
        When a report rule reads more than that (``streaming`` is None), the findings are gathered and checked
        by ``check_report``. ``duplicates_checked``: the stream's problems include repeated ids already."""
        from .readers.common import gc_paused

        needs = self.streaming
        report_diags = list(problems)
        duplicates = None if duplicates_checked else DuplicateIds()
        if needs is None:
            findings = []
            for item in items:
                if type(item) is Finding:
                    findings.append(item)
                    found = duplicates.check(item) if duplicates is not None else None
                    if found is not None:
                        report_diags.append(found)
                else:
                    report_diags.append(item)  # type: ignore[arg-type]
            return self.check_report(Report(audit=audit, findings=tuple(findings), file=file), report_diags)
        criteria, criteria_problems = self.criteria(audit)
        report_diags += self._criteria_problems(criteria_problems, file)
        text = self._streamed_text(audit, needs)
        contexts: list[FindingContext] = []
        per_finding: list[list[Diagnostic]] = []
        with gc_paused():
            for item in items:
                if type(item) is not Finding:
                    report_diags.append(item)  # type: ignore[arg-type]
                    continue
                finding: Finding = item
                del item
                if duplicates is not None and (found := duplicates.check(finding)) is not None:
                    report_diags.append(found)
                ctx = self.context(finding, audit, criteria)
                per_finding.append(self.finding_diagnostics(ctx))
                ctx.release()
                if needs.similarity:
                    ctx._words = tuple(sorted(map(sys.intern, set(words(finding.statement)))))
                if text is not None:
                    text.add(f"{finding.statement}\n{finding.evidence_text}")
                ctx.finding = FindingRef.of(finding, needs.focus)  # type: ignore[assignment]
                contexts.append(ctx)
                del finding
        return self._streamed_report(audit, criteria, contexts, per_finding, report_diags, text, file)

    def check_parts(self, audit: Audit, parts: Iterable[object], file: str = "<input>") -> ReportResult:
        """``check_stream`` for a report whose findings' own rules ran on worker processes, block by block
        (``batch.report_parts``): the parts in file order (and problems), put together as one report. Each
        finding's citations are resolved again here (memoised): a part carries its clause texts, not objects."""
        needs = self.streaming
        assert needs is not None, "report rules that read whole findings need check_report"
        criteria, criteria_problems = self.criteria(audit)
        report_diags = self._criteria_problems(criteria_problems, file)
        rules = self.rules_for(audit)
        text = self._streamed_text(audit, needs)
        contexts: list[FindingContext] = []
        per_finding: list[list[Diagnostic]] = []
        duplicates = DuplicateIds()
        for part in parts:
            if isinstance(part, Diagnostic):
                report_diags.append(part)
                continue
            report_diags += part.problems  # type: ignore[attr-defined]
            if text is not None and part.text is not None:  # type: ignore[attr-defined]
                text.merge(part.text)  # type: ignore[attr-defined]
            for ref, diagnostics, clause, words_ in part.findings:  # type: ignore[attr-defined]
                if (found := duplicates.check(ref)) is not None:
                    report_diags.append(found)
                resolutions, error = self._resolutions(clause, criteria)
                ctx = FindingContext(ref, audit, resolutions, self.catalogs, criteria.editions,  # type: ignore[arg-type]
                                     self.scheme, rules.scan, error, labels=rules.labels)
                ctx._words = words_
                contexts.append(ctx)
                per_finding.append(diagnostics)
        return self._streamed_report(audit, criteria, contexts, per_finding, report_diags, text, file)

    def _streamed_report(self, audit: Audit, criteria: Criteria, contexts: list[FindingContext],
                         per_finding: list[list[Diagnostic]], report_diags: list[Diagnostic],
                         text: StreamedText | None, file: str) -> ReportResult:
        profile = profile_of(Report(audit=audit, file=file), self.profile)
        unjudged = self._unjudged(None, len(contexts), criteria, self.criteria(audit)[1], report_diags, profile, file,
                                  audit)
        if unjudged is not None:
            return unjudged
        report_ctx = ReportContext(audit, contexts, self.catalogs, criteria.editions,
                                   text.scan if text is not None else self.rules_for(audit).scan, scheme=self.scheme,
                                   streamed=text)
        fired_groups = self._report_rules(report_ctx, per_finding, report_diags, file, self._skipped(profile))
        results = []
        for i, ctx in enumerate(contexts):
            diagnostics = self._apply_waivers(ctx.finding, per_finding[i], report_diags)  # type: ignore[arg-type]
            per_finding[i] = []
            results.append(FindingResult(ctx.finding, verdict_of(diagnostics), tuple(sorted(diagnostics)),
                                         ctx.resolutions))
        del contexts, report_ctx
        report_diags = self._kept(report_diags)
        return ReportResult(file, None, tuple(results), tuple(sorted(report_diags)),
                            summarize(results, report_diags, audit, self._not_run(profile)), tuple(fired_groups))

    def _criteria_problems(self, problems: tuple[tuple[str, str], ...], file: str) -> list[Diagnostic]:
        hints = {"FV009": "name the standard and edition as in 'ISO 9001:2015'; 'findings-validator catalog list' "
                          "shows the known editions",
                 "FV014": "list the standards audited against with their editions ('ISO 9001:2015'); the client's "
                          "and customers' own requirements are cited in the findings as documents"}
        severities = {"FV009": Severity.ERROR, "FV014": Severity.INFO}
        return [Diagnostic(rule, severities[rule], f"audit criteria: {text}", hints[rule], file=file, line=1,
                           column=1, title=ENGINE_PROBLEMS[rule]) for rule, text in problems]

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


@dataclass(frozen=True, slots=True)
class StreamNeeds:
    """What report rules read of each finding of a stream: the words of its statement (``similarity``), whether
    its texts mention these lexicons (``report.text``), where these fields are (a group diagnostic's position)."""

    similarity: bool
    lexicons: tuple[str, ...]
    focus: tuple[str, ...]


# What a report rule may read of findings checked as a stream: the group a finding falls in and what it is
# grouped by, its id and grade, its exact citations; everything of the audit; the report's text only searched.
_STREAMABLE_TYPES = frozenset({"audit", "edition", "previous", "scheme", "text", "text:mentions", "bound"})
_STREAMABLE = frozenset({
    *(("finding", name) for name in ("id", "grade", "requirements", "hs_requirements", "cited_clauses", "cited_as",
                                     "audit", "scheme")),
    *(("group", name) for name in ("key", "count", "ids", "similarity", "standards", "audit")),
    *(("report", name) for name in ("report", "audit", "editions", "bad_exclusions", "text:mentions")),
})


def _audit_only(read: tuple[str, str]) -> bool:
    """Whether a report rule's read depends on the audit alone (so its outcome does too)."""
    return read[0] in ("audit", "edition", "previous", "scheme", "text", "bound") or read in (
        ("report", "audit"), ("report", "editions"), ("report", "bad_exclusions"), ("report", "report"))


def _streamable(read: tuple[str, str]) -> bool:
    return read[0] in _STREAMABLE_TYPES or read in _STREAMABLE


class StreamedText:
    """Whether the report's text (coverage entries and each finding's statement and evidence, joined by new
    lines) mentions each lexicon, found piece by piece as the findings stream past: each piece is searched after
    the last words of the piece before (as many as the longest phrase has, less one), so that a phrase that
    spans two pieces is found too; once every lexicon asked about is found, no more. ``text`` stands for the
    whole text; ``scan`` answers for it (a phrase is reported as written in the piece it was found in).

    A worker checking one block of a report (``block=True``) also keeps the block's first words, and gives its
    ``part``; the parent ``merge``s the parts in order, searching each junction between two blocks."""

    text = "\x00the report's text, searched piece by piece\x00"

    def __init__(self, rules: RuleSet, lexicons: tuple[str, ...], *, block: bool = False) -> None:
        self._scan = rules.scan
        # the pieces are searched for the lexicons asked about alone, with an automaton of their phrases only: the
        # rules' full automaton also finds every other lexicon's phrases, each looked at in Python (as a finding's
        # own rules did with the same texts); a lexicon's earliest phrase does not depend on the others
        self._pieces = (lexicon_matcher(tuple((name, tuple(rules.lexicons[name][1])) for name in lexicons)).scan
                        if all(name in rules.lexicons for name in lexicons) else rules.scan)
        self.wanted = list(lexicons)
        self.found: dict[str, str] = {}
        matcher = rules.matcher
        longest = max((len(words) for by_first in matcher.index.values() for entries in by_first.values()
                       for words, _ in entries), default=1)
        longest = max([longest, *(len(words) for phrases in matcher.anywhere.values() for words in phrases)])
        self.width = longest - 1          # words on each side of a junction that a phrase across it can take
        self.tail = ""
        self.block = block
        self.head: list[str] = []         # a block's first words
        self.words = 0                    # how many words so far, up to ``width``

    def add(self, piece: str) -> None:
        if self.wanted:
            # the piece after the last words of the one before: a match there lies in this piece or across the
            # junction (one wholly in those words was looked for with the piece before)
            self._take(self._pieces(f"{self.tail}\n{piece}" if self.tail else piece))
        elif not self.block:
            return
        if not self.width:
            return
        from .dsl.text import tokens_of

        if self.block and len(self.head) < self.width:
            self.head += tokens_of(piece)[:self.width - len(self.head)]
        end = piece[-64 * self.width:]
        tokens = tokens_of(end)
        if len(tokens) <= self.width and len(end) < len(piece):  # long words: the whole piece, to be sure
            tokens = tokens_of(piece)
        self.words = min(self.width, self.words + len(tokens))
        if len(tokens) < self.width:  # a short piece: the phrase may begin in the one before it
            tokens = [*self.tail.split(), *tokens]
        self.tail = " ".join(tokens[-self.width:])

    def _take(self, scan: TextScan | dict[str, str]) -> None:
        for name in list(self.wanted):
            hit = scan.get(name)
            if hit is not None:
                self.found[name] = hit
                self.wanted.remove(name)

    def part(self) -> tuple[dict[str, str], list[str], str, bool]:
        """What a block found, its first and last words, and whether it had ``width`` words at least."""
        return self.found, self.head, self.tail, self.words >= self.width

    def merge(self, part: tuple[dict[str, str], list[str], str, bool]) -> None:
        """The next block's ``part``: the junction with the blocks before, then what the block found."""
        found, head, tail, enough = part
        if not self.wanted:
            return
        if self.tail and head:
            self._take(self._pieces(f"{self.tail}\n{' '.join(head)}"))
        self._take(found)
        if enough:
            self.tail = tail
        elif self.width:
            self.tail = " ".join([*self.tail.split(), *tail.split()][-self.width:])

    def scan(self, text: str) -> object:
        return self if text is self.text else self._scan(text)

    def get(self, name: str) -> str | None:
        return self.found.get(name)

    def has(self, name: str) -> bool:
        return name in self.found


@lru_cache(maxsize=16)
def _report_lexicons_scan(rules: RuleSet, needs: StreamNeeds | None) -> Callable[[str], TextScan] | None:
    """A scan with the automaton of the lexicons the report rules ask of the report's text (``needs``), keeping
    the last few texts' scans (each report rule asks the text again); None when they ask more of it."""
    if needs is None or not needs.lexicons or not all(name in rules.lexicons for name in needs.lexicons):
        return None
    matcher = lexicon_matcher(tuple((name, tuple(rules.lexicons[name][1])) for name in needs.lexicons))
    return lru_cache(maxsize=8)(matcher.scan)


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
    ``FindingsValidatorError`` subclasses; findings are results, never exceptions.

    Calls with the same rules, catalogs and checker options (selection, severities, profile, ``ofi_allowed``,
    ``explain``) reuse one checker, built on the first such call."""
    checker = _checker(rules, catalogs, {
        "select": tuple(select), "extend_select": tuple(extend_select), "ignore": tuple(ignore),
        "severity": tuple(sorted((severity or {}).items())), "profile": profile, "ofi_allowed": ofi_allowed,
        "explain": explain})
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
    return _checker(rules, catalogs, {}).check_finding(finding, audit)


_CHECKERS: dict[tuple[object, ...], tuple[object, object, Checker]] = {}


def _checker(rules: RuleSet | None, catalogs: Catalogs | None, options: dict[str, object]) -> Checker:
    """The checker of the last few (rules, catalogs, options) the library's ``check`` functions were called with,
    built once each: building one costs far more than checking a finding. Rules and catalogs are told apart by
    identity (they are immutable once loaded); the default ones (None) are loaded once per process. ``options``
    (all hashable) are ``_build``'s: each different set of them has its own checker."""
    key = (id(rules), id(catalogs), tuple(sorted(options.items())))
    found = _CHECKERS.get(key)
    if found is None or found[0] is not rules or found[1] is not catalogs:
        if len(_CHECKERS) >= 8:
            del _CHECKERS[next(iter(_CHECKERS))]
        found = _CHECKERS[key] = (rules, catalogs, _build(rules, catalogs, **options))  # type: ignore[arg-type]
    return found[2]


def _build(rules: RuleSet | None, catalogs: Catalogs | None, *, select: tuple[str, ...] = (),
           extend_select: tuple[str, ...] = (), ignore: tuple[str, ...] = (),
           severity: tuple[tuple[str, str], ...] = (), profile: str = "auto", ofi_allowed: bool = True,
           explain: bool = False) -> Checker:
    rule_set = rules if rules is not None else load_rules()
    if select or extend_select or ignore or severity:
        rule_set = rule_set.select(select, ignore, dict(severity) or None, extend_select)
    return Checker(rule_set, catalogs, scheme=Scheme(ofi_allowed=ofi_allowed), explain=explain, profile=profile)
