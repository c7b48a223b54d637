"""Word and PDF reports: the same findings, verdicts and diagnostics as the YAML they were built from, in three
layouts; positions named as a reader finds them; hostile files refused with a located input error."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from document_render import LAYOUTS, render_docx, render_pdf
from report_render import render_yaml

from findings_validator.cli import main
from findings_validator.errors import ConfigError, InputError
from findings_validator.models import Audit, Finding, Grade, Places, Report
from findings_validator.readers import read_report
from findings_validator.readers.common import ReadOptions
from findings_validator.readers.layout import Cell, Layout, Line, Table, read_layout

EXAMPLES = Path(__file__).parents[2] / "examples"
CONCLUSION = "the findings above are to be answered within 30 days."


def reference(name: str) -> Report:
    """An example report without its ``expected`` blocks, with the conclusion the rendered documents end with."""
    report = read_report(EXAMPLES / f"{name}.yaml").report
    findings = tuple(Finding.model_validate(f.model_dump(exclude=set(f.extra_fields))) for f in report.findings)
    return Report(audit=report.audit.model_copy(update={"conclusion": CONCLUSION}), findings=findings)


def known(report: Report) -> list[dict[str, object]]:
    return [finding.model_dump(exclude=set(finding.extra_fields)) for finding in report.findings]


def verdicts(path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, list[tuple[str, str, list[str]]], list[str]]:
    """``findings-validator check PATH``: exit code, (id, verdict, rule ids) per finding, report-level rule ids."""
    code = main(["check", str(path), "--format", "json", "--isolated"])
    out = json.loads(capsys.readouterr().out)
    findings = [(f["id"], f["verdict"], sorted(d["rule"] for d in f["diagnostics"])) for f in out["findings"]]
    return code, findings, sorted(d["rule"] for d in out["files"][0]["diagnostics"])


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("name", ["iso9001-surveillance", "iso27001-surveillance", "iso14001-stage2",
                                  "iso45001-integrated"])
def test_word_reports_read_as_their_yaml(name: str, layout: str) -> None:
    ref = reference(name)
    result = read_report(render_docx(ref, layout), format="docx")
    assert known(result.report) == known(ref)
    assert result.report.audit == ref.audit
    assert result.problems == ()


@pytest.mark.parametrize("layout", [*LAYOUTS, "table-without-repeated-header"])
def test_pdf_reports_read_as_their_yaml(layout: str) -> None:
    ref = reference("iso27001-surveillance")
    data = render_pdf(ref, layout.split("-")[0], repeat_header=layout == "table")
    result = read_report(data, format="pdf")
    assert known(result.report) == known(ref)
    assert result.report.audit == ref.audit
    assert result.problems == ()
    assert result.report.places is not None and result.report.places.count_lines


@pytest.mark.parametrize("layout", LAYOUTS)
def test_check_gives_the_verdicts_of_the_yaml(layout: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ref = reference("iso9001-surveillance")
    (tmp_path / "report.yaml").write_text(render_yaml(ref), encoding="utf-8")
    (tmp_path / "report.docx").write_bytes(render_docx(ref, layout))
    (tmp_path / "report.pdf").write_bytes(render_pdf(ref, layout))
    expected = verdicts(tmp_path / "report.yaml", capsys)
    assert any(verdict != "valid" for _, verdict, _ in expected[1])   # the comparison has something to compare
    assert verdicts(tmp_path / "report.docx", capsys) == expected
    assert verdicts(tmp_path / "report.pdf", capsys) == expected


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_word_reports_exported_to_pdf_by_an_office_suite(tmp_path: Path) -> None:
    """PDFs as clients get them: the Word documents exported by LibreOffice (rows broken over pages, words broken
    after hyphens, the Symbol font's bullets)."""
    ref = reference("iso27001-surveillance")
    for layout in LAYOUTS:
        (tmp_path / f"{layout}.docx").write_bytes(render_docx(ref, layout))
    subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path),
                    *(str(tmp_path / f"{layout}.docx") for layout in LAYOUTS)],
                   check=True, capture_output=True, timeout=300, env={**os.environ, "HOME": str(tmp_path)})
    for layout in LAYOUTS:
        result = read_report(tmp_path / f"{layout}.pdf")
        assert known(result.report) == known(ref), layout
        assert result.report.audit == ref.audit
        assert result.problems == ()


def test_places_are_named_in_text_sarif_and_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ref = reference("iso9001-surveillance")
    (tmp_path / "report.docx").write_bytes(render_docx(ref, "table"))
    (tmp_path / "report.pdf").write_bytes(render_pdf(ref, "blocks"))
    docx = read_report(tmp_path / "report.docx").report
    nc01 = docx.findings[0]
    assert docx.places is not None
    assert docx.places.name(nc01.line) == "table 2, row 2, cell 1"                  # the cover table is table 1
    assert docx.places.name(nc01.positions["evidence"][0]) == "table 2, row 2, cell 6"
    pdf = read_report(tmp_path / "report.pdf").report
    assert pdf.places is not None and pdf.places.name(pdf.findings[0].line).startswith("page 1, line ")
    assert pdf.places.name(pdf.findings[-1].line).startswith("page 3, line ")
    main(["check", str(tmp_path / "report.pdf"), "--isolated"])
    text = capsys.readouterr().out
    assert "report.pdf (page 1, line " in text and "\n  page 1, line " in text
    main(["check", str(tmp_path / "report.pdf"), "--format", "github", "--isolated"])
    assert "::NC-01 (page 1, line " in capsys.readouterr().out
    main(["check", str(tmp_path / "report.docx"), "--format", "sarif", "--isolated"])
    sarif = json.loads(capsys.readouterr().out)
    messages = {r["locations"][0]["message"]["text"] for r in sarif["runs"][0]["results"]}
    assert "table 2, row 2, cell 1" in messages or any(m.startswith("table 2, row 2") for m in messages)
    main(["check", str(tmp_path / "report.docx"), "--format", "json", "--isolated"])
    out = json.loads(capsys.readouterr().out)
    assert out["findings"][0]["place"] == "table 2, row 2, cell 1"
    assert all(d["place"].startswith("table 2, row 2") for d in out["findings"][0]["diagnostics"])


def test_labelled_blocks_as_certification_bodies_write_them() -> None:
    import docx

    doc = docx.Document()
    summary = doc.add_table(rows=0, cols=2)                 # a summary of the findings is not a finding
    for row in (("Category", "Number"), ("Major nonconformity", "0"), ("Minor nonconformity", "2")):
        cells = summary.add_row().cells
        cells[0].text, cells[1].text = row
    for text in ["Certification body: Northmere Certification Services Ltd", "Organisation: Harrowgate Ltd",
                 "Audit standard: ISO 9001:2015", "Type of audit: Surveillance 1 (S1)",
                 "Date of audit: 14-15 October 2025", "Processes audited: Machining, Goods-in",
                 "Deviations from the audit plan: none", "Nonconformity 2 (minor)", "Clause: 8.5.1",
                 "Statement of nonconformity: Work instructions were not available at the press.",
                 "Objective evidence: WI-FAB-014 absent at press PB-3 on 2025-10-15.",
                 "Minor nonconformity 3", "Clause: 7.2",
                 "Training records were not kept for the welders.",
                 "Opportunity for improvement 1", "Clause: 9.3.2", "Evidence seen: the minutes list no inputs.",
                 "Statement: Management review could record its inputs."]:
        doc.add_paragraph(text)
    out = io.BytesIO()
    doc.save(out)
    result = read_report(out.getvalue(), format="docx")
    audit = result.report.audit
    assert (audit.criteria, audit.type.value, audit.client) == (("ISO 9001:2015",), "surveillance", "Harrowgate Ltd")
    assert [d.isoformat() for d in audit.dates] == ["2025-10-14", "2025-10-15"]
    assert (audit.processes, audit.deviations) == (("Machining", "Goods-in"), ("none",))
    found = [(f.id, f.grade, f.clause, f.statement[:12], f.evidence) for f in result.report.findings]
    assert found == [
        ("Nonconformity 2", Grade.MINOR, ("8.5.1",), "Work instruc", ("WI-FAB-014 absent at press PB-3 on 2025-10-15.",)),
        ("nonconformity 3", Grade.MINOR, ("7.2",), "Training rec", ()),
        ("Opportunity for improvement 1", Grade.OFI, ("9.3.2",), "Management r", ("the minutes list no inputs.",)),
    ]
    assert result.problems == ()


@pytest.mark.parametrize("headers", [
    ("NC No.", "Grade/Category", "Clause/Requirement", "Finding/Statement", "Objective evidence"),
    ("Ref", "Category (Major/Minor/OFI)", "Standard clause", "Details of nonconformity", "Evidence seen"),
])
def test_header_names_as_certification_bodies_write_them(headers: tuple[str, ...]) -> None:
    import docx

    doc = docx.Document()
    doc.add_paragraph("Standard: ISO 9001:2015")
    table = doc.add_table(rows=2, cols=5)
    for cell, text in zip(table.rows[0].cells, headers):
        cell.text = text
    for cell, text in zip(table.rows[1].cells, ("1", "Minor", "8.5.1", "No work instruction at PB-3.", "WI-14")):
        cell.text = text
    out = io.BytesIO()
    doc.save(out)
    result = read_report(out.getvalue(), format="docx")
    (finding,) = result.report.findings
    assert (finding.id, finding.grade, finding.clause, finding.statement, finding.evidence) == (
        "1", Grade.MINOR, ("8.5.1",), "No work instruction at PB-3.", ("WI-14",))
    assert result.problems == ()
    csv = read_report(",".join(headers) + "\n1,Minor,8.5.1,No instruction.,WI-14\n", format="csv",
                      audit={"criteria": ["ISO 9001:2015"]})
    assert (csv.report.findings[0].grade, csv.problems) == (Grade.MINOR, ())


def test_a_certification_body_template_mapped_by_a_layout_file(tmp_path: Path) -> None:
    import docx

    doc = docx.Document()
    for text in ["Registrar: Tallis Assurance", "Scheme: ISO/IEC 27001:2022", "Audit date: 14.\u201315. Oktober 2025",
                 "Issue 4 \u00bb Cat 2",
                 "Control: A.8.13", "What we found: Backups were not tested.", "Proof: restore log empty."]:
        doc.add_paragraph(text)
    out = io.BytesIO()
    doc.save(out)
    layouts = tmp_path / "tallis.yaml"
    layouts.write_text("fields:\n  clause: [control]\n  statement: [what we found]\n  evidence: [proof]\n"
                       "audit:\n  criteria: [scheme]\nmonths:\n  10: [oktober]\n"
                       "findings:\n  - '(?P<id>issue \\d+) \u00bb (?P<grade>{grade})'\n", encoding="utf-8")
    plain = read_report(out.getvalue(), format="docx")
    assert plain.report.findings == () and plain.report.audit.certification_body == "Tallis Assurance"
    (empty,) = [p for p in plain.problems if p.rule == "FV008"]
    assert "layout file" in (empty.suggestion or "")
    assert ("FV004", 3) in [(p.rule, p.line) for p in plain.problems]   # the dates, unread, at their paragraph
    result = read_report(out.getvalue(), format="docx", layouts=[layouts])
    (finding,) = result.report.findings
    assert (finding.id, finding.grade, finding.clause, finding.evidence) == (
        "Issue 4", Grade.MINOR, ("A.8.13",), ("restore log empty.",))
    assert result.report.audit.criteria == ("ISO/IEC 27001:2022",)
    assert [d.isoformat() for d in result.report.audit.dates] == ["2025-10-14", "2025-10-15"]
    (tmp_path / "no-id.yaml").write_text("findings:\n  - 'Finding (\\d+)'\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="no \\(\\?P<id>"):
        read_report(out.getvalue(), format="docx", layouts=[tmp_path / "no-id.yaml"])
    (tmp_path / "bad-field.yaml").write_text("fields:\n  verdict: [outcome]\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="'verdict' is not one of"):
        read_report(out.getvalue(), format="docx", layouts=[tmp_path / "bad-field.yaml"])


def test_markdown_headings_written_as_in_word_reports() -> None:
    text = ("---\naudit:\n  criteria: ['ISO 9001:2015']\n---\n\n## Nonconformity 2 (minor)\n\n**Clause:** 8.5.1\n\n"
            "**Statement:** Work instructions were not available.\n\n## Summary\n\nNo label here.\n")
    result = read_report(text, format="markdown")
    (finding,) = result.report.findings
    assert (finding.id, finding.grade, finding.clause, finding.positions["grade"]) == (
        "Nonconformity 2", Grade.MINOR, ("8.5.1",), (6, 4))
    assert result.problems == ()


def _cells(*texts: str, line: int) -> list[Cell]:
    return [Cell([Line(part, (line, 1), n == 0) for n, part in enumerate(text.split("\n"))] if text else [],
                 (line, c)) for c, text in enumerate(texts, 1)]


def test_a_findings_table_broken_over_pages_is_one_table() -> None:
    header = ("NC No", "Grade", "Clause", "Finding", "Objective evidence")
    blocks: list[Line | Table] = [
        Line("Standard: ISO 9001:2015", (1, 1)),
        Table([_cells(*header, line=2), _cells("NC-01", "Minor", "7.2", "Training records were not", "Welder W1",
                                               line=3)], (2, 1), 1),
        Table([_cells("", "", "", "kept for the welders.", "and W2.", line=11),   # page 2: the rest of the row
               _cells("NC-02", "Major NC", "8.5.1", "No work instructions.", "Press PB-3.", line=12)], (11, 1), 2),
        Table([_cells(*header, line=20),                                    # the next page repeats the header
               _cells("OFI-01", "OFI", "9.3.2", "Inputs could be listed.", "Minutes MR-3.", line=21)], (20, 1), 3),
        Line("Annex: the sampling plan", (30, 1)),                         # text: what follows is another table
        Table([_cells("Day 1", "Machining", "7.1.5", "R. A.", "done", line=31)], (31, 1), 4),
    ]
    result = read_layout(Layout(blocks, Places((1, 10, 20, 30), ("page 1", "page 2", "page 3", "page 4"), True)),
                         "<t>", ReadOptions(audit=Audit(criteria=["ISO 9001:2015"])))
    found = [(f.id, f.statement, f.evidence, f.line) for f in result.report.findings]
    assert found == [("NC-01", "Training records were not kept for the welders.", ("Welder W1 and W2.",), 3),
                     ("NC-02", "No work instructions.", ("Press PB-3.",), 12),
                     ("OFI-01", "Inputs could be listed.", ("Minutes MR-3.",), 21)]
    assert result.report.places is not None and result.report.places.name(12) == "page 2, line 3"
    assert result.problems == ()


# -- hostile and broken files ---------------------------------------------------------------------------------
def _pdf_with_stream(content: bytes, *, encrypt: str | None = None) -> bytes:
    from pypdf import PdfWriter
    from pypdf.generic import DecodedStreamObject, NameObject

    writer = PdfWriter()
    page = writer.add_blank_page(200, 200)
    stream = DecodedStreamObject()
    stream.set_data(content)
    stream = stream.flate_encode()
    page[NameObject("/Contents")] = writer._add_object(stream)
    if encrypt:
        writer.encrypt(user_password=encrypt, owner_password="owner")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_decompression_bomb_is_refused() -> None:
    bomb = _pdf_with_stream(b"\0" * 80_000_000)
    assert len(bomb) < 200_000
    with pytest.raises(InputError, match="unpacks to too much"):
        read_report(bomb, format="pdf")


def test_encrypted_pdf_is_refused_unless_it_opens_without_password() -> None:
    text = b"BT /F1 12 Tf 20 100 Td (Client: Harrowgate Ltd) Tj ET"
    with pytest.raises(InputError, match="encrypted and needs a password") as caught:
        read_report(_pdf_with_stream(text, encrypt="secret"), format="pdf")
    assert caught.value.location is not None and caught.value.location.file == "<input>"


def test_scanned_pdf_is_reported_as_such() -> None:
    from PIL import Image
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen.canvas import Canvas

    def pdf(text_page: bool) -> bytes:
        out = io.BytesIO()
        canvas = Canvas(out)
        if text_page:
            canvas.drawString(72, 700, "Nonconformity 1 (minor)")
            canvas.drawString(72, 680, "Clause: 7.2")
            canvas.drawString(72, 660, "Statement: Training records were not kept.")
            canvas.showPage()
        canvas.drawImage(ImageReader(Image.new("L", (60, 80), 200)), 72, 400, 300, 400)
        canvas.showPage()
        canvas.save()
        return out.getvalue()

    with pytest.raises(InputError, match="no text layer: it is a scanned image") as caught:
        read_report(pdf(False), format="pdf")
    assert "OCR" in (caught.value.hint or "")
    mixed = read_report(pdf(True), format="pdf", audit={"criteria": ["ISO 9001:2015"]})
    assert [f.id for f in mixed.report.findings] == ["Nonconformity 1"]
    (warning,) = mixed.problems
    assert (warning.rule, warning.severity.value) == ("FV013", "warning") and "page 2" in warning.message
    assert mixed.report.places is not None and mixed.report.places.name(warning.line) == "page 2, line 1"


@pytest.mark.parametrize("data, message", [
    (b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF", "not a readable PDF"),
    (b"%PDF-1.4\n" + bytes(range(256)) * 40, "not a readable PDF"),
])
def test_malformed_pdf_is_an_input_error(data: bytes, message: str) -> None:
    with pytest.raises(InputError, match=message):
        read_report(data, format="pdf")


def test_truncated_pdf_is_an_input_error_without_log_noise(capfd: pytest.CaptureFixture[str]) -> None:
    data = render_pdf(reference("iso9001-surveillance"), "blocks")
    with pytest.raises(InputError, match="not a readable PDF"):
        read_report(data[:-40], format="pdf")
    assert capfd.readouterr().err == ""


def test_other_formats_do_not_load_the_document_libraries() -> None:
    code = ("import sys; from findings_validator.readers import read_report; "
            "read_report('a,b\\n', format='csv', audit={'criteria': ['ISO 9001:2015']}); "
            "print(sorted(m for m in ('docx', 'pdfplumber', 'pypdf', 'pdfminer', 'lxml') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]", done.stdout + done.stderr


def test_word_package_checks(monkeypatch: pytest.MonkeyPatch) -> None:
    workbook = io.BytesIO()
    with zipfile.ZipFile(workbook, "w") as package:
        package.writestr("xl/workbook.xml", "<workbook/>")
    with pytest.raises(InputError, match="not a Word document"):
        read_report(workbook.getvalue(), format="docx")
    with pytest.raises(InputError, match="not a readable Word document"):
        read_report(b"PK\x03\x04 broken", format="docx")
    from findings_validator.readers import docx_reader

    data = render_docx(reference("iso9001-surveillance"), "form")
    monkeypatch.setattr(docx_reader, "MAX_EXPANDED_BYTES", 10_000)
    with pytest.raises(InputError, match="unpacks to more than"):
        read_report(data, format="docx")


def test_missing_library_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pdfplumber", None)
    monkeypatch.setitem(sys.modules, "docx", None)
    with pytest.raises(InputError, match="pdfplumber") as caught:
        read_report(b"%PDF-1.4\n", format="pdf")
    assert "findings-validator[pdf]" in (caught.value.hint or "")
    with pytest.raises(InputError, match="python-docx") as caught:
        read_report(b"PK\x03\x04", format="docx")
    assert "findings-validator[docx]" in (caught.value.hint or "")


def test_a_bad_document_does_not_stop_the_run(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ref = reference("iso9001-surveillance")
    (tmp_path / "a-bomb.pdf").write_bytes(_pdf_with_stream(b"\0" * 80_000_000))
    (tmp_path / "b-broken.docx").write_bytes(b"PK\x03\x04 broken")
    (tmp_path / "c-good.docx").write_bytes(render_docx(ref, "blocks"))
    (tmp_path / "~$c-good.docx").write_bytes(b"\x0bJ. Smith" + b"\0" * 150)   # Word's lock file: not a report
    code = main(["check", str(tmp_path), "--format", "json", "--isolated"])
    out = json.loads(capsys.readouterr().out)
    assert code == 2
    assert [(Path(f["file"]).name, "FV000" in [d["rule"] for d in f["diagnostics"]]) for f in out["files"]] == [
        ("a-bomb.pdf", True), ("b-broken.docx", True), ("c-good.docx", False)]
    assert len([f for f in out["findings"] if Path(f["file"]).name == "c-good.docx"]) == len(ref.findings)


def test_format_told_from_content() -> None:
    ref = reference("iso9001-surveillance")
    assert len(read_report(render_docx(ref, "form")).report.findings) == len(ref.findings)
    assert len(read_report(render_pdf(ref, "blocks")).report.findings) == len(ref.findings)
