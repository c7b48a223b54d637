"""Shared by every reader: the input problems, the read result, and turning raw findings into models.

A reader only parses: it hands over the audit block and each finding as plain data with source positions
(``RawFinding``). ``FindingBuilder`` makes the models and says what is wrong with the data, the same way for every
format; ``assemble`` closes a whole report (duplicate ids, unknown fields, empty report).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field

from typing import TypeVar

from pydantic import BaseModel, ValidationError

from ..errors import InputError, Location
from ..gcpause import gc_paused  # noqa: F401 - where the readers and the engine have taken it from
from ..models import ACCEPTED_GRADES, Audit, Diagnostic, Finding, Grade, Report, Severity
from .fields import FINDING_FIELDS, RESERVED_FIELDS, parse_waiver
from .positions import Position

INPUT_PROBLEMS: dict[str, str] = {
    "FV001": "syntax error",
    "FV002": "missing required field",
    "FV003": "duplicate finding id",
    "FV004": "wrong type or invalid value",
    "FV005": "unknown grade",
    "FV006": "unknown fields",
    "FV007": "encoding fallback",
    "FV008": "empty report",
    "FV013": "page without text",
}
"""Rule ids and titles of the problems readers report (severity error unless listed in ``_SEVERITY``)."""

M = TypeVar("M", bound=BaseModel)
_SURROGATE = re.compile("[\ud800-\udfff]")
SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
"""A JSON escape of a surrogate: where one is written, a lone one may be (a pair makes one character)."""
_GRADES = {grade.value: grade for grade in Grade}          # the usual spellings, without normalise_grade's regex
_FIELDS_SUPERSET = FINDING_FIELDS.issuperset
_VALIDATE_FINDING = Finding.__pydantic_validator__.validate_python
_SEVERITY = {"FV006": Severity.INFO, "FV007": Severity.WARNING, "FV008": Severity.WARNING, "FV013": Severity.WARNING}


def problem(rule: str, message: str, file: str, at: Position = (0, 0), *, hint: str | None = None,
            finding: str | None = None, severity: Severity | None = None) -> Diagnostic:
    """An input problem as a ``Diagnostic`` (``hint`` becomes its suggestion)."""
    return Diagnostic(rule=rule, severity=severity or _SEVERITY.get(rule, Severity.ERROR), message=message,
                      suggestion=hint, finding=finding, file=file, line=at[0], column=at[1],
                      title=INPUT_PROBLEMS[rule])


_RAISE_DEPTH = "depth = N in the [limits] table of the configuration, see docs/limits.md"


class NestedTooDeep(InputError):
    """Lists and mappings nested past the ``depth`` limit in a JSON, JSON Lines or YAML report, at ``location``.
    Outside the findings it refuses the document; inside a finding the reader loses that finding only
    (``skipped_too_deep``)."""

    def __init__(self, file: str, where: Position, limit: int) -> None:
        super().__init__(f"the document is nested deeper than {limit} levels", Location(file, *where),
                         "a report needs a few levels only: check the brackets and indentation around this position "
                         f"(a report that truly needs more raises the limit: {_RAISE_DEPTH})")
        self.limit = limit


def skipped_too_deep(err: NestedTooDeep, skipped: str) -> Diagnostic:
    """FV004 at the place a finding goes past the ``depth`` limit: that finding is skipped (``skipped`` names it and
    its lines), the rest of the report is read."""
    where = err.location or Location()
    return problem("FV004", f"lists and mappings are nested deeper than {err.limit} levels here (the depth limit); "
                   f"{skipped} is skipped", where.file, (where.line, where.column),
                   hint=f"a finding needs a few levels only: check the brackets and indentation here (a report that "
                        f"truly needs more raises the limit: {_RAISE_DEPTH})")


def lines_named(first: int, last: int) -> str:
    """``"line 7"`` or ``"lines 7-9"``."""
    return f"line {first}" if last <= first else f"lines {first}-{last}"


@dataclass(frozen=True, slots=True)
class ReadResult:
    """A report and the problems met reading it (sorted by position)."""

    report: Report
    problems: tuple[Diagnostic, ...] = ()


@dataclass(frozen=True, slots=True)
class ReadOptions:
    """What the caller asked for: audit metadata to use, strictness, column mapping, label and pattern files."""

    audit: Audit | None = None
    strict: bool = False
    columns: Mapping[str, str] | None = None
    layouts: tuple[str, ...] = ()


@dataclass(slots=True)
class RawFinding:
    """One finding as parsed: plain data and where it, and each of its fields, was read."""

    data: object
    line: int
    column: int
    positions: dict[str, Position] = field(default_factory=dict)


@dataclass(slots=True)
class RawReport:
    """A whole document as parsed: audit block, findings (and syntax problems in reading order), other keys."""

    file: str
    audit: object = None
    audit_at: Position = (0, 0)
    audit_keys: dict[str, Position] = field(default_factory=dict)
    findings: list[RawFinding | Diagnostic] = field(default_factory=list)
    extra: dict[str, object] = field(default_factory=dict)
    extra_keys: dict[str, Position] = field(default_factory=dict)
    problems: list[Diagnostic] = field(default_factory=list)
    keys_as_written: bool = True
    """False when the reader has mapped headers or labels onto fields itself (CSV, XLSX, Markdown)."""
    surrogates: bool = False
    """True when the text may hold lone surrogates (a JSON ``\\ud800`` escape): findings are then cleaned of them."""


class FindingBuilder:
    """Makes ``Audit`` and ``Finding`` models from raw data, collecting problems in ``problems`` as it goes."""

    def __init__(self, file: str, strict: bool = False, columns: Mapping[str, str] | None = None) -> None:
        self.file = file
        self.strict = strict
        self.rename: dict[str, str] | None = None
        """An export's own key names (normalised) -> finding fields: the ``columns`` setting, for the formats
        whose readers hand over keys as written (YAML, JSON, JSON Lines)."""
        if columns:
            from .fields import column_map, normalise_label

            column_map(columns)  # the fields named must exist
            self.rename = {normalise_label(key): name for key, name in columns.items()}
        self.seen = 0                                          # findings met, read or not: "#3" is the third
        self.scrub = False                                     # replace lone surrogates (see ``without_surrogates``)
        self.problems: list[Diagnostic] = []
        self.unknown: dict[str, tuple[int, Position]] = {}     # name -> (how many findings, first position)

    def audit(self, raw: object, at: Position, keys: Mapping[str, Position]) -> Audit:
        """The audit block as a model; invalid fields are reported and left out, missing criteria as empty."""
        if raw is None:
            self._report("FV002", "no audit metadata: the audit criteria are unknown", at,
                         "add an 'audit:' block with 'criteria', or pass the audit metadata (audit=...)")
            return Audit(criteria=())
        if not isinstance(raw, dict):
            self._report("FV004", f"'audit' is a {_kind(raw)}, not a mapping of fields", at)
            return Audit(criteria=())
        data = {str(k): v for k, v in raw.items()}
        for name in data:
            if name not in Audit.model_fields:
                self.note_unknown(f"audit.{name}", keys.get(name, at))
        if "criteria" not in data:
            self._report("FV002", "audit metadata has no 'criteria'", at, "list the standards with editions, "
                         "e.g. criteria: [\"ISO 9001:2015\"]")
            data["criteria"] = ()
        return self._validate(Audit, data, at, keys, None) or Audit(criteria=())

    def make(self, data: object, line: int, column: int, positions: dict[str, Position]) -> Finding | None:
        """``finding`` for a reader that has the parts at hand: the parsed data (the reader's own, changed in
        place), where the finding starts, and where its fields are (read only on problems)."""
        self.seen += 1
        if self.scrub and type(data) is dict:
            data = self.without_surrogates(data, (line, column), f"finding #{self.seen}")
        if type(data) is not dict:
            self._report("FV004", f"finding #{self.seen} is a {_kind(data)}, not a mapping of fields", (line, column))
            return None
        if self.rename is not None:
            data, positions = self._renamed(data, positions)
        fid = data.get("id")
        if not _FIELDS_SUPERSET(data) or type(fid) is not str or not fid or not data.get("statement") \
                or "waivers" in data:
            data = self._repair(data, data.keys() - FINDING_FIELDS, positions, (line, column))
            fid = data["id"]
        grade = data.get("grade")
        if type(grade) is str:
            data["grade"] = _GRADES.get(grade, grade)
        try:
            finding = _VALIDATE_FINDING(data)
        except ValidationError as err:
            finding = self._validate(Finding, dict(data), (line, column), positions, fid, err)
            if finding is None:
                return None
        # Where it was read is the reader's own, well-typed data: set, not validated (a third of validation time).
        fields = finding.__dict__
        fields["file"], fields["line"], fields["column"], fields["positions"] = self.file, line, column, positions
        return finding

    def without_surrogates(self, data: dict[object, object], at: Position, what: str) -> dict[object, object]:
        """``data`` with each lone surrogate (half of a UTF-16 pair, alone: no character, and no encoding can hold
        it) replaced by U+FFFD, with a warning (FV007); the same ``data`` when there is none."""
        cleaned, count = without_surrogates(data)
        if not count:
            return data
        fid = data.get("id")
        name = f"finding {fid}" if type(fid) is str and fid else what
        self.problems.append(problem("FV007", f"{_SURROGATE.sub(chr(0xFFFD), name)} holds {count} lone "
                                     "surrogate(s) (an unpaired \\ud800-\\udfff escape), which is not a character; "
                                     "each is read as U+FFFD", self.file, at,
                                     hint="write the character itself, or both halves of its surrogate pair"))
        return cleaned  # type: ignore[return-value]

    def _renamed(self, data: dict[object, object],
                 positions: dict[str, Position]) -> tuple[dict[object, object], dict[str, Position]]:
        from .fields import normalise_label

        rename = self.rename or {}
        names = {key: rename.get(normalise_label(str(key)), key) if key not in FINDING_FIELDS else key for key in data}
        return ({names[k]: v for k, v in data.items()},
                {str(names.get(k, k)): at for k, at in positions.items()} if positions else positions)

    def closing(self, empty_note: bool = True) -> list[Diagnostic]:
        """Report-level notes once the last finding is read: unknown fields, an empty report (unless
        ``empty_note`` is false: other errors already say why nothing was read)."""
        notes = []
        if self.unknown:
            names = ", ".join(f"{name} ({count}x)" if count > 1 else name for name, (count, _) in self.unknown.items())
            first = min(at for _, at in self.unknown.values())
            how = ("map an export's own names onto report fields with the columns setting (every input format): "
                   "--column NAME=FIELD, or [columns] NAME = \"FIELD\" in the configuration")
            hint = f"remove them, or {how}" if self.strict else f"they are kept but not checked; {how}"
            notes.append(problem("FV006", f"unknown fields: {names}", self.file, first, hint=hint,
                                 severity=Severity.ERROR if self.strict else None))
        if not self.seen and empty_note:
            notes.append(problem("FV008", "the report has no findings", self.file,
                                 hint="add findings under 'findings:' (or one per row / line / '##' heading)"))
        return notes

    def _repair(self, data: dict[object, object], unknown: set[object], positions: Mapping[str, Position],
                at: Position) -> dict[object, object]:
        """The slow path: a copy with reserved names, a missing id or statement and waiver text dealt with."""
        data = {str(k): v for k, v in data.items()}
        for name in sorted(map(str, unknown)):
            if name in RESERVED_FIELDS:
                self._report("FV004", f"'{name}' is reserved for the source position; the field is ignored",
                             positions.get(name, at), hint="rename the field")
                del data[name]
            else:
                self.note_unknown(name, positions.get(name, at))
        fid = data.get("id")
        if isinstance(fid, int | float) and not isinstance(fid, bool):
            fid = data["id"] = str(fid)
        if not isinstance(fid, str) or not fid.strip():
            data["id"] = placeholder = f"#{self.seen}"
            what = "has no id" if fid in (None, "") else f"has an id that is a {_kind(fid)}"
            self._report("FV002" if fid in (None, "") else "FV004",
                         f"finding #{self.seen} {what}; it is called '{placeholder}' here",
                         positions.get("id", at), hint="give every finding a unique id such as 'NC-01'",
                         finding=placeholder)
        if data.get("statement") in (None, ""):
            self._report("FV002", f"finding {data['id']} has no statement", positions.get("statement", at),
                         hint="state what requirement is not met", finding=data["id"])
            data["statement"] = ""
        if "waivers" in data:
            data["waivers"] = self._waivers(data["waivers"], positions.get("waivers", at), str(data["id"]))
        return data

    def _waivers(self, value: object, at: Position, fid: str) -> object:
        """Waivers written as text (``"FV310 — reason"``), alone or in a list, as ``{"rule", "reason"}`` items."""
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list | tuple):
            return value
        out: list[object] = []
        for item in items:
            parsed = parse_waiver(item) if isinstance(item, str) else item
            if parsed is None:
                self._report("FV004", f"waiver {item!r} of finding {fid} does not start with a rule id", at,
                             hint="write 'FV310 — reason'", finding=fid)
            else:
                out.append(parsed)
        return out

    def _validate(self, model: type[M], data: dict[str, object], at: Position, keys: Mapping[str, Position],
                  fid: str | None, failure: ValidationError | None = None) -> M | None:
        """Validate; a bad field is reported and left out (a bad grade leaves out the finding) until it passes."""
        for _ in range(len(data) + 1):
            if failure is None:
                try:
                    return model.model_validate(data)
                except ValidationError as err:
                    failure = err
            for error in failure.errors(include_url=False, include_input=False):
                name = str(error["loc"][0]) if error["loc"] else ""
                where = keys.get(name, at)
                if name == "grade":
                    missing = error["type"] == "missing" or data.get("grade") is None
                    self._report("FV002" if missing else "FV005",
                                 f"finding {fid} has no grade" if missing else
                                 f"finding {fid} has an unknown grade {data['grade']!r}",
                                 where, hint=f"use one of: {ACCEPTED_GRADES}", finding=fid)
                    return None
                self._report("FV004", f"{fid or 'audit'}: {name or 'value'}: {error['msg']}", where,
                             hint="the field is left out", finding=fid)
                if name == "statement":
                    data["statement"] = ""
                else:
                    data.pop(name, None)
            failure = None
        return None

    def note_unknown(self, name: str, at: Position) -> None:
        """Count an unknown field (``"audit.x"`` for the audit block); listed once by ``closing``."""
        count, first = self.unknown.get(name, (0, at))
        self.unknown[name] = (count + 1, first)

    def _report(self, rule: str, message: str, at: Position, hint: str | None = None,
                finding: str | None = None) -> None:
        self.problems.append(problem(rule, message, self.file, at, hint=hint, finding=finding))


def without_surrogates(value: object) -> tuple[object, int]:
    """``value`` (plain data) with lone surrogates replaced by U+FFFD, and how many there were; ``value`` itself
    when there is none."""
    if type(value) is str:
        if _SURROGATE.search(value) is None:
            return value, 0
        # a pair written as two escapes is already one character; what is left alone cannot be encoded
        return _SURROGATE.subn("\ufffd", value)
    if type(value) is dict:
        total, out = 0, {}
        for key, item in value.items():
            key, keys = without_surrogates(key)
            item, items = without_surrogates(item)
            out[key] = item
            total += keys + items
        return (out, total) if total else (value, 0)
    if type(value) is list:
        pairs = [without_surrogates(item) for item in value]
        total = sum(count for _, count in pairs)
        return ([item for item, _ in pairs], total) if total else (value, 0)
    return value, 0


def _kind(value: object) -> str:
    return {dict: "mapping", list: "list", str: "text", type(None): "empty value"}.get(type(value),
                                                                                      type(value).__name__)


def assemble(raw: RawReport, options: ReadOptions) -> ReadResult:
    """A whole report from a parsed document: models, duplicate ids, unknown fields, an empty report."""
    assembly = Assembly(raw, options)
    make, found, problems = assembly.builder.make, assembly.findings.append, assembly.problems.append
    for item in raw.findings:
        if type(item) is RawFinding:
            finding = make(item.data, item.line, item.column, item.positions)
            if finding is not None:
                found(finding)
        else:
            problems(item)
    return assembly.finish()


class Assembly:
    """``assemble`` in steps, for a reader that makes each finding as it parses it (``builder.make``, appending to
    ``findings``): the audit block and other keys of ``raw`` first, then the findings, then ``finish``."""

    def __init__(self, raw: RawReport, options: ReadOptions) -> None:
        self.raw = raw
        self.builder = FindingBuilder(raw.file, options.strict, options.columns if raw.keys_as_written else None)
        if raw.surrogates:
            self.builder.scrub = True
            if type(raw.audit) is dict:
                raw.audit = self.builder.without_surrogates(raw.audit, raw.audit_at, "the audit block")
        self.audit = options.audit or self.builder.audit(raw.audit, raw.audit_at, raw.audit_keys)
        for name in raw.extra:
            self.builder.note_unknown(name, raw.extra_keys.get(name, (0, 0)))
        self.findings: list[Finding] = []
        self.problems: list[Diagnostic] = []

    def finish(self) -> ReadResult:
        """The report, with the reader's problems (``raw.problems``, all in by now) and the builder's."""
        raw, builder, findings = self.raw, self.builder, self.findings
        unread = any(p.severity is Severity.ERROR for p in raw.problems)
        problems = [*raw.problems, *self.problems, *builder.problems, *builder.closing(not unread),
                    *duplicates(findings)]
        extra = {k: v for k, v in raw.extra.items() if k not in Report.model_fields}
        report = Report(audit=self.audit, findings=tuple(findings), file=raw.file, **extra)
        return ReadResult(report, tuple(sorted(problems)))


def assemble_stream(raw: RawReport, options: ReadOptions) -> tuple[Audit, Iterator[Finding | Diagnostic]]:
    """``assemble`` as a stream: the audit now; the reader's problems, then each finding made as it is asked for
    (its parsed data let go of at once), then the closing notes. Duplicate ids are left to the caller."""
    assembly = Assembly(raw, options)

    def items() -> Iterator[Finding | Diagnostic]:
        builder, pending = assembly.builder, raw.findings
        yield from raw.problems
        yield from builder.problems  # the audit block's
        builder.problems.clear()
        for i, item in enumerate(pending):
            pending[i] = None  # type: ignore[call-overload]  # the parsed data goes as its finding is made
            if type(item) is RawFinding:
                finding = builder.make(item.data, item.line, item.column, item.positions)
                del item
                if builder.problems:
                    yield from builder.problems
                    builder.problems.clear()
                if finding is not None:
                    yield finding
            else:
                yield item  # type: ignore[misc]
        pending.clear()
        unread = any(p.severity is Severity.ERROR for p in raw.problems)
        yield from builder.closing(not unread)

    return assembly.audit, items()


def duplicates(findings: Iterable[Finding]) -> list[Diagnostic]:
    """FV003 for every finding whose id an earlier one already has (both are kept)."""
    seen = DuplicateIds()
    return [found for finding in findings if (found := seen.check(finding)) is not None]


class DuplicateIds:
    """``duplicates`` one finding at a time, keeping only each id's first line (for findings read as a stream)."""

    __slots__ = ("first",)

    def __init__(self) -> None:
        self.first: dict[str, int] = {}

    def check(self, finding: Finding) -> Diagnostic | None:
        first = self.first
        if finding.id not in first:
            first[finding.id] = finding.line
            return None
        return problem("FV003", f"duplicate id {finding.id!r} (first at line {first[finding.id]})", finding.file,
                       (finding.line, finding.column), hint="give each finding its own id", finding=finding.id)

