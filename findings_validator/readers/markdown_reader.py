"""Markdown report drafts (docs-as-code): YAML front matter for the audit, a ``##`` heading per finding.

    ## NC-01 · minor · 7.1.5.2 a)        id, grade, clause, separated by "·", "|" or " - "
    **Statement:** The calibration ...    a labelled paragraph per field, up to the next label or heading
    **Evidence:**                         a bullet list gives one item per bullet
    - MIC-0231 due 2025-08-11

A ``##`` heading with no separator and no labels under it (``## Summary``) is prose and is skipped, as is text
outside labels, ``#`` titles and fenced code blocks. See docs/report-format.md for the whole convention.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..models import Diagnostic
from .common import Position, RawFinding, RawReport, ReadOptions, ReadResult, assemble, problem
from .fields import LIST_FIELDS, column_map, field_for
from .labels import Labels, heading_fields, load_labels
from .tree import take_metadata
from .yaml_load import YamlSyntax, load

_HEADING = re.compile(r"(#{1,2})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
_LABEL = re.compile(r"\*\*([^*\n]+?)(?::\*\*|\*\*:)[ \t]*(.*)$")
_BULLET = re.compile(r"(?:[-*+]|\d+[.)])[ \t]+(.*)$")
_FENCE = re.compile(r"[ \t]{0,3}(```|~~~)")
_SEPARATORS = ("\u00b7", "|", " - ", " \u2013 ", " \u2014 ")


@dataclass(slots=True)
class _Section:
    """A ``##`` heading and the labelled blocks under it."""

    line: int
    title: str
    column: int                                                              # where the title starts
    labels: list[tuple[str, int, list[str]]] = field(default_factory=list)   # (label, line, content lines)


def read(text: str, file: str, options: ReadOptions) -> ReadResult:
    """Read a Markdown report draft."""
    raw = RawReport(file, keys_as_written=False)
    lines = text.split("\n")
    body_start = _front_matter(lines, raw)
    labels = load_labels(options.layouts)
    table = column_map(options.columns, labels.fields)
    for section in _sections(lines, body_start):
        finding = _finding(section, table, raw.problems, file, labels)
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


def _sections(lines: list[str], start: int) -> list[_Section]:
    """The ``##`` sections, with their labels and the lines under each label."""
    sections: list[_Section] = []
    current: _Section | None = None
    fence: str | None = None
    for number in range(start, len(lines)):
        line = lines[number].rstrip("\r")
        if fence is None and (heading := _HEADING.match(line)):
            level, title = len(heading[1]), heading[2] or ""
            current = _Section(number + 1, title, heading.start(2) + 1) if level == 2 else None
            if current is not None:
                sections.append(current)
            continue
        if (opening := _FENCE.match(line)) and (fence is None or opening[1] == fence):
            fence = opening[1] if fence is None else None
        label = _LABEL.match(line) if fence is None else None
        if current is not None and label is not None:
            current.labels.append((label[1].strip(), number + 1, [label[2]]))
        elif current is not None and current.labels:
            current.labels[-1][2].append(line)
    return sections


def _finding(section: _Section, table: dict[str, str], problems: list[Diagnostic], file: str,
             labels: Labels) -> RawFinding | None:
    """A finding from a section: id, grade and clause from the heading, the other fields from the labels."""
    parts, columns = _split_heading(section.title, section.column)
    data: dict[str, object] = {}
    positions: dict[str, Position] = {}
    if len(parts) < 2:   # no separator: a heading as Word and PDF reports write them ("Nonconformity 2 (minor)")?
        heading = heading_fields(section.title.strip(), labels)
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
    for label, line, content in section.labels:
        name = field_for(label, table)
        blocks = _blocks(content)
        if name in LIST_FIELDS:   # repeated labels add items; a **Clause:** label replaces the heading's clause
            data[name] = [*(data[name] if name in labelled else []), *blocks]  # type: ignore[misc]
        else:
            if name in labelled:
                problems.append(problem("FV004", f"**{label}:** appears twice under this heading; the later one "
                                        "is used", file, (line, 1), hint="merge the two"))
            data[name] = "\n".join(blocks)
        labelled.add(name)
        positions[name] = (line, 1)
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


def _blocks(content: list[str]) -> list[str]:
    """Paragraphs and bullet items, each as one line of text (wrapped lines joined with a space)."""
    blocks: list[list[str]] = []
    open_block = False
    for line in content:
        text = line.strip()
        bullet = _BULLET.match(text)
        if not text:
            open_block = False
        elif bullet is not None:
            blocks.append([bullet[1].strip()])
            open_block = True
        elif open_block:
            blocks[-1].append(text)
        else:
            blocks.append([text])
            open_block = True
    return [" ".join(words for words in block if words) for block in blocks if any(block)]
