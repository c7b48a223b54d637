"""Checking a report as a stream of findings (what ``check`` does for every format but HTML) gives the results of
checking it whole; report rules at scale: similarity, capped ids, the groups as data."""

from __future__ import annotations

import io
import json
import random
import sys
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from findings_validator.dsl import rules_from_text
from findings_validator.dsl.context import _max_similarity
from findings_validator.dsl.text import overlap
from findings_validator.engine import Checker
from findings_validator.readers import iter_findings, read_report
from findings_validator.writers import json_writer, junit_writer, sarif_writer

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml")) + sorted((ROOT / "examples").glob("*.md"))
BENCH = ROOT / "bench"


def _generated(tmp: Path, n: int, fmt: str) -> Path:
    sys.path.insert(0, str(BENCH))
    try:
        import generate
    finally:
        sys.path.remove(str(BENCH))
    return getattr(generate, f"write_{fmt}")(tmp / f"generated.{fmt}", n, seed=3, repeated=0.3)


def _as(path: Path, tmp: Path, fmt: str) -> Path:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    out = tmp / f"{path.stem}.{fmt}"
    if fmt == "json":
        out.write_text(json.dumps(data, indent=1, default=str), encoding="utf-8")
    else:
        lines = [json.dumps({"audit": data["audit"]}, default=str)]
        lines += [json.dumps(f, default=str) for f in data["findings"]]
        out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return out


def _same(checker: Checker, path: Path) -> None:
    read = read_report(path)
    whole = checker.check_report(read.report, read.problems)
    stream = iter_findings(path)
    streamed = checker.check_stream(stream.audit, stream.items, read.report.file,
                                    duplicates_checked=stream.duplicates_checked)
    assert [r.to_dict() for r in streamed.findings] == [r.to_dict() for r in whole.findings]
    assert [d.to_dict() for d in streamed.diagnostics] == [d.to_dict() for d in whole.diagnostics]
    assert streamed.summary == whole.summary
    assert streamed.groups == whole.groups
    assert streamed.report is None and all(type(r.finding).__name__ == "FindingRef" for r in streamed.findings)


def _inputs(tmp: Path) -> list[Path]:
    yamls = [p for p in EXAMPLES if p.suffix == ".yaml"]
    return [*EXAMPLES, *(_as(p, tmp, "json") for p in yamls), *(_as(p, tmp, "jsonl") for p in yamls)]


def test_a_stream_of_findings_gives_the_results_of_the_whole_report(checker, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert checker.streaming is not None  # the built-in report rules need only what a stream keeps
    for path in _inputs(tmp_path):
        _same(checker, path)
    for fmt in ("json", "jsonl", "csv"):
        _same(checker, _generated(tmp_path, 700, fmt))


def test_repeated_ids_are_reported_once_whether_streamed_or_not(checker, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "twice.json"
    finding = {"id": "NC-01", "grade": "minor", "clause": "7.1.5.2 a)", "statement": "The caliper was overdue.",
               "evidence": "DVC-0112 due 2025-09-10."}
    path.write_text(json.dumps({"audit": {"criteria": ["ISO 9001:2015"]}, "findings": [finding, finding]}))
    _same(checker, path)
    stream = iter_findings(path)
    result = checker.check_stream(stream.audit, stream.items, str(path))
    assert [d.rule for d in result.diagnostics].count("FV003") == 1


def test_a_phrase_across_two_findings_is_found_in_the_streamed_report_text(checker, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    # "management review" is a topic phrase; here its words end one finding and begin the next
    findings = [
        {"id": "OFI-01", "grade": "ofi", "statement": "Inputs could be recorded more fully for management",
         "evidence": "Minutes of management"},
        {"id": "OFI-02", "grade": "ofi", "statement": "review meetings could list the actions agreed.",
         "evidence": "MR-25-01 held 2025-10-01."},
    ]
    # a report (not a findings list): its contents' topic rules run
    audit = {"criteria": ["ISO 9001:2015"], "type": "surveillance", "organization": "Acme Ltd"}
    path = tmp_path / "across.json"
    path.write_text(json.dumps({"audit": audit, "findings": findings}))
    _same(checker, path)
    stream = iter_findings(path)
    rules = {d.rule for d in checker.check_stream(stream.audit, stream.items, str(path)).diagnostics}
    findings[1]["statement"] = "meetings could list the actions agreed."
    path.write_text(json.dumps({"audit": audit, "findings": findings}))
    stream = iter_findings(path)
    without = {d.rule for d in checker.check_stream(stream.audit, stream.items, str(path)).diagnostics}
    assert without - rules, "the phrase across the junction was found, and without it a topic rule fires"


def test_a_report_rule_that_reads_a_findings_text_holds_the_findings(catalogs, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    rules = rules_from_text(
        'rule FV990 long_statements "statements of a group too long"\n  applies to report\n'
        "  group findings by grade\n  when any finding (statement.words > 12)\n"
        '  warn "{count} findings graded {key} include a long statement."\n', builtin=True)
    checker = Checker(rules, catalogs)
    assert checker.streaming is None
    path = _generated(tmp_path, 200, "json")
    _same_but_whole = read_report(path)
    stream = iter_findings(path)
    streamed = checker.check_stream(stream.audit, stream.items, str(path))
    whole = checker.check_report(_same_but_whole.report, _same_but_whole.problems)
    assert [r.to_dict() for r in streamed.findings] == [r.to_dict() for r in whole.findings]
    assert any(d.rule == "FV990" for r in whole.findings for d in r.diagnostics)


def test_json_sarif_and_junit_written_piece_by_piece_are_the_rendered_text(checker, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    results = [checker.check_report(read_report(p).report) for p in EXAMPLES[:2]]
    rules = checker.rules.infos()
    for chosen in (results, results[:1], []):
        out = io.StringIO()
        json_writer.write(chosen, rules, out)
        assert out.getvalue() == json_writer.render(chosen, rules)
    path = _generated(tmp_path, 600, "json")  # more findings than one piece holds
    big = [checker.check_report(read_report(path).report)]
    out = io.StringIO()
    json_writer.write(big, rules, out)
    assert out.getvalue() == json_writer.render(big, rules)
    assert json.loads(out.getvalue())["summary"]["findings"] == 600
    from findings_validator.models import ReportResult

    unread = ReportResult("missing.yaml", None, (), (), {"findings": 0, "ready": False})
    for chosen in (big, results, results[:1], [], [unread, *results]):
        for writer in (sarif_writer, junit_writer):
            out = io.StringIO()
            writer.write(chosen, rules, out)
            assert out.getvalue() == writer.render(chosen, rules), writer.__name__


def _brute(statements: list[str]) -> float:
    best = 0.0
    for i, a in enumerate(statements):
        for b in statements[i + 1:]:
            best = max(best, min(overlap(a, b), overlap(b, a)))
    return best


class _Member:
    def __init__(self, statement: str) -> None:
        self.finding = type("F", (), {"statement": statement})()
        self._words = None


WORDS = st.sampled_from(["the", "caliper", "was", "overdue", "for", "calibration", "gauge", "a", "b", "7", "2025"])


@settings(max_examples=400, deadline=None)
@given(st.lists(st.lists(WORDS, max_size=10).map(" ".join), max_size=9))
def test_similarity_is_the_highest_overlap_of_any_two_statements(statements: list[str]) -> None:
    assert _max_similarity([_Member(s) for s in statements]) == _brute(statements)


def test_similarity_of_large_groups_is_exact_and_not_pairwise() -> None:
    rng = random.Random(4)
    vocabulary = [f"w{i}" for i in range(400)]
    statements = [" ".join(rng.sample(vocabulary, 12)) for _ in range(300)]
    assert _max_similarity([_Member(s) for s in statements]) == _brute(statements)
    statements.append(statements[17].upper())  # the same words: found at once
    assert _max_similarity([_Member(s) for s in statements]) == 1.0


def test_a_large_group_names_ten_ids_and_lists_them_all_as_data(checker) -> None:  # type: ignore[no-untyped-def]
    from findings_validator.models import Audit, Finding, Report

    findings = [Finding(id=f"NC-{i:03d}", grade="minor", clause=("7.1.5.2 a)",),
                        statement=f"Gauge G-{i:03d} at cell {i} was used past its calibration date.",
                        evidence=(f"G-{i:03d} due 2025-09-{1 + i % 28:02d}, in use 2025-10-14.",)) for i in range(40)]
    result = checker.check_report(Report(audit=Audit(criteria=("ISO 9001:2015",)), findings=tuple(findings)))
    fv702 = [d for r in result.findings for d in r.diagnostics if d.rule == "FV702"]
    assert len(fv702) == 40
    assert "NC-000, NC-001" in fv702[0].message and "NC-009 … and 30 more" in fv702[0].message
    assert "NC-010" not in fv702[0].message
    assert len({id(d.message) for d in fv702}) == 1  # rendered once, shared by the members
    group = next(g for g in result.groups if g.rule == "FV702")
    assert group.findings == tuple(f.id for f in findings) and fv702[0].group == group.key
    document = json.loads(json_writer.render([result], checker.rules.infos()))
    listed = [g for g in document["files"][0]["groups"] if g["rule"] == "FV702"]
    assert listed[0]["findings"] == [f.id for f in findings]


@pytest.mark.parametrize("repeat", [1, 2])
def test_check_reuses_one_checker_per_settings(repeat: int) -> None:
    from findings_validator import check
    from findings_validator.engine import _checker

    report = read_report(EXAMPLES[0]).report
    first = check(report)
    assert _checker(None, None, {}) is _checker(None, None, {})
    assert [r.verdict for r in check(report).findings] == [r.verdict for r in first.findings]
    assert _checker(None, None, {"explain": True}) is not _checker(None, None, {})


def test_a_folder_is_listed_once_per_file_in_order(tmp_path: Path) -> None:
    from findings_validator.runner import expand

    for i in range(30):
        (tmp_path / f"r{i:02d}.yaml").write_text("audit: {criteria: ['ISO 9001:2015']}\nfindings: []\n")
    listed = expand([str(tmp_path), str(tmp_path / "r05.yaml"), str(tmp_path / "*.yaml")])
    assert listed == sorted(tmp_path.glob("*.yaml"))


def test_a_report_checked_block_by_block_on_workers_gives_the_same_results(checker, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from findings_validator.batch import report_parts

    path = _generated(tmp_path, 400, "jsonl")
    stream = iter_findings(path)
    whole = checker.check_stream(stream.audit, stream.items, str(path))
    # small blocks: many junctions between blocks, each finding's text searched across them
    audit, parts = report_parts(path, needs=checker.streaming, jobs=2, block_bytes=9000)
    parted = checker.check_parts(audit, parts, str(path))
    assert [r.to_dict() for r in parted.findings] == [r.to_dict() for r in whole.findings]
    assert [d.to_dict() for d in parted.diagnostics] == [d.to_dict() for d in whole.diagnostics]
    assert parted.summary == whole.summary and parted.groups == whole.groups


def test_block_parts_of_the_report_text_find_a_phrase_across_blocks(checker) -> None:  # type: ignore[no-untyped-def]
    from findings_validator.engine import StreamedText

    lexicons = checker.streaming.lexicons
    pieces = ["Minutes were kept.", "Inputs were recorded for management", "review", "meetings held twice a year."]
    whole = StreamedText(checker.rules, lexicons)
    for piece in pieces:
        whole.add(piece)
    merged = StreamedText(checker.rules, lexicons)
    for cut in ([pieces[:2], pieces[2:]], [pieces[:1], pieces[1:2], pieces[2:3], pieces[3:]]):
        merged = StreamedText(checker.rules, lexicons)
        for block in cut:
            part = StreamedText(checker.rules, lexicons, block=True)
            for piece in block:
                part.add(piece)
            merged.merge(part.part())
        assert merged.found == whole.found
    assert "topic_management_review" in whole.found


def test_check_on_a_large_json_lines_report_uses_workers_and_writes_the_same(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from findings_validator import runner
    from findings_validator.cli import main

    path = _generated(tmp_path, 300, "jsonl")
    outputs = []
    for threshold in (10 ** 12, 1):
        monkeypatch.setattr(runner, "PARALLEL_BYTES", threshold)
        out = tmp_path / f"out-{threshold}.json"
        assert main(["check", "--isolated", str(path), "-o", f"json={out}", "-f", "json"]) == 1
        outputs.append(out.read_text(encoding="utf-8"))
    assert outputs[0] == outputs[1]


def test_the_report_text_searched_for_its_lexicons_alone_finds_what_the_full_automaton_finds(checker) -> None:  # type: ignore[no-untyped-def]
    from findings_validator.engine import StreamedText

    sys.path.insert(0, str(BENCH))
    try:
        import generate
    finally:
        sys.path.remove(str(BENCH))
    lexicons = checker.streaming.lexicons
    pieces = [text for f in generate.findings(400, seed=5) for text in (f["statement"], str(f.get("evidence", "")))]
    for start in range(0, len(pieces), 40):  # many reports: the lexicons found early in one are late in another
        ours, full = StreamedText(checker.rules, lexicons), StreamedText(checker.rules, lexicons)
        full._pieces = checker.rules.scan
        assert ours._pieces != full._pieces
        for piece in pieces[start:start + 40]:
            ours.add(piece)
            full.add(piece)
        assert ours.found == full.found and ours.wanted == full.wanted


def test_a_reports_text_searched_for_the_report_lexicons_alone_gives_the_same_results(checker, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    from findings_validator.models import Report

    sys.path.insert(0, str(BENCH))
    try:
        import generate
    finally:
        sys.path.remove(str(BENCH))
    reports = [read_report(path).report for path in EXAMPLES]
    data = list(generate.findings(120, seed=11))
    reports += [Report.model_validate({"audit": generate.AUDIT, "findings": data[i:i + 3]}) for i in range(0, 120, 3)]

    def results() -> list[object]:
        out = []
        for report in reports:
            result = checker.check_report(report)
            out.append(([r.to_dict() for r in result.findings], [d.to_dict() for d in result.diagnostics]))
        return out

    ours = results()
    monkeypatch.setattr(Checker, "_report_scan", lambda self, audit, contexts: (self.rules_for(audit).scan, None))
    assert results() == ours
    assert any(d for _, diagnostics in ours for d in diagnostics if d["rule"].startswith("FV82"))
