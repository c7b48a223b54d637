"""The atheris targets in the suite: every crasher kept under ``crashers/`` is replayed and every target is fed its
seeds (no atheris needed), and when atheris is installed (``pip install 'findings-validator[fuzz]'``) one target
runs coverage-guided for a few seconds, in a subprocess that must end on its own within its time limit."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from fuzz_targets import TARGETS, crashers, seeds

from findings_validator.readers import read_report

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


@pytest.mark.parametrize("name", list(TARGETS))
def test_every_target_takes_its_seeds(name: str) -> None:
    for seed in seeds(name):
        TARGETS[name](seed)


@pytest.mark.parametrize("name", ["docx", "pdf"])
def test_the_document_seeds_are_read_whole(name: str) -> None:
    """The Word and PDF seeds are documents the readers understand (each layout), so fuzzing starts from inputs
    that reach the findings, not from files refused at the first byte."""
    expected = [f.id for f in read_report(HERE.parents[1] / "examples" / "iso9001-surveillance.yaml").report.findings]
    for seed in seeds(name):
        assert [f.id for f in read_report(seed, format=name).report.findings] == expected


def test_atheris_runs_a_target_for_a_bounded_time(tmp_path: Path) -> None:
    pytest.importorskip("atheris", reason="atheris is not installed (pip install 'findings-validator[fuzz]')")
    done = subprocess.run([sys.executable, str(HERE / "run_atheris.py"), "citation", "2"], capture_output=True,
                          text=True, timeout=240, env={**os.environ, "PYTHONPATH": str(HERE)}, cwd=tmp_path)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "Done " in done.stderr and "stat::number_of_executed_units" in done.stderr
