"""Report readers: YAML, JSON, JSON Lines, CSV, XLSX, Markdown drafts, Word and PDF, all giving the same models.

Every finding and field carries its source position. What is wrong with the input is reported as diagnostics
(``INPUT_PROBLEMS``) while the rest is still read; only a file that cannot be read at all raises ``InputError``.
The formats and their conventions are described in docs/report-format.md.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence

from pydantic import ValidationError

from ..errors import InputError, Location
from ..models import Audit, Report, Severity
from . import csv_reader, json_reader, jsonl_reader, markdown_reader, yaml_reader
from .common import INPUT_PROBLEMS, ReadOptions, ReadResult, gc_paused, problem
from .jsonl_reader import FindingStream, WholeReport
from .source import Origin, decode, format_name, origin_of, sniff, sniff_binary

__all__ = ["INPUT_PROBLEMS", "FindingStream", "ReadResult", "iter_findings", "read_report"]

PathOrText = str | os.PathLike[str] | bytes
AuditOption = Audit | Mapping[str, object] | str | os.PathLike[str] | None

_TEXT_READERS: dict[str, Callable[[str, str, ReadOptions], ReadResult]] = {
    "yaml": yaml_reader.read, "json": json_reader.read, "csv": csv_reader.read, "markdown": markdown_reader.read,
}


def read_report(path_or_text: PathOrText, *, format: str | None = None, strict: bool = False,
                columns: Mapping[str, str] | None = None, audit: AuditOption = None,
                name: str | None = None, layouts: Sequence[str | os.PathLike[str]] = ()) -> ReadResult:
    """Read a report file (or report text) into a ``Report``, with the problems met.

    ``format``: yaml, json, jsonl, csv, xlsx, markdown, docx or pdf; by default the file suffix, else the content
    decides. ``strict``: unknown fields are errors, not info. ``columns``: table headers (and labels) to map onto
    finding fields, ``{"Raised against": "clause"}``. ``audit``: the audit metadata, as an ``Audit``, a mapping, or
    the path of a YAML/JSON file holding an ``audit:`` block; it replaces any metadata in the report. ``name``: what
    messages call text given in memory (default ``<input>``), e.g. the name of what stdin holds. ``layouts``: files
    of labels and finding patterns to add to the bundled ones (``labels.yaml``), for Word and PDF reports.
    """
    origin = origin_of(path_or_text)
    if name is not None and origin.path is None:
        origin = Origin(name, content=origin.content)
    options = ReadOptions(_audit_option(audit), strict, columns, tuple(map(str, layouts)))
    name = format_name(format, origin)
    with gc_paused():
        if name == "jsonl":
            return jsonl_reader.read(origin, options)
        data = origin.read()
        name = name or sniff_binary(data)
        if name in ("docx", "pdf"):
            from . import docx_reader, pdf_reader  # only documents need them (and their libraries, lazily)

            reader = docx_reader if name == "docx" else pdf_reader
            return reader.read(data, origin.name, options)
        if name == "xlsx":
            return csv_reader.read_xlsx(data, origin.name, options)
        text, problems = decode(data, origin.name)
        if not text or text.isspace():  # (not strip: that would copy the whole text)
            empty = problem("FV008", "the file is empty", origin.name, hint="write the audit metadata and findings")
            return ReadResult(Report(audit=options.audit or Audit(criteria=()), file=origin.name), (*problems, empty))
        name = name or sniff(text, origin.name)
        if name == "jsonl":
            return jsonl_reader.read(Origin(origin.name, content=data), options)
        result = _TEXT_READERS[name](text, origin.name, options)
    return ReadResult(result.report, tuple(sorted((*problems, *result.problems)))) if problems else result


def iter_findings(path_or_text: PathOrText, *, format: str | None = None, strict: bool = False,
                  columns: Mapping[str, str] | None = None, audit: AuditOption = None,
                  layouts: Sequence[str | os.PathLike[str]] = ()) -> FindingStream:
    """The audit metadata and an iterator over findings and problems, for reports too large to hold in memory.

    JSON Lines is streamed in constant memory; a JSON document is parsed first and each finding's model made as
    it is asked for (so the models are never all held); duplicate ids are then not checked
    (``duplicates_checked`` is false). Other formats are read whole first, and their problems come before their
    findings."""
    origin = origin_of(path_or_text)
    options = ReadOptions(_audit_option(audit), strict, columns, tuple(map(str, layouts)))
    name = format_name(format, origin)
    if name == "jsonl":
        return jsonl_reader.stream(origin, options)
    if name == "json":
        data = origin.read()
        text, problems = decode(data, origin.name)
        del data
        if text and not text.isspace() and not problems:
            head, items = json_reader.stream(text, origin.name, options)
            return FindingStream(head, items)
    result = read_report(path_or_text, format=format, strict=strict, columns=columns, audit=audit, layouts=layouts)
    return WholeReport(result.report.audit, iter([*result.problems, *result.report.findings]))


def _audit_option(audit: AuditOption) -> Audit | None:
    """The ``audit`` argument as a model: given as one, as a mapping, or in a YAML/JSON file of its own."""
    if audit is None or isinstance(audit, Audit):
        return audit
    if isinstance(audit, Mapping):
        data = audit.get("audit", audit)
        try:
            return Audit.model_validate(data)
        except ValidationError as err:
            raise InputError(f"invalid audit metadata: {err.errors()[0]['msg']} "
                             f"({'.'.join(map(str, err.errors()[0]['loc']))})", Location("<audit>"),
                             "give at least criteria, e.g. {'criteria': ['ISO 9001:2015']}") from None
    result = read_report(audit)
    errors = [p for p in result.problems if p.severity is Severity.ERROR]
    if errors:
        raise InputError(errors[0].message, Location(errors[0].file, errors[0].line, errors[0].column),
                         "the audit file holds an 'audit:' block, as at the top of a YAML report")
    return result.report.audit
