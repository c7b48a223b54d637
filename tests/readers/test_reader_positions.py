"""Field positions worked out when asked for: one field alone agrees with all of them, in every format and layout;
the mapping behaves as the dict it stands for; what reading does to the garbage collector."""

from __future__ import annotations

import copy
import gc
import json
import pickle
from pathlib import Path

import pytest
from report_render import RENDERERS, render_json

from findings_validator.models import Finding
from findings_validator.readers import iter_findings, read_report
from findings_validator.readers.positions import LazyPositions, Positions

EXAMPLES = Path(__file__).parents[2] / "examples"
FIELDS = ["id", "grade", "clause", "requirement", "statement", "evidence", "process", "site", "auditee", "waivers",
          "expected", "nothing", 'a"b', "st\\u0061tement"]


def _layouts() -> dict[str, tuple[str, str]]:
    report = read_report(EXAMPLES / "iso27001-surveillance.yaml").report
    pretty = render_json(report)
    return {
        "json": (pretty, "json"), "json-compact": (render_json(report, indent=None), "json"),
        "json-tabs": (json.dumps(json.loads(pretty), indent="\t"), "json"),
        "json-crlf": (pretty.replace("\n", "\r\n"), "json"),
        "json-spaced-colons": (pretty.replace('": ', '" : '), "json"),
        "jsonl": (RENDERERS["jsonl"](report), "jsonl"), "csv": (RENDERERS["csv"](report), "csv"),
    }


def _fresh(text: str, format: str) -> tuple[Finding, ...]:
    return read_report(text, format=format).report.findings


@pytest.mark.parametrize("layout", sorted(_layouts()))
def test_one_field_agrees_with_all_fields(layout: str) -> None:
    text, format = _layouts()[layout]
    whole = [dict(f.positions) for f in _fresh(text, format)]
    assert all(whole), "every finding has positions"
    for name in FIELDS:
        alone = _fresh(text, format)            # nothing looked up yet: each field is looked up on its own
        assert [f.position(name) for f in alone] == [p.get(name, (f.line, f.column)) for p, f in zip(whole, alone)]
        assert [name in f.positions for f in alone] == [name in p for p in whole]
    lines = text.split("\n")
    for finding, positions in zip(_fresh(text, format), whole):
        for name, (line, column) in positions.items():
            cell = lines[line - 1][column - 1:]
            assert cell.startswith(f'"{name}"') if format != "csv" else cell, (layout, finding.id, name)


def test_keys_with_escapes_and_nested_objects() -> None:
    lines = ['{"audit": {"criteria": ["x"]}}',
             '{"id": "K1", "grade": "minor", "st\\u0061tement": "s", "a\\"b": 1, "c\\\\": 2}',
             '{"id": "K2", "grade": "minor", "statement": "x \\": y", "waivers": [{"rule": "FV310"}], "n": {"id": 1}}',
             '{"id": "K3", "grade": "minor", "statement": "{braces}", "id": "K3b"}']
    written = [{"id": '"id"', "grade": '"grade"', "statement": '"st\\u0061tement"', 'a"b': '"a\\"b"', "c\\": '"c\\\\"'},
               {"id": '"id"', "grade": '"grade"', "statement": '"statement"', "waivers": '"waivers"', "n": '"n"'},
               {"id": '"id"', "grade": '"grade"', "statement": '"statement"'}]
    expected = [{name: (number, line.index(key) + 1) for name, key in keys.items()}
                for number, line, keys in zip((2, 3, 4), lines[1:], written)]
    jsonl = "\n".join(lines) + "\n"
    assert [f.positions for f in read_report(jsonl, format="jsonl").report.findings] == expected
    assert [f.position("statement") for f in read_report(jsonl, format="jsonl").report.findings] == \
        [want["statement"] for want in expected]
    document = '{"audit": {"criteria": ["x"]},\n"findings": [\n' + ",\n".join(lines[1:]) + "\n]}"
    shifted = [{name: (line + 1, column) for name, (line, column) in want.items()} for want in expected]
    result = read_report(document, format="json")
    assert [f.positions for f in result.report.findings] == shifted
    assert [f.position("statement") for f in read_report(document, format="json").report.findings] == \
        [want["statement"] for want in shifted]
    duplicate = (5, lines[3].rindex('"id"') + 1)
    assert [(p.rule, p.line, p.column) for p in result.problems if p.rule == "FV004"] == [("FV004", *duplicate)]


FLAT = ('{"audit": {"criteria": ["x"]}, "findings": [\n  {"id": "N1", "grade": "minor", "clause": "8.5.1",\n'
        '   "statement": "s", "evidence": ["a", "b"]}\n]}')


def test_the_mapping_is_the_dict_it_stands_for() -> None:
    (finding,) = _fresh(FLAT, "json")
    positions = finding.positions
    assert isinstance(positions, LazyPositions) and isinstance(positions, dict)
    assert positions.get("statement") == finding.position("statement") and positions.get("nothing", 1) == 1
    with pytest.raises(KeyError):
        positions["nothing"]
    whole = dict(positions)
    assert list(whole)[0] == "id", "fields in the order written, whatever was looked up first"
    for same in (positions, positions.copy(), {**positions}, copy.deepcopy(positions),
                 pickle.loads(pickle.dumps(positions))):
        assert same == whole and whole == same
    assert type(pickle.loads(pickle.dumps(positions))) is dict
    assert repr(positions) == repr(whole) and len(positions) == len(whole)
    assert type(positions) is Positions and json.loads(json.dumps(positions)) == json.loads(json.dumps(whole))
    assert whole == {"id": (2, 4), "grade": (2, 16), "clause": (2, 34), "statement": (3, 4), "evidence": (3, 22)}
    assert finding == read_report(FLAT, format="json").report.findings[0]


def test_jsonl_audit_line_not_utf8() -> None:
    text = ('{"audit": {"criteria": ["ISO 9001:2015"], "client": "Caf\u00e9"}}\n'
            '{"id": "N1", "grade": "ofi", "statement": "s"}\n').encode("cp1252")
    result = read_report(text, format="jsonl")
    assert result.report.audit.client == "Caf\u00e9" and [f.id for f in result.report.findings] == ["N1"]
    assert [(p.rule, p.line) for p in result.problems] == [("FV007", 1)]
    audit, items = iter_findings(text, format="jsonl")
    assert audit.client == "Caf\u00e9" and [getattr(i, "rule", getattr(i, "id", None)) for i in items] == ["FV007",
                                                                                                           "N1"]


def test_reading_leaves_the_garbage_collector_as_it_was() -> None:
    text = render_json(read_report(EXAMPLES / "iso27001-surveillance.yaml").report)
    assert gc.isenabled()
    read_report(text, format="json")
    assert gc.isenabled()
    gc.disable()
    try:
        read_report(text, format="json")
        assert not gc.isenabled()
    finally:
        gc.enable()
    kept = [object() for _ in range(3)]
    gc.freeze()                                     # as before a fork: what the caller froze stays frozen
    try:
        frozen = gc.get_freeze_count()
        read_report(text, format="json")
        assert gc.get_freeze_count() == frozen
    finally:
        gc.unfreeze()
    assert kept
