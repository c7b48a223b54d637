"""docs/citations.md lists every accepted form: its tables are generated from cases.yaml and must be current."""

from __future__ import annotations

import runpy
from pathlib import Path

import pytest
import yaml

from findings_validator.catalog import Catalogs
from findings_validator.citations import parse_citations

HERE = Path(__file__).resolve().parent
DOC = HERE.parent.parent / "docs" / "citations.md"
CASES = yaml.safe_load((HERE / "cases.yaml").read_text(encoding="utf-8"))["groups"]

ISSUE_FORMS = [  # the forms the parser was asked to accept; each is a case with its expected resolution
    "8.5.1", "7.5.3.2", "A.8.15", "A 5.23", "5.23",
    "8.5.1 c)", "8.5.1(c)", "8.5.1.c", "7.1.5.2 a) and b)", "9.1.1 a)-d)", "8.5.1 c) to e)",
    "clause 8.5.1", "cl. 8.5.1", "Cl 8.5.1", "§ 9.2.2", "section 7.5", "Annex A control 8.15", "control A.5.15",
    "ISO 9001:2015 8.5.1", "ISO 9001 (2015) clause 8.5.1", "9001:2015 §8.5.1", "ISO/IEC 27001:2022 A.8.15",
    "ISO 27001:2013 A.12.4.1", "BS EN ISO 14001:2015 6.1.2", "ISO 45001 6.1.2.1", "OHSAS 18001:2007 4.4.6",
    "ISO 9001:2015/Amd 1:2024 4.1",
    "7.5.2; 7.5.3", "7.1.5.1 & 7.1.5.2", "9.2.2 a) - c)", "6.1.2, 6.1.3",
    "ISO 9004", "ISO 19011", "ISO/IEC 27002", "ISO 14004", "ISO 45002", "ISO 10005",
    "7.1.5.1 Note 1", "ISO 9001 Annex A",
]


def test_generated_sections_are_current(catalogs: Catalogs) -> None:
    script = runpy.run_path(str(HERE / "make_citation_docs.py"))
    current = DOC.read_text(encoding="utf-8")
    assert script["update"](current, script["sections"](catalogs)) == current, (
        "docs/citations.md is out of date: run python tests/citations/make_citation_docs.py")


@pytest.mark.parametrize("form", ISSUE_FORMS)
def test_issue_form_is_a_case_and_parses(form: str) -> None:
    field_cases = {c["text"] for g in CASES if g.get("mode") != "prose" for c in g["cases"] if "error" not in c}
    assert form in field_cases
    assert parse_citations(form)


def test_forms_in_the_document() -> None:
    """Every case labelled with a form appears in the document, written exactly as in the case."""
    text = DOC.read_text(encoding="utf-8")
    for group in CASES:
        for case in group["cases"]:
            if "form" in case:
                assert f"`{case['text'].replace('|', chr(92) + '|')}`" in text, case["text"]
