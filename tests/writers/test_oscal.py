"""OSCAL assessment-results: every export read back by compliance-trestle's OSCAL 1.2 models, in JSON and YAML."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from findings_validator.models import Verdict
from findings_validator.writers import render
from findings_validator.writers.oscal_writer import NAMESPACE, OSCAL_VERSION, stable_uuid, target_id

from .conftest import RULES, sample_result
from .regenerate import ROOT, check_example, checker, example_names

trestle_ar = pytest.importorskip("trestle.oscal.assessment_results")


def read_back(tmp_path: Path, text: str, suffix: str) -> Any:
    """What trestle reads from the file: its own parser and models (OscalBaseModel.oscal_read)."""
    path = tmp_path / f"results{suffix}"
    path.write_text(text, encoding="utf-8")
    model = trestle_ar.AssessmentResults.oscal_read(path)
    assert model is not None
    return model


def props(item: Any, name: str) -> list[str]:
    return [p.value for p in item.props or () if p.name == name and str(p.ns) == NAMESPACE]


@pytest.mark.parametrize("fmt,suffix", [("oscal", ".json"), ("oscal-yaml", ".yaml")])
def test_every_example_is_read_by_trestle(tmp_path: Path, fmt: str, suffix: str) -> None:
    results = [check_example(name) for name in example_names()]
    model = read_back(tmp_path, render(fmt, results, list(checker().rules.infos())), suffix)
    assert model.metadata.oscal_version.root.root == OSCAL_VERSION
    assert len(model.results) == len(results)
    for result, out in zip(results, model.results, strict=True):
        assert len(out.observations or ()) == len(result.findings)
        ncs = [f for f in result.findings if f.finding.grade.is_nc]
        assert len(out.findings or ()) == len(ncs)
        for item, finding in zip(ncs, out.findings or (), strict=True):
            assert finding.target.status.state.value == "not-satisfied"
            assert props(finding, "verdict") == [item.verdict.value]
            assert props(finding, "grade") == [item.finding.grade.value]
            assert props(finding, "rule") == sorted({d.rule for d in item.diagnostics})
            observation = next(o for o in out.observations if o.uuid == finding.related_observations[0].observation_uuid)
            assert props(observation, "finding-id") == [item.id]


def test_the_cli_exports_the_examples_as_trestle_reads_them(tmp_path: Path) -> None:
    run = subprocess.run([sys.executable, "-m", "findings_validator", "check", "examples/", "--format", "oscal"],
                         cwd=ROOT, capture_output=True, text=True, check=False)
    assert run.returncode in (0, 1), run.stderr
    model = read_back(tmp_path, run.stdout, ".json")
    assert {props(r, "report-file")[0] for r in model.results} == {
        p.relative_to(ROOT).as_posix() for p in (ROOT / "examples").iterdir() if p.suffix in (".yaml", ".md")}
    markdown = next(r for r in model.results if props(r, "report-file")[0].endswith(".md"))
    actor = markdown.observations[0].origins[0].actors[0]
    assert props(actor, "report-file") == ["examples/iso9001-draft.md"] and int(props(actor, "line")[0]) > 1


def test_an_nc_targets_its_clause_by_edition_and_id(tmp_path: Path) -> None:
    data = json.loads(render("oscal", [sample_result()], RULES))
    result = data["assessment-results"]["results"][0]
    (finding,) = [f for f in result["findings"] if "NC-1" in f["title"]]
    assert finding["target"]["target-id"] == "iso-9001-2015_7.5.3" == target_id("ISO 9001:2015", "7.5.3")
    assert target_id("ISO/IEC 27001:2022", "A.8.15") == "iso-iec-27001-2022_A.8.15"
    values = {p["name"]: p["value"] for p in finding["props"]}
    assert values["verdict"] == Verdict.INVALID.value and values["source"] == "ISO/IEC 17021-1:2015 9.4.5.3"
    # the valid major has no resolved citation here: the clause as written, marked unresolved
    (major,) = [f for f in result["findings"] if "MAJ-1" in f["title"]]
    assert major["target"]["target-id"] == "iso-9001-2015_8.5.1"
    assert {"name": "citation-resolved", "ns": NAMESPACE, "value": "false"} in major["target"]["props"]
    read_back(tmp_path, json.dumps(data), ".json")


def test_evidence_and_position_travel_with_the_observation() -> None:
    data = json.loads(render("oscal", [sample_result()], RULES))
    observation = data["assessment-results"]["results"][0]["observations"][0]
    assert [e["description"] for e in observation["relevant-evidence"]] == ["Sample: 3/10 — résumé", "2nd"]
    actor = observation["origins"][0]["actors"][0]
    assert {p["name"]: p["value"] for p in actor["props"]} == {
        "report-file": "reports/site a/audit.yaml", "line": "12", "column": "5"}


def test_uuids_are_reproducible_and_distinct() -> None:
    first = render("oscal", [sample_result()], RULES)
    assert render("oscal", [sample_result()], RULES) == first
    assert render("oscal-yaml", [sample_result()], RULES) == render("oscal-yaml", [sample_result()], RULES)
    data = json.loads(first)["assessment-results"]
    result = data["results"][0]
    uuids = [data["uuid"], result["uuid"], *(o["uuid"] for o in result["observations"]),
             *(f["uuid"] for f in result["findings"])]
    assert len(set(uuids)) == len(uuids)
    assert result["uuid"] == stable_uuid("result", "reports/site a/audit.yaml")
    assert stable_uuid("result", "other.yaml") != result["uuid"]


def test_text_that_oscal_cannot_hold_in_a_prop_is_folded(tmp_path: Path) -> None:
    """Prop values are one line without surrounding blanks: multi-line and padded values are folded, empty ones left
    out, and trestle still reads the document."""
    yaml_text = render("oscal-yaml", [sample_result()], RULES)
    data = yaml.safe_load(yaml_text)
    for result in data["assessment-results"]["results"]:
        for item in [result, *result.get("observations", ()), *result.get("findings", ())]:
            for prop in item.get("props", ()):
                assert prop["value"] == prop["value"].strip() and "\n" not in prop["value"]
    read_back(tmp_path, yaml_text, ".yaml")


def test_the_clause_a_rule_suggests_travels_as_a_prop(tmp_path: Path) -> None:
    from findings_validator.engine import check

    report = tmp_path / "mismatch.yaml"
    report.write_text("""audit:
  type: surveillance
  criteria: ["ISO/IEC 27001:2022"]
  dates: ["2025-10-02"]
findings:
  - id: NC-01
    grade: minor
    clause: "A.8.2"
    statement: Backups of the engineering file server are not tested by restoring them.
    evidence: Backup job log BK-07 of 2025-10-01 shows nightly jobs; no restore test since 2024.
""", encoding="utf-8")
    result = check(report)
    suggested = {d.suggested_clause for f in result.findings for d in f.diagnostics if d.suggested_clause}
    assert suggested == {"ISO/IEC 27001:2022 A.8.13"}
    model = read_back(tmp_path, render("oscal", [result], RULES), ".json")
    (finding,) = model.results[0].findings
    assert props(finding, "suggested-clause") == ["ISO/IEC 27001:2022 A.8.13"]
