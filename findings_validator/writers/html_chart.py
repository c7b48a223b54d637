"""The HTML report's chart of verdicts per standard and clause area, laid out for an inline SVG.

Only the geometry is computed here (plain numbers and texts); ``templates/chart.html.j2`` draws it, escaped like
the rest of the page. The colours are the verdict colours of ``assets/report.css``.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from typing import Any

from ..models import FindingResult, Verdict

CHART_THRESHOLD = 20
"""A report with more findings than this gets the chart; below it the overview table is read at a glance."""
NOT_RESOLVED = "no clause found"
WIDTH, LABEL_WIDTH, BAR_WIDTH, ROW, BAR = 640, 236, 360, 24, 16


def area(result: FindingResult) -> tuple[str, str]:
    """The (edition, clause area) of the first clause the finding's citations resolve to: ``("ISO 9001:2015",
    "clause 7")``, ``("ISO/IEC 27001:2022", "A.8")``; ``("", NOT_RESOLVED)`` when none resolves."""
    for resolution in result.citations:
        for key in resolution.clauses:
            edition, _, clause_id = key.rpartition("/")
            parts = clause_id.split(".")
            if parts[0].isdigit():
                return edition, f"clause {parts[0]}"
            return edition, ".".join(parts[:2])
    return "", NOT_RESOLVED


def _order(key: tuple[str, str]) -> tuple[object, ...]:
    edition, name = key
    numbers = [int(n) for n in re.findall(r"\d+", name)]
    return (name == NOT_RESOLVED, edition, not name.startswith("clause"), re.sub(r"[\d.]", "", name), numbers)


def verdict_chart(findings: Sequence[FindingResult], label: Callable[[str, str], str]) -> dict[str, Any]:
    """Rows of stacked bars, one per (edition, clause area), one segment per verdict present, in verdict order."""
    groups: dict[tuple[str, str], Counter[Verdict]] = {}
    for finding in findings:
        groups.setdefault(area(finding), Counter())[finding.verdict] += 1
    widest = max(sum(c.values()) for c in groups.values())
    scale = BAR_WIDTH / widest
    rows = []
    for index, key in enumerate(sorted(groups, key=_order)):
        name = " ".join(filter(None, key))
        x, segments = float(LABEL_WIDTH), []
        for verdict in Verdict:
            count = groups[key][verdict]
            if count:
                word = label("verdict", verdict.value)
                segments.append({"x": round(x, 1), "width": round(count * scale, 1), "verdict": verdict.value,
                                 "count": count, "title": f"{name}: {count} {word}"})
                x += count * scale
        rows.append({"label": name, "y": index * ROW, "total": sum(groups[key].values()),
                     "end": round(x + 6, 1), "segments": segments})
    present = [v for v in Verdict if any(c[v] for c in groups.values())]
    return {"width": WIDTH, "height": len(rows) * ROW, "label_x": LABEL_WIDTH - 8, "bar": BAR, "rows": rows,
            "legend": [(v.value, label("verdict", v.value)) for v in present]}
