"""``findings-validator fix``: unambiguous rewrites of citations in YAML, JSON and Markdown reports.

Two fixes. Safe: a citation is written in the canonical form (``cl. 7.1.5.2(a)`` → ``7.1.5.2 a)``), which keeps its
meaning. Unsafe (only with ``unsafe=True``, ``--unsafe-fixes``): a citation of a superseded edition that has exactly
one successor is replaced by it — the finding is then cited against another text, which its author should confirm;
and, in YAML, a finding with one clause entry that the checker flags as the wrong clause (a diagnostic with a
``suggested_clause``: FV119–FV122, FV124–FV127 and FV129–FV132) gets that clause instead.
YAML keeps comments, order and quoting (ruamel.yaml round-trip); JSON and Markdown are edited in place, only the
citation's own characters changing. Line endings (CRLF stays CRLF), the encoding and a byte-order mark are kept; the
file is rewritten atomically (temporary file + rename) and only when something changed and writing was asked for,
keeping its mode, owner where permitted, and symbolic links; read-only files are refused (``atomic_write_bytes``).
A temporary file left by a ``fix`` that was killed outright (``kill -9``) is removed by the next ``fix`` of its
folder once its writer is gone (``remove_stale_temporaries``).
"""

from __future__ import annotations

import codecs
import contextlib
import difflib
import hashlib
import io
import json
import os
import re
import signal
import socket
import stat
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, SingleQuotedScalarString
from ruamel.yaml.util import load_yaml_guess_indent

from .catalog import Catalogs, load_catalogs
from .citations import Criteria, parse_citations, resolve
from .citations.types import Citation, Status
from .errors import CitationSyntaxError, FindingsValidatorError, InputError, Location
from .yaml_bounds import check_aliases


FIXABLE = (".yaml", ".yml", ".json", ".md", ".markdown")
"""The report formats ``fix`` rewrites."""


@dataclass
class FixOutcome:
    path: Path
    changes: list[str] = field(default_factory=list)
    diff: str = ""
    unsafe: int = 0
    """Unsafe fixes available but not applied (``--unsafe-fixes`` applies them)."""
    removed: list[Path] = field(default_factory=list)
    """Temporary files of an earlier, killed ``fix`` removed from the file's folder (``remove_stale_temporaries``)."""

    @property
    def changed(self) -> bool:
        return bool(self.changes)


def fixed_citation(citation: Citation, criteria: Criteria, catalogs: Catalogs, unsafe: bool = True) -> str:
    """The citation's replacement text: its one successor (an unsafe fix), or its canonical spelling (safe)."""
    if not unsafe:
        return citation.render()
    resolution = resolve(citation, criteria, catalogs)
    successors = [s for s in resolution.suggestions if s.successor]
    if resolution.status is Status.OBSOLETE_EDITION and len(successors) == 1 and not citation.items:
        target = catalogs.clause(successors[0].clause)
        if target is not None and target.requirement:  # never trade one defect for another (a heading)
            return successors[0].label
    return citation.render()


def fix_text(text: str, criteria: Criteria, catalogs: Catalogs, unsafe: bool = True) -> str:
    """Rewrite one clause field; text that does not parse as citations is returned unchanged."""
    try:
        citations = parse_citations(text)
    except CitationSyntaxError:
        return text
    if not citations or any(c.document for c in citations):
        return text
    return "; ".join(fixed_citation(c, criteria, catalogs, unsafe) for c in citations)


def _requote(old: object, new: str) -> object:
    if isinstance(old, DoubleQuotedScalarString):
        return DoubleQuotedScalarString(new)
    if isinstance(old, SingleQuotedScalarString):
        return SingleQuotedScalarString(new)
    return new


@dataclass(frozen=True)
class _Encoded:
    """How a file's text was stored: encoding, byte-order mark, line ending."""

    encoding: str
    bom: bytes
    newline: str

    @classmethod
    def read(cls, path: Path) -> tuple[str, _Encoded]:
        """The text of the report at ``path``, read as the readers read it: a regular file (a FIFO or device is
        refused without waiting), within ``document_bytes``."""
        from .readers.source import Origin

        data = Origin(str(path), path=path).read()
        bom = codecs.BOM_UTF8 if data.startswith(codecs.BOM_UTF8) else b""
        body = data[len(bom):]
        try:
            text, encoding = body.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            text, encoding = body.decode("cp1252", errors="strict"), "cp1252"
        newline = "\r\n" if "\r\n" in text else "\n"
        return text.replace("\r\n", "\n"), cls(encoding, bom, newline)

    def encode(self, text: str) -> bytes:
        return self.bom + text.replace("\n", self.newline).encode(self.encoding)


def fix_file(path: Path, *, write: bool = True, catalogs: Catalogs | None = None, unsafe: bool = False) -> FixOutcome:
    """Fix the citations of the report at ``path`` (YAML, JSON or Markdown); write it only when ``write`` and
    something changed. ``unsafe`` also applies the unsafe fixes; otherwise they are counted in ``unsafe``."""
    suffix = path.suffix.lower()
    if suffix not in FIXABLE:
        raise InputError(f"fix rewrites YAML, JSON and Markdown reports, not {path.suffix or 'this file'}",
                         hint="convert it to YAML")
    catalogs = catalogs or load_catalogs()
    try:
        original, stored = _Encoded.read(path)
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read {path}: {exc}", Location(str(path))) from None
    outcome = FixOutcome(path)
    if write:
        outcome.removed = _clean_once(Path(os.path.realpath(path)).parent)
    if suffix in (".yaml", ".yml"):
        updated = _fix_yaml(path, original, catalogs, outcome, unsafe)
    else:
        updated = _fix_in_place(path, original, suffix, catalogs, outcome, unsafe)
    if not outcome.changed:
        return outcome
    outcome.diff = "".join(difflib.unified_diff(original.splitlines(True), updated.splitlines(True),
                                                f"a/{path.name}", f"b/{path.name}"))
    if write and updated != original:
        atomic_write_bytes(path, stored.encode(updated))
    return outcome


def _criteria(path: Path, audit: object, catalogs: Catalogs) -> Criteria:
    audit = audit if isinstance(audit, dict) else {}
    try:
        return Criteria.of(list(audit.get("criteria") or []), catalogs, list(audit.get("exclusions") or []))
    except FindingsValidatorError as exc:
        raise InputError(f"{path}: audit criteria: {exc.message}") from None


def _fixed(old: str, finding_id: object, criteria: Criteria, catalogs: Catalogs, outcome: FixOutcome,
           unsafe: bool) -> str:
    """``old`` fixed (recorded in ``outcome``); an unsafe fix not asked for is only counted."""
    new = fix_text(old, criteria, catalogs, unsafe)
    if not unsafe and fix_text(old, criteria, catalogs, True) != new:
        outcome.unsafe += 1
    if new != old:
        outcome.changes.append(f"{finding_id or '?'}: {old!r} → {new!r}")
    return new


def suggested_clauses(path: Path, catalogs: Catalogs) -> dict[str, str]:
    """Finding id → the one clause the checker suggests citing instead, for findings where that is unambiguous."""
    from .engine import check

    out: dict[str, str] = {}
    for result in check(path, catalogs=catalogs).findings:
        found = {d.suggested_clause for d in result.diagnostics if d.suggested_clause}
        if len(found) == 1 and result.finding.id:
            out[result.finding.id] = found.pop()
    return out


def _fix_yaml(path: Path, original: str, catalogs: Catalogs, outcome: FixOutcome, unsafe: bool) -> str:
    check_aliases(original, str(path), InputError)  # ruamel.yaml counts nothing
    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 4096
    try:
        data, indent, sequence_offset = load_yaml_guess_indent(original)
        data = yaml.load(original)
    except RecursionError:
        raise  # nested too deeply: the boundary says so (isolation.failure)
    except Exception as exc:  # ruamel raises many types for syntax errors
        mark = getattr(exc, "problem_mark", None)
        problem = " ".join(str(getattr(exc, "problem", None) or type(exc).__name__).split())[:200]
        where = Location(str(path), mark.line + 1, mark.column + 1) if mark is not None else Location(str(path))
        raise InputError(f"cannot parse the YAML: {problem}", where,
                         hint="run 'findings-validator check' for details") from None
    indent, offset = indent or 2, sequence_offset or 0
    yaml.indent(mapping=max(2, indent - offset), sequence=indent, offset=offset)
    criteria = _criteria(path, (data or {}).get("audit") if isinstance(data, dict) else None, catalogs)
    suggested = suggested_clauses(path, catalogs)
    for finding in (data or {}).get("findings") or [] if isinstance(data, dict) else []:
        if not isinstance(finding, dict) or "clause" not in finding:
            continue
        values = finding["clause"]
        items = values if isinstance(values, list) else [values]
        target = suggested.get(str(finding.get("id", "")))
        if target and len(items) == 1 and isinstance(items[0], str):  # one entry: no doubt which one is wrong
            if not unsafe:
                outcome.unsafe += 1
                continue
            old = items[0]
            outcome.changes.append(f"{finding.get('id', '?')}: {old!r} → {target!r} (the cited clause does not "
                                   "match the statement's subject)")
            if isinstance(values, list):
                values[0] = _requote(old, target)
            else:
                finding["clause"] = _requote(old, target)
            continue
        for n, old in enumerate(items):
            if not isinstance(old, str):
                continue
            new = _fixed(old, finding.get("id"), criteria, catalogs, outcome, unsafe)
            if new != old:
                if isinstance(values, list):
                    values[n] = _requote(old, new)
                else:
                    finding["clause"] = _requote(old, new)
    if not outcome.changed:
        return original
    buffer = io.StringIO()
    yaml.dump(data, buffer)
    return buffer.getvalue()


def _fix_in_place(path: Path, original: str, suffix: str, catalogs: Catalogs, outcome: FixOutcome,
                  unsafe: bool) -> str:
    """JSON and Markdown: each clause text is found where the reader read it and only its characters change;
    the result is read again and must give the fixed clauses, or nothing is changed."""
    from .readers import read_report

    fmt = "json" if suffix == ".json" else "markdown"
    read = read_report(original, format=fmt, name=str(path))
    syntax = next((p for p in read.problems if p.rule == "FV001"), None)
    if syntax is not None:
        raise InputError(f"cannot parse the {'JSON' if fmt == 'json' else 'Markdown'}: {syntax.message}",
                         Location(str(path), syntax.line, syntax.column),
                         hint="run 'findings-validator check' for details")
    audit = read.report.audit
    criteria = _criteria(path, {"criteria": list(audit.criteria), "exclusions": list(audit.exclusions)}, catalogs)
    encode = (lambda text: json.dumps(text, ensure_ascii=False)) if fmt == "json" else (lambda text: text)
    starts = [0]
    for text_line in original.splitlines(True):
        starts.append(starts[-1] + len(text_line))
    edits: list[tuple[int, int, str]] = []
    expected: dict[str, tuple[str, ...]] = {}
    for finding in read.report.findings:
        line, column = finding.position("clause")
        if not line or line > len(starts) - 1:
            continue
        at = starts[line - 1] + max(column - 1, 0)
        fixed = []
        for old in finding.clause:
            new = _fixed(old, finding.id, criteria, catalogs, outcome, unsafe)
            fixed.append(new)
            if new == old:
                continue
            needle = encode(old)
            found = original.find(needle, at)
            if found < 0:
                raise InputError(f"{path}: cannot locate the clause of {finding.id} to fix it; nothing was changed")
            edits.append((found, found + len(needle), encode(new)))
            at = found + len(needle)
        expected[finding.id] = tuple(fixed)
    updated = original
    for begin, end, text in sorted(edits, reverse=True):
        updated = updated[:begin] + text + updated[end:]
    if edits:
        again = read_report(updated, format=fmt, name=str(path)).report.findings
        if {f.id: f.clause for f in again if f.id in expected} != expected:
            raise InputError(f"{path}: the fixed file would not read back as intended; nothing was changed")
    return updated


def atomic_write(path: Path, text: str) -> None:
    """Write ``text`` (UTF-8) to a temporary file beside ``path`` and rename it over: an interruption leaves the
    original intact."""
    atomic_write_bytes(path, text.encode("utf-8"))


class NotWritableError(InputError):
    """``fix`` will not rewrite this file: it is read-only, or its folder does not allow a new file."""


def writable_target(path: Path) -> tuple[Path, os.stat_result | None]:
    """The file a write to ``path`` changes — the target of a symbolic link, which stays a link — and its status
    (None for a new file); ``NotWritableError`` when the file is read-only (no write permission in its mode, or
    none for this user)."""
    target = Path(os.path.realpath(path))
    try:
        st = target.stat()
    except FileNotFoundError:
        return target, None
    except OSError as exc:
        raise InputError(f"cannot write {path}: {exc.strerror}") from None
    if not stat.S_ISREG(st.st_mode):
        raise NotWritableError(f"{path} is not a regular file: not rewritten")
    if not st.st_mode & 0o222 or not os.access(target, os.W_OK):
        raise NotWritableError(f"{path} is read-only: not rewritten",
                               hint="make it writable (chmod u+w) to fix it, or use --diff to see the changes")
    return target, st


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """``atomic_write`` for bytes. The file keeps its identity: the temporary file gets its mode and, where the
    system permits, its owner and group before it replaces it; a symbolic link stays a link and its target is
    written; a read-only file is refused (``NotWritableError``). The temporary file is removed on every way out —
    an error, Ctrl-C (SIGINT), SIGTERM or SIGHUP — and a signal then takes its usual effect."""
    target, st = writable_target(path)
    with _signals_raise() as caught:
        try:
            fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=_temporary_prefix(target.name), suffix=".tmp")
        except OSError as exc:
            raise NotWritableError(f"cannot write {path}: {exc.strerror} (a temporary file in its folder is "
                                   "needed to replace it whole)") from None
        try:
            with os.fdopen(fd, "wb") as fh:
                if st is not None:
                    with contextlib.suppress(OSError):  # as the original's owner where permitted (root, own group)
                        os.fchown(fh.fileno(), st.st_uid, st.st_gid)
                os.fchmod(fh.fileno(), stat.S_IMODE(st.st_mode) if st is not None else 0o666 & ~_umask())  # after chown
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    if caught:  # delivered while writing, after the clean-up: now as the caller's handlers would have had it
        signal.raise_signal(caught[0])
        raise NotWritableError(f"{path}: interrupted by signal {caught[0]}; not rewritten")  # a handler that returns


STALE_SECONDS = 24 * 60 * 60
"""A temporary file of ``fix`` this much older than now (one day) is stale whoever wrote it: its writer, on this
machine or another sharing the folder, died long ago (a process id may since have been given to another program)."""

_TEMPORARY = re.compile(r"\..+\.fv-(?P<host>[0-9a-f]{8})-(?P<pid>[1-9][0-9]{0,9})-[a-z0-9_]{8}\.tmp", re.DOTALL)
"""The name ``atomic_write_bytes`` gives its temporary file: ``.NAME.fv-HOST-PID-XXXXXXXX.tmp``, with HOST the first
8 hex digits of the SHA-256 of the machine's name and PID the writing process's id; ``mkstemp`` adds the 8 random
characters. No other program names its files so."""


def _host() -> str:
    return hashlib.sha256(socket.gethostname().encode("utf-8", "surrogateescape")).hexdigest()[:8]


def _writer_tag() -> str:
    """What a temporary file's name says of its writer (``_TEMPORARY``): this machine and this process."""
    return f"fv-{_host()}-{os.getpid()}-"


def _temporary_prefix(name: str) -> str:
    """``.NAME.fv-HOST-PID-``, NAME cut so that the whole name stays within the 255 bytes a file name may have."""
    tag = _writer_tag()
    while name and len(f".{name}.{tag}".encode("utf-8", "surrogateescape")) + 12 > 255:
        name = name[:-1]
    return f".{name or 'report'}.{tag}"


def _alive(pid: int) -> bool:
    """Whether a process ``pid`` runs on this machine (one of another user's counts: it cannot be signalled). On
    Windows, where ``os.kill`` would end the process, every process is taken to be alive (the age decides)."""
    if pid == os.getpid() or os.name == "nt":
        return True
    try:
        os.kill(pid, 0)
    except (ProcessLookupError, OverflowError):  # none has this id
        return False
    except OSError:  # PermissionError: another user's
        return True
    return True


def remove_stale_temporaries(folder: Path, now: float | None = None) -> list[Path]:
    """Remove from ``folder`` the temporary files that a ``fix`` killed outright (``kill -9``, which no handler
    can catch) left behind, and return them. A file is removed only when all of these hold: its name is one
    ``atomic_write_bytes`` gives (``_TEMPORARY``); it is a regular file (not a link) owned by this user; and its
    writer is gone — the process named in it runs no more on this machine, or the file is older than
    ``STALE_SECONDS``. Any other file, a writer still at work, and a file of another machine that is not yet that
    old are left alone. A folder that cannot be listed, or a file that cannot be removed, is left as it is."""
    now = time.time() if now is None else now
    host, uid = _host(), os.getuid() if hasattr(os, "getuid") else None
    removed: list[Path] = []
    try:
        names = os.listdir(folder)
    except OSError:
        return removed
    for name in names:
        match = _TEMPORARY.fullmatch(name)
        if match is None:
            continue
        path = folder / name
        try:
            st = path.lstat()
        except OSError:
            continue
        if not stat.S_ISREG(st.st_mode) or (uid is not None and st.st_uid != uid):
            continue
        old = now - st.st_mtime > STALE_SECONDS
        if not old and (match["host"] != host or _alive(int(match["pid"]))):
            continue
        with contextlib.suppress(OSError):
            path.unlink()
            removed.append(path)
    return removed


_CLEANED: set[Path] = set()
"""Folders this process has already cleaned (``_clean_once``)."""


def _clean_once(folder: Path) -> list[Path]:
    """``remove_stale_temporaries`` for ``folder``, the first time this process writes there."""
    if folder in _CLEANED:
        return []
    _CLEANED.add(folder)
    return remove_stale_temporaries(folder)


def _umask() -> int:
    """The process's umask (read by setting it, then set back), for the mode of a new file."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


class _Interrupted(BaseException):
    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


@contextlib.contextmanager
def _signals_raise() -> Iterator[list[int]]:
    """While writing, SIGINT, SIGTERM and SIGHUP raise ``_Interrupted`` (so the temporary file is removed); the
    signal is recorded in the yielded list and the previous handlers are restored on the way out. Only the main
    thread can set handlers: elsewhere the signals keep theirs."""
    caught: list[int] = []
    previous: dict[int, Any] = {}

    def interrupted(signum: int, _frame: object) -> None:
        raise _Interrupted(signum)

    if threading.current_thread() is threading.main_thread():
        for name in ("SIGINT", "SIGTERM", "SIGHUP"):
            number = getattr(signal, name, None)
            if number is not None and signal.getsignal(number) is not signal.SIG_IGN:  # an ignored one stays so
                with contextlib.suppress(OSError, ValueError):
                    previous[number] = signal.signal(number, interrupted)
    try:
        yield caught
    except _Interrupted as exc:
        caught.append(exc.signum)
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
