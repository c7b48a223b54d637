"""XLSX workbooks, read within bounds: the sheet's XML is streamed row by row, never listed or padded.

A workbook is a zip of XML parts. Before any XML is parsed, the sizes the zip declares are checked (each part and
all together, and how much a part expands), and ``zipfile`` never gives more than a part declares. The XML is
parsed by ``defusedxml`` (no DTD, entity or external reference is expanded). Rows are taken as they come, each
with its own row number: a row written as number 1,000,000 costs one row, not a million. Rows, cells and shared
strings are counted against limits; past one, the rest of the sheet is not read, and the problem says so. A cell
that cannot be read (a date out of range) is reported on its own and kept as written; the other cells and rows
are read. The limits, and how to raise them, are listed in docs/limits.md.
"""

from __future__ import annotations

import datetime as dt
import io
import posixpath
import re
import zipfile
import zlib
from collections.abc import Iterator
from xml.etree.ElementTree import Element, ParseError

from ..errors import InputError, Location
from ..models import Diagnostic
from .common import problem

MAX_UNPACKED_BYTES = 256 * 2**20
"""The parts read (workbook, shared strings, styles, the sheet) may unpack to this many bytes together."""
MAX_RATIO = 100
"""A part larger than 1 MB may unpack to at most this many times its packed size (a zip bomb does far more)."""
MAX_ROWS = 1_000_000
"""Rows read from the sheet (Excel's own maximum is 1,048,576)."""
MAX_COLUMNS = 16_384
"""Columns read in a row (Excel's own maximum); cells past it are reported and ignored."""
MAX_CELLS = 20_000_000
"""Cells read from the sheet, counting the blank ones a row holds before its last cell."""
MAX_SHARED_STRINGS = 2_000_000
"""Entries of the shared-string table (the text of the cells, stored once)."""

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PACKAGE_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_REF = re.compile(r"([A-Z]{1,3})(\d{1,7})")
_HINT = "save it again from the spreadsheet program as .xlsx, or export it as CSV"
_LARGE_PART = 2**20


class _Stop(Exception):
    """A limit was passed: what was read is kept, the rest is not read."""


def rows(data: bytes, file: str, problems: list[Diagnostic]) -> Iterator[tuple[int, list[str]]]:
    """(row number, cells as text) of the sheet named "Findings" if there is one, else the first. Problems with
    cells, and a limit passed, go to ``problems``; a file that is not a readable workbook raises ``InputError``."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        budget = _Budget(file, archive)
        sheet = _sheet_path(archive, budget)
        shared = _shared_strings(archive, budget, problems)
        dates = _date_styles(archive, budget)
        handle = budget.open(sheet)
    except (zipfile.BadZipFile, zlib.error, KeyError, ValueError, EOFError, OSError, ParseError, NotImplementedError,
            _defused()) as err:  # NotImplementedError: a zip version or compression zipfile does not know
        raise InputError(f"not a readable XLSX workbook: {_reason(err)}", Location(file), _HINT) from None
    with handle:
        yield from _sheet_rows(handle, file, shared, dates, problems)


def _sheet_rows(handle: io.BufferedIOBase, file: str, shared: list[str], dates: set[int],
                problems: list[Diagnostic]) -> Iterator[tuple[int, list[str]]]:
    from defusedxml.ElementTree import iterparse

    number, count, cells, wide = 0, 0, 0, False
    parent: Element | None = None
    try:
        for event, element in iterparse(handle, events=("start", "end")):
            if event == "start":
                if element.tag == f"{_MAIN}sheetData":
                    parent = element
                continue
            if element.tag != f"{_MAIN}row":
                continue
            given = element.get("r")
            number = int(given) if given and given.isascii() and given.isdigit() else number + 1
            values: dict[int, str] = {}
            column = 0
            for cell in element.iter(f"{_MAIN}c"):
                column = _column(cell.get("r"), column + 1)
                if column > MAX_COLUMNS:
                    if not wide:
                        problems.append(problem("FV004", f"cells past column {MAX_COLUMNS:,} are ignored", file,
                                                (number, MAX_COLUMNS + 1)))
                        wide = True
                    continue
                text = _text(cell, shared, dates, file, number, column, problems)
                if text:
                    values[column] = text
            width = max(values, default=0)
            count += 1
            cells += width
            if count > MAX_ROWS or cells > MAX_CELLS:
                what = f"more than {MAX_ROWS:,} rows" if count > MAX_ROWS else f"more than {MAX_CELLS:,} cells"
                problems.append(problem("FV004", f"the sheet has {what}; the rest, from row {number}, is not read",
                                        file, (number, 1), hint="split the workbook, or export it as CSV"))
                return
            element.clear()
            if parent is not None:
                parent.remove(element)   # nothing of a row read is kept
            yield number, [values.get(index, "") for index in range(1, width + 1)]
    except (ParseError, zlib.error, zipfile.BadZipFile, EOFError, NotImplementedError, _defused()) as err:
        problems.append(problem("FV001", f"the sheet's XML cannot be read after row {number}: {_reason(err)}; the "
                                "rest of the sheet is not read", file, (number + 1, 1), hint=_HINT))


def _text(cell: Element, shared: list[str], dates: set[int], file: str, row: int, column: int,
          problems: list[Diagnostic]) -> str:
    """A cell as text: numbers as written, dates as ISO dates, booleans as TRUE/FALSE."""
    kind = cell.get("t", "n")
    if kind == "inlineStr":
        return "".join(_runs(cell)).strip()
    value = cell.findtext(f"{_MAIN}v")
    if value is None:
        return ""
    if kind == "s":
        try:
            index = int(value)
            if index < 0:
                raise IndexError(index)
            return shared[index].strip()
        except (ValueError, IndexError):
            problems.append(problem("FV004", f"cell refers to shared string {value[:20]!r}, which does not exist; "
                                    "it is read as empty", file, (row, column)))
            return ""
    if kind == "b":
        return "TRUE" if value.strip() == "1" else "FALSE"
    if kind == "d":
        return value.strip().removesuffix("T00:00:00")
    if kind in ("n", "") and value:
        style = cell.get("s")
        try:
            number = float(value)
        except ValueError:
            return value.strip()
        if style is not None and style.isascii() and style.isdigit() and int(style) in dates:
            try:
                return _date(number)
            except (ValueError, OverflowError):
                problems.append(problem("FV004", f"cell holds {value[:30]!r} as a date, which no calendar has; it "
                                        "is read as the number written", file, (row, column),
                                        hint="write the date as a date (yyyy-mm-dd)"))
                return value.strip()
        return str(int(number)) if number.is_integer() and abs(number) < 1e15 else value.strip()
    return value.strip()


def _date(serial: float) -> str:
    """An Excel date serial (1900 system) as an ISO date, or date and time."""
    if not 0 <= serial < 2_958_466:  # 9999-12-31
        raise ValueError(serial)
    moment = dt.datetime(1899, 12, 30) + dt.timedelta(days=serial)
    if serial < 60:  # Excel counts a 29 February 1900 that never was
        moment += dt.timedelta(days=1)
    moment = moment.replace(microsecond=0)
    return moment.date().isoformat() if moment.time() == dt.time() else moment.isoformat()


def _runs(element: Element) -> Iterator[str]:
    """The text runs of a string item (``<t>``, in ``<r>`` runs), without phonetic guides (``<rPh>``)."""
    for child in element.iter():
        if child.tag == f"{_MAIN}t" and child.text:
            yield child.text
        elif child.tag == f"{_MAIN}rPh":
            child.clear()


def _column(ref: str | None, default: int) -> int:
    """The column number of a cell reference (``"C7"`` is 3)."""
    if not ref:
        return default
    found = _REF.fullmatch(ref)
    if found is None:
        return default
    number = 0
    for letter in found.group(1):
        number = number * 26 + ord(letter) - 64
    return number


class _Budget:
    """What the parts may unpack to, checked from the sizes the zip declares before a part is opened."""

    def __init__(self, file: str, archive: zipfile.ZipFile) -> None:
        self.file, self.archive, self.spent = file, archive, 0

    def open(self, name: str) -> io.BufferedIOBase:
        info = self.archive.getinfo(name)
        size, packed = info.file_size, max(info.compress_size, 1)
        if size > _LARGE_PART and size > MAX_RATIO * packed:
            raise InputError(f"the workbook's part {name} unpacks to {size // packed:,} times its size "
                             f"(at most {MAX_RATIO} is read)", Location(self.file),
                             "this looks like a zip bomb; save the workbook again, or export it as CSV")
        self.spent += size
        if self.spent > MAX_UNPACKED_BYTES:
            raise InputError(f"the workbook unpacks to more than {MAX_UNPACKED_BYTES // 2**20} MB of XML",
                             Location(self.file), "split the workbook, or export it as CSV")
        return self.archive.open(info)  # type: ignore[return-value]

    def parse(self, name: str) -> Element:
        from defusedxml.ElementTree import parse

        with self.open(name) as handle:
            return parse(handle).getroot()


def _sheet_path(archive: zipfile.ZipFile, budget: _Budget) -> str:
    """The part of the "Findings" sheet (any case), else of the first sheet."""
    book = budget.parse("xl/workbook.xml")
    sheets = [(sheet.get("name") or "", sheet.get(f"{_REL}id") or "") for sheet in book.iter(f"{_MAIN}sheet")]
    if not sheets:
        raise KeyError("the workbook has no sheet")
    name, rid = next((sheet for sheet in sheets if sheet[0].lower() == "findings"), sheets[0])
    targets = {rel.get("Id"): rel.get("Target") or "" for rel in
               budget.parse("xl/_rels/workbook.xml.rels").iter(f"{_PACKAGE_REL}Relationship")}
    if rid not in targets:
        raise KeyError(f"sheet {name!r} has no part")
    target = targets[rid]
    return target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))


def _shared_strings(archive: zipfile.ZipFile, budget: _Budget, problems: list[Diagnostic]) -> list[str]:
    """The shared-string table, streamed (at most ``MAX_SHARED_STRINGS`` entries)."""
    from defusedxml.ElementTree import iterparse

    name = "xl/sharedStrings.xml"
    if name not in archive.NameToInfo:
        return []
    strings: list[str] = []
    with budget.open(name) as handle:
        for _, element in iterparse(handle):
            if element.tag == f"{_MAIN}si":
                if len(strings) >= MAX_SHARED_STRINGS:
                    problems.append(problem("FV004", f"the workbook has more than {MAX_SHARED_STRINGS:,} shared "
                                            "strings; the cells that use the others are read as empty",
                                            budget.file, hint="export the sheet as CSV"))
                    break
                strings.append("".join(_runs(element)))
                element.clear()
    return strings


def _date_styles(archive: zipfile.ZipFile, budget: _Budget) -> set[int]:
    """The cell styles (indexes of ``cellXfs``) whose number format shows a date."""
    from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format

    name = "xl/styles.xml"
    if name not in archive.NameToInfo:
        return set()
    root = budget.parse(name)
    formats: dict[int, str] = {key: value for key, value in BUILTIN_FORMATS.items()}
    for custom in root.iter(f"{_MAIN}numFmt"):
        code = custom.get("numFmtId")
        if code and code.isascii() and code.isdigit():
            formats[int(code)] = custom.get("formatCode") or ""
    dates = set()
    cell_styles = root.find(f"{_MAIN}cellXfs")
    for index, style in enumerate(cell_styles if cell_styles is not None else ()):
        code = style.get("numFmtId") or "0"
        if code.isascii() and code.isdigit() and is_date_format(formats.get(int(code), "")):
            dates.add(index)
    return dates


def _defused() -> type[Exception]:
    from defusedxml import DefusedXmlException

    return DefusedXmlException


def _reason(err: BaseException) -> str:
    text = str(err) or type(err).__name__
    return text if len(text) <= 200 else text[:200] + "..."
