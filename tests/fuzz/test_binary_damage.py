"""Fuzzing the readers of binary reports: XLSX workbooks, Word documents and PDFs, built whole and then damaged in
the ways files are broken in transit or made to harm: a zip member's packed bytes overwritten, its XML cut or
given hostile pieces, random bytes anywhere in the file, a PDF truncated or its page content garbled; and, for
workbooks, rows numbered far away and a forged dimension.

As in ``test_damage``, hypothesis draws the findings and the damage, and each test asserts that no exception but
the readers' own ``InputError`` escapes, and that reading takes bounded time (``SECONDS``) and memory
(``MEGABYTES``). Where the damage leaves the findings' own data intact (far rows, a forged dimension), every
finding must still be read.
"""

from __future__ import annotations

import io
import os
import sys
import zipfile
from functools import lru_cache
from pathlib import Path

import pytest
from hypothesis import given, note, settings
from hypothesis import strategies as st
from test_damage import FAST, _finding, _read

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "readers"))  # the tests' document writers
from document_render import LAYOUTS, render_docx, render_pdf  # noqa: E402

from findings_validator.readers import read_report  # noqa: E402

CLAUSE = "ISO 9001:2015 7.1.5.2 a)"
BINARY = settings(FAST, max_examples=int(os.environ.get("FUZZ_EXAMPLES", "4")))
"""Examples per case: 4 in the suite (its time budget); ``FUZZ_EXAMPLES=500`` and ``--hypothesis-profile=explore``
search further."""

HOSTILE_XML = [
    '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]>', "&b;", "&#0;", "&#x110000;",
    '<c r="ZZZZZZ99999999999" t="s"><v>99999999999</v></c>', '<c t="n"><v>1e999</v></c>', '<c s="99999"><v>1</v></c>',
    '<c t="d"><v>not a date</v></c>', "<unclosed>", "</sheetData>", "<![CDATA[", "\x00", "\udcff", "<" * 500,
    '<row r="-5">', '<row r="abc">', '<row r="99999999999999999999">', '<x xmlns:y="&a;"/>', "<?pi?>",
    "<" + "a" * 3000 + ">", '<v>' + "9" * 5000 + "</v>", "<w:p><w:r><w:t>" * 200,
]


# ---- the documents, built whole ---------------------------------------------------------------------------------
_word = st.text(st.characters(min_codepoint=0x30, max_codepoint=0x17F, categories=("Lu", "Ll", "Nd")), min_size=1,
                max_size=8)  # (Latin letters: the tests' PDF writer cannot lay out every script in a table)
sentence = st.lists(_word, min_size=3, max_size=8).map(lambda ws: " ".join(ws).capitalize() + ".")


def _findings(data: st.DataObject) -> list[dict[str, str]]:
    count = data.draw(st.integers(2, 4), label="findings")
    return [_finding(i + 1, data.draw(sentence), data.draw(sentence)) for i in range(count)]


_TYPES = ('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
          '<Default Extension="xml" ContentType="application/xml"/></Types>')
_ROOT_RELS = ('<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
              'relationships"><Relationship Id="rId1" Type="officeDocument" Target="xl/workbook.xml"/></Relationships>')
_BOOK = ('<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
         'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
         '<sheet name="Findings" sheetId="1" r:id="rId1"/></sheets></workbook>')
_BOOK_RELS = ('<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
              'relationships"><Relationship Id="rId1" Type="worksheet" Target="worksheets/sheet1.xml"/>'
              '</Relationships>')
_STYLES = ('<?xml version="1.0"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
           '<cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14"/></cellXfs></styleSheet>')
_SHEET = '<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
_COLUMNS = ("id", "grade", "clause", "statement", "evidence")


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _sheet(findings: list[dict[str, str]], dimension: str | None = None, after: str = "") -> tuple[str, str]:
    """The sheet's XML (a header row, a row per finding: the grade and clause as shared strings, the rest
    inline) and the shared strings."""
    def cell(column: int, number: int, value: str) -> str:
        ref = f"{chr(65 + column)}{number}"
        if column in (1, 2):  # grade, clause: shared strings
            return f'<c r="{ref}" t="s"><v>{column - 1}</v></c>'
        return f'<c r="{ref}" t="inlineStr"><is><t>{_escape(value)}</t></is></c>'

    rows = ['<row r="1">' + "".join(f'<c r="{chr(65 + i)}1" t="inlineStr"><is><t>{name}</t></is></c>'
                                    for i, name in enumerate(_COLUMNS)) + "</row>"]
    for number, finding in enumerate(findings, 2):
        rows.append(f'<row r="{number}">' + "".join(cell(i, number, finding[name]) for i, name in enumerate(_COLUMNS))
                    + "</row>")
    sheet = (_SHEET + (f'<dimension ref="{dimension}"/>' if dimension is not None else "")
             + "<sheetData>" + "".join(rows) + after + "</sheetData></worksheet>")
    shared = ('<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
              f"<si><t>minor</t></si><si><t>{CLAUSE}</t></si></sst>")
    return sheet, shared


def _zip(parts: dict[str, str | bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, body in parts.items():
            archive.writestr(name, body)
    return out.getvalue()


def _workbook_parts(findings: list[dict[str, str]], **sheet: str) -> dict[str, str | bytes]:
    xml, shared = _sheet(findings, **sheet)
    return {"[Content_Types].xml": _TYPES, "_rels/.rels": _ROOT_RELS, "xl/workbook.xml": _BOOK,
            "xl/_rels/workbook.xml.rels": _BOOK_RELS, "xl/styles.xml": _STYLES, "xl/sharedStrings.xml": shared,
            "xl/worksheets/sheet1.xml": xml}


def _report(findings: list[dict[str, str]]):  # type: ignore[no-untyped-def]
    import json

    text = 'audit: {criteria: ["ISO 9001:2015"]}\nfindings:\n' + "".join(
        f"  - {json.dumps(dict(f, clause=CLAUSE))}\n" for f in findings)
    return read_report(text.encode(), format="yaml").report


@lru_cache(maxsize=32)
def _document(kind: str, layout: str, texts: tuple[tuple[str, str], ...]) -> bytes:
    """A Word document or PDF of the findings (cached: hypothesis draws the same findings for several damages)."""
    findings = [_finding(i + 1, statement, evidence) for i, (statement, evidence) in enumerate(texts)]
    render = render_docx if kind == "docx" else render_pdf
    return render(_report(findings), layout)


def _parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {info.filename: archive.read(info.filename) for info in archive.infolist()}


# ---- the damage ----------------------------------------------------------------------------------------------
def _overwrite_packed(data: bytes, name: str, draw: st.DataObject) -> bytes:
    """Bytes of the member ``name``'s packed data overwritten: the zip directory still says it is there."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        info = archive.getinfo(name)
    header = info.header_offset
    start = header + 30 + int.from_bytes(data[header + 26:header + 28], "little") \
        + int.from_bytes(data[header + 28:header + 30], "little")
    size = max(info.compress_size, 1)
    at = start + draw.draw(st.integers(0, size - 1), label="offset in the member")
    junk = draw.draw(st.binary(min_size=1, max_size=64), label="bytes")
    return data[:at] + junk[:start + size - at] + data[at + len(junk[:start + size - at]):]


def _xml_damage(body: bytes, draw: st.DataObject) -> bytes:
    """The XML cut at a drawn place, or a hostile piece put in at one."""
    text = body.decode("utf-8")
    at = draw.draw(st.integers(0, len(text)), label="place in the XML")
    if draw.draw(st.booleans(), label="cut"):
        return text[:at].encode("utf-8")
    piece = draw.draw(st.sampled_from(HOSTILE_XML), label="hostile piece")
    return (text[:at] + piece + text[at:]).encode("utf-8", "surrogateescape")


def _flip(data: bytes, draw: st.DataObject) -> bytes:
    """A few random bytes anywhere in the file."""
    out = bytearray(data)
    for _ in range(draw.draw(st.integers(1, 8), label="bytes changed")):
        out[draw.draw(st.integers(0, len(out) - 1), label="offset")] = draw.draw(st.integers(0, 255), label="byte")
    return bytes(out)


MEMBERS = {"xlsx": ["xl/worksheets/sheet1.xml", "xl/sharedStrings.xml", "xl/styles.xml", "xl/workbook.xml",
                    "xl/_rels/workbook.xml.rels", "[Content_Types].xml"],
           "docx": ["word/document.xml", "word/styles.xml", "[Content_Types].xml", "word/_rels/document.xml.rels"]}


# ---- XLSX ------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("damage", ["packed bytes", "xml", "random bytes", "far rows", "huge dimension"])
@BINARY
@given(data=st.data())
def test_a_damaged_workbook_is_read_or_refused_in_bounded_time_and_memory(damage: str, data: st.DataObject) -> None:
    findings = _findings(data)
    expected = [f["id"] for f in findings]
    intact = False
    if damage == "far rows":
        number = data.draw(st.sampled_from(["1048576", "1048577", "2147483648", "99999999999999999999", "0", "-1",
                                            "x"]), label="row number")
        column = data.draw(st.sampled_from(["XFD", "A", "ZZZZ", ""]), label="column")
        far = (f'<row r="{number}"><c r="{column}{number}" t="inlineStr"><is><t>far</t></is></c>'
               f'<c r="{column}{number}"><v>{"9" * data.draw(st.integers(1, 400))}</v></c></row>')
        raw, intact = _zip(_workbook_parts(findings, after=far)), True
    elif damage == "huge dimension":
        dimension = data.draw(st.sampled_from(["A1:XFD1048576", "A1:ZZZZZZZZ99999999999999", "A1:", ":", "",
                                               "XFD1048576", "A1:XFD1048576 B2:C3", "A0:A-1", "é"]),
                                label="dimension")
        raw, intact = _zip(_workbook_parts(findings, dimension=dimension)), True
    elif damage == "packed bytes":
        raw = _overwrite_packed(_zip(_workbook_parts(findings)), data.draw(st.sampled_from(MEMBERS["xlsx"])), data)
    elif damage == "xml":
        parts = _workbook_parts(findings)
        name = data.draw(st.sampled_from(MEMBERS["xlsx"]), label="member")
        parts[name] = _xml_damage(parts[name].encode("utf-8") if isinstance(parts[name], str) else parts[name], data)
        raw = _zip(parts)
    else:
        raw = _flip(_zip(_workbook_parts(findings)), data)
    note(repr(raw[:300]))
    ids = _read(raw, "xlsx")
    if intact:
        assert ids[:len(expected)] == expected


# ---- Word ------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("damage", ["packed bytes", "xml", "random bytes"])
@BINARY
@given(data=st.data())
def test_a_damaged_word_document_is_read_or_refused_in_bounded_time_and_memory(damage: str,
                                                                               data: st.DataObject) -> None:
    findings = _findings(data)
    layout = data.draw(st.sampled_from(LAYOUTS), label="layout")
    base = _document("docx", layout, tuple((f["statement"], f["evidence"]) for f in findings))
    if damage == "packed bytes":
        raw = _overwrite_packed(base, data.draw(st.sampled_from(MEMBERS["docx"]), label="member"), data)
    elif damage == "xml":
        parts = _parts(base)
        name = data.draw(st.sampled_from(MEMBERS["docx"]), label="member")
        parts[name] = _xml_damage(parts[name], data)
        raw = _zip(parts)  # type: ignore[arg-type]
    else:
        raw = _flip(base, data)
    _read(raw, "docx")


# ---- PDF -------------------------------------------------------------------------------------------------------
PDF_PIECES = [b"9" * 5000, b"[" * 5000, b"<<" * 3000, b"(" * 3000, b"BT /F1 99999999999 Tf ET", b"q " * 5000,
              b"1 0 0 1 1e308 1e308 cm", b"0 0 0 rg " * 10, b"/Unknown Do", b"ID \x00\xff EI", b"endstream",
              b"%%EOF", b"trailer << /Root 1 0 R /Size 99999999 >>", b"1 0 obj 1 0 R endobj", b"\x00" * 100]


@pytest.mark.parametrize("damage", ["truncated", "content", "random bytes"])
@BINARY
@given(data=st.data())
def test_a_damaged_pdf_is_read_or_refused_in_bounded_time_and_memory(damage: str, data: st.DataObject) -> None:
    findings = _findings(data)
    layout = data.draw(st.sampled_from(LAYOUTS), label="layout")
    base = _document("pdf", layout, tuple((f["statement"], f["evidence"]) for f in findings))
    if damage == "truncated":
        raw = base[:data.draw(st.integers(0, len(base) - 1), label="kept bytes")]
    elif damage == "content":  # a hostile piece inside a drawn object's body (page contents, fonts, the xref)
        at = data.draw(st.integers(0, len(base)), label="place")
        raw = base[:at] + data.draw(st.sampled_from(PDF_PIECES), label="piece") + base[at:]
    else:
        raw = _flip(base, data)
    _read(raw, "pdf")
