"""Writers for the tests: a report rendered in every input format, the inverse of the readers."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import openpyxl
import yaml

from findings_validator.models import Report

COLUMNS = ("ID", "Grade", "Clause", "Requirement", "Statement", "Objective Evidence", "Process", "Site", "Auditee",
           "Waivers")
_FIELDS = ("id", "grade", "clause", "requirement", "statement", "evidence", "process", "site", "auditee", "waivers")


def document(report: Report) -> dict[str, Any]:
    """The report as plain data, without empty values, as a person would write it."""
    audit = {k: v for k, v in report.audit.model_dump(mode="json").items() if v not in (None, [], ())}
    findings = [{k: v for k, v in finding.model_dump(mode="json").items() if v not in (None, [], ())}
                for finding in report.findings]
    return {"audit": audit, "findings": findings}


def render_yaml(report: Report) -> str:
    return yaml.safe_dump(document(report), sort_keys=False, allow_unicode=True, width=100)


def render_json(report: Report, indent: int | None = 2) -> str:
    return json.dumps(document(report), indent=indent, ensure_ascii=False)


def render_jsonl(report: Report) -> str:
    doc = document(report)
    lines = [json.dumps({"audit": doc["audit"]}, ensure_ascii=False)]
    lines += [json.dumps(finding, ensure_ascii=False) for finding in doc["findings"]]
    return "\n".join(lines) + "\n"


def _cells(finding: dict[str, Any]) -> list[str]:
    cells = []
    for name in _FIELDS:
        value = finding.get(name, "")
        if name == "waivers":
            value = [f"{w['rule']} \u2014 {w['reason']}".strip(" \u2014") for w in value]
        cells.append("\n".join(value) if isinstance(value, list) else str(value))
    return cells


def render_csv(report: Report, delimiter: str = ",", metadata: bool = True) -> str:
    """CSV with the audit metadata in a leading comment block."""
    out = io.StringIO()
    if metadata:
        block = yaml.safe_dump({"audit": document(report)["audit"]}, sort_keys=False, allow_unicode=True)
        out.write("".join(f"# {line}\n" for line in block.splitlines()))
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
    writer.writerow(COLUMNS)
    for finding in document(report)["findings"]:
        writer.writerow(_cells(finding))
    return out.getvalue()


def render_xlsx(report: Report) -> bytes:
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Findings")
    sheet.append(list(COLUMNS))
    for finding in document(report)["findings"]:
        sheet.append(_cells(finding))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def render_markdown(report: Report, title: str | None = None) -> str:
    doc = document(report)
    front = yaml.safe_dump({"audit": doc["audit"]}, sort_keys=False, allow_unicode=True, width=100)
    parts = [f"---\n{front}---\n"]
    if title:
        parts.append(f"# {title}\n")
    for finding in doc["findings"]:
        clause = finding.get("clause", [])
        heading = f"## {finding['id']} \u00b7 {finding['grade']}"
        parts.append(heading + (f" \u00b7 {clause[0]}" if len(clause) == 1 else "") + "\n")
        if len(clause) > 1:
            parts.append("**Clause:**\n\n" + "".join(f"- {c}\n" for c in clause))
        for label, name in (("Requirement", "requirement"), ("Statement", "statement")):
            if name in finding:
                parts.append(f"**{label}:** {finding[name]}\n")
        if finding.get("evidence"):
            items = finding["evidence"]
            parts.append(f"**Evidence:** {items[0]}\n" if len(items) == 1 else
                         "**Evidence:**\n\n" + "".join(f"- {item}\n" for item in items))
        for label, name in (("Process", "process"), ("Site", "site"), ("Auditee", "auditee")):
            if name in finding:
                parts.append(f"**{label}:** {finding[name]}\n")
        for waiver in finding.get("waivers", []):
            parts.append(f"**Waiver:** {waiver['rule']} \u2014 {waiver['reason']}\n".replace(" \u2014 \n", "\n"))
    return "\n".join(parts)


RENDERERS = {"yaml": render_yaml, "json": render_json, "jsonl": render_jsonl, "csv": render_csv,
             "xlsx": render_xlsx, "markdown": render_markdown}
"""Format name -> function rendering a report as text (bytes for xlsx)."""
