"""Getting at a report's text: path or text, size limit, binary files, encodings, and which format it is."""

from __future__ import annotations

import codecs
import io
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

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

    def read(self, limit: int | None = None) -> bytes:
        """The whole content, refusing missing, unreadable and too large files (default ``MAX_DOCUMENT_BYTES``),
        and what is not a regular file."""
        limit = MAX_DOCUMENT_BYTES if limit is None else limit
        if self.path is None:
            data = self.content or b""
        else:
            with self.open() as handle:
                if os.fstat(handle.fileno()).st_size > limit:
                    raise InputError(f"the file is larger than {limit // 2**20} MB", Location(self.name), _LARGE_HINT)
                try:
                    data = handle.read(limit + 1)
                except OSError as err:
                    raise InputError(f"cannot read the file: {err.strerror or err}", Location(self.name),
                                     "check the path and its permissions") from None
        if len(data) > limit:
            raise InputError(f"the report is larger than {limit // 2**20} MB", Location(self.name), _LARGE_HINT)
        return data


    def open(self) -> BinaryIO:
        """The file opened for reading, or the content given; a FIFO, a device (``/dev/zero``), a socket or a
        directory is refused by its type before anything is read (opening does not wait for a FIFO's writer)."""
        if self.path is None:
            return io.BytesIO(self.content or b"")
        return open_regular(self.path, self.name)


def open_regular(path: str | os.PathLike[str], name: str) -> BinaryIO:
    """``path`` opened for binary reading if it is a regular file (symbolic links followed); ``InputError``
    otherwise, without reading or waiting."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except OSError as err:
        raise InputError(f"cannot read the file: {err.strerror or err}", Location(name),
                         "check the path and its permissions") from None
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise InputError(f"this is {_KINDS.get(stat.S_IFMT(mode), 'not a regular file')}, not a report file",
                             Location(name), "give the path of a report file (a FIFO or device is never read)")
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


_KINDS = {stat.S_IFDIR: "a directory", stat.S_IFIFO: "a FIFO (named pipe)", stat.S_IFCHR: "a character device",
          stat.S_IFBLK: "a block device", stat.S_IFSOCK: "a socket"}


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
    """Text from bytes: UTF-8 (with or without BOM), UTF-16 or UTF-32 with BOM; a line that is not UTF-8 is read
    as cp1252, or latin-1 (the other lines stay UTF-8), with one warning naming those lines. A line break is
    ``\\n``, ``\\r\\n`` or a lone ``\\r`` (old Mac files; mixed endings alike): each lone ``\\r`` is given as
    ``\\n``, so that every reader counts the lines as an editor does (the length, and so every column, is
    unchanged). A byte order mark that starts a line (files joined together) is left out, with one warning.

    A NUL character is read as U+FFFD with a warning on its line (``without_nul``), unless the NULs and other control
    bytes make the file binary (``looks_binary``): ``InputError``."""
    text, problems = _decoded(data, file)
    if "\r" in text:
        text = _LONE_CR.sub("\n", text)
    if "\ufeff" in text:
        text = _without_line_boms(text, file, problems)
    if "\0" in text:
        text, found = without_nul(text, file)
        problems += found
    return text, problems


_LONE_CR = re.compile(r"\r(?!\n)")
_LINE_BOM = re.compile("^\ufeff+", re.M)


def _without_line_boms(text: str, file: str, problems: list[Diagnostic]) -> str:
    """``text`` without the byte order marks that start lines (files joined together, each with its own), with one
    warning; columns on those lines are counted without it. A U+FEFF inside a line is text and stays."""
    first = _LINE_BOM.search(text)
    if first is None:
        return text
    text, count = _LINE_BOM.subn("", text)
    line = text.count("\n", 0, first.start()) + 1
    problems.append(problem("FV007", f"{count} line(s) start with a byte order mark (U+FEFF), as when files are "
                            "joined together; it is not read as text", file, (line, 1),
                            hint="save the file as UTF-8 with at most one byte order mark, at its start"))
    return text


BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"))
"""Byte order marks and the codec that reads what follows (UTF-32's first: its little-endian BOM starts as
UTF-16's)."""


def bom_encoding(data: bytes) -> str | None:
    """``utf-16`` or ``utf-32`` when ``data`` starts with that byte order mark."""
    return next((encoding for bom, encoding in BOMS if data.startswith(bom)), None)


def _decoded(data: bytes, file: str) -> tuple[str, list[Diagnostic]]:
    encoding = bom_encoding(data)
    if encoding is not None:
        try:
            return data.decode(encoding), []
        except UnicodeDecodeError as err:
            text = data.decode(encoding, errors="replace")
            line = text.count("\n", 0, err.start // (2 if encoding == "utf-16" else 4)) + 1
            return text, [problem("FV007", f"the file is not valid {encoding.upper()} (bytes {err.start}-{err.end - 1}"
                                  f" of it: {err.reason}); what cannot be read is given as U+FFFD", file, (line, 1),
                                  hint="save the file as UTF-8")]
    if b"\0" in data and looks_binary(data):
        raise _binary(file)
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError as err:
        bad = err.start
    return _by_line(data, bad, file)


def _by_line(data: bytes, bad: int, file: str) -> tuple[str, list[Diagnostic]]:
    """Bytes that are not all UTF-8 (the first bad byte at ``bad``), decoded line by line: a line that is UTF-8 is
    read as such, another as ``decode_line`` reads it; one warning names the lines that were not."""
    start = max(data.rfind(b"\n", 0, bad), data.rfind(b"\r", 0, bad)) + 1   # the first bad line (all before: UTF-8)
    parts = [data[:start].decode("utf-8-sig")]
    number = count_lines(data[:start]) + 1
    found: list[tuple[int, int, int, str]] = []     # (line, column, byte, encoding) of each line not UTF-8
    for line in data[start:].splitlines(True):
        try:
            parts.append(line.decode("utf-8-sig" if number == 1 else "utf-8"))
        except UnicodeDecodeError as err:
            text, encoding = decode_line(line)
            parts.append(text)
            found.append((number, err.start + 1, line[err.start], encoding))
        number += 1
    line, column, byte, encoding = found[0]
    others = [str(n) for n, *_ in found[1:]]
    more = (f"; so were {len(others)} other line(s): {', '.join(others[:10])}{', ...' if len(others) > 10 else ''}"
            if others else "")
    return "".join(parts), [problem("FV007", f"line {line} is not UTF-8 (byte 0x{byte:02x}); it was read as {encoding}"
                                    f"{more}; the other lines were read as UTF-8", file, (line, column),
                                    hint="save the file as UTF-8 and check the accented characters")]


def decode_line(line: bytes) -> tuple[str, str]:
    """A line that is not UTF-8, as cp1252 (Windows) reads it, or latin-1 where cp1252 has no character for a byte
    (every byte is one character in both: columns hold); and which of the two."""
    try:
        return line.decode("cp1252"), "cp1252 (Windows)"
    except UnicodeDecodeError:
        return line.decode("latin-1"), "latin-1"


def count_lines(data: bytes) -> int:
    """The number of line breaks in ``data`` as ``bytes.splitlines`` counts them (``\\r\\n`` is one)."""
    return data.count(b"\n") + data.count(b"\r") - data.count(b"\r\n")


BINARY_SAMPLE = 8192
"""How much of a file holding a NUL byte ``looks_binary`` looks at (as git does)."""
_CONTROLS = bytes(c for c in range(1, 32) if c not in b"\t\n\v\f\r\x1b")
"""Control bytes no text file holds, but NUL; tab, line breaks, form feed and escape are text."""


def looks_binary(data: bytes) -> bool:
    """Whether bytes that hold a NUL are a binary file rather than text with stray NULs (a damaged export, a block
    zeroed by a crash), judged on the first ``BINARY_SAMPLE`` bytes: other control bytes that no text holds make up
    more than 1 in 32 of them (an image, an archive, a program: about 1 in 10), or NULs fill more than half of the
    odd or of the even bytes (UTF-16 or UTF-32 without a byte order mark, or nothing but NULs)."""
    sample = data[:BINARY_SAMPLE]
    if (len(sample) - len(sample.translate(None, _CONTROLS))) * 32 > len(sample):
        return True
    return max(sample[0::2].count(0), sample[1::2].count(0)) * 4 > len(sample)


MAX_NUL_LINES = 10
"""Lines with a NUL character each reported; those after them are reported together, in one warning."""


def without_nul(text: str, file: str, first_line: int = 1) -> tuple[str, list[Diagnostic]]:
    """``text`` with each NUL character read as U+FFFD (as CommonMark does: no text format admits one, and no
    reader should meet it), and a warning (FV007) at the first NUL of each line that held one (after
    ``MAX_NUL_LINES`` such lines, one for all the others). ``text`` starts at line ``first_line``."""
    problems: list[Diagnostic] = []
    line, counted, more, first_more = first_line, 0, 0, (0, 0)
    at = text.find("\0")
    while at >= 0:
        line += text.count("\n", counted, at)
        column = at - text.rfind("\n", 0, at)
        end = text.find("\n", at)
        end = len(text) if end < 0 else end
        if len(problems) < MAX_NUL_LINES:
            count = text.count("\0", at, end)
            problems.append(problem("FV007", f"line {line} holds {count} NUL character(s) (byte 0x00), which no "
                                    "text report holds; each is read as U+FFFD", file, (line, column),
                                    hint="delete them: a NUL is left by a damaged export or copy"))
        else:
            more += 1
            first_more = first_more if more > 1 else (line, column)
        counted, at = at, text.find("\0", end)
    if more:
        problems.append(problem("FV007", f"{more} more line(s) hold NUL characters (byte 0x00); each is read as "
                                "U+FFFD", file, first_more, hint="delete them: is this file damaged?"))
    return text.replace("\0", "\ufffd"), problems


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
