"""Lettered items whose subjects differ: the catalog's item profiles and the item a statement is about."""

from __future__ import annotations

import pytest

from findings_validator.catalog.index import Clause
from findings_validator.dsl.items import item_subject

CORRECTIVE = "Corrective actions were not taken for the nonconformities of internal audit IA-09."


def test_the_item_the_statement_is_about(catalogs) -> None:  # type: ignore[no-untyped-def]
    key = "ISO 14001:2004/4.5.3"
    assert item_subject(catalogs, key, ("c",), CORRECTIVE) == "b"  # preventive item cited for corrective action
    assert item_subject(catalogs, key, ("b",), CORRECTIVE) == ""  # the right item
    assert item_subject(catalogs, key, ("b", "c"), CORRECTIVE) == ""  # one of the cited items fits
    assert item_subject(catalogs, key, (), CORRECTIVE) == ""  # no item cited
    assert item_subject(catalogs, key, ("c",), "The aspects register was not updated.") == ""  # no item named


@pytest.mark.parametrize(("statement", "expected"), [
    ("The operators worked without the current work instructions.", "a"),
    ("The gauges used for the torque settings were past their calibration date.", "b"),
    # a check is how auditors name the monitoring and measurement of item c), so it and gauges name two items
    ("Torque was checked with gauges past their calibration date.", ""),
    ("The weld procedure was never validated by a validation trial.", "f"),
    ("Operators were not trained and worked without the current work instructions.", ""),  # two items named
    ("The press was run without a set-up record.", ""),  # nothing of any item
])
def test_one_other_item_and_only_one(catalogs, statement: str, expected: str) -> None:  # type: ignore[no-untyped-def]
    cited = "g"  # error-proofing: named by none of these statements
    assert item_subject(catalogs, "ISO 9001:2015/8.5.1", (cited,), statement) == expected


def test_a_clause_without_item_profiles_is_not_judged(catalogs) -> None:  # type: ignore[no-untyped-def]
    assert not catalogs.clause("ISO 9001:2015/7.2").item_subjects
    assert item_subject(catalogs, "ISO 9001:2015/7.2", ("b",), CORRECTIVE) == ""
    assert item_subject(catalogs, "ISO 9001:2015/no-such", ("a",), CORRECTIVE) == ""


def test_an_item_without_a_profile_is_not_judged(catalogs) -> None:  # type: ignore[no-untyped-def]
    clause = catalogs.clause("ISO 14001:2004/4.5.3")
    assert dict(clause.item_subjects).keys() == set(clause.items)
    assert all(letter in clause.items for letter, _ in clause.item_subjects)


def test_item_profiles_survive_the_cache_form(catalogs) -> None:  # type: ignore[no-untyped-def]
    clause = catalogs.clause("ISO 9001:2015/10.2.1")
    assert clause.item_subjects and Clause.__from_plain__(clause.__plain__()) == clause


def test_the_rule_warns_and_suggests_the_item(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import json

    from findings_validator.cli import main

    report = tmp_path / "r.yaml"
    report.write_text(f"""audit:
  criteria: ["ISO 14001:2004"]
findings:
  - id: NC-1
    grade: minor
    clause: "ISO 14001 Section 4.5.3.c"
    statement: {CORRECTIVE}
    evidence: Audit report IA-09 of 2009-06-12 lists NC-1 to NC-3; the action log has no entry for them.
""", encoding="utf-8")
    out = tmp_path / "out.json"
    main(["check", "--isolated", str(report), "-o", f"json={out}"])
    finding = json.loads(out.read_text(encoding="utf-8"))["findings"][0]
    (diag,) = [d for d in finding["diagnostics"] if d["rule"] == "FV124"]
    assert diag["severity"] == "warning" and diag["suggested_clause"] == "ISO 14001:2004 4.5.3 b)"


@pytest.mark.parametrize(("key", "cited", "statement", "expected"), [
    ("ISO 9001:2015/7.1.5.2", ("c",), "Two torque wrenches were past their calibration due date.", "a"),
    ("ISO 9001:2015/7.1.5.2", ("a",), "Two torque wrenches were past their calibration due date.", ""),
    ("ISO 9001:2015/7.5.3.2", ("a",), "An obsolete revision of WI-12 was in use at the press.", "c"),
    ("ISO 9001:2015/9.2.2", ("a",), "The auditor of the purchasing process audited their own work.", "c"),
    ("ISO 14001:2015/10.2", ("d",), "The root cause of the oil spill was not determined.", "b"),
    ("ISO/IEC 27001:2022/10.2", ("a",), "Corrective action for NC-4 was closed with no check of its effectiveness.", "d"),
    ("ISO 45001:2018/10.2", ("f",), "The near miss of 2025-04-15 was never investigated.", "b"),
])
def test_item_profiles_of_the_current_editions(catalogs, key: str, cited: tuple[str, ...], statement: str,  # type: ignore[no-untyped-def]
                                               expected: str) -> None:
    assert item_subject(catalogs, key, cited, statement) == expected
