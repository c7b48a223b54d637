"""What an editor asks about a report draft held in memory: diagnostics with ranges, safe fixes, citation hovers
and clause-id completions. Free of any protocol: the language server (``server.py``) wraps it, and ``bench/``
times it.

A draft is checked exactly as ``check`` checks a file (same reader, same configuration, same checker, so the same
verdicts); the checker is built once and kept warm between edits.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .config import Config
from .models import Diagnostic, FindingResult, ReportResult
from .runner import Job

_CLAUSE_FIELD = re.compile(r"^\s*(?:-\s+)?(?:clause|\*\*clause:\*\*|clause\s*\|)\s*:?\s*(?P<typed>[^\n]*)$", re.I)
_LIST_ITEM = re.compile(r"^(?P<indent>\s*)-\s+(?P<typed>[^\n]*)$")


@dataclass(frozen=True, slots=True)
class Span:
    """A zero-based range in a document, as editors count: (line, character) to (line, character)."""

    line: int
    start: int
    end_line: int
    end: int


@dataclass(frozen=True, slots=True)
class Located:
    """A diagnostic with the span of the field it is about."""

    diagnostic: Diagnostic
    span: Span
    finding: str | None


@dataclass(frozen=True, slots=True)
class Fix:
    """A rewrite of one citation: replace ``old`` at ``span`` with ``new``. ``safe``: the canonical spelling, which
    keeps the meaning; otherwise what ``fix --unsafe-fixes`` would do (the one successor of an obsolete citation,
    the clause the checker suggests instead), which its author should confirm."""

    title: str
    span: Span
    old: str
    new: str
    finding: str
    safe: bool = True


@dataclass(frozen=True, slots=True)
class ClauseInfo:
    label: str
    title: str | None
    summary: str
    status: str


@dataclass(frozen=True, slots=True)
class Completion:
    label: str
    insert: str
    detail: str
    documentation: str


def _path_of(name: str) -> str:
    """The file path a document URI names (``file:///a/b.yaml`` → ``/a/b.yaml``); other names as they are."""
    from urllib.parse import unquote, urlparse

    parsed = urlparse(name)
    if parsed.scheme != "file":
        return name
    path = unquote(parsed.path)
    if len(path) > 2 and path[0] == "/" and path[2] == ":":  # file:///C:/… on Windows
        path = path[1:]
    return path


class Drafts:
    """Checks drafts with one warm checker built from ``config``; keeps each document's last result."""

    def __init__(self, config: Config, base: Path | None = None) -> None:
        self.job = Job(config, base=base)  # base: where per-file-ignores patterns are relative to
        self.results: dict[str, tuple[str, ReportResult]] = {}

    @property
    def checker(self):  # type: ignore[no-untyped-def]
        return self.job.checker

    # -- checking ------------------------------------------------------------------------------------------
    def check(self, name: str, text: str) -> ReportResult:
        """Check ``text`` as the report ``name`` holds; the result is kept for fixes, hovers and completions.

        The draft goes through ``check``'s own path (``Job.check_data``): the reader its suffix names, the
        configured criteria for a draft without any, the ``per-file-ignores`` of its path, the report's language."""
        result = self.job.check_data(text.encode("utf-8"), _path_of(name))
        self.results[name] = (text, result)
        return result

    def forget(self, name: str) -> None:
        self.results.pop(name, None)

    def diagnostics(self, name: str, text: str) -> list[Located]:
        """Check the draft and place every diagnostic on the field it is about (else its finding, else line 1)."""
        result = self.check(name, text)
        lines = text.splitlines() or [""]
        out: list[Located] = []
        for diag in result.diagnostics:
            out.append(Located(diag, _span(lines, diag.line, diag.column), None))
        for item in result.findings:
            for diag in item.diagnostics:
                line, column = (diag.line, diag.column) if diag.line > 0 else item.finding.position()
                out.append(Located(diag, _span(lines, line, column), item.id))
        return out

    # -- fixes ---------------------------------------------------------------------------------------------
    def fixes(self, name: str) -> list[Fix]:
        """The rewrites ``fix`` would make, each located in the draft as last checked: canonical spelling (safe);
        with ``--unsafe-fixes``, an obsolete citation's one successor and, for a finding with one clause entry, the
        one clause its diagnostics suggest instead (FV119, FV120)."""
        from .fix import fix_text

        if name not in self.results:
            return []
        text, result = self.results[name]
        if result.report is None:
            return []
        criteria, _ = self.checker.criteria(result.report.audit)
        lines = text.splitlines()
        out: list[Fix] = []
        for item in result.findings:
            line, _ = item.finding.position("clause")
            suggested = {d.suggested_clause for d in item.diagnostics if d.suggested_clause}
            if len(suggested) == 1 and len(item.finding.clause) == 1:
                old, new = item.finding.clause[0].strip(), suggested.pop()
                span = _find(lines, old, line) if new != old else None
                if span is not None:
                    out.append(Fix(f"{item.id}: cite '{new}' instead of '{old}' (the statement's subject; confirm)",
                                   span, old, new, item.id, safe=False))
                    continue
            for old in item.finding.clause:
                safe = fix_text(old, criteria, self.checker.catalogs, unsafe=False)
                new = fix_text(old, criteria, self.checker.catalogs, unsafe=True)
                span = _find(lines, old.strip(), line) if new != old else None
                if span is None:
                    continue
                if new == safe:
                    out.append(Fix(f"{item.id}: write '{old.strip()}' as '{new}'", span, old.strip(), new, item.id))
                else:
                    out.append(Fix(f"{item.id}: replace '{old.strip()}' with its successor '{new}' (confirm)", span,
                                   old.strip(), new, item.id, safe=False))
        return out

    # -- hover ---------------------------------------------------------------------------------------------
    def hover(self, name: str, line: int, character: int) -> list[ClauseInfo]:
        """What the citation under (zero-based) ``line``/``character`` resolves to: clause, title, summary."""
        found = self._citation_at(name, line, character)
        if found is None:
            return []
        catalogs = self.checker.catalogs
        infos = []
        for key, title in zip(found.clauses, found.titles, strict=False):
            clause = catalogs.clause(key)
            edition, _, clause_id = key.rpartition("/")
            infos.append(ClauseInfo(f"{edition} {clause_id}", title, clause.summary if clause else "",
                                    found.status.value))
        if not infos:
            suggestions = ", ".join(s.label for s in found.suggestions)
            infos.append(ClauseInfo(found.citation.text.strip(), None,
                                    found.reason + (f" Consider: {suggestions}." if suggestions else ""),
                                    found.status.value))
        return infos

    def _citation_at(self, name: str, line: int, character: int):  # type: ignore[no-untyped-def]
        if name not in self.results:
            return None
        text, result = self.results[name]
        lines = text.splitlines()
        if line >= len(lines):
            return None
        here = lines[line]
        best: tuple[int, FindingResult] | None = None
        for item in result.findings:
            at = item.finding.position("clause")[0] - 1
            if 0 <= at <= line and (best is None or at > best[0]):
                best = (at, item)
        if best is None:
            return None
        for resolution in best[1].citations:
            written = resolution.citation.text.strip()
            start = here.find(written) if written else -1
            if start >= 0 and start <= character <= start + len(written):
                return resolution
        return None

    # -- completion ----------------------------------------------------------------------------------------
    def completions(self, name: str, text: str, line: int, character: int) -> list[Completion]:
        """Clause ids of the audit's criteria, offered in a ``clause:`` field (or an item of a clause list)."""
        lines = text.splitlines()
        before = lines[line][:character] if line < len(lines) else ""
        if not _in_clause_field(lines, line, before):
            return []
        if name not in self.results or self.results[name][0] != text:
            self.check(name, text)
        result = self.results[name][1]
        audit = result.report.audit if result.report is not None else None
        if audit is None:
            return []
        criteria, _ = self.checker.criteria(audit)
        editions = [self.checker.catalogs.editions[key] for key in criteria.editions]
        several = len(editions) > 1
        out = []
        for edition in editions:
            for clause in edition.clauses.values():
                label = f"{edition.key} {clause.id}" if several else clause.id
                out.append(Completion(label, label, f"{edition.key} {clause.id} {clause.title or ''}".strip(),
                                      clause.summary))
        return out


def _in_clause_field(lines: list[str], line: int, before: str) -> bool:
    if _CLAUSE_FIELD.match(before):
        return True
    item = _LIST_ITEM.match(before)
    if item is None:
        return False
    indent = len(item.group("indent"))
    for previous in reversed(lines[:line]):  # the key this list belongs to
        stripped = previous.strip()
        if not stripped or stripped.startswith("#") or (stripped.startswith("-") and
                                                        len(previous) - len(previous.lstrip()) == indent):
            continue
        return bool(re.match(r"^(?:-\s+)?clause\s*:\s*$", stripped, re.I))
    return False


def _span(lines: list[str], line: int, column: int) -> Span:
    """From (1-based) ``line``/``column`` to the end of that line; line 0 (unknown) is the first line."""
    index = min(max(line - 1, 0), len(lines) - 1)
    text = lines[index]
    start = min(max(column - 1, 0), len(text))
    end = len(text.rstrip())
    return Span(index, start, index, max(end, start))


def _find(lines: list[str], needle: str, line: int) -> Span | None:
    """``needle`` on (1-based) ``line`` or the few lines after it (a clause list)."""
    if not needle:
        return None
    for index in range(max(line - 1, 0), min(max(line - 1, 0) + 12, len(lines))):
        start = lines[index].find(needle)
        if start >= 0:
            return Span(index, start, index, start + len(needle))
    return None
