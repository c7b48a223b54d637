"""The catalog vocabularies, kept apart from the pydantic file schema so that the hot path never imports it."""

from __future__ import annotations

from enum import Enum


class Kind(str, Enum):
    """What a catalog entry is."""

    CLAUSE = "clause"
    ANNEX_CLAUSE = "annex_clause"
    ANNEX_CONTROL = "annex_control"
    TERMS = "terms"            # the terms-and-definitions clause: it and every definition under it, never requirements


class Status(str, Enum):
    CURRENT = "current"
    WITHDRAWN = "withdrawn"


class Relationship(str, Enum):
    """How a source clause relates to its target (OSCAL mapping vocabulary)."""

    EQUAL = "equal"            # same requirement under a new number: "replaced by"
    SUBSET = "subset"          # source is now part of a larger target: "now part of"
    SUPERSET = "superset"      # source was split; target covers part of it: "partly replaced by"
    INTERSECTS = "intersects"  # partial overlap: "see"
    REMOVED = "removed"        # no successor: the requirement was dropped
