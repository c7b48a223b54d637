"""Word (.docx) reports: paragraphs and tables in document order, read as a page layout (see ``layout``).

Positions are counted over the document's paragraphs and table cells, one line each, in reading order, and named
``paragraph 14`` or ``table 2, row 3, cell 4`` (``Report.places``). python-docx is the ``docx`` extra, imported only
when a Word document is read.
"""

from __future__ import annotations

import io
import zipfile
import zlib

from ..errors import InputError, Location
from ..models import Places
from .common import ReadOptions, ReadResult
from .layout import Cell, Layout, Line, Table, read_layout

MAX_EXPANDED_BYTES = 256 * 1024 * 1024
"""A Word document whose parts unpack to more than this is refused (a zip bomb)."""

MAX_PARTS = 10_000
"""A Word document with more parts than this is refused."""


def read(data: bytes, file: str, options: ReadOptions) -> ReadResult:
    """Read a Word report."""
    return read_layout(extract(data, file), file, options)


def extract(data: bytes, file: str) -> Layout:
    """The document's paragraphs and tables as layout blocks, refusing what is not a safe, readable .docx."""
    try:
        import docx  # imported here: most runs read no Word document
        from docx.opc.exceptions import PackageNotFoundError
    except ImportError:
        raise InputError("reading Word documents needs python-docx, which is not installed", Location(file),
                         "install the extra: pip install 'findings-validator[docx]'") from None
    from docx.exceptions import PythonDocxError

    _check_package(data, file)
    try:
        document = docx.Document(io.BytesIO(data))
        return _Walk().document(document)
    except (PackageNotFoundError, PythonDocxError, zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError,
            KeyError, ValueError, AttributeError, SyntaxError, IndexError, OSError) as err:
        # lxml's XMLSyntaxError is a SyntaxError; a part whose packed bytes are damaged raises zlib.error (or
        # EOFError when cut short) as it is unpacked; NotImplementedError: a compression zipfile does not know
        raise InputError(f"not a readable Word document: {err}", Location(file),
                         "open it in Word and save it again as .docx, or export the report as PDF") from None


def _check_package(data: bytes, file: str) -> None:
    """Refuse what is not a Word package, and a package that would unpack to too much (sizes as declared: the
    unzip stops at the declared size of each part)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            parts = package.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError) as err:  # (a zip version it does not know)
        raise InputError(f"not a readable Word document: {err}", Location(file),
                         "open it in Word and save it again as .docx") from None
    if not any(part.filename == "word/document.xml" for part in parts):
        raise InputError("this zip file is not a Word document (it has no word/document.xml)", Location(file),
                         "give a .docx saved by Word or LibreOffice; a workbook is read as .xlsx")
    if len(parts) > MAX_PARTS or sum(part.file_size for part in parts) > MAX_EXPANDED_BYTES:
        raise InputError(f"the document unpacks to more than {MAX_EXPANDED_BYTES // 2**20} MB or "
                         f"{MAX_PARTS} parts; it is not read", Location(file),
                         "remove large embedded images or objects, or export the report as PDF")


class _Walk:
    """Numbers the paragraphs and table cells as they are met and names each one."""

    def __init__(self) -> None:
        self.blocks: list[Line | Table] = []
        self.names: list[str] = []
        self.paragraphs = 0
        self.tables = 0

    def document(self, document: object) -> Layout:
        for item in document.iter_inner_content():  # type: ignore[attr-defined]
            if hasattr(item, "rows"):
                self.tables += 1
                self.blocks.append(self._table(item, self.tables))
            else:
                self.paragraphs += 1
                self.blocks.extend(self._lines(item.text, self._unit(f"paragraph {self.paragraphs}")))
        starts = tuple(range(1, len(self.names) + 1))
        return Layout(self.blocks, Places(starts, tuple(self.names)))

    def _unit(self, name: str) -> int:
        self.names.append(name)
        return len(self.names)

    def _table(self, table: object, number: int) -> Table:
        rows: list[list[Cell]] = []
        start = len(self.names) + 1
        for r, row in enumerate(table.rows, 1):  # type: ignore[attr-defined]
            cells: list[Cell] = []
            seen: dict[int, Cell] = {}
            for c, cell in enumerate(row.cells, 1):
                key = id(cell._tc)
                if key not in seen:                   # a merged cell is met once per grid column it spans
                    unit = self._unit(f"table {number}, row {r}, cell {c}")
                    text = "\n".join(paragraph.text for paragraph in cell.paragraphs)
                    seen[key] = Cell(self._lines(text, unit), (unit, 1))
                cells.append(seen[key])
            rows.append(cells)
        return Table(rows, (start, 1))

    @staticmethod
    def _lines(text: str, unit: int) -> list[Line]:
        """A paragraph's text, a line per line break in it (each paragraph of a cell starts a paragraph)."""
        return [Line(part, (unit, 1), True) for part in text.split("\n")]
