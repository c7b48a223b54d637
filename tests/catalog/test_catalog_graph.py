"""``ClauseGraph``: containment is a forest; graph queries agree with plain walks over ``Catalogs``."""

from __future__ import annotations

import networkx as nx
from hypothesis import given, note, settings
from hypothesis import strategies as st

from findings_validator.catalog import Catalogs, ClauseGraph, load_catalogs

CATALOGS = load_catalogs(use_cache=False)
GRAPH = ClauseGraph(CATALOGS)
KEYS = sorted(c.key for c in CATALOGS.iter_clauses())
nodes = st.sampled_from(KEYS)
PROPS = settings(max_examples=300, deadline=None)


def test_containment_is_a_forest_rooted_at_top_level_clauses() -> None:
    tree = GRAPH.containment_tree()
    assert nx.is_branching(tree)  # a directed forest: no cycles, at most one parent each
    assert set(tree.nodes) == set(KEYS)
    roots = {n for n in tree if tree.in_degree(n) == 0}
    assert roots == {k for k in KEYS if "." not in k.rpartition("/")[2]}
    assert {k.rpartition("/")[2] for k in roots} >= {"1", "4", "10", "A"}
    for root in roots:
        assert all(d.startswith(root.rpartition("/")[0] + "/") for d in nx.descendants(tree, root))


def test_graph_is_built_lazily_and_not_pickled(catalogs: Catalogs) -> None:
    import pickle

    assert isinstance(catalogs.graph, ClauseGraph)
    restored = pickle.loads(pickle.dumps(catalogs))
    assert "graph" not in restored.__dict__
    assert restored.clause("ISO 9001:2015/8.5.1") == catalogs.clause("ISO 9001:2015/8.5.1")


@PROPS
@given(nodes)
def test_ancestors_end_at_a_top_level_clause(key: str) -> None:
    chain = CATALOGS.ancestors(key)
    note(f"{key}: {chain}")
    top = chain[-1] if chain else key
    assert "." not in top.rpartition("/")[2]
    assert len(chain) == CATALOGS.clause(key).id.count(".")  # type: ignore[union-attr]


@PROPS
@given(nodes)
def test_graph_ancestors_agree_with_a_parent_walk(key: str) -> None:
    assert GRAPH.ancestors(key) == CATALOGS.ancestors(key)
    assert GRAPH.parent(key) == (CATALOGS.ancestors(key) or [None])[0]


@PROPS
@given(nodes)
def test_children_ids_extend_the_parent_id(key: str) -> None:
    clause = CATALOGS.clause(key)
    assert clause is not None
    children = GRAPH.children(key)
    assert sorted(children) == sorted(f"{clause.edition}/{c}" for c in clause.children)
    for child in children:
        child_id = child.rpartition("/")[2]
        assert child_id.startswith(clause.id + ".")
        assert child_id.count(".") == clause.id.count(".") + 1


@PROPS
@given(nodes)
def test_succeeded_by_targets_a_later_edition(key: str) -> None:
    year = CATALOGS.editions[CATALOGS.clause(key).edition].year  # type: ignore[union-attr]
    for target, relationship in GRAPH.successors(key):
        note(f"{key} -> {target} ({relationship})")
        later = CATALOGS.clause(target)
        assert later is not None
        assert CATALOGS.editions[later.edition].year > year
        assert key in GRAPH.predecessors(target)
        assert relationship in ("equal", "subset", "superset", "intersects")


@PROPS
@given(nodes)
def test_node_attributes_match_the_catalogs(key: str) -> None:
    clause = CATALOGS.clause(key)
    assert clause is not None and GRAPH.lookup(key) is clause
    assert GRAPH.is_specific_requirement(key) == clause.requirement
    assert GRAPH.items(key) == clause.items
    assert GRAPH.references(key) == [f"{clause.edition}/{r}" for r in clause.references]


@PROPS
@given(nodes)
def test_correspondences_are_symmetric_and_cross_standard(key: str) -> None:
    family = CATALOGS.editions[CATALOGS.clause(key).edition].family  # type: ignore[union-attr]
    for other in GRAPH.correspondences(key):
        assert key in GRAPH.correspondences(other)
        assert CATALOGS.editions[CATALOGS.clause(other).edition].family != family  # type: ignore[union-attr]


def test_queries_by_example() -> None:
    assert GRAPH.ancestors("ISO 9001:2015/7.1.5.2") == ["ISO 9001:2015/7.1.5", "ISO 9001:2015/7.1", "ISO 9001:2015/7"]
    assert GRAPH.parent("ISO/IEC 27001:2022/A.8.15") == "ISO/IEC 27001:2022/A.8"
    assert GRAPH.parent("ISO/IEC 27001:2022/A") is None
    assert "ISO 45001:2018/4.1" in GRAPH.correspondences("ISO 9001:2015/4.1")
    assert GRAPH.correspondences("ISO 9001:2015/4.1", "ISO 14001:2015") == ["ISO 14001:2015/4.1"]
    assert GRAPH.successors("ISO/IEC 27001:2013/A.12.4.1") == [("ISO/IEC 27001:2022/A.8.15", "subset")]
    assert GRAPH.successors("ISO 14001:2004/4.3.1", "ISO 14001:2026") == [("ISO 14001:2026/6.1.2", "equal")]
    assert GRAPH.successors("ISO 9001:2008/8.5.3") == []  # removed: no successor
    assert CATALOGS.removed("ISO 9001:2008/8.5.3")
    assert "ISO/IEC 27001:2013/A.12.4.1" in GRAPH.predecessors("ISO/IEC 27001:2022/A.8.15")
    assert not GRAPH.is_specific_requirement("ISO 9001:2015/8.5")
    assert GRAPH.items("ISO 9001:2015/7.1.5.2") == ("a", "b", "c")
    assert GRAPH.lookup("ISO 9001:2015/99.9") is None
