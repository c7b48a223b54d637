"""A parsed YAML or JSON document with positions, and how its parts become a ``RawReport``.

Positions live beside the plain data, keyed by ``id()`` of each mapping and list, so the data stays ordinary
dicts and lists (what the models validate) and is walked only once.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .common import Position, RawFinding, RawReport, problem


@dataclass(slots=True)
class Tree:
    """Plain data and where its parts were read."""

    value: object = None
    keys: dict[int, dict[str, Position]] = field(default_factory=dict)   # id(mapping) -> key -> where
    items: dict[int, list[Position]] = field(default_factory=dict)       # id(list) -> where each item starts
    made: dict[int, tuple[list[object], list[RawFinding]]] = field(default_factory=dict)
    """id(list) -> the list and its items as raw findings, for a findings list a reader made them for as it read."""

    def merge(self, other: Tree) -> None:
        """Take over the positions of ``other`` (a part of the same document read on its own)."""
        self.keys.update(other.keys)
        self.items.update(other.items)
        self.made.update(other.made)


def take_metadata(tree: Tree, raw: RawReport) -> None:
    """The ``audit`` block and other keys of a mapping (a report, a CSV comment block, Markdown front matter)."""
    top = tree.value
    if not isinstance(top, dict):
        return
    keys = tree.keys.get(id(top), {})
    raw.audit, raw.audit_at = top.get("audit"), keys.get("audit", (0, 0))
    raw.audit_keys = tree.keys.get(id(raw.audit), {})
    raw.extra = {str(k): v for k, v in top.items() if k != "audit"}
    raw.extra_keys = keys


def to_raw_report(tree: Tree, file: str) -> RawReport:
    """The audit block, findings and other top-level keys of a document: a mapping, or a bare list of findings."""
    raw = RawReport(file)
    top = tree.value
    findings: object = None
    findings_at: Position = (1, 1)
    if isinstance(top, list):
        findings = top
    elif isinstance(top, dict):
        take_metadata(tree, raw)
        findings, findings_at = raw.extra.pop("findings", None), raw.extra_keys.get("findings", (0, 0))
    elif top is not None:
        raw.problems.append(problem("FV004", "the report is a single value, not a mapping with 'audit' and "
                                    "'findings'", file, (1, 1), hint="see docs/report-format.md"))
    if isinstance(findings, list) and id(findings) in tree.made:
        raw.findings.extend(tree.made[id(findings)][1])
    elif isinstance(findings, list):
        starts = tree.items.get(id(findings), [])
        for item, at in zip(findings, starts, strict=True):
            raw.findings.append(RawFinding(item, at[0], at[1], tree.keys.get(id(item), {})))
    elif findings is not None:
        raw.problems.append(problem("FV004", "'findings' is not a list", file, findings_at,
                                    hint="write each finding as a list item: '- id: NC-01'"))
    return raw
