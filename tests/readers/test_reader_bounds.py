"""Hostile and damaged input: each case once took the run down (a traceback, a hang, gigabytes of memory) or lost
the good findings around the damage. Each test reproduces the original input and asserts what survives."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from findings_validator.errors import ConfigError, InputError
from findings_validator.readers import csv_reader, json_reader, jsonl_reader, read_report, source, xlsx_reader
from findings_validator.readers import fields, labels, yaml_reader
from findings_validator import fix

AUDIT = {"criteria": ["ISO 9001:2015"]}
CLAUSE = "ISO 9001:2015 7.1.5.2 a)"


def finding(number: int, **extra: object) -> dict[str, object]:
    return {"id": f"NC-{number}", "grade": "minor", "clause": CLAUSE,
            "statement": "Torque wrenches were not calibrated at the specified intervals.", **extra}


def ids(result: object) -> list[str]:
    return [f.id for f in result.report.findings]  # type: ignore[attr-defined]


def json_report(*items: str) -> bytes:
    return ('{"audit": {"criteria": ["ISO 9001:2015"]}, "findings": [' + ", ".join(items) + "]}").encode()


AUDIT_YAML = 'audit:\n  criteria: ["ISO 9001:2015"]\nfindings:\n'


def jsonl_report(*lines: str, sep: str = "\n") -> str:
    return sep.join([json.dumps({"audit": AUDIT}), *lines]) + sep


# --- numbers and surrogates -------------------------------------------------------------------------------------

def test_json_integer_over_4300_digits_is_kept_as_text() -> None:
    big = "9" * 5000
    result = read_report(json_report(json.dumps(finding(1)), json.dumps(finding(2))[:-1] + f', "n": {big}}}',
                                     json.dumps(finding(3))), format="json")
    assert ids(result) == ["NC-1", "NC-2", "NC-3"]
    assert result.report.findings[1].model_extra["n"] == big  # type: ignore[index]


def test_jsonl_integer_over_4300_digits_is_kept_as_text() -> None:
    text = jsonl_report(json.dumps(finding(1)), json.dumps(finding(2))[:-1] + f', "n": -{"1" * 5000}}}',
                        json.dumps(finding(3)))
    assert ids(read_report(text.encode(), format="jsonl")) == ["NC-1", "NC-2", "NC-3"]


def test_toml_integer_over_4300_digits_is_a_configuration_error(tmp_path: Path) -> None:
    from findings_validator.config import read_table

    path = tmp_path / "findings-validator.toml"
    path.write_text("jobs = " + "9" * 5000 + "\n")
    with pytest.raises(ConfigError, match="invalid TOML value"):
        read_table(path)


@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_a_lone_surrogate_is_replaced_and_reported_with_its_finding(fmt: str) -> None:
    broken = json.dumps(finding(2, statement="Torque \ud800 wrenches were not calibrated."))
    assert "\\ud800" in broken
    items = [json.dumps(finding(1)), broken, json.dumps(finding(3))]
    data = json_report(*items) if fmt == "json" else jsonl_report(*items).encode()
    result = read_report(data, format=fmt)
    assert ids(result) == ["NC-1", "NC-2", "NC-3"]
    assert result.report.findings[1].statement == "Torque \ufffd wrenches were not calibrated."
    [warning] = [p for p in result.problems if p.rule == "FV007"]
    assert "NC-2" in warning.message and warning.severity.value == "warning"


def test_a_surrogate_pair_written_as_escapes_is_one_character() -> None:
    result = read_report(json_report(json.dumps(finding(1, statement="Seen \U0001f600 here."))), format="json")
    assert result.report.findings[0].statement == "Seen \U0001f600 here." and not result.problems


def test_a_lone_surrogate_in_a_report_built_in_python_is_checked_as_the_replacement_character() -> None:
    from findings_validator import Audit, Finding, Report, check
    from findings_validator.writers import FORMATS, render

    def made(statement: str, suffix: str = "") -> Report:
        findings = [finding(1, id="NC-1" + suffix, statement=statement, evidence=["Record TW-3 \u00e9" + suffix]),
                    finding(2, id="NC-2" + suffix, grade="major", clause="ISO 9001:2015 9.9")]
        return Report(audit=Audit(criteria=("ISO 9001:2015",), client="Client \u00e9" + suffix),
                      findings=tuple(Finding.model_validate(item) for item in findings))

    words = "The organization did not ensure that torque wrenches were calibrated \u00e9 at {} intervals."
    result = check(made(words.format("\ud800"), "\udcff"))
    expected = check(made(words.format("\ufffd"), "\ufffd"))
    assert [(f.verdict, [d.rule for d in f.diagnostics]) for f in result.findings] == \
        [(f.verdict, [d.rule for d in f.diagnostics]) for f in expected.findings]
    assert result.findings[1].diagnostics   # the rules ran on every finding
    for fmt in FORMATS:
        render(fmt, [result], []).encode("utf-8")


def test_writers_never_fail_on_a_lone_surrogate() -> None:
    import dataclasses

    from findings_validator import Audit, Finding, Report, check
    from findings_validator.writers import FORMATS, render, write

    name = "report-\udcff.json"   # a file name with a byte that is not UTF-8, as os gives it
    report = Report(audit=Audit(criteria=("ISO 9001:2015",)), file=name,
                    findings=(Finding.model_validate({**finding(1), "evidence": ["3 of 12 sampled"],
                                                      "file": name, "line": 3}),))
    result = check(report)
    result = dataclasses.replace(result, diagnostics=tuple(
        dataclasses.replace(d, file=name, message=d.message + " \ud800") for d in result.diagnostics))
    for fmt in FORMATS:
        out = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
        write(fmt, [result], [], out)
        out.flush()
        text = render(fmt, [result], [])
        text.encode("utf-8")
        # replaced, or escaped (text: shown safe for a CI log; YAML: a \u escape); github prints diagnostics only
        assert "\ufffd" in text or "\\udcff" in text.lower() or fmt == "github", fmt   # (github prints diagnostics only: there are none)


# --- files that are not regular --------------------------------------------------------------------------------

@pytest.mark.parametrize("fmt", ["json", "jsonl", "yaml"])
def test_a_device_is_refused_before_any_read(fmt: str) -> None:
    started = time.monotonic()
    with pytest.raises(InputError, match="character device"):
        read_report("/dev/zero", format=fmt)
    assert time.monotonic() - started < 2


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path: Path, fmt: str) -> None:
    path = tmp_path / f"report.{fmt}"
    os.mkfifo(path)
    with pytest.raises(InputError, match="FIFO"):
        read_report(path)


def test_a_directory_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "report.json"
    folder.mkdir()
    with pytest.raises(InputError, match="directory"):
        read_report(folder)


# --- nesting ------------------------------------------------------------------------------------------------------

def _deep_reports(levels: int) -> dict[str, str]:
    """A report of three findings whose second holds a value nested ``levels`` deep (in JSON under an object, so
    that the finding is walked by hand, as every finding with a nested object is)."""
    deep = "[" * levels + "]" * levels
    nested = json.dumps(finding(2))[:-1] + f', "n": {{"in": {deep}}}}}'
    yaml_items = "".join(f"  - id: NC-{n}\n    grade: minor\n    statement: s\n" for n in (1, 2, 3))
    return {"json": json_report(json.dumps(finding(1)), nested, json.dumps(finding(3))).decode().replace(", {", ",\n{"),
            "jsonl": jsonl_report(json.dumps(finding(1)), nested, json.dumps(finding(3))),
            "yaml": AUDIT_YAML + yaml_items.replace("statement: s\n  - id: NC-3",
                                                    f"statement: s\n    n: {deep}\n  - id: NC-3")}


@pytest.mark.parametrize(("fmt", "levels"), [("json", 70), ("json", 5000), ("jsonl", 5000), ("yaml", 70),
                                             ("yaml", 5000)])
def test_a_finding_nested_past_the_limit_loses_only_itself(fmt: str, levels: int) -> None:
    text = _deep_reports(levels)[fmt]
    result = read_report(text, format=fmt)
    assert ids(result) == ["NC-1", "NC-3"]
    [error] = [p for p in result.problems if p.rule != "FV006"]
    line = {"json": 2, "jsonl": 3, "yaml": 10}[fmt]
    assert (error.rule, error.line) == ("FV004", line) and error.column > 1
    assert "64 levels here (the depth limit)" in error.message and "skipped" in error.message
    assert "[limits]" in (error.suggestion or "") and "depth" in (error.suggestion or "")


_FLOW = "{id: NC-%d, grade: minor, statement: s%s}"
_HEAD = 'audit:\n  criteria: ["ISO 9001:2015"]\n'


@pytest.mark.parametrize(("text", "line", "lines"), [
    (_HEAD + "findings: [%s, %s, %s]\n", 3, "line 3"),                                       # flow style
    (_HEAD + "findings: [\n  %s,\n  %s,\n  %s\n]\n", 5, "line 5"),                          # flow, one a line
    ("- %s\n- %s\n- %s\n", 2, "line 2"),                                                   # a bare list
    ("[%s,\n %s,\n %s]\n", 2, "line 2"),                                                   # a bare flow list
], ids=["flow", "flow-lines", "bare", "bare-flow"])
def test_a_yaml_finding_nested_past_the_limit_in_flow_style_or_a_bare_list_loses_only_itself(
        text: str, line: int, lines: str) -> None:
    deep = ", n: " + "[" * 70 + "]" * 70
    text = text % (_FLOW % (1, ""), _FLOW % (2, deep), _FLOW % (3, ""))
    result = read_report(text, format="yaml", audit={"criteria": ["ISO 9001:2015"]})
    assert ids(result) == ["NC-1", "NC-3"]
    [error] = [p for p in result.problems if p.rule != "FV006"]
    assert (error.rule, error.line) == ("FV004", line) and error.column > 1
    assert error.message.endswith(f"the depth limit); the finding at {lines} is skipped")


def test_a_yaml_flow_finding_past_libyamls_own_nesting_limit_refuses_the_file() -> None:
    """libyaml stops at about 1,000 levels, before the reader sees the events past 64: the parser cannot go on
    (docs/limits.md says so); in a block-style list the finding's lines are read apart and only it is lost."""
    deep = ", n: " + "[" * 5000 + "]" * 5000
    text = _HEAD + "findings: [%s, %s]\n" % (_FLOW % (1, ""), _FLOW % (2, deep))
    with pytest.raises(InputError, match="nested deeper than 64 levels"):
        read_report(text, format="yaml")


def test_nesting_within_the_limit_is_read_and_the_limit_can_be_raised() -> None:
    from findings_validator.readers import limits

    for fmt in ("json", "jsonl", "yaml"):
        assert ids(read_report(_deep_reports(60)[fmt], format=fmt)) == ["NC-1", "NC-2", "NC-3"]
    before = limits.current()["depth"]
    limits.configure({"depth": 200})
    try:
        for fmt in ("json", "yaml"):
            assert ids(read_report(_deep_reports(150)[fmt], format=fmt)) == ["NC-1", "NC-2", "NC-3"], fmt
    finally:
        limits.configure({"depth": before})


def test_nesting_past_the_limit_outside_the_findings_refuses_the_document() -> None:
    for text, fmt in (('{"audit": {"criteria": ["x"], "n": ' + "[" * 70 + "]" * 70 + '}, "findings": []}', "json"),
                      ("audit:\n  criteria: [x]\n  n: " + "[" * 70 + "]" * 70 + "\nfindings:\n  - id: N\n", "yaml")):
        with pytest.raises(InputError, match="nested deeper than 64 levels") as caught:
            read_report(text, format=fmt)
        assert caught.value.location is not None and caught.value.location.line >= 1


# --- line endings, byte order marks, UTF-16/32 ---------------------------------------------------------------

@pytest.mark.parametrize("sep", ["\r", "\r\n", "\n"])
def test_jsonl_any_line_ending(sep: str) -> None:
    text = jsonl_report(json.dumps(finding(1)), json.dumps(finding(2)), sep=sep)
    result = read_report(text.encode(), format="jsonl")
    assert ids(result) == ["NC-1", "NC-2"] and not result.problems
    assert [f.line for f in result.report.findings] == [2, 3]


def test_jsonl_mixed_line_endings_count_as_an_editor_does() -> None:
    text = json.dumps({"audit": AUDIT}) + "\r" + json.dumps(finding(1)) + "\r\n\n" + json.dumps(finding(2)) + "\n"
    result = read_report(text.encode(), format="jsonl")
    assert [(f.id, f.line) for f in result.report.findings] == [("NC-1", 2), ("NC-2", 4)]


def test_jsonl_cr_across_read_chunks() -> None:
    handle = io.BytesIO(b"a\r" * 700_000 + b"b\r\nc")
    assert sum(1 for _ in jsonl_reader.split_lines(handle)) == 700_002


def test_jsonl_bom_on_every_line() -> None:
    lines = ["\ufeff" + line for line in jsonl_report(json.dumps(finding(1)), json.dumps(finding(2))).splitlines()]
    result = read_report("\n".join(lines).encode(), format="jsonl")
    assert ids(result) == ["NC-1", "NC-2"] and not result.problems


BOM_CASES = {
    "json": json_report(json.dumps(finding(1)) + "\n", json.dumps(finding(2))).decode(),
    "yaml": AUDIT_YAML + "".join(f"  - id: NC-{n}\n    grade: minor\n    statement: s\n" for n in (1, 2)),
    "csv": "# audit: {criteria: [ISO 9001:2015]}\nid,grade,statement\nNC-1,minor,s\n\"NC-2\",minor,s\n",
    "markdown": "",   # (filled in below, from _markdown)
}


@pytest.mark.parametrize("fmt", ["json", "yaml", "csv", "markdown"])
def test_a_bom_at_the_start_of_every_line_is_one_warning(fmt: str) -> None:
    text = BOM_CASES[fmt] or _markdown("First.", "Second.")
    data = "".join("\ufeff" + line for line in text.splitlines(True)).encode()
    result = read_report(data, format=fmt)
    assert ids(result) == ["NC-1", "NC-2"]
    [warning] = result.problems
    assert (warning.rule, warning.severity.value, warning.line) == ("FV007", "warning", 2)
    assert "byte order mark" in warning.message
    assert read_report("\ufeff" + text, format=fmt).problems == ()   # one at the start of the file is no news
    inside = read_report(text.replace("s\n", "s\ufeff.\n").replace("First.", "First\ufeff.").replace("s.", "s\ufeff."),
                         format=fmt)
    assert "\ufeff" in inside.report.findings[0].statement and not inside.problems   # U+FEFF inside a line is text


NUL_CASES = {**BOM_CASES, "jsonl": jsonl_report(json.dumps(finding(1)), json.dumps(finding(2)))}


@pytest.mark.parametrize("fmt", ["json", "jsonl", "yaml", "csv", "markdown"])
def test_a_nul_character_in_one_finding_is_read_as_the_replacement_character_with_a_located_warning(fmt: str) -> None:
    text = NUL_CASES[fmt] or _markdown("First.", "Second.")
    marker, offset = {"yaml": (": s\n", 2), "csv": (",s\n", 1), "markdown": ("First", 0)}.get(fmt, ("wrenches", 0))
    at = text.index(marker) + offset     # in the first finding's statement
    number, column = text.count("\n", 0, at) + 1, at - text.rfind("\n", 0, at)
    result = read_report((text[:at] + "\x00" + text[at:]).encode(), format=fmt)
    assert ids(result) == ["NC-1", "NC-2"]
    assert "\ufffd" in result.report.findings[0].statement and "\ufffd" not in result.report.findings[1].statement
    [warning] = result.problems
    assert (warning.rule, warning.severity.value, warning.line, warning.column) == ("FV007", "warning", number, column)
    assert "NUL" in warning.message and "delete" in (warning.suggestion or "")


def test_the_words_around_a_nul_are_checked_as_words() -> None:
    from findings_validator import check
    from findings_validator.dsl.text import tokens_of

    assert tokens_of("were not\ufffdcalibrated") == ["were", "not", "calibrated"]
    text = AUDIT_YAML + ("  - id: NC-1\n    grade: minor\n    clause: ISO 9001:2015 7.1.5.2 a)\n    statement: Torque "
                         "wrenches were not\x00 calibrated at the specified interval.\n    evidence: [3 of 12 torque "
                         "wrenches sampled (TW-04, TW-09, TW-11) had calibration due dates in 2025.]\n")
    clean = check(read_report(text.replace("\x00", "").encode(), format="yaml").report)
    damaged = check(read_report(text.encode(), format="yaml").report)
    assert [d.rule for d in damaged.findings[0].diagnostics] == [d.rule for d in clean.findings[0].diagnostics]


def test_nul_bytes_on_many_lines_are_reported_line_by_line_then_together() -> None:
    text = "".join(f"x\x00 {n}\n" for n in range(1, 31)) + "y" * 400
    _, problems = source.without_nul(text, "f")
    assert [p.line for p in problems] == [*range(1, source.MAX_NUL_LINES + 1), source.MAX_NUL_LINES + 1]
    assert "20 more line(s)" in problems[-1].message


@pytest.mark.parametrize(("data", "binary"), [
    (b"\x00\x01\x02binary", True), (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8, True),
    ("audit: x\n".encode("utf-16-le"), True), ("audit: x\n".encode("utf-32-be"), True), (b"\x00" * 1000, True),
    (b"a" * 300 + b"\x00" + b"b" * 300, False), (b"a line of text\n" * 100 + b"\x00" * 512 + b"more\n", False),
    (b"a line of text with a NUL\x00 in it, as a damaged export leaves it\n" * 20, False)])
def test_stray_nuls_are_text_and_control_bytes_or_utf16_without_bom_are_binary(data: bytes, binary: bool) -> None:
    assert source.looks_binary(data) is binary


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32", "utf-32-be"])
def test_jsonl_utf16_and_utf32_with_bom(encoding: str) -> None:
    text = jsonl_report(json.dumps(finding(1)), json.dumps(finding(2, statement="Équipement non étalonné.")))
    data = text.encode(encoding)
    if not encoding.endswith("-be"):
        assert data[:2] in (b"\xff\xfe", b"\xfe\xff")
    else:
        data = ("\ufeff" + text).encode(encoding)
    result = read_report(data, format="jsonl")
    assert ids(result) == ["NC-1", "NC-2"] and not result.problems
    assert result.report.findings[1].statement.startswith("Équipement")


@pytest.mark.parametrize("encoding", ["utf-16", "utf-32"])
def test_json_and_yaml_in_utf16_and_utf32(encoding: str) -> None:
    assert ids(read_report(json_report(json.dumps(finding(1))).decode().encode(encoding), format="json")) == ["NC-1"]
    yaml_text = "audit:\n  criteria: [ISO 9001:2015]\nfindings:\n  - id: NC-1\n    grade: minor\n    statement: s\n"
    assert ids(read_report(yaml_text.encode(encoding), format="yaml")) == ["NC-1"]


def test_broken_utf16_is_a_warning_not_a_refusal() -> None:
    result = read_report(b"\xff\xfe" + '{"findings": []}'.encode("utf-16-le") + b"\x00\xd8", format="json")
    assert [p.rule for p in result.problems if p.rule == "FV007"] == ["FV007"]


def test_csv_with_cr_only_line_endings() -> None:
    text = f"id,grade,clause,statement\rNC-1,minor,{CLAUSE},First\rNC-2,minor,{CLAUSE},Second\r"
    result = read_report(text.encode(), format="csv", audit=AUDIT)
    assert [(f.id, f.line) for f in result.report.findings] == [("NC-1", 2), ("NC-2", 3)]


def test_yaml_with_cr_only_line_endings_keeps_positions() -> None:
    text = "audit:\r  criteria: [ISO 9001:2015]\rfindings:\r  - id: NC-1\r    grade: minor\r    statement: s\r"
    result = read_report(text.encode(), format="yaml")
    assert [(f.id, f.line) for f in result.report.findings] == [("NC-1", 4)]


def test_decode_keeps_every_column() -> None:
    text, _ = source.decode(b"ab\rcd\r\nef\n", "<t>")
    assert text == "ab\ncd\r\nef\n"


# --- CSV --------------------------------------------------------------------------------------------------------

def test_csv_cell_over_128_kb_keeps_the_rest_of_the_file() -> None:
    text = (f"id,grade,clause,statement\nNC-1,minor,{CLAUSE},{'a' * 200_000}\nNC-2,minor,{CLAUSE},Second\n"
            f"NC-3,minor,{CLAUSE},Third\n")
    result = read_report(text.encode(), format="csv", audit=AUDIT)
    assert ids(result) == ["NC-1", "NC-2", "NC-3"] and not result.problems
    import csv

    assert csv.field_size_limit() == 131072   # the module's limit is raised while reading only


def test_csv_cell_over_the_cell_limit_is_left_out_with_a_diagnostic() -> None:
    text = (f"id,grade,clause,statement,evidence\nNC-1,minor,{CLAUSE},First,{'e' * (csv_reader.MAX_CELL_CHARS + 1)}\n"
            f"NC-2,minor,{CLAUSE},Second,\n")
    result = read_report(text.encode(), format="csv", audit=AUDIT)
    assert ids(result) == ["NC-1", "NC-2"] and result.report.findings[0].evidence == ()
    assert [(p.rule, p.line, p.column) for p in result.problems] == [("FV004", 2, 5)]


def test_csv_syntax_error_loses_only_its_row_and_names_it() -> None:
    text = (f'id,grade,clause,statement\nNC-1,minor,{CLAUSE},"a"b\nNC-2,minor,{CLAUSE},Second\n'
            f'NC-3,minor,{CLAUSE},"multi\nline"\nNC-4,minor,{CLAUSE},"open\nNC-5,minor,{CLAUSE},Fifth\n')
    result = read_report(text.encode(), format="csv", audit=AUDIT)
    assert ids(result) == ["NC-2", "NC-3", "NC-5"]
    problems = [(p.line, p.message) for p in result.problems if p.rule == "FV001"]
    assert [line for line, _ in problems] == [2, 6]
    assert all(f"line {line} is skipped" in message for line, message in problems)


def test_csv_header_of_a_million_columns_is_quick() -> None:
    started = time.monotonic()
    result = read_report(("id," * 1_000_000 + "grade,statement\nNC-1,minor,s\n").encode(), format="csv", audit=AUDIT)
    assert time.monotonic() - started < 20
    assert any(f"first {csv_reader.MAX_COLUMNS:,}" in p.message for p in result.problems)


def test_a_header_cell_of_100000_brackets_is_quick() -> None:
    started = time.monotonic()
    result = read_report(("(" * 100_000 + ",id,grade,statement\n,NC-1,minor,s\n").encode(), format="csv", audit=AUDIT)
    assert time.monotonic() - started < 5 and ids(result) == ["NC-1"]


def test_a_200000_row_csv_stays_small(tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    with path.open("w") as out:
        out.write("id,grade,clause,statement\n")
        for i in range(200_000):
            out.write(f"NC-{i},minor,{CLAUSE},Statement {i} was not met\n")
    code = ("import resource, sys; from findings_validator.readers import read_report; "
            f"r = read_report(sys.argv[1], audit={AUDIT!r}); assert len(r.report.findings) == 200_000; "
            "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)")
    peak_kb = int(subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True,
                                 check=True).stdout)
    assert peak_kb < 1_000_000, f"{peak_kb // 1024} MB"


# --- YAML -------------------------------------------------------------------------------------------------------

def _markdown(*statements: str) -> str:
    return ('---\naudit:\n  criteria: ["ISO 9001:2015"]\n---\n\n' + "".join(
        f"## NC-{n} \u00b7 minor \u00b7 7.1.5.2 a)\n\n**Statement:** {text}\n\n" for n, text in enumerate(statements, 1)))


def test_markdown_bytes_that_are_not_utf8_are_decoded_line_by_line() -> None:
    data = _markdown("First.", "\udcffSecond, caf\udce9.", "Third: caf\u00e9.").encode("utf-8", "surrogateescape")
    result = read_report(data, format="markdown")
    assert ids(result) == ["NC-1", "NC-2", "NC-3"]   # the "\u00b7" of each heading is still UTF-8
    assert [f.statement for f in result.report.findings] == ["First.", "\u00ffSecond, caf\u00e9.", "Third: caf\u00e9."]
    [warning] = result.problems
    assert (warning.rule, warning.line, warning.column) == ("FV007", 12, 16) and "line 12 " in warning.message


def test_every_line_that_is_not_utf8_is_named_in_one_warning() -> None:
    data = (AUDIT_YAML + "".join(f"  - id: NC-{n}\n    grade: minor\n    statement: Caf\u00e9 {n}\n" for n in (1, 2, 3))
            ).encode("utf-8").replace("Caf\u00e9 1".encode(), b"Caf\xe9 1").replace("Caf\u00e9 3".encode(), b"Caf\xe8 3")
    result = read_report(data, format="yaml")
    assert [f.statement for f in result.report.findings] == ["Caf\u00e9 1", "Caf\u00e9 2", "Caf\u00e8 3"]
    [warning] = result.problems
    assert (warning.line, warning.column) == (6, 19) and "so were 1 other line(s): 12" in warning.message


def test_yaml_tab_indented_line_loses_only_its_finding() -> None:
    text = ("audit:\n  criteria: [ISO 9001:2015]\nfindings:\n  - id: NC-1\n    grade: minor\n    statement: a\n"
            "  - id: NC-2\n\tgrade: minor\n    statement: b\n  - id: NC-3\n    grade: minor\n    statement: c\n")
    result = read_report(text.encode(), format="yaml")
    assert ids(result) == ["NC-1", "NC-3"]
    [error] = [p for p in result.problems if p.rule == "FV001"]
    assert error.line == 8 and "lines 7-9 is skipped" in error.message


# --- XLSX -------------------------------------------------------------------------------------------------------

_TYPES = ('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
          '<Default Extension="xml" ContentType="application/xml"/></Types>')
_ROOT_RELS = ('<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
              '<Relationship Id="rId1" Type="officeDocument" Target="xl/workbook.xml"/></Relationships>')
_BOOK = ('<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
         'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
         '<sheet name="Other" sheetId="2" r:id="rId2"/><sheet name="Findings" sheetId="1" r:id="rId1"/></sheets></workbook>')
_BOOK_RELS = ('<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
              '<Relationship Id="rId1" Type="worksheet" Target="worksheets/sheet1.xml"/>'
              '<Relationship Id="rId2" Type="worksheet" Target="worksheets/sheet2.xml"/></Relationships>')
_STYLES = ('<?xml version="1.0"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
           '<cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14"/></cellXfs></styleSheet>')


def workbook(rows: str, *, shared: str | None = None, dimension: str | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _TYPES)
        archive.writestr("_rels/.rels", _ROOT_RELS)
        archive.writestr("xl/workbook.xml", _BOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", _BOOK_RELS)
        archive.writestr("xl/styles.xml", _STYLES)
        head = '<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        archive.writestr("xl/worksheets/sheet1.xml", head + (f'<dimension ref="{dimension}"/>' if dimension else "")
                         + f"<sheetData>{rows}</sheetData></worksheet>")
        archive.writestr("xl/worksheets/sheet2.xml", head + "<sheetData/></worksheet>")
        if shared is not None:
            archive.writestr("xl/sharedStrings.xml", shared)
    return buffer.getvalue()


def row(number: int, *cells: str) -> str:
    return (f'<row r="{number}">' + "".join(f'<c r="{chr(65 + i)}{number}" t="inlineStr"><is><t>{value}</t></is></c>'
                                            for i, value in enumerate(cells)) + "</row>")


HEADER = row(1, "id", "grade", "clause", "statement", "date")


def test_xlsx_reads_the_findings_sheet_with_dates_numbers_and_shared_strings() -> None:
    shared = ('<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>minor</t></si>'
              '<si><r><t>Not </t></r><r><t>calibrated</t></r><rPh><t>x</t></rPh></si></sst>')
    data = workbook(HEADER + '<row r="2"><c r="A2" t="inlineStr"><is><t>NC-1</t></is></c><c r="B2" t="s"><v>0</v></c>'
                    f'<c r="C2" t="inlineStr"><is><t>{CLAUSE}</t></is></c><c r="D2" t="s"><v>1</v></c>'
                    '<c r="E2" s="1"><v>45292</v></c></row>', shared=shared)
    result = read_report(data, format="xlsx", audit=AUDIT)
    [nc] = result.report.findings
    assert (nc.id, nc.grade.value, nc.statement, nc.line) == ("NC-1", "minor", "Not calibrated", 2)
    assert nc.model_extra == {"date": "2024-01-01"}


def test_xlsx_one_bad_date_cell_is_reported_alone() -> None:
    bad = ('<row r="3"><c r="A3" t="inlineStr"><is><t>NC-2</t></is></c><c r="B3" t="inlineStr"><is><t>minor</t>'
           '</is></c><c r="D3" t="inlineStr"><is><t>b</t></is></c><c r="E3" s="1"><v>1e300</v></c></row>'
           '<row r="4"><c r="A4" t="inlineStr"><is><t>NC-3</t></is></c><c r="B4" t="inlineStr"><is><t>minor</t>'
           '</is></c><c r="D4" t="inlineStr"><is><t>c</t></is></c><c r="E4" t="d"><v>not a date</v></c></row>')
    result = read_report(workbook(HEADER + row(2, "NC-1", "minor", CLAUSE, "a") + bad), format="xlsx", audit=AUDIT)
    assert ids(result) == ["NC-1", "NC-2", "NC-3"]
    assert [(p.rule, p.line, p.column) for p in result.problems if p.rule != "FV006"] == [("FV004", 3, 5)]


def test_xlsx_far_rows_and_a_forged_dimension_cost_nothing() -> None:
    far = '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>z</t></is></c></row>'
    data = workbook(HEADER + row(2, "NC-1", "minor", CLAUSE, "a") + far, dimension="A1:XFD1048576")
    assert len(data) < 3000
    started = time.monotonic()
    result = read_report(data, format="xlsx", audit=AUDIT)
    assert time.monotonic() - started < 5
    assert ids(result)[0] == "NC-1"
    assert any(p.line == 1048576 for p in result.problems)


def test_xlsx_shared_strings_bomb_is_refused_before_parsing() -> None:
    bomb = ('<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            + "<si><t>x</t></si>" * 3_000_000 + "</sst>")
    data = workbook(HEADER, shared=bomb)
    assert len(data) < 1_000_000
    with pytest.raises(InputError, match="unpacks to"):
        read_report(data, format="xlsx", audit=AUDIT)


def test_xlsx_limits_on_rows_and_cells(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(xlsx_reader, "MAX_ROWS", 3)
    rows = HEADER + "".join(row(n, f"NC-{n}", "minor", CLAUSE, "s") for n in range(2, 10))
    result = read_report(workbook(rows), format="xlsx", audit=AUDIT)
    assert ids(result) == ["NC-2", "NC-3"]
    assert any("more than 3 rows" in p.message and p.line == 4 for p in result.problems)


@pytest.mark.parametrize("damage", ["xml", "zlib", "entity", "zip"])
def test_xlsx_damage_is_a_diagnostic_or_an_input_error(damage: str) -> None:
    if damage == "xml":
        data = workbook(HEADER + row(2, "NC-1", "minor", CLAUSE, "a") + "<row r='3'><c><unclosed")
    elif damage == "entity":
        data = workbook(HEADER).replace(b"PK", b"PK")  # a DTD with an entity, in the workbook part
        buffer = io.BytesIO(data)
        with zipfile.ZipFile(buffer, "a") as archive:
            pass
        data = workbook(HEADER)
        data = _replace_part(data, "xl/workbook.xml",
                             '<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "aaaaaaaaaa">]><workbook>&a;</workbook>')
    elif damage == "zip":
        data = b"PK\x03\x04" + b"\x00" * 100
    else:
        data = bytearray(workbook(HEADER + row(2, "NC-1", "minor", CLAUSE, "a")))
        at = data.find(b"xl/worksheets/sheet1.xml") + len("xl/worksheets/sheet1.xml")
        data[at:at + 20] = b"\xff" * 20
        data = bytes(data)
    try:
        result = read_report(data, format="xlsx", audit=AUDIT)
    except InputError as err:
        assert damage in ("entity", "zip") and err.hint
        return
    assert damage in ("xml", "zlib")
    assert [p.rule for p in result.problems if p.rule == "FV001"] == ["FV001"]
    if damage == "xml":
        assert ids(result) == ["NC-1"]


def _damaged_member(data: bytes, name: str, damage: str) -> bytes:
    """``data`` (a zip) with the member ``name`` damaged: its packed bytes overwritten from the start ("packed"), a
    compression method no unzip knows in its headers ("method"), or a version no unzip reads in its directory
    entry ("version")."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        info = archive.getinfo(name)
    out = bytearray(data)
    local = info.header_offset
    central = data.index(b"PK\x01\x02")  # the first directory entry, then on to the member's own
    while data[central + 46:central + 46 + len(name.encode())] != name.encode():
        central = data.index(b"PK\x01\x02", central + 4)
    if damage == "packed":
        start = local + 30 + int.from_bytes(data[local + 26:local + 28], "little") + int.from_bytes(
            data[local + 28:local + 30], "little")
        out[start:start + 1] = b"\x00"
    elif damage == "method":
        out[local + 8:local + 10] = out[central + 10:central + 12] = (99).to_bytes(2, "little")
    else:
        out[central + 6:central + 8] = (194).to_bytes(2, "little")  # "version 19.4 needed to extract"
    return bytes(out)


@pytest.mark.parametrize("damage", ["packed", "method", "version"])
@pytest.mark.parametrize(("fmt", "member"), [("xlsx", "xl/worksheets/sheet1.xml"), ("xlsx", "xl/workbook.xml"),
                                             ("docx", "word/document.xml")])
def test_a_damaged_zip_member_is_refused_or_reported_not_a_crash(fmt: str, member: str, damage: str) -> None:
    """Regression (found by fuzzing): a Word document whose main part's packed bytes were damaged raised
    ``zlib.error``, and a workbook or document whose zip directory names a version or compression method that
    ``zipfile`` does not know raised ``NotImplementedError``, out of the reader."""
    if fmt == "xlsx":
        data = workbook(HEADER + row(2, "NC-1", "minor", CLAUSE, "a"))
    else:
        from document_render import render_docx
        from test_reader_documents import reference

        data = render_docx(reference("iso9001-surveillance"), "table")
    damaged = _damaged_member(data, member, damage)
    assert damaged != data
    try:
        result = read_report(damaged, format=fmt, audit=AUDIT)
    except InputError as err:
        assert err.hint and ("not a readable" in err.message), err.message
        return
    assert fmt == "xlsx" and member.endswith("sheet1.xml")  # the sheet is read up to the damage
    assert [p.rule for p in result.problems if p.rule == "FV001"] == ["FV001"]


def _replace_part(data: bytes, name: str, text: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as old, zipfile.ZipFile(out, "w") as new:
        for info in old.infolist():
            new.writestr(info.filename, text if info.filename == name else old.read(info.filename))
    return out.getvalue()


# --- JSON objects with many keys ----------------------------------------------------------------------------------

def test_json_finding_with_200000_keys_is_quick() -> None:
    keys = ", ".join(f'"k{i}": 1' for i in range(200_000))
    started = time.monotonic()
    result = read_report(json_report('{"id": "A", "grade": "minor", "statement": "s", ' + keys + "}",
                                     json.dumps(finding(2))), format="json", strict=True)
    assert time.monotonic() - started < 20
    assert ids(result) == ["A", "NC-2"]



def test_json_object_keys_past_the_limit_are_left_out_with_a_located_diagnostic(
        monkeypatch: pytest.MonkeyPatch) -> None:
    _five_keys(monkeypatch, "object-keys")
    extra = ", ".join(f'"k{i}": {i}' for i in range(3))
    wide = '{"id": "NC-2", "grade": "minor", "clause": "' + CLAUSE + '", "statement": "s", "evidence": ["e"], ' + extra
    data = json_report(json.dumps(finding(1)), wide + "}", json.dumps(finding(3)))
    result = read_report(data, format="json", audit=AUDIT)
    assert ids(result) == ["NC-1", "NC-2", "NC-3"]
    assert result.report.findings[1].evidence == ("e",)
    [over] = [p for p in result.problems if "keys" in p.message]
    assert over.rule == "FV004" and "5 keys" in over.message
    assert (over.line, over.column) == (1, data.decode().index('"k0"') + 1)


def _five_keys(monkeypatch: pytest.MonkeyPatch, name: str = "object_keys") -> None:
    from findings_validator.readers import limits, yaml_load

    for module in (json_reader, yaml_load):
        monkeypatch.setattr(module, "MAX_OBJECT_KEYS", module.MAX_OBJECT_KEYS)   # restored after the test
    limits.configure({name: 5})
    assert json_reader.MAX_OBJECT_KEYS == yaml_load.MAX_OBJECT_KEYS == 5


WIDE = {"id": "NC-2", "grade": "minor", "clause": CLAUSE, "statement": "s", "evidence": ["e"],
        **{f"k{i}": i for i in range(3)}}


def test_json_lines_object_keys_past_the_limit_are_left_out_with_a_located_diagnostic(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Regression: the key cap held for JSON reports only; a JSON Lines finding kept every key of its line."""
    _five_keys(monkeypatch)
    lines = [json.dumps(finding(1)), json.dumps(WIDE), json.dumps(finding(3))]
    text = jsonl_report(*lines)
    for result in (read_report(text.encode(), format="jsonl"), read_report(text.replace("\n", "\r").encode(),
                                                                             format="jsonl")):
        assert ids(result) == ["NC-1", "NC-2", "NC-3"]
        assert result.report.findings[1].evidence == ("e",) and result.report.findings[1].line == 3
        [over] = [p for p in result.problems if "keys" in p.message]
        assert over.rule == "FV004" and "more than 5 keys" in over.message and "object_keys" in over.suggestion
        assert (over.line, over.column) == (3, lines[1].index('"k0"') + 1)
        assert not [p for p in result.problems if "k1" in p.message or "k2" in p.message]  # left out, not unknown


def test_json_lines_keys_in_a_nested_object_are_capped_too(monkeypatch: pytest.MonkeyPatch) -> None:
    _five_keys(monkeypatch)
    nested = dict(finding(2), evidence={f"e{i}": "x" for i in range(8)})
    result = read_report(jsonl_report(json.dumps(finding(1)), json.dumps(nested)).encode(), format="jsonl")
    assert ids(result) == ["NC-1", "NC-2"]
    [over] = [p for p in result.problems if "keys" in p.message]
    assert over.line == 3 and over.column == json.dumps(nested).index('"e5"') + 1


def test_batch_caps_the_keys_of_a_json_lines_finding(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from findings_validator.batch import check_jsonl

    _five_keys(monkeypatch)
    path = tmp_path / "archive.jsonl"
    path.write_text(jsonl_report(json.dumps(finding(1)), json.dumps(WIDE), json.dumps(finding(3))), encoding="utf-8")
    out = io.StringIO()
    check_jsonl(path, out, jobs=1)
    records = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [r["id"] for r in records if "id" in r] == ["NC-1", "NC-2", "NC-3"]
    assert [(r["problem"]["rule"], r["problem"]["line"]) for r in records if "problem" in r
            and "keys" in r["problem"]["message"]] == [("FV004", 3)]


def test_yaml_mapping_keys_past_the_limit_are_left_out_with_a_located_diagnostic(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Regression: the key cap held for JSON reports only; a YAML mapping kept every key."""
    _five_keys(monkeypatch)
    block = "\n".join(f"    {k}: {json.dumps(v)}" for k, v in WIDE.items()).replace("    id:", "  - id:", 1)
    text = ("audit: {criteria: ['ISO 9001:2015']}\nfindings:\n" + "\n".join(
        f"  - {json.dumps(finding(n))}" if n != 2 else block for n in (1, 2, 3)) + "\n")
    result = read_report(text.encode(), format="yaml")
    assert ids(result) == ["NC-1", "NC-2", "NC-3"]
    assert result.report.findings[1].evidence == ("e",)
    [over] = [p for p in result.problems if "keys" in p.message]
    assert over.rule == "FV004" and "more than 5 keys" in over.message and "object_keys" in over.suggestion
    assert (over.line, over.column) == (9, 5)  # k0, the sixth key of NC-2
    assert not [p for p in result.problems if "k1" in p.message or "k2" in p.message]


def test_yaml_merged_mappings_are_capped_too(monkeypatch: pytest.MonkeyPatch) -> None:
    _five_keys(monkeypatch)
    text = ("audit: {criteria: ['ISO 9001:2015']}\nextra: &x {a: 1, b: 2, c: 3, d: 4}\nfindings:\n"
            f"  - {json.dumps(finding(1))}\n  - {{<<: *x, id: NC-2, grade: minor, statement: s}}\n")
    result = read_report(text.encode(), format="yaml")
    assert ids(result) == ["NC-1", "NC-2"]
    [over] = [p for p in result.problems if "keys" in p.message]
    assert over.rule == "FV004" and over.line == 5


# --- every regular expression applied to input is linear ----------------------------------------------------------

_MB = 1 << 20
WORST = [
    (source._YAML_KEYS, "search", "audit" + " " * _MB),
    (source._MARKDOWN, "search", "**" + ":" * _MB),
    (source._MARKDOWN, "search", "##" + " " * _MB),
    (source._LONE_CR, "sub", "\r" * _MB),
    (source._LINE_BOM, "sub", "\ufeff" * _MB),
    (source._LINE_BOM, "sub", "\n\ufeff" * (_MB // 2)),
    (json_reader._WS, "match", " " * _MB + "x"),
    (json_reader._SPACED_KEY, "search", '"' + " " * _MB),
    (json_reader._SPACED_KEY, "search", '" ' * (_MB // 2)),
    (json_reader._COMMA, "match", " " * _MB + "," + " " * _MB),
    (json_reader._NEXT_ITEM, "search", "{" + " " * _MB + ","),
    (json_reader._NEXT_ITEM, "search", "{ \n" * (_MB // 3)),
    (json_reader._KEY_END, "search", '"' * _MB),
    (jsonl_reader._TRAILING, "match", " \t" * (_MB // 2) + "x"),
    (yaml_reader._FINDINGS, "search", "findings" + " " * _MB),
    (yaml_reader._FINDINGS, "search", "findings:" + " " * _MB + "x"),
    (yaml_reader._ITEM, "search", " " * _MB + "x"),
    (xlsx_reader._REF, "fullmatch", "A" * _MB),
    (labels._NOTE, "sub", "(" * _MB),
    (labels._NOTE, "sub", "[" + " " * _MB),
    (labels._ALTERNATIVES, "split", "o" * _MB),
    (fields._WAIVER, "fullmatch", "ab" * (_MB // 2) + "1"),
    (fields._WAIVER, "fullmatch", "FV1" + " " * _MB + "x"),
    (fix._TEMPORARY, "fullmatch", "." + ".fv-00000000-1-" * (_MB // 16)),  # a file name beside a fixed report
]


@pytest.mark.parametrize(("pattern", "method", "text"), WORST,
                         ids=[f"{p.pattern[:24]}-{i}" for i, (p, _, _) in enumerate(WORST)])
def test_regular_expressions_are_linear_on_1_mb_of_their_worst_case(pattern: re.Pattern[str], method: str,
                                                                     text: str) -> None:
    started = time.monotonic()
    if method == "sub":
        pattern.sub("\n", text)
    elif method == "split":
        pattern.split(text)
    else:
        getattr(pattern, method)(text)
        if method == "search":
            list(pattern.finditer(text))
    assert time.monotonic() - started < 2, pattern.pattern


def _docx_lines(*lines: str) -> bytes:
    import docx

    document = docx.Document()
    for line in lines:
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _pdf_lines(*lines: str) -> bytes:
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    page = canvas.Canvas(out)
    for n, line in enumerate(lines):   # a long line in a hair-thin font: one text line of the page all the same
        page.setFont("Helvetica", 10 if len(line) < 100 else 500 / len(line))
        page.drawString(10, 750 - 20 * n, line)
    page.save()
    return out.getvalue()


HEADING_WORST = ["Nonconformity " + "1" * _MB, "Nonconformity " + " " * _MB + "(minor)"]


@pytest.mark.parametrize("text", HEADING_WORST, ids=["digits", "blanks"])
def test_finding_heading_patterns_are_not_tried_on_1_mb_lines(text: str) -> None:
    from findings_validator.readers.labels import heading_fields, load_labels

    started = time.monotonic()
    assert heading_fields(text, load_labels()) is None
    assert heading_fields("Nonconformity 2 (minor)", load_labels()) == {"id": "Nonconformity 2", "grade": "minor"}
    assert time.monotonic() - started < 2


@pytest.mark.parametrize("fmt", ["markdown", "docx", "pdf"])
@pytest.mark.parametrize("text", HEADING_WORST, ids=["digits", "blanks"])
def test_finding_heading_patterns_meet_1_mb_of_their_worst_case_through_each_reader(fmt: str, text: str) -> None:
    lines = ("Nonconformity 1 (minor)", "Statement: Torque wrenches were not calibrated.", text)
    if fmt == "pdf":
        text = text[:20_000]   # what one line of a page can hold at the least legible size
        lines = (*lines[:2], text)
    data = {"markdown": lambda: ("\n\n".join(f"## {line}" if line.startswith("Nonc") else line
                                             for line in lines) + "\n").encode(),
            "docx": lambda: _docx_lines(*lines), "pdf": lambda: _pdf_lines(*lines)}[fmt]()
    started = time.monotonic()
    result = read_report(data, format=fmt, audit=AUDIT)
    assert time.monotonic() - started < 10, fmt
    assert ids(result)[0] == "Nonconformity 1"


# --- limits by name -----------------------------------------------------------------------------------------------

def test_limits_are_set_by_name_from_the_configuration(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from findings_validator.cli import main
    from findings_validator.readers import limits

    for name, places in limits.LIMITS.items():   # restored after the test, whatever it sets
        for module, constant in places:
            owner = limits._module(module)
            monkeypatch.setattr(owner, constant, getattr(owner, constant))
    (tmp_path / "findings-validator.toml").write_text("[limits]\nxlsx-rows = 3\ncsv_cell_chars = 5\n")
    report = tmp_path / "r.csv"
    report.write_text(f"id,grade,clause,statement\nNC-1,minor,{CLAUSE},too long a statement\n")
    monkeypatch.chdir(tmp_path)
    assert main(["check", str(report), "--criteria", "ISO 9001:2015"]) == 1
    assert limits.current()["xlsx_rows"] == 3 and xlsx_reader.MAX_ROWS == 3 and csv_reader.MAX_CELL_CHARS == 5
    result = read_report(report, audit=AUDIT)
    assert [(p.rule, p.column) for p in result.problems if p.rule == "FV004"] == [("FV004", 3), ("FV004", 4)]


@pytest.mark.parametrize("table", ["[limits]\nbogus = 3\n", "[limits]\nxlsx_rows = 0\n", "[limits]\ndepth = 'deep'\n"])
def test_an_unknown_or_invalid_limit_is_a_configuration_error(tmp_path: Path, table: str) -> None:
    from findings_validator.config import load_config

    (tmp_path / "findings-validator.toml").write_text(table)
    with pytest.raises(ConfigError, match="limit"):
        load_config(tmp_path)


def test_xlsx_cells_that_refer_to_no_shared_string_are_reported() -> None:
    shared = '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>minor</t></si></sst>'
    rows = (HEADER + '<row r="²"><c r="A2" t="inlineStr"><is><t>NC-1</t></is></c><c r="B2" t="s"><v>0</v></c>'
            '<c r="C2" t="s"><v>-1</v></c><c r="D2" t="s"><v>99</v></c></row>')
    result = read_report(workbook(rows, shared=shared), format="xlsx", audit=AUDIT)
    assert ids(result) == ["NC-1"] and result.report.findings[0].line == 2
    assert [(p.rule, p.column) for p in result.problems if p.rule == "FV004"] == [("FV004", 3), ("FV004", 4)]
