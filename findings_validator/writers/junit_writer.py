"""JUnit XML for CI dashboards: a test suite per report file, a test case per finding.

A finding fails when it has an error-level diagnostic: ``<failure message="{verdict}">`` holds its errors;
warnings and notes go to ``<system-out>``. Report-level diagnostics form a test case named ``report``.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from typing import TextIO

from ..models import Diagnostic, ReportResult, RuleInfo, Severity
from .common import TOOL_NAME, has_errors, message_with_suggestion

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml_safe(text: str) -> str:
    """XML 1.0 cannot carry most control characters, even escaped: drop them."""
    return _NOT_XML.sub("", text)


def _lines(diagnostics: Sequence[Diagnostic]) -> str:
    """One block per diagnostic: ``FV302 error: message`` and its suggestion, for a failure or system-out."""
    blocks = [f"{d.rule} {d.severity.value}: {message_with_suggestion(d)}".replace("\n", "\n  ") for d in diagnostics]
    return _xml_safe("\n".join(blocks))


def _testcase(suite: ET.Element, classname: str, name: str, diagnostics: Sequence[Diagnostic],
              failure_message: str) -> bool:
    """Append one test case; True when it failed."""
    case = ET.SubElement(suite, "testcase", classname=_xml_safe(classname), name=_xml_safe(name), time="0")
    errors = [d for d in diagnostics if d.severity is Severity.ERROR]
    others = [d for d in diagnostics if d.severity is not Severity.ERROR]
    if errors:
        failure = ET.SubElement(case, "failure", message=failure_message, type=failure_message)
        failure.text = _lines(errors)
    if others:
        ET.SubElement(case, "system-out").text = _lines(others)
    return bool(errors)


def _properties(suite: ET.Element, result: ReportResult) -> ET.Element:
    properties = ET.SubElement(suite, "properties")  # the report's summary, for CI systems that show properties
    for key in ("findings", "by_grade", "by_verdict", "ready", "readiness"):
        if key in result.summary:
            value = result.summary[key]
            shown = ", ".join(f"{k}: {v}" for k, v in value.items()) if isinstance(value, dict) else str(value)
            ET.SubElement(properties, "property", name=key, value=_xml_safe(shown))
    return properties


def _suite(root: ET.Element, result: ReportResult) -> tuple[int, int]:
    suite = ET.SubElement(root, "testsuite", name=_xml_safe(result.file))
    _properties(suite, result)
    tests = failures = 0
    if result.diagnostics:
        failed = has_errors(result.diagnostics)
        _testcase(suite, result.file, "report", result.diagnostics, "report is incomplete" if failed else "")
        tests, failures = 1, int(failed)
    for finding in result.findings:
        name = f"{finding.id} ({finding.finding.grade.value})"
        tests += 1
        failures += _testcase(suite, result.file, name, finding.diagnostics, finding.verdict.value)
    suite.attrib.update(tests=str(tests), failures=str(failures), errors="0", skipped="0", time="0")
    return tests, failures


def render(results: Sequence[ReportResult], rules: Sequence[RuleInfo], *, color: bool = False) -> str:
    """The XML document, UTF-8 declared; ``rules`` and ``color`` are not used by this format."""
    root = ET.Element("testsuites", name=TOOL_NAME)
    tests = failures = 0
    for result in results:
        suite_tests, suite_failures = _suite(root, result)
        tests += suite_tests
        failures += suite_failures
    root.attrib.update(tests=str(tests), failures=str(failures), errors="0", time="0")
    ET.indent(root, space="  ")
    body = ET.tostring(root, encoding="unicode")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"


def write(results: Sequence[ReportResult], rules: Sequence[RuleInfo], out: TextIO, *, color: bool = False) -> None:
    """``render`` written to ``out`` piece by piece (the same text): a test case at a time, so the document is never
    held whole as elements or as text."""
    counts = [_counts(result) for result in results]
    total = {"tests": str(sum(t for t, _ in counts)), "failures": str(sum(f for _, f in counts)), "errors": "0",
             "time": "0"}
    root = ET.Element("testsuites", name=TOOL_NAME)
    root.attrib.update(total)
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    if not results:
        out.write(ET.tostring(root, encoding="unicode") + "\n")
        return
    out.write(_start(root) + "\n  ")
    for n, (result, (tests, failures)) in enumerate(zip(results, counts)):
        suite = ET.Element("testsuite", name=_xml_safe(result.file))
        suite.attrib.update(tests=str(tests), failures=str(failures), errors="0", skipped="0", time="0")
        out.write(_start(suite) + "\n    ")
        holder = ET.Element("testsuite")
        properties = _properties(holder, result)
        out.write(_piece(properties))
        cases: list[tuple[str, str, Sequence[Diagnostic], str]] = []
        if result.diagnostics:
            failed = has_errors(result.diagnostics)
            cases.append((result.file, "report", result.diagnostics, "report is incomplete" if failed else ""))
        for i, finding in enumerate(result.findings):
            name = f"{finding.id} ({finding.finding.grade.value})"
            cases.append((result.file, name, finding.diagnostics, finding.verdict.value))
            if len(cases) >= 256 or i == len(result.findings) - 1:
                out.write(_cases(cases))
                cases = []
        if cases:
            out.write(_cases(cases))
        out.write("\n  </testsuite>" + ("\n  " if n < len(results) - 1 else "\n"))
    out.write("</testsuites>\n")


def _counts(result: ReportResult) -> tuple[int, int]:
    tests = failures = 0
    if result.diagnostics:
        tests, failures = 1, int(has_errors(result.diagnostics))
    for finding in result.findings:
        tests += 1
        failures += has_errors(finding.diagnostics)
    return tests, failures


def _start(element: ET.Element) -> str:
    """An element's start tag, attributes escaped as ElementTree escapes them."""
    return ET.tostring(element, encoding="unicode")[:-3] + ">"


def _piece(element: ET.Element) -> str:
    """An element inside a test suite (two levels down), indented as ``ET.indent`` indents the whole."""
    ET.indent(element, space="  ", level=2)
    return ET.tostring(element, encoding="unicode")


def _cases(cases: list[tuple[str, str, Sequence[Diagnostic], str]]) -> str:
    holder = ET.Element("testsuite")
    for case in cases:
        _testcase(holder, *case)
    return "".join("\n    " + _piece(case) for case in holder)
