"""Markdown report drafts (docs-as-code): YAML front matter for the audit, a ``##`` heading per finding.

    ## NC-01 · minor · 7.1.5.2 a)        id, grade, clause, separated by "·", "|" or " - "
    **Statement:** The calibration ...    a labelled paragraph per field, up to the next label or heading
    **Evidence:**                         a list gives one item per list item
    - MIC-0231 due 2025-08-11

The body is read as CommonMark reads it (markdown-it-py, with GitHub's tables): ATX and setext headings, lists,
block quotes, code blocks and HTML blocks are what CommonMark says they are, and a field's text is the text the
Markdown shows (emphasis markers, escapes and entities resolved). A level-2 heading with no separator and no labels
under it (``## Summary``) is prose and is skipped, as is text outside labels and ``#`` titles. A table whose header
names a grade column and a statement or clause column is a findings table, a row per finding. See
docs/report-format.md for the whole convention.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Any

from ..models import Diagnostic
from .common import Position, RawFinding, RawReport, ReadOptions, ReadResult, assemble, problem
from .fields import LIST_FIELDS, column_map, field_for
from .labels import Labels, heading_fields, load_labels
from .tree import take_metadata
from .yaml_load import YamlSyntax, load

if TYPE_CHECKING:  # pragma: no cover
    from markdown_it.token import Token

_NEWLINES = re.compile(r"\r\n?")
_SEPARATORS = ("\u00b7", "|", " - ", " \u2013 ", " \u2014 ")
_BREAKS = ("softbreak", "hardbreak")


@cache
def _parser() -> Any:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").enable("table")


@dataclass(slots=True)
class _Label:
    """A labelled field under a heading: its label, where it is, and its blocks of text."""

    name: str
    at: Position
    parts: list[list[str]] = field(default_factory=list)   # a block per list, its lines joined at the end
    open: bool = False   # the last block takes the next line of the same paragraph

    @property
    def blocks(self) -> list[str]:
        return [" ".join(block) for block in self.parts]


@dataclass(slots=True)
class _Section:
    """A ``##`` heading and the labelled fields under it."""

    line: int
    title: str
    column: int                                                              # where the title starts
    labels: list[_Label] = field(default_factory=list)

    def add(self, text: str, *, join: bool = False) -> None:
        """Text for the current label (none yet: the text is prose and not read): a new block, or with ``join``
        the continuation of the open one."""
        if not self.labels or not text:
            return
        label = self.labels[-1]
        if join and label.open:
            label.parts[-1].append(text)
        else:
            label.parts.append([text])
        label.open = True

    def close(self) -> None:
        if self.labels:
            self.labels[-1].open = False


def read(text: str, file: str, options: ReadOptions) -> ReadResult:
    """Read a Markdown report draft."""
    raw = RawReport(file, keys_as_written=False)
    lines = _NEWLINES.sub("\n", text).split("\n")   # CR-only and CRLF files: the same lines as LF ones
    body_start = _front_matter(lines, raw)
    labels = load_labels(options.layouts)
    table = column_map(options.columns, labels.fields)
    body = "\n" * body_start + "\n".join(lines[body_start:])  # the front matter's lines blank: line numbers hold
    reader = _Reader(lines, table)
    reader.walk(_parser().parse(body))
    for item in reader.items:
        finding = _finding(item, table, raw.problems, file, labels) if isinstance(item, _Section) else item
        if finding is not None:
            raw.findings.append(finding)
    return assemble(raw, options)


def _front_matter(lines: list[str], raw: RawReport) -> int:
    """Read the YAML between a first line ``---`` and the next ``---`` (or ``...``); the line after it."""
    if not lines or lines[0].strip() != "---":
        return 0
    end = next((n for n in range(1, len(lines)) if lines[n].strip() in ("---", "...")), None)
    if end is None:
        raw.problems.append(problem("FV001", "the front matter has no closing '---'", raw.file, (1, 1),
                                    hint="end the YAML front matter with a line '---'"))
        return 0
    try:
        tree, problems = load("\n".join(lines[1:end]), raw.file, 1)
    except YamlSyntax as err:
        raw.problems.append(err.args[0])
    else:
        raw.problems += problems
        take_metadata(tree, raw)
    return end + 1


class _Reader:
    """Walks markdown-it's tokens: sections from level-2 headings, labels from the paragraphs at the top level,
    findings from findings tables; everything else is text of the current label."""

    def __init__(self, lines: list[str], table: dict[str, str]) -> None:
        self.lines, self.table = lines, table
        self.items: list[_Section | RawFinding] = []   # in reading order
        self.current: _Section | None = None
        self.item_depth = 0

    def walk(self, tokens: list[Token]) -> None:
        index, count = 0, len(tokens)
        while index < count:
            token = tokens[index]
            kind = token.type
            if kind == "heading_open":
                self._heading(token, tokens[index + 1])
                index += 3
                continue
            if kind == "table_open":
                end = next(n for n in range(index, count) if tokens[n].type == "table_close" and
                           tokens[n].level == token.level)
                self._table(token, tokens[index:end + 1])
                index = end + 1
                continue
            if kind == "inline":
                self._inline(token)
            elif kind in ("fence", "code_block"):
                if self.current is not None:
                    self.current.close()
                    self.current.add(" ".join(part.strip() for part in token.content.split("\n") if part.strip()))
                    self.current.close()
            elif kind == "html_block":
                if self.current is not None and not token.content.lstrip().startswith("<!--"):
                    self.current.close()
                    self.current.add(" ".join(token.content.split()))
            elif kind == "list_item_open":
                self.item_depth += 1
                if self.current is not None:
                    self.current.close()
            elif kind == "list_item_close":
                self.item_depth -= 1
                if self.current is not None:
                    self.current.close()
            elif kind in ("paragraph_close", "blockquote_open", "blockquote_close") and self.current is not None:
                if not (kind == "paragraph_close" and self.item_depth):  # a list item's paragraphs: one item
                    self.current.close()
            index += 1

    # -- headings -----------------------------------------------------------------------------------------
    def _heading(self, token: Token, inline: Token) -> None:
        level = int(token.tag[1])
        line = token.map[0] if token.map else 0
        if token.level > 0 or level > 2:   # inside a list or quote, or deeper: text of the current label
            if self.current is not None:
                self.current.close()
                self.current.add(_plain(inline.children or []))
                self.current.close()
            return
        if level == 1:
            self.current = None
            return
        first = inline.content.split("\n")[0]
        source = self.lines[line] if line < len(self.lines) else ""
        after = len(source) - len(source.lstrip(" ")) + (len(token.markup) if token.markup.startswith("#") else 0)
        start = source.find(first, after)
        title = " ".join(part.strip() for part in inline.content.split("\n"))
        self.current = _Section(line + 1, title, max(start, 0) + 1)
        self.items.append(self.current)

    # -- paragraphs ---------------------------------------------------------------------------------------
    def _inline(self, token: Token) -> None:
        section = self.current
        if section is None or token.map is None:
            return
        top = token.level == 1 and not self.item_depth   # a paragraph of the document itself (not a list, quote)
        for offset, parts in enumerate(_lines_of(token.children or [])):
            line = token.map[0] + offset
            label = _label(parts) if top else None
            if label is not None:
                name, value = label
                source = self.lines[line] if line < len(self.lines) else ""
                column = len(source) - len(source.lstrip()) + 1
                section.labels.append(_Label(name, (line + 1, column)))
                section.add(value)
                if not value:
                    section.close()
            else:
                section.add(_plain(parts), join=True)

    # -- tables -------------------------------------------------------------------------------------------
    def _table(self, token: Token, tokens: list[Token]) -> None:
        rows: list[tuple[int, list[str]]] = []
        for n, item in enumerate(tokens):
            if item.type == "tr_open" and item.map is not None:
                rows.append((item.map[0], []))
            elif item.type == "inline" and rows and tokens[n - 1].type in ("th_open", "td_open"):
                rows[-1][1].append(_plain(item.children or []))
        if not rows:
            return
        header = [field_for(cell, self.table) if cell else "" for cell in rows[0][1]]
        if token.level == 0 and "grade" in header and ("statement" in header or "clause" in header):
            self.current = None   # a findings table ends the section before it
            for line, cells in rows[1:]:
                self._table_row(line, header, cells)
            return
        if self.current is not None:   # a table in a field: a block per row
            self.current.close()
            for _, cells in rows:
                self.current.add(" | ".join(cell for cell in cells if cell))
                self.current.close()

    def _table_row(self, line: int, header: list[str], cells: list[str]) -> None:
        columns = _cell_columns(self.lines[line] if line < len(self.lines) else "")
        data: dict[str, object] = {}
        positions: dict[str, Position] = {}
        for n, (name, cell) in enumerate(zip(header, cells, strict=False)):
            if name and cell and name not in data:
                data[name] = [cell] if name in LIST_FIELDS else cell
                positions[name] = (line + 1, columns[n] if n < len(columns) else 1)
        if data:
            first = min(positions.values())
            self.items.append(RawFinding(data, line + 1, first[1], positions))


def _lines_of(children: list[Token]) -> list[list[Token]]:
    """An inline token's children, line by line (split at soft and hard line breaks)."""
    out: list[list[Token]] = [[]]
    for child in children:
        if child.type in _BREAKS:
            out.append([])
        else:
            out[-1].append(child)
    return out


def _plain(children: list[Token]) -> str:
    """The text a reader sees: text, code spans and image descriptions; markup left out, line breaks as spaces."""
    parts: list[str] = []
    for child in children:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in _BREAKS:
            parts.append(" ")
        elif child.type == "image":
            parts.append(_plain(child.children or []))
    return "".join(parts).strip()


def _label(parts: list[Token]) -> tuple[str, str] | None:
    """``**Label:** value`` or ``**Label**: value`` at the start of a line: (label, value); else None."""
    tokens = [part for part in parts if not (part.type == "text" and not part.content)]
    if len(tokens) < 3 or tokens[0].type != "strong_open":
        return None
    close = next((n for n, part in enumerate(tokens) if part.type == "strong_close"), None)
    if close is None:
        return None
    inner = _plain(tokens[1:close])
    rest = tokens[close + 1:]
    if inner.endswith(":"):
        name = inner[:-1].strip()
    elif rest and rest[0].type == "text" and rest[0].content.startswith(":"):
        name = inner.strip()
        rest = [_text(rest[0].content[1:]), *rest[1:]]
    else:
        return None
    return (name, _plain(rest)) if name and "\n" not in name else None


def _text(content: str) -> Token:
    from markdown_it.token import Token

    return Token("text", "", 0, content=content)


def _cell_columns(source: str) -> list[int]:
    """The (1-based) column of each cell's text in a table row as GitHub's tables split it (at ``|`` not escaped)."""
    columns: list[int] = []
    index = len(source) - len(source.lstrip())
    if source[index:index + 1] == "|":
        index += 1
    start = index
    while index <= len(source):
        if index == len(source) or (source[index] == "|" and (index == 0 or source[index - 1] != "\\")):
            cell = source[start:index]
            if index < len(source) or cell.strip():
                columns.append(start + len(cell) - len(cell.lstrip()) + 1)
            start = index + 1
        index += 1
    return columns


def _finding(section: _Section, table: dict[str, str], problems: list[Diagnostic], file: str,
             labels: Labels) -> RawFinding | None:
    """A finding from a section: id, grade and clause from the heading, the other fields from the labels."""
    parts, columns = _split_heading(section.title, section.column)
    data: dict[str, object] = {}
    positions: dict[str, Position] = {}
    if len(parts) < 2:   # no separator: a heading as Word and PDF reports write them ("Nonconformity 2 (minor)")?
        title = " ".join(section.title.split())
        heading = heading_fields(title, labels)   # None for a heading over labels.HEADING_PATTERN_LIMIT
        if heading is not None:
            data.update(heading)
            positions.update(dict.fromkeys(heading, (section.line, section.column)))
            parts = []
        elif not section.labels:
            return None
    for name, part, column in zip(("id", "grade", "clause"), parts, columns):
        if part:
            data[name], positions[name] = part, (section.line, column)
    labelled: set[str] = set()
    for label in section.labels:
        name = field_for(label.name, table)
        if name in LIST_FIELDS:   # repeated labels add items; a **Clause:** label replaces the heading's clause
            if name not in labelled:
                data[name] = []
            data[name].extend(label.blocks)  # type: ignore[attr-defined]
        else:
            if name in labelled:
                problems.append(problem("FV004", f"**{label.name}:** appears twice under this heading; the later "
                                        "one is used", file, label.at, hint="merge the two"))
            data[name] = "\n".join(label.blocks)
        labelled.add(name)
        positions[name] = label.at
    return RawFinding(data, section.line, section.column, positions)


def _split_heading(title: str, column: int) -> tuple[list[str], list[int]]:
    """``"NC-01 · minor · 7.1.5.2 a)"`` -> the parts, and the column of each (the title starts at ``column``)."""
    separator = next((sep for sep in _SEPARATORS if sep in title), None)
    pieces = title.split(separator, 2) if separator else [title]
    parts, columns, offset = [], [], column
    for piece in pieces:
        parts.append(piece.strip())
        columns.append(offset + len(piece) - len(piece.lstrip()))
        offset += len(piece) + len(separator or "")
    return parts, columns
