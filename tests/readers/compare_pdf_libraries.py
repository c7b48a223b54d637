"""Measure how well PDF text extractors let the layout reader recover findings (the figures in
docs/report-format.md): ``python tests/readers/compare_pdf_libraries.py [--office]`` from the repository root.

Each shared example is built as a PDF in each layout (``document_render``, with reportlab; with ``--office``, as a
Word document exported to PDF by LibreOffice's ``soffice``) and read back: with pdfplumber (text lines and ruled
tables, the reader in use) and with pypdf's text extraction (lines only: pypdf finds no tables). A field counts
when it equals the YAML's; the findings found count when their ids do.
"""

from __future__ import annotations

import io
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from document_render import LAYOUTS, render_docx, render_pdf  # noqa: E402
from test_reader_documents import reference  # noqa: E402

from findings_validator.models import Places  # noqa: E402
from findings_validator.readers import read_report  # noqa: E402
from findings_validator.readers.common import ReadOptions  # noqa: E402
from findings_validator.readers.layout import Layout, Line, read_layout  # noqa: E402

FIELDS = ("id", "grade", "clause", "requirement", "statement", "evidence")
EXAMPLES = ("iso9001-surveillance", "iso27001-surveillance", "iso14001-stage2", "iso45001-integrated")


def with_pypdf(data: bytes) -> object:
    import pypdf

    blocks: list[Line] = []
    starts, line = [], 1
    for page in pypdf.PdfReader(io.BytesIO(data)).pages:
        starts.append(line)
        for text in page.extract_text().split("\n"):
            blocks.append(Line(text, (line, 1), False))
            line += 1
    layout = Layout(list(blocks), Places(tuple(starts), tuple(f"page {n}" for n in range(1, len(starts) + 1)), True))
    return read_layout(layout, "<pypdf>", ReadOptions()).report


def with_pdfplumber(data: bytes) -> object:
    return read_report(data, format="pdf").report


def score(report: object, ref: object) -> tuple[int, int, int]:
    """(fields equal, fields in the reference, findings whose id was found)."""
    got = {f.id: f for f in report.findings}  # type: ignore[attr-defined]
    equal = total = found = 0
    for finding in ref.findings:  # type: ignore[attr-defined]
        mine = got.get(finding.id)
        found += mine is not None
        for name in FIELDS:
            if getattr(finding, name) in (None, "", ()):
                continue
            total += 1
            equal += mine is not None and getattr(mine, name) == getattr(finding, name)
    return equal, total, found


def office_pdf(ref: object, layout: str) -> bytes:
    """The Word document of ``ref`` exported to PDF by LibreOffice."""
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "report.docx"
        source.write_bytes(render_docx(ref, layout))  # type: ignore[arg-type]
        subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", folder, str(source)],
                       check=True, capture_output=True, timeout=300)
        return (Path(folder) / "report.pdf").read_bytes()


def main() -> None:
    office = "--office" in sys.argv
    print(f"{'layout':8} {'library':11} {'fields equal':>14} {'findings':>9} {'seconds':>8}")
    for layout in LAYOUTS:
        documents = {example: (office_pdf if office else render_pdf)(reference(example), layout)
                     for example in EXAMPLES}
        for name, read in (("pdfplumber", with_pdfplumber), ("pypdf", with_pypdf)):
            equal = total = found = count = 0
            seconds = 0.0
            for example in EXAMPLES:
                ref = reference(example)
                data = documents[example]
                start = time.perf_counter()
                report = read(data)
                seconds += time.perf_counter() - start
                e, t, f = score(report, ref)
                equal, total, found, count = equal + e, total + t, found + f, count + len(ref.findings)
            print(f"{layout:8} {name:11} {equal:>5}/{total:<4} {100 * equal / total:3.0f}% {found:>4}/{count:<4}"
                  f" {seconds:8.2f}")


if __name__ == "__main__":
    main()
