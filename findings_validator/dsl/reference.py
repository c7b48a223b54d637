"""The reference tables of ``docs/dsl.md`` (names, functions, values), generated from the language's own tables.

``python -m findings_validator.dsl.reference`` rewrites the generated part of docs/dsl.md; a test fails when the
committed file differs from what this produces, so the docs cannot drift from the language.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from ..reasons import codes_markdown
from .compiler import FUNCTIONS, QUANTIFIER_SOURCES
from .context import ATTRIBUTES, ENUMS

BEGIN, END = "<!-- generated: names -->", "<!-- end generated -->"
_SCOPES = [
    ("finding", "In a finding rule (the default scope)"),
    ("citation", "Of a citation (inside `any citation (…)`, or `citation.…` after one matched)"),
    ("audit", "Of `audit` (in every scope)"),
    ("previous", "Of a previous finding (inside `any previous_finding (…)`)"),
    ("scheme", "Of `scheme`"),
    ("text", "Of any text (`statement.words`, `evidence.dates`…)"),
    ("report", "In a report rule (`applies to report`)"),
    ("edition", "Of an audited edition (inside `any edition (…)`)"),
    ("not_required", "Of `not_required` (in messages, after `mentions cited` found an entry)"),
    ("group", "In a grouped report rule (after `group findings … by …`)"),
]


def names_markdown() -> str:
    out = [BEGIN, ""]
    for scope, title in _SCOPES:
        out += [f"#### {title}", "", "| name | type | meaning |", "| --- | --- | --- |"]
        for name, (type_, _, doc) in sorted(ATTRIBUTES[scope].items()):
            out.append(f"| `{name}` | {type_.replace('enum:', '')} | {doc} |")
        out.append("")
    out += ["#### Functions", "", "| function | meaning |", "| --- | --- |"]
    out += [f"| `{name}(…)` | {doc} |" for name, doc in FUNCTIONS.items()]
    out += ["", "#### Quantifier variables", "", "| variable | ranges over |", "| --- | --- |"]
    out += [f"| `{var}` | `{'.'.join(path)}` |" for var, path in QUANTIFIER_SOURCES.items()]
    out += ["", "#### Values of the enumerations", "", "| type | values |", "| --- | --- |"]
    out += [f"| {name} | {', '.join(f'`{v}`' for v in values)} |" for name, values in ENUMS.items()]
    out += ["", "#### Reason codes (for `detects`)", "", codes_markdown()]
    out += ["", END]
    return "\n".join(out)


def update(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    pattern = re.compile(re.escape(BEGIN) + ".*?" + re.escape(END), re.S)
    return pattern.sub(lambda _: names_markdown(), text)


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/dsl.md")
    target.write_text(update(target), encoding="utf-8")
