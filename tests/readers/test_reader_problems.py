"""Bad input: each problem is a diagnostic with a position and a hint while the rest is read; or an InputError."""

from __future__ import annotations

from pathlib import Path

import pytest

from findings_validator.errors import InputError
from findings_validator.models import Diagnostic
from findings_validator.readers import iter_findings, read_report, source

AUDIT = "audit:\n  criteria: ['ISO 9001:2015']\nfindings:\n"
NC1 = "  - id: NC-01\n    grade: minor\n    clause: '8.5.1'\n    statement: Fine.\n"
NC2 = "  - id: NC-02\n    grade: minor\n    clause: '8.5.2'\n    statement: Also fine.\n"


def rules(problems: tuple[Diagnostic, ...]) -> list[tuple[str, int, int]]:
    return [(p.rule, p.line, p.column) for p in problems]


def test_yaml_syntax_error_loses_only_its_finding() -> None:
    broken = "  - id: NC-02\n    grade: minor\n    statement: Note: colon here\n"
    result = read_report(AUDIT + NC1 + broken + NC2.replace("NC-02", "NC-03"), format="yaml")
    assert [f.id for f in result.report.findings] == ["NC-01", "NC-03"]
    assert rules(result.problems) == [("FV001", 10, 20)]
    assert "quoted" in (result.problems[0].suggestion or "")


def test_json_syntax_error_loses_only_its_finding() -> None:
    text = ('{"audit": {"criteria": ["ISO 9001:2015"]}, "findings": [\n'
            '  {"id": "NC-01", "grade": "minor", "statement": "a"},\n'
            '  {"id": "NC-02", "grade": "minor" "statement": "b"},\n'
            '  {"id": "NC-03", "grade": "minor", "statement": "c"}\n]}')
    result = read_report(text, format="json")
    assert [f.id for f in result.report.findings] == ["NC-01", "NC-03"]
    assert rules(result.problems) == [("FV001", 3, 36)]
    assert result.problems[0].message.endswith("; the finding at line 3 is skipped")


def test_json_syntax_error_names_the_lines_of_the_finding_it_loses() -> None:
    import json

    items = [json.dumps({"id": f"NC-0{n}", "grade": "minor", "statement": "s"}, indent=2) for n in (1, 2, 3, 4)]
    items[1] = items[1].replace('"grade": "minor"', '"grade" "minor"')
    items[3] = items[3].replace('"grade": "minor"', '"grade" "minor"')
    text = '{"audit": {"criteria": ["ISO 9001:2015"]}, "findings": [\n' + ",\n".join(items) + "\n]}"
    result = read_report(text, format="json")
    assert [f.id for f in result.report.findings] == ["NC-01", "NC-03"]
    assert [(p.line, p.message.split("; ")[1]) for p in result.problems] == [
        (9, "the finding at lines 7-11 is skipped"), (19, "the rest of the list, from line 17, is skipped")]


def test_json_comma_left_out_between_two_findings_loses_neither() -> None:
    text = ('{"audit": {"criteria": ["ISO 9001:2015"]}, "findings": [\n'
            '  {"id": "NC-01", "grade": "minor", "statement": "a"}\n'
            '  {"id": "NC-02", "grade": "minor", "statement": "b"},\n'
            '  {"id": "NC-03", "grade": "minor", "statement": "c"}\n]}')
    result = read_report(text, format="json")
    assert [f.id for f in result.report.findings] == ["NC-01", "NC-02", "NC-03"]
    assert rules(result.problems) == [("FV001", 3, 3)] and "comma is missing" in result.problems[0].message


@pytest.mark.parametrize(("garbage", "line", "skipped"), [
    ("  garbage here\n", 3, "what is not a finding at line 3 is skipped"),          # no comma around it
    ("  garbage here,\n", 3, "what is not a finding at line 3 is skipped"),         # a comma after it
    ("  <<<<<<< ours\n  =======\n  >>>>>>> theirs\n", 3, "what is not a finding at lines 3-5 is skipped"),
    ("  12 13\n", 3, "what is not a finding at line 3 is skipped"),
    ("  }}\n", 3, "what is not a finding at line 3 is skipped"),                   # a stray closing brace
])
def test_json_garbage_between_two_findings_loses_neither(garbage: str, line: int, skipped: str) -> None:
    text = ('{"audit": {"criteria": ["ISO 9001:2015"]}, "findings": [\n'
            '  {"id": "NC-01", "grade": "minor", "statement": "a"}' + ("\n" if "," in garbage else ",\n") + garbage +
            '  {"id": "NC-02", "grade": "minor", "statement": "b"},\n'
            '  {"id": "NC-03", "grade": "minor", "statement": "c"}\n]}')
    result = read_report(text, format="json")
    assert [f.id for f in result.report.findings] == ["NC-01", "NC-02", "NC-03"]
    syntax = [p for p in result.problems if p.rule == "FV001"]
    assert len(syntax) == 1 and syntax[0].line == line and syntax[0].message.endswith(skipped)


def test_json_garbage_after_a_finding_on_its_line_loses_nothing_else() -> None:
    text = ('{"audit": {"criteria": ["ISO 9001:2015"]}, "findings": [\n'
            '  {"id": "NC-01", "grade": "minor", "statement": "a"} xx yy\n'
            '  {"id": "NC-02", "grade": "minor", "statement": "b"},\n'
            '  {"id": "NC-03", "grade": "minor", "statement": "c"}\n]}')
    result = read_report(text, format="json")
    assert [f.id for f in result.report.findings] == ["NC-01", "NC-02", "NC-03"]
    assert rules(result.problems) == [("FV001", 2, 55)]
    assert result.problems[0].message.endswith("what is not a finding at line 2 is skipped")


def test_jsonl_bad_line_is_skipped() -> None:
    text = ('{"audit": {"criteria": ["ISO 9001:2015"]}}\n{"id": "NC-01", "grade": "minor", "statement": "a"}\n'
            '{"id": "NC-02", "grade": \n\n{"id": "NC-03", "grade": "minor", "statement": "c"}\n')
    result = read_report(text.encode(), format="jsonl")
    assert [f.id for f in result.report.findings] == ["NC-01", "NC-03"]
    assert rules(result.problems) == [("FV001", 3, 26)]


def test_missing_id_statement_and_grade() -> None:
    text = AUDIT + NC1 + "  - grade: minor\n    statement: No id.\n  - id: NC-03\n    grade: minor\n" \
        "  - id: NC-04\n    statement: No grade.\n"
    result = read_report(text, format="yaml")
    assert [(f.id, f.statement) for f in result.report.findings] == [("NC-01", "Fine."), ("#2", "No id."),
                                                                      ("NC-03", "")]
    assert rules(result.problems) == [("FV002", 8, 5), ("FV002", 10, 5), ("FV002", 12, 5)]
    assert [p.finding for p in result.problems] == ["#2", "NC-03", "NC-04"]


def test_duplicate_ids_are_kept_and_reported() -> None:
    result = read_report(AUDIT + NC1 + NC1, format="yaml")
    assert [f.id for f in result.report.findings] == ["NC-01", "NC-01"]
    assert rules(result.problems) == [("FV003", 8, 5)]
    assert "first at line 4" in result.problems[0].message


def test_wrong_types_drop_the_field() -> None:
    text = AUDIT + "  - id: NC-01\n    grade: minor\n    statement: [a, b]\n    evidence: {x: 1}\n" \
        "    requirement: 5\n  - just text\n"
    result = read_report(text, format="yaml")
    (finding,) = result.report.findings
    assert (finding.statement, finding.evidence, finding.requirement) == ("", (), "5")
    assert rules(result.problems) == [("FV004", 6, 5), ("FV004", 7, 5), ("FV004", 9, 5)]


def test_unknown_grade_names_the_accepted_ones() -> None:
    result = read_report(AUDIT + NC1.replace("minor", "critical") + NC2, format="yaml")
    assert [f.id for f in result.report.findings] == ["NC-02"]
    (problem,) = result.problems
    assert (problem.rule, problem.line, problem.finding) == ("FV005", 5, "NC-01")
    assert "'critical'" in problem.message and "observation" in (problem.suggestion or "")


def test_unknown_fields_once_per_report_and_strict() -> None:
    text = AUDIT.replace("criteria", "standard: x\n  criteria") + NC1 + "    owner: A\n" + NC2 + "    owner: B\n"
    (info,) = read_report(text, format="yaml").problems
    assert (info.rule, info.severity.value, info.message) == ("FV006", "info", "unknown fields: audit.standard, "
                                                              "owner (2x)")
    assert read_report(text, format="yaml").report.findings[1].extra_fields == {"owner": "B"}
    (error,) = read_report(text, format="yaml", strict=True).problems
    assert error.severity.value == "error"


def test_encoding_fallbacks() -> None:
    cp1252 = (AUDIT + NC1.replace("Fine.", "Caf\u00e9 \u2013 ok")).encode("cp1252")
    result = read_report(cp1252, format="yaml")
    assert result.report.findings[0].statement == "Caf\u00e9 \u2013 ok"
    assert rules(result.problems) == [("FV007", 7, 19)] and "cp1252" in result.problems[0].message
    latin1 = read_report(b"# audit: {criteria: [x]}\nid,grade,statement\nNC-\x81,minor,s\n", format="csv")
    assert "latin-1" in latin1.problems[0].message and latin1.report.findings[0].id == "NC-\x81"
    bom = read_report(b"\xef\xbb\xbf" + (AUDIT + NC1).encode(), format="yaml")
    assert bom.problems == ()


def test_empty_report_and_empty_file() -> None:
    assert rules(read_report(AUDIT, format="yaml").problems) == [("FV008", 0, 0)]
    for text in ("", " \n"):
        (problem,) = read_report(text, format="json").problems
        assert (problem.rule, problem.severity.value) == ("FV008", "warning")


def test_missing_audit() -> None:
    problems = read_report("findings:\n" + NC1, format="yaml").problems
    assert rules(problems) == [("FV002", 0, 0)] and "audit=" in (problems[0].suggestion or "")


@pytest.mark.parametrize(("name", "data"), [("report.yaml", b"\x00\x01binary\x00"),
                                            ("report.xlsx", b"PK\x03\x04garbage"), ("report", b"PK\x03\x04")])
def test_binary_and_broken_files_raise(name: str, data: bytes, tmp_path: Path) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(InputError) as caught:
        read_report(path)
    assert caught.value.hint


def test_unreadable_or_undetectable() -> None:
    with pytest.raises(InputError, match="cannot read"):
        read_report(Path("/nonexistent/report.yaml"))
    with pytest.raises(InputError, match="cannot tell the format"):
        read_report("just some words\nand more words")
    with pytest.raises(InputError, match="unknown format"):
        read_report("x: 1\n", format="toml")


def test_too_large_for_a_document(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(source, "MAX_DOCUMENT_BYTES", 100)
    monkeypatch.setattr(source.Origin.read, "__defaults__", (100,))
    path = tmp_path / "big.json"
    path.write_text(" " * 200)
    with pytest.raises(InputError) as caught:
        read_report(path)
    assert "JSON Lines" in (caught.value.hint or "")
    jsonl = tmp_path / "big.jsonl"
    jsonl.write_text('{"audit": {"criteria": ["x"]}}\n' + '{"id": "N", "grade": "ofi", "statement": "s"}\n' * 9)
    assert len(read_report(jsonl).report.findings) == 9


def test_yaml_refuses_object_tags() -> None:  # alias bombs and deep nesting: tests/test_yaml_bounds.py
    result = read_report(AUDIT + NC1 + "    process: !!python/object/apply:os.system ['echo hi']\n", format="yaml")
    assert result.report.findings[0].process is None
    assert rules(result.problems) == [("FV004", 8, 14)]


def test_json_refuses_deep_nesting() -> None:
    with pytest.raises(InputError, match="nested deeper than 64"):
        read_report('{"audit": ' + "[" * 10_000, format="json")


def test_yaml_keeps_clause_numbers_as_written() -> None:
    finding = read_report(AUDIT + NC1.replace("'8.5.1'", "7.10"), format="yaml").report.findings[0]
    assert finding.clause == ("7.10",)


def test_csv_without_grade_column() -> None:
    (problem,) = read_report("Ref,Text\nN1,x\n", format="csv", audit={"criteria": ["x"]}).problems
    assert problem.rule == "FV002" and "columns=" in (problem.suggestion or "")


def test_jsonl_stream_problems_in_order(tmp_path: Path) -> None:
    path = tmp_path / "r.jsonl"
    path.write_bytes(b'{"id": "N1", "grade": "minor", "statement": "caf\xe9"}\nnot json\n')
    audit, items = iter_findings(path, audit={"criteria": ["ISO 9001:2015"]})
    assert [getattr(item, "rule", getattr(item, "id", None)) for item in items] == ["FV007", "N1", "FV001"]


def test_csv_bad_quote_is_reported_with_its_row() -> None:
    """A quote left open would take the rest of the file into one cell: it is FV001 at the row where it opens,
    and the rows around it are read."""
    text = 'id,grade,statement\nN1,minor,first\nN2,minor,"open\nN3,minor,third\n'
    result = read_report(text.encode(), format="csv", audit={"criteria": ["ISO 9001:2015"]})
    assert [f.id for f in result.report.findings] == ["N1", "N3"]
    assert [(p.rule, p.line) for p in result.problems if p.rule == "FV001"] == [("FV001", 3)]
