"""The terminal format."""

from __future__ import annotations

import click

from findings_validator.models import ReportResult, RuleInfo
from findings_validator.writers import render


def test_layout(result: ReportResult, rules: list[RuleInfo]) -> None:
    assert render("text", [result], rules) == """\
reports/site a/audit.yaml
  1:1  error    FV900  The report has no conclusion.
       suggestion: Add one.

reports/site a/audit.yaml:12  NC-1  minor  ✗ invalid
  14:7  error    FV302  The evidence is vague ('several').
                        Second line: 100%
        suggestion: Name the records, dates.
  12:5  info     FV900  A note.

reports/site a/audit.yaml:30  MAJ-1  major  ✓ valid
  33:9  warning  FV011  the waiver of FV302 is unused
        suggestion: remove the waiver
  30:5  warning  FV701  No effect shown.
        suggestion: Say what fails.

2 findings: 1 valid, 1 invalid · 2 errors, 2 warnings, 1 info
not ready: 1 nonconformities need rework
"""


def test_no_colour_unless_asked(result: ReportResult, rules: list[RuleInfo]) -> None:
    assert "\x1b[" not in render("text", [result], rules)
    coloured = render("text", [result], rules, color=True)
    assert click.style("error  ", fg="red") in coloured
    assert click.unstyle(coloured) == render("text", [result], rules)


def test_several_files_name_the_file_on_each_readiness_line(result: ReportResult, rules: list[RuleInfo]) -> None:
    lines = render("text", [result, result], rules).splitlines()
    assert lines[-3] == "4 findings: 2 valid, 2 invalid · 4 errors, 4 warnings, 2 info"
    assert lines[-2:] == ["reports/site a/audit.yaml: not ready: 1 nonconformities need rework"] * 2


def test_unread_report(rules: list[RuleInfo]) -> None:
    out = render("text", [ReportResult("bad.csv", None)], rules)
    assert out == "bad.csv\n\n0 findings · no diagnostics\nnot checked: the report could not be read\n"


def test_data_cannot_start_a_workflow_command_even_when_wrapped(rules: list[RuleInfo]) -> None:
    """Messages quote the findings: wrapped to a narrow terminal, a quoted ``::command::`` could start a line."""
    import dataclasses
    import re

    from findings_validator.models import Diagnostic, Severity

    from findings_validator.writers import text_writer

    from .conftest import sample_result

    result = sample_result()
    quoted = "The statement says '" + "word " * 9 + "::add-mask::secret' and then \x1b]0;t\x07 ##[group]x\r."
    finding = result.findings[0]
    diag = Diagnostic("FV302", Severity.ERROR, quoted, "::warning::w", None, finding=finding.id,
                      file=result.file, line=14, column=7)
    hostile = dataclasses.replace(result, findings=(dataclasses.replace(finding, diagnostics=(diag,)),))
    for width in (None, 40, 50, 60, 70, 80):
        for color in (False, True):
            out = text_writer.render([hostile], rules, color=color, width=width)
            plain = [re.sub(r"\x1b\[[0-9;]*m", "", line).lstrip() for line in out.splitlines()]
            assert not [line for line in plain if line.startswith("::") or "##[" in line], width
            assert "mask::secret" in out and "\r" not in out and "\x07" not in out
            assert re.sub(r"\x1b\[[0-9;]*m", "", out).count("\x1b") == 0
            if width in (58, 90):
                assert any(line.startswith("\\::add-mask::secret") for line in plain)
