"""The atheris targets in the suite: every crasher kept under ``crashers/`` is replayed (no atheris needed), and
when atheris is installed (``pip install 'findings-validator[fuzz]'``) one target runs coverage-guided for a few
seconds, in a subprocess that must end on its own within its time limit."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from fuzz_targets import TARGETS, crashers

HERE = Path(__file__).resolve().parent
REPLAYS = crashers()


PENDING: dict[str, str] = {}  # crashers whose fix has not landed: xfail, strict (a fix must lift it)


def _replay(target: str, path: Path) -> object:
    key = f"{target}/{path.name}"
    marks = [pytest.mark.xfail(strict=True, reason=PENDING[key])] if key in PENDING else []
    return pytest.param(target, path, id=key, marks=marks)


@pytest.mark.parametrize(("target", "path"), [_replay(t, p) for t, p in REPLAYS])
def test_a_kept_crasher_no_longer_crashes_its_target(target: str, path: Path) -> None:
    TARGETS[target](path.read_bytes())


def test_every_target_takes_an_input_of_its_kind() -> None:
    examples = HERE.parents[1] / "examples"
    seeds = {"yaml": examples / "iso9001-surveillance.yaml", "markdown": examples / "iso9001-draft.md",
             "rules": HERE.parents[1] / "findings_validator" / "rulesets" / "40-grading.rules"}
    for name, target in TARGETS.items():
        target(seeds[name].read_bytes() if name in seeds else b'{"audit": {"criteria": ["ISO 9001:2015"]}}\n')


def test_atheris_runs_a_target_for_a_bounded_time(tmp_path: Path) -> None:
    pytest.importorskip("atheris", reason="atheris is not installed (pip install 'findings-validator[fuzz]')")
    done = subprocess.run([sys.executable, str(HERE / "run_atheris.py"), "citation", "2"], capture_output=True,
                          text=True, timeout=240, env={**os.environ, "PYTHONPATH": str(HERE)}, cwd=tmp_path)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "Done " in done.stderr and "stat::number_of_executed_units" in done.stderr
