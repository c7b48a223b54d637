"""The bundled catalog files: each loads and validates, ids are unique, every cross-reference lands somewhere."""

from __future__ import annotations

from collections import Counter

import pytest
import yaml

from findings_validator.catalog import Catalogs
from findings_validator.catalog.loader import load_file
from findings_validator.catalog.paths import bundled_catalog_files
from findings_validator.catalog.schema import CLAUSE_ID, CatalogFile, GuidanceFile, MapFile, NotRequiredFile, Relationship

FILES = bundled_catalog_files()


def test_the_bundle() -> None:
    names = {p.name for p in FILES}
    assert {"iso9001-2015.yaml", "iso9001-2026.yaml", "iso14001-2015.yaml", "iso14001-2026.yaml",
            "iso27001-2022.yaml", "iso45001-2018.yaml", "guidance.yaml"} <= names
    assert sum(p.parent.name == "maps" for p in FILES) == 6


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_file_loads_and_validates(path) -> None:  # type: ignore[no-untyped-def]
    parsed = load_file(path)
    expected = (MapFile if path.parent.name == "maps" else GuidanceFile if path.name == "guidance.yaml"
                else NotRequiredFile if path.parent.name == "not-required" else CatalogFile)
    assert isinstance(parsed, expected)


@pytest.mark.parametrize("path", [p for p in FILES if p.parent.name not in ("maps", "not-required")
                                  and p.name != "guidance.yaml"],
                         ids=lambda p: p.name)
def test_ids_unique_and_well_formed(path) -> None:  # type: ignore[no-untyped-def]
    """Read the raw YAML, so a duplicate cannot hide behind the loader's own check."""
    ids = [entry["id"] for entry in yaml.safe_load(path.read_text(encoding="utf-8"))["clauses"]]
    assert [i for i, n in Counter(ids).items() if n > 1] == []
    assert all(CLAUSE_ID.match(i) for i in ids)


def test_all_editions_loaded(catalogs: Catalogs) -> None:
    assert catalogs.known_editions() == [
        "ISO 14001:2004", "ISO 14001:2015", "ISO 14001:2026", "ISO 45001:2018", "ISO 9001:2008", "ISO 9001:2015",
        "ISO 9001:2026", "ISO/IEC 27001:2013", "ISO/IEC 27001:2022", "OHSAS 18001:2007",
    ]


def test_annex_a_counts(catalogs: Catalogs) -> None:
    def count(edition: str, kind: str) -> int:
        return sum(c.kind == kind for c in catalogs.editions[edition].clauses.values())

    assert count("ISO/IEC 27001:2022", "annex_control") == 93
    assert count("ISO/IEC 27001:2013", "annex_control") == 114
    themes = {c.id: c.title for c in catalogs.editions["ISO/IEC 27001:2022"].clauses.values()
              if c.kind == "annex_clause" and c.parent == "A"}
    assert themes == {"A.5": "Organizational controls", "A.6": "People controls", "A.7": "Physical controls",
                      "A.8": "Technological controls"}
    domains = [c.id for c in catalogs.editions["ISO/IEC 27001:2013"].clauses.values() if c.parent == "A"]
    assert domains == [f"A.{n}" for n in range(5, 19)]
    per_theme = Counter(c.parent for c in catalogs.editions["ISO/IEC 27001:2022"].clauses.values()
                        if c.kind == "annex_control")
    assert per_theme == {"A.5": 37, "A.6": 8, "A.7": 14, "A.8": 34}


def test_annexes_normative_only_in_27001(catalogs: Catalogs) -> None:
    for edition in catalogs.editions.values():
        annexes = {c.id: c.normative for c in edition.clauses.values() if c.id.isalpha()}
        if edition.family == "27001":
            assert annexes == {"A": True}
        else:
            assert not any(annexes.values()), edition.key


def test_excludable_only_where_a_standard_allows_it(catalogs: Catalogs) -> None:
    for clause in catalogs.iter_clauses():
        if clause.excludable:
            assert clause.edition.startswith(("ISO 9001", "ISO/IEC 27001")), clause.key
            if clause.edition.startswith("ISO/IEC 27001"):
                assert clause.annex == "A", clause.key


def test_references_resolve(catalogs: Catalogs) -> None:
    for clause in catalogs.iter_clauses():
        for ref in clause.references:
            assert catalogs.clause(f"{clause.edition}/{ref}") is not None, (clause.key, ref)


def test_harmonized_structure_ids_exist(catalogs: Catalogs) -> None:
    """``hs`` names a clause of the harmonized structure: every value is a clause of ISO/IEC 27001:2022, whose
    clauses 4-10 follow the structure exactly."""
    hs_ids = {i for i in catalogs.editions["ISO/IEC 27001:2022"].clauses if i[0].isdigit()}
    assert {c.hs for c in catalogs.iter_clauses() if c.hs} <= hs_ids


def test_succession_targets_resolve_and_are_later(catalogs: Catalogs) -> None:
    assert catalogs.successors
    for old, successors in catalogs.successors.items():
        source = catalogs.clause(old)
        assert source is not None, old
        for successor in successors:
            if successor.relationship is Relationship.REMOVED:
                assert successor.key == ""
                continue
            target = catalogs.clause(successor.key)
            assert target is not None, (old, successor.key)
            assert catalogs.editions[target.edition].year > catalogs.editions[source.edition].year


def test_graph_edges_land_on_catalog_nodes(catalogs: Catalogs) -> None:
    """networkx adds a missing endpoint silently; every node must be one the catalogs describe."""
    graph = catalogs.graph
    assert all("edition" in data for _, data in graph.nx.nodes(data=True))
    assert graph.nx.number_of_nodes() == sum(1 for _ in catalogs.iter_clauses())
    kinds = Counter(t for _, _, t in graph.nx.edges(data="type"))
    assert set(kinds) == {"contains", "references", "corresponds", "succeeded_by"}
    for u, v, t in graph.nx.edges(data="type"):
        if t == "corresponds":
            assert catalogs.clause(u).hs == catalogs.clause(v).hs  # type: ignore[union-attr]


def test_edition_metadata(catalogs: Catalogs) -> None:
    for edition in catalogs.editions.values():
        if not edition.current:
            assert edition.withdrawn is not None and edition.transition_end is not None, edition.key
            assert edition.superseded_by is not None, edition.key
        if edition.supersedes in catalogs.editions:
            assert catalogs.editions[edition.supersedes].superseded_by == edition.key
        for _, clauses, summary in edition.amendments:
            assert summary and all(c in edition.clauses for c in clauses)
    assert catalogs.editions["ISO 45001:2018"].supersedes == "OHSAS 18001:2007"
    assert not catalogs.editions["ISO 14001:2026"].items_known


def test_licensed_text_is_empty_in_the_bundle(catalogs: Catalogs) -> None:
    """The bundled catalogs never carry the standards' text; users may add theirs under ``text:``."""
    assert all(c.text is None for c in catalogs.iter_clauses())
    assert all(c.summary for c in catalogs.iter_clauses())


def test_guidance_documents(catalogs: Catalogs) -> None:
    for family in ("9004", "19011", "27002", "14004", "45002", "10005"):
        assert family in catalogs.guidance
    assert not set(catalogs.guidance) & set(catalogs.families)


class _UniqueKeyLoader(yaml.SafeLoader):
    """PyYAML's safe loader, refusing a key written twice in one mapping (which YAML reads as the last one)."""

    def construct_mapping(self, node, deep=False):  # type: ignore[no-untyped-def]
        keys = [self.construct_object(key, deep=deep) for key, _ in node.value]
        twice = [k for k, n in Counter(keys).items() if n > 1]
        if twice:
            raise yaml.constructor.ConstructorError(None, None, f"key {twice[0]!r} written twice", node.start_mark)
        return super().construct_mapping(node, deep=deep)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_no_key_is_written_twice_in_one_entry(path) -> None:  # type: ignore[no-untyped-def]
    # a second `distinct:` or `close:` under one clause would silently replace the first
    yaml.load(path.read_text(encoding="utf-8"), Loader=_UniqueKeyLoader)  # noqa: S506 - a SafeLoader subclass
