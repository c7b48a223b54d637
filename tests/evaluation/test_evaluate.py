"""``evaluate`` and ``findings-validator eval`` on a hand-made set whose figures are worked out by hand.

The set (labelled.py): 8 records, 6 judged as labelled. good-2 is valid but says "best practice" (FV501
downgrades it: a good finding rejected, a wrong FV501 firing); flaw-2 is a vague statement no rule recognises (a
flawed finding passed, vague_statement missed); sys-1..3 are three minors on 7.1.5.2 a) in one group (FV702).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from labelled import RECORDS, record, write_jsonl

from findings_validator import evaluate
from findings_validator.cli import main


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture()
def labelled(tmp_path: Path) -> Path:
    return write_jsonl(tmp_path / "labelled.jsonl")


def test_the_figures_of_the_hand_made_set(labelled: Path) -> None:
    ev = evaluate([labelled])
    assert ev.errors == []
    assert (ev.agreement.count, ev.agreement.of, ev.agreement.rate) == (6, 8, 0.75)
    assert {v: (s.count, s.of) for v, s in ev.by_verdict.items()} == {
        "valid": (1, 2), "invalid": (1, 2), "downgrade_to_ofi": (1, 1), "reclassify_as_nc": (0, 0),
        "upgrade_to_major": (3, 3)}
    assert ev.by_verdict["reclassify_as_nc"].rate is None
    assert ev.confusion["valid"] == {"valid": 1, "invalid": 0, "downgrade_to_ofi": 1, "reclassify_as_nc": 0,
                                     "upgrade_to_major": 0}
    assert ev.confusion["invalid"]["valid"] == 1 and ev.confusion["invalid"]["invalid"] == 1
    assert ev.confusion["upgrade_to_major"]["upgrade_to_major"] == 3
    assert sum(n for row in ev.confusion.values() for n in row.values()) == 8
    assert (ev.good_rejected.count, ev.good_rejected.of, ev.good_rejected.ids) == (1, 2, ("good-2",))
    assert ev.good_rejected.rate == 0.5
    assert (ev.flawed_passed.count, ev.flawed_passed.of, ev.flawed_passed.ids) == (1, 6, ("flaw-2",))
    assert [m.record.id for m in ev.misses] == ["good-2", "flaw-2"]


def test_per_reason_code_and_per_rule(labelled: Path) -> None:
    ev = evaluate([labelled])
    preference = ev.codes["preference"]
    assert (preference.expected, preference.detected, preference.fired) == (1, 1, 2)
    assert (preference.recall, preference.precision, preference.misfired_by) == (1.0, 0.5, {"FV501": 1})
    assert "FV501" in preference.rules
    vague = ev.codes["vague_statement"]
    assert (vague.expected, vague.detected, vague.fired, vague.recall, vague.precision) == (1, 0, 0, 0.0, None)
    assert vague.missed == ("flaw-2",)
    assert (ev.codes["systemic"].expected, ev.codes["systemic"].detected) == (3, 3)
    assert ev.codes["ofi_is_nc"].expected == 0 and ev.codes["ofi_is_nc"].recall is None
    # FV127 warns on flaw-3: a calibration label cited to the General sub-clause beside 7.1.5.2
    assert set(ev.rules) == {"FV101", "FV127", "FV501", "FV702"}
    fv501 = ev.rules["FV501"]
    assert (fv501.firings, fv501.wrong, fv501.wrong_ids, fv501.in_misses) == (2, 1, ("good-2",), 1)
    assert (ev.rules["FV702"].firings, ev.rules["FV702"].wrong) == (3, 0)
    assert {k: (s.count, s.of) for k, s in ev.by_kind.items()} == {"published": (1, 2), "adapted": (0, 0),
                                                                    "constructed": (5, 6)}
    assert {c: (s.count, s.of) for c, s in ev.by_confidence.items()} == {"high": (6, 7), "medium": (0, 1)}


def test_a_group_is_one_report(tmp_path: Path) -> None:
    ungrouped = [{k: v for k, v in r.items() if k != "group"} for r in RECORDS]
    ev = evaluate([write_jsonl(tmp_path / "ungrouped.jsonl", ungrouped)])
    judged = {r.record.id: r.verdict.value for r in ev.judged}
    assert [judged[i] for i in ("sys-1", "sys-2", "sys-3")] == ["valid"] * 3
    assert ev.codes["systemic"].detected == 0


def test_groups_are_per_file_and_share_their_audit(tmp_path: Path) -> None:
    first = write_jsonl(tmp_path / "a.jsonl", RECORDS[5:7])
    second = write_jsonl(tmp_path / "b.jsonl", [record("sys-4", "upgrade_to_major", ["systemic"], group="g")])
    ev = evaluate([first, second])
    assert {r.record.id: r.verdict.value for r in ev.judged} == {"sys-1": "valid", "sys-2": "valid", "sys-4": "valid"}
    odd = record("sys-5", "upgrade_to_major", ["systemic"], group="g")
    odd["audit"] = {"criteria": ["ISO 9001:2015"], "exclusions": ["8.3"]}
    ev = evaluate([write_jsonl(tmp_path / "c.jsonl", [*RECORDS[5:8], odd])])
    assert [e.line for e in ev.errors] == [4] and "same audit block" in (ev.errors[0].hint or "")
    assert len(ev.judged) == 3


def test_bad_records_are_located_and_the_rest_scored(tmp_path: Path) -> None:
    lines = [json.dumps(RECORDS[0]), "{not json", json.dumps({k: v for k, v in RECORDS[2].items() if k != "expected"})]
    unknown_code = record("bad-code", "invalid", ["vauge_statement"])
    unknown_verdict = record("bad-verdict", "fine", [])
    no_grade = record("bad-grade", "valid", [])
    del no_grade["finding"]["grade"]  # type: ignore[attr-defined]
    typo = record("bad-field", "valid", [])
    typo["finding"]["evidance"] = "x"  # type: ignore[index]
    valid_with_reason = record("bad-reasons", "valid", ["preference"])
    lines += [json.dumps(r) for r in (unknown_code, unknown_verdict, no_grade, typo, valid_with_reason, RECORDS[1],
                                      RECORDS[0])]
    path = tmp_path / "mixed.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    ev = evaluate([path])
    assert [r.record.id for r in ev.judged] == ["good-1", "good-2"]
    by_line = {e.line: e for e in ev.errors}
    assert sorted(by_line) == [2, 3, 4, 5, 6, 7, 8, 10]
    assert by_line[2].message.startswith("not JSON")
    assert "missing field 'expected'" in by_line[3].message
    assert "unknown reason code 'vauge_statement'" in by_line[4].message and "vague_statement" in by_line[4].message
    assert "unknown verdict 'fine'" in by_line[5].message and "downgrade_to_ofi" in (by_line[5].hint or "")
    assert "finding.grade" in by_line[6].message
    assert "finding.evidance" in by_line[7].message and by_line[7].hint == "did you mean 'evidence'?"
    assert "a valid finding has no reasons" in by_line[8].message
    assert "duplicate record id 'good-1'" in by_line[10].message
    assert all(str(e).startswith(f"{path}:{e.line}:") for e in ev.errors)


def test_unknown_criteria_are_an_error_of_the_record(tmp_path: Path) -> None:
    odd = record("odd", "valid", [])
    odd["audit"] = {"criteria": ["ISO 9999:2015"]}
    ev = evaluate([write_jsonl(tmp_path / "odd.jsonl", [odd, RECORDS[0]])])
    assert [e.record for e in ev.errors] == ["odd"] and ev.errors[0].line == 1
    assert [r.record.id for r in ev.judged] == ["good-1"]


def test_yaml_records_as_a_list_or_under_records(tmp_path: Path) -> None:
    import yaml

    one = record("y-1", "invalid", ["citation_unknown"], clause="7.10")  # 7.10 stays text: no such clause
    (tmp_path / "list.yaml").write_text(yaml.safe_dump([one]).replace("'7.10'", "7.10"), encoding="utf-8")
    (tmp_path / "records.yml").write_text(yaml.safe_dump({"records": RECORDS[:2]}), encoding="utf-8")
    ev = evaluate([tmp_path / "list.yaml", tmp_path / "records.yml"])
    assert ev.errors == []
    assert [(r.record.id, r.verdict.value) for r in ev.judged] == [
        ("y-1", "invalid"), ("good-1", "valid"), ("good-2", "downgrade_to_ofi")]
    assert ev.judged[0].record.finding.clause == ("7.10",)
    bad = tmp_path / "bad.yaml"
    bad.write_text("- id: z\n  kind: constructed\n  expected: {verdict: valid, reasons: []}\n", encoding="utf-8")
    ev = evaluate([bad])
    assert ev.errors[0].line == 1 and "missing field" in ev.errors[0].message


# ---- the command ---------------------------------------------------------------------------------------------
def test_cli_text_and_show_misses(capsys, labelled: Path) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run(capsys, "eval", str(labelled), "--isolated", "--show-misses")
    assert code == 0
    assert "agreement 0.750 (6 of 8)" in out
    assert "good findings rejected   1 of 2 (0.500): good-2" in out
    assert "flawed findings passed   1 of 6 (0.167): flaw-2" in out
    assert "preference                    1        1  1.000      2     0.500  FV501 (1)" in out
    assert f"flaw-2 ({labelled}:4)" in out and "expected: invalid [vague_statement]" in out
    assert "fired: FV501 error:" in out and "fired: nothing" in out


def test_cli_json(capsys, labelled: Path) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run(capsys, "eval", str(labelled), "--isolated", "-f", "json", "--min-agreement", "0.7")
    assert code == 0
    data = json.loads(out)
    assert data["records"] == 8 and data["agreement"]["agreement"] == 0.75
    assert data["good_rejected"] == {"count": 1, "of": 2, "rate": 0.5, "ids": ["good-2"]}
    assert data["flawed_passed"]["ids"] == ["flaw-2"]
    assert data["rules"]["FV501"]["wrong_ids"] == ["good-2"]
    assert data["reasons"]["vague_statement"]["missed"] == ["flaw-2"]
    assert data["confusion"]["valid"]["downgrade_to_ofi"] == 1
    assert [m["id"] for m in data["misses"]] == ["good-2", "flaw-2"]
    assert data["thresholds"] == [{"name": "agreement", "limit": 0.7, "value": 0.75, "comparison": ">=",
                                   "holds": True}]


@pytest.mark.parametrize(("option", "value", "code"), [
    ("--min-agreement", "0.75", 0), ("--min-agreement", "0.8", 1),
    ("--max-false-alarm", "0.5", 0), ("--max-false-alarm", "0.4", 1),
    ("--max-flaws-passed", "0.2", 0), ("--max-flaws-passed", "0.1", 1),
])
def test_cli_thresholds(capsys, labelled: Path, option: str, value: str, code: int) -> None:  # type: ignore[no-untyped-def]
    got, out, _ = run(capsys, "eval", str(labelled), "--isolated", option, value)
    assert got == code
    assert ("FAILED" in out) == bool(code)


def test_cli_selection_and_user_rules(capsys, labelled: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run(capsys, "eval", str(labelled), "--isolated", "--ignore", "FV501", "--max-false-alarm", "0")
    assert code == 0 and "good findings rejected   0 of 2" in out
    rules = tmp_path / "uneasy.rules"
    rules.write_text('rule ACME001 uneasy "the auditor is uneasy"\n  detects vague_statement\n'
                     '  when statement mentions uneasy\n  reject "An impression, not a finding."\n'
                     'lexicon uneasy "impressions" { "uneasy" }\n', encoding="utf-8")
    code, out, _ = run(capsys, "eval", str(labelled), "--isolated", "--rules", str(rules), "-f", "json")
    data = json.loads(out)
    assert code == 0 and data["flawed_passed"]["count"] == 0
    assert data["rules"]["ACME001"] == {"detects": ["vague_statement"], "firings": 1, "wrong": 0, "wrong_ids": [],
                                        "in_misses": 0}
    assert data["reasons"]["vague_statement"]["recall"] == 1.0


def test_cli_bad_input_exits_2_and_still_scores(capsys, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "mixed.jsonl"
    path.write_text(json.dumps(RECORDS[0]) + "\n{oops\n", encoding="utf-8")
    code, out, _ = run(capsys, "eval", str(path), "--isolated", "--min-agreement", "0.5")
    assert code == 2
    assert f"error: {path}:2:2: not JSON" in out and "agreement 1.000 (1 of 1)" in out
    code, out, err = run(capsys, "eval", str(path), "--isolated", "-f", "json")
    assert code == 2 and json.loads(out)["errors"][0]["line"] == 2 and f"{path}:2:2" in err
    empty = tmp_path / "empty.jsonl"
    empty.write_text("\n", encoding="utf-8")
    code, _, err = run(capsys, "eval", str(empty), "--isolated")
    assert code == 2 and "no labelled finding could be scored" in err
    other = tmp_path / "labels.csv"
    other.write_text("id\n", encoding="utf-8")
    code, _, err = run(capsys, "eval", str(other), "--isolated")
    assert code == 2 and "unknown file type '.csv'" in err
