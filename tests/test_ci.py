"""The pre-commit hook's entry and the CI workflow's command of docs/ci.md, run on the bundled examples."""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

import pytest
import yaml

from findings_validator.cli import main

ROOT = Path(__file__).resolve().parent.parent
CLEAN = Path(__file__).resolve().parent / "data" / "clean-report.yaml"


def _hook() -> dict[str, object]:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert [h["id"] for h in hooks] == ["findings-validator"]
    return hooks[0]


def _entry_args() -> list[str]:
    entry = shlex.split(str(_hook()["entry"]))
    assert entry[0] == "findings-validator"
    return entry[1:]


def test_hook_matches_report_drafts_only() -> None:
    pattern = re.compile(str(_hook()["files"]))
    assert pattern.search("reports/2026/iso9001-surveillance.yaml")
    assert pattern.search("drafts/audit.findings.md") and pattern.search("acme.report.json")
    for other in ("src/tool.py", "README.md", ".pre-commit-config.yaml", "docs/notes.yaml", "package.json"):
        assert not pattern.search(other), other


def test_hook_entry_fails_on_the_examples_and_passes_a_clean_report(capsys) -> None:  # type: ignore[no-untyped-def]
    examples = sorted(str(p) for p in (ROOT / "examples").glob("iso*.yaml"))
    assert main([*_entry_args(), *examples, "--isolated"]) == 1
    assert "NC-01" in capsys.readouterr().out
    assert main([*_entry_args(), str(CLEAN), "--isolated"]) == 0


def test_the_documented_workflow_command_runs(tmp_path: Path, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    text = (ROOT / "docs" / "ci.md").read_text(encoding="utf-8")
    workflow = yaml.safe_load(re.search(r"```yaml\n(name: audit findings.*?)```", text, re.S).group(1))
    commands = [step["run"] for step in workflow["jobs"]["check"]["steps"] if "run" in step]
    command = next(c for c in commands if c.startswith("findings-validator"))
    reports = tmp_path / "reports"
    reports.mkdir()
    for example in (ROOT / "examples").glob("iso*.yaml"):
        (reports / example.name).write_text(example.read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main([*shlex.split(command)[1:], "--isolated"]) == 1
    out = capsys.readouterr().out
    assert out.startswith("::") and "file=reports/" in out
    sarif = json.loads((tmp_path / "findings.sarif").read_text(encoding="utf-8"))
    assert sarif["runs"][0]["results"]
    assert (tmp_path / "findings.xml").read_text(encoding="utf-8").startswith("<?xml")
    upload = [s for s in workflow["jobs"]["check"]["steps"] if "upload-sarif" in str(s.get("uses", ""))]
    assert upload and upload[0]["with"]["sarif_file"] == "findings.sarif" and upload[0]["if"] == "always()"


def test_the_hook_through_pre_commit_in_a_git_repository(tmp_path: Path) -> None:
    """``pre-commit run`` in a fresh repository: report drafts are checked, other files are not handed over or are
    skipped quietly. The hook is the shipped one with ``language: system`` (the ``findings-validator`` of this
    environment), since building its own environment would need the package index."""
    import os
    import shutil
    import subprocess
    import sys

    if shutil.which("git") is None:
        pytest.skip("git is not installed: pre-commit cannot run")
    hook = {**_hook(), "language": "system"}
    repo = tmp_path / "repo"
    (repo / "reports").mkdir(parents=True)
    (repo / "reports" / "draft.yaml").write_text((ROOT / "examples" / "iso9001-surveillance.yaml").read_text())
    (repo / "reports" / "notes.md").write_text("# Notes\n\nNothing to check here.\n")
    (repo / "clean.findings.yaml").write_text(CLEAN.read_text())
    (repo / "README.md").write_text("# A repository of audit reports\n\n## Layout\n\nReports live in reports/.\n")
    (repo / "package.json").write_text('{"name": "x"}\n')
    config = {"repos": [{"repo": "local", "hooks": [hook]}]}
    (repo / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config))
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache"), "PATH": f"{Path(sys.executable).parent}"
           f"{os.pathsep}{os.environ.get('PATH', '')}", "NO_COLOR": "1", "GIT_CONFIG_GLOBAL": os.devnull}

    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True)

    git("init", "-q")
    git("-c", "user.name=t", "-c", "user.email=t@example.org", "add", ".")
    done = subprocess.run([sys.executable, "-m", "pre_commit", "run", "--all-files", "--verbose"], cwd=repo, env=env,
                          capture_output=True, text=True, timeout=600)
    out = done.stdout + done.stderr
    assert done.returncode == 1, out
    assert "reports/draft.yaml" in out and "FV702" in out       # the draft is checked and fails
    assert "README.md" not in out and "package.json" not in out  # not handed to the hook at all
    assert "reports/notes.md" not in out                          # handed over, not a report: a quiet skip
    (repo / "reports" / "draft.yaml").unlink()
    git("-c", "user.name=t", "-c", "user.email=t@example.org", "add", "-A")
    done = subprocess.run([sys.executable, "-m", "pre_commit", "run", "--all-files"], cwd=repo, env=env,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
