"""Audits during the move to the 2026 editions of ISO 9001 and ISO 14001: old citations, numbers that changed
meaning, the end of the transition (catalog or configuration), the fix, and the 2008 -> 2015 -> 2026 chain."""

from __future__ import annotations

import datetime as dt
import json
import textwrap
from pathlib import Path

import pytest

from findings_validator.catalog import Catalogs
from findings_validator.catalog.kinds import Relationship
from findings_validator.cli import main
from findings_validator.citations import Criteria, resolve_text
from findings_validator.dsl import RuleSet
from findings_validator.dsl.context import Scheme
from findings_validator.engine import Checker, transition_overrides
from findings_validator.errors import ConfigError
from findings_validator.fix import fix_file
from findings_validator.models import Audit, Finding, Report

EVIDENCE = "Register RO-01 rev 3 of 2026-10-02, reviewed with quality manager J. Ekwueme on 2026-11-18."


def _fired(checker: Checker, criteria: str, clause: str, statement: str) -> dict[str, str]:
    finding = Finding.model_validate({"id": "NC-1", "grade": "minor", "clause": clause, "statement": statement,
                                      "evidence": EVIDENCE})
    result = checker.check_finding(finding, Audit(criteria=(criteria,)))
    return {d.rule: d.message for d in result.diagnostics}


# ---- the same number, another meaning ------------------------------------------------------------------------
@pytest.mark.parametrize(("criteria", "clause", "statement", "meant", "rule"), [
    # 2026 6.1.2 is actions on risks; opportunities moved to 6.1.3: the 2015 habit, rejected
    ("ISO 9001:2026", "6.1.2", "No actions were planned for the opportunity of the new export market in the "
                               "risk and opportunity register.", "ISO 9001:2026 6.1.3", "FV125"),
    # 2015 10.1 is General; continual improvement is 10.3 there (10.1 in 2026): a later meaning, a warning
    ("ISO 9001:2015", "10.1", "Continual improvement of the quality management system could not be shown.",
     "ISO 9001:2015 10.3", "FV113"),
    # 14001: 2015 6.1.4 planning action is 6.1.5 in 2026; 2026 6.1.4 is risks and opportunities
    ("ISO 14001:2026", "6.1.4", "No action plan was prepared for the significant aspects of the paint line.",
     "ISO 14001:2026 6.1.5", "FV125"),
    ("ISO 14001:2015", "6.1.4", "The risk register omits the risks and opportunities of the new paint line.",
     "ISO 14001:2015 6.1.1", "FV113"),
    ("ISO 14001:2015", "10.1", "Continual improvement of environmental performance could not be shown: no "
                               "improvement trend is tracked.", "ISO 14001:2015 10.3", "FV113"),
])
def test_the_other_editions_meaning_is_named(checker: Checker, criteria: str, clause: str, statement: str,
                                             meant: str, rule: str) -> None:
    fired = _fired(checker, criteria, clause, statement)
    if rule == "FV125" and "FV120" in fired:  # the statement is clearly about the replaced meaning: FV120 rejects
        rule = "FV120"
    assert rule in fired, fired
    assert not ({"FV113", "FV125"} - {rule}) & fired.keys(), fired  # one of the two, never both
    ending = f"which is {meant} now." if rule == "FV125" else f"covered: {meant} in the audited edition."
    assert fired[rule].endswith(ending), fired[rule]


@pytest.mark.parametrize(("criteria", "clause", "statement"), [
    ("ISO 9001:2026", "6.1.2", "The risk of losing the only supplier of castings was not treated: no mitigation "
                               "was planned."),
    ("ISO 9001:2026", "6.1.3", "No actions were planned for the opportunity of the new export market in the "
                               "risk and opportunity register."),
    ("ISO 9001:2026", "10.1", "Continual improvement of the quality management system could not be shown."),
    ("ISO 9001:2015", "10.3", "Continual improvement of the quality management system could not be shown."),
    ("ISO 9001:2015", "6.1.2", "No actions were planned for the opportunity of the new export market."),
    ("ISO 14001:2026", "6.1.5", "No action plan was prepared for the significant aspects of the paint line."),
    ("ISO 9001:2026", "7.1.5.2", "The caliper used at goods-in was past its calibration date."),
])
def test_a_citation_meant_as_written_is_left_alone(checker: Checker, criteria: str, clause: str,
                                                   statement: str) -> None:
    assert "FV113" not in _fired(checker, criteria, clause, statement)


def test_changed_numbers_come_from_the_maps(catalogs: Catalogs) -> None:
    """The numbers FV113 looks at are those that a map links to anything but themselves alone, in any edition of
    the line (2008 7.2 was customer-related processes; 2026 7.2 is competence)."""
    from findings_validator.dsl.context import _meanings

    def changed(edition: str) -> set[str]:
        return {c for c in catalogs.editions[edition].clauses if _meanings(catalogs, f"{edition}/{c}")}

    in_2026, in_2015 = changed("ISO 9001:2026"), changed("ISO 9001:2015")
    assert {"6.1.2", "7.2", "8.2.2"} <= in_2026  # split into 6.1.2 and 6.1.3; 2008 meanings
    # new; narrowed with nothing else to name; 2015 10.1 and 10.3 both went into it; unchanged
    assert not {"6.1.3", "6.1.1", "10.1", "7.1.5.2", "9.2.2"} & in_2026
    assert {"6.1.2", "8.2.2"} & in_2015 == {"8.2.2"}  # 2026 6.1.2 comes only from 2015 6.1.2
    assert "10.1" in in_2015  # 2026 10.1 also takes 2015 10.3
    assert dict(_meanings(catalogs, "ISO 9001:2015/10.1"))["ISO 9001:2026/10.1"] == ("ISO 9001:2015/10.1",
                                                                                      "ISO 9001:2015/10.3")


# ---- citations of 2015 in a 2026 audit -------------------------------------------------------------------------
def test_every_2015_clause_is_mapped(catalogs: Catalogs) -> None:
    old = catalogs.editions["ISO 9001:2015"]
    unmapped = [c for c in old.clauses if not c[0].isalpha() and f"{old.key}/{c}" not in catalogs.successors]
    assert unmapped == []
    assert not catalogs.successors_in("ISO 9001:2015/10.3", "ISO 9001:2015")
    assert "10.3" not in catalogs.editions["ISO 9001:2026"].clauses


def test_the_2008_chain_reaches_2026(catalogs: Catalogs) -> None:
    """Every 2008 clause with a successor in 2015 has one in 2026 too: the maps chain."""
    for key, successors in catalogs.successors.items():
        if not key.startswith("ISO 9001:2008/") or successors[0].relationship is Relationship.REMOVED:
            continue
        assert catalogs.successors_in(key, "ISO 9001:2026"), key
    criteria = Criteria.of(["ISO 9001:2026"], catalogs)
    (old,) = resolve_text("ISO 9001:2008 7.6", criteria, catalogs)
    assert old.status.value == "obsolete_edition"
    assert [s.label for s in old.suggestions] == ["ISO 9001:2026 7.1.5"]


def test_fix_rewrites_one_to_one_successors_in_a_2026_audit(tmp_path: Path, catalogs: Catalogs) -> None:
    path = tmp_path / "report.yaml"
    path.write_text(textwrap.dedent("""\
        audit:
          criteria: [ISO 9001:2026]
        findings:
          - id: NC-1
            clause: "10.3"                  # gone in 2026
          - id: NC-2
            clause: ISO 9001:2015 7.2
          - id: NC-3
            clause: ISO 9001:2015 6.1.2     # split: the auditor decides
          - id: NC-4
            clause: ISO 9001:2008 4.2.3     # split over two editions
          - id: NC-5
            clause: "6.1.2"                 # exists in 2026: left alone
        """), encoding="utf-8")
    outcome = fix_file(path, catalogs=catalogs, unsafe=True)  # a successor replaces the citation: an unsafe fix
    assert outcome.changes == ["NC-1: '10.3' → 'ISO 9001:2026 10.1'",
                               "NC-2: 'ISO 9001:2015 7.2' → 'ISO 9001:2026 7.2'"]
    text = path.read_text(encoding="utf-8")
    assert 'clause: "ISO 9001:2026 10.1"' in text and "# gone in 2026" in text
    assert "clause: ISO 9001:2015 6.1.2     # split" in text and 'clause: "6.1.2"' in text


# ---- the end of the transition --------------------------------------------------------------------------------
def _report_errors(checker: Checker, criteria: str, day: dt.date) -> dict[str, tuple[str, str | None]]:
    result = checker.check_report(Report(audit=Audit(criteria=(criteria,), dates=(day,))))
    return {d.rule: (d.message, d.suggestion) for d in result.diagnostics}


@pytest.mark.parametrize(("criteria", "last_day", "successor"), [
    ("ISO 9001:2015", dt.date(2029, 9, 30), "ISO 9001:2026"),
    ("ISO 14001:2015", dt.date(2029, 4, 14), "ISO 14001:2026"),
    ("ISO 9001:2008", dt.date(2018, 9, 14), "ISO 9001:2026"),  # the edition to move to is the newest
])
def test_an_audit_after_the_transition_is_an_error(checker: Checker, catalogs: Catalogs, criteria: str,
                                                   last_day: dt.date, successor: str) -> None:
    assert catalogs.editions[criteria].transition_end == last_day
    assert "FV850" not in _report_errors(checker, criteria, last_day)
    message, suggestion = _report_errors(checker, criteria, last_day + dt.timedelta(days=1))["FV850"]
    assert str(last_day) in message and suggestion == f"Audit against {successor}."
    assert "FV850" not in _report_errors(checker, successor, last_day + dt.timedelta(days=1))


def test_the_configuration_sets_the_accreditation_bodys_date(rules: RuleSet, catalogs: Catalogs) -> None:
    ends = transition_overrides({"BS EN ISO 9001:2015": dt.date(2029, 3, 31)}, catalogs)
    assert ends == (("ISO 9001:2015", dt.date(2029, 3, 31)),)
    checker = Checker(rules, catalogs, scheme=Scheme(transition_ends=ends))
    assert "FV850" in _report_errors(checker, "ISO 9001:2015", dt.date(2029, 4, 2))
    assert "FV850" not in _report_errors(checker, "ISO 14001:2015", dt.date(2029, 4, 2))
    with pytest.raises(ConfigError, match="ISO 9001:2000"):
        transition_overrides({"ISO 9001:2000": dt.date(2003, 12, 15)}, catalogs)


def test_transition_ends_from_the_configuration_file(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "findings-validator.toml").write_text('transition_ends = { "ISO 9001:2015" = 2028-12-31 }\n',
                                                      encoding="utf-8")
    report = tmp_path / "report.yaml"
    report.write_text('audit:\n  criteria: ["ISO 9001:2015"]\n  dates: ["2029-01-15"]\nfindings: []\n',
                      encoding="utf-8")
    assert main(["check", str(report), "--format", "json"]) == 1
    out = json.loads(capsys.readouterr().out)
    (fv850,) = [d for d in out["files"][0]["diagnostics"] if d["rule"] == "FV850"]
    assert "2028-12-31" in fv850["message"]
    main(["check", str(report), "--format", "json", "--isolated"])  # the catalog's 2029-09-30
    out = json.loads(capsys.readouterr().out)
    assert "FV850" not in [d["rule"] for d in out["files"][0]["diagnostics"]]
    assert main(["config", str(tmp_path)]) == 0
    assert 'transition_ends = {"ISO 9001:2015": "2028-12-31"}  # ' in capsys.readouterr().out


def test_catalog_show_a_2026_clause(capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["catalog", "show", "ISO 9001:2026", "6.1.3", "--format", "json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert (shown["title"], shown["confidence"], shown["items_known"]) == ("Actions to address opportunities",
                                                                            "medium", False)
    assert shown["predecessors"] == ["ISO 9001:2015/6.1.2"] and shown["parent"] == "ISO 9001:2026/6.1"
    assert main(["catalog", "show", "ISO 9001:2026", "6.1.3"]) == 0
    assert "items: not yet established for this edition" in capsys.readouterr().out
