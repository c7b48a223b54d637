"""A declared exclusion with its justification in brackets, after a dash or after a colon; and one that is no
citation at all, which keeps its syntax error."""

from __future__ import annotations

import pytest

from findings_validator.citations.parser import parse_exclusion
from findings_validator.errors import CitationSyntaxError


@pytest.mark.parametrize(("text", "clause"), [
    ("8.3 (all products are made to customer drawings; no design responsibility)", "8.3"),
    ("8.3 — products are made to customer specifications; the company does not design products", "8.3"),
    ("A.8.30 Outsourced development – no development is outsourced; all code is written in-house", "A.8.30"),
    ("7.1.5.2: no measuring equipment needs traceability; scales are checked weekly", "7.1.5.2"),
])
def test_the_justification_is_left_out(text: str, clause: str) -> None:
    assert [c.clause for c in parse_exclusion(text)] == [clause]


@pytest.mark.parametrize("text", [
    "design — products are made to customer specifications; no design",
    "no design activity; all to print",
    "— 8.3",
])
def test_an_exclusion_that_is_no_citation_keeps_its_error(text: str) -> None:
    with pytest.raises(CitationSyntaxError) as info:
        parse_exclusion(text)
    assert info.value.column >= 1
