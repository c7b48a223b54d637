"""The command line behaves as linter users expect: proportionate output, safe defaults, Ruff's conventions.

Each test runs the CLI through its entry point (``main``, what the ``findings-validator`` script calls; a few run the
installed script itself) on files written to a temporary folder.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from findings_validator.cli import main

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "iso9001-surveillance.yaml"
SCRIPT = Path(sys.executable).parent / "findings-validator"

SOUND = {
    "id": "NC-01", "grade": "minor", "clause": "cl. 7.1.5.2(a)",
    "statement": "Measuring equipment used for in-process verification was not calibrated at the interval specified.",
    "evidence": "CNC cell 2, 2025-10-14: micrometers MIC-0231 and MIC-0238 last calibrated 2025-02-11, due "
                "2025-08-11 per register QF-071 rev 6.",
}
OBSOLETE = {**SOUND, "id": "NC-02", "clause": "ISO 9001:2008 4.2.4"}      # two successors: no fix
REPLACED = {**SOUND, "id": "NC-03", "clause": "ISO 9001:2008 8.2.3"}      # one successor: an unsafe fix


def run(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def write(path: Path, data: object) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return path


def findings_list(tmp_path: Path, *findings: dict[str, str], name: str = "list.json") -> Path:
    return write(tmp_path / name, {"audit": {"criteria": ["ISO 9001:2015"]}, "findings": list(findings) or [SOUND]})


# ---- proportionate output ------------------------------------------------------------------------------------
def test_a_findings_list_gets_finding_rules_and_one_note(capsys, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = findings_list(tmp_path)
    code, out, _ = run(capsys, "check", path, "--isolated", "--format", "json")
    data = json.loads(out)
    assert code == 0 and data["files"][0]["diagnostics"] == []
    summary = data["files"][0]["summary"]
    assert summary["profile"] == "findings" and "--profile report" in summary["note"]
    assert summary["readiness"] == "the findings are ready: every nonconformity is valid"
    code, out, _ = run(capsys, "check", path, "--isolated")
    assert out.splitlines()[-1].startswith("info: the report's contents (ISO/IEC 17021-1 9.4.8) were not checked")
    code, out, _ = run(capsys, "check", path, "--isolated", "--profile", "report", "--format", "json")
    rules = {d["rule"] for d in json.loads(out)["files"][0]["diagnostics"]}
    assert code == 1 and {"FV801", "FV811"} <= rules


def test_report_metadata_selects_the_report_profile(capsys) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run(capsys, "check", EXAMPLE, "--isolated", "--format", "json")
    data = json.loads(out)["files"][0]
    assert "profile" not in data["summary"] and "FV804" in {d["rule"] for d in data["diagnostics"]}


def test_profile_from_the_configuration(capsys, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = findings_list(tmp_path)
    write(tmp_path / "findings-validator.toml", 'profile = "report"\n')
    code, out, _ = run(capsys, "check", path, "--format", "json")
    assert code == 1 and "FV801" in out


def test_an_empty_file_reports_only_that(capsys, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = write(tmp_path / "empty.yaml", "")
    code, out, _ = run(capsys, "check", path, "--isolated", "--format", "json")
    data = json.loads(out)
    assert [d["rule"] for d in data["files"][0]["diagnostics"]] == ["FV008"]
    assert code == 0 and data["files"][0]["summary"]["ready"] is False
    code, out, _ = run(capsys, "check", path, "--isolated", "--format", "json", "--profile", "report")
    assert [d["rule"] for d in json.loads(out)["files"][0]["diagnostics"]] == ["FV008"]


def test_without_criteria_one_input_error_and_exit_2(capsys, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = write(tmp_path / "export.json", {"findings": [SOUND, OBSOLETE]})
    code, out, _ = run(capsys, "check", path, "--isolated", "--format", "json")
    data = json.loads(out)
    diagnostics = data["files"][0]["diagnostics"]
    assert code == 2 and [d["rule"] for d in diagnostics] == ["FV002"] and data["findings"] == []
    assert "2 findings were not judged" in diagnostics[0]["message"]
    assert "--criteria" in diagnostics[0]["suggestion"] and "audit.criteria" in diagnostics[0]["suggestion"]
    assert "no clause" not in out
    code, out, _ = run(capsys, "check", path, "--isolated", "--criteria", "ISO 9001:2015", "--format", "json")
    assert code == 1 and {f["id"] for f in json.loads(out)["findings"]} == {"NC-01", "NC-02"}


def test_an_unknown_edition_is_not_a_reason_to_reject_findings(capsys, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = write(tmp_path / "r.json", {"audit": {"criteria": ["ISO 9001:2099"]}, "findings": [SOUND]})
    code, out, _ = run(capsys, "check", path, "--isolated", "--format", "json")
    data = json.loads(out)
    assert code == 2 and [d["rule"] for d in data["files"][0]["diagnostics"]] == ["FV009"]
    assert data["findings"] == [] and data["files"][0]["summary"]["judged"] is False


# ---- safe by default -----------------------------------------------------------------------------------------
def test_fix_diff_and_check_write_nothing(capsys, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = findings_list(tmp_path, SOUND, name="r.json")
    before = path.read_bytes()
    code, out, err = run(capsys, "fix", path, "--diff")
    assert code == 0 and '+' in out and "7.1.5.2 a)" in out and path.read_bytes() == before
    code, _, err = run(capsys, "fix", path, "--check")
    assert code == 1 and "would fix" in err and path.read_bytes() == before
    code, _, err = run(capsys, "fix", path)
    assert code == 0 and json.loads(path.read_text())["findings"][0]["clause"] == "7.1.5.2 a)"
    assert run(capsys, "fix", path, "--check")[0] == 0


def test_fix_keeps_crlf_bom_comments_and_quoting(capsys, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "r.yaml"
    text = ("# draft\r\naudit:\r\n  criteria: ['ISO 9001:2015']  # the standard\r\nfindings:\r\n  - id: NC-01\r\n"
            "    grade: minor\r\n    clause: 'cl. 7.1.5.2(a)'\r\n    statement: \"x\"\r\n")
    path.write_bytes(b"\xef\xbb\xbf" + text.encode())
    assert run(capsys, "fix", path)[0] == 0
    assert path.read_bytes() == b"\xef\xbb\xbf" + text.replace("'cl. 7.1.5.2(a)'", "'7.1.5.2 a)'").encode()


def test_fix_markdown_edits_only_the_citation(capsys, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "draft.md"
    path.write_bytes((ROOT / "examples" / "iso9001-draft.md").read_bytes())
    before = path.read_text(encoding="utf-8").splitlines()
    assert run(capsys, "fix", path)[0] == 0
    after = path.read_text(encoding="utf-8").splitlines()
    changed = [(a, b) for a, b in zip(before, after) if a != b]
    assert len(before) == len(after) and ("## NC-01 · minor · cl. 7.1.5.2 a)", "## NC-01 · minor · 7.1.5.2 a)") in changed
    assert all(a.replace("cl. ", "").replace("clause ", "").replace("§", "").replace("(a)", " a)") == b
               for a, b in changed)


def test_unsafe_fixes_only_when_asked(capsys, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = write(tmp_path / "r.yaml", 'audit: {criteria: ["ISO 9001:2015"]}\nfindings:\n'
                 '  - {id: A, grade: minor, clause: "ISO 9001:2008 8.2.3", statement: "x"}\n')
    before = path.read_text()
    code, _, err = run(capsys, "fix", path)
    assert code == 0 and path.read_text() == before and "1 unsafe fix(es) not applied" in err
    code, _, err = run(capsys, "fix", path, "--unsafe-fixes")
    assert code == 0 and "ISO 9001:2015 9.1.1" in path.read_text()


def test_check_fix_applies_safe_fixes_then_checks(capsys, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = findings_list(tmp_path, SOUND, REPLACED, name="r.json")
    code, out, err = run(capsys, "check", path, "--isolated", "--fix", "--format", "json")
    assert "fixed" in err and json.loads(path.read_text())["findings"][0]["clause"] == "7.1.5.2 a)"
    assert json.loads(path.read_text())["findings"][1]["clause"] == "ISO 9001:2008 8.2.3"   # unsafe: left
    assert "1 unsafe fix(es) not applied" in err
    assert "FV106" in {d["rule"] for f in json.loads(out)["findings"] for d in f["diagnostics"]}
    code, out, err = run(capsys, "check", path, "--isolated", "--fix", "--unsafe-fixes", "--format", "json")
    assert json.loads(path.read_text())["findings"][1]["clause"] == "ISO 9001:2015 9.1.1"
    assert "FV106" not in {d["rule"] for f in json.loads(out)["findings"] for d in f["diagnostics"]}


def test_directory_walk_skips_hidden_venv_ignored_and_excluded(capsys, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / ".git").mkdir()
    write(tmp_path / ".gitignore", "build-out/\n*.tmp.json\n")
    keep = findings_list(tmp_path / "reports", name="a.json")
    findings_list(tmp_path / "reports" / "old", name="b.json")
    for noise in (".venv/lib/x.json", "venv2/x.json", "node_modules/p/package.json", ".hidden/x.json",
                  "reports/.draft.json", "build-out/x.json", "reports/x.tmp.json", "reports/sub/skip.json"):
        findings_list(tmp_path, name=noise)
    write(tmp_path / "venv2" / "pyvenv.cfg", "home = /usr\n")
    write(tmp_path / "reports" / "sub" / ".gitignore", "skip.json\n")
    code, out, _ = run(capsys, "check", tmp_path, "--isolated", "--format", "json", "--extend-exclude", "old/")
    files = [Path(f["file"]) for f in json.loads(out)["files"]]
    assert code == 0 and files == [keep]
    code, out, _ = run(capsys, "check", tmp_path, "--isolated", "--format", "json", "--exclude", "nothing")
    assert len(json.loads(out)["files"]) == 3   # node_modules walked when the default list is replaced


def test_exclude_and_per_file_ignores_from_configuration(capsys, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    findings_list(tmp_path / "reports", OBSOLETE, name="a.json")
    findings_list(tmp_path / "archive", OBSOLETE, name="b.json")
    write(tmp_path / "findings-validator.toml", 'extend-exclude = ["archive/"]\n\n'
                                                '[per-file-ignores]\n"reports/*.json" = ["FV106"]\n')
    code, out, _ = run(capsys, "check", tmp_path, "--format", "json")
    data = json.loads(out)
    assert [Path(f["file"]).name for f in data["files"]] == ["a.json"]
    assert code == 0 and data["findings"][0]["verdict"] == "valid"
    assert "FV106" in data["files"][0]["summary"]["not_run"]


@pytest.mark.parametrize("target", ["missing-folder/out.sarif", "."])
def test_a_bad_output_path_is_one_line_and_exit_2(capsys, tmp_path: Path, target: str) -> None:  # type: ignore[no-untyped-def]
    where = tmp_path / target
    code, out, err = run(capsys, "check", EXAMPLE, "--isolated", "-o", f"sarif={where}")
    assert code == 2 and err.startswith("error: ") and "Traceback" not in err and out == ""


def test_an_internal_error_says_where_to_report_and_exits_2(capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from findings_validator import runner

    def broken(*_: object, **__: object) -> object:
        raise ZeroDivisionError("boom")

    monkeypatch.setattr(runner, "run", broken)
    monkeypatch.delenv("FINDINGS_VALIDATOR_DEBUG", raising=False)
    code, _, err = run(capsys, "check", EXAMPLE, "--isolated")
    assert code == 2 and "internal error: ZeroDivisionError: boom" in err and "please report it at " in err and "FINDINGS_VALIDATOR_DEBUG=1" in err
    assert "Traceback" not in err


def test_the_installed_script_never_shows_a_traceback(tmp_path: Path) -> None:
    done = subprocess.run([str(SCRIPT), "check", str(EXAMPLE), "--isolated", "-o", f"sarif={tmp_path}/no/x.sarif"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 2 and "Traceback" not in done.stderr and len(done.stderr.strip().splitlines()) <= 2


# ---- conventions ---------------------------------------------------------------------------------------------
def test_input_checks_are_rules_like_the_others(capsys, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = write(tmp_path / "r.json", {"audit": {"criteria": ["ISO 9001:2015"]}, "findings": [{**SOUND, "owner": "B"}]})
    code, out, _ = run(capsys, "check", path, "--isolated", "--format", "json")
    assert [d["rule"] for d in json.loads(out)["files"][0]["diagnostics"]] == ["FV006"]
    code, out, _ = run(capsys, "check", path, "--isolated", "--format", "json", "--ignore", "FV006")
    assert json.loads(out)["files"][0]["diagnostics"] == []
    code, out, _ = run(capsys, "check", path, "--isolated", "--format", "json", "--select", "FV0")
    assert [d["rule"] for d in json.loads(out)["files"][0]["diagnostics"]] == ["FV006"]
    write(tmp_path / "findings-validator.toml", '[severity]\nFV006 = "warning"\n')
    code, out, _ = run(capsys, "check", path, "--format", "json")
    assert [d["severity"] for d in json.loads(out)["files"][0]["diagnostics"]] == ["warning"]
    code, out, _ = run(capsys, "rules", "explain", "FV006")
    assert code == 0 and "unknown fields" in out and "columns" in out
    code, out, _ = run(capsys, "rules", "list")
    assert "FV000" in out and "FV012" in out
    rules_md = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert all(f"## FV{n:03d}" in rules_md for n in range(13))


@pytest.mark.parametrize(("selection", "expected"), [
    (["--select", "FV1,FV2"], {"FV106"}),
    (["--select", "FV2", "--extend-select", "FV106"], {"FV106"}),
    (["--select", "ALL", "--ignore", "FV10"], set()),
    (["--select", "FV", "--ignore", "FV106,FV2"], set()),
    (["--select", "fv1"], {"FV106"}),
])
def test_ruff_like_selection(capsys, tmp_path: Path, selection: list[str], expected: set[str]) -> None:  # type: ignore[no-untyped-def]
    path = findings_list(tmp_path, OBSOLETE)
    code, out, _ = run(capsys, "check", path, "--isolated", "--format", "json", *selection)
    assert code == (1 if expected else 0)
    assert {d["rule"] for f in json.loads(out)["findings"] for d in f["diagnostics"]} == expected


def test_a_narrowed_rule_set_is_said_in_the_summary(capsys, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = findings_list(tmp_path)
    code, out, _ = run(capsys, "check", path, "--isolated", "--select", "FV1")
    assert code == 0 and "partial check:" in out and "did not run (FV201, FV202" in out
    assert "ready as far as the rules that ran can tell" in out
    broken = write(tmp_path / "broken.json", '{"audit": {"criteria": ["ISO 9001:2015"]}, "findings": [')
    code, out, _ = run(capsys, "check", broken, "--isolated", "--select", "FV1")
    assert code == 1 and "FV001" in out   # selecting rules does not hide a syntax error
    code, out, _ = run(capsys, "check", path, "--isolated")
    assert "partial check" not in out


def test_a_mistyped_waiver_is_a_configuration_error(capsys, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = findings_list(tmp_path, {**SOUND, "waivers": [{"rule": "FV1066", "reason": "x"}]})
    code, out, _ = run(capsys, "check", path, "--isolated", "--format", "json")
    data = json.loads(out)
    assert code == 2 and data["findings"][0]["verdict"] == "valid"
    assert [d["rule"] for d in data["files"][0]["diagnostics"]] == ["FV012"]


def test_a_per_file_ignore_naming_no_rule_is_a_configuration_error(capsys, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = findings_list(tmp_path)
    write(tmp_path / "findings-validator.toml", '[per-file-ignores]\n"*.json" = ["FV1O6"]\n')
    code, _, err = run(capsys, "check", path)
    assert code == 2 and "no such rule: FV1O6" in err


@pytest.mark.parametrize("where", ["option", "extend-exclude", "per-file-ignores"])
def test_an_invalid_exclude_pattern_is_a_configuration_error_even_when_no_folder_is_walked(  # type: ignore[no-untyped-def]
        capsys, tmp_path: Path, where: str) -> None:
    path = findings_list(tmp_path)
    extra: list[str] = []
    if where == "option":
        extra = ["--isolated", "--exclude", "!"]
    elif where == "extend-exclude":
        write(tmp_path / "findings-validator.toml", 'extend-exclude = ["!"]\n')
    else:
        write(tmp_path / "findings-validator.toml", '[per-file-ignores]\n"!" = ["FV106"]\n')
    code, out, err = run(capsys, "check", path, *extra)
    assert code == 2 and "internal error" not in err
    assert "'!' is not a valid gitignore-style pattern" in err and "backslash" in err


def test_stdin_with_a_file_name(capsys, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    text = json.dumps({"audit": {"criteria": ["ISO 9001:2015"]}, "findings": [OBSOLETE]})
    done = subprocess.run([str(SCRIPT), "check", "-", "--stdin-filename", "drafts/acme.json", "--isolated"],
                          input=text, capture_output=True, text=True, timeout=120)
    assert done.returncode == 1 and "drafts/acme.json" in done.stdout and "FV106" in done.stdout


def test_format_is_a_case_insensitive_choice(capsys) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run(capsys, "check", EXAMPLE, "--isolated", "--format", "JSON")
    assert code == 1 and json.loads(out)["version"] == 1
    code, _, err = run(capsys, "check", EXAMPLE, "--isolated", "--format", "pdf")
    assert code == 2 and "'pdf' is not one of" in err


def test_quiet_and_statistics(capsys, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run(capsys, "check", findings_list(tmp_path), "--isolated", "--quiet")
    assert code == 0 and out == ""
    code, out, _ = run(capsys, "check", EXAMPLE, "--isolated", "--quiet")
    assert code == 1 and "FV702" in out and "ready" not in out and "✓ valid" not in out
    code, out, _ = run(capsys, "check", EXAMPLE, "--isolated", "--statistics")
    rows = [line.split() for line in out.splitlines()]
    assert code == 1 and ["3", "FV702", "error"] == rows[0][:3] or any(r[1] == "FV702" for r in rows)
    counts = [int(r[0]) for r in rows]
    assert counts == sorted(counts, reverse=True)


@pytest.mark.parametrize(("env", "flag", "colour"), [
    ({}, "auto", False), ({"FORCE_COLOR": "1"}, "auto", True), ({"FORCE_COLOR": "1", "NO_COLOR": "1"}, "auto", False),
    ({"NO_COLOR": ""}, "always", True), ({"NO_COLOR": "1"}, "always", True), ({"FORCE_COLOR": "1"}, "never", False),
])
def test_color(capsys, monkeypatch, env: dict[str, str], flag: str, colour: bool) -> None:  # type: ignore[no-untyped-def]
    for name in ("NO_COLOR", "FORCE_COLOR"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    _, out, _ = run(capsys, "check", EXAMPLE, "--isolated", "--color", flag)
    assert ("\x1b[" in out) is colour


def test_long_messages_wrap_to_the_terminal_width(capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("COLUMNS", "72")
    _, out, _ = run(capsys, "check", EXAMPLE, "--isolated", "--profile", "report")
    lines = [line for line in out.splitlines() if line.startswith(" ") or "error" in line]
    assert lines and max(len(line) for line in lines) <= 72
    monkeypatch.delenv("COLUMNS")
    _, out, _ = run(capsys, "check", EXAMPLE, "--isolated")
    assert max(len(line) for line in out.splitlines()) > 72   # not a terminal: one line per message


def test_init_writes_a_starter_configuration(capsys, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    code, _, err = run(capsys, "init", "--criteria", "ISO 9001:2015")
    assert code == 0 and "findings-validator.toml" in err
    code, out, _ = run(capsys, "config")
    assert 'criteria = ["ISO 9001:2015"]' in out and "findings-validator.toml" in out
    assert run(capsys, "init")[0] == 2   # never overwrites
    code, out, _ = run(capsys, "cite", "7.5.3.2 b)", "--format", "json")
    assert code == 0 and json.loads(out)[0]["clauses"] == ["ISO 9001:2015/7.5.3.2"]


def test_cite_without_any_criteria_is_a_usage_error(capsys, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    code, _, err = run(capsys, "cite", "7.5.3.2 b)")
    assert code == 2 and "criteria" in err


def test_column_mapping_for_json_yaml_and_json_lines(capsys, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    record = {"ref": "NC-01", "type": "minor", "clause": SOUND["clause"], "finding": SOUND["statement"],
              "objective_evidence": SOUND["evidence"]}
    as_json = write(tmp_path / "e.json", {"audit": {"criteria": ["ISO 9001:2015"]}, "findings": [record]})
    as_jsonl = write(tmp_path / "e.jsonl", json.dumps({"audit": {"criteria": ["ISO 9001:2015"]}}) + "\n"
                     + json.dumps(record) + "\n")
    as_yaml = write(tmp_path / "e.yaml", json.dumps({"audit": {"criteria": ["ISO 9001:2015"]}, "findings": [record]}))
    code, out, _ = run(capsys, "check", as_json, "--isolated", "--format", "json")
    hint = json.loads(out)["files"][0]["diagnostics"]
    assert any("columns" in (d.get("suggestion") or "") and "--column" in d["suggestion"] for d in hint)
    mapping = ["--column", "ref=id", "--column", "type=grade", "--column", "finding=statement",
               "--column", "objective_evidence=evidence"]
    for path in (as_json, as_jsonl, as_yaml):
        code, out, _ = run(capsys, "check", path, "--isolated", "--format", "json", *mapping)
        data = json.loads(out)
        assert code == 0, path
        assert [(f["id"], f["grade"], f["verdict"]) for f in data["findings"]] == [("NC-01", "minor", "valid")]


def test_batch_fail_on(capsys, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    source = write(tmp_path / "a.jsonl", json.dumps({"audit": {"criteria": ["ISO 9001:2015"]}}) + "\n"
                   + json.dumps({**SOUND, "clause": "ISO 9001:2015 7.1.5.2 a)"}) + "\n")
    assert run(capsys, "batch", source, "--isolated", "-o", tmp_path / "out.jsonl")[0] == 0
    assert run(capsys, "batch", source, "--isolated", "-o", tmp_path / "out.jsonl", "--fail-on", "info")[0] == 0
    bad = write(tmp_path / "b.jsonl", source.read_text() + json.dumps({**OBSOLETE, "id": "X"}) + "\n")
    assert run(capsys, "batch", bad, "--isolated", "-o", tmp_path / "out.jsonl")[0] == 1
    assert run(capsys, "batch", bad, "--isolated", "-o", tmp_path / "out.jsonl", "--fail-on", "never")[0] == 0


def test_jobs_0_uses_one_process_for_a_small_input(tmp_path: Path) -> None:
    from findings_validator.runner import AUTO_PARALLEL_BYTES, workers_for

    small = [findings_list(tmp_path, name=f"{n}.json") for n in range(3)]
    assert workers_for(0, small) == 1 and workers_for(3, small) == 3
    big = write(tmp_path / "big.json", " " * AUTO_PARALLEL_BYTES)
    assert workers_for(0, [*small, big]) == (os.cpu_count() or 1)
    from findings_validator.batch import _auto_workers

    assert _auto_workers(str(small[0])) == 1 and _auto_workers(str(big)) == (os.cpu_count() or 1)


def test_the_bundled_examples_make_no_noise_of_their_own(capsys) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run(capsys, "check", ROOT / "examples", "--isolated", "--format", "json")
    data = json.loads(out)
    names = sorted(Path(f["file"]).name for f in data["files"])
    assert names == sorted(p.name for p in (ROOT / "examples").glob("iso*")) and code == 1   # reviews/ skipped
    assert [d for f in data["files"] for d in f["diagnostics"] if d["rule"] < "FV100"] == []


def test_a_file_that_is_no_report_is_a_quiet_skip(capsys, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    readme = write(tmp_path / "README.md", "# Reports\n\n## Layout\n\nDrafts live here.\n")
    config = write(tmp_path / ".pre-commit-config.yaml", "repos:\n  - repo: local\n    hooks: []\n")
    code, out, err = run(capsys, "check", readme, config, findings_list(tmp_path), "--isolated")
    assert code == 0 and "FV0" not in out and err == ""
    code, out, err = run(capsys, "check", readme, "--isolated")   # nothing checked at all: it says why
    assert code == 0 and f"{readme}: skipped: not a report" in err
    code, out, err = run(capsys, "check", write(tmp_path / "export.csv", "a,b\n1,2\n"), "--isolated")
    assert code == 1 and "no column gives the grade" in out   # a table is an export: never skipped
    code, out, err = run(capsys, "check", readme, config, "--isolated", "--verbose")
    assert code == 0 and f"{readme}: skipped: not a report" in err and f"{config}: skipped" in err
    broken = write(tmp_path / "draft.yaml", "findings: [\n")
    assert run(capsys, "check", broken, "--isolated")[0] == 1   # a damaged report is not skipped
    misgraded = write(tmp_path / "list.yaml", json.dumps([{**SOUND, "grade": "Minor Non-Conformance"}]))
    code, out, _ = run(capsys, "check", misgraded, "--isolated")
    assert code == 1 and "FV005" in out                          # nor are findings with misspelt grades


def test_batch_selects_input_checks_like_check(capsys, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    source = write(tmp_path / "a.jsonl", json.dumps({"audit": {"criteria": ["ISO 9001:2015"]}}) + "\n"
                   + json.dumps({**SOUND, "clause": "ISO 9001:2015 7.1.5.2 a)", "owner": "B"}) + "\nnot json\n")
    out = tmp_path / "out.jsonl"
    assert run(capsys, "batch", source, "--isolated", "-o", out)[0] == 1
    problems = [json.loads(line)["problem"]["rule"] for line in out.read_text().splitlines() if "problem" in line]
    assert sorted(problems) == ["FV001", "FV006"]
    assert run(capsys, "batch", source, "--isolated", "-o", out, "--ignore", "FV001,FV006")[0] == 0
    assert "problem" not in out.read_text()


def test_fix_keeps_a_legacy_encoding(capsys, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "r.json"
    text = ('{"audit": {"criteria": ["ISO 9001:2015"], "client": "Caf\u00e9 Ltd"},\r\n "findings": [{"id": "A", '
            '"grade": "minor", "clause": "cl. 7.1.5.2(a)", "statement": "\u00e9t\u00e9"}]}\r\n')
    path.write_bytes(text.encode("cp1252"))
    assert run(capsys, "fix", path)[0] == 0
    assert path.read_bytes() == text.replace("cl. 7.1.5.2(a)", "7.1.5.2 a)").encode("cp1252")


def test_shell_completion_lists_the_formats() -> None:
    env = {**os.environ, "_FINDINGS_VALIDATOR_COMPLETE": "bash_complete",
           "COMP_WORDS": "findings-validator check report.yaml --format ", "COMP_CWORD": "4"}
    done = subprocess.run([str(SCRIPT)], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0
    assert [line.split(",")[1] for line in done.stdout.splitlines()] == ["text", "json", "sarif", "junit", "github",
                                                                         "html", "oscal", "oscal-yaml"]


def test_checking_named_files_does_not_compile_the_exclusions(tmp_path: Path) -> None:
    """The exclude patterns apply to directory walks only: a check of named files never imports pathspec."""
    import subprocess
    import sys

    report = Path(__file__).resolve().parent / "data" / "clean-report.yaml"
    code = ("import sys; from findings_validator.cli import main; code = main(['check', sys.argv[1], '--isolated']); "
            "sys.stderr.write(repr(sorted(m for m in sys.modules if m.startswith('pathspec')))); sys.exit(code)")
    done = subprocess.run([sys.executable, "-c", code, str(report)], capture_output=True, text=True, timeout=120,
                          cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stderr.strip().endswith("[]"), done.stderr
