"""Regenerate the tables of docs/citations.md from tests/citations/cases.yaml.

    python tests/citations/make_citation_docs.py          # rewrite the generated sections in place
    python tests/citations/make_citation_docs.py --check  # exit 1 when the document is out of date

Every generated section sits between ``<!-- BEGIN GENERATED name -->`` and ``<!-- END GENERATED name -->``;
the text around them is written by hand. tests/citations/test_citation_docs.py fails while they differ, so the
document cannot drift from the cases the parser is tested on.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

import yaml

from findings_validator.catalog import Catalogs, load_catalogs
from findings_validator.citations import (Criteria, Resolution, Status, find_citations, parse_citations, resolve,
                                          resolve_field)
from findings_validator.errors import CitationSyntaxError

HERE = Path(__file__).resolve().parent
CASES = HERE / "cases.yaml"
DOC = HERE.parent.parent / "docs" / "citations.md"
_MARK = re.compile(r"(<!-- BEGIN GENERATED (\w+)[^>]*-->\n)(.*?)(<!-- END GENERATED \2 -->)", re.S)
_EXAMPLES_PER_STATUS = 4


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _code(text: str) -> str:
    return f"`{_cell(text)}`" if text.strip() else "(empty)"


def _outcome(resolution: Resolution) -> str:
    ids = ", ".join(dict.fromkeys(k.replace("/", " ") for k in resolution.clauses))
    items = "".join(f" {i})" for i in resolution.items)
    text = f"**{resolution.status.value}**"
    if ids:
        text += f" {ids}{items}"
    if resolution.suggestions and resolution.status is not Status.AMBIGUOUS:
        text += " → " + ", ".join(s.label for s in resolution.suggestions[:4])
        text += " …" if len(resolution.suggestions) > 4 else ""
    return text


def _run(group: dict[str, Any], case: dict[str, Any], catalogs: Catalogs) -> tuple[str, str]:
    """(read as, resolves to) for one case, exactly as the library sees it."""
    criteria = Criteria.of(group["criteria"], catalogs, group.get("exclusions", []))
    if group.get("mode") == "read":
        resolved = resolve_field(case["text"], criteria, catalogs)
        if not resolved:
            return "—", "no citation"
        return ("; ".join(_code(r.citation.render()) for r in resolved),
                "; ".join(_outcome(r) for r in resolved))
    try:
        citations = find_citations(case["text"]) if group.get("mode") == "prose" else parse_citations(case["text"])
    except CitationSyntaxError as exc:
        return "—", f"syntax error at column {exc.column}"
    if not citations:
        return "—", "no citation"
    read = "; ".join(_code(c.render()) for c in citations)
    return read, "; ".join(_outcome(resolve(c, criteria, catalogs)) for c in citations)


def _audit(group: dict[str, Any]) -> str:
    text = " + ".join(group["criteria"])
    if group.get("exclusions"):
        text += " (not applicable: " + ", ".join(group["exclusions"]) + ")"
    return _cell(text)


def forms_section(groups: list[dict[str, Any]], catalogs: Catalogs) -> str:
    by_form: dict[str, list[str]] = {}
    for group in groups:
        for case in group["cases"]:
            if "form" not in case:
                continue
            read, outcome = _run(group, case, catalogs)
            by_form.setdefault(case["form"], []).append(
                f"| {_code(case['text'])} | {read} | {_audit(group)} | {outcome} |")
    out = []
    for form, rows in by_form.items():
        out += [f"### {form[0].upper()}{form[1:]}", "",
                "| written | read as | audit criteria | resolves to |", "| --- | --- | --- | --- |", *rows, ""]
    return "\n".join(out)


def statuses_section(groups: list[dict[str, Any]], catalogs: Catalogs) -> str:
    examples: dict[str, list[str]] = {s.value: [] for s in Status}
    for group in groups:
        if group.get("mode") == "prose":
            continue
        for case in group["cases"]:
            wanted = [case] if "status" in case else case.get("each", [])
            if len(wanted) != 1 or len(examples[wanted[0]["status"]]) >= _EXAMPLES_PER_STATUS:
                continue
            _, outcome = _run(group, case, catalogs)
            examples[wanted[0]["status"]].append(f"| {_code(case['text'])} | {_audit(group)} | {outcome} |")
    out = []
    for status, rows in examples.items():
        out += [f"#### `{status}`", "", "| written | audit criteria | resolves to |", "| --- | --- | --- |", *rows, ""]
    return "\n".join(out)


def sections(catalogs: Catalogs | None = None) -> dict[str, str]:
    groups = yaml.safe_load(CASES.read_text(encoding="utf-8"))["groups"]
    catalogs = catalogs or load_catalogs(use_cache=False)
    return {"forms": forms_section(groups, catalogs), "statuses": statuses_section(groups, catalogs)}


def update(document: str, generated: dict[str, str]) -> str:
    """The document with every generated section replaced; a section named in neither place is an error."""
    found = set()

    def replace(match: re.Match[str]) -> str:
        found.add(match.group(2))
        return match.group(1) + "\n" + generated[match.group(2)].rstrip("\n") + "\n\n" + match.group(4)

    text = _MARK.sub(replace, document)
    missing = set(generated) - found
    if missing:
        raise SystemExit(f"{DOC}: no generated section(s) {', '.join(sorted(missing))}")
    return text


def main(argv: list[str]) -> int:
    current = DOC.read_text(encoding="utf-8")
    fresh = update(current, sections())
    if "--check" in argv:
        if fresh != current:
            print(f"{DOC} is out of date: run python {Path(__file__).relative_to(DOC.parent.parent)}",
                  file=sys.stderr)
            return 1
        return 0
    DOC.write_text(fresh, encoding="utf-8")
    print(f"wrote {DOC}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
