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
