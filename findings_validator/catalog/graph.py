"""``ClauseGraph``: every loaded clause as one networkx graph, with typed edges.

Nodes are keyed ``"ISO 9001:2015/8.5.1"`` and carry the clause's attributes. Edge ``type`` is one of
``contains`` (parent → child), ``references``, ``corresponds`` (same harmonized-structure clause in another
standard, both directions) and ``succeeded_by`` (old edition → new, with ``relationship``). Checks use the
precomputed ``Catalogs`` dictionaries; the graph is for queries and for users who want networkx itself.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

import networkx as nx  # type: ignore[import-untyped, unused-ignore]

if TYPE_CHECKING:
    from .index import Catalogs, Clause

CONTAINS, REFERENCES, CORRESPONDS, SUCCEEDED_BY = "contains", "references", "corresponds", "succeeded_by"


class ClauseGraph:
    """A typed API over the graph; ``.nx`` is the ``networkx.MultiDiGraph`` itself."""

    def __init__(self, catalogs: Catalogs) -> None:
        self.catalogs = catalogs
        g = nx.MultiDiGraph()
        by_hs: dict[str, list[Clause]] = defaultdict(list)
        for clause in catalogs.iter_clauses():
            g.add_node(clause.key, edition=clause.edition, id=clause.id, title=clause.title, kind=clause.kind,
                       normative=clause.normative, requirement=clause.requirement, items=clause.items,
                       not_required=catalogs.not_required.get(clause.key, ()))
            if clause.hs:
                by_hs[clause.hs].append(clause)
        for clause in catalogs.iter_clauses():
            for child in clause.children:
                g.add_edge(clause.key, f"{clause.edition}/{child}", type=CONTAINS)
            for ref in clause.references:
                g.add_edge(clause.key, f"{clause.edition}/{ref}", type=REFERENCES)
        for group in by_hs.values():
            for a in group:
                for b in group:
                    if catalogs.editions[a.edition].family != catalogs.editions[b.edition].family:
                        g.add_edge(a.key, b.key, type=CORRESPONDS)
        for old, successors in catalogs.successors.items():
            for nxt in successors:
                if nxt.key:
                    g.add_edge(old, nxt.key, type=SUCCEEDED_BY, relationship=nxt.relationship.value)
        self.nx = g

    def _neighbours(self, key: str, edge_type: str) -> list[str]:
        return [v for _, v, t in self.nx.out_edges(key, data="type") if t == edge_type]

    def lookup(self, key: str) -> Clause | None:
        return self.catalogs.clause(key)

    def parent(self, key: str) -> str | None:
        preds = [u for u, _, t in self.nx.in_edges(key, data="type") if t == CONTAINS]
        return preds[0] if preds else None

    def children(self, key: str) -> list[str]:
        return self._neighbours(key, CONTAINS)

    def ancestors(self, key: str) -> list[str]:
        """From the parent up to the top-level clause."""
        out, node = [], self.parent(key)
        while node is not None:
            out.append(node)
            node = self.parent(node)
        return out

    def containment_tree(self) -> nx.DiGraph:
        view = nx.subgraph_view(self.nx, filter_edge=lambda u, v, k: self.nx.edges[u, v, k]["type"] == CONTAINS)
        return nx.DiGraph(view)

    def is_specific_requirement(self, key: str) -> bool:
        return bool(self.nx.nodes[key]["requirement"]) if key in self.nx else False

    def items(self, key: str) -> tuple[str, ...]:
        return tuple(self.nx.nodes[key]["items"]) if key in self.nx else ()

    def references(self, key: str) -> list[str]:
        return self._neighbours(key, REFERENCES)

    def correspondences(self, key: str, standard: str | None = None) -> list[str]:
        """Clauses of other standards with the same harmonized-structure clause; ``standard`` filters by edition key."""
        found = self._neighbours(key, CORRESPONDS)
        return [k for k in found if standard is None or k.startswith(standard + "/")]

    def successors(self, key: str, edition: str | None = None) -> list[tuple[str, str]]:
        """(key, relationship) in ``edition`` (default: the latest edition reachable), following succession."""
        if edition is not None:
            return [(s.key, s.relationship.value) for s in self.catalogs.successors_in(key, edition)]
        return [(v, d["relationship"]) for _, v, d in self.nx.out_edges(key, data=True) if d["type"] == SUCCEEDED_BY]

    def predecessors(self, key: str) -> list[str]:
        return [u for u, _, t in self.nx.in_edges(key, data="type") if t == SUCCEEDED_BY]
