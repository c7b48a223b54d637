"""Labelled findings: the record format (``docs/corpus.schema.json``) and reading it from JSON Lines or YAML.

A record is one finding exactly as the report format has it, its ``audit`` block, and the verdict a technical
reviewer reached (``expected``), with where the finding comes from. A record that cannot be used (not JSON, a
missing or misspelt field, an unknown verdict or reason code, a finding the report model rejects) becomes a
``RecordError`` naming its file and line; the other records are still read.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError, model_validator
from pydantic.json_schema import WithJsonSchema

from ..errors import InputError, Location
from ..models import Audit, Finding, Verdict
from ..reasons import reason_codes, unknown_code_hint
from ..readers.positions import Position

KINDS = ("published", "adapted", "constructed")
CONFIDENCES = ("high", "medium")


def _known_code(code: str) -> str:
    if code not in reason_codes():
        raise ValueError(f"unknown reason code '{code}'; {unknown_code_hint(code)}")
    return code


ReasonCode = Annotated[str, AfterValidator(_known_code), WithJsonSchema(
    {"type": "string", "enum": list(reason_codes()), "description": "a reason code (docs/eval.md)"})]


class Expected(BaseModel):
    """The verdict a careful technical reviewer reaches, and every defect present (the deciding one first)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    verdict: Verdict
    reasons: tuple[ReasonCode, ...] = Field((), description="Every defect present, the deciding one first; [] when valid.")
    suggested_clause: str | None = Field(None, description="The clause that fits (for a wrong, unknown or obsolete "
                                                           "citation, or a finding to be re-raised).")

    @model_validator(mode="after")
    def _reasons_fit_the_verdict(self) -> Expected:
        if self.verdict is Verdict.VALID and self.reasons:
            raise ValueError("a valid finding has no reasons: leave 'reasons' empty, or change the verdict")
        if self.verdict is not Verdict.VALID and not self.reasons:
            raise ValueError(f"verdict {self.verdict.value} needs at least one reason code (the deciding one first)")
        if len(set(self.reasons)) != len(self.reasons):
            raise ValueError("a reason code is listed twice")
        return self


class LabelledRecord(BaseModel):
    """One labelled finding (one line of a JSON Lines file, or one item of a YAML list)."""

    model_config = ConfigDict(extra="forbid", frozen=True, title="findings-validator labelled finding")

    id: str = Field(min_length=1, description="Unique across the files evaluated together.")
    kind: Literal["published", "adapted", "constructed"] = Field(
        description="published (verbatim, with its address), adapted from a published one, or constructed.")
    source: str = Field(min_length=1, description="The address, 'adapted from <address>', 'constructed', or where "
                                                  "in your own records it comes from.")
    confidence: Literal["high", "medium"] = Field(description="medium where reviewers could disagree.")
    audit: Audit = Field(description="The audit block of the report format; only criteria are required.")
    finding: Finding = Field(description="One finding exactly as the report format has it.")
    expected: Expected
    group: str | None = Field(None, description="Records of one file with the same group are checked together as "
                                                "one report (systemic or duplicate findings).")
    note: str | None = Field(None, description="One sentence: why this verdict.")


def corpus_schema() -> dict[str, object]:
    """The JSON Schema of a labelled record (``findings-validator schema corpus``; docs/corpus.schema.json): the
    record's model, with the audit and finding blocks closed, as ``eval`` reads them (an unknown field is an
    error, not a field kept)."""
    schema = LabelledRecord.model_json_schema()
    for name in ("Audit", "Finding"):
        schema["$defs"][name]["additionalProperties"] = False
    return schema


@dataclass(frozen=True, slots=True)
class RecordError:
    """A record (or a whole file) that could not be used, where it is, and what to do about it."""

    file: str
    line: int
    column: int
    message: str
    hint: str | None = None
    record: str | None = None          # the record's id, when it has one

    def __str__(self) -> str:
        text = f"{Location(self.file, self.line, self.column)}: {self.message}"
        return text + (f"\n  hint: {self.hint}" if self.hint else "")

    def to_dict(self) -> dict[str, object]:
        return {"file": self.file, "line": self.line, "column": self.column, "record": self.record,
                "message": self.message, "hint": self.hint}


@dataclass(frozen=True, slots=True)
class Placed:
    """A record read, with where it was read."""

    record: LabelledRecord
    file: str
    line: int


@dataclass(slots=True)
class _Raw:
    data: object
    line: int
    column: int
    keys: dict[str, Position]                     # positions of its top-level keys (YAML)
    nested: dict[str, dict[str, Position]]        # positions of the keys of audit, finding, expected (YAML)


def read_records(path: str | Path) -> Iterator[Placed | RecordError]:
    """The records of a JSON Lines (``.jsonl``, ``.ndjson``) or YAML (``.yaml``, ``.yml``) file, in file order,
    and an error for each that cannot be used. A file that cannot be read at all raises ``InputError``."""
    path = Path(path)
    name = str(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read labelled findings: {exc}", Location(name),
                         "give a UTF-8 JSON Lines or YAML file of labelled findings") from None
    suffix = path.suffix.lower()
    if suffix in (".jsonl", ".ndjson"):
        raws: Iterator[_Raw | RecordError] = _jsonl(text, name)
    elif suffix in (".yaml", ".yml"):
        raws = _yaml(text, name)
    else:
        raise InputError(f"unknown file type '{suffix or '(none)'}' for labelled findings", Location(name),
                         "labelled findings are JSON Lines (.jsonl) or YAML (.yaml); see docs/eval.md")
    for raw in raws:
        yield raw if isinstance(raw, RecordError) else _record(raw, name)


def _jsonl(text: str, file: str) -> Iterator[_Raw | RecordError]:
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
        except json.JSONDecodeError as exc:
            yield RecordError(file, number, exc.colno, f"not JSON: {exc.msg}",
                              "each line holds one complete JSON object: one labelled finding")
            continue
        yield _Raw(data, number, 1, {}, {})


def _yaml(text: str, file: str) -> Iterator[_Raw | RecordError]:
    from ..readers.yaml_load import YamlSyntax, load

    try:
        tree, problems = load(text, file, all_text=True)
    except YamlSyntax as exc:
        problem = exc.args[0]
        yield RecordError(file, problem.line, problem.column, problem.message, problem.suggestion)
        return
    for problem in problems:
        yield RecordError(file, problem.line, problem.column, problem.message, problem.suggestion)
    top = tree.value
    if isinstance(top, dict) and set(top) == {"records"}:
        top = top["records"]
    if not isinstance(top, list):
        yield RecordError(file, 1, 1, "the file is not a list of labelled findings",
                          "write a YAML list of records, or a mapping with one key 'records:' holding the list")
        return
    for item, (line, column) in zip(top, tree.items.get(id(top), []), strict=True):
        keys = tree.keys.get(id(item), {})
        nested = {k: tree.keys.get(id(v), {}) for k, v in item.items()} if isinstance(item, dict) else {}
        yield _Raw(item, line, column, keys, nested)


def _record(raw: _Raw, file: str) -> Placed | RecordError:
    data = raw.data
    if not isinstance(data, dict):
        return RecordError(file, raw.line, raw.column, f"a labelled finding is a mapping of fields, not {type(data).__name__}",
                           "see docs/corpus.schema.json for the fields")
    rid = data.get("id") if isinstance(data.get("id"), str) else None
    try:
        record = LabelledRecord.model_validate(data)
    except ValidationError as exc:
        error = exc.errors(include_url=False)[0]
        line, column = _where(raw, error["loc"])
        message, hint = _explain(error, data)
        more = len(exc.errors()) - 1
        if more:
            message += f" (and {more} more problem{'s' if more > 1 else ''} in this record)"
        return RecordError(file, line, column, f"record {rid or '(no id)'}: {message}", hint, rid)
    for part, model in (("audit", record.audit), ("finding", record.finding)):
        extra = sorted(model.model_extra or {})
        if extra:
            known = Audit.model_fields if part == "audit" else Finding.model_fields
            line, column = _where(raw, (part, extra[0]))
            return RecordError(file, line, column, f"record {record.id}: unknown field '{part}.{extra[0]}'",
                               _did_you_mean(extra[0], known, f"the fields of '{part}' are those of the report "
                                                               "format (docs/report-format.md)"), record.id)
    fields = record.finding.__dict__  # where it was read (as the readers set it; not validated input)
    fields["file"], fields["line"], fields["column"] = file, raw.line, raw.column
    fields["positions"] = {k: v for k, v in raw.nested.get("finding", {}).items()}
    return Placed(record, file, raw.line)


def _where(raw: _Raw, loc: tuple[int | str, ...]) -> Position:
    if loc and isinstance(loc[0], str):
        if len(loc) > 1 and isinstance(loc[1], str) and loc[1] in raw.nested.get(loc[0], {}):
            return raw.nested[loc[0]][loc[1]]
        if loc[0] in raw.keys:
            return raw.keys[loc[0]]
    return raw.line, raw.column


def _explain(error: Mapping[str, Any], data: Mapping[str, object]) -> tuple[str, str | None]:
    """A pydantic error in words, and what to do."""
    loc = ".".join(str(p) for p in error["loc"])
    kind, msg = error["type"], str(error["msg"]).removeprefix("Value error, ")
    if kind == "missing":
        return f"missing field '{loc}'", "see docs/corpus.schema.json for the required fields"
    if kind == "extra_forbidden":
        name = str(error["loc"][-1])
        known = (LabelledRecord if len(error["loc"]) == 1 else Expected).model_fields
        return f"unknown field '{loc}'", _did_you_mean(name, known, "see docs/corpus.schema.json for the fields")
    if loc == "expected.verdict":
        expected = data.get("expected")
        given = expected.get("verdict") if isinstance(expected, dict) else None
        return f"unknown verdict {given!r}", "use one of: " + ", ".join(v.value for v in Verdict)
    if loc.startswith("expected.reasons") or loc in ("kind", "confidence"):
        return f"{loc}: {msg}", None
    where = f"{loc}: " if loc else ""
    if loc.startswith(("finding", "audit")):
        return f"{where}{msg}", "the finding and audit blocks follow the report format (docs/report-format.md)"
    return f"{where}{msg}", "the record format is described in docs/eval.md and docs/corpus.schema.json"


def _did_you_mean(name: str, known: Mapping[str, object], otherwise: str) -> str:
    close = difflib.get_close_matches(name, [k for k in known if k not in ("file", "line", "column", "positions")],
                                      n=1)
    return f"did you mean '{close[0]}'?" if close else otherwise
