"""The benchmark's hand-written baseline decides exactly what the compiled built-in rules decide, so that the
ratio docs/performance.md reports compares the same work."""

from __future__ import annotations

import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent.parent / "bench"


def test_the_baseline_fires_the_rules_the_compiled_rule_set_fires(checker) -> None:  # type: ignore[no-untyped-def]
    sys.path.insert(0, str(BENCH))
    try:
        import generate
        from baseline import baseline
    finally:
        sys.path.remove(str(BENCH))
    from findings_validator.models import Audit, Finding

    audit = Audit.model_validate(generate.AUDIT)
    criteria, _ = checker.criteria(audit)
    findings = [Finding.model_validate(f) for f in generate.findings(1500, seed=5)]
    differing = []
    for finding in findings:
        fired = sorted(checker.fired(checker.context(finding, audit, criteria)))
        by_hand = sorted(baseline(checker.context(finding, audit, criteria)))
        if fired != by_hand:
            differing.append((finding.id, fired, by_hand))
    assert not differing, differing[:3]
    assert sum(bool(checker.fired(checker.context(f, audit, criteria))) for f in findings) > 500
