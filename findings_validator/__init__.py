"""findings-validator: check certification-audit findings against ISO/IEC 17021-1 and the clause catalogs.

The public API is imported lazily so that ``import findings_validator`` stays cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_EXPORTS = {
    "check": "findings_validator.engine",
    "check_finding": "findings_validator.engine",
    "Checker": "findings_validator.engine",
    "load_catalogs": "findings_validator.catalog",
    "Catalogs": "findings_validator.catalog",
    "ClauseGraph": "findings_validator.catalog",
    "parse_citations": "findings_validator.citations",
    "resolve": "findings_validator.citations",
    "Criteria": "findings_validator.citations",
    "read_report": "findings_validator.readers",
    "Report": "findings_validator.models",
    "Audit": "findings_validator.models",
    "Finding": "findings_validator.models",
    "Grade": "findings_validator.models",
    "Verdict": "findings_validator.models",
    "Severity": "findings_validator.models",
    "Diagnostic": "findings_validator.models",
    "FindingResult": "findings_validator.models",
    "ReportResult": "findings_validator.models",
    "load_rules": "findings_validator.dsl",
    "evaluate": "findings_validator.evaluation",
    "Evaluation": "findings_validator.evaluation",
    "LabelledRecord": "findings_validator.evaluation",
}

if TYPE_CHECKING:  # pragma: no cover
    from .catalog import Catalogs, ClauseGraph, load_catalogs
    from .citations import Criteria, parse_citations, resolve
    from .dsl import load_rules
    from .engine import Checker, check, check_finding
    from .evaluation import Evaluation, LabelledRecord, evaluate
    from .models import Audit, Diagnostic, Finding, FindingResult, Grade, Report, ReportResult, Severity, Verdict
    from .readers import read_report


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'findings_validator' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module), name)


__all__ = [
    "Audit", "Catalogs", "Checker", "ClauseGraph", "Criteria", "Diagnostic", "Evaluation", "Finding",
    "FindingResult", "Grade", "LabelledRecord", "Report", "ReportResult", "Severity", "Verdict", "check",
    "check_finding", "evaluate", "load_catalogs", "load_rules", "parse_citations", "read_report", "resolve",
]
