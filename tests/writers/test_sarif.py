"""SARIF 2.1.0: valid against the official schema, and what GitHub code scanning needs."""

from __future__ import annotations

import dataclasses
import json
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from findings_validator import __version__
from findings_validator.models import ReportResult, RuleInfo
from findings_validator.writers import render

from .regenerate import check_example, checker, example_names

SCHEMA = Path(__file__).resolve().parents[1] / "data" / "sarif-schema-2.1.0.json"


@cache
def validator() -> jsonschema.Draft7Validator:
    return jsonschema.Draft7Validator(json.loads(SCHEMA.read_text(encoding="utf-8")))


def sarif(results: list[ReportResult], rules: list[RuleInfo]) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(render("sarif", results, rules))
    errors = sorted(validator().iter_errors(data), key=str)
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:5])
    return data


def test_examples_validate_against_the_schema() -> None:
    data = sarif([check_example(name) for name in example_names()], list(checker().rules.infos()))
    run = data["runs"][0]
    assert len(run["tool"]["driver"]["rules"]) == len(list(checker().rules.infos()))
    assert len(run["results"]) == sum(len(r.all_diagnostics()) for r in map(check_example, example_names()))


def test_driver_and_rules(result: ReportResult, rules: list[RuleInfo]) -> None:
    driver = sarif([result], rules)["runs"][0]["tool"]["driver"]
    assert (driver["name"], driver["version"]) == ("findings-validator", __version__)
    assert driver["informationUri"].startswith("https://")
    assert [r["id"] for r in driver["rules"]] == ["FV302", "FV701", "FV900", "FV011"]
    fv302 = driver["rules"][0]
    assert fv302["name"] == "evidence is vague"
    assert fv302["shortDescription"] == {"text": "evidence is vague"}
    assert fv302["fullDescription"] == {"text": "Vague evidence cannot be verified by the reviewer."}
    assert fv302["helpUri"] == rules[0].help_uri
    assert fv302["properties"]["tags"] == ["audit-finding", "scope:finding", "ISO/IEC 17021-1:2015 9.4.5.3"]
    assert [r["defaultConfiguration"]["level"] for r in driver["rules"]] == ["error", "warning", "note", "warning"]
    # a rule id the engine reports (not in the rule files) is described from its diagnostic
    assert driver["rules"][3]["shortDescription"] == {"text": "waiver for a rule that did not fire"}


def test_results(result: ReportResult, rules: list[RuleInfo]) -> None:
    run = sarif([result], rules)["runs"][0]
    ids = [r["id"] for r in run["tool"]["driver"]["rules"]]
    results = run["results"]
    assert [(r["ruleId"], r["level"]) for r in results] == [
        ("FV900", "error"), ("FV302", "error"), ("FV900", "note"), ("FV011", "warning"), ("FV701", "warning")]
    assert all(ids[r["ruleIndex"]] == r["ruleId"] for r in results)
    report_level, fv302 = results[0], results[1]
    assert report_level["locations"][0]["physicalLocation"]["region"] == {"startLine": 1, "startColumn": 1}
    assert "finding" not in report_level["properties"]
    assert fv302["message"]["text"] == ("The evidence is vague ('several').\nSecond line: 100%\n"
                                        "Suggestion: Name the records, dates.")
    location = fv302["locations"][0]["physicalLocation"]
    assert location == {"artifactLocation": {"uri": "reports/site a/audit.yaml"},
                        "region": {"startLine": 14, "startColumn": 7}}
    assert fv302["properties"] == {"effect": "reject", "finding": "NC-1", "grade": "minor", "verdict": "invalid",
                                   "source": "ISO/IEC 17021-1:2015 9.4.5.3"}
    # no position of its own: the finding's
    assert results[4]["locations"][0]["physicalLocation"]["region"] == {"startLine": 30, "startColumn": 5}


def test_fingerprints_are_stable_and_distinct(result: ReportResult, rules: list[RuleInfo]) -> None:
    prints = [r["partialFingerprints"] for r in sarif([result], rules)["runs"][0]["results"]]
    assert len({json.dumps(p) for p in prints}) == len(prints)
    reworded = dataclasses.replace(result.diagnostics[0], message="Reworded.")
    again = sarif([dataclasses.replace(result, diagnostics=(reworded,))], rules)["runs"][0]["results"]
    assert again[0]["partialFingerprints"] == prints[0]


@pytest.mark.parametrize(("path", "uri"), [("reports\\site\\a.yaml", "reports/site/a.yaml"),
                                           ("./a.yaml", "a.yaml"), ("C:\\r\\a.yaml", "C:/r/a.yaml")])
def test_uris_use_forward_slashes(path: str, uri: str, result: ReportResult, rules: list[RuleInfo]) -> None:
    run = sarif([dataclasses.replace(result, file=path)], rules)["runs"][0]
    assert {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in run["results"]} == {uri}
