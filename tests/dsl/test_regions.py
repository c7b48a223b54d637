"""other_regions(): a finding in a region of a country that a scope limited to other regions of it leaves out."""

from __future__ import annotations

from types import SimpleNamespace

from hypothesis import given, settings
from hypothesis import strategies as st

from findings_validator.dsl.regions import _subdivisions, other_regions
from findings_validator.dsl.ruleset import load_rules


def _regions(scope: str, statement: str, evidence: str = "", sites: tuple[str, ...] = ("Head office",)) -> list[str]:
    context = SimpleNamespace(audit=SimpleNamespace(sites=list(sites), scope=scope, client="", exclusions=[]),
                              labels=load_rules().labels,
                              finding=SimpleNamespace(site="", statement=statement, evidence_text=evidence))
    return other_regions(context)


def test_a_region_of_the_same_country_outside_the_scope_is_named() -> None:
    scope = "Operation and maintenance of telecom tower sites in Telangana and Andhra Pradesh"
    assert _regions(scope, "DG set without drip tray.", "Tower site TS-BLR-0077, Bengaluru (Karnataka).") == [
        "Karnataka"]
    assert _regions("Tower sites in Lagos and Ogun States", "120 sites operated in Kano have no register.") == ["Kano"]


def test_regions_the_scope_names_or_another_country_s_are_not() -> None:
    scope = "Operation and maintenance of telecom tower sites in Telangana and Andhra Pradesh"
    assert _regions(scope, "DG set without drip tray.", "Tower site in Vijayawada (Andhra Pradesh).") == []
    assert _regions("Installation of rooftop solar systems in Queensland", "Panels imported from Guangdong.") == []


def test_a_scope_limited_to_no_region_and_generic_region_words_give_nothing() -> None:
    assert _regions("Road maintenance for the county council", "Depot in West Yorkshire.") == []
    assert _regions("Water treatment works in Western Province", "Central store at Kalutara.") == []
    assert _regions("", "Depot in Karnataka.") == []


def test_a_region_the_sites_name_is_listed() -> None:
    scope = "Tower sites in Lagos and Ogun States"
    assert _regions(scope, "Generator at the Kano depot leaked.", sites=("Depot, Kano",)) == []


_NAMES = sorted(_subdivisions())


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(_NAMES), st.sampled_from(_NAMES))
def test_a_region_the_scope_limits_its_work_to_is_never_another(limited: str, named: str) -> None:
    found = _regions(f"Maintenance services in {limited}", f"Records at the depot in {named} and in {limited}.")
    assert limited not in found
    assert all(name in _NAMES for name in found)
