"""Edition names as people write them, and a new edition added as data only."""

from __future__ import annotations

from pathlib import Path

import pytest

from findings_validator.catalog import Catalogs, load_catalogs
from findings_validator.citations import Criteria, edition_of, parse_standard, resolve_text
from findings_validator.errors import CitationSyntaxError, UnknownEditionError


@pytest.mark.parametrize(("name", "key"), [
    ("ISO/IEC 27001:2022", "ISO/IEC 27001:2022"),
    ("ISO 27001:2022", "ISO/IEC 27001:2022"),
    ("iso/iec 27001 : 2022", "ISO/IEC 27001:2022"),
    ("BS EN ISO/IEC 27001:2022", "ISO/IEC 27001:2022"),
    ("ISO/IEC 27001", "ISO/IEC 27001:2022"),
    ("ISO 27001:2013", "ISO/IEC 27001:2013"),
    ("BS EN ISO 14001:2015", "ISO 14001:2015"),
    ("ISO 14001:2026", "ISO 14001:2026"),
    ("ISO 14001 (2004)", "ISO 14001:2004"),
    ("ISO 45001:2018/Amd 1:2024", "ISO 45001:2018"),
    ("ISO 45001:2018+A1:2024", "ISO 45001:2018"),
    ("AS/NZS ISO 45001:2018", "ISO 45001:2018"),
    ("ISO 9001:2015", "ISO 9001:2015"),
    ("ISO9001:2015", "ISO 9001:2015"),
    ("ISO 9001-2015", "ISO 9001:2015"),
    ("ISO 9001 2015", "ISO 9001:2015"),
    ("DIN EN ISO 9001:2015", "ISO 9001:2015"),
    ("9001:2008", "ISO 9001:2008"),
    ("ISO 9001", "ISO 9001:2026"),
    ("ISO 9001:2026", "ISO 9001:2026"),
    ("BS EN ISO 9001:2026", "ISO 9001:2026"),
    ("OHSAS 18001:2007", "OHSAS 18001:2007"),
    ("BS OHSAS 18001:2007", "OHSAS 18001:2007"),
])
def test_edition_names(name: str, key: str, catalogs: Catalogs) -> None:
    assert edition_of(parse_standard(name), catalogs).key == key
    assert Criteria.of([name], catalogs).editions == (key,)


def test_amendment_is_kept_but_names_the_same_edition(catalogs: Catalogs) -> None:
    ref = parse_standard("ISO 45001:2018/Amd 1:2024")
    assert (ref.family, ref.year, ref.amendment) == ("45001", 2018, "Amd 1:2024")
    edition = edition_of(ref, catalogs)
    assert [a[0] for a in edition.amendments] == ["Amd 1:2024"]
    assert parse_standard("ISO/IEC 27001:2013/Cor 2:2015").amendment == "Cor 2:2015"


def test_catalog_aliases_are_readable_names(catalogs: Catalogs) -> None:
    """Every alias a catalog declares parses to its own edition."""
    for edition in catalogs.editions.values():
        for alias in (edition.standard, *edition.aliases):
            assert edition_of(parse_standard(f"{alias}:{edition.year}"), catalogs) is edition, alias


def test_latest_current_edition_when_no_year(catalogs: Catalogs) -> None:
    # both editions are current during a transition; no year means the newer one
    assert catalogs.edition("14001").key == "ISO 14001:2026"
    assert catalogs.edition("9001").key == "ISO 9001:2026"
    assert catalogs.edition("18001").key == "OHSAS 18001:2007"  # only a withdrawn one: that one


@pytest.mark.parametrize("name", ["ISO 9001:2000", "ISO 13485:2016", "IATF 16949"])
def test_unknown_editions(name: str, catalogs: Catalogs) -> None:
    with pytest.raises(UnknownEditionError) as info:
        Criteria.of([name], catalogs)
    assert info.value.hint and "known" in info.value.hint


@pytest.mark.parametrize("name", ["", "ISO", "9001", "ISO 9001:20", "quality standard"])
def test_unreadable_edition_names(name: str, catalogs: Catalogs) -> None:
    with pytest.raises(CitationSyntaxError):
        Criteria.of([name], catalogs)


def test_a_new_edition_is_data_only(made_up: Path) -> None:
    catalogs = load_catalogs([made_up], use_cache=False)
    assert {"ISO 99999:2020", "ISO 99999:2030", "ISO 9001:2015"} <= set(catalogs.editions)
    assert catalogs.editions["ISO 99999:2020"].superseded_by == "ISO 99999:2030"

    criteria = Criteria.of(["BS EN ISO 99999:2030"], catalogs, ["4.3"])
    (exact,) = resolve_text("ISO 99999:2030 clause 4.1 b)", criteria, catalogs)
    assert (exact.status.value, exact.clauses, exact.items) == ("exact", ("ISO 99999:2030/4.1",), ("b",))
    (bare,) = resolve_text("4.2 c)", criteria, catalogs)
    assert bare.status.value == "exact"
    (old,) = resolve_text("ISO 99999:2020 4.2", criteria, catalogs)
    assert old.status.value == "obsolete_edition"
    assert [(s.clause, s.relationship) for s in old.suggestions] == [
        ("ISO 99999:2030/4.2", "superset"), ("ISO 99999:2030/4.3", "superset")]
    assert [r.status.value for r in resolve_text("4.3; 4.2 d); Annex A; 4", criteria, catalogs)] == [
        "excluded", "unknown_item", "not_a_requirement", "too_broad"]

    # integrated with a bundled standard: 4.1 is the same harmonized-structure clause in both
    integrated = Criteria.of(["ISO 99999:2030", "ISO 9001:2015"], catalogs)
    (shared,) = resolve_text("4.1", integrated, catalogs)
    assert shared.status.value == "exact" and len(shared.clauses) == 2
    assert "ISO 9001:2015/4.1" in catalogs.graph.correspondences("ISO 99999:2030/4.1")


def test_user_catalog_alone(made_up: Path) -> None:
    catalogs = load_catalogs([made_up], bundled=False, use_cache=False)
    assert catalogs.known_editions() == ["ISO 99999:2020", "ISO 99999:2030"]
    assert catalogs.guidance == {}
