"""Getting at a report's text: path or text, size limit, binary files, encodings, and which format it is."""

from __future__ import annotations

import codecs
import os
import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError, Location
from ..models import Diagnostic
from .common import problem

MAX_DOCUMENT_BYTES = 64 * 1024 * 1024
"""Whole-document formats (YAML, JSON, CSV, XLSX, Markdown, Word, PDF) above this size are refused; JSON Lines is
streamed."""

MAX_LINE_BYTES = 16 * 1024 * 1024
"""A JSON Lines line (one finding) above this size is reported (FV001) and skipped, without being held in memory."""

FORMATS: dict[str, str] = {
    ".yaml": "yaml", ".yml": "yaml", ".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv",
    ".tsv": "csv", ".xlsx": "xlsx", ".md": "markdown", ".markdown": "markdown", ".docx": "docx", ".pdf": "pdf",
}
"""File suffix -> format name."""

_FORMAT_NAMES = {"yml": "yaml", "ndjson": "jsonl", "md": "markdown", "tsv": "csv", "excel": "xlsx", "word": "docx"}
_LARGE_HINT = "split the report, or write it as JSON Lines (.jsonl, one finding per line), which is streamed"
_YAML_KEYS = re.compile(r"^(?:audit|findings)\s*:", re.M)
_MARKDOWN = re.compile(r"^(?:##\s+\S|\*\*[^*\n]+:\*\*)", re.M)


@dataclass(frozen=True, slots=True)
class Origin:
    """Where a report comes from: a file (``path``) or text given in memory (``content``)."""

    name: str
    path: Path | None = None
    content: bytes | None = None

    def read(self, limit: int = MAX_DOCUMENT_BYTES) -> bytes:
        """The whole content, refusing missing, unreadable and too large files."""
        if self.path is None:
            data = self.content or b""
        else:
            try:
                if self.path.stat().st_size > limit:
                    raise InputError(f"the file is larger than {limit // 2**20} MB", Location(self.name), _LARGE_HINT)
                data = self.path.read_bytes()
            except OSError as err:
                raise InputError(f"cannot read the file: {err.strerror or err}", Location(self.name),
                                 "check the path and its permissions") from None
        if len(data) > limit:
            raise InputError(f"the report is larger than {limit // 2**20} MB", Location(self.name), _LARGE_HINT)
        return data


def origin_of(path_or_text: str | os.PathLike[str] | bytes) -> Origin:
    """A ``Path`` (or ``PathLike``) is a file; ``bytes`` are content; a ``str`` is a file when it has no line break
    and names an existing file or ends in a known suffix, otherwise it is the report text itself."""
    if isinstance(path_or_text, bytes):
        return Origin("<input>", content=path_or_text)
    if isinstance(path_or_text, str):
        text = path_or_text
        if "\n" in text or not text or not (os.path.exists(text) or Path(text).suffix.lower() in FORMATS):
            return Origin("<input>", content=text.encode("utf-8"))
    path = Path(path_or_text)
    return Origin(str(path), path=path)


def format_name(requested: str | None, origin: Origin) -> str | None:
    """The format asked for, or the one the file suffix names; None to decide from the content."""
    if requested:
        name = _FORMAT_NAMES.get(requested.lower().lstrip("."), requested.lower().lstrip("."))
        if name not in FORMATS.values():
            raise InputError(f"unknown format {requested!r}", Location(origin.name),
                             f"use one of: {', '.join(sorted(set(FORMATS.values())))}")
        return name
    return FORMATS.get(origin.path.suffix.lower()) if origin.path else None


def decode(data: bytes, file: str) -> tuple[str, list[Diagnostic]]:
    """Text from bytes: UTF-8 (with or without BOM) or UTF-16 with BOM; else cp1252, then latin-1, with a warning.

    NUL bytes outside UTF-16 mean a binary file: ``InputError``."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), []
        except UnicodeDecodeError:
            raise _binary(file) from None
    if b"\0" in data:
        raise _binary(file)
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError as err:
        bad = err.start
    line = data.count(b"\n", 0, bad) + 1
    column = bad - (data.rfind(b"\n", 0, bad) + 1) + 1
    try:
        text, encoding = data.decode("cp1252"), "cp1252 (Windows)"
    except UnicodeDecodeError:
        text, encoding = data.decode("latin-1"), "latin-1"
    return text, [problem("FV007", f"the file is not UTF-8 (byte 0x{data[bad]:02x}); it was read as {encoding}",
                          file, (line, column), hint="save the file as UTF-8 and check the accented characters")]


def _binary(file: str) -> InputError:
    return InputError("this is a binary file, not a report", Location(file),
                      "give a YAML, JSON, JSON Lines, CSV, XLSX, Markdown, Word (.docx) or PDF report")


def sniff_binary(data: bytes) -> str | None:
    """``pdf``, ``docx`` or ``xlsx`` when the bytes are one of those files; None for text."""
    if re.search(rb"(?:^|[\r\n])%PDF-\d", data[:1024]):   # a PDF header may follow some bytes of junk
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        return "docx" if b"word/document.xml" in data else "xlsx"
    return None


def sniff(text: str, file: str) -> str:
    """The format of a report from its content, when neither ``format`` nor the suffix says."""
    start = text.lstrip("\ufeff \t\r\n")
    first = start.split("\n", 1)[0].strip()
    if first.startswith("{"):
        second = start.split("\n", 2)[1:2]
        return "jsonl" if first.endswith("}") and second and second[0].lstrip().startswith("{") else "json"
    if first.startswith("["):
        return "json"
    if _MARKDOWN.search(text):
        return "markdown"
    if start.startswith(("---", "%YAML")) or _YAML_KEYS.search(text):
        return "yaml"
    header = next((line for line in start.split("\n") if not line.startswith("#")), "")
    if any(sep in header for sep in ",;\t"):
        return "csv"
    raise InputError("cannot tell the format of this report", Location(file),
                     "name the file .yaml, .json, .jsonl, .csv, .xlsx, .md, .docx or .pdf, or pass format=...")
