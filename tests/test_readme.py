"""The README's two commands: CI runs its test command verbatim, and its run command does what the README says."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

from findings_validator.cli import main

ROOT = Path(__file__).resolve().parent.parent


def _commands() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Two commands", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.+?)\n```", section)


def test_ci_runs_the_readme_test_command() -> None:
    run, test = _commands()
    assert test == "pip install '.[test]' && python -m pytest"
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert test in ci.splitlines()   # the very line, not a variant of it


def test_the_readme_run_command_checks_the_bundled_example(capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    run, _ = _commands()
    install, check = (part.strip() for part in run.split("&&"))
    assert install == "pip install ."
    argv = shlex.split(check)
    assert argv[0] == "findings-validator" and (ROOT / argv[2]).is_file()
    monkeypatch.chdir(ROOT)
    assert main([*argv[1:], "--isolated"]) == 1   # "exit code 1: it has findings to fix", as the README says
    assert "NC-01" in capsys.readouterr().out


def test_the_quick_start_checks_a_findings_list_first(capsys, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert readme.index("## Quick start") < readme.index("## Use")
    section = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    report = re.search(r"```yaml\n(.+?)```", section, re.S).group(1)
    (tmp_path / "findings.yaml").write_text(report, encoding="utf-8")
    check, fix = (shlex.split(line.split("#")[0]) for line in re.search(r"```sh\n(.+?)\n```", section, re.S)
                  .group(1).splitlines())
    monkeypatch.chdir(tmp_path)
    assert main([*check[1:], "--isolated"]) == 1     # "NC-02 cites a superseded edition: exit 1"
    out = capsys.readouterr().out
    assert "NC-02" in out and "FV106" in out and "info: the report's contents (ISO/IEC 17021-1 9.4.8) were not checked" in out
    assert "FV8" not in out                            # a findings list: no report-content rules
    before = (tmp_path / "findings.yaml").read_bytes()
    assert main(fix[1:]) == 0 and "7.1.5.2 a)" in capsys.readouterr().out
    assert (tmp_path / "findings.yaml").read_bytes() == before   # --diff writes nothing
