"""Citations: parse what auditors write (``grammar/citation.lark``) and resolve it against the audit criteria."""

from .parser import find_citations, parse_citations, parse_standard
from .resolver import Criteria, edition_of, resolve, resolve_text
from .types import Citation, Resolution, StandardRef, Status, Suggestion

__all__ = [
    "Citation", "Criteria", "Resolution", "StandardRef", "Status", "Suggestion", "edition_of", "find_citations",
    "parse_citations", "parse_standard", "resolve", "resolve_text",
]
