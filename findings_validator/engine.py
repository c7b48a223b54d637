"""Run a RuleSet over a report: resolve citations, evaluate finding and report rules, decide verdicts.

Checking a finding is pure computation on immutable inputs (finding, audit, compiled rules, catalogs), so reports
and batches can be checked in parallel with no shared state beyond read-only caches.
"""

from __future__ import annotations

import sys
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

from .catalog import Catalogs, load_catalogs
from .citations import Criteria, find_citations, resolve, resolve_text
from .citations.types import Resolution
from .dsl import CompiledRule, RuleSet, load_rules
from .dsl.context import FindingContext, GroupContext, ReportContext, Scheme
from .dsl.text import TextScan, words
from .readers.common import DuplicateIds
from .errors import CitationSyntaxError, FindingsValidatorError
from .models import (Audit, Diagnostic, Effect, Finding, FindingRef, FindingResult, FiredGroup, Report, ReportResult,
                     Severity, Verdict)

ENGINE_PROBLEMS = {
    "FV009": "unknown standard or edition in the audit criteria",
    "FV010": "waiver without a reason",
    "FV011": "waiver for a rule that did not fire",
    "FV012": "waiver names no known rule",
}


def verdict_of(diagnostics: Iterable[Diagnostic]) -> Verdict:
    """The documented precedence: reclassify > downgrade > invalid > upgrade > valid; only errors count."""
    if not diagnostics:
        return Verdict.VALID
    effects = {d.effect for d in diagnostics if d.severity is Severity.ERROR}
    if not effects:
        return Verdict.VALID
    if Effect.RECLASSIFY in effects:
        return Verdict.RECLASSIFY_AS_NC
    if Effect.DOWNGRADE in effects:
        return Verdict.DOWNGRADE_TO_OFI
    if effects - {Effect.UPGRADE}:
        return Verdict.INVALID
    return Verdict.UPGRADE_TO_MAJOR


def build_checker(*, rules: Iterable[str | Path] = (), builtin_rules: bool = True, select: Iterable[str] = (),
                  ignore: Iterable[str] = (), severity: dict[str, str] | None = None,
                  catalogs: Iterable[str | Path] = (), ofi_allowed: bool = True, explain: bool = False) -> Checker:
    """A checker from settings as the configuration names them (the CLI's ``check`` and ``batch`` both use this)."""
    rule_set = load_rules(tuple(rules), builtin=builtin_rules).select(select, ignore, severity or None)
    return Checker(rule_set, load_catalogs(tuple(catalogs)), scheme=Scheme(ofi_allowed=ofi_allowed), explain=explain)


class Checker:
    """Holds the compiled rules, the catalogs and the options; checks reports and single findings."""

    def __init__(self, rules: RuleSet | None = None, catalogs: Catalogs | None = None, *,
                 scheme: Scheme | None = None, explain: bool = False) -> None:
        self.rules = rules if rules is not None else load_rules()
        self.catalogs = catalogs if catalogs is not None else load_catalogs()
        self.scheme = scheme or Scheme()
        self.explain = explain
        self._criteria = lru_cache(maxsize=256)(self._make_criteria)
        self._last_criteria: tuple[Audit, tuple[Criteria, tuple[str, ...]]] | None = None
        self._resolved = lru_cache(maxsize=16384)(self._resolve_text)
        # the report rules that read the audit alone, and what they said of the last audit (and file) seen
        self._audit_rules = frozenset(r.id for r in self.rules.report_rules
                                      if r.group_key is None and all(_audit_only(read) for read in r.reads))
        self._last_audit: tuple[Audit, str, dict[str, Diagnostic | None]] | None = None

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

    def _group_diagnostics(self, rule: CompiledRule, group: GroupContext) -> Iterator[tuple[FindingContext, Diagnostic]]:
        """One diagnostic per member of a group the rule fired on: the message, suggestion and explanation depend
        on the group alone, so they are rendered once and shared; each member has its own position."""
        message = rule.message(group)
        suggestion = rule.suggestion(group) if rule.suggestion else None
        seen = tuple((label, _shown(fn, group)) for label, fn in rule.leaves) if self.explain else ()
        info = rule.info
        for member in group.members:
            finding = member.finding
            line, column = finding.position(rule.focus)
            yield member, Diagnostic(rule=rule.id, severity=rule.severity, message=message, suggestion=suggestion,
                                     source=info.source, effect=rule.effect, finding=finding.id, file=finding.file,
                                     line=line, column=column, title=info.title, seen=seen, group=group.key)

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
        report_diags = list(problems) + self._criteria_problems(criteria_problems, report.file)
        contexts = [self.context(f, report.audit, criteria) for f in report.findings]
        per_finding = [self.finding_diagnostics(c) for c in contexts]
        report_ctx = ReportContext(report.audit, contexts, self.catalogs, criteria.editions, self.rules.scan)
        fired_groups = self._report_rules(report_ctx, per_finding, report_diags, report.file)
        results = []
        for i, ctx in enumerate(contexts):
            diagnostics = self._apply_waivers(ctx.finding, per_finding[i])  # type: ignore[arg-type]
            ctx.release()
            results.append(FindingResult(ctx.finding, verdict_of(diagnostics), tuple(sorted(diagnostics)),
                                         ctx.resolutions))
        return ReportResult(report.file, report, tuple(results), tuple(sorted(report_diags)),
                            summarize(results, report_diags, report.audit), tuple(fired_groups))

    def _report_rules(self, report_ctx: ReportContext, per_finding: list[list[Diagnostic]],
                      report_diags: list[Diagnostic], file: str) -> list[FiredGroup]:
        """Run the report rules: report-level diagnostics into ``report_diags``, a group's into its members'
        lists (``per_finding``, in the order of ``report_ctx.findings``); the groups that fired."""
        index = {id(c): i for i, c in enumerate(report_ctx.findings)}
        fired_groups: list[FiredGroup] = []
        audit, last = report_ctx.audit, self._last_audit
        known = last[2] if last is not None and last[1] == file and (last[0] is audit or last[0] == audit) else None
        said: dict[str, Diagnostic | None] = {}
        for rule in self.rules.report_rules:
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
                    fired_groups.append(FiredGroup(rule.id, group.key, tuple(m.finding.id for m in group.members)))
                    for member, diag in self._group_diagnostics(rule, group):
                        per_finding[index[id(member)]].append(diag)
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
        text = StreamedText(self.rules, needs.lexicons) if needs.lexicons else None
        if text is not None:
            for entry in audit.coverage:
                text.add(entry)
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
        text = StreamedText(self.rules, needs.lexicons) if needs.lexicons else None
        if text is not None:
            for entry in audit.coverage:
                text.add(entry)
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
                resolutions: list[Resolution] = []
                error = ""
                for clause_text in clause:
                    resolved, problem = self._resolved(clause_text, criteria)
                    resolutions.extend(resolved)
                    error = problem or error
                ctx = FindingContext(ref, audit, tuple(resolutions), self.catalogs, criteria.editions,  # type: ignore[arg-type]
                                     self.scheme, self.rules.scan, error)
                ctx._words = words_
                contexts.append(ctx)
                per_finding.append(diagnostics)
        return self._streamed_report(audit, criteria, contexts, per_finding, report_diags, text, file)

    def _streamed_report(self, audit: Audit, criteria: Criteria, contexts: list[FindingContext],
                         per_finding: list[list[Diagnostic]], report_diags: list[Diagnostic],
                         text: StreamedText | None, file: str) -> ReportResult:
        report_ctx = ReportContext(audit, contexts, self.catalogs, criteria.editions,
                                   text.scan if text is not None else self.rules.scan, streamed=text)
        fired_groups = self._report_rules(report_ctx, per_finding, report_diags, file)
        results = []
        for i, ctx in enumerate(contexts):
            diagnostics = self._apply_waivers(ctx.finding, per_finding[i])  # type: ignore[arg-type]
            per_finding[i] = []
            results.append(FindingResult(ctx.finding, verdict_of(diagnostics), tuple(sorted(diagnostics)),
                                         ctx.resolutions))
        del contexts, report_ctx
        return ReportResult(file, None, tuple(results), tuple(sorted(report_diags)),
                            summarize(results, report_diags, audit), tuple(fired_groups))

    def _criteria_problems(self, problems: tuple[str, ...], file: str) -> list[Diagnostic]:
        return [Diagnostic("FV009", Severity.ERROR, f"audit criteria: {text}",
                           "name the standard and edition as in 'ISO 9001:2015'; "
                           "'findings-validator catalog list' shows the known editions",
                           file=file, line=1, column=1, title=ENGINE_PROBLEMS["FV009"]) for text in problems]

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

    def _apply_waivers(self, finding: Finding, diagnostics: list[Diagnostic]) -> list[Diagnostic]:
        if not finding.waivers:
            return diagnostics
        line, column = finding.position("waivers")
        kept, extra = list(diagnostics), []
        for waiver in finding.waivers:
            try:
                rule_id = self.rules.canonical(waiver.rule)
            except FindingsValidatorError as exc:
                extra.append(Diagnostic("FV012", Severity.ERROR, f"waiver: {exc.message}", exc.hint, finding=finding.id,
                                        file=finding.file, line=line, column=column, title=ENGINE_PROBLEMS["FV012"]))
                continue
            if not waiver.reason.strip():
                extra.append(Diagnostic("FV010", Severity.ERROR, f"the waiver of {rule_id} gives no reason",
                                        "add 'reason:' saying why the rule does not apply here", finding=finding.id,
                                        file=finding.file, line=line, column=column, title=ENGINE_PROBLEMS["FV010"]))
                continue
            fired = [d for d in kept if d.rule == rule_id]
            if not fired:
                extra.append(Diagnostic("FV011", Severity.WARNING, f"the waiver of {rule_id} is unused: the rule did "
                                        "not fire on this finding", "remove the waiver", finding=finding.id,
                                        file=finding.file, line=line, column=column, title=ENGINE_PROBLEMS["FV011"]))
            kept = [d for d in kept if d.rule != rule_id]
        return kept + extra


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
            self._take(self._scan(f"{self.tail}\n{piece}" if self.tail else piece))
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
            self._take(self._scan(f"{self.tail}\n{' '.join(head)}"))
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


def _shown(fn: object, env: object) -> str:
    try:
        value = fn(env)  # type: ignore[operator]
    except Exception as exc:  # noqa: BLE001 - explaining must never break a check
        return f"<{type(exc).__name__}>"
    if isinstance(value, list):
        return "[" + ", ".join(map(str, value)) + "]"
    return repr(value) if isinstance(value, str) else str(value)


def summarize(results: list[FindingResult], report_diags: Iterable[Diagnostic] = (),
              audit: Audit | None = None) -> dict[str, object]:
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
    return {
        "findings": len(results),
        "by_grade": dict(sorted(grades.items())),
        "by_verdict": dict(sorted(verdicts.items())),
        "most_cited": [{"clause": _label(k), "count": n} for k, n in cited.most_common(5)],
        "open_majors": majors + len(previous_open),
        "ready": not blockers,
        "readiness": line,
    }


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _label(key: str) -> str:
    edition, _, clause_id = key.rpartition("/")
    return f"{edition} {clause_id}"


def check(report_or_path: Report | str | Path, rules: RuleSet | None = None, catalogs: Catalogs | None = None,
          **options: object) -> ReportResult:
    """Check a report (a ``Report`` or a path to any supported format) and return its ``ReportResult``.

    Calls with the same rules, catalogs and options reuse one checker (built on the first such call)."""
    checker = _checker(rules, catalogs, options)
    if isinstance(report_or_path, Report):
        return checker.check_report(report_or_path)
    from .readers import read_report

    read = read_report(report_or_path)
    return checker.check_report(read.report, read.problems)


def check_finding(finding: Finding, audit: Audit, rules: RuleSet | None = None,
                  catalogs: Catalogs | None = None) -> FindingResult:
    return _checker(rules, catalogs, {}).check_finding(finding, audit)


_CHECKERS: dict[tuple[object, ...], tuple[object, object, Checker]] = {}


def _checker(rules: RuleSet | None, catalogs: Catalogs | None, options: dict[str, object]) -> Checker:
    """The checker of the last few (rules, catalogs, options) the library's ``check`` functions were called with,
    built once each: building one costs far more than checking a finding. Rules and catalogs are told apart by
    identity (they are immutable once loaded); the default ones (None) are loaded once per process."""
    try:
        key = (id(rules), id(catalogs), tuple(sorted(options.items())))
        hash(key)
    except TypeError:  # an option that cannot be a key: nothing to reuse
        return Checker(rules, catalogs, **options)  # type: ignore[arg-type]
    found = _CHECKERS.get(key)
    if found is None or found[0] is not rules or found[1] is not catalogs:
        if len(_CHECKERS) >= 8:
            del _CHECKERS[next(iter(_CHECKERS))]
        found = _CHECKERS[key] = (rules, catalogs, Checker(rules, catalogs, **options))  # type: ignore[arg-type]
    return found[2]
