"""`only if reclassified`: a finding rule reported only when another rule reclassifies the finding as an NC."""

from __future__ import annotations

from pathlib import Path

from findings_validator.dsl import rules_from_text
from findings_validator.dsl.explain import explain
from findings_validator.engine import build_checker
from findings_validator.models import Audit, Finding

RULE = '''
lexicon xy_advice "advice" { "may wish to" }

rule XY901 ofi_advice "an OFI gives advice"
  applies to ofi
  only if reclassified
  when statement mentions xy_advice
  reject "advice ('{match}') in a finding that is to be a nonconformity"
'''

HIDDEN_NC = ("Of the 5 hot work permits sampled, HW-0614 and HW-0622 have no fire-watch sign-off, which procedure "
             "PTW-03 requires before the permit is closed. The team may wish to remind supervisors.")
PLAIN_OFI = "Permits are filed on paper in the site office. The team may wish to keep them with the job file."


def _rules(tmp_path: Path, statement: str) -> list[str]:
    path = tmp_path / "acme.rules"
    path.write_text(RULE, encoding="utf-8")
    checker = build_checker(rules=[path])
    finding = Finding(id="OFI-1", grade="ofi", clause="8.1.1", statement=statement, evidence="")
    result = checker.check_finding(finding, Audit(criteria=["ISO 45001:2018"]))
    return [d.rule for d in result.diagnostics]


def test_reported_when_another_rule_reclassifies(tmp_path: Path) -> None:
    rules = _rules(tmp_path, HIDDEN_NC)
    assert "FV601" in rules and "XY901" in rules


def test_left_out_when_the_finding_stays_an_ofi(tmp_path: Path) -> None:
    assert "XY901" not in _rules(tmp_path, PLAIN_OFI)


def test_parsed_and_explained() -> None:
    rule = next(r for r in rules_from_text(RULE, path="acme.rules") if r.id == "XY901")
    assert rule.only_if_reclassified and not rule.unless_downgraded
    assert "reclassifies the finding as an NC" in explain(rule)
