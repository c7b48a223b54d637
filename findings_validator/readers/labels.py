"""The words and patterns readers recognise, loaded from ``labels.yaml`` and a certification body's own files.

``fields`` (column headers and labels of finding fields) serves every tabular and labelled format; ``audit``,
``audit_types`` and ``findings`` serve the page-layout formats (Word, PDF), whose metadata and findings are text.
A file named in ``layouts`` has the same shape as ``labels.yaml``; its entries are added to the bundled ones.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from ..errors import ConfigError, Location
from ..models import Audit, AuditType, Finding, _grade_spellings

BUNDLED = Path(__file__).with_name("labels.yaml")
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_SECTIONS = ("fields", "audit", "months", "audit_types", "findings")
_FIELDS = frozenset(Finding.model_fields) - {"file", "line", "column", "positions"}
_AUDIT_FIELDS = frozenset(Audit.model_fields) - {"previous_findings"}
HEADING_PATTERN_LIMIT = 200
"""Lines and headings longer than this (in characters) are not tried against the finding-heading patterns
(``Nonconformity 2 (minor)``) by any reader: no finding heading is that long, and such a pattern's cost grows with
the square of a long run of digits or blanks."""


def normalise_label(text: str) -> str:
    """Case-, space- and punctuation-insensitive form of a header or label: ``" NC_No. "`` -> ``"nc no"``."""
    return re.sub(r"[\s_.:\-]+", " ", text.lower()).strip()


def lookup(table: Mapping[str, str], text: str) -> str | None:
    """The name a header or label stands for: as written, without a note in brackets ("Category (Major/Minor)"),
    or the first of its alternatives that is known ("Clause/Requirement", "Finding or statement")."""
    key = normalise_label(text)
    if key in table:
        return table[key]
    bare = normalise_label(_NOTE.sub(" ", text))
    if bare in table:
        return table[bare]
    return next((table[part] for part in map(str.strip, _ALTERNATIVES.split(bare)) if part in table), None)


_NOTE = re.compile(r"[(\[][^()\[\]]*[)\]]")  # the innermost brackets: linear (an opener ends the scan)
_ALTERNATIVES = re.compile(r"/|\bor\b|&|\+")


@dataclass(frozen=True)
class Labels:
    """Everything the readers recognise: header/label -> finding field, label -> audit field, audit-type patterns,
    finding-heading patterns (compiled when first used: only Word and PDF reports need them)."""

    fields: dict[str, str]
    audit: dict[str, str]
    months: dict[str, int]                                # month name (lower case) -> 1..12
    type_patterns: tuple[tuple[str, str, str], ...]       # (pattern, audit type, file)
    finding_patterns: tuple[tuple[str, str], ...]         # (pattern, file)

    @property
    def audit_types(self) -> tuple[tuple[re.Pattern[str], str], ...]:
        return tuple((_compile(pattern, path), name) for pattern, name, path in self.type_patterns)

    @property
    def findings(self) -> tuple[re.Pattern[str], ...]:
        return _headings(self.finding_patterns)


def load_labels(layouts: tuple[str, ...] = ()) -> Labels:
    """The bundled labels, with those of each file in ``layouts`` added (``ConfigError`` on a bad file)."""
    return _load(tuple((str(Path(p)), _version(p)) for p in layouts))


def _version(path: str | Path) -> int:
    """When the file last changed (a changed file is read again), 0 when it cannot be seen."""
    try:
        return Path(path).stat().st_mtime_ns
    except OSError:
        return 0


@lru_cache(maxsize=8)
def _load(files: tuple[tuple[str, int], ...]) -> Labels:
    layouts = [path for path, _ in files]
    fields: dict[str, str] = {}
    audit: dict[str, str] = {}
    months: dict[str, int] = {}
    types: list[tuple[str, str, str]] = []
    headings: list[tuple[str, str]] = []
    for path in (str(BUNDLED), *layouts):
        data = _read(path)
        for name, labels in _mapping(data, "fields", path).items():
            _check(name, _FIELDS, "fields", path)
            fields.update({normalise_label(str(label)): name for label in _strings(labels, f"fields.{name}", path)})
        for name, labels in _mapping(data, "audit", path).items():
            _check(name, _AUDIT_FIELDS, "audit", path)
            audit.update({normalise_label(str(label)): name for label in _strings(labels, f"audit.{name}", path)})
        for number, names in _mapping(data, "months", path).items():
            _check(number, {str(n) for n in range(1, 13)}, "months", path)
            months.update({str(name).lower(): int(number) for name in _strings(names, f"months.{number}", path)})
        for name, patterns in _mapping(data, "audit_types", path).items():
            _check(name, {t.value for t in AuditType}, "audit_types", path)
            types += [(p, name, path) for p in _strings(patterns, f"audit_types.{name}", path)]
        headings += [(p, path) for p in _strings(data.get("findings") or [], "findings", path)]
    return Labels(fields, audit, months, tuple(types), tuple(headings))


def heading_fields(text: str, labels: Labels) -> dict[str, str] | None:
    """id, grade (and clause) of a line that starts a finding (``findings`` patterns), or None; None without a try
    for a line over ``HEADING_PATTERN_LIMIT`` characters."""
    if len(text) > HEADING_PATTERN_LIMIT:
        return None
    for pattern in labels.findings:
        match = pattern.fullmatch(text)
        if match is not None:
            found = {k: v.strip() for k, v in match.groupdict().items() if v}
            if "grade" not in found and "kind" in found:
                found["grade"] = found["kind"]
            found.pop("kind", None)
            return found
    return None


@lru_cache(maxsize=8)
def _headings(patterns: tuple[tuple[str, str], ...]) -> tuple[re.Pattern[str], ...]:
    """The finding-heading patterns compiled, ``{grade}`` standing for every spelling of a grade."""
    spellings = sorted(_grade_spellings(), key=len, reverse=True)
    grade = "(?:" + "|".join(r"\W*".join(map(re.escape, s.split())) for s in spellings) + ")"
    compiled = []
    for pattern, path in patterns:
        found = _compile(pattern.replace("{grade}", grade), path)
        if "id" not in found.groupindex:
            raise ConfigError(f"{path}: the finding pattern {pattern!r} has no (?P<id>...) group",
                              hint="name the part that is the finding's id: (?P<id>NC-\\d+)")
        compiled.append(found)
    return tuple(compiled)


def _read(path: str) -> dict[str, object]:
    try:
        with open(path, encoding="utf-8") as handle:
            data = yaml.load(handle, Loader=_LOADER)  # noqa: S506 - a safe loader
    except OSError as err:
        raise ConfigError(f"cannot read the layout file: {err.strerror or err}", Location(path)) from None
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = Location(path, mark.line + 1, mark.column + 1) if mark else Location(path)
        raise ConfigError(f"the layout file is not valid YAML: {getattr(err, 'problem', err)}", where) from None
    if data is None:
        return {}
    if not isinstance(data, dict) or set(map(str, data)) - set(_SECTIONS):
        raise ConfigError("a layout file is a mapping with these keys only: " + ", ".join(_SECTIONS),
                          Location(path), "see docs/report-format.md, 'Mapping a certification body's template'")
    return data


def _mapping(data: dict[str, object], key: str, path: str) -> dict[str, object]:
    value = data.get(key) or {}
    if not isinstance(value, dict):
        raise ConfigError(f"'{key}' is a mapping of names to lists", Location(path))
    return {str(k): v for k, v in value.items()}


def _strings(value: object, where: str, path: str) -> list[str]:
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not all(isinstance(item, str | int | float) for item in items):
        raise ConfigError(f"'{where}' is a list of texts", Location(path))
    return [str(item) for item in items]


def _check(name: str, known: frozenset[str] | set[str], section: str, path: str) -> None:
    if name not in known:
        raise ConfigError(f"'{section}': {name!r} is not one of: {', '.join(sorted(known))}", Location(path))


def _compile(pattern: str, path: str) -> re.Pattern[str]:
    try:
        return re.compile(pattern, re.IGNORECASE)
    except re.error as err:
        raise ConfigError(f"{path}: the pattern {pattern!r} is not a valid regular expression: {err}") from None
