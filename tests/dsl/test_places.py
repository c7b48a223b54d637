"""unlisted(), near_words() and the ways a finding names a place: the place test of FV860, FV865 and FV868."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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


def test_a_place_name_may_hold_a_lowercase_particle() -> None:
    labels = load_rules().labels
    assert labels.places("Emergency drill not done at the Duque de Caxias warehouse.") == ("Duque de Caxias",)
    assert labels.places("Drums were stored outside at the Bergen op Zoom plant.") == ("Bergen op Zoom",)
    assert labels.places("At the Tullamore sand and gravel pit the bowser was out of service.") == ("Tullamore",)
    assert labels.places("The smolt hatchery at the Eidsvik hatchery was not in the register.") == ("Eidsvik",)
    # a particle opens no name
    assert labels.places("Spill kits missing at the de Vries depot.") == ()


def test_another_partys_possessive_generic_names_and_months_name_no_place() -> None:
    labels = load_rules().labels
    assert labels.places("Pallets at the Sainsbury's Northampton depot were rejected.") == ()
    assert labels.places("At Plant Manager's request the gauges were used.") == ()
    assert labels.places("Two gauges in the yard at March were used.") == ()


def _coded(sites: list[str], statement: str, evidence: str = "", scope: str = "") -> list[str]:
    from findings_validator.dsl.places import other_site_codes

    context = SimpleNamespace(audit=SimpleNamespace(sites=sites, scope=scope, client=""), labels=load_rules().labels,
                              finding=SimpleNamespace(site="", statement=statement, evidence_text=evidence))
    return other_site_codes(context)


def test_a_site_coded_like_an_audited_one_with_another_number_is_another_site() -> None:
    assert _coded(["AMS-1, Schiphol-Rijk"], "Visitor log at AMS-2 Almere not kept.") == ["AMS-2"]
    assert _coded(["AMS-1, Schiphol-Rijk"], "No visitor log was kept at AMS-2.") == ["AMS-2"]
    assert _coded(["DC1 Marston Gate"], "Returns in DC 3 mixed with stock.") == ["DC 3"]


def test_listed_codes_other_prefixes_and_record_codes_give_no_other_site() -> None:
    assert _coded(["AMS-1, Schiphol-Rijk"], "Visitor log at AMS-1 not kept; badges T-201, T-202.") == []
    assert _coded(["AMS-1"], "Racks AMS-2 and AMS-3 seen from AMS-1 hall.") == []
    assert _coded(["AMS-1"], "Log at AMS-2 not kept.", scope="Hosting from AMS-1 and AMS-2") == []
    assert _coded(["Leeds works"], "Gauge TG-11 and procedure QP-07 rev 2.") == []
    assert _coded(["DC1 Marston Gate"], "Form RN-3 and RN-4 of 2026-04-16.") == []
    assert _coded(["DC1 Marston Gate"], "Version DC1.2 of the plan; table DC-2.1.") == []
    # a code the scope writes is a size or a product's, not how the sites are coded
    assert _coded(["Head office and workshop, Forusbeen 78, 4033 Stavanger"], "Design of the DN 600 valve not "
                  "verified.", scope="Design and manufacture of ball valves (DN 50 to DN 900)") == []


def test_a_site_numbered_after_a_capitalised_word_is_read_the_same_way() -> None:
    assert _coded(["Werk 1, Industriestraße 14, Lahr"], "Plating at Werk 2 Offenburg: bath log blank.") == ["Werk 2"]
    # in roman numerals
    assert _coded(["Unit I, Plot 27, GIDC Phase II, Vapi"], "At Unit II, Survey No. 218, Silvassa: gauges out of date.") == [
        "Unit II"]
    assert _coded(["Unit I, Plot 27, GIDC Phase II, Vapi"], "At Unit I, hall B: gauges out of date.") == []
    # in any alphabet's letters
    assert _coded(["Zakład 1, ul. Przemysłowa 8, Rzeszów"], "Zakład 2, ul. Kolejowa 3, Łańcut: guard raised.") == [
        "Zakład 2"]
    assert _coded(["Werk 1, Industriestraße 14, Lahr"], "Inspection in Halle 2 of Werk 1 not recorded.") == []
    assert _coded(["Plant 1, Leeds"], "Step 2 of procedure QP-07 and Table 3 not followed.") == []


def test_the_organizations_own_site_named_with_its_town_after_it() -> None:
    labels = load_rules().labels
    assert labels.places("At the company's trading warehouse at Felixstowe, 46 pallets were stored.") == (
        "Felixstowe",)
    assert labels.places("Stored at our depot in Leeds on Monday.") == ("Leeds",)
    assert labels.places("Stored at the recycler's yard at Nellore.") == ()  # another party's site
    assert labels.places("Pallets are held by Dockside Haulage at its warehouse at Tilbury.") == ()


def test_a_name_ending_in_a_word_for_a_kind_of_document_names_no_place() -> None:
    labels = load_rules().labels
    assert labels.places("The bund valve is not kept closed as set in Site Operating Procedure SOP-ENV-06.") == ()
    assert labels.places("Spill kits missing at the Depot Traffic Plan bays.") == ()
    assert "Kettering" in labels.places("Spill kits missing at the Kettering depot.")


def test_a_run_of_numbered_sites_and_a_plural_code_word_name_the_listed_sites() -> None:
    sites = ["Fleet depot and Station 1, Oulu", "Stations 2–6, Northern Ostrobothnia"]
    assert _coded(sites, "At Station 3 (Kempele) sharps were in the mixed waste. Stations 1 and 5: no issue.") == []
    assert _coded(sites, "At Station 4 the kit was missing.") == []
    assert _coded(sites, "At Station 8 (Kajaani) the kit was missing.") == ["Station 8"]
    assert _coded(["Plants 1 and 2, Leeds"], "Curing at Plant 2 not recorded.") == []
    assert _coded(["Plants 1 and 2, Leeds"], "Curing at Plant 3 not recorded.") == ["Plant 3"]
    # a code word in the plural speaks of several sites' data, never of another site
    assert _coded(["Store 03 Taquaral", "Store 07 Sousas"], "Stores 09 and 12 had fewer than 10 answers.") == []
    # a word whose "s" is no plural's, a plural word with no series after it, and an address's street number
    assert _coded(["Campus 1, Jena"], "Fume hood at the Campus 2 lab not tested.") == ["Campus 2"]
    assert _coded(["Works 1, Sheffield"], "Guard missing at Works 2.") == ["Works 2"]
    assert _coded(["Unit 4, 12 Harbour Road, Poole"], "Racking at Unit 12 not inspected.") == ["Unit 12"]
    # codes in capitals keep their letters: "DCS 2" is not "DC 2"
    assert _coded(["DCS 1, Leeds"], "Returns at DC 2 mixed with stock.") == []


def test_a_numbered_part_of_a_site_is_not_another_site() -> None:
    assert _coded(["Level 3, 100 George St, Sydney"], "The comms cupboard on Level 5 was unlocked.") == []
    assert _coded(["Building 2, Science Park"], "Backups are kept in Building 7.") == []


def test_places_as_the_label_of_the_evidence() -> None:
    labels = load_rules().labels
    assert labels.places("Overflow yard at Corio, Geelong, 2026-05-13: two containers unpacked by hand.") == ("Corio",)
    assert labels.places("[Finding] Visitors not logged. [Evidence] Riga sales office, 2026-06-03: no entries.") == (
        "Riga",)
    assert labels.places("Te Rapa cool store, Hamilton: leak checks last done 2026-01-14.") == ("Te Rapa",)
    # the same words inside a sentence name what a document lists, not where the finding is
    assert labels.places("The SOP still lists the old alternate site at Ambattur; version 3.2 names Guindy.") == ()
    assert labels.places("Goods Inward Store, bay 4: pallets without labels.") == ()


def _addressed(text: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    return load_rules().labels.addressed(text)


def test_a_label_written_with_its_address_names_a_site_in_any_language() -> None:
    assert _addressed("Showroom Kraków, ul. Zakopiańska 62, 2026-04-21 (visited with the sales director): exit "
                      "blocked.") == (("Showroom Kraków", ("ul. Zakopiańska 62", "2026-04-21",
                                                           "visited with the sales director")),)
    assert _addressed("Note.\nPrikpost Hengelo (Geerdinkhofweg 95), 2025-12-03: no thermometer.")[0][0] == \
        "Prikpost Hengelo"
    assert _addressed("CEDIS Querétaro (Av. 5 de Febrero km 21.5), 2026-01-27: scale BAS-Q2.")[0][0] == \
        "CEDIS Querétaro"
    places = load_rules().labels.places("Nottingham office (Castle Marina Road), 2026-10-28: 64 files unlocked.")
    assert "Nottingham office" in places


def test_a_label_after_the_evidences_own_label_or_closed_by_a_dash_names_its_site() -> None:
    assert _addressed("Whey went to the pond untested. Evidence: Kaikoura plant, Beach Road, 2026-09-23 — pH log "
                      "WPL-09 blank.") == (("Kaikoura plant", ("Beach Road", "2026-09-23")),)
    assert _addressed("Objective evidence: Hitech City, Hyderabad, 3rd floor development bay, 2026-05-13 — GitLab "
                      "project hrms-core.")[0][0] == "Hitech City"
    # a dash inside a part of a site's label, with no address, names no site; a hyphen is no closing dash
    assert _addressed("Evidence: Line SMT-3, 2026-10-14 — paste jar opened 26.5 h before.") == ()
    assert _addressed("Kaikoura plant, Beach Road - pH log WPL-09 blank.") == ()


def _town_context(sites: list[str], evidence: str) -> SimpleNamespace:
    return SimpleNamespace(audit=SimpleNamespace(sites=sites, client="", scope="Network operations"),
                           finding=SimpleNamespace(site="", process="", statement="Copies were left unlocked.",
                                                   evidence_text=evidence),
                           labels=load_rules().labels)


def test_a_road_named_after_a_town_is_not_the_town() -> None:
    sites = ["Network Operations Centre, Mombasa Road, Nairobi", "Building B4, Cairo-Alexandria Desert Road, Giza"]
    assert unlisted(_town_context(sites, ""), "Mombasa")
    assert unlisted(_town_context(sites, ""), "Alexandria")
    assert not unlisted(_town_context(sites, ""), "Nairobi")
    # the town written in a label's address, and the same road in it, which is the site's
    label = "Savanna shop, Moi Avenue, Mombasa, 2025-12-04: 37 copies."
    assert unlisted(_town_context(sites, label), "Savanna shop")
    on_road = "Savanna shop, Mombasa Road, Kisumu, 2025-12-04: 37 copies."
    assert not unlisted(_town_context(sites, on_road), "Savanna shop")


def test_a_label_of_a_street_and_its_town_dated_names_a_site() -> None:
    text = "Gauges not identified. Evidence: Reinsdorfer Weg 3, Zwickau, repair bay, 2027-02-10 — MU-01."
    assert _addressed(text) == (("Reinsdorfer Weg 3", ("Zwickau", "repair bay", "2027-02-10")),)
    assert _addressed("Main Street 4, Leeds: gauges not identified.") == ()  # not dated: a heading


def test_a_compound_of_a_symbol_or_an_acronym_names_no_place() -> None:
    labels = load_rules().labels
    assert labels.places("Emergency plan PAW-02 names thermal runaway in the Li-ion store hall C.") == ()
    assert labels.places("The LNG-fuelled terminal tractors were not assessed.") == ()


def test_a_name_and_a_role_word_with_an_address_name_a_site() -> None:
    # "shop" and "unit" name a site only after a name; a town in the label's address says it is a whole site
    assert _addressed("Kilbrack shop, The Square, Macroom, 2025-10-15 at 11:40: no readings.") == \
        (("Kilbrack shop", ("The Square", "Macroom", "2025-10-15 at 11:40")),)
    assert _addressed("Savanna shop, Moi Avenue, Mombasa, 2025-12-04: ID copies.")[0][0] == "Savanna shop"
    # without an address, or with a street and no town, it is a department
    assert _addressed("Paint shop, line 2, 2026-03-02: two drums open.") == ()
    assert _addressed("Dialysis unit, Ward 5, 2026-03-02: drums open.") == ()
    assert _addressed("Paint shop (Factory Road), 2026-03-02: guard missing.") == ()
    assert _addressed("Machine shop, Mill Lane, 2026-03-02: guard missing.") == ()


def test_a_town_before_an_estate_or_a_park_is_in_the_town() -> None:
    # a road named after a town is not the town; a science park named after it is in it
    sites = ["Unit 4, Cambridge Science Park"]
    assert not unlisted(_town_context(sites, ""), "Cambridge")


def test_an_address_part_of_a_street_word_and_an_article_names_no_listed_place() -> None:
    # "The Square" without its street word is "The", which the scope writes: it lists nothing
    context = SimpleNamespace(audit=SimpleNamespace(sites=["Unit 7, Ballincollig Business Park"], client="",
                                                    scope="Bread baked at the Ballincollig bakery"),
                              finding=SimpleNamespace(site="", process="", statement="Temperatures not recorded.",
                                                      evidence_text="Kilbrack shop, The Square, Macroom, "
                                                                    "2025-10-15: no readings."),
                              labels=load_rules().labels)
    assert unlisted(context, "Kilbrack shop")


def test_a_label_without_an_address_a_document_or_a_later_colon_names_no_addressed_site() -> None:
    assert _addressed("Line SMT-3, 2026-10-14 10:20: paste jar opened 26.5 h before.") == ()
    assert _addressed("Dryer 2 (Factory Road), 2026-03-02: guard missing.") == ()  # a part of a site
    assert _addressed("Site safety plan PBZ-WS-14 rev 3 (Osiedle Wola Park, building C): helmets.") == ()
    assert _addressed("Foundry (ul. Hutnicza, grid SK-2), 14.04.2026 09:40. Risk assessment OR-11 rev. 3: x") == ()
    assert _addressed("Spray bar near the gate, close to the press: valve closed.") == ()


@pytest.mark.parametrize(("text", "name"), [
    ("Warehouse Kassel (Lager Nord, leased 2025), section K-3: 14 IBC of nitric acid.", "Warehouse Kassel"),
    ("Heating plant Kobyłka (Nadbużańska Energia Sp. z o.o.): boiler K-2 not measured.", "Heating plant Kobyłka"),
    ("Transfer station Eindhoven-Acht (acquired 2026-03): no emergency plan.", "Transfer station Eindhoven-Acht"),
    ("Collection point Corregidora (Plaza El Pueblito, local 5), visited 2026-03-24: no extinguisher.",
     "Collection point Corregidora"),
    # a person's role, a code or a room after the site word is no town
    ("Plant Manager (J. Smith): confirmed the interval.", None),
    ("Warehouse B2 (racking row 4): beam damaged.", None),
    ("Warehouse Supervisor (K. Lee): not aware.", None),
])
def test_a_label_naming_the_site_word_first_and_its_town_after(text: str, name: str | None) -> None:
    found = [n for n, _ in _addressed(text)]
    assert found == ([name] if name else [])


def test_a_label_with_a_town_alone_names_a_site_when_its_name_is_written_as_a_place() -> None:
    assert _addressed("Marisol Golf Club, Finestrat, visited 2026-06-18: meter W-1.") == (
        ("Marisol Golf Club", ("Finestrat", "visited 2026-06-18")),)
    assert _addressed("York laboratory (Unit 7, Clifton Moor), 2026-08-06: milling unit CM-1 not serviced.")[0][0] == \
        "York laboratory"
    # ... or say what kind of site the place is, in a few lowercase words ending in a site word
    assert _addressed("Lindqvist Innovation Centre, Lindholmen, Gothenburg (R&D pilot plant): 3 balances.") == (
        ("Lindqvist Innovation Centre", ("Lindholmen", "Gothenburg", "R&D pilot plant")),)
    assert _addressed("Kestrel Group, Braunstone (Supplier Plant): x") == ()  # a capitalised description is a name
    # without a town, a description of a whole site tells a site too; not a department's store, nor the principal site
    assert _addressed("Bijkantoor Antwerpen (Belgian branch, Frankrijklei 101): engineer J. Peeters.")[0][0] == \
        "Bijkantoor Antwerpen"
    assert _addressed("Goods Inward (main store): pallets on the floor.") == ()
    assert _addressed("Press Shop (main plant): guard missing.") == ()
    # a label with a town alone must date the visit: a supplier named with its group and town is no site
    assert _addressed("Galvanizer (Wedge Group, Tipton) not evaluated: supplier list ASL-2026.") == ()
    # a heading is no place, a day is no town, and a part of a site is none either
    heading = "Evaluation of compliance for Environmental Quality (Industrial Effluent) Regulations: none."
    assert _addressed(heading) == ()
    assert _addressed("Main Warehouse, Tuesday, 2026-03-11: pallets.") == ()
    assert _addressed("Line 3, Kassel, 2026-03-11: two operators.") == ()
    assert _addressed("Workshop, Peter Novak, 2026-03-11: guard missing.") == ()  # a site word and a person
    evidence = "Leeds warehouse, Kirkstall, 2026-03-11: pallets in the aisle."
    assert not unlisted(_finding_context(["Leeds warehouse, Kirkstall Trading Estate, Leeds"], evidence),
                        "Leeds warehouse")


def test_a_software_product_named_like_a_place_is_no_site() -> None:
    places = load_rules().labels.places("3 of 9 leavers still had active accounts in the AWS IAM Identity Center.")
    assert places == ()


def _finding_context(sites: list[str], evidence: str, scope: str = "") -> SimpleNamespace:
    return SimpleNamespace(audit=SimpleNamespace(sites=sites, scope=scope, client=""), labels=load_rules().labels,
                           finding=SimpleNamespace(site="", process="", statement="Exit blocked.",
                                                   evidence_text=evidence))


def test_a_site_labelled_with_its_address_is_listed_when_its_address_is() -> None:
    evidence = "Main warehouse (Greens Road), 2026-03-02: exit blocked."
    assert not unlisted(_finding_context(["DC1, 18 Greens Road, Dandenong South"], evidence), "Main warehouse")
    assert unlisted(_finding_context(["DC1, 18 Greens Road, Dandenong South"],
                                     "Main warehouse (Totara Street), 2026-03-02: exit blocked."), "Main warehouse")
    town = "Kingswinford warehouse (12 Mill Lane, Dudley), 2026-03-02: exit blocked."
    assert not unlisted(_finding_context(["Plant, Dudley"], town), "Kingswinford warehouse")


def test_an_own_site_word_before_the_town_in_a_label_names_an_own_site() -> None:
    labels = load_rules().labels
    assert labels.own_places("Regional office Gdańsk: the room with the switch was not locked.") == ("Gdańsk",)
    assert "Passau" in labels.own_places("Branch office Passau, Dr.-Emil-Brichta-Str. 7, 2026-04-23: 2 of 3 dispatchers.")
    assert labels.own_places("Regional office meeting: minutes not kept.") == ()


def test_a_place_written_with_an_abbreviated_word_of_a_site_is_listed() -> None:
    sites = ["Greenfield Public School, Sector 62, Noida"]
    assert not unlisted(_finding_context(sites, "At Sec-62 campus admission cell, 15 admissions sampled."), "Sec-62")
    # only a word of three or four letters abbreviates, and only the start of a longer word
    assert unlisted(_finding_context(sites, "At the Sec-63 campus, 15 admissions sampled."), "Sec-63")
    assert unlisted(_finding_context(sites, "At the Noidaville campus, 15 admissions sampled."), "Noidaville")


def test_a_place_may_carry_its_district_in_brackets_before_the_site_word() -> None:
    labels = load_rules().labels
    assert "Birmingham" in labels.places("Monitoring is not carried out at the Birmingham (Small Heath) depot.")
    assert labels.places("Monitoring is not carried out at the depot (Small Heath).") == ()


def test_a_common_word_at_a_labels_start_is_no_place_and_its_town_after_a_comma_is() -> None:
    labels = load_rules().labels
    # the opening word written in lowercase elsewhere is a common word; the town after the comma is the place
    assert labels.places("Pellet plant, Leppävirta: ATEX document missing. Dust hazard in the pellet plant.") == (
        "Leppävirta",)
    assert labels.places("Sewage treatment plant, 2026-07-08: pH meter. Effluent of the sewage treatment plant.") == ()
    # a town that opens the label stays the place, and a date after the comma is no town
    assert labels.places("Runcorn storage depot, 16/09/2026: 2.8 m open edge.") == ("Runcorn",)


def test_a_statement_at_another_coded_site_is_about_it_even_where_the_evidence_names_the_listed_one() -> None:
    assert _coded(["Plant 1, Plot 88, Bayan Lepas"], "Effluent at Plant 3 was not evaluated.",
                  "CE-2025 lists Plant 1 only.") == ["Plant 3"]
    assert _coded(["Plant 1, Plot 88, Bayan Lepas"], "Effluent at Plant 1 was not evaluated.",
                  "CE-2025 copies the list of Plant 3.") == []


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["Warehouse", "Kassel", "Heating", "plant", "(", ")", ":", ",", "-", "Eindhoven-Acht",
                                 "Plant", "Manager", "B2", "leased", "2025", "at", "the", "depot", "Ltd", "\n", ".",
                                 "Ł", "ódź", "''", "x" * 60]), max_size=30).map(" ".join))
def test_reading_places_never_fails_and_names_only_text_it_holds(text: str) -> None:
    labels = load_rules().labels
    for name in labels.places(text):
        assert name.split()[0] in text
    for name, _ in labels.addressed(text):
        assert name in text


def test_a_statement_with_no_code_is_where_the_evidence_puts_its_first_code() -> None:
    sites = ["Plant 1, Zona Industrial, Ovar"]
    statement = "Waste oil is stored without secondary containment."
    # the code as the label of what follows, or after a word of place
    assert _coded(sites, statement, "Plant 2 Esmoriz, 2026-05-12: three drums on bare ground.") == ["Plant 2"]
    assert _coded(sites, statement, "Observed at Plant 2, which supplies Plant 1: drums on bare ground.") == ["Plant 2"]
    # where things came from, a sentence's subject, a bracket, or nothing at all is no place of the finding
    assert _coded(sites, statement, "Drums received from Plant 2 stood at Plant 1 on 2026-05-12.") == []
    assert _coded(sites, statement, "Plant 2 delivered three drums; they stood at Plant 1 on 2026-05-12.") == []
    assert _coded(sites, statement, "Three drums (Plant 2 delivery note DN-441) stood at Plant 1.") == []
    assert _coded(sites, statement, "") == []
    assert _coded(sites, statement, "Plant: drums on bare ground (") == []


def test_a_comma_label_names_a_place_unless_it_ends_in_a_part_of_a_site() -> None:
    labels = load_rules().labels
    assert labels.places("Fulfilment warehouse, Dubai Investments Park: no visitor log.") == ("Dubai Investments Park",)
    assert labels.places("Production plant, Central Tank Farm: IBCs on bare ground during production.") == ()
    assert labels.places("Production plant, Boiler House: IBCs on bare ground.") == ()


def test_a_surname_that_is_a_region_is_no_region_but_a_letter_that_names_a_thing_is_no_initial() -> None:
    from findings_validator.dsl.regions import other_regions
    from findings_validator.dsl.text import is_letter_label

    def regions(evidence: str, scope: str) -> list[str]:
        context = SimpleNamespace(audit=SimpleNamespace(sites=["Head office"], scope=scope, client=""),
                                  labels=load_rules().labels, finding=SimpleNamespace(
                                      site="", statement="Drip trays missing.", evidence_text=evidence))
        return other_regions(context)

    fukuoka = "Retail sale of DIY products at 9 stores in Fukuoka Prefecture"
    assert regions("Minutes MR-2026-1; manager T. Ishikawa confirmed.", fukuoka) == []
    assert regions("Confirmed by the manager of the site, T. Ishikawa.", fukuoka) == []
    towers = "Maintenance of telecom tower sites in Telangana and Andhra Pradesh"
    assert regions("Tower sites of cluster B. Karnataka sites TS-BLR-0077, 2026-02-26.", towers) == ["Karnataka"]
    assert is_letter_label("Rev") and is_letter_label("cluster") and not is_letter_label("site,")
    assert not is_letter_label("")


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["Plant", "2", "1", "at", "from", "(", ")", ":", ",", ";", ".", "-", "Esmoriz",
                                 "\n", "received", "Ł", "x" * 40]), max_size=25).map(" ".join))
def test_the_evidences_first_code_never_fails_and_is_a_code_it_holds(evidence: str) -> None:
    for code in _coded(["Plant 1, Ovar"], "Oil stored without containment.", evidence):
        assert code in evidence
