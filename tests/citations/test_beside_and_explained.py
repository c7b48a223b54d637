"""A guide written beside a clause is a second citation of its own, and an informative annex or a guide written
clause by clause names the requirement it explains."""

from __future__ import annotations

import pytest

from findings_validator.catalog import load_catalogs
from findings_validator.citations import Criteria, Status, parse_citations, resolve_field


@pytest.mark.parametrize(("field", "texts"), [
    ("ISO 14001:2015 6.1.2 (ISO 14004)", ["ISO 14001:2015 6.1.2", "ISO 14004"]),
    ("ISO 45001 7.2 Competence (ISO 10015)", ["ISO 45001 7.2", "ISO 10015"]),
    ("ISO 9001:2015 8.5.1 - ISO 9004", ["ISO 9001:2015 8.5.1", "ISO 9004"]),
    # the clause's own standard after it is no second citation
    ("8.5.1 (ISO 9001:2015)", ["8.5.1 (ISO 9001:2015)"]),
    ("ISO 9001:2015 7.2 Competence (ISO 9001:2015)", ["ISO 9001:2015 7.2 Competence (ISO 9001:2015)"]),
])
def test_a_standard_beside_a_clause(field: str, texts: list[str]) -> None:
    assert [c.text for c in parse_citations(field)] == texts


@pytest.mark.parametrize(("criteria", "field", "explained"), [
    ("ISO 45001:2018", "ISO 45001:2018 Annex A.8.1.2", "ISO 45001:2018/8.1.2"),
    ("ISO 14001:2015", "Annex A.6.1.2", "ISO 14001:2015/6.1.2"),
    ("ISO 14001:2015", "ISO 14004:2016 §6.1.2.2", "ISO 14001:2015/6.1.2"),
    # ISO 9001:2015's Annex A explains concepts, not the clauses of its number; a heading explains no requirement
    ("ISO 9001:2015", "ISO 9001:2015 Annex A.4", None),
    ("ISO 45001:2018", "ISO 45002 6.1.2", None),
    ("ISO 14001:2015", "ISO 14004:2016 6", None),
])
def test_the_requirement_an_annex_or_guide_explains(criteria: str, field: str, explained: str | None) -> None:
    first = resolve_field(field, Criteria((criteria,)), load_catalogs())[0]
    assert first.status is Status.NOT_A_REQUIREMENT
    assert [s.clause for s in first.suggestions if s.relationship == "explains"] == ([explained] if explained else [])
    assert not any(s.successor for s in first.suggestions)
