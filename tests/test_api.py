"""The Python API: typed (``py.typed``, ``mypy --strict`` on a program using it), ``check`` takes every kind of
source and typed options, results serialise to the documented JSON, and reading leaves the caller's GC alone."""

from __future__ import annotations

import gc
import json
import subprocess
import sys
from pathlib import Path

import pytest

from findings_validator import Report, ReportResult, check, read_report
from findings_validator.errors import ConfigError, InputError
from findings_validator.writers import render

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "iso9001-surveillance.yaml"


def test_the_package_is_typed() -> None:
    assert (ROOT / "findings_validator" / "py.typed").is_file()


def test_mypy_strict_accepts_a_program_using_the_public_api(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "mypy", "--strict", "--follow-imports=silent", "--no-incremental",
                           "--cache-dir", str(tmp_path), str(ROOT / "tests" / "typing" / "api_usage.py")],
                          capture_output=True, text=True, cwd=ROOT, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr


def test_mypy_rejects_a_mistyped_option(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text('from findings_validator import check\ncheck("r.yaml", profile="everything", jobs=2)\n')
    done = subprocess.run([sys.executable, "-m", "mypy", "--strict", "--follow-imports=silent", "--no-incremental",
                           "--cache-dir", str(tmp_path / "cache"), str(bad)], capture_output=True, text=True,
                          cwd=ROOT, timeout=600)
    assert done.returncode == 1 and '"profile"' in done.stdout and '"jobs"' in done.stdout


def test_check_takes_a_path_text_a_mapping_or_a_report() -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    by_path = check(EXAMPLE)
    by_text = check(text, format="yaml")
    by_mapping = check(__import__("yaml").safe_load(text))
    by_report = check(read_report(EXAMPLE).report)
    verdicts = [[f.verdict for f in r.findings] for r in (by_path, by_text, by_mapping, by_report)]
    assert verdicts[0] and all(v == verdicts[0] for v in verdicts)


def test_check_options_are_typed_keywords() -> None:
    export = {"findings": [{"id": "A", "grade": "minor", "clause": "ISO 9001:2008 8.2.3", "statement": "s " * 8,
                            "evidence": "Register QF-071 rev 6, entry 2025-02-11."}]}
    assert check(export).summary["judged"] is False
    result = check(export, criteria=["ISO 9001:2015"], select=["FV106"])
    assert [d.rule for d in result.findings[0].diagnostics] == ["FV106"]
    assert check(export, criteria=["ISO 9001:2015"], ignore=["FV1", "FV2", "FV3"]).findings[0].diagnostics == ()
    with pytest.raises(ConfigError):
        check(export, criteria=["ISO 9001:2015"], select=["FV9999"])
    with pytest.raises(TypeError):
        check(export, jobs=2)  # type: ignore[call-arg]


def test_results_serialise_to_the_documented_json() -> None:
    result: ReportResult = check(EXAMPLE)
    data = json.loads(json.dumps(result.to_dict()))
    document = json.loads(render("json", [result], []))
    assert data["findings"] == document["findings"]
    entry = document["files"][0]
    assert data["diagnostics"] == entry["diagnostics"] and data["file"] == entry["file"]
    assert {k: v for k, v in entry["summary"].items() if k != "by_severity"} == data["summary"]
    assert result.ready is data["summary"]["ready"]


@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_a_reader_error_leaves_the_garbage_collector_on(fmt: str, tmp_path: Path) -> None:
    assert gc.isenabled()
    with pytest.raises(InputError):
        read_report(tmp_path / f"missing.{fmt}")
    assert gc.isenabled()
    read_report(b'{"audit": {"criteria": ["ISO 9001:2015"]}, "findings": [', format=fmt)   # syntax error: reported
    assert gc.isenabled()
    assert isinstance(read_report(EXAMPLE).report, Report) and gc.isenabled()
