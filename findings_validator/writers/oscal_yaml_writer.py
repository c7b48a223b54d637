"""OSCAL ``assessment-results`` in YAML: the same document as ``oscal`` (see oscal_writer), in OSCAL's YAML form."""

from __future__ import annotations

from collections.abc import Sequence

from ..models import ReportResult, RuleInfo
from .oscal_writer import document


def render(results: Sequence[ReportResult], rules: Sequence[RuleInfo], *, color: bool = False) -> str:
    """OSCAL YAML, keys in OSCAL's order; ``rules`` and ``color`` are not used by this format."""
    import yaml

    return yaml.safe_dump(document(results), sort_keys=False, allow_unicode=True, width=120)
