"""The command line, run in-process: exact exit codes and the outputs people and CI rely on."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from findings_validator.cli import main

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = str(ROOT / "examples" / "iso9001-surveillance.yaml")
CLEAN = str(Path(__file__).resolve().parent / "data" / "clean-report.yaml")


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_check_json_contract(capsys) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run(capsys, "check", EXAMPLE, "--format", "json", "--isolated")
    assert code == 1
    data = json.loads(out)
    assert data["version"] == 1
    by_id = {f["id"]: f for f in data["findings"]}
    assert by_id["NC-06"]["verdict"] == "invalid"
    assert by_id["NC-06"]["diagnostics"][0]["rule"] == "FV106"
    assert {"rule", "severity", "message", "suggestion"} <= set(by_id["NC-06"]["diagnostics"][0])
    assert by_id["NC-04"]["citations"][0]["clauses"] == ["ISO 9001:2015/7.5.3.2"]


def test_clean_report_exits_zero_and_text_has_a_summary(capsys) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run(capsys, "check", CLEAN, "--isolated")
    assert code == 0
    assert "ready for the certification decision" in out
    assert "\x1b[" not in out  # never colour when not a terminal


@pytest.mark.parametrize(("fail_on", "expected"), [("error", 1), ("never", 0)])
def test_fail_on(capsys, fail_on, expected) -> None:  # type: ignore[no-untyped-def]
    assert run(capsys, "check", EXAMPLE, "--fail-on", fail_on, "--isolated")[0] == expected


def test_several_formats_in_one_run(capsys, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    sarif, junit = tmp_path / "r.sarif", tmp_path / "r.xml"
    code, out, _ = run(capsys, "check", EXAMPLE, "--format", "github", "-o", f"sarif={sarif}", "-o", f"junit={junit}",
                       "--isolated")
    assert code == 1
    assert out.startswith("::")
    assert json.loads(sarif.read_text())["version"] == "2.1.0"
    assert junit.read_text().startswith("<?xml")


def test_usage_errors_exit_2(capsys, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert run(capsys, "check", EXAMPLE, "--format", "pdf", "--isolated")[0] == 2
    assert run(capsys, "check", str(tmp_path / "missing.yaml"), "--isolated")[0] == 2
    code, _, err = run(capsys, "check", EXAMPLE, "--select", "FV10O", "--isolated")
    assert code == 2 and "no such rule: FV10O" in err and "did you mean" in err
    bad = tmp_path / "bad.rules"
    bad.write_text('rule XX001 x "t"\n  when statment is empty\n  reject "m"\n')
    code, _, err = run(capsys, "check", EXAMPLE, "--rules", str(bad), "--isolated")
    assert code == 2 and f"{bad}:2:8: unknown name 'statment'" in err


def test_unreadable_file_is_an_input_error_but_others_are_checked(capsys, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    binary = tmp_path / "blob.yaml"
    binary.write_bytes(b"\x00\x01\x02binary")
    code, out, _ = run(capsys, "check", str(binary), CLEAN, "--format", "json", "--isolated")
    assert code == 2
    data = json.loads(out)
    assert [f["id"] for f in data["findings"]] == ["NC-01"]


def test_directories_and_globs_keep_input_order(capsys, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run(capsys, "check", str(ROOT / "examples" / "iso*.yaml"), "--format", "json", "--isolated",
                       "--jobs", "2")
    files = [f["file"] for f in json.loads(out)["files"]]
    assert files == sorted(files) and len(files) == 5


def test_cite(capsys) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run(capsys, "cite", "--criteria", "ISO 9001:2015", "--exclude", "8.3", "7.5.3.2 b)", "8.3.4",
                       "4.2.3", "--format", "json")
    assert code == 1  # not every citation resolves to an exact requirement
    rows = json.loads(out)
    assert [r["status"] for r in rows] == ["exact", "excluded", "obsolete_edition"]
    assert rows[0]["clauses"] == ["ISO 9001:2015/7.5.3.2"] and rows[0]["items"] == ["b"]
    assert rows[2]["suggestions"] == ["ISO 9001:2015 7.5.2", "ISO 9001:2015 7.5.3"]


def test_cite_reports_every_citation_and_exits_0_only_when_all_resolve(capsys) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run(capsys, "cite", "--criteria", "ISO 9001:2015", "8.5.1 c) WI 12.3", "no such thing",
                       "COSHH 2002 reg 7", "ISO 9004 7.1", "--format", "json")
    assert code == 1
    rows = json.loads(out)
    assert [r["status"] for r in rows] == ["exact", "client_document", "unreadable", "legal_reference",
                                           "not_a_requirement"]
    assert rows[3]["suggestions"] == ["ISO 9001:2015 8.2.2", "ISO 9001:2015 8.5.1"]
    code, out, _ = run(capsys, "cite", "--criteria", "ISO 9001:2015", "8.5.1 c)", "Clause Ref: 7.2")
    assert code == 0 and out.count(": exact") == 2
    code, out, _ = run(capsys, "cite", "--criteria", "ISO 9001:2015", "8.5.1 c)", "9.9.9")
    assert code == 1 and "unknown_clause" in out


def test_catalog_commands(capsys) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run(capsys, "catalog", "list")
    assert code == 0 and "ISO/IEC 27001:2022" in out and "OHSAS 18001:2007" in out
    code, out, _ = run(capsys, "catalog", "list", "ISO 9001:2015", "--format", "json")
    clauses = {c["id"]: c for c in json.loads(out)}
    assert clauses["8.5.1"]["requirement"] is True and clauses["8.5.1"]["items"][:2] == ["a", "b"]
    assert clauses["8.5"]["requirement"] is False
    code, out, _ = run(capsys, "catalog", "show", "ISO/IEC 27001:2022", "A.8.15", "--format", "json")
    shown = json.loads(out)
    assert shown["title"] == "Logging" and shown["parent"] == "ISO/IEC 27001:2022/A.8"
    assert "ISO/IEC 27001:2013/A.12.4.1" in shown["predecessors"]


def test_rules_commands(capsys) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run(capsys, "rules", "list", "--format", "json")
    rows = json.loads(out)
    assert code == 0 and {"id", "title", "source", "severity", "file", "examples"} <= set(rows[0])
    code, out, _ = run(capsys, "rules", "test")
    assert code == 0 and out.strip().splitlines()[-1].endswith(" passed, 0 failed")
    code, out, _ = run(capsys, "rules", "explain", "FV101")
    assert code == 0 and "ISO/IEC 17021-1:2015 9.4.5.3" in out and "example (fails)" in out


def test_rules_test_reports_a_failing_example(capsys, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    rules = tmp_path / "mine.rules"
    rules.write_text('rule XX001 short "short statement"\n  source "ISO/IEC 17021-1:2015 9.4.5.3"\n'
                     '  when statement.words < 3\n  reject "too short"\n'
                     'example XX001 fails { grade: minor, clause: "7.2", statement: "four words are here", evidence: "x" }\n')
    code, out, _ = run(capsys, "rules", "test", str(rules))
    assert code == 1
    assert "XX001 should fire, but it did not" in out and "saw statement.words = 4" in out
    assert out.strip().splitlines()[-1] == "0 passed, 1 failed"


def test_schema_and_config(capsys, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run(capsys, "schema")
    assert code == 0 and "Finding" in json.loads(out)["$defs"]
    (tmp_path / "findings-validator.toml").write_text('fail_on = "warning"\nignore = ["FV112"]\n')
    code, out, _ = run(capsys, "config", str(tmp_path))
    assert code == 0
    assert f'fail_on = "warning"  # {tmp_path / "findings-validator.toml"}' in out
    assert "ofi_allowed = true  # default" in out


def test_check_builds_its_checker_with_the_gc_paused_and_enables_it_after(capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import gc

    import findings_validator.engine as engine

    paused: list[bool] = []
    real = engine.build_checker

    def build(**options):  # type: ignore[no-untyped-def]
        paused.append(not gc.isenabled())
        return real(**options)

    monkeypatch.setattr(engine, "build_checker", build)
    code, out, _ = run(capsys, "check", CLEAN, "--isolated")
    assert paused == [True]
    assert gc.isenabled()
    assert code == 0 and "clean-report.yaml" in out
