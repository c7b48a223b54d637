"""Word and PDF audit reports built from a ``Report``, in the layouts certification bodies use (for the tests).

- ``table``: a cover table of audit details, then one findings table, a row per finding (NC No, Grade, Clause,
  Finding, Objective evidence...), its header repeated on every page;
- ``blocks``: "Label: value" lines for the audit details, then per finding a heading line ("NC-01 – Minor
  nonconformity") and labelled paragraphs;
- ``form``: the audit details as labelled lines, then a two-column form table per finding (label | value).

PDFs are made with reportlab (its bundled Vera font, for dashes and quotes), Word documents with python-docx.
"""

from __future__ import annotations

import io
import os
from typing import Any

from report_render import document

from findings_validator.models import Report

LAYOUTS = ("table", "blocks", "form")
GRADES = {"major": "Major nonconformity", "minor": "Minor nonconformity", "ofi": "Opportunity for improvement",
          "observation": "Observation", "positive": "Positive finding"}
TYPES = {"stage1": "Initial certification, stage 1", "stage2": "Initial certification, stage 2",
         "surveillance": "Surveillance audit", "recertification": "Recertification audit",
         "special": "Special audit"}
AUDIT_LABELS = (("certification_body", "Certification body"), ("client", "Client"), ("criteria", "Standard"),
                ("type", "Audit type"), ("dates", "Audit dates"), ("scope", "Scope of certification"),
                ("sites", "Sites"), ("team", "Audit team"), ("exclusions", "Exclusions"))
FIELD_LABELS = (("id", "NC No"), ("grade", "Grade"), ("clause", "Clause"), ("requirement", "Requirement"),
                ("statement", "Finding"), ("evidence", "Objective evidence"), ("process", "Process"),
                ("site", "Site"), ("auditee", "Auditee"))
BULLET = "\u2022 "


def audit_rows(report: Report) -> list[tuple[str, list[str]]]:
    """(label, lines) for the audit details; a list of several items is written a bullet per item."""
    audit = document(report)["audit"]
    rows = []
    for name, label in AUDIT_LABELS:
        value = audit.get(name)
        if value in (None, "", []):
            continue
        if name == "type":
            lines = [TYPES[value]]
        elif name in ("criteria", "exclusions"):
            lines = [", ".join(value)]
        elif name == "team":
            team = value if isinstance(value, dict) else {"leader": None, "members": value}
            lines = ["; ".join(filter(None, [team.get("leader"), *team.get("members", [])]))]
        elif name == "dates":
            lines = [", ".join(value)]
        elif isinstance(value, list):
            lines = value if len(value) == 1 else [BULLET + item for item in value]
        else:
            lines = [str(value)]
        rows.append((label, lines))
    return rows


def finding_rows(finding: dict[str, Any], with_heading: bool = False) -> list[tuple[str, list[str]]]:
    """(label, lines) for a finding's fields."""
    rows = []
    for name, label in FIELD_LABELS:
        if with_heading and name in ("id", "grade"):
            continue
        value = finding.get(name)
        if value in (None, "", []):
            continue
        if name == "grade":
            lines = [GRADES[value]]
        elif isinstance(value, list):
            lines = value if len(value) == 1 else [BULLET + item for item in value]
        else:
            lines = [str(value)]
        rows.append((label, lines))
    return rows


def heading(finding: dict[str, Any]) -> str:
    return f"{finding['id']} \u2013 {GRADES[finding['grade']]}"


# -- Word -----------------------------------------------------------------------------------------------------
def render_docx(report: Report, layout: str) -> bytes:
    import docx
    from docx.enum.section import WD_ORIENT
    from docx.shared import Inches

    doc = docx.Document()
    doc.add_heading("Audit report", level=1)
    data = document(report)
    if layout == "table":
        _docx_pairs(doc, audit_rows(report))
        doc.add_heading("Findings", level=2)
        section = doc.add_section()                          # findings tables are often printed across the page
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = section.page_height, section.page_width
        columns = [(name, label) for name, label in FIELD_LABELS
                   if any(f.get(name) not in (None, "", []) for f in data["findings"])]
        widths = {"id": 0.8, "grade": 1.3, "clause": 1.3, "statement": 2.0, "evidence": 2.6, "requirement": 1.6}
        table = doc.add_table(rows=1, cols=len(columns))
        table.style = "Table Grid"
        table.autofit = False
        for cell, (_, label) in zip(table.rows[0].cells, columns):
            cell.text = label
        for finding in data["findings"]:
            cells = table.add_row().cells
            values = dict(finding_rows(finding))
            for cell, (_, label) in zip(cells, columns):
                _docx_cell(cell, values.get(label, []))
        for row in table.rows:
            for cell, (name, _) in zip(row.cells, columns):
                cell.width = Inches(widths.get(name, 1.0))
    else:
        for label, lines in audit_rows(report):
            _docx_labelled(doc, label, lines)
        doc.add_heading("Findings", level=2)
        for finding in data["findings"]:
            if layout == "blocks":
                doc.add_heading(heading(finding), level=3)
                for label, lines in finding_rows(finding, with_heading=True):
                    _docx_labelled(doc, label, lines)
            else:
                _docx_pairs(doc, finding_rows(finding))
                doc.add_paragraph("")
    doc.add_paragraph("Conclusion: the findings above are to be answered within 30 days.")
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _docx_pairs(doc: Any, rows: list[tuple[str, list[str]]]) -> None:
    table = doc.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for label, lines in rows:
        cells = table.add_row().cells
        cells[0].text = label
        _docx_cell(cells[1], lines)


def _docx_cell(cell: Any, lines: list[str]) -> None:
    cell.text = lines[0] if lines else ""
    for line in lines[1:]:
        cell.add_paragraph(line)


def _docx_labelled(doc: Any, label: str, lines: list[str]) -> None:
    if len(lines) == 1:
        doc.add_paragraph(f"{label}: {lines[0]}")
        return
    doc.add_paragraph(f"{label}:")
    for line in lines:
        doc.add_paragraph(line.removeprefix(BULLET), style="List Bullet")


# -- PDF ------------------------------------------------------------------------------------------------------
def render_pdf(report: Report, layout: str, repeat_header: bool = True) -> bytes:
    import reportlab
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    fonts = os.path.join(os.path.dirname(reportlab.__file__), "fonts")
    pdfmetrics.registerFont(TTFont("Vera", os.path.join(fonts, "Vera.ttf")))
    pdfmetrics.registerFont(TTFont("VeraBd", os.path.join(fonts, "VeraBd.ttf")))
    body = ParagraphStyle("body", fontName="Vera", fontSize=9, leading=11.5, spaceBefore=5)
    item = ParagraphStyle("item", parent=body, spaceBefore=1)
    title = ParagraphStyle("title", fontName="VeraBd", fontSize=11, leading=14, spaceBefore=14, spaceAfter=4)
    grid = TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "TOP")])

    def para(text: str, style: Any = body) -> Any:
        return Paragraph(text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"), style)

    def cell(lines: list[str]) -> list[Any]:
        return [para(line, item) for line in lines]

    def pairs(rows: list[tuple[str, list[str]]]) -> Any:
        table = Table([[para(label, item), cell(lines)] for label, lines in rows], colWidths=[110, 360])
        table.setStyle(grid)
        return table

    def labelled(label: str, lines: list[str]) -> list[Any]:
        if len(lines) == 1:
            return [para(f"{label}: {lines[0]}")]
        return [para(f"{label}:"), *(para(line, item) for line in lines)]

    def page_number(canvas: Any, doc: Any) -> None:
        canvas.setFont("Vera", 8)
        canvas.drawString(72, 30, f"Page {doc.page}")
        canvas.drawString(72, doc.pagesize[1] - 36, "Audit report \u2013 confidential")

    data = document(report)
    story: list[Any] = [para("Audit report", title)]
    if layout == "table":
        story.append(pairs(audit_rows(report)))
        story.append(para("Findings", title))
        columns = [(name, label) for name, label in FIELD_LABELS
                   if any(f.get(name) not in (None, "", []) for f in data["findings"])]
        widths = {"id": 52, "grade": 90, "clause": 92, "statement": 150, "evidence": 180, "requirement": 130}
        rows = [[para(label, item) for _, label in columns]]
        for finding in data["findings"]:
            values = dict(finding_rows(finding))
            rows.append([cell(values.get(label, [])) for _, label in columns])
        table = Table(rows, colWidths=[widths.get(name, 50) for name, _ in columns],
                      repeatRows=1 if repeat_header else 0)
        table.setStyle(grid)
        story.append(table)
    else:
        for label, lines in audit_rows(report):
            story += labelled(label, lines)
        story.append(para("Findings", title))
        for finding in data["findings"]:
            if layout == "blocks":
                story.append(para(heading(finding), title))
                for label, lines in finding_rows(finding, with_heading=True):
                    story += labelled(label, lines)
            else:
                story += [pairs(finding_rows(finding)), Spacer(1, 12)]
    story.append(para("Conclusion: the findings above are to be answered within 30 days.", title))
    out = io.BytesIO()
    size = landscape(A4) if layout == "table" else A4   # findings tables are often printed across the page
    SimpleDocTemplate(out, pagesize=size, title="Audit report").build(story, onFirstPage=page_number,
                                                                    onLaterPages=page_number)
    return out.getvalue()
