"""A catalog pack holding a made-up ISO 45001:2027, for the test that a new edition is a change of data only.

The edition is invented (ISO 45001 is under revision; nothing of its next edition is assumed here): its structure
only exercises what a real new edition brings — renumbered clauses, a number that changes meaning, definitions,
lettered items not yet known — through the entry-point group ``findings_validator.catalogs``.
"""

from __future__ import annotations

from pathlib import Path


def files() -> list[Path]:
    return [Path(__file__).resolve().parent / "catalogs"]
