"""Citations: parse what auditors write (``grammar/citation.lark``) and resolve it against the audit criteria.

The names are imported on first use, so that ``citations.types`` (which the models need) does not pull in lark.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

_WHERE = {
    "find_citations": "parser", "parse_citations": "parser", "parse_standard": "parser",
    "Criteria": "resolver", "edition_of": "resolver", "resolve": "resolver", "resolve_text": "resolver",
    "resolve_field": "resolver",
    "Citation": "types", "Resolution": "types", "StandardRef": "types", "Status": "types", "Suggestion": "types",
}

if TYPE_CHECKING:  # pragma: no cover
    from .parser import find_citations, parse_citations, parse_standard
    from .resolver import Criteria, edition_of, resolve, resolve_field, resolve_text
    from .types import Citation, Resolution, StandardRef, Status, Suggestion

__all__ = [
    "Citation", "Criteria", "Resolution", "StandardRef", "Status", "Suggestion", "edition_of", "find_citations",
    "parse_citations", "parse_standard", "resolve", "resolve_field", "resolve_text",
]


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'findings_validator.citations' has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{module}"), name)
