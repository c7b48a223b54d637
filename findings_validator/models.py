"""The report and result models: what readers produce, what rules see, what writers print.

Input side (``Report``, ``Audit``, ``Finding``) is pydantic: it validates and normalises what people write.
Output side (``Diagnostic``, ``FindingResult``, ``ReportResult``) is frozen dataclasses: built by the million,
ordered deterministically, dumped by one ``to_dict`` that every writer uses.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import Enum
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator
from pydantic.json_schema import SkipJsonSchema, WithJsonSchema

from .citations.types import Resolution


class Grade(str, Enum):
    MAJOR = "major"
    MINOR = "minor"
    OFI = "ofi"
    OBSERVATION = "observation"
    POSITIVE = "positive"

    @property
    def is_nc(self) -> bool:
        return self in (Grade.MAJOR, Grade.MINOR)


GRADES_FILE = Path(__file__).resolve().parent / "grades.yaml"
"""Every spelling of each grade that readers accept, English and the languages reports are written in (data)."""


@lru_cache(maxsize=1)
def _grade_spellings() -> dict[str, Grade]:
    from .catalog.yamlread import read_data_file  # on the first grade read, not at import

    return {_grade_key(spelling): Grade(grade) for grade, spellings in read_data_file(GRADES_FILE).items()
            for spelling in spellings}


def _grade_key(value: object) -> str:
    return re.sub(r"[\s_]+", " ", str(value).strip().lower()).strip(" .")


ACCEPTED_GRADES = "major, minor, ofi, observation, positive (or usual spellings such as 'Minor NC', 'Cat 2', 'Area of concern')"


def normalise_grade(value: object) -> Grade:
    """Map the usual spellings of a grade to a ``Grade``; raise ``ValueError`` naming the accepted values."""
    if isinstance(value, Grade):
        return value
    grade = _grade_spellings().get(_grade_key(value))
    if grade is None:
        raise ValueError(f"unknown grade {value!r}; accepted: {ACCEPTED_GRADES}")
    return grade


class AuditType(str, Enum):
    STAGE1 = "stage1"
    STAGE2 = "stage2"
    SURVEILLANCE = "surveillance"
    RECERTIFICATION = "recertification"
    SPECIAL = "special"


def _normalise_audit_type(value: object) -> object:
    if isinstance(value, str):
        key = re.sub(r"[\s_\-]+", "", value.strip().lower())
        key = {"initialstage1": "stage1", "initialstage2": "stage2", "certification": "stage2",
               "recert": "recertification", "reassessment": "recertification", "surv": "surveillance",
               "continuingassessment": "surveillance", "shortnotice": "special", "extension": "special",
               "scopeextension": "special"}.get(key, key)
        return key
    return value


def _as_tuple(value: object) -> object:
    """A string or a list of strings, as a tuple; None or "" as empty."""
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,) if value.strip() else ()
    if isinstance(value, list | tuple):
        return tuple(value)
    return value


_TEXT_OR_LIST = {"anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]}
StrList = Annotated[tuple[str, ...], BeforeValidator(_as_tuple), WithJsonSchema(_TEXT_OR_LIST)]
"""A text or a list of texts in the input; always a tuple on the model. The JSON Schema describes the input."""

GradeField = Annotated[Grade, BeforeValidator(normalise_grade), WithJsonSchema(
    {"type": "string", "description": "major, minor, ofi, observation or positive; usual spellings such as "
     "'Minor NC', 'Cat 2', 'Opportunity for improvement' or 'Area of concern' are accepted"})]


class Waiver(BaseModel):
    """A deliberate exception: this finding is not to be held to rule ``rule``, for ``reason``."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    rule: str
    reason: str = ""


class PreviousFinding(BaseModel):
    """A nonconformity from an earlier audit being followed up."""

    model_config = ConfigDict(extra="allow", frozen=True)
    id: str
    grade: GradeField = Grade.MINOR
    clause: StrList = ()
    status: str = Field(description="closed | verified | open")

    @field_validator("status")
    @classmethod
    def _status(cls, value: str) -> str:
        value = value.strip().lower()
        if value not in {"closed", "verified", "open"}:
            raise ValueError(f"unknown status {value!r}; accepted: closed, verified, open")
        return value


class Team(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    leader: str | None = None
    members: StrList = ()


def _team(value: object) -> object:
    if isinstance(value, str):
        return {"leader": value}
    if isinstance(value, list | tuple):
        names = [str(v) for v in value]
        lead = next((n for n in names if re.search(r"\blead", n, re.I)), names[0] if names else None)
        return {"leader": lead, "members": [n for n in names if n != lead]}
    return value


def _language(value: object) -> object:
    """'es', 'ES', 'es-MX', 'es_ES' → 'es'; a language without a shipped pack is an error naming the packs."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if not isinstance(value, str):
        return value
    from .languages import available, primary

    code = primary(value)
    if code not in available():
        raise ValueError(f"unknown language {value!r}; shipped: {', '.join(available())}")
    return code


class Audit(BaseModel):
    """Audit metadata, following what ISO/IEC 17021-1 9.4.8 says a report contains. Only criteria are required."""

    model_config = ConfigDict(extra="allow", frozen=True, populate_by_name=True)

    type: Annotated[AuditType | None, BeforeValidator(_normalise_audit_type), WithJsonSchema(
        {"type": "string", "description": "stage1, stage2, surveillance, recertification or special "
         "(usual spellings accepted)"})] = None
    criteria: StrList = Field(description="Standards with editions: 'ISO 9001:2015'.")
    exclusions: StrList = Field((), description="Requirements declared not applicable; SoA exclusions ('A.7.4'); "
                                "parts of the work the scope leaves out, written without a number ('Rendering').")
    certification_body: str | None = None
    client: str | None = None
    scope: str | None = None
    sites: StrList = ()
    team: Annotated[Team | None, BeforeValidator(_team), WithJsonSchema(
        {"anyOf": [{"type": "object", "additionalProperties": False,
                    "properties": {"leader": {"type": "string"}, "members": _TEXT_OR_LIST}},
                   {"type": "string"}, {"type": "array", "items": {"type": "string"}}],
         "description": "{leader, members}, or names; in a list the one marked 'lead' is the leader"})] = None
    dates: Annotated[tuple[_dt.date, ...], BeforeValidator(_as_tuple), WithJsonSchema(
        {"anyOf": [{"type": "string", "format": "date"}, {"type": "array", "items": {"type": "string", "format": "date"}}]}
    )] = ()
    objectives: StrList = ()
    processes: StrList = Field((), description="Processes within the scope, for the scope check.")
    deviations: StrList = Field((), description="Deviations from the audit plan, or 'none'.")
    unresolved: StrList = Field((), description="Unresolved diverging opinions (9.4.5.4), or 'none'.")
    conclusion: str | None = Field(None, description="Statement on conformity and effectiveness of the system.")
    recommendation: str | None = None
    coverage: StrList = Field((), description="Topics covered (for surveillance: 'internal audit', 'management review'...).")
    previous_findings: tuple[PreviousFinding, ...] = ()
    language: Annotated[str | None, BeforeValidator(_language), WithJsonSchema(
        {"type": "string", "description": "language of the findings' text: 'en', or a shipped language pack "
         "such as 'es' (a region such as 'es-MX' is accepted)"})] = None


class Finding(BaseModel):
    """One finding as the auditor recorded it, with where it was read from."""

    model_config = ConfigDict(extra="allow", frozen=True)

    id: str
    grade: GradeField
    clause: StrList = Field((), description="Citation(s) exactly as written.")
    requirement: str | None = None
    statement: str = ""
    evidence: StrList = ()
    process: str | None = None
    site: str | None = None
    auditee: str | None = None
    waivers: tuple[Waiver, ...] = ()
    # where it was read from (filled by readers; not part of the input format)
    file: SkipJsonSchema[str] = Field("<input>", exclude=True)
    line: SkipJsonSchema[int] = Field(0, exclude=True)
    column: SkipJsonSchema[int] = Field(0, exclude=True)
    positions: SkipJsonSchema[dict[str, tuple[int, int]]] = Field(default_factory=dict, exclude=True)

    @property
    def evidence_text(self) -> str:
        return "\n".join(self.evidence)

    @property
    def extra_fields(self) -> dict[str, Any]:
        return dict(self.model_extra or {})

    def position(self, name: str | None = None) -> tuple[int, int]:
        """(line, column) of a field, or of the finding itself."""
        if name and name in self.positions:
            return self.positions[name]
        return (self.line, self.column)


@dataclass(frozen=True, slots=True)
class Places:
    """Names for the positions of a document read as a page layout (PDF, Word), where (line, column) are counted
    over the whole document and mean little to a reader of it.

    ``starts[i]`` is the first line of region ``names[i]`` (a page, a paragraph, a table cell), in increasing order;
    with ``count_lines`` the line within the region is named too: ``"page 3, line 12"``."""

    starts: tuple[int, ...]
    names: tuple[str, ...]
    count_lines: bool = False

    def name(self, line: int) -> str | None:
        """The place of a document line (1-based), or None when the line is not in the document."""
        from bisect import bisect_right

        index = bisect_right(self.starts, line) - 1
        if line < 1 or index < 0:
            return None
        if self.count_lines:
            return f"{self.names[index]}, line {line - self.starts[index] + 1}"
        return self.names[index]


class Report(BaseModel):
    """An audit report: metadata and findings."""

    model_config = ConfigDict(extra="allow", frozen=True)
    audit: Audit
    findings: tuple[Finding, ...] = ()
    file: SkipJsonSchema[str] = Field("<input>", exclude=True)
    places: SkipJsonSchema[Places | None] = Field(None, exclude=True)
    """How to name positions in the document, for formats read as page layouts (PDF, Word); None otherwise."""


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 3, "warning": 2, "info": 1}[self.value]


class Verdict(str, Enum):
    VALID = "valid"
    INVALID = "invalid"
    DOWNGRADE_TO_OFI = "downgrade_to_ofi"
    RECLASSIFY_AS_NC = "reclassify_as_nc"
    UPGRADE_TO_MAJOR = "upgrade_to_major"


class Effect(str, Enum):
    """What a rule's diagnostic does to the finding's verdict."""

    NONE = "none"
    REJECT = "reject"
    DOWNGRADE = "downgrade_to_ofi"
    RECLASSIFY = "reclassify_as_nc"
    UPGRADE = "upgrade_to_major"


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One thing a rule (or a reader) has to say about a finding or a report."""

    rule: str
    severity: Severity
    message: str
    suggestion: str | None = None
    source: str | None = None          # "ISO/IEC 17021-1:2015 9.4.5.3"
    effect: Effect = Effect.NONE
    finding: str | None = None         # finding id; None for report-level
    file: str = "<input>"
    line: int = 0
    column: int = 0
    title: str | None = None           # the rule's title
    seen: tuple[tuple[str, str], ...] = ()  # values the condition saw (for --explain)
    suggested_clause: str | None = None  # the clause to cite instead, when the rule names one ("ISO 9001:2015 8.5.3")
    group: str | None = None           # a report rule's group (its key) this diagnostic is about, if any

    def key(self) -> tuple[object, ...]:
        """Compact form for tests and the total order: (rule, severity, finding)."""
        return (self.rule, self.severity.value, self.finding)

    def sort_key(self) -> tuple[object, ...]:
        return (self.file, self.line, self.column, -self.severity.rank, self.rule, self.message)

    def __lt__(self, other: Diagnostic) -> bool:
        return self.sort_key() < other.sort_key()

    def to_dict(self) -> dict[str, object]:
        data: dict[str, object] = {
            "rule": self.rule,
            "severity": self.severity.value,
            "message": self.message,
        }
        if self.suggestion:
            data["suggestion"] = self.suggestion
        if self.source:
            data["source"] = self.source
        if self.suggested_clause:
            data["suggested_clause"] = self.suggested_clause
        data["effect"] = self.effect.value
        data["file"] = self.file
        data["line"] = self.line
        data["column"] = self.column
        if self.seen:
            data["seen"] = dict(self.seen)
        if self.group is not None:
            data["group"] = self.group
        return data


@dataclass(frozen=True, slots=True)
class FindingRef:
    """What a result keeps of a finding checked as part of a stream (``Checker.check_stream``): what the results
    and the writers show of it, not its texts."""

    id: str
    grade: Grade
    file: str = "<input>"
    line: int = 0
    column: int = 0
    waivers: tuple[Waiver, ...] = ()
    positions: dict[str, tuple[int, int]] = field(default_factory=dict)

    @classmethod
    def of(cls, finding: Finding, fields: Iterable[str] = ()) -> FindingRef:
        """The finding's reference, with the positions of ``fields`` (and of its waivers, if any) worked out."""
        names = [*fields, "waivers"] if finding.waivers else fields
        return cls(finding.id, finding.grade, finding.file, finding.line, finding.column, finding.waivers,
                   {name: finding.position(name) for name in names})

    def position(self, name: str | None = None) -> tuple[int, int]:
        if name and name in self.positions:
            return self.positions[name]
        return (self.line, self.column)


@dataclass(frozen=True, slots=True)
class FindingResult:
    """A finding's verdict, its reasons and what its citations resolved to (of a finding checked in a stream,
    only its ``FindingRef``)."""

    finding: Finding | FindingRef
    verdict: Verdict
    diagnostics: tuple[Diagnostic, ...] = ()
    citations: tuple[Resolution, ...] = ()

    @property
    def id(self) -> str:
        return self.finding.id

    def to_dict(self) -> dict[str, object]:
        f = self.finding
        return {
            "id": f.id,
            "grade": f.grade.value,
            "verdict": self.verdict.value,
            "file": f.file,
            "line": f.line,
            "citations": [r.to_dict() for r in self.citations],
            "diagnostics": [d.to_dict() for d in self.diagnostics],
        }


@dataclass(frozen=True, slots=True)
class FiredGroup:
    """A group of findings a report rule fired on: its members' diagnostics name it by ``key``; the message
    they share names at most a few ids, this holds them all."""

    rule: str
    key: str
    findings: tuple[str, ...]

    def to_dict(self) -> dict[str, object]:
        return {"rule": self.rule, "key": self.key, "findings": list(self.findings)}


@dataclass(frozen=True, slots=True)
class ReportResult:
    """Everything a check found in one report."""

    file: str
    report: Report | None
    findings: tuple[FindingResult, ...] = ()
    diagnostics: tuple[Diagnostic, ...] = ()   # report-level and input problems
    summary: dict[str, Any] = field(default_factory=dict)
    groups: tuple[FiredGroup, ...] = ()        # the groups report rules fired on, with every member's id

    def all_diagnostics(self) -> list[Diagnostic]:
        out = list(self.diagnostics)
        for result in self.findings:
            out.extend(result.diagnostics)
        return sorted(out)

    @property
    def ready(self) -> bool:
        """Ready for the certification decision, as far as the rules run can tell (``summary["readiness"]``)."""
        return bool(self.summary.get("ready"))

    def to_dict(self) -> dict[str, object]:
        """This report's part of the JSON contract (docs/output-formats.md): ``file``, its report-level
        ``diagnostics`` and ``summary`` (as an entry of ``files``), and its ``findings`` (as in ``findings``)."""
        return {
            "file": self.file,
            "diagnostics": [d.to_dict() for d in self.diagnostics],
            "summary": dict(self.summary),
            "findings": [f.to_dict() for f in self.findings],
        }


@dataclass(frozen=True, slots=True)
class RuleInfo:
    """What writers and `rules list` need to know about a rule (from its DSL definition)."""

    id: str
    title: str
    source: str | None
    severity: Severity
    effect: Effect
    description: str = ""
    scope: str = "finding"            # finding | report
    file: str = ""
    examples: int = 0
    detects: tuple[str, ...] = ()      # reason codes the rule detects (``detects`` clause)

    @property
    def help_uri(self) -> str:
        return f"https://findings-validator.readthedocs.io/en/latest/rules/#{self.id.lower()}"
