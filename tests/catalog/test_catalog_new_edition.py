"""A new edition is a change of data only: a made-up ISO 45001:2027, shipped as a catalog pack
(tests/data/packs/iso45001_2027_pack), loads beside the bundle and works everywhere an edition is used — citations,
the edition chain, a number that changed meaning, definitions, unknown items, the transition's end and the fix —
with no line of code that names it. If adding an edition ever needs code, this test fails."""

from __future__ import annotations

import datetime as dt
import textwrap
from importlib.metadata import EntryPoint
from pathlib import Path

import pytest

from findings_validator.catalog import Catalogs, load_catalogs, paths
from findings_validator.citations import Criteria, resolve_text
from findings_validator.dsl import RuleSet
from findings_validator.dsl.context import Scheme
from findings_validator.engine import Checker, transition_overrides
from findings_validator.fix import fix_file
from findings_validator.models import Audit, Finding, Report

PACKS = Path(__file__).resolve().parents[1] / "data" / "packs"
PACK_DIR = PACKS / "iso45001_2027_pack"
NEW = "ISO 45001:2027"


@pytest.fixture
def with_pack(monkeypatch: pytest.MonkeyPatch) -> Catalogs:
    """The bundled catalogs and the pack, found through the entry-point group as an installed pack would be."""
    points = (EntryPoint("bundled", "findings_validator.catalog.paths:bundled_pack", paths.PACK_GROUP),
              EntryPoint("iso45001_2027", "iso45001_2027_pack:files", paths.PACK_GROUP))
    monkeypatch.setattr(paths, "_pack_entry_points", lambda: points)
    monkeypatch.syspath_prepend(str(PACKS))
    return load_catalogs(use_cache=False)


def test_the_pack_is_data_only() -> None:
    """The pack's module only says where its files are; everything about the edition is in YAML."""
    kinds = {p.suffix for p in (PACK_DIR / "catalogs").rglob("*") if p.is_file()}
    assert kinds == {".yaml"}
    assert [p.name for p in PACK_DIR.glob("*.py")] == ["__init__.py"]


def test_the_new_edition_loads_and_takes_over(with_pack: Catalogs) -> None:
    assert NEW in with_pack.editions and "ISO 9001:2026" in with_pack.editions
    assert with_pack.editions["ISO 45001:2018"].superseded_by == NEW
    assert with_pack.edition("45001").key == NEW  # no year: the latest current edition
    assert Criteria.of(["BS EN ISO 45001:2027"], with_pack).editions == (NEW,)
    assert with_pack.clause(f"{NEW}/6.1.3").confidence == "medium"  # type: ignore[union-attr]


@pytest.mark.parametrize(("text", "status", "clauses", "suggestions"), [
    ("6.1.4", "exact", [f"{NEW}/6.1.4"], []),
    ("ISO 45001 6.1.5 b)", "exact", [f"{NEW}/6.1.5"], []),  # items unknown: accepted, not verified
    ("6.1", "too_broad", [f"{NEW}/6.1"], ["6.1.1", "6.1.2", "6.1.3", "6.1.4", "6.1.5"]),
    ("6.1.2.2", "obsolete_edition", ["ISO 45001:2018/6.1.2.2"], ["6.1.3"]),
    ("ISO 45001:2018 6.1.4", "obsolete_edition", ["ISO 45001:2018/6.1.4"], ["6.1.5"]),
    ("10.3", "obsolete_edition", ["ISO 45001:2018/10.3"], ["10.1"]),
    ("OHSAS 18001:2007 4.3.2", "obsolete_edition", ["OHSAS 18001:2007/4.3.2"], ["6.1.4"]),  # two maps chained
    ("3.12", "not_a_requirement", [f"{NEW}/3"], []),
    ("Annex A", "not_a_requirement", [f"{NEW}/A"], []),
    ("ISO 45001:2030 6.1.4", "not_in_criteria", [], []),
])
def test_citations_resolve_in_the_new_edition(with_pack: Catalogs, text: str, status: str, clauses: list[str],
                                              suggestions: list[str]) -> None:
    (resolution,) = resolve_text(text, Criteria.of([NEW], with_pack), with_pack)
    assert resolution.status.value == status, resolution.reason
    assert list(resolution.clauses) == clauses
    assert [s.clause.rpartition("/")[2] for s in resolution.suggestions] == suggestions
    if resolution.items:
        assert "not verified" in resolution.reason


def _finding(clause: str, statement: str) -> Finding:
    return Finding.model_validate({"id": "NC-1", "grade": "minor", "clause": clause, "statement": statement,
                                   "evidence": "Action plan AP-03 rev 1 of 2027-09-02 lists no owner or date."})


def test_a_number_that_changed_meaning_is_read_from_the_map(with_pack: Catalogs, rules: RuleSet) -> None:
    checker = Checker(rules, with_pack)
    audit = Audit(criteria=(NEW,))
    habit = checker.check_finding(_finding("6.1.4", "No action plan was prepared for the planned actions."), audit)
    (warning,) = [d for d in habit.diagnostics if d.rule == "FV113"]
    assert "ISO 45001:2027 6.1.5" in warning.message and "ISO 45001:2018 6.1.4" in warning.message
    meant = checker.check_finding(_finding("6.1.4", "The legal register omits the new regulations on noise."), audit)
    assert "FV113" not in [d.rule for d in meant.diagnostics]


def test_the_old_editions_transition_ends_by_configuration(with_pack: Catalogs, rules: RuleSet) -> None:
    ends = transition_overrides({"ISO 45001:2018": dt.date(2030, 2, 28)}, with_pack)
    checker = Checker(rules, with_pack, scheme=Scheme(transition_ends=ends))
    late = Report(audit=Audit(criteria=("ISO 45001:2018",), dates=(dt.date(2030, 3, 4),)))
    (error,) = [d for d in checker.check_report(late).diagnostics if d.rule == "FV850"]
    assert "2030-02-28" in error.message and error.suggestion == f"Audit against {NEW}."
    on_time = Report(audit=Audit(criteria=("ISO 45001:2018",), dates=(dt.date(2030, 2, 27),)))
    assert "FV850" not in [d.rule for d in checker.check_report(on_time).diagnostics]


def test_fix_offers_the_one_to_one_successor(with_pack: Catalogs, tmp_path: Path) -> None:
    report = tmp_path / "report.yaml"
    report.write_text(textwrap.dedent("""\
        audit:
          criteria: ["ISO 45001:2027"]
        findings:
          - id: NC-1
            grade: minor
            clause: "ISO 45001:2018 6.1.4"   # planning action, renumbered
          - id: NC-2
            grade: minor
            clause: "OHSAS 18001:2007 4.3.1"  # split: left to the auditor
        """), encoding="utf-8")
    outcome = fix_file(report, catalogs=with_pack, unsafe=True)  # a successor: an unsafe fix
    assert outcome.changes == ["NC-1: 'ISO 45001:2018 6.1.4' → 'ISO 45001:2027 6.1.5'"]
    assert 'clause: "ISO 45001:2027 6.1.5"   # planning action, renumbered' in report.read_text(encoding="utf-8")
