"""PDF reports: text lines and ruled tables, page by page, read as a page layout (see ``layout``).

pdfplumber (MIT) finds the text lines and the tables drawn with rules; pypdf (BSD) checks the file first, with
bounded decompression, so that a decompression bomb, an encrypted or a broken file is refused before pdfplumber
unpacks anything. Both are the ``pdf`` extra, imported only when a PDF is read. Running headers and footers (a
line repeated at the top or bottom of several pages, ``Page 2 of 5``) are left out. Positions: the lines of the
whole document are counted through, and named ``page 3, line 12`` (``Report.places``).
"""

from __future__ import annotations

import io
import logging
import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from ..errors import InputError, Location
from ..models import Diagnostic, Places
from .common import ReadOptions, ReadResult, problem
from .layout import Cell, Layout, Line, Table, read_layout

MAX_PAGES = 2000
"""A PDF with more pages than this is refused."""

MAX_EXPANDED_BYTES = 256 * 1024 * 1024
"""The streams pdfplumber would unpack (page contents, forms, fonts, object streams; not images) may come to this
much together; pypdf refuses a single stream over 75 MB by itself."""

_MARGIN = 0.08                                   # top and bottom share of a page where running heads are looked for
_PAGE_NUMBER = re.compile(r"(?:page\s*)?\d+\s*(?:/|of)\s*\d+|page\s*\d+", re.I)
_EXTRA_HINT = "install the extra: pip install 'findings-validator[pdf]'"


def read(data: bytes, file: str, options: ReadOptions) -> ReadResult:
    """Read a PDF report."""
    return read_layout(extract(data, file), file, options)


def extract(data: bytes, file: str) -> Layout:
    """The document's text lines and tables as layout blocks, refusing what is not a safe, readable PDF."""
    try:
        import pdfplumber
        import pypdf
    except ImportError:
        raise InputError("reading PDF reports needs pdfplumber and pypdf, which are not installed", Location(file),
                         _EXTRA_HINT) from None
    with _quiet():
        _preflight(pypdf, data, file)
        try:
            with pdfplumber.open(io.BytesIO(data)) as pdf:
                pages = [_page(page) for page in pdf.pages]
        except Exception as err:  # noqa: BLE001 - pdfminer raises many kinds of errors on broken files
            raise InputError(f"not a readable PDF: {type(err).__name__}: {err}", Location(file),
                             "open it in a PDF viewer and save or print it again as PDF") from None
    if not any(page.lines or page.tables for page in pages):
        if any(page.images for page in pages):
            raise InputError("this PDF has no text layer: it is a scanned image, so there is no text to read",
                             Location(file), "run OCR on it (e.g. ocrmypdf report.pdf report-ocr.pdf) and check "
                             "the result, or ask for the report as a text PDF or Word document")
        raise InputError("this PDF has no text", Location(file), "check that it is the audit report")
    return _layout(pages, file)


@contextmanager
def _quiet() -> Iterator[None]:
    """pypdf and pdfminer log what they repair in a broken file; what matters is reported as a problem instead."""
    loggers = [logging.getLogger(name) for name in ("pypdf", "pdfminer", "pdfplumber")]
    before = [logger.level for logger in loggers]
    for logger in loggers:                       # their modules' loggers take the level of these
        logger.setLevel(logging.CRITICAL + 1)
    try:
        yield
    finally:
        for logger, level in zip(loggers, before):
            logger.setLevel(level)


def _preflight(pypdf: object, data: bytes, file: str) -> None:
    """Open the file with pypdf, whose decompression is bounded, and unpack what pdfplumber would unpack."""
    from pypdf.errors import LimitReachedError, PdfReadError, PyPdfError
    from pypdf.generic import StreamObject

    try:
        reader = pypdf.PdfReader(io.BytesIO(data))  # type: ignore[attr-defined]
        if reader.is_encrypted and not reader.decrypt(""):
            raise InputError("the PDF is encrypted and needs a password to open", Location(file),
                             "save a copy without the password (print to PDF from the viewer) and check that one")
        if len(reader.pages) > MAX_PAGES:
            raise InputError(f"the PDF has {len(reader.pages)} pages, more than {MAX_PAGES}", Location(file),
                             "check the pages that hold the findings: extract them to a PDF of their own")
        total = 0
        numbers = {number for table in reader.xref.values() for number in table} | set(reader.xref_objStm)
        for number in sorted(numbers):
            try:
                stream = reader.get_object(number)
                if not isinstance(stream, StreamObject) or stream.get("/Subtype") == "/Image":
                    continue
                total += len(stream.get_data())
            except LimitReachedError:
                raise
            except (PyPdfError, ValueError, KeyError, TypeError, NotImplementedError, AttributeError):
                continue  # a stream pypdf cannot unpack: pdfplumber has its own go at it
            if total > MAX_EXPANDED_BYTES:
                raise LimitReachedError(f"more than {MAX_EXPANDED_BYTES // 2**20} MB")
    except LimitReachedError as err:
        raise InputError(f"the PDF unpacks to too much data ({err}): it is not read (a decompression bomb?)",
                         Location(file), "export the report to PDF again, or give it as a Word document") from None
    except InputError:
        raise
    except (PdfReadError, PyPdfError, ValueError, KeyError, TypeError, IndexError, AttributeError, OSError,
            RecursionError) as err:
        raise InputError(f"not a readable PDF: {err}", Location(file),
                         "open it in a PDF viewer and save or print it again as PDF") from None


@dataclass(slots=True)
class _Text:
    text: str
    top: float
    bottom: float
    x0: float


@dataclass(slots=True)
class _Page:
    """What one page holds: its text lines outside tables, its tables (cells as text), where every line starts."""

    lines: list[_Text]
    tables: list[tuple[float, list[list[tuple[float, str]]]]]   # (top, rows of (top, text) cells)
    tops: list[float]                                           # the tops of every text line, tables included
    height: float
    images: int


def _page(page: object) -> _Page:
    found = page.find_tables()  # type: ignore[attr-defined]
    boxes = [table.bbox for table in found]
    tables = []
    for table in found:
        rows = []
        for row, texts in zip(table.rows, table.extract()):
            rows.append([(cell[1] if cell else row.bbox[1], text or "") for cell, text in zip(row.cells, texts)])
        tables.append((table.bbox[1], rows))
    lines, tops = [], []
    for item in page.extract_text_lines(return_chars=False):  # type: ignore[attr-defined]
        tops.append(item["top"])
        middle = (item["top"] + item["bottom"]) / 2
        if not any(x0 <= item["x0"] + 1 and item["x1"] <= x1 + 1 and top <= middle <= bottom
                   for x0, top, x1, bottom in boxes):
            lines.append(_Text(item["text"], item["top"], item["bottom"], item["x0"]))
    return _Page(lines, tables, sorted(tops), float(page.height), len(page.images))  # type: ignore[attr-defined]


def _layout(pages: list[_Page], file: str) -> Layout:
    """Number the lines through the document, leave out running heads, and put lines and tables in reading order."""
    running = _running_heads(pages)
    blocks: list[Line | Table] = []
    starts: list[int] = []
    problems: list[Diagnostic] = []
    start = 1
    for number, page in enumerate(pages, 1):
        starts.append(start)
        if not page.lines and not page.tables and page.images:
            problems.append(_unreadable_page(file, number, (start, 1)))

        def at(top: float, page: _Page = page, start: int = start) -> tuple[int, int]:
            return (start + bisect_left(page.tops, top - 1), 1)

        items: list[tuple[float, Line | Table]] = []
        previous: _Text | None = None
        for text in page.lines:
            if _key(text.text) in running and _in_margin(text, page):
                continue
            # the first line of a page goes on the paragraph the last page ended with, unless it is a bullet
            gap = previous is not None and text.top - previous.bottom > 0.6 * (previous.bottom - previous.top)
            items.append((text.top, Line(text.text, at(text.top), gap)))
            previous = text
        for top, rows in page.tables:
            cells = [[Cell(_cell_lines(text, at(cell_top)), at(cell_top)) for cell_top, text in row] for row in rows]
            items.append((top, Table(cells, at(top), number)))
        items.sort(key=lambda item: item[0])
        blocks += [block for _, block in items]
        start += max(len(page.tops), 1)
    return Layout(blocks, Places(tuple(starts), tuple(f"page {n}" for n in range(1, len(pages) + 1)), True),
                  problems)


def _unreadable_page(file: str, page: int, at: tuple[int, int]) -> Diagnostic:
    """The warning for a page with no text layer (a scanned image among text pages)."""
    return problem("FV013", f"page {page} has no text layer (a scanned image?); nothing on it was read", file, at,
                   hint="run OCR on the PDF (e.g. ocrmypdf) or get the report as a text PDF or Word document")


def _cell_lines(text: str, at: tuple[int, int]) -> list[Line]:
    """A cell's lines: the first starts a paragraph, the others go on it (a bullet starts an item of its own)."""
    return [Line(part, (at[0] + n, at[1]), n == 0) for n, part in enumerate(text.split("\n"))]


def _running_heads(pages: list[_Page]) -> set[str]:
    """The texts (digits aside) seen in the top or bottom margin of more than one page, and page numbers."""
    if len(pages) < 2:
        return {"page"}
    seen: Counter[str] = Counter()
    for page in pages:
        seen.update({_key(text.text) for text in page.lines if _in_margin(text, page)})
    return {key for key, count in seen.items() if count > 1} | {"page"}


def _key(text: str) -> str:
    """A line with its digits left out: ``Page 2 of 5`` and ``Page 3 of 5`` are the same running head."""
    return "page" if _PAGE_NUMBER.fullmatch(text.strip()) else re.sub(r"\d+", "#", text.strip().lower())


def _in_margin(text: _Text, page: _Page) -> bool:
    return text.top < page.height * _MARGIN or text.bottom > page.height * (1 - _MARGIN)
