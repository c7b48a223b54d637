"""An evaluation as text (the shape of scikit-learn's classification report) or as JSON."""

from __future__ import annotations

import json
import textwrap

from . import Threshold
from .run import Judged
from .score import VERDICTS, Evaluation, Share

_SHORT = {"valid": "valid", "invalid": "invalid", "downgrade_to_ofi": "downgr", "reclassify_as_nc": "reclass",
          "upgrade_to_major": "upgrade"}


def _num(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def _ids(ids: tuple[str, ...] | list[str], limit: int = 12) -> str:
    shown = ", ".join(ids[:limit])
    return shown + (f", … ({len(ids) - limit} more)" if len(ids) > limit else "")


def _share_line(label: str, share: Share) -> str:
    line = f"{label:<24} {share.count} of {share.of} ({_num(share.rate)})"
    return line + (f": {_ids(share.ids)}" if share.ids else "")


def as_text(ev: Evaluation, checks: list[Threshold], show_misses: bool = False) -> str:
    agreement = ev.agreement
    out = [f"{len(ev.judged)} labelled findings scored from {len(ev.files)} file(s); "
           f"{len(ev.errors)} record(s) with errors not scored", ""]
    for error in ev.errors:
        out.append(f"error: {error}")
    if ev.errors:
        out.append("")
    out += [f"agreement {_num(agreement.rate)} ({agreement.count} of {agreement.of})", "",
            f"{'expected verdict':<18} {'records':>7} {'agreed':>7} {'agreement':>9}"]
    for verdict, share in ev.by_verdict.items():
        out.append(f"{verdict:<18} {share.of:>7} {share.count:>7} {_num(share.rate):>9}")
    out += ["", "confusion (rows: expected, columns: judged)",
            f"{'':<18} " + " ".join(f"{_SHORT[v]:>7}" for v in VERDICTS)]
    for expected in VERDICTS:
        out.append(f"{expected:<18} " + " ".join(f"{ev.confusion[expected][j]:>7}" for j in VERDICTS))
    out += ["", _share_line("good findings rejected", ev.good_rejected),
            _share_line("flawed findings passed", ev.flawed_passed), "",
            f"{'reason code':<22} {'expected':>8} {'detected':>8} {'recall':>6} {'fired':>6} {'precision':>9}  "
            "misfiring rules"]
    for code, c in ev.codes.items():
        if not (c.expected or c.fired):
            continue
        misfired = ", ".join(f"{rule} ({n})" for rule, n in c.misfired_by.items())
        rules = "" if c.rules else "  (no rule detects it)"
        out.append(f"{code:<22} {c.expected:>8} {c.detected:>8} {_num(c.recall):>6} {c.fired:>6} "
                   f"{_num(c.precision):>9}  {misfired}{rules}".rstrip())
    out += ["", f"{'rule':<8} {'firings':>7} {'wrong':>5} {'in misses':>9}  detects"]
    for rule, r in ev.rules.items():
        wrong = "-" if r.wrong is None else str(r.wrong)
        out.append(f"{rule:<8} {r.firings:>7} {wrong:>5} {r.in_misses:>9}  {', '.join(r.detects) or '(declares none)'}")
    out += ["", f"{'kind':<12} {'records':>7} {'agreed':>7}"]
    out += [f"{k:<12} {s.of:>7} {s.count:>7}" for k, s in ev.by_kind.items() if s.of]
    out += ["", f"{'confidence':<12} {'records':>7} {'agreed':>7}"]
    out += [f"{c:<12} {s.of:>7} {s.count:>7}" for c, s in ev.by_confidence.items() if s.of]
    if show_misses:
        out += ["", f"misses ({len(ev.misses)})"]
        for miss in ev.misses:
            out += ["", *_miss(miss)]
    if checks:
        out += ["", "thresholds:"] + [f"  {check}" for check in checks]
    return "\n".join(out) + "\n"


def _miss(r: Judged) -> list[str]:
    f, expected = r.record.finding, r.record.expected
    lines = [f"{r.record.id} ({r.file}:{r.line}) {f.grade.value}, clause: {'; '.join(f.clause) or '(none)'}"]
    lines += textwrap.wrap(f"statement: {f.statement}", 116, initial_indent="  ", subsequent_indent="    ")
    for item in f.evidence:
        lines += textwrap.wrap(f"evidence: {item}", 116, initial_indent="  ", subsequent_indent="    ")
    lines.append(f"  expected: {expected.verdict.value} [{', '.join(expected.reasons)}]")
    lines.append(f"  judged:   {r.verdict.value}")
    for d in r.diagnostics:
        lines += textwrap.wrap(f"{d.rule} {d.severity.value}: {d.message}", 116, initial_indent="  fired: ",
                               subsequent_indent="    ")
    if not r.diagnostics:
        lines.append("  fired: nothing")
    return lines


def as_json(ev: Evaluation, checks: list[Threshold]) -> str:
    data = ev.to_dict()
    data["thresholds"] = [check.to_dict() for check in checks]
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
