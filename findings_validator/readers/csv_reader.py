"""CSV and XLSX reports: one finding per row, the columns named by a header row.

Headers are matched case- and space-insensitively against the usual names of audit-software exports (see
``fields``); ``columns={"My Header": "statement"}`` adds more. In ``clause``, ``evidence`` and ``waivers`` cells, each
line is one item. A sheet has no room for audit metadata: pass ``audit=``, or (CSV only) start the file with a
comment block holding the same ``audit:`` mapping as a YAML report, each line starting with ``#``.
"""

from __future__ import annotations

import csv
from contextlib import contextmanager
import io
from collections.abc import Iterable, Iterator
from functools import partial
from typing import Any

from ..errors import InputError, Location
from ..models import Diagnostic
from .common import Assembly, RawReport, ReadOptions, ReadResult, problem
from . import source as _source
from .fields import LIST_FIELDS, column_map, field_for
from .labels import load_labels
from .positions import LazyPositions
from .tree import take_metadata
from .yaml_load import YamlSyntax, load

_DELIMITERS = ",;\t"
MAX_COLUMNS = 16_384
"""Columns read in a row (a spreadsheet's own maximum); cells past it are reported once and ignored."""
MAX_CELL_CHARS = 1_000_000
"""A longer cell is reported (FV004) and left out of its finding; the row and the rest of the file are read."""


MAX_SYNTAX_ERRORS = 1_000
"""CSV syntax errors read past in one file (each costs a new pass over what follows it); then reading stops."""


class _Cursor:
    """The lines, for ``csv.reader``, from ``index`` on: set back to read on after a syntax error."""

    __slots__ = ("lines", "index")

    def __init__(self, lines: list[str]) -> None:
        self.lines, self.index = lines, 0

    def __iter__(self) -> _Cursor:
        return self

    def __next__(self) -> str:
        index = self.index
        if index >= len(self.lines):
            raise StopIteration
        self.index = index + 1
        return self.lines[index]


@contextmanager
def _field_size(limit: int) -> Iterator[None]:
    """The csv module's cell size limit (128 KB by default, past which it stops reading) raised for a while: a
    cell can then be as large as the document, and ``MAX_CELL_CHARS`` is checked by the reader, cell by cell."""
    before = csv.field_size_limit()
    csv.field_size_limit(max(before, limit))
    try:
        yield
    finally:
        csv.field_size_limit(before)


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
    source = _Cursor(lines)
    first = len(comments) + 1                      # the line number of lines[0]

    def rows() -> Iterable[tuple[int, list[str]]]:
        # strict: a bad quote is an error, not the rest of the file in a cell
        reader, base, errors = csv.reader(source, delimiter=delimiter, strict=True), 0, 0
        start, read = first, next
        with _field_size(_source.MAX_DOCUMENT_BYTES):
            while True:
                try:
                    row = read(reader)
                except StopIteration:
                    return
                except csv.Error as err:  # the row's first line is lost; reading goes on at the line after it
                    errors += 1
                    if errors > MAX_SYNTAX_ERRORS:
                        raw.problems.append(problem("FV001", f"more than {MAX_SYNTAX_ERRORS} CSV syntax errors; "
                                                    f"the rest of the file (from line {start}) is not read",
                                                    raw.file, (start, 1), hint="is this file CSV?"))
                        return
                    raw.problems.append(problem("FV001", f"CSV syntax error: {err}; line {start} is skipped, "
                                                "reading goes on at the next line", file, (start, 1),
                                                hint="check the quotes in this row: a quote inside a cell is "
                                                     "written twice (\"\")"))
                    base = source.index = start - first + 1
                    reader, start = csv.reader(source, delimiter=delimiter, strict=True), first + base
                    continue
                yield start, row  # cells are trimmed where they are used: most rows have unused columns
                start = first + base + reader.line_num

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
    """Read an XLSX workbook: the sheet named "Findings" if there is one, else the first (see ``xlsx_reader``)."""
    from . import xlsx_reader

    raw = RawReport(file, keys_as_written=False)
    return _read_rows(xlsx_reader.rows(data, file, raw.problems), raw, options)


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
    if len(header) > MAX_COLUMNS and any(map(str.strip, header[MAX_COLUMNS:])):
        raw.problems.append(problem("FV004", f"the header has {len(header):,} columns; only the first "
                                    f"{MAX_COLUMNS:,} are read", raw.file, (header_line, MAX_COLUMNS + 1)))
    header = [cell.strip() for cell in header[:MAX_COLUMNS]]
    fields: list[str | None] = []
    taken: set[str | None] = set()
    for cell in header:
        name = field_for(cell, table) if cell else None
        fields.append(cell if name in taken else name)   # a second column for a field: kept under its header
        taken.add(name)
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
        if max(map(len, values), default=0) > MAX_CELL_CHARS:
            _long_cells(data, values, fields, raw, line)
        for name in lists:
            value = data.get(name)
            if value is not None and "\n" in value:  # type: ignore[operator]
                data[name] = list(filter(None, map(strip, value.split("\n"))))  # type: ignore[union-attr]
        if data or any(map(strip, values)):
            finding = make(data, line, 1, LazyPositions(locate, line, values))
            if finding is not None:
                found(finding)
    return assembly.finish()


def _long_cells(data: dict[str, object], values: list[str], fields: list[str | None], raw: RawReport,
                line: int) -> None:
    """Leave out (and report) the cells of a row longer than ``MAX_CELL_CHARS``."""
    for index, (name, value) in enumerate(zip(fields, values)):
        if name and len(value) > MAX_CELL_CHARS and data.pop(name, None) is not None:
            raw.problems.append(problem("FV004", f"the {name} cell has {len(value):,} characters, more than "
                                        f"{MAX_CELL_CHARS:,}; it is left out", raw.file, (line, index + 1),
                                        hint="a finding's field holds a few paragraphs: look for a missing quote"))


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


def _no_grade(header: list[str], file: str, line: int) -> Diagnostic:
    names = ", ".join(repr(cell) for cell in header if cell)
    return problem("FV002", f"no column gives the grade (headers: {names}); no finding can be read", file, (line, 1),
                   hint="name the columns (Grade, Clause, Statement, Evidence...) or map them: "
                        "columns={'My Header': 'grade'}")
