"""Check labelled findings with a ``Checker`` and keep, for each, the verdict it judged and the diagnostics.

Each record is checked as a report of one finding with its own audit block; the records of one file that share a
``group`` are checked together as one report, so that report rules over groups of findings (systemic minors,
duplicates) see them all. Report-level diagnostics that concern no finding (a report's missing metadata) are not
part of a finding's judgement and are left out.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ..engine import Checker
from ..errors import InputError
from ..isolation import attempt
from ..models import Diagnostic, Report, Severity, Verdict
from .records import LabelledRecord, Placed, RecordError, read_records


@dataclass(frozen=True, slots=True)
class Judged:
    """A labelled record, where it was read, and what the checker made of its finding."""

    record: LabelledRecord
    file: str
    line: int
    verdict: Verdict
    diagnostics: tuple[Diagnostic, ...]

    @property
    def agreed(self) -> bool:
        return self.verdict is self.record.expected.verdict


def read_all(paths: Iterable[str | Path]) -> tuple[list[Placed], list[RecordError]]:
    """Every usable record of ``paths`` and an error for each one that is not (ids must be unique throughout;
    the records of a group must share one audit block)."""
    placed: list[Placed] = []
    errors: list[RecordError] = []
    first: dict[str, Placed] = {}
    audits: dict[tuple[str, str], Placed] = {}
    for path in paths:
        items, problem = attempt(lambda path=path: _read(path), str(path), done="scored")  # type: ignore[misc]
        if problem is not None:
            errors.append(_not_scored(problem))
            continue
        if isinstance(items, InputError):
            raise items
        for item in items or ():
            if isinstance(item, RecordError):
                errors.append(item)
                continue
            record = item.record
            if record.id in first:
                was = first[record.id]
                errors.append(RecordError(item.file, item.line, 1, f"duplicate record id '{record.id}' (first at "
                                          f"{was.file}:{was.line}); this one is not scored",
                                          "give every record its own id", record.id))
                continue
            if record.group is not None:
                lead = audits.setdefault((item.file, record.group), item)
                if lead.record.audit != record.audit:
                    errors.append(RecordError(item.file, item.line, 1, f"record {record.id}: group '{record.group}' "
                                              f"is one report, but this audit block differs from that of "
                                              f"{lead.record.id} (line {lead.line})",
                                              "give the records of a group the same audit block", record.id))
                    continue
            first[record.id] = item
            placed.append(item)
    return placed, errors


def _read(path: str | Path) -> list[Placed | RecordError] | InputError:
    """The items of ``path``, or the ``InputError`` of a file that cannot be read at all (returned past the
    per-file boundary, which is for the tool's own failures: such a file stops the run, as documented)."""
    try:
        return list(read_records(path))
    except InputError as exc:
        return exc


def _not_scored(problem: Diagnostic) -> RecordError:
    """The error of a file (line 0) that is not scored because it failed in the tool: its ``FV000``."""
    return RecordError(problem.file or "", problem.line, 0, problem.message, problem.suggestion)


def units(placed: list[Placed]) -> list[list[Placed]]:
    """The reports to check: each record alone, or with the other records of its file and group."""
    out: list[list[Placed]] = []
    groups: dict[tuple[str, str], list[Placed]] = {}
    for item in placed:
        group = item.record.group
        if group is None:
            out.append([item])
            continue
        key = (item.file, group)
        if key not in groups:
            groups[key] = []
            out.append(groups[key])
        groups[key].append(item)
    return out


def judge(placed: list[Placed], checker: Checker) -> tuple[list[Judged], list[RecordError]]:
    """Check every unit; a unit whose audit criteria the checker does not know becomes errors, one per record.
    A file whose check fails in the tool (an internal error, its time budget) is not scored: one error for it."""
    judged: list[Judged] = []
    errors: list[RecordError] = []
    ids = {rule.id for rule in checker.rules}
    by_file: dict[str, list[list[Placed]]] = {}
    for unit in units(placed):
        by_file.setdefault(unit[0].file, []).append(unit)
    for name, file_units in by_file.items():
        done, problem = attempt(lambda file_units=file_units: _judge_file(file_units, checker, ids),  # type: ignore[misc]
                                name, done="scored")
        if problem is not None:
            errors.append(_not_scored(problem))
            continue
        file_judged, file_errors = done  # type: ignore[misc]
        judged.extend(file_judged)
        errors.extend(file_errors)
    return judged, errors


def _judge_file(file_units: list[list[Placed]], checker: Checker,
                ids: set[str]) -> tuple[list[Judged], list[RecordError]]:
    judged: list[Judged] = []
    errors: list[RecordError] = []
    for unit in file_units:
        head = unit[0]
        report = Report(audit=head.record.audit, findings=tuple(p.record.finding for p in unit), file=head.file)
        result = checker.check_report(report)
        unusable = [d for d in result.diagnostics if d.rule == "FV009" and d.severity is Severity.ERROR]
        if unusable:
            for item in unit:
                errors.append(RecordError(item.file, item.line, 1, f"record {item.record.id}: {unusable[0].message}",
                                          unusable[0].suggestion, item.record.id))
            continue
        for item, found in zip(unit, result.findings, strict=True):
            kept = tuple(d for d in found.diagnostics if d.rule in ids)
            judged.append(Judged(item.record, item.file, item.line, found.verdict, kept))
    return judged, errors
