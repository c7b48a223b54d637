"""CSV and XLSX reports: one finding per row, the columns named by a header row.

Headers are matched case- and space-insensitively against the usual names of audit-software exports (see
``fields``); ``columns={"My Header": "statement"}`` adds more. In ``clause``, ``evidence`` and ``waivers`` cells, each
line is one item. A sheet has no room for audit metadata: pass ``audit=``, or (CSV only) start the file with a
comment block holding the same ``audit:`` mapping as a YAML report, each line starting with ``#``.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import warnings
import zipfile
from collections.abc import Iterable
from functools import partial
from typing import Any

from ..errors import InputError, Location
from ..models import Diagnostic
from .common import Assembly, RawReport, ReadOptions, ReadResult, problem
from .fields import LIST_FIELDS, column_map, field_for
from .labels import load_labels
from .positions import LazyPositions
from .tree import take_metadata
from .yaml_load import YamlSyntax, load

_DELIMITERS = ",;\t"
_OTHER_BREAKS = ("\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029")


def read(text: str, file: str, options: ReadOptions) -> ReadResult:
    """Read a CSV report (comma, semicolon or tab separated, told apart by the header row)."""
    comments, body = _comment_block(text)
    raw = RawReport(file, keys_as_written=False)
    if comments:
        _metadata(comments, raw)
    header = body.split("\n", 1)[0]
    delimiter = max(_DELIMITERS, key=header.count)
    # Lines as io.StringIO(newline="") splits them (at \n, \r\n and \r); str.splitlines does the same a third faster
    # unless the text holds one of the rarer separators it also splits at.
    lines = (io.StringIO(body, newline="").readlines() if any(map(body.__contains__, _OTHER_BREAKS))
             else body.splitlines(True))
    reader = csv.reader(lines, delimiter=delimiter, strict=True)  # a bad quote is an error, not the rest of the file in a cell
    first = len(comments) + 1                      # the line number of lines[0]

    def rows() -> Iterable[tuple[int, list[str]]]:
        start = first
        try:
            for row in reader:
                yield start, row  # cells are trimmed where they are used: most rows have unused columns
                start = first + reader.line_num
        except csv.Error as err:
            raw.problems.append(problem("FV001", f"CSV syntax error: {err}; the rest of the file is not read",
                                        file, (start, 1), hint="check the quotes in this row"))

    return _read_rows(rows(), raw, options)


def _comment_block(text: str) -> tuple[list[str], str]:
    """The leading lines that start with ``#`` (without it and one space after it), and the text after them."""
    comments, pos = [], 0
    while text.startswith("#", pos):
        end = text.find("\n", pos)
        end = len(text) if end < 0 else end
        comments.append(text[pos + 1:end].removeprefix(" "))
        pos = end + 1
    return comments, text[pos:] if pos else text


def read_xlsx(data: bytes, file: str, options: ReadOptions) -> ReadResult:
    """Read an XLSX workbook: the sheet named "Findings" if there is one, else the first."""
    import openpyxl  # imported here: it costs ~150 ms, and most runs read no workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about styles and extensions it does not read
            book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            try:
                names = {name.lower(): name for name in book.sheetnames}
                sheet = book[names.get("findings", book.sheetnames[0])]
                rows = [(number, list(map(_cell, row)))
                        for number, row in enumerate(sheet.iter_rows(values_only=True), 1)]
            finally:
                book.close()
    except (zipfile.BadZipFile, InvalidFileException, KeyError, IndexError, ValueError, OSError) as err:
        raise InputError(f"not a readable XLSX workbook: {err}", Location(file),
                         "save it again from the spreadsheet program as .xlsx, or export it as CSV") from None
    return _read_rows(rows, RawReport(file, keys_as_written=False), options)


def _metadata(lines: list[str], raw: RawReport) -> None:
    """The audit metadata in a CSV's leading comment block (YAML, like a YAML report's ``audit:`` mapping)."""
    try:
        tree, problems = load("\n".join(lines), raw.file)
    except YamlSyntax as err:
        raw.problems.append(err.args[0])
        return
    raw.problems += problems
    take_metadata(tree, raw)


def _read_rows(rows: Iterable[tuple[int, list[str]]], raw: RawReport, options: ReadOptions) -> ReadResult:
    """Findings from a header row and the rows under it (each row's cells are kept for the positions of its fields,
    worked out when asked for)."""
    table = column_map(options.columns, load_labels(options.layouts).fields)
    iterator = iter(rows)
    header_line, header = next(iterator, (1, []))
    header = [cell.strip() for cell in header]
    fields: list[str | None] = []
    for cell in header:
        name = field_for(cell, table) if cell else None
        fields.append(cell if name in fields else name)   # a second column for a field: kept under its header
    if header and "grade" not in fields:
        raw.problems.append(_no_grade(header, raw.file, header_line))
        return Assembly(raw, options).finish()
    named = [(index, name) for index, name in enumerate(fields) if name is not None]
    lists = [name for name in dict.fromkeys(fields) if name in LIST_FIELDS]
    columns: dict[str, list[int]] = {}
    for index, name in named:
        columns.setdefault(name, []).append(index)
    locate = partial(_cell_positions, named, columns)
    width = len(fields)
    assembly = Assembly(raw, options)              # each finding is made as its row is read
    make, found, strip = assembly.builder.make, assembly.findings.append, str.strip
    for line, values in iterator:
        if len(values) > width and any(map(strip, values[width:])):
            raw.problems.append(problem("FV004", f"row has {len(values)} cells but the header only {width}; "
                                        "the extra cells are ignored", raw.file, (line, width + 1)))
        data: dict[str, object] = {name: value for name, value in zip(fields, map(strip, values)) if value and name}
        for name in lists:
            value = data.get(name)
            if value is not None and "\n" in value:  # type: ignore[operator]
                data[name] = list(filter(None, map(strip, value.split("\n"))))  # type: ignore[union-attr]
        if data or any(map(strip, values)):
            finding = make(data, line, 1, LazyPositions(locate, line, values))
            if finding is not None:
                found(finding)
    return assembly.finish()


def _cell_positions(named: list[tuple[int, str]], columns: dict[str, list[int]], name: str | None, line: int,
                    values: list[str], *_: None) -> Any:
    """Where the fields of the row at ``line`` are (the ``Locate`` of its ``LazyPositions``): each one's column, for
    the cells that are not blank (a field in two columns: the last such)."""
    count = len(values)
    if name is None:
        return {field: (line, index + 1) for index, field in named if index < count and values[index].strip()}
    for index in reversed(columns.get(name, ())):
        if index < count and values[index].strip():
            return (line, index + 1)
    return None


def _cell(value: object) -> str:
    """A cell as text: numbers as written, dates as ISO dates, nothing as ""."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _no_grade(header: list[str], file: str, line: int) -> Diagnostic:
    names = ", ".join(repr(cell) for cell in header if cell)
    return problem("FV002", f"no column gives the grade (headers: {names}); no finding can be read", file, (line, 1),
                   hint="name the columns (Grade, Clause, Statement, Evidence...) or map them: "
                        "columns={'My Header': 'grade'}")
