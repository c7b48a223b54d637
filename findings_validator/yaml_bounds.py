"""Limits on what a YAML file's aliases may stand for, counted by us whatever PyYAML release parses the file.

An alias (``*name``) repeats what its anchor (``&name``) holds; anchors that hold aliases multiply ("billion
laughs"): nine lines can stand for a billion values. PyYAML shares an alias's value instead of copying it, so
loading stays small, but everything that walks or writes the data afterwards sees every copy. Each file may
therefore use at most ``MAX_ALIASES`` aliases, and together they may stand for at most ``MAX_ALIAS_NODES``
values (scalars, lists, mappings) and ``MAX_ALIAS_CHARS`` characters of scalar text. The report reader counts
while it builds the data (``readers/yaml_load.py``); a catalog file that PyYAML reads is counted first by
``check_aliases``. Either way the error names the file, the line and column of the alias that went over, and
what to do.
"""

from __future__ import annotations

from typing import Any

from .errors import FindingsValidatorError, InputError, Location

MAX_ALIASES = 10_000
MAX_ALIAS_NODES = 100_000
MAX_ALIAS_CHARS = 10_000_000
HINT = "this looks like an alias bomb ('billion laughs'): write the values out instead of repeating anchors"

Size = tuple[int, int]
"""What a value stands for: (values, characters of scalar text), counting what its aliases stand for."""


class AliasBudget:
    """Counts the aliases of one file and what they stand for; raises once a limit is passed."""

    __slots__ = ("file", "error", "aliases", "nodes", "chars")

    def __init__(self, file: str, error: type[FindingsValidatorError] = InputError) -> None:
        self.file, self.error = file, error
        self.aliases = self.nodes = self.chars = 0

    def spend(self, size: Size, line: int, column: int) -> None:
        """One alias standing for ``size``, met at ``line``, ``column`` (1-based)."""
        self.aliases += 1
        self.nodes += size[0]
        self.chars += size[1]
        if self.aliases > MAX_ALIASES:
            over = f"more than {MAX_ALIASES:,} aliases"
        elif self.nodes > MAX_ALIAS_NODES:
            over = f"aliases that stand for more than {MAX_ALIAS_NODES:,} values"
        elif self.chars > MAX_ALIAS_CHARS:
            over = f"aliases that stand for more than {MAX_ALIAS_CHARS:,} characters of text"
        else:
            return
        raise self.error(f"the YAML has {over}", Location(self.file, line, column), HINT)


def check_aliases(text: str, file: str, error: type[FindingsValidatorError]) -> None:
    """Raise ``error`` when the aliases of ``text`` pass a limit. Syntax errors are left to the loader that
    follows: this walk stops quietly at the first one."""
    import yaml
    from yaml.events import (AliasEvent, CollectionEndEvent, CollectionStartEvent, DocumentStartEvent,
                             ScalarEvent)

    budget = AliasBudget(file, error)
    anchors: dict[str, Size] = {}
    stack: list[list[Any]] = []  # [anchor, values, characters] of each open collection
    documents = 0

    def add(size: Size) -> None:
        if stack:
            stack[-1][1] += size[0]
            stack[-1][2] += size[1]

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        for event in yaml.parse(text, Loader=loader):
            if isinstance(event, ScalarEvent):
                size = (1, len(event.value))
                if event.anchor:
                    anchors[event.anchor] = size
                add(size)
            elif isinstance(event, CollectionStartEvent):
                stack.append([event.anchor, 1, 0])
            elif isinstance(event, CollectionEndEvent) and stack:
                anchor, nodes, chars = stack.pop()
                if anchor:
                    anchors[anchor] = (nodes, chars)
                add((nodes, chars))
            elif isinstance(event, AliasEvent):
                size = anchors.get(event.anchor or "", (1, 0))
                budget.spend(size, event.start_mark.line + 1, event.start_mark.column + 1)
                add(size)
            elif isinstance(event, DocumentStartEvent):
                documents += 1
                if documents > 1:
                    return
    except yaml.YAMLError:
        return
