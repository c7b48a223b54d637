"""Findings and audit metadata from a document read as a page layout (Word, PDF): lines of text and tables.

The Word and PDF readers only turn their file into ``Line`` and ``Table`` blocks in reading order, each with a
position in the document. Here the three layouts certification bodies use are recognised:

- a findings table: a header row whose cells name a grade column and a statement or clause column (the same
  header names and ``columns`` mapping as CSV/XLSX), a row per finding; a table that goes on after a page break,
  with its header repeated or not, is the same table, and a row broken over the break is one row;
- a form: a table per finding whose cells pair a label ("NC No", "Grade", "Clause"...) with its value;
- labelled blocks: a heading line that starts a finding ("Nonconformity 2 (minor)"), then ``Label: value`` lines.

Audit metadata comes from ``Label: value`` lines and label/value tables outside the findings (``labels.yaml``).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace

from ..models import Diagnostic, Places, normalise_grade
from .common import Position, RawFinding, RawReport, ReadOptions, ReadResult, assemble
from .fields import LIST_FIELDS, column_map
from .labels import Labels, heading_fields, load_labels, lookup


@dataclass(slots=True)
class Line:
    """A line of text (a PDF text line, a Word paragraph or a line of one) and where it is."""

    text: str
    at: Position
    paragraph: bool = True          # starts a paragraph (a Word paragraph; a PDF line after a gap)


@dataclass(slots=True)
class Cell:
    """A table cell: its lines, and where it is."""

    lines: list[Line]
    at: Position

    @property
    def text(self) -> str:
        return " ".join(line.text for line in self.lines).strip()


@dataclass(slots=True)
class Table:
    """A table as its rows of cells; ``page`` is the PDF page it is on (0 in Word)."""

    rows: list[list[Cell]]
    at: Position
    page: int = 0


@dataclass(slots=True)
class Layout:
    """A whole document: its blocks in reading order, the names of its positions, problems met extracting it."""

    blocks: list[Line | Table]
    places: Places
    problems: list[Diagnostic] = field(default_factory=list)


_LABEL = re.compile(r"\s*(?:[-\u2022\u25aa\uf0b7*]\s*)?([A-Za-z][\w /()&'.\-]{0,60}?)\s*[:\uff1a]\s*(.*)$")
_BULLETS = "\u2022\u25aa\u25e6\u25cf\u2023\uf0b7\uf0a7\uf0d8\uf076"   # and the private-use ones of Symbol/Wingdings
_BULLET = re.compile(rf"\s*(?:[-*+{_BULLETS}]|\d{{1,2}}[.)])\s+(.*)$")
_SYMBOL_BULLET = re.compile(rf"\s*[{_BULLETS}]\s*(.*)$")
_HYPHENATED = re.compile(r"\w-$")
_SHORT_FIELDS = frozenset({"id", "grade", "clause", "process", "site", "auditee"})
_STANDARD = re.compile(r"\b(?:ISO(?:/IEC)?|IEC|BS|EN)\s*[\d-]+(?:-\d+)*(?:\s*:\s*\d{4})?", re.I)


def read_layout(layout: Layout, file: str, options: ReadOptions) -> ReadResult:
    """Read a document's findings and metadata, and name its positions."""
    labels = load_labels(options.layouts)
    reader = _Reader(file, labels, column_map(options.columns, labels.fields))
    reader.read(layout.blocks)
    raw = reader.raw
    raw.problems[:0] = layout.problems
    if reader.metadata:
        raw.audit, raw.audit_at, raw.audit_keys = reader.audit, reader.audit_at, reader.audit_keys
    done = assemble(raw, options)
    problems = tuple(replace(p, suggestion=_NO_FINDINGS) if p.rule == "FV008" else p for p in done.problems)
    return ReadResult(done.report.model_copy(update={"places": layout.places}), problems)


_NO_FINDINGS = ("no findings table, form or finding heading was recognised: name the table's columns or the "
                "labels as docs/report-format.md lists them, or map the template with a layout file (layouts=...)")


class _Reader:
    """Walks the blocks once, keeping the open finding (labelled blocks) and the open findings table."""

    def __init__(self, file: str, labels: Labels, fields: dict[str, str]) -> None:
        self.file, self.labels, self.fields = file, labels, fields
        self.raw = RawReport(file)
        self.metadata: dict[str, list[Line]] = {}
        self.audit_at: Position = (0, 0)
        self.audit_keys: dict[str, Position] = {}
        self.block: _Block | None = None             # the labelled-block finding being read
        self.table: _FindingsTable | None = None     # the findings table being read (it may go on after a break)
        self.pending: list[Line] | None = None       # the value of the last metadata label, which may go on
        self.form: tuple[dict[str, list[Line]], RawFinding, int] | None = None  # the last form (and its page)

    def read(self, blocks: list[Line | Table]) -> None:
        for block in blocks:
            if isinstance(block, Table):
                self._table(block)
            else:
                self._line(block)
        self._close_block()

    @property
    def audit(self) -> dict[str, object]:
        """The metadata found, as the ``Audit`` model takes it."""
        return {name: _audit_value(name, lines, self.labels) for name, lines in self.metadata.items()}

    # -- labelled blocks --------------------------------------------------------------------------------------
    def _line(self, line: Line) -> None:
        text = line.text.strip()
        if not text:
            return
        self.form = self.table = None                     # text between two tables: they are not one
        heading = heading_fields(text, self.labels)
        if heading is not None:
            self._close_block()
            self.table = None
            self.block = _Block(heading, line.at)
            return
        label = _LABEL.match(text)
        name = lookup(self.fields, label[1]) if label else None
        audit_name = lookup(self.labels.audit, label[1]) if label else None
        if self.block is not None and name is not None:
            self.block.label(name, label[2], line)  # type: ignore[index]
        elif audit_name is not None and (self.block is None or line.paragraph):
            self._close_block()
            self._metadata(audit_name, [Line(label[2], line.at)] if label[2].strip() else [], line.at)  # type: ignore[index]
        elif self.block is not None:
            self.block.more(line)
        elif self.pending is not None and (not line.paragraph or not self.pending or _BULLET.match(text)):
            self.pending.append(line)
        else:
            self.pending = None

    def _close_block(self) -> None:
        self.pending = None
        if self.block is not None:
            self.raw.findings.append(self.block.finish())
            self.block = None

    def _metadata(self, name: str, lines: list[Line], at: Position) -> None:
        """A metadata field's value (the first statement of a field is the report's); its lines may go on."""
        self.pending = None
        if name in self.metadata:
            return
        if not self.metadata:
            self.audit_at = at
        self.metadata[name] = self.pending = lines
        self.audit_keys[name] = at

    # -- tables -----------------------------------------------------------------------------------------------
    def _table(self, table: Table) -> None:
        self._close_block()
        rows = [row for row in table.rows if any(cell.text for cell in row)]
        if not rows:
            return
        for index, row in enumerate(rows[:2]):
            columns = [lookup(self.fields, cell.text) if cell.text else None for cell in row]
            if "grade" in columns and ({"statement", "clause"} & set(columns)):
                self.table = _FindingsTable(columns, row, table.page)
                self._rows(rows[index + 1:], continued=False)
                return
        if self.table is not None and len(rows[0]) == self.table.width and (
                table.page != self.table.page or not table.page):  # after a page break (Word: a split table)
            self.table.page = table.page
            repeated = [cell.text for cell in rows[0]] == self.table.header
            self._rows(rows[1:] if repeated else rows, continued=not repeated)
            return
        self.table = None
        pairs = list(_pairs(rows, self.fields, self.labels.audit))
        fields = {name for name, _, _, _ in pairs if name is not None}
        only_fields = all(name is not None for name, _, _, _ in pairs)
        if self.form is not None and table.page > self.form[2] and not (fields & self.form[0].keys()) and (
                only_fields and fields or not rows[0][0].text):
            self._form_goes_on(rows, pairs)            # the rest of a form, after a page break
            return
        # a form names a grade and what the finding is, or is the first part of one (an id, labels only); a
        # summary table (Category | Number, Minor | 2) names a grade only
        if "grade" in fields and fields & {"id", "statement", "clause"} or "id" in fields and only_fields:
            self._form(pairs, table)
            return
        self.form = None
        for _, audit_name, cell, label_at in pairs:
            if audit_name is not None:
                self._metadata(audit_name, cell.lines, label_at)
        self.pending = None
        for row in rows:                                  # labelled lines written inside a table's cells
            for cell in _distinct(row):
                for line in cell.lines:
                    self._line(line)
        self._close_block()

    def _rows(self, rows: list[list[Cell]], continued: bool) -> None:
        assert self.table is not None
        for number, row in enumerate(rows):
            last = self.raw.findings[-1] if self.raw.findings else None
            if continued and number == 0 and isinstance(last, RawFinding) and self.table.is_continuation(row):
                self.table.extend(last, row)
                continue
            finding = self.table.finding(row)
            if finding is not None:
                self.raw.findings.append(finding)

    def _form(self, pairs: list[_Pair], table: Table) -> None:
        values: dict[str, list[Line]] = {}
        positions: dict[str, Position] = {}
        for name, _, cell, _ in pairs:
            if name is not None and name not in values:
                values[name], positions[name] = list(cell.lines), cell.at
        finding = RawFinding({name: _field_value(name, lines) for name, lines in values.items()}, table.at[0],
                             table.at[1], positions)
        self.raw.findings.append(finding)
        self.form = (values, finding, table.page)

    def _form_goes_on(self, rows: list[list[Cell]], pairs: list[_Pair]) -> None:
        """Add a form's rest to it: a first row without a label goes on the last field; labelled rows add fields."""
        assert self.form is not None
        values, finding, _ = self.form
        first = _distinct(rows[0])
        if not first[0].text and len(first) > 1 and values:
            list(values.values())[-1].extend(Line(line.text, line.at, False) for line in first[1].lines)
        for name, _, cell, _ in pairs:
            if name is not None and name not in values:
                values[name], finding.positions[name] = list(cell.lines), cell.at
        finding.data = {name: _field_value(name, lines) for name, lines in values.items()}


class _Block:
    """A finding written as a heading and labelled lines."""

    def __init__(self, heading: dict[str, str], at: Position) -> None:
        self.at = at
        self.data: dict[str, object] = dict(heading)
        self.positions: dict[str, Position] = {name: at for name in heading}
        self.fields: dict[str, list[Line]] = {}
        self.current: list[Line] | None = None
        self.name: str | None = None                      # the field of ``current``
        self.inline = False                               # its value began on its label's line

    def label(self, name: str, value: str, line: Line) -> None:
        self.name, self.inline = name, bool(value.strip())
        if name in self.fields and name in LIST_FIELDS:
            self.current = self.fields[name]
        else:
            self.current = self.fields[name] = []
            self.positions[name] = line.at
        if value.strip():
            self.current.append(Line(value, line.at, True))

    def more(self, line: Line) -> None:
        """A line without a label: it goes on the last label's value, but a paragraph without a label before
        any label, or after a short field given on its label's line ("Clause: 8.5.1"), is the statement."""
        short = self.inline and self.name in _SHORT_FIELDS and line.paragraph
        if (self.current is None or short) and "statement" not in self.fields:
            self.current = self.fields["statement"] = []
            self.name = "statement"
            self.positions["statement"] = line.at
        self.current.append(line)  # type: ignore[union-attr]

    def finish(self) -> RawFinding:
        for name, lines in self.fields.items():
            self.data[name] = _field_value(name, lines)
        return RawFinding(self.data, self.at[0], self.at[1], self.positions)


class _FindingsTable:
    """A findings table's columns (field per column) and its header, to know it again on the next page."""

    def __init__(self, columns: list[str | None], header: list[Cell], page: int) -> None:
        self.page = page                                  # the page of the part read last
        self.header = [cell.text for cell in header]
        self.columns: list[str | None] = []
        for name, title in zip(columns, self.header):   # a column for a field already given, or an unknown one:
            self.columns.append(title or None if name is None or name in self.columns else name)  # its header
        self.width = len(columns)

    def finding(self, row: list[Cell]) -> RawFinding | None:
        data: dict[str, object] = {}
        positions: dict[str, Position] = {}
        for name, cell in zip(self.columns, row):
            if name is not None and cell.text and name not in data:
                data[name] = _field_value(name, cell.lines)
                positions[name] = cell.at
        if not data:
            return None
        return RawFinding(data, row[0].at[0], row[0].at[1], positions)

    def is_continuation(self, row: list[Cell]) -> bool:
        """A row whose id cell (or grade cell, in a table without ids) is empty: the rest of the previous row,
        broken over a page (its grade may go on too: "Minor" / "nonconformity")."""
        key = "id" if "id" in self.columns else "grade"
        cells = [cell for name, cell in zip(self.columns, row) if name == key]
        return bool(cells) and not any(cell.text for cell in cells)

    def extend(self, previous: RawFinding, row: list[Cell]) -> None:
        """Add the cells of a row's rest to the previous row's finding."""
        data: dict[str, object] = previous.data  # type: ignore[assignment]
        for name, cell in zip(self.columns, row):
            if name is None or not cell.text:
                continue
            before, addition = data.get(name), _field_value(name, cell.lines)
            if isinstance(before, list) and isinstance(addition, list):
                if before and addition and not _BULLET.match(cell.lines[0].text):   # the item broken over pages
                    addition = [_join(before.pop(), addition[0]), *addition[1:]]
                data[name] = before + addition
            elif isinstance(before, str) and isinstance(addition, str):
                data[name] = _join(before, addition)
            else:
                data[name] = addition
                previous.positions[name] = cell.at


_Pair = tuple[str | None, str | None, Cell, Position]
"""A label cell and the value cell after it: (finding field, audit field, value cell, where the label is)."""


def _pairs(rows: list[list[Cell]], fields: Mapping[str, str], audit: Mapping[str, str]) -> Iterator[_Pair]:
    """Each label cell followed by a value cell, with the finding and audit fields the label names."""
    for row in rows:
        cells = _distinct(row)
        index = 0
        while index < len(cells) - 1:
            name, audit_name = lookup(fields, cells[index].text), lookup(audit, cells[index].text)
            if (name or audit_name) and not _is_label(cells[index + 1].text, fields, audit):
                yield name, audit_name, cells[index + 1], cells[index].at
                index += 2
            else:
                index += 1


def _distinct(row: list[Cell]) -> list[Cell]:
    """A row's cells without the repeats of a merged cell."""
    out: list[Cell] = []
    for cell in row:
        if not out or cell is not out[-1] and not (cell.at == out[-1].at and cell.text == out[-1].text):
            out.append(cell)
    return out


def _is_label(text: str, fields: Mapping[str, str], audit: Mapping[str, str]) -> bool:
    return bool(text.strip()) and (lookup(fields, text) or lookup(audit, text)) is not None


def _items(lines: list[Line]) -> list[str]:
    """Paragraphs and bullet items, each as one line of text: wrapped lines joined with a space, or without one
    after a hyphen ("in-" / "process", "2025-" / "03-10"). A wrapped line (not a paragraph's first) that starts
    with a number is not a numbered item ("(MR-25-" / "01) cover...")."""
    items: list[str] = []
    for line in lines:
        text = line.text.strip()
        if not text:
            continue
        bullet = _BULLET.match(text) if line.paragraph else _SYMBOL_BULLET.match(text)
        if bullet is not None or line.paragraph or not items:
            items.append(bullet[1].strip() if bullet else text)
        else:
            items[-1] = _join(items[-1], text)
    return items


def _join(before: str, after: str) -> str:
    """A wrapped line joined to the one before it: with a space, or none after a hyphen ("in-" / "process") or
    before punctuation carried over to the new line ("nonconformities" / ", but")."""
    return before + after if _HYPHENATED.search(before) or after[:1] in ",.;:)" else f"{before} {after}"


def _field_value(name: str, lines: list[Line]) -> object:
    items = _items(lines)
    if name in LIST_FIELDS:
        return items
    return _grade("\n".join(items)) if name == "grade" else "\n".join(items)


def _grade(text: str) -> str:
    """A grade as written, or without the space of a word broken in a narrow cell ("Minor nonconfor" / "mity")."""
    try:
        normalise_grade(text)
    except ValueError:
        for index in (i for i, char in enumerate(text) if char == " "):
            joined = text[:index] + text[index + 1:]
            try:
                normalise_grade(joined)
            except ValueError:
                continue
            return joined
    return text


def _audit_value(name: str, lines: list[Line], labels: Labels) -> object:
    """A metadata value as the ``Audit`` model takes it (what cannot be made sense of is left as written)."""
    items = _items(lines)
    text = " ".join(items).strip()
    if name == "criteria":
        found = [re.sub(r"\s*:\s*", ":", re.sub(r"\s+", " ", s)) for s in _STANDARD.findall(text)]
        return found or items
    if name == "type":
        return next((kind for pattern, kind in labels.audit_types if pattern.search(text)), text)
    if name == "dates":
        return _dates(text, labels.months) or text
    if name in ("team", "exclusions", "processes", "coverage") and len(items) == 1:   # one line of names
        return [part.strip() for part in re.split(r"[;,](?![^()]*\))", text) if part.strip()]
    if name in ("objectives", "deviations", "unresolved") and len(items) == 1:
        return [part.strip() for part in text.split(";") if part.strip()]
    if name in ("sites", "team", "exclusions", "processes", "coverage", "objectives", "deviations", "unresolved"):
        return items
    return "\n".join(items)


_ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_DAY_MONTH = re.compile(r"\b(\d{1,2})\.?(?:\s*(?:[-\u2013\u2014]|to|and|&)\s*(\d{1,2})\.?)?\s+([^\W\d_]{3,12})\.?,?\s+(\d{4})\b")
_MONTH_DAY = re.compile(r"\b([^\W\d_]{3,12})\.?\s+(\d{1,2})(?:\s*(?:[-\u2013\u2014]|to|and|&)\s*(\d{1,2}))?,?\s+(\d{4})\b")
_NUMERIC = re.compile(r"\b(\d{1,2})[/.](\d{1,2})[/.](\d{4})\b")


def _dates(text: str, months: Mapping[str, int]) -> list[str]:
    """Every audit day a text names: ISO dates, "14 October 2025", "14-15 October 2025", "October 14, 2025",
    "14/10/2025" (day first); a range gives each day in it."""
    days: list[dt.date] = []
    try:
        days += [dt.date(int(y), int(m), int(d)) for y, m, d in _ISO_DATE.findall(text)]
        rest = _ISO_DATE.sub(" ", text)
        for first, last, month, year in _DAY_MONTH.findall(rest):
            if month.lower() in months:
                days += _range(int(year), months[month.lower()], int(first), int(last or first))
        for month, first, last, year in _MONTH_DAY.findall(rest):
            if month.lower() in months:
                days += _range(int(year), months[month.lower()], int(first), int(last or first))
        days += [dt.date(int(y), int(m), int(d)) for d, m, y in _NUMERIC.findall(rest)]
    except ValueError:
        return []
    return [day.isoformat() for day in sorted(set(days))]


def _range(year: int, month: int, first: int, last: int) -> list[dt.date]:
    return [dt.date(year, month, day) for day in range(first, max(first, last) + 1)]
