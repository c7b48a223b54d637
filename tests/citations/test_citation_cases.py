"""The table test: every case of ``cases.yaml`` parsed and resolved in its group's audit criteria."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from findings_validator.catalog import Catalogs
from findings_validator.citations import (Criteria, Resolution, Status, find_citations, parse_citations, resolve,
                                          resolve_field)
from findings_validator.errors import CitationSyntaxError

CASES_FILE = Path(__file__).with_name("cases.yaml")
GROUPS: list[dict[str, Any]] = yaml.safe_load(CASES_FILE.read_text(encoding="utf-8"))["groups"]
CASES = [(group, case) for group in GROUPS for case in group["cases"]]
_CASE_KEYS = {"text", "error", "status", "clauses", "items", "suggest", "each", "form"}
_EXPECT_KEYS = {"status", "clauses", "items", "suggest"}


def _id(group: dict[str, Any], case: dict[str, Any]) -> str:
    return f"{GROUPS.index(group)}:{case['text'][:60]}"


def _criteria(group: dict[str, Any], catalogs: Catalogs) -> Criteria:
    return Criteria.of(group["criteria"], catalogs, group.get("exclusions", []))


def _key(short: str, criteria: Criteria) -> str:
    """'8.5.1' → 'ISO 9001:2015/8.5.1' in the group's first edition; full keys pass through."""
    return short if "/" in short else f"{criteria.editions[0]}/{short}"


def _check(resolution: Resolution, expected: dict[str, Any], criteria: Criteria) -> None:
    got = {
        "status": resolution.status.value,
        "clauses": list(resolution.clauses),
        "items": list(resolution.items),
    }
    want = {
        "status": expected["status"],
        "clauses": [_key(str(c), criteria) for c in expected.get("clauses", [])],
        "items": list(expected.get("items", [])),
    }
    if "suggest" in expected:
        got["suggest"] = [s.clause for s in resolution.suggestions]
        want["suggest"] = [_key(str(c), criteria) for c in expected["suggest"]]
    assert got == want, resolution.reason


@pytest.mark.parametrize(("group", "case"), CASES, ids=[_id(g, c) for g, c in CASES])
def test_case(group: dict[str, Any], case: dict[str, Any], catalogs: Catalogs) -> None:
    criteria = _criteria(group, catalogs)
    text = case["text"]
    if "error" in case:
        with pytest.raises(CitationSyntaxError) as info:
            parse_citations(text)
        assert info.value.column == case["error"], str(info.value)
        return
    expected = case["each"] if "each" in case else [{k: case[k] for k in _EXPECT_KEYS if k in case}]
    if group.get("mode") == "read":  # a whole clause field, read leniently (resolve_field)
        resolved = resolve_field(text, criteria, catalogs)
        assert len(resolved) == len(expected), [(r.status.value, r.citation.text) for r in resolved]
        for resolution, want in zip(resolved, expected):
            _check(resolution, want, criteria)
        return
    citations = find_citations(text) if group.get("mode") == "prose" else parse_citations(text)
    assert len(citations) == len(expected), [c.render() for c in citations]
    for citation, want in zip(citations, expected):
        _check(resolve(citation, criteria, catalogs), want, criteria)


def test_cases_are_well_formed() -> None:
    """No typo in a key or a status goes unnoticed: an unknown key would silently test nothing."""
    statuses = {s.value for s in Status}
    for group in GROUPS:
        assert set(group) <= {"name", "criteria", "exclusions", "mode", "cases"}, group["name"]
        for case in group["cases"]:
            assert set(case) <= _CASE_KEYS, case
            assert ("error" in case) + ("each" in case) + ("status" in case) == 1, case
            for want in case.get("each", [case] if "status" in case else []):
                assert set(want) - {"text", "form"} <= _EXPECT_KEYS, case
                assert want["status"] in statuses, case


def test_enough_cases_and_every_status() -> None:
    assert len(CASES) >= 300
    seen = {case["status"] for _, case in CASES if "status" in case}
    seen |= {want["status"] for _, case in CASES for want in case.get("each", [])}
    assert seen == {s.value for s in Status}
    assert any(group.get("mode") == "prose" for group in GROUPS)
    assert any(len(group["criteria"]) > 1 for group in GROUPS)
    assert any("error" in case for _, case in CASES)


def test_resolve_accepts_the_clause_graph_as_well_as_the_catalogs() -> None:
    from findings_validator import Criteria, load_catalogs, parse_citations, resolve

    catalogs = load_catalogs()
    criteria = Criteria.of(["ISO 9001:2015"], catalogs)
    citation = parse_citations("8.5.1 c)")[0]
    assert resolve(citation, criteria, catalogs.graph) == resolve(citation, criteria, catalogs)
    assert resolve(citation, criteria, catalogs.graph).clauses == ("ISO 9001:2015/8.5.1",)
