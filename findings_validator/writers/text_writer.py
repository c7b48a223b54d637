"""The terminal format: findings grouped by file, each with its diagnostics and suggestions, then a summary.

::

    examples/report.yaml:12  NC-01  minor  → upgrade_to_major
      12:5  error    FV702  3 minor nonconformities (NC-01, NC-02, NC-03) are raised against ...
            suggestion: Record NC-01, NC-02, NC-03 as one major nonconformity against ...

Positions in a Word or PDF report are named as a reader of it finds them: ``page 3, line 12``, ``table 2, row 3,
cell 4``. Colour (``click.style``) only when ``color=True``; the caller decides (``--color``, a terminal,
``NO_COLOR``, ``FORCE_COLOR``). Given a ``width`` (the terminal's), long messages and suggestions wrap under their
own column. ``quiet`` leaves out the findings without diagnostics and the summary.

What comes from the input (file names, ids, messages quoting the findings, rule ids of users' rule files) is
printed through ``printable_data`` and the whole output through ``defuse_commands`` (``common.log_safe``, as the
``github`` format does): no terminal escape sequence or CI workflow command from a report reaches the terminal or
the log.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Sequence

import click

from ..models import Diagnostic, FindingResult, Places, ReportResult, RuleInfo, Verdict
from .common import defuse_commands, place, places, position, printable_data, readiness, summary_line

_SEVERITY_COLOUR = {"error": "red", "warning": "yellow", "info": "blue"}
_VERDICT_MARK = {Verdict.VALID: "✓", Verdict.INVALID: "✗"}
_SEVERITY_WIDTH = 7  # len("warning")

Style = Callable[..., str]


def _plain(text: str, **_: object) -> str:
    return text


def _wrap(text: str, indent: int, width: int | None) -> str:
    """``text`` with its continuation lines at ``indent``; wrapped to ``width`` (first line after ``indent`` too)."""
    if not width or width - indent < 20:
        return text.replace("\n", "\n" + " " * indent)
    lines = [piece for part in text.split("\n") for piece in (textwrap.wrap(part, width - indent) or [""])]
    return ("\n" + " " * indent).join(lines)


def _diagnostic(diag: Diagnostic, finding: FindingResult | None, style: Style, names: Places | None,
                width: int | None = None) -> list[str]:
    where = position(diag, finding)
    named = place(diag, finding, names)
    lead = f"  {printable_data(named)}  " if named else f"  {where[0]}:{where[1]}  " if where else "  "  # none rather than made up
    severity = style(diag.severity.value.ljust(_SEVERITY_WIDTH), fg=_SEVERITY_COLOUR[diag.severity.value])
    rule = printable_data(diag.rule)
    indent = len(lead) + _SEVERITY_WIDTH + 2 + len(rule) + 2
    message = _wrap(printable_data(diag.message), indent, width)
    lines = [f"{lead}{severity}  {style(rule, bold=True)}  {message}"]
    if diag.suggestion:
        suggestion = _wrap(printable_data(diag.suggestion), len(lead) + 12, width)
        lines.append(" " * len(lead) + style("suggestion:", dim=True) + " " + suggestion)
    if diag.seen:  # --explain: the values the rule's condition saw
        lines.append(" " * len(lead) + style("saw:", dim=True) + " "
                     + printable_data("; ".join(f"{label} = {value}" for label, value in diag.seen)))
    return lines


def _finding_header(result: ReportResult, finding: FindingResult, style: Style) -> str:
    names = places(result)
    named = names.name(finding.finding.line) if names is not None else None
    where = printable_data(result.file + (f" ({named})" if named else f":{finding.finding.line}"
                                          if finding.finding.line > 0 else ""))
    verdict = finding.verdict
    mark = _VERDICT_MARK.get(verdict, "→")
    colour = "green" if verdict is Verdict.VALID else "red" if verdict is Verdict.INVALID else "yellow"
    return (f"{where}  {style(printable_data(finding.id), bold=True)}  {finding.finding.grade.value}  "
            f"{style(f'{mark} {verdict.value}', fg=colour, bold=True)}")


def _file_block(result: ReportResult, style: Style, width: int | None = None, quiet: bool = False) -> list[str]:
    lines = [style(printable_data(result.file), bold=True, underline=True)]
    names = places(result)
    for diag in result.diagnostics:
        lines.extend(_diagnostic(diag, None, style, names, width))
    for finding in result.findings:
        if quiet and not finding.diagnostics:
            continue
        lines.append("")
        lines.append(_finding_header(result, finding, style))
        for diag in finding.diagnostics:
            lines.extend(_diagnostic(diag, finding, style, names, width))
    return lines


def render(results: Sequence[ReportResult], rules: Sequence[RuleInfo], *, color: bool = False,
           width: int | None = None, quiet: bool = False) -> str:
    """Render every report for a terminal; ``rules`` is not needed here (titles travel on the diagnostics)."""
    style: Style = click.style if color else _plain
    lines: list[str] = []
    for result in results:
        if quiet and not result.all_diagnostics():
            continue
        lines.extend(_file_block(result, style, width, quiet))
        lines.append("")
    if quiet:
        return defuse_commands("\n".join(lines[:-1]) + "\n") if lines else ""
    lines.append(style(_wrap(summary_line(results), 2, width), bold=True))
    for result in results:
        ready = bool(result.summary.get("ready"))
        text = printable_data(readiness(result) if len(results) == 1 else f"{result.file}: {readiness(result)}")
        lines.append(style(_wrap(text, 2, width), fg="green" if ready else "red"))
        if result.summary.get("note"):
            note = printable_data(str(result.summary["note"]))
            lines.append(style(_wrap(f"info: {note}" if len(results) == 1
                                     else f"{printable_data(result.file)}: info: {note}", 2, width), fg="blue"))
    return defuse_commands("\n".join(lines) + "\n")
