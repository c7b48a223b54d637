"""Markdown drafts read as CommonMark reads them (markdown-it-py): headings, lists, tables, code; positions of every
field; located problems with the other findings still read; line endings; bounded time on long runs of blanks."""

from __future__ import annotations

import time
from pathlib import Path

from findings_validator.models import Grade
from findings_validator.readers import read_report

EXAMPLES = Path(__file__).parents[2] / "examples"
FRONT = "---\naudit:\n  criteria: ['ISO 9001:2015']\n---\n\n"


def _read(body: str):  # type: ignore[no-untyped-def]
    return read_report(FRONT + body, format="markdown")


def test_setext_headings_start_findings_and_positions_point_at_the_parts() -> None:
    body = ("NC-01 · minor · 8.5.1\n-------------------\n\n**Statement:** Work instructions were missing.\n\n"
            "**Evidence:** WI-FAB-014 absent at press PB-3.\n")
    result = _read(body)
    (finding,) = result.report.findings
    assert (finding.id, finding.grade, finding.clause) == ("NC-01", Grade.MINOR, ("8.5.1",))
    lines = (FRONT + body).split("\n")
    for name, (line, column) in finding.positions.items():
        written = {"id": "NC-01", "grade": "minor", "clause": "8.5.1"}.get(name, f"**{name.capitalize()}:**")
        assert lines[line - 1][column - 1:].startswith(written), name
    assert result.problems == ()


def test_a_setext_level_1_heading_is_a_title_not_a_finding() -> None:
    body = ("NC-09 · minor\n=============\n\n**Statement:** Not a finding: a title.\n\n"
            "## NC-01 · minor\n\n**Statement:** x y\n")
    assert [f.id for f in _read(body).report.findings] == ["NC-01"]


def test_lists_are_read_as_commonmark_reads_them() -> None:
    body = ("## NC-01 · minor · 7.1.5.2 a)\n\n**Statement:** Micrometers were not calibrated.\n\n**Evidence:**\n\n"
            "1. MIC-0231 due 2025-08-11,\n   seen in cell 2.\n\n   Register QF-071 rev 6.\n"
            "2) not an item of the same list: a new ordered list\n"
            "* MIC-0238 due 2025-08-11\n  - nested: the caliper DVC-0112\n")
    (finding,) = _read(body).report.findings
    assert finding.evidence == ("MIC-0231 due 2025-08-11, seen in cell 2. Register QF-071 rev 6.",
                                "not an item of the same list: a new ordered list", "MIC-0238 due 2025-08-11",
                                "nested: the caliper DVC-0112")


def test_field_text_is_the_text_the_markdown_shows() -> None:
    body = ("## NC-01 · minor\n\n**Statement:** The *calibration* of `MIC-0231` was **overdue** "
            "(see [register](https://example.org/qf-071)) \\* &amp; more.\n\n**Evidence:** Seen on 2025-10-14.\n")
    (finding,) = _read(body).report.findings
    assert finding.statement == "The calibration of MIC-0231 was overdue (see register) * & more."


def test_labels_written_as_strong_text_either_way_and_on_consecutive_lines() -> None:
    body = ("## NC-01 · minor\n\n**Statement**: Work instructions were missing\nat press PB-3.\n"
            "**Process:** Fabrication\n__Site__: Unit 4\n")
    (finding,) = _read(body).report.findings
    assert (finding.statement, finding.process, finding.site) == (
        "Work instructions were missing at press PB-3.", "Fabrication", "Unit 4")


def test_code_blocks_and_deeper_headings_are_text_of_the_current_label() -> None:
    body = ("## NC-01 · minor\n\n**Evidence:** Log of 2025-10-01:\n\n"
            "```\n**Statement:** not a label\nrestore: none\n```\n\n"
            "### Interview\n\nOperator K. Ambrose confirmed.\n\n<!-- a comment is not read -->\n\n"
            "**Statement:** Backups are not tested.\n")
    (finding,) = _read(body).report.findings
    assert finding.statement == "Backups are not tested."
    assert finding.evidence == ("Log of 2025-10-01:", "**Statement:** not a label restore: none", "Interview",
                                "Operator K. Ambrose confirmed.")


def test_a_findings_table_gives_a_finding_per_row_with_cell_positions() -> None:
    body = ("## Findings\n\n| NC No | Grade | Clause | Finding | Objective evidence |\n"
            "| --- | --- | --- | --- | --- |\n"
            "| NC-01 | Minor NC | 8.5.1 c) | Work instructions were not available. | WI-FAB-014 absent \\| PB-3 |\n"
            "|NC-02|Major|7.2|Competence of welders was not shown.|2 of 5 welders without WPQ records|\n")
    result = _read(body)
    first, second = result.report.findings
    assert (first.id, first.grade, first.clause, first.evidence) == (
        "NC-01", Grade.MINOR, ("8.5.1 c)",), ("WI-FAB-014 absent | PB-3",))
    assert (second.id, second.grade, second.statement) == ("NC-02", Grade.MAJOR, "Competence of welders was not shown.")
    lines = (FRONT + body).split("\n")
    for finding, values in ((first, {"id": "NC-01", "clause": "8.5.1 c)", "statement": "Work"}),
                            (second, {"id": "NC-02", "grade": "Major", "evidence": "2 of 5"})):
        for name, written in values.items():
            line, column = finding.positions[name]
            assert lines[line - 1][column - 1:].startswith(written), (finding.id, name)


def test_a_table_inside_a_field_is_a_block_per_row() -> None:
    body = ("## NC-01 · minor\n\n**Statement:** Micrometers were overdue.\n\n**Evidence:**\n\n"
            "| Tool | Due |\n| --- | --- |\n| MIC-0231 | 2025-08-11 |\n")
    (finding,) = _read(body).report.findings
    assert finding.evidence == ("Tool | Due", "MIC-0231 | 2025-08-11")


def test_bad_input_is_located_and_the_other_findings_still_read() -> None:
    body = ("## NC-01 · minor\n\n**Statement:** First.\n\n**Statement:** Second.\n\n"
            "## NC-02 · minor\n\n**Evidence:** No statement here.\n\n## NC-03 · minor\n\n**Statement:** Fine.\n")
    result = _read(body)
    assert [f.id for f in result.report.findings] == ["NC-01", "NC-02", "NC-03"]
    twice = next(p for p in result.problems if p.rule == "FV004")
    assert (twice.line, twice.column) == (FRONT.count("\n") + 5, 1) and twice.suggestion == "merge the two"
    missing = next(p for p in result.problems if p.rule == "FV002")
    assert missing.line == FRONT.count("\n") + 7 and missing.finding == "NC-02"
    unclosed = read_report("---\naudit:\n  criteria: ['ISO 9001:2015']\n\n## NC-01 · minor\n", format="markdown")
    (problem,) = [p for p in unclosed.problems if p.rule == "FV001"]
    assert (problem.line, problem.column) == (1, 1) and "closing '---'" in problem.message and problem.suggestion


def test_cr_only_and_crlf_line_endings_keep_every_finding_and_position() -> None:
    text = (EXAMPLES / "iso9001-draft.md").read_text(encoding="utf-8")
    expected = read_report(text, format="markdown").report
    assert len(expected.findings) == 10
    for newline in ("\r", "\r\n"):
        report = read_report(text.replace("\n", newline), format="markdown").report
        assert [f.model_dump() for f in report.findings] == [f.model_dump() for f in expected.findings]
        assert report.audit == expected.audit


def test_a_megabyte_of_blank_runs_in_headings_reads_in_bounded_time() -> None:
    """Runs of blanks inside headings once took time growing with the square of their length (40 KB: 22 s)."""
    runs = [f"## a{' ' * 20_000}b\n", f"## NC-01{' ' * 20_000}· minor\n", f"## Nonconformity {'1' * 20_000}\n",
            f"##{' ' * 20_000}#{' ' * 20_000}x\n"]
    for run in runs:
        text = FRONT + run * (1_000_000 // len(run) + 1)
        assert len(text) > 1_000_000
        started = time.perf_counter()
        read_report(text, format="markdown")
        assert time.perf_counter() - started < 20, run[:12]
