"""The figures of an evaluation: agreement, confusion, false alarms, flaws passed, per reason code and per rule.

A rule *fires* on a record when it gave the record's finding a diagnostic of any severity (a warning names a
defect even though it does not change the verdict). A rule *detects* the reason codes its ``detects`` clause
declares. For a code: its recall is the share of the records that carry it on which a rule detecting it fired;
its precision the share of the records on which such a rule fired that carry it. For a rule: a firing is wrong
when the record carries none of the codes the rule detects (a rule that declares no code has no wrong firings
to count: it is listed with ``wrong`` unset).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from ..models import Verdict
from ..reasons import reason_codes
from .records import CONFIDENCES, KINDS, RecordError
from .run import Judged

VERDICTS = tuple(v.value for v in Verdict)


def ratio(part: int, whole: int) -> float | None:
    """``part / whole``, or None when there is nothing to divide."""
    return part / whole if whole else None


@dataclass(frozen=True, slots=True)
class Share:
    """``count`` of ``of`` records, and which."""

    count: int
    of: int
    ids: tuple[str, ...] = ()

    @property
    def rate(self) -> float | None:
        return ratio(self.count, self.of)

    def to_dict(self) -> dict[str, object]:
        return {"count": self.count, "of": self.of, "rate": self.rate, "ids": list(self.ids)}


@dataclass(frozen=True, slots=True)
class CodeFigures:
    """How the rules that detect one reason code did."""

    code: str
    rules: tuple[str, ...]            # the rules that declare it
    expected: int                     # records that carry it
    detected: int                     # ... on which a rule detecting it fired
    fired: int                        # records on which a rule detecting it fired
    missed: tuple[str, ...]           # ids of records that carry it where no such rule fired
    misfired_by: dict[str, int]       # rule -> firings on records that do not carry it

    @property
    def recall(self) -> float | None:
        return ratio(self.detected, self.expected)

    @property
    def precision(self) -> float | None:
        return ratio(self.detected, self.fired)

    def to_dict(self) -> dict[str, object]:
        return {"rules": list(self.rules), "expected": self.expected, "detected": self.detected,
                "fired": self.fired, "recall": self.recall, "precision": self.precision, "missed": list(self.missed),
                "misfired_by": dict(self.misfired_by)}


@dataclass(frozen=True, slots=True)
class RuleFigures:
    """How often one rule fired, and how often wrongly."""

    rule: str
    detects: tuple[str, ...]
    firings: int
    wrong: int | None                 # None: the rule declares no reason code
    wrong_ids: tuple[str, ...]
    in_misses: int                    # firings on records whose verdict the checker got wrong

    def to_dict(self) -> dict[str, object]:
        return {"detects": list(self.detects), "firings": self.firings, "wrong": self.wrong,
                "wrong_ids": list(self.wrong_ids), "in_misses": self.in_misses}


@dataclass
class Evaluation:
    """Every figure of one evaluation (``evaluate`` makes it; ``to_dict`` is what ``--format json`` prints)."""

    files: list[str]
    judged: list[Judged]
    errors: list[RecordError]
    detects: Mapping[str, tuple[str, ...]]           # every rule of the checker -> the codes it detects
    by_verdict: dict[str, Share] = field(init=False)
    confusion: dict[str, dict[str, int]] = field(init=False)
    good_rejected: Share = field(init=False)
    flawed_passed: Share = field(init=False)
    codes: dict[str, CodeFigures] = field(init=False)
    rules: dict[str, RuleFigures] = field(init=False)
    by_kind: dict[str, Share] = field(init=False)
    by_confidence: dict[str, Share] = field(init=False)

    def __post_init__(self) -> None:
        judged = self.judged
        self.by_verdict = {v: _agreed(r for r in judged if r.record.expected.verdict.value == v) for v in VERDICTS}
        self.confusion = {e: {j: 0 for j in VERDICTS} for e in VERDICTS}
        for r in judged:
            self.confusion[r.record.expected.verdict.value][r.verdict.value] += 1
        valid = [r for r in judged if r.record.expected.verdict is Verdict.VALID]
        flawed = [r for r in judged if r.record.expected.verdict is not Verdict.VALID]
        self.good_rejected = _share(valid, lambda r: r.verdict is not Verdict.VALID)
        self.flawed_passed = _share(flawed, lambda r: r.verdict is Verdict.VALID)
        self.codes = self._code_figures()
        self.rules = self._rule_figures()
        self.by_kind = {k: _agreed(r for r in judged if r.record.kind == k) for k in KINDS}
        self.by_confidence = {c: _agreed(r for r in judged if r.record.confidence == c) for c in CONFIDENCES}

    # ---- overall ----------------------------------------------------------------------------------------------
    @property
    def agreement(self) -> Share:
        return _agreed(self.judged)

    @property
    def misses(self) -> list[Judged]:
        return [r for r in self.judged if not r.agreed]

    # ---- per reason code and per rule --------------------------------------------------------------------------
    def _code_figures(self) -> dict[str, CodeFigures]:
        out = {}
        for code in reason_codes():
            rules = tuple(rule for rule, codes in self.detects.items() if code in codes)
            expected = detected = fired = 0
            missed: list[str] = []
            misfired: Counter[str] = Counter()
            for r in self.judged:
                carries = code in r.record.expected.reasons
                firing = [rule for rule in _fired(r) if rule in rules]
                expected += carries
                fired += bool(firing)
                detected += carries and bool(firing)
                if carries and not firing:
                    missed.append(r.record.id)
                if not carries:
                    misfired.update(firing)
            out[code] = CodeFigures(code, rules, expected, detected, fired, tuple(missed), dict(sorted(misfired.items())))
        return out

    def _rule_figures(self) -> dict[str, RuleFigures]:
        firings: dict[str, list[Judged]] = {}
        for r in self.judged:
            for rule in _fired(r):
                firings.setdefault(rule, []).append(r)
        out = {}
        for rule in sorted(firings, key=list(self.detects).index):
            declared = self.detects.get(rule, ())
            on = firings[rule]
            wrong = [r.record.id for r in on if not set(declared) & set(r.record.expected.reasons)] if declared else []
            out[rule] = RuleFigures(rule, declared, len(on), len(wrong) if declared else None, tuple(wrong),
                                    sum(1 for r in on if not r.agreed))
        return out

    def to_dict(self) -> dict[str, object]:
        return {
            "files": self.files,
            "records": len(self.judged),
            "errors": [e.to_dict() for e in self.errors],
            "agreement": {**_agreement_dict(self.agreement),
                          "by_verdict": {v: _agreement_dict(s) for v, s in self.by_verdict.items()}},
            "confusion": self.confusion,
            "good_rejected": self.good_rejected.to_dict(),
            "flawed_passed": self.flawed_passed.to_dict(),
            "reasons": {code: figures.to_dict() for code, figures in self.codes.items()},
            "rules": {rule: figures.to_dict() for rule, figures in self.rules.items()},
            "by_kind": {k: _agreement_dict(s) for k, s in self.by_kind.items()},
            "by_confidence": {c: _agreement_dict(s) for c, s in self.by_confidence.items()},
            "misses": [miss_dict(r) for r in self.misses],
        }


def _fired(r: Judged) -> list[str]:
    return list(dict.fromkeys(d.rule for d in r.diagnostics))


def _share(records: list[Judged], test: object) -> Share:
    ids = tuple(r.record.id for r in records if test(r))  # type: ignore[operator]
    return Share(len(ids), len(records), ids)


def _agreed(records: Iterable[Judged]) -> Share:
    """How many of ``records`` were judged as labelled (``ids``: the ones that were not)."""
    records = list(records)
    misses = tuple(r.record.id for r in records if not r.agreed)
    return Share(len(records) - len(misses), len(records), misses)


def _agreement_dict(share: Share) -> dict[str, object]:
    return {"records": share.of, "agreed": share.count, "agreement": share.rate, "missed": list(share.ids)}


def miss_dict(r: Judged) -> dict[str, object]:
    f = r.record.finding
    return {
        "id": r.record.id, "file": r.file, "line": r.line, "grade": f.grade.value, "clause": list(f.clause),
        "statement": f.statement, "evidence": list(f.evidence),
        "expected": {"verdict": r.record.expected.verdict.value, "reasons": list(r.record.expected.reasons)},
        "judged": r.verdict.value,
        "diagnostics": [{"rule": d.rule, "severity": d.severity.value, "effect": d.effect.value, "message": d.message}
                        for d in r.diagnostics],
    }
