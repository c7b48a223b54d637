"""What a spreadsheet column header or a Markdown label means: the field names of a finding, and waiver text.

Audit-software exports name their columns in many ways ("NC No", "Clause Ref", "Objective Evidence"); the same
table (``labels.yaml``) serves CSV/XLSX/Word/PDF headers and Markdown/Word/PDF labels, so every format agrees on what
a name means.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping

from ..errors import ConfigError
from ..models import Finding
from .labels import load_labels, lookup, normalise_label

FINDING_FIELDS: frozenset[str] = frozenset(Finding.model_fields) - {"file", "line", "column", "positions"}
"""The fields a finding may carry in a report (``file``, ``line``, ``column``, ``positions`` are the reader's)."""

RESERVED_FIELDS: frozenset[str] = frozenset({"file", "line", "column", "positions"})
"""Names readers fill with the source position; input may not use them."""

LIST_FIELDS: frozenset[str] = frozenset({"clause", "evidence", "waivers"})
"""The fields a table cell or a repeated Markdown label gives several values of."""


def __getattr__(name: str) -> object:
    """``DEFAULT_COLUMNS``: normalised header or label -> finding field (the ``fields`` of ``labels.yaml``), read
    when first asked for."""
    if name == "DEFAULT_COLUMNS":
        return load_labels().fields
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

_WAIVER = re.compile(r"\s*([A-Za-z]{2,}[0-9]+)\b\s*(?:[\u2014\u2013:\-]\s*)?(.*)", re.S)


def column_map(columns: Mapping[str, str] | None, base: Mapping[str, str] | None = None) -> dict[str, str]:
    """The header table (by default the bundled one) updated with the caller's ``columns`` (header -> field);
    checks the fields."""
    table = dict(load_labels().fields if base is None else base)
    for header, name in (columns or {}).items():
        if name not in FINDING_FIELDS:
            close = difflib.get_close_matches(str(name), sorted(FINDING_FIELDS), n=1)
            raise ConfigError(
                f"columns: {header!r} is mapped to {name!r}, which is not a finding field",
                hint=f"did you mean {close[0]!r}?" if close else f"fields: {', '.join(sorted(FINDING_FIELDS))}",
            )
        table[normalise_label(header)] = name
    return table


def field_for(label: str, table: Mapping[str, str]) -> str:
    """The finding field a header or label stands for, or the label itself (kept as an unknown field)."""
    return lookup(table, label) or label.strip()


def parse_waiver(text: str) -> dict[str, str] | None:
    """``"FV310 — auditor quotes the client's own words"`` -> ``{"rule": "FV310", "reason": ...}``; None if no id."""
    match = _WAIVER.fullmatch(text)
    if match is None:
        return None
    return {"rule": match[1].upper(), "reason": match[2].strip()}
