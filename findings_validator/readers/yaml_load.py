"""Safe, position-aware YAML loading from libyaml's event stream (used for reports and Markdown front matter).

Walking the events (not ``yaml.compose``) keeps nesting under our control: libyaml's composer recurses in C and
crashes the process on a few thousand nested brackets. Only plain data is built: a tag that would construct an
object is refused. Aliases are shared, not copied, and are counted against the limits of ``yaml_bounds`` (alias
bombs). Nesting deeper than ``MAX_DEPTH`` is refused (``NestedTooDeep``), also when libyaml's own nesting limit
(PyYAML 6.0.4 and later) stops the parse first.
Under ``audit`` and the findings' known fields, plain scalars stay text: ``clause: 7.10`` is "7.10", not 7.1.
"""

from __future__ import annotations

import yaml
from yaml.events import (AliasEvent, DocumentStartEvent, MappingEndEvent, MappingStartEvent, ScalarEvent,
                         SequenceEndEvent, SequenceStartEvent)

from ..yaml_bounds import AliasBudget, Size
from ..models import Audit, Diagnostic
from .common import NestedTooDeep, Position, lines_named, problem, skipped_too_deep
from .fields import FINDING_FIELDS
from .tree import Tree

MAX_DEPTH = 64
MAX_OBJECT_KEYS = 10_000
"""Keys read in one mapping; those past it are reported once (FV004) and left out, the rest is read
(``object_keys``, as for JSON)."""
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_STR = "tag:yaml.org,2002:str"
_SCALAR_TAGS = {f"tag:yaml.org,2002:{t}" for t in ("null", "bool", "int", "float", "timestamp", "str")}
_NULLS = {"", "~", "null", "Null", "NULL"}
_RESOLVER = yaml.resolver.Resolver()
_CONSTRUCTOR = yaml.constructor.SafeConstructor()
_TEXT_KEYS = {"audit": frozenset(Audit.model_fields), "finding": FINDING_FIELDS}


class YamlSyntax(Exception):
    """The text is not YAML; ``args[0]`` is the FV001 diagnostic."""


class _Frame:
    """A mapping or list being built."""

    __slots__ = ("value", "kind", "text", "anchor", "where", "key", "size", "chars", "merge", "starts", "keys",
                 "full", "skip", "flow")

    def __init__(self, value: dict[str, object] | list[object], kind: str, text: bool, anchor: str | None,
                 where: Position) -> None:
        self.value, self.kind, self.text, self.anchor, self.where = value, kind, text, anchor, where
        self.key: str | None = None          # a mapping's key waiting for its value
        self.size = 1                        # nodes, counting what aliases stand for
        self.chars = 0                       # characters of scalar text, counting what aliases stand for
        self.merge: list[object] = []        # '<<' values, applied at the end
        self.starts: list[Position] = []     # a list's item positions
        self.keys: dict[str, Position] = {}  # a mapping's key positions
        self.full = False                    # past MAX_OBJECT_KEYS (reported once)
        self.skip = False                    # the key waiting for its value is past it: the value is left out
        self.flow = False                    # written in flow style ([...] or {...})


def load(text: str, file: str, line_offset: int = 0, *, all_text: bool = False,
         depth: int = 0, skip_deep_findings: bool = False) -> tuple[Tree, list[Diagnostic]]:
    """Parse one YAML document into a ``Tree``, with the problems met (tags refused, duplicate keys).

    ``all_text``: every plain scalar but null stays text, wherever it is (documents that hold findings deeper
    than a report does, such as labelled records). ``depth``: how many lists and mappings the text is nested in
    (a part of a document read on its own), counted against ``MAX_DEPTH``. Nesting past it raises
    ``NestedTooDeep``; with ``skip_deep_findings``, nesting past it inside an item of the findings list (block or
    flow style, or a bare list) loses that item only, with an FV004 naming its lines (libyaml's own nesting limit,
    about 1,000 levels, still raises: the parser cannot go on past it)."""
    tree, problems = Tree(), []
    skipping: list[bool] = []                # while an item nested too deep is skipped: its open lists and mappings
    skipped: tuple[NestedTooDeep, Position, int] | None = None  # the error, where the item starts, its last line
    anchors: dict[str, tuple[object, Size]] = {}
    stack: list[_Frame] = []
    budget = AliasBudget(file)
    documents = 0

    def at(event: yaml.Event) -> Position:
        return (event.start_mark.line + 1 + line_offset, event.start_mark.column + 1)

    def add(value: object, size: Size, where: Position) -> None:
        if not stack:
            tree.value = value
            return
        frame = stack[-1]
        frame.size += size[0]
        frame.chars += size[1]
        if isinstance(frame.value, list):
            frame.value.append(value)
            frame.starts.append(where)
        elif frame.key is None:
            if not isinstance(value, str):
                raise YamlSyntax(problem("FV001", "a key must be plain text", file, where))
            frame.key = value
            if value not in frame.keys and len(frame.keys) >= MAX_OBJECT_KEYS:
                frame.skip = True
                if not frame.full:
                    frame.full = True
                    problems.append(_too_many_keys(file, where))
            else:
                frame.keys.setdefault(value, where)
        else:
            key, frame.key = frame.key, None
            if frame.skip:  # a key past MAX_OBJECT_KEYS: its value is left out
                frame.skip = False
                return
            if key == "<<":
                frame.merge.extend(value if isinstance(value, list) else [value])
            elif key in frame.value:
                problems.append(problem("FV004", f"duplicate key {key!r} (first at line {frame.keys[key][0]}); "
                                        "the later value is used", file, where, hint="remove one of them"))
            if key != "<<":
                frame.value[key] = value

    try:
        for event in yaml.parse(text, Loader=_LOADER):
            kind = type(event)
            if skipping and skipped is not None:
                if kind is MappingStartEvent or kind is SequenceStartEvent:
                    skipping.append(bool(event.flow_style))
                elif kind is MappingEndEvent or kind is SequenceEndEvent:
                    if skipping.pop():  # a flow end is on the item's last line; a block end is where the next begins
                        skipped = (skipped[0], skipped[1], event.end_mark.line + 1 + line_offset)
                    if not skipping:
                        err, start, last = skipped
                        problems.append(skipped_too_deep(err, f"the finding at {lines_named(start[0], last)}"))
                    continue
                skipped = (skipped[0], skipped[1], max(skipped[2], event.end_mark.line + 1 + line_offset))
                continue
            if kind is ScalarEvent:
                parent = stack[-1] if stack else None
                is_key = parent is not None and isinstance(parent.value, dict) and parent.key is None
                text_mode = all_text or parent is not None and (parent.text or parent.kind in _TEXT_KEYS
                                                                and parent.key in _TEXT_KEYS[parent.kind])
                value = event.value if is_key else _scalar(event, text_mode, file, at(event), problems)
                add(value, (1, len(event.value)), at(event))
                if event.anchor:
                    anchors[event.anchor] = (value, (1, len(event.value)))
            elif kind is MappingStartEvent or kind is SequenceStartEvent:
                if len(stack) + depth >= MAX_DEPTH:
                    item = _findings_item(stack) if skip_deep_findings else None
                    if item is None:
                        raise _too_deep(file, at(event))
                    skipping = [frame.flow for frame in stack[item:]] + [bool(event.flow_style)]
                    skipped = (_too_deep(file, at(event)), stack[item].where, event.end_mark.line + 1 + line_offset)
                    del stack[item:]
                    continue
                parent = stack[-1] if stack else None
                child = _child_kind(parent, kind is MappingStartEvent)
                text_mode = parent is not None and (parent.text or parent.kind in _TEXT_KEYS
                                                    and parent.key in _TEXT_KEYS[parent.kind])
                frame = _Frame({} if kind is MappingStartEvent else [], child, text_mode, event.anchor, at(event))
                frame.flow = bool(event.flow_style)
                if event.tag not in (None, "!", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"):
                    problems.append(_refused(event.tag, file, at(event)))
                    frame.kind = "refused"
                stack.append(frame)
            elif kind is MappingEndEvent or kind is SequenceEndEvent:
                frame = stack.pop()
                if isinstance(frame.value, dict):
                    for merged in frame.merge:
                        if isinstance(merged, dict):
                            for key, value in merged.items():
                                if key not in frame.value and len(frame.value) >= MAX_OBJECT_KEYS:
                                    if not frame.full:  # merged mappings (<<) add up past the bound
                                        frame.full = True
                                        problems.append(_too_many_keys(file, frame.where))
                                    break
                                frame.value.setdefault(key, value)
                    tree.keys[id(frame.value)] = frame.keys
                else:
                    tree.items[id(frame.value)] = frame.starts
                value = None if frame.kind == "refused" else frame.value
                if frame.anchor:
                    anchors[frame.anchor] = (value, (frame.size, frame.chars))
                add(value, (frame.size, frame.chars), frame.where)
            elif kind is AliasEvent:
                if event.anchor not in anchors:
                    raise YamlSyntax(problem("FV001", f"alias *{event.anchor} has no anchor before it", file,
                                             at(event), hint="define '&name' before using '*name'"))
                value, size = anchors[event.anchor]
                budget.spend(size, *at(event))
                add(value, size, at(event))
            elif kind is DocumentStartEvent:
                documents += 1
                if documents > 1:
                    problems.append(problem("FV001", "more than one YAML document; only the first is read", file,
                                            at(event), hint="remove the '---' line, or split the file"))
                    break
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        where = (mark.line + 1 + line_offset, mark.column + 1) if mark else (0, 0)
        if "nesting depth" in (err.problem or ""):  # libyaml's own limit, met before ours can be
            raise _too_deep(file, where) from None
        raise YamlSyntax(problem("FV001", f"YAML syntax error: {err.problem or err.context}", file, where,
                                 hint=_hint(err.problem or ""))) from None
    except yaml.YAMLError as err:
        raise YamlSyntax(problem("FV001", f"YAML error: {err}", file,
                                 _offset_position(text, err, line_offset))) from None
    return tree, problems


def _too_many_keys(file: str, where: Position) -> Diagnostic:
    return problem("FV004", f"the mapping has more than {MAX_OBJECT_KEYS:,} keys; this key and those after it are "
                   "left out", file, where, hint="a finding needs a few keys (limit: object_keys)")


def _findings_item(stack: list[_Frame]) -> int | None:
    """The index in ``stack`` of the findings list's item being read, if the innermost frames are inside one."""
    for index, frame in enumerate(stack[:-1]):
        if frame.kind == "findings":
            return index + 1
    return None


def _too_deep(file: str, where: Position) -> NestedTooDeep:
    return NestedTooDeep(file, where, MAX_DEPTH)


def _child_kind(parent: _Frame | None, mapping: bool) -> str:
    """What a new mapping or list is: the top, the audit block, the findings list, a finding, or other data."""
    if parent is None:
        return "top" if mapping else "findings"
    if parent.kind == "top":
        return {"audit": "audit", "findings": "findings"}.get(parent.key or "", "other")
    return "finding" if parent.kind == "findings" and mapping else "other"


def _scalar(event: ScalarEvent, text_mode: bool, file: str, where: Position, problems: list[Diagnostic]) -> object:
    """A scalar as plain data, typed as ``yaml.safe_load`` would (or kept as text, see the module docstring)."""
    value = event.value
    if event.tag in (None, "!"):
        if not event.implicit[0]:
            return value
        if text_mode:
            return None if value in _NULLS else value
        tag = _RESOLVER.resolve(yaml.ScalarNode, value, (True, False))
    else:
        tag = event.tag
    if tag == _STR:
        return value
    if tag not in _SCALAR_TAGS:
        problems.append(_refused(tag, file, where))
        return None
    try:
        return _CONSTRUCTOR.yaml_constructors[tag](_CONSTRUCTOR, yaml.ScalarNode(tag, value))
    except (ValueError, TypeError, yaml.YAMLError):
        problems.append(problem("FV004", f"{value!r} is not a valid {tag.rsplit(':', 1)[-1]}", file, where))
        return None


def _refused(tag: str, file: str, where: Position) -> Diagnostic:
    return problem("FV004", f"the tag {tag} is not allowed: reports hold plain data only; the value is ignored",
                   file, where, hint="remove the tag")


def _hint(message: str) -> str:
    if "mapping values are not allowed" in message:
        return "a value containing ': ' must be quoted, e.g. statement: \"Note: ...\""
    if "tab" in message:
        return "indent with spaces, not tabs"
    return "check the indentation and quoting around this position"


def _offset_position(text: str, err: yaml.YAMLError, line_offset: int) -> Position:
    offset = getattr(err, "position", None)
    if not isinstance(offset, int):
        return (0, 0)
    return (text.count("\n", 0, offset) + 1 + line_offset, offset - (text.rfind("\n", 0, offset) + 1) + 1)
