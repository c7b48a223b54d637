"""Read one catalog or map file: YAML → validated pydantic model, or a ``CatalogError`` with file, line and entry.

The fast path parses (``yamlread``: as PyYAML's safe loader reads the file, in a fraction of its time) and
validates; only when something is wrong is the file composed again, with PyYAML, to find the line of the
offending entry.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Sequence
from pathlib import Path

from pydantic import ValidationError

from ..errors import CatalogError, Location
from .schema import CatalogFile, GuidanceFile, MapFile, NotRequiredFile
from .yamlread import load_yaml, safe_loader


def load_file(path: Path | str, content: bytes | None = None) -> CatalogFile | MapFile | GuidanceFile | NotRequiredFile:
    """Parse and validate one file: a map file has ``entries``, a guidance list ``documents``, a list of what clauses
    do not require ``not_required``, an edition ``clauses``.
    ``content`` is the file's bytes when the caller has read them already."""
    path = Path(path)
    try:
        text = (path.read_bytes() if content is None else content).decode("utf-8")
    except OSError as exc:
        raise CatalogError(f"cannot read catalog file: {exc.strerror}", Location(str(path))) from exc
    except UnicodeDecodeError as exc:
        raise CatalogError("catalog file is not UTF-8 text", Location(str(path)), "save it as UTF-8") from exc
    try:
        data = load_yaml(text, str(path))
    except Exception as exc:
        import yaml  # load_yaml's syntax errors are PyYAML's

        if not isinstance(exc, yaml.YAMLError):
            raise
        mark = getattr(exc, "problem_mark", None)
        where = Location(str(path), mark.line + 1, mark.column + 1) if mark else Location(str(path))
        entry = _entry_above(text, mark.line) if mark else ""
        raise CatalogError(f"YAML syntax error{entry}: {getattr(exc, 'problem', exc)}", where,
                           "check quotes, brackets and indentation on this line and the lines above it") from exc
    if not isinstance(data, dict):
        raise CatalogError("a catalog file is a mapping with 'clauses' (or a map file with 'entries')",
                           Location(str(path), 1, 1))
    model: type[CatalogFile | MapFile | GuidanceFile | NotRequiredFile] = (
        MapFile if "entries" in data else GuidanceFile if "documents" in data
        else NotRequiredFile if "not_required" in data else CatalogFile
    )
    try:
        parsed = model.model_validate(data)
    except ValidationError as exc:
        error = exc.errors()[0]
        loc = tuple(error["loc"])
        raise CatalogError(
            f"{_describe(data, loc)}: {error['msg']}",
            locate(text, loc, str(path)),
            "see docs/catalog-format.md for the fields of a catalog entry",
        ) from None
    if isinstance(parsed, CatalogFile):
        _check_catalog(parsed, text, str(path))
    return parsed


_ENTRY_START = re.compile(r"""^\s*-\s*(id|from|standard)\s*:\s*["']?([^"'\s#]+)""")
_ENTRY_NOUNS = {"id": "clause", "from": "map entry", "standard": "guidance document"}


def _entry_above(text: str, line: int) -> str:
    """`` in clause '4.2'``: the list entry a 0-based line belongs to, found by reading upwards."""
    for candidate in reversed(text.splitlines()[: line + 1]):
        match = _ENTRY_START.match(candidate)
        if match:
            return f" in {_ENTRY_NOUNS[match.group(1)]} {match.group(2)!r}"
    return ""


_ENTRY_LISTS = {"clauses": ("clause", "id"), "entries": ("map entry", "from"), "amendments": ("amendment", "id"),
                "documents": ("guidance document", "standard"), "not_required": ("not-required entry", "what")}


def _describe(data: dict[str, object], loc: tuple[int | str, ...]) -> str:
    """Name the offending entry: ``clause '8.5.1', field 'items'``."""
    if len(loc) >= 2 and loc[0] in _ENTRY_LISTS and isinstance(loc[1], int):
        noun, key = _ENTRY_LISTS[loc[0]]
        entries = data.get(str(loc[0]))
        entry = entries[loc[1]] if isinstance(entries, list) and loc[1] < len(entries) else None
        name = entry.get(key) if isinstance(entry, dict) else None
        what = f"{noun} {name!r}" if name is not None else f"{noun} #{loc[1] + 1}"
        rest = ".".join(str(p) for p in loc[2:])
        return f"{what}, field {rest!r}" if rest else what
    return "field " + repr(".".join(str(p) for p in loc))


def locate(text: str, loc: Sequence[object], file: str) -> Location:
    """Line and column of the node at ``loc`` (keys and list indexes), or of its nearest existing parent."""
    import yaml  # errors only

    try:
        node = yaml.compose(text, Loader=safe_loader())
    except yaml.YAMLError:
        return Location(file)
    mark = node.start_mark if node else None
    for part in loc:
        child = None
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if key.value == part:
                    child = value if not isinstance(value, yaml.ScalarNode) else key
                    break
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            child = node.value[part]
        if child is None:
            break
        node, mark = child, child.start_mark
    return Location(file, mark.line + 1, mark.column + 1) if mark else Location(file)


def _check_catalog(catalog: CatalogFile, text: str, file: str) -> None:
    """Consistency inside one edition: unique ids, parents present, references, close clauses and amendments
    resolve."""
    index: dict[str, int] = {}
    for n, entry in enumerate(catalog.clauses):
        if entry.id in index:
            raise CatalogError(f"clause {entry.id!r} is defined twice (first as entry #{index[entry.id] + 1})",
                               locate(text, ("clauses", n), file), "remove or renumber one of them")
        index[entry.id] = n
    for n, entry in enumerate(catalog.clauses):
        parent = entry.parent_id
        if parent is not None and parent not in index:
            raise CatalogError(f"clause {entry.id!r} has no parent {parent!r} in this edition",
                               locate(text, ("clauses", n), file), f"add clause {parent!r} to this edition")
        for ref in entry.references:
            if ref not in index:
                raise CatalogError(f"clause {entry.id!r} references {ref!r}, which this edition does not have",
                                   locate(text, ("clauses", n, "references"), file),
                                   "references name clauses of the same edition")
        for ref in entry.close:
            if ref not in index:
                raise CatalogError(f"clause {entry.id!r} names {ref!r} as a close clause, which this edition does not "
                                   "have", locate(text, ("clauses", n, "close"), file),
                                   "close names clauses of the same edition")
    for n, amendment in enumerate(catalog.amendments):
        for ref in amendment.clauses:
            if ref not in index:
                raise CatalogError(f"amendment {amendment.id!r} names clause {ref!r}, which this edition does not have",
                                   locate(text, ("amendments", n, "clauses"), file))


def main(argv: list[str] | None = None) -> int:
    """``python -m findings_validator.catalog.loader FILE...``: check catalog files one by one."""
    status = 0
    for name in argv if argv is not None else sys.argv[1:]:
        try:
            load_file(name)
            print(f"{name}: ok")
        except CatalogError as exc:
            print(exc, file=sys.stderr)
            status = 2
    return status


if __name__ == "__main__":
    sys.exit(main())
