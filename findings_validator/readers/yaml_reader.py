"""YAML reports (see ``yaml_load`` for how the text is loaded).

A syntax error loses only the finding it is in: the document is then read again in parts, the lines before
``findings:``, each ``- `` item of the findings list, and the lines after it, each part on its own.
"""

from __future__ import annotations

import dataclasses
import re

from ..models import Diagnostic
from .common import Position, ReadOptions, ReadResult, assemble
from .tree import Tree, to_raw_report
from .yaml_load import YamlSyntax, load

_FINDINGS = re.compile(r"^findings[ \t]*:[ \t]*(?:#.*)?$", re.M)
_ITEM = re.compile(r"^([ \t]*)-(?:[ \t]|$)", re.M)


def read(text: str, file: str, options: ReadOptions) -> ReadResult:
    """Read a YAML report."""
    try:
        tree, problems = load(text, file)
    except YamlSyntax as err:
        tree, problems = _read_in_parts(text, file, err.args[0])
    raw = to_raw_report(tree, file)
    raw.problems[:0] = problems
    return assemble(raw, options)


def _read_in_parts(text: str, file: str, error: Diagnostic) -> tuple[Tree, list[Diagnostic]]:
    """Read what can be read around syntax errors (block-style documents; otherwise only the error is kept)."""
    lines = text.split("\n")
    found = _FINDINGS.search(text)
    if found is None:
        return Tree(), [error]
    head_end = text.count("\n", 0, found.start())
    body = _findings_block(lines, head_end + 1)
    if body is None:
        return Tree(), [error]
    items, tail_start = body
    problems: list[Diagnostic] = []
    tree = Tree(value={})
    top: dict[str, object] = {}
    top_keys: dict[str, Position] = {}
    findings: list[object] = []
    starts: list[Position] = []
    parts = [(0, head_end), *items, (tail_start, len(lines))]
    syntax_errors = 0
    for number, (start, end) in enumerate(parts):
        try:
            part, part_problems = load("\n".join(lines[start:end]), file, start)
        except YamlSyntax as err:
            lost = err.args[0]
            last = start + len("\n".join(lines[start:end]).rstrip().split("\n"))
            what = "the finding" if 0 < number < len(parts) - 1 else "the part"
            skipped = f"line {start + 1}" if last <= start + 1 else f"lines {start + 1}-{last}"
            problems.append(dataclasses.replace(lost, message=f"{lost.message}; {what} at {skipped} is skipped"))
            syntax_errors += 1
            continue
        problems.extend(part_problems)
        tree.merge(part)
        if number in (0, len(parts) - 1) and isinstance(part.value, dict):
            top.update(part.value)
            top_keys.update(part.keys[id(part.value)])
        elif isinstance(part.value, list):
            findings.extend(part.value)
            starts.extend(part.items[id(part.value)])
    top["findings"] = findings
    top_keys["findings"] = (head_end + 1, 1)
    tree.value = top
    tree.keys[id(top)] = top_keys
    tree.items[id(findings)] = starts
    return tree, problems if syntax_errors else [error, *problems]


def _findings_block(lines: list[str], first: int) -> tuple[list[tuple[int, int]], int] | None:
    """Line ranges of the findings list's items, and the line where the rest of the document starts."""
    indent = None
    item_starts: list[int] = []
    end = len(lines)
    for number in range(first, len(lines)):
        line = lines[number]
        stripped = line.lstrip(" \t")
        if not stripped or stripped.startswith("#"):
            continue
        depth = len(line) - len(stripped)
        if "\t" in line[:depth]:  # a tab in the indentation: an error inside the item, not the item's end
            continue
        item = _ITEM.match(line)
        if indent is None:
            if item is None:
                return None
            indent = depth
        if item is not None and depth == indent:
            item_starts.append(number)
        elif depth <= indent:
            end = number
            break
    bounds = [*item_starts, end]
    return [(bounds[i], bounds[i + 1]) for i in range(len(item_starts))], end
