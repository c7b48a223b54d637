"""``findings-validator fix``: safe, unambiguous rewrites of citations in YAML reports.

Two safe fixes: a citation of a superseded edition that has exactly one successor is replaced by it, and a
citation is written in the canonical form (``cl. 7.1.5.2(a)`` → ``7.1.5.2 a)``). One unsafe fix, only when asked
(``unsafe=True``, ``fix --unsafe``): a finding with one clause entry that the checker rejects as citing the wrong
clause (a diagnostic with a ``suggested_clause``, FV115 and FV116) gets that clause instead. It is unsafe because it
changes what the finding says is not met: review the diff. Comments, order and quoting of the
file are kept (ruamel.yaml round-trip); the file is rewritten atomically (temporary file + rename) and only when
something changed.
"""

from __future__ import annotations

import difflib
import io
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, SingleQuotedScalarString
from ruamel.yaml.util import load_yaml_guess_indent

from .catalog import Catalogs, load_catalogs
from .citations import Criteria, parse_citations, resolve
from .citations.types import Citation, Status
from .errors import CitationSyntaxError, FindingsValidatorError, InputError
from .yaml_bounds import check_aliases


@dataclass
class FixOutcome:
    path: Path
    changes: list[str] = field(default_factory=list)
    diff: str = ""

    @property
    def changed(self) -> bool:
        return bool(self.changes)


def fixed_citation(citation: Citation, criteria: Criteria, catalogs: Catalogs) -> str:
    """The citation's replacement text: its one successor, or its canonical spelling."""
    resolution = resolve(citation, criteria, catalogs)
    successors = [s for s in resolution.suggestions if s.relationship != "candidate"]
    if resolution.status is Status.OBSOLETE_EDITION and len(successors) == 1 and not citation.items:
        target = catalogs.clause(successors[0].clause)
        if target is not None and target.requirement:  # never trade one defect for another (a heading)
            return successors[0].label
    return citation.render()


def fix_text(text: str, criteria: Criteria, catalogs: Catalogs) -> str:
    """Rewrite one clause field; text that does not parse as citations is returned unchanged."""
    try:
        citations = parse_citations(text)
    except CitationSyntaxError:
        return text
    if not citations or any(c.document for c in citations):
        return text
    return "; ".join(fixed_citation(c, criteria, catalogs) for c in citations)


def _requote(old: object, new: str) -> object:
    if isinstance(old, DoubleQuotedScalarString):
        return DoubleQuotedScalarString(new)
    if isinstance(old, SingleQuotedScalarString):
        return SingleQuotedScalarString(new)
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


def fix_file(path: Path, *, write: bool = True, catalogs: Catalogs | None = None, unsafe: bool = False) -> FixOutcome:
    if path.suffix.lower() not in (".yaml", ".yml"):
        raise InputError(f"fix rewrites YAML reports only, not {path.suffix or 'this file'}", hint="convert it to YAML")
    catalogs = catalogs or load_catalogs()
    original = path.read_text(encoding="utf-8")
    check_aliases(original, str(path), InputError)  # ruamel.yaml counts nothing
    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 4096
    try:
        data, indent, sequence_offset = load_yaml_guess_indent(original)
        data = yaml.load(original)
    except Exception as exc:  # ruamel raises many types for syntax errors
        raise InputError(f"cannot parse {path}: {exc}", hint="run 'findings-validator check' for details") from None
    indent, offset = indent or 2, sequence_offset or 0
    yaml.indent(mapping=max(2, indent - offset), sequence=indent, offset=offset)
    audit = (data or {}).get("audit") or {}
    try:
        criteria = Criteria.of(list(audit.get("criteria") or []), catalogs, list(audit.get("exclusions") or []))
    except FindingsValidatorError as exc:
        raise InputError(f"{path}: audit criteria: {exc.message}") from None
    outcome = FixOutcome(path)
    suggested = suggested_clauses(path, catalogs) if unsafe else {}
    for finding in (data or {}).get("findings") or []:
        if not isinstance(finding, dict) or "clause" not in finding:
            continue
        values = finding["clause"]
        items = values if isinstance(values, list) else [values]
        target = suggested.get(str(finding.get("id", "")))
        if target and len(items) == 1 and isinstance(items[0], str):  # one entry: no doubt which one is wrong
            old = items[0]
            outcome.changes.append(f"{finding.get('id', '?')}: {old!r} → {target!r} (unsafe: the cited clause "
                                   "does not match the statement's subject)")
            if isinstance(values, list):
                values[0] = _requote(old, target)
            else:
                finding["clause"] = _requote(old, target)
            continue
        for n, old in enumerate(items):
            if not isinstance(old, str):
                continue
            new = fix_text(old, criteria, catalogs)
            if new != old:
                outcome.changes.append(f"{finding.get('id', '?')}: {old!r} → {new!r}")
                if isinstance(values, list):
                    values[n] = _requote(old, new)
                else:
                    finding["clause"] = _requote(old, new)
    if not outcome.changed:
        return outcome
    buffer = io.StringIO()
    yaml.dump(data, buffer)
    updated = buffer.getvalue()
    outcome.diff = "".join(difflib.unified_diff(original.splitlines(True), updated.splitlines(True),
                                                f"a/{path.name}", f"b/{path.name}"))
    if write and updated != original:
        atomic_write(path, updated)
    return outcome


def atomic_write(path: Path, text: str) -> None:
    """Write to a temporary file beside ``path`` and rename it over: an interruption leaves the original intact."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
