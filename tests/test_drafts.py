"""What the language server asks of a draft, without the protocol: the same path as `check`, and which rewrites are
offered as safe and which as ones to confirm."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from findings_validator.cli import main
from findings_validator.config import load_config
from findings_validator.drafts import Drafts

ROOT = Path(__file__).resolve().parents[1]

_MISMATCH = """audit:
  type: surveillance
  criteria: ["ISO/IEC 27001:2022"]
  dates: ["2025-10-02"]
findings:
  - id: NC-01
    grade: minor
    clause: "A.8.2"
    statement: Backups of the engineering file server are not tested by restoring them.
    evidence: Backup job log BK-07 of 2025-10-01 shows nightly jobs; no restore test since 2024.
  - id: NC-02
    grade: minor
    clause: "cl. 5.2(a)"
    statement: The information security policy was not communicated to the new staff of the Berlin site.
    evidence: 4 of 6 staff hired in 2025 interviewed at Berlin (HR list HR-25) had not been given the policy.
"""


def _drafts(tmp_path: Path, toml: str = "") -> Drafts:
    config = tmp_path / "findings-validator.toml"
    config.write_text(toml, encoding="utf-8")
    effective = load_config(tmp_path, config_file=config)
    return Drafts(effective.config, tmp_path)


def test_a_draft_is_checked_as_check_checks_the_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "report.yaml"
    path.write_text(_MISMATCH, encoding="utf-8")
    assert main(["check", "--isolated", "--format", "json", str(path)]) == 1
    report = json.loads(capsys.readouterr().out)
    expected = {(f["id"], f["verdict"], tuple(sorted(d["rule"] for d in f["diagnostics"]))) for f in report["findings"]}
    result = Drafts(load_config(tmp_path, isolated=True).config).check(path.as_uri(), _MISMATCH)
    assert {(f.id, f.verdict.value, tuple(sorted(d.rule for d in f.diagnostics))) for f in result.findings} == expected


@pytest.mark.parametrize("name", ["iso9001-draft.md", "iso27001-surveillance.yaml"])
def test_an_example_draft_gets_the_verdicts_and_lines_of_check(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    path = ROOT / "examples" / name
    main(["check", "--isolated", "--format", "json", str(path)])
    report = json.loads(capsys.readouterr().out)
    expected = sorted((f["id"], f["verdict"], d["rule"], d["line"] or f["line"])
                      for f in report["findings"] for d in f["diagnostics"])
    drafts = Drafts(load_config(ROOT, isolated=True).config)
    located = drafts.diagnostics(path.as_uri(), path.read_text(encoding="utf-8"))
    verdicts = {f.id: f.verdict.value for f in drafts.results[path.as_uri()][1].findings}
    assert expected and sorted((item.finding, verdicts[item.finding], item.diagnostic.rule, item.span.line + 1)
                               for item in located if item.finding) == expected


def test_per_file_ignores_apply_to_the_draft_by_its_path(tmp_path: Path) -> None:
    drafts = _drafts(tmp_path, '[per-file-ignores]\n"drafts/**" = ["FV119", "FV120", "FV121", "FV122"]\n')
    ignored = drafts.check((tmp_path / "drafts" / "a.yaml").as_uri(), _MISMATCH)
    checked = drafts.check((tmp_path / "final" / "a.yaml").as_uri(), _MISMATCH)
    rules = [{d.rule for f in result.findings for d in f.diagnostics} for result in (ignored, checked)]
    mismatch = {"FV119", "FV120", "FV121", "FV122"}  # the subject-mismatch rules
    assert rules[1] & mismatch and not rules[0] & mismatch


def test_spelling_is_a_safe_fix_and_a_suggested_clause_one_to_confirm(tmp_path: Path) -> None:
    drafts = _drafts(tmp_path)
    uri = (tmp_path / "r.yaml").as_uri()
    drafts.check(uri, _MISMATCH)
    lines = _MISMATCH.splitlines()
    fixes = {fix.finding: fix for fix in drafts.fixes(uri)}
    subject = fixes["NC-01"]
    assert not subject.safe and subject.new == "ISO/IEC 27001:2022 A.8.13" and "confirm" in subject.title
    assert lines[subject.span.line][subject.span.start:subject.span.end] == "A.8.2"
    spelling = fixes["NC-02"]
    assert spelling.safe and spelling.new == "5.2 a)"
    assert lines[spelling.span.line][spelling.span.start:spelling.span.end] == "cl. 5.2(a)"


def test_a_syntax_error_is_placed_on_its_line(tmp_path: Path) -> None:
    drafts = _drafts(tmp_path)
    located = drafts.diagnostics((tmp_path / "r.yaml").as_uri(), "audit: {criteria: [ISO 9001:2015]\nfindings: []\n")
    (syntax,) = [item for item in located if item.diagnostic.rule == "FV001"]
    assert "YAML syntax error" in syntax.diagnostic.message and syntax.span.line == 1
