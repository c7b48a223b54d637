"""GitHub Actions workflow commands: each diagnostic becomes an annotation on the report file.

::

    ::error file=examples/report.yaml,line=12,col=5,title=FV302 evidence is vague::NC-04: The ...%0ASuggestion: ...

Escaping follows the runner: in the message ``%``, CR and LF are percent-encoded; in properties also ``:`` and
``,``. Both then go through ``common.log_safe``, as the ``text`` format's data does: other control characters
(terminal escape sequences) are shown as ``\\xNN``, and ``##[`` cannot start a legacy command. Errors become
``::error``, warnings ``::warning``, info ``::notice``. A plain summary line ends the output.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..models import Diagnostic, FindingResult, Places, ReportResult, RuleInfo, Severity
from .common import anchor, located, log_safe, message_with_suggestion, place, places, relative_uri, summary_line

_COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    """Escape a command's message (after ``::``)."""
    return log_safe(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def escape_property(text: str) -> str:
    """Escape a property value (``file=``, ``title=``…): as the message, plus ``:`` and ``,``."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(diag: Diagnostic, finding: FindingResult | None, file: str, names: Places | None = None) -> str:
    """One ``::error …::…`` line (in a Word or PDF report the message starts with the place: ``page 3, line 12``)."""
    line, column = anchor(diag, finding)
    title = f"{diag.rule} {diag.title}" if diag.title else diag.rule
    properties = {"file": relative_uri(file), "line": str(line), "col": str(column), "title": title}
    props = ",".join(f"{key}={escape_property(value)}" for key, value in properties.items())
    named = place(diag, finding, names)
    subject = f"{diag.finding or ''}{f' ({named})' if diag.finding and named else named or ''}"
    subject = f"{subject}: " if subject else ""
    return f"::{_COMMAND[diag.severity]} {props}::{escape_data(subject + message_with_suggestion(diag))}"


def render(results: Sequence[ReportResult], rules: Sequence[RuleInfo], *, color: bool = False) -> str:
    """Every diagnostic as an annotation, then the summary; ``rules`` and ``color`` are not used here."""
    lines = [annotation(diag, finding, result.file, places(result))
             for result in results for finding, diag in located(result)]
    lines.append(summary_line(results))
    return "\n".join(lines) + "\n"
