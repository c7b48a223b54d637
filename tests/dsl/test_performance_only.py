"""A result or a trend by itself is no requirement unmet (FV504); a finding that names the unmet requirement is."""

from __future__ import annotations

import pytest

from findings_validator.models import Audit, Finding

AUDIT = Audit(criteria=["ISO 14001:2015"])


def _fv504(checker, clause: str, statement: str, evidence: str) -> bool:  # type: ignore[no-untyped-def]
    finding = Finding(id="F1", grade="minor", clause=[clause], statement=statement, evidence=[evidence])
    ctx = checker.context(finding, AUDIT, checker.criteria(AUDIT)[0])
    rule = next(r for r in checker.rules.finding_rules if r.info.id == "FV504")
    ctx.bound.clear()
    return bool(rule.condition(ctx))


@pytest.mark.parametrize(("clause", "statement", "evidence", "downgraded"), [
    # results and trends, however worded, with the record they were read from
    ("9.1.1", "Water use went up 12 % in 2025 according to the site meter readings.", "Meter log ML-25.", True),
    ("9.1.1", "Electricity use is up from 1.12 GWh to 1.21 GWh, per the energy dashboard.", "Dashboard ED-25.", True),
    ("6.2.1", "Objective EO-3 fell short of its 10 % target in 2025.", "Objectives review ER-25 of 2026-01-20.", True),
    ("9.1.1", "Waste to landfill climbed to 41 t in 2025 from 33 t in 2024.", "Waste returns WR-24 and WR-25.", True),
    # the unmet requirement is named: a monitoring not done, an action not taken, an evaluation not made
    ("9.1.1", "Water use went up 12 % in 2025, but the monthly readings that the monitoring plan requires were not taken "
              "for May to August.", "Meter log ML-25; monitoring plan MP-02 rev 1.", False),
    ("6.2.2", "Objective EO-3 fell short of its target and no action was taken: the objective was not reviewed at the "
              "2025 management review.", "Minutes MR-25 of 2025-11-20.", False),
    ("9.1.3", "Water use went up 12 % in 2025; according to procedure ENV-05 a rise above 10 % is investigated, and none "
              "was.", "Investigation log IL-25 has no entry.", False),
    # the result and what was not done about it in one sentence
    ("9.1.3", "Waste to landfill rose from 33 t to 41 t in 2025, yet no analysis or action was recorded.",
     "Waste returns WR-24 and WR-25; minutes MR-25 have no waste item.", False),
    ("10.2", "Spills rose by 25 % in 2025; no investigation or corrective action was raised.",
     "Spill log SL-25; action log AL-25 has no entry.", False),
])
def test_results_alone_and_results_with_a_requirement(checker, clause: str, statement: str, evidence: str,  # type: ignore[no-untyped-def]
                                                      downgraded: bool) -> None:
    assert _fv504(checker, clause, statement, evidence) is downgraded


@pytest.mark.parametrize(("statement", "downgraded"), [
    ("Energy use increased by 8 % in 2025.", True),
    ("Energy use increased by 8 % in 2025 and the energy objective EO-2 was not monitored.", False),
    ("Energy use increased by 8 % in 2025; no action was taken although the energy review flagged it.", False),
])
def test_the_result_entries_of_the_catalogs_read_the_same_way(checker, statement: str,  # type: ignore[no-untyped-def]
                                                              downgraded: bool) -> None:
    finding = Finding(id="F1", grade="minor", clause=["6.2.2"], statement=statement,
                      evidence=["Energy sheet EN-25, monthly meter readings."])
    ctx = checker.context(finding, AUDIT, checker.criteria(AUDIT)[0])
    rule = next(r for r in checker.rules.finding_rules if r.info.id == "FV505")
    ctx.bound.clear()
    assert bool(rule.condition(ctx)) is downgraded
