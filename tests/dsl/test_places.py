"""unlisted(), near_words() and the ways a finding names a place: the place test of FV860, FV865 and FV868."""

from __future__ import annotations

from types import SimpleNamespace

from findings_validator.dsl.places import fold, unlisted
from findings_validator.dsl.ruleset import load_rules
from findings_validator.dsl.scope import near_words


def _context(sites: list[str], scope: str = "", client: str = "") -> SimpleNamespace:
    return SimpleNamespace(audit=SimpleNamespace(sites=sites, scope=scope, client=client),
                           finding=SimpleNamespace(site="", process=""))


def test_names_are_folded_without_accents_case_or_abbreviation_marks() -> None:
    assert fold("Kraków") == "krakow"
    assert fold("St. Helens") == fold("St Helens")
    assert fold("Łódź") == "lodz"


def test_a_place_the_sites_name_in_another_spelling_is_listed() -> None:
    assert not unlisted(_context(["ul. Pawia 9, Kraków"]), "Krakow")
    assert not unlisted(_context(["St. Helens works"]), "St Helens")
    assert not unlisted(_context(["Head office and workshop, Avonmouth"]), "Avonmouth workshop")
    assert not unlisted(_context(["Unit 4"], scope="Machining at the Harrowgate plant"), "Harrowgate")


def test_a_place_no_site_names_is_unlisted_and_no_sites_judge_nothing() -> None:
    assert unlisted(_context(["Leeds works, Stourton"]), "Wakefield")
    assert not unlisted(_context([]), "Wakefield")
    assert not unlisted(_context(["Leeds works"]), "")


def test_near_words_meets_a_variant_of_a_word() -> None:
    assert near_words("street cleaning", "Refuse collection and cleansing services") == 1
    assert near_words("refuse collections", "Building control and street lighting services") == 0
    assert near_words("", "anything") == 0


def test_places_are_read_after_an_own_possessive_a_located_site_word_and_a_proper_site_name() -> None:
    labels = load_rules().labels
    assert labels.places("At our Wakefield facility 3 operators had no record.") == ("Wakefield",)
    assert labels.places("Gauges in the warehouse at Doncaster were overdue.") == ("Doncaster",)
    assert labels.places("At Campus Norte (Canoas) the data room has no access control.") == ("Norte",)


def test_another_partys_possessive_generic_names_and_months_name_no_place() -> None:
    labels = load_rules().labels
    assert labels.places("Pallets at the Sainsbury's Northampton depot were rejected.") == ()
    assert labels.places("At Plant Manager's request the gauges were used.") == ()
    assert labels.places("Two gauges in the yard at March were used.") == ()
