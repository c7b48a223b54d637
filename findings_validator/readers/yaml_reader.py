"""YAML reports (see ``yaml_load`` for how the text is loaded).

Nesting past the depth limit inside an item of the findings list loses that item only, as the events are read
(``load(skip_deep_findings=True)``), in block and flow style alike. A syntax error, or nesting past libyaml's own
limit, loses only the finding it is in in a block-style document: the document is then read again in parts, the
lines before ``findings:``, each ``- `` item of the findings list, and the lines after it, each part on its own
(nesting past the limit outside the findings still refuses the document).
"""

from __future__ import annotations

import dataclasses
import re

from ..models import Diagnostic
from .common import NestedTooDeep, Position, ReadOptions, ReadResult, assemble, lines_named, skipped_too_deep
from .tree import Tree, to_raw_report
from .yaml_load import YamlSyntax, load

_FINDINGS = re.compile(r"^findings[ \t]*:[ \t]*(?:#.*)?$", re.M)
_ITEM = re.compile(r"^([ \t]*)-(?:[ \t]|$)", re.M)


def read(text: str, file: str, options: ReadOptions) -> ReadResult:
    """Read a YAML report."""
    try:
        tree, problems = load(text, file, skip_deep_findings=True)
    except YamlSyntax as err:
        tree, problems = _read_in_parts(text, file, err.args[0])
    except NestedTooDeep as err:
        tree, problems = _read_in_parts(text, file, err)
    raw = to_raw_report(tree, file)
    raw.problems[:0] = problems
    return assemble(raw, options)


def _read_in_parts(text: str, file: str, error: Diagnostic | NestedTooDeep) -> tuple[Tree, list[Diagnostic]]:
    """Read what can be read around syntax errors and findings nested too deeply (block-style documents;
    otherwise only the syntax error is kept, and nesting too deep refuses the document)."""
    lines = text.split("\n")
    found = _FINDINGS.search(text)
    if found is None:
        return _given_up(error)
    head_end = text.count("\n", 0, found.start())
    body = _findings_block(lines, head_end + 1)
    if body is None:
        return _given_up(error)
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
        item = 0 < number < len(parts) - 1
        try:   # an item is read as a list of its own: one level less deep than in the document
            part, part_problems = load("\n".join(lines[start:end]), file, start, depth=1 if item else 0)
        except (YamlSyntax, NestedTooDeep) as err:
            if isinstance(err, NestedTooDeep) and not item:
                raise err from None
            last = start + len("\n".join(lines[start:end]).rstrip().split("\n"))
            skipped = f"{'the finding' if item else 'the part'} at {lines_named(start + 1, last)}"
            if isinstance(err, NestedTooDeep):
                problems.append(skipped_too_deep(err, skipped))
            else:
                lost = err.args[0]
                problems.append(dataclasses.replace(lost, message=f"{lost.message}; {skipped} is skipped"))
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
    if syntax_errors:
        return tree, problems
    if isinstance(error, NestedTooDeep):   # not met in any part: not in a finding
        raise error
    return tree, [error, *problems]


def _given_up(error: Diagnostic | NestedTooDeep) -> tuple[Tree, list[Diagnostic]]:
    """No parts to read: the syntax error alone, or the document refused for its nesting."""
    if isinstance(error, NestedTooDeep):
        raise error
    return Tree(), [error]


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
