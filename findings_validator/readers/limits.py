"""The bounds on what the readers take in, by name: each one's default, and ``configure`` to change them.

Every bound is a module constant of the reader that applies it, read each time it is applied; ``configure`` sets
them all by name (the ``limits`` table of the configuration, or a program's own call). docs/limits.md says what
each one guards against and what happens at the bound.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping

LIMITS: dict[str, tuple[tuple[str, str], ...]] = {
    "document_bytes": (("source", "MAX_DOCUMENT_BYTES"),),
    "line_bytes": (("source", "MAX_LINE_BYTES"), ("jsonl_reader", "MAX_LINE_BYTES")),
    "depth": (("json_reader", "MAX_DEPTH"), ("yaml_load", "MAX_DEPTH")),
    "int_digits": (("json_reader", "MAX_INT_DIGITS"),),
    "object_keys": (("json_reader", "MAX_OBJECT_KEYS"), ("yaml_load", "MAX_OBJECT_KEYS")),
    "yaml_aliases": (("..yaml_bounds", "MAX_ALIASES"),),
    "yaml_alias_values": (("..yaml_bounds", "MAX_ALIAS_NODES"),),
    "yaml_alias_chars": (("..yaml_bounds", "MAX_ALIAS_CHARS"),),
    "csv_columns": (("csv_reader", "MAX_COLUMNS"),),
    "csv_cell_chars": (("csv_reader", "MAX_CELL_CHARS"),),
    "csv_syntax_errors": (("csv_reader", "MAX_SYNTAX_ERRORS"),),
    "xlsx_unpacked_bytes": (("xlsx_reader", "MAX_UNPACKED_BYTES"),),
    "xlsx_ratio": (("xlsx_reader", "MAX_RATIO"),),
    "xlsx_rows": (("xlsx_reader", "MAX_ROWS"),),
    "xlsx_columns": (("xlsx_reader", "MAX_COLUMNS"),),
    "xlsx_cells": (("xlsx_reader", "MAX_CELLS"),),
    "xlsx_shared_strings": (("xlsx_reader", "MAX_SHARED_STRINGS"),),
}
"""Limit name -> where it lives: (module, relative to this package; constant)."""


def _module(name: str):  # type: ignore[no-untyped-def]
    if name.startswith(".."):
        return importlib.import_module(f"findings_validator.{name[2:]}")
    return importlib.import_module(f"{__package__}.{name}")


def current() -> dict[str, int]:
    """Every limit and its value now."""
    return {name: getattr(_module(places[0][0]), places[0][1]) for name, places in LIMITS.items()}


def snapshot() -> dict[tuple[str, str], int]:
    """Every constant behind the limits and its value now, place by place (``restore`` sets them again, in a
    worker process that began from the defaults)."""
    return {(module, constant): getattr(_module(module), constant)
            for places in LIMITS.values() for module, constant in places}


def restore(values: Mapping[tuple[str, str], int]) -> None:
    """Set the constants of a ``snapshot``."""
    for (module, constant), value in values.items():
        setattr(_module(module), constant, value)


def check(values: Mapping[str, object]) -> dict[str, int]:
    """``values`` as limits: known names, whole numbers of at least 1; ``ValueError`` naming the first that is
    not."""
    out = {}
    for name, value in values.items():
        key = name.replace("-", "_")
        if key not in LIMITS:
            raise ValueError(f"unknown limit {name!r}; known limits: {', '.join(LIMITS)}")
        if type(value) is not int or value < 1:
            raise ValueError(f"limit {name!r} must be a whole number of at least 1, not {value!r}")
        out[key] = value
    return out


def configure(values: Mapping[str, object]) -> None:
    """Set the limits named in ``values`` (``{"xlsx_rows": 2_000_000}``); the others keep their value."""
    for name, value in check(values).items():
        for module, constant in LIMITS[name]:
            setattr(_module(module), constant, value)
