"""GitHub workflow commands and their escaping."""

from __future__ import annotations

from findings_validator.models import ReportResult, RuleInfo
from findings_validator.writers import render
from findings_validator.writers.github_writer import escape_data, escape_property


def test_escape_data() -> None:
    assert escape_data("100% done\r\nnext: a, b") == "100%25 done%0D%0Anext: a, b"


def test_escape_property() -> None:
    assert escape_property("FV302 a: b, c%\n") == "FV302 a%3A b%2C c%25%0A"


def test_percent_is_escaped_first() -> None:
    assert escape_data("%0A") == "%250A"


def test_annotations(result: ReportResult, rules: list[RuleInfo]) -> None:
    lines = render("github", [result], rules).splitlines()
    assert lines[0] == ("::error file=reports/site a/audit.yaml,line=1,col=1,title=FV900 report has no conclusion"
                        "::The report has no conclusion.%0ASuggestion: Add one.")
    assert lines[1] == ("::error file=reports/site a/audit.yaml,line=14,col=7,title=FV302 evidence is vague"
                        "::NC-1: The evidence is vague ('several').%0ASecond line: 100%25"
                        "%0ASuggestion: Name the records, dates.")
    assert lines[2].startswith("::notice file=reports/site a/audit.yaml,line=12,col=5,title=FV900 ")
    # a diagnostic without a position points at its finding
    assert lines[4].startswith("::warning file=reports/site a/audit.yaml,line=30,col=5,"
                               "title=FV701 major shows no effect on the system's capability::MAJ-1: ")
    assert lines[-1] == "2 findings: 1 valid, 1 invalid · 2 errors, 2 warnings, 1 info"


def test_windows_paths_use_forward_slashes(result: ReportResult, rules: list[RuleInfo]) -> None:
    import dataclasses

    out = render("github", [dataclasses.replace(result, file="reports\\a,b.yaml")], rules)
    assert "file=reports/a%2Cb.yaml," in out
