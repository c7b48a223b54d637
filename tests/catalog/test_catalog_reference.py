"""The catalogs against the shared reference lists (tests/data/reference/*.csv, a copy of the project's shared
reference set; FINDINGS_VALIDATOR_REFERENCE points elsewhere): ids, titles, hierarchy,
``requirement`` and lettered items of every row; every row of the edition maps."""

from __future__ import annotations

import csv
import os
import re
from pathlib import Path

import pytest

from findings_validator.catalog import Catalogs
from findings_validator.catalog.loader import load_file
from findings_validator.catalog.paths import data_dir
from findings_validator.catalog.schema import MapFile, _expand_letters

_LOCAL = Path(__file__).resolve().parents[1] / "data" / "reference"  # a copy kept with the tests
REFERENCE = Path(os.environ.get("FINDINGS_VALIDATOR_REFERENCE")
                 or (_LOCAL if _LOCAL.is_dir() else "/work/shared/reference"))
pytestmark = pytest.mark.skipif(not REFERENCE.is_dir(), reason=f"no reference lists at {REFERENCE}")

CLAUSE_LISTS = ["iso9001-2015.csv", "iso9001-2026.csv", "iso14001-2015.csv", "iso14001-2026.csv",
                "iso27001-2022.csv", "iso45001-2018.csv"]
MAPS = {
    "map-9001-2008-to-2015.csv": "iso9001-2008-to-iso9001-2015.yaml",
    "map-9001-2015-to-2026.csv": "iso9001-2015-to-iso9001-2026.yaml",
    "map-14001-2015-to-2026.csv": "iso14001-2015-to-iso14001-2026.yaml",
    "map-27001-2013-to-2022.csv": "iso27001-2013-to-iso27001-2022.yaml",
    "map-ohsas18001-2007-to-45001-2018.csv": "ohsas18001-2007-to-iso45001-2018.yaml",
}
# Where our map deliberately departs from a reference row (docs/catalog-sources.md says why). Each departure must
# still be visible: the entry's note names the reference target.
DEPARTURES = {
    ("map-9001-2008-to-2015.csv", "8.5.3", "6.1"):
        "preventive action is 'removed' in 2015; its intent lives on in risk-based planning (6.1), named in the note",
}
# The 2026 references use their own words for the relationships (the first word of the cell counts).
# "moved" is ISO 9001's 10.3, moved into a 10.1 that also takes the 2015 10.1: a subset of it.
RELATIONSHIP_WORDS = {"equal": "equal", "renumbered": "equal", "split": "superset", "merged": "subset",
                      "narrower": "superset", "intersect": "intersects", "moved": "subset"}
# Reference confidence rounded down to the catalog's three levels.
CONFIDENCE = {"high": "high", "medium-high": "medium", "medium": "medium", "low-medium": "low", "low": "low"}


def _rows(name: str) -> list[dict[str, str]]:
    with (REFERENCE / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.mark.parametrize("name", CLAUSE_LISTS)
def test_clause_list(name: str, catalogs: Catalogs) -> None:
    rows = _rows(name)
    problems = []
    edition = None
    family, year = re.fullmatch(r"iso(\d+)-(\d{4})\.csv", name).groups()  # type: ignore[union-attr]
    for row in rows:
        edition = catalogs.edition(family, int(year))
        clause = edition.clauses.get(row["clause_id"])
        if clause is None:
            problems.append(f"{row['clause_id']}: missing")
            continue
        title = None if row["title"] == "(untitled)" else row["title"]
        confidence = CONFIDENCE[row.get("confidence") or "high"]
        if clause.confidence != confidence:  # the catalog records the doubt the sources leave
            problems.append(f"{clause.id}: confidence {clause.confidence}, reference {row.get('confidence')}")
        if clause.title != title and (confidence == "high" or title not in clause.aliases):
            # a title the sources are sure of is the catalog's; a doubtful one is the catalog's or an alias
            problems.append(f"{clause.id}: title {clause.title!r}, reference {title!r}")
        if clause.requirement != (row["states_requirements"] == "yes"):
            problems.append(f"{clause.id}: requirement {clause.requirement}, reference {row['states_requirements']}")
        if row["parent_id"] and clause.parent != row["parent_id"]:
            problems.append(f"{clause.id}: parent {clause.parent}, reference {row['parent_id']}")
        if not row["parent_id"] and "." in clause.id and clause.parent != "A":  # themes A.5..A.8 sit in annex A
            problems.append(f"{clause.id}: parent {clause.parent}, reference none")
        letters = row["lettered_items"]
        if letters == "unknown":
            if edition.items_known:
                problems.append(f"{clause.id}: items unknown in the reference, but the edition says items_known")
        elif "NOTE" in letters:  # letters that occur only in a note are not requirement items
            if clause.items:
                problems.append(f"{clause.id}: items {clause.items}, but the reference has them in a NOTE only")
        elif tuple(_expand_letters(letters)) != clause.items:
            problems.append(f"{clause.id}: items {''.join(clause.items)!r}, reference {letters!r}")
        kind = {"clause": "clause", "subclause": "clause"}.get(row["kind"], row["kind"])
        if clause.kind != kind and not (clause.kind == "terms" and row["title"] == "Terms and definitions"):
            problems.append(f"{clause.id}: kind {clause.kind}, reference {row['kind']}")
    assert problems == []
    assert edition is not None
    # and nothing in clauses 4-10 (or Annex A) that the reference does not list
    listed = {row["clause_id"] for row in rows}
    extra = [i for i in edition.clauses if i not in listed and i.split(".")[0] not in ("1", "2", "3")
             and not (i[0].isalpha() and not edition.clauses[i].normative) and i != "A"]
    assert extra == []


def _map(yaml_name: str) -> MapFile:
    parsed = load_file(data_dir("clause_catalogs") / "maps" / yaml_name)
    assert isinstance(parsed, MapFile)
    return parsed


@pytest.mark.parametrize("name", MAPS)
def test_edition_map(name: str, catalogs: Catalogs) -> None:
    mapping = _map(MAPS[name])
    entries = {e.source: e for e in mapping.entries}
    new = catalogs.editions[mapping.target]
    problems = []
    for row in _rows(name):
        to_ids = [t for t in re.split(r"[;,\s]+", row["to_ids"]) if t]
        if not row["from_id"]:  # a clause new in the later edition: it exists and nothing maps to it
            for target in to_ids:
                if target not in new.clauses or f"{new.key}/{target}" in catalogs.predecessors:
                    problems.append(f"new {target}: missing, or mapped from an old clause")
            continue
        entry = entries.get(row["from_id"])
        if entry is None:
            problems.append(f"{row['from_id']}: no map entry")
            continue
        for target in to_ids:
            # a reference heading listed together with its sub-clauses is covered by them
            covered = target in entry.targets or any(t.startswith(target + ".") for t in entry.targets)
            departure = DEPARTURES.get((name, row["from_id"], target))
            if departure:
                assert target in (entry.note or ""), departure
            elif not covered:
                problems.append(f"{row['from_id']} -> {target}: not among the targets {entry.targets}")
        if "relationship" in row and row["relationship"] != "new":
            word = re.match(r"[a-z]+", row["relationship"]).group(0)  # type: ignore[union-attr]
            if RELATIONSHIP_WORDS[word] != entry.relationship.value:
                problems.append(f"{row['from_id']}: {entry.relationship.value}, reference {row['relationship']}")
        if row.get("confidence") and CONFIDENCE[row["confidence"]] != entry.confidence:
            problems.append(f"{row['from_id']}: confidence {entry.confidence}, reference {row['confidence']}")
        if "to_titles" in row and len(to_ids) == 1:
            if new.clauses[to_ids[0]].title != row["to_titles"]:
                problems.append(f"{to_ids[0]}: title {new.clauses[to_ids[0]].title!r}, reference {row['to_titles']!r}")
    assert problems == []


def test_27001_map_covers_every_2013_control(catalogs: Catalogs) -> None:
    controls = {c.id for c in catalogs.editions["ISO/IEC 27001:2013"].clauses.values() if c.kind == "annex_control"}
    assert {row["from_id"] for row in _rows("map-27001-2013-to-2022.csv")} == controls
    assert controls <= {e.source for e in _map(MAPS["map-27001-2013-to-2022.csv"]).entries}
