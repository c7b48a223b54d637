"""Measure the checker's verdicts on labelled findings: ``findings-validator eval`` and ``evaluate``.

A certification body (or this project, on its own corpus) writes down the verdict a careful technical reviewer
reached on each of its findings; ``evaluate`` checks every finding with the same checker ``check`` builds and
says how often the verdicts agree, which good findings the rules reject, which flawed ones they pass, and, per
reason code and per rule, which rules detect what they claim to (docs/eval.md).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ..engine import Checker
from .records import Expected, LabelledRecord, RecordError, read_records
from .run import Judged, judge, read_all
from .score import Evaluation

__all__ = ["Evaluation", "Expected", "Judged", "LabelledRecord", "RecordError", "Threshold", "evaluate",
           "read_records", "thresholds"]


def evaluate(paths: Iterable[str | Path], checker: Checker | None = None) -> Evaluation:
    """Check the labelled findings of ``paths`` (JSON Lines or YAML) and score the verdicts.

    ``checker``: as ``check`` would build it (rules, selection, catalogs, scheme); the built-in one by default.
    Records that cannot be used are in ``Evaluation.errors`` (with file and line); the rest are scored. A file
    that cannot be read at all raises ``InputError``."""
    checker = checker if checker is not None else Checker()
    files = [str(p) for p in paths]
    placed, errors = read_all(files)
    judged, unusable = judge(placed, checker)
    errors = sorted([*errors, *unusable], key=lambda e: (files.index(e.file) if e.file in files else 0, e.line))
    return Evaluation(files, judged, errors, {rule.id: rule.detects for rule in checker.rules})


@dataclass(frozen=True, slots=True)
class Threshold:
    """One limit asked for, the figure measured, and whether it holds (an unmeasurable figure does not)."""

    name: str
    limit: float
    value: float | None
    at_least: bool

    @property
    def holds(self) -> bool:
        if self.value is None:
            return False
        return self.value >= self.limit if self.at_least else self.value <= self.limit

    def __str__(self) -> str:
        shown = "n/a" if self.value is None else f"{self.value:.3f}"
        return f"{self.name} {shown} {'>=' if self.at_least else '<='} {self.limit:g}: {'ok' if self.holds else 'FAILED'}"

    def to_dict(self) -> dict[str, object]:
        return {"name": self.name, "limit": self.limit, "value": self.value,
                "comparison": ">=" if self.at_least else "<=", "holds": self.holds}


def thresholds(evaluation: Evaluation, *, min_agreement: float | None = None, max_false_alarm: float | None = None,
               max_flaws_passed: float | None = None) -> list[Threshold]:
    """The thresholds given (fractions from 0 to 1), each with the figure it is held against."""
    out = []
    if min_agreement is not None:
        out.append(Threshold("agreement", min_agreement, evaluation.agreement.rate, True))
    if max_false_alarm is not None:
        out.append(Threshold("good findings rejected", max_false_alarm, evaluation.good_rejected.rate, False))
    if max_flaws_passed is not None:
        out.append(Threshold("flawed findings passed", max_flaws_passed, evaluation.flawed_passed.rate, False))
    return out
