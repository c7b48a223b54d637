"""JUnit XML: parses, one suite per file, one case per finding, failures for errors only."""

from __future__ import annotations

import dataclasses
import xml.etree.ElementTree as ET

from findings_validator.models import ReportResult, RuleInfo
from findings_validator.writers import render


def find(element: ET.Element, path: str) -> ET.Element:
    found = element.find(path)
    assert found is not None, path
    return found


def test_structure(result: ReportResult, rules: list[RuleInfo]) -> None:
    root = ET.fromstring(render("junit", [result, result], rules))
    assert root.tag == "testsuites" and root.get("tests") == "6" and root.get("failures") == "4"
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == ["reports/site a/audit.yaml"] * 2
    cases = suites[0].findall("testcase")
    assert [(c.get("classname"), c.get("name")) for c in cases] == [
        ("reports/site a/audit.yaml", "report"), ("reports/site a/audit.yaml", "NC-1 (minor)"),
        ("reports/site a/audit.yaml", "MAJ-1 (major)")]
    report, nc, major = cases
    assert find(report, "failure").get("message") == "report is incomplete"
    failure = find(nc, "failure")
    assert failure.get("message") == "invalid"
    assert failure.text == ("FV302 error: The evidence is vague ('several').\n  Second line: 100%\n"
                            "  Suggestion: Name the records, dates.")
    assert find(nc, "system-out").text == "FV900 info: A note."
    assert major.find("failure") is None
    assert str(find(major, "system-out").text).startswith("FV011 warning: the waiver of FV302 is unused\n")


def test_control_characters_do_not_break_the_xml(result: ReportResult, rules: list[RuleInfo]) -> None:
    diag = dataclasses.replace(result.diagnostics[0], message="bell \x07 & <tag>")
    root = ET.fromstring(render("junit", [dataclasses.replace(result, diagnostics=(diag,))], rules))
    assert str(find(root, "testsuite/testcase/failure").text).startswith("FV900 error: bell  & <tag>")
