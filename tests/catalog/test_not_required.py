"""What clauses do not require: loading, errors, users' own lists, and how findings are matched."""

from __future__ import annotations

from pathlib import Path

import pytest

from findings_validator.catalog import load_catalogs
from findings_validator.errors import CatalogError
from findings_validator.models import Audit, Finding


def test_every_bundled_standard_lists_at_least_fifteen() -> None:
    catalogs = load_catalogs()
    for edition in ("ISO 9001:2015", "ISO 14001:2015", "ISO/IEC 27001:2022", "ISO 45001:2018"):
        entries = {e for k, v in catalogs.not_required.items() if k.startswith(edition + "/") for e in v}
        assert len(entries) >= 15, edition
        assert all(e.source.startswith("http") and e.reason and e.phrases for e in entries)


def test_a_clause_gets_its_own_its_parents_and_the_editions_entries() -> None:
    catalogs = load_catalogs()
    found = catalogs.not_required_for("ISO 9001:2015/7.5.1")
    assert {e.clause for e in found} == {"7.5", ""}
    assert found[0].clause == "7.5"  # most specific first
    assert "quality manual" in {p for e in found for p in e.phrases}
    assert catalogs.graph.nx.nodes["ISO 9001:2015/7.2"]["not_required"]


def test_a_users_list_extends_the_bundled_one(tmp_path: Path) -> None:
    own = tmp_path / "mine.yaml"
    own.write_text("editions: [ISO 9001:2015, ISO 9999:2030]\nnot_required:\n"
                   "  - clause: \"7.2\"\n    what: a forklift licence\n    reason: our scheme does not ask for one\n"
                   "    phrases: [forklift licence]\n    source: https://example.org/\n", encoding="utf-8")
    catalogs = load_catalogs([own], use_cache=False)
    whats = [e.what for e in catalogs.not_required_for("ISO 9001:2015/7.2")]
    assert whats[-1] != "a forklift licence" and "a forklift licence" in whats
    assert len(whats) == len(load_catalogs().not_required_for("ISO 9001:2015/7.2")) + 1


@pytest.mark.parametrize(("body", "message"), [
    ("  - clause: \"99.9\"\n    what: x\n    reason: y\n    phrases: [z]\n    source: s\n", "has no clause '99.9'"),
    ("  - what: x\n    reason: y\n    phrases: []\n    source: s\n", "phrases"),
    ("  - what: x\n    reason: y\n    phrases: [\"* z\"]\n    source: s\n", "begins with '*'"),
    ("  - what: x\n    reason: y\n    phrases: [z]\n    source: s\n    colour: red\n", "colour"),
])
def test_a_bad_list_is_refused_with_its_place(tmp_path: Path, body: str, message: str) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("editions: [ISO 9001:2015]\nnot_required:\n" + body, encoding="utf-8")
    with pytest.raises(CatalogError) as caught:
        load_catalogs([bad], use_cache=False)
    assert message in str(caught.value)
    assert "bad.yaml:" in str(caught.value)


AUDIT = Audit(criteria=["ISO/IEC 27001:2022"])


@pytest.mark.parametrize(("statement", "evidence", "downgraded"), [
    # the table of docs/dsl.md
    ("No annual external penetration test has been performed.", "Procedure VM-01 rev 2; scan of 2025-11-03.", True),
    ("The penetration test report PT-25 lists 3 open criticals.", "Report PT-25 of 2025-06-01.", False),
    ("There is no evidence that the penetration test findings were treated.", "Report PT-25 of 2025-06-01.", False),
    # the organization's own commitment stays a nonconformity
    ("No external penetration test has been performed in 2025.",
     "Policy ISP-01 rev 3 requires an annual external penetration test; last report PT-2023.", False),
    # a closed bracket between the absence and the thing is an aside
    ("Neither of the two web servers (WEB-01, WEB-02) has had an annual penetration test.", "Scan of 2025-11-03.", True),
    ("The two web servers (not in scope before 2025) had an annual penetration test.", "Report PT-25.", False),
    # the thing named as an example in a bracket is read with the words before the bracket
    ("The web servers have not had an external test (e.g. an annual penetration test) since 2024.", "Scan log SL-25.",
     True),
    ("The web servers had an external test (e.g. an annual penetration test) in 2025.", "Report PT-25.", False),
])
def test_what_a_control_does_not_require(checker, statement: str, evidence: str, downgraded: bool) -> None:  # type: ignore[no-untyped-def]
    finding = Finding(id="F1", grade="minor", clause=["A.8.8"], statement=statement, evidence=[evidence])
    criteria, _ = checker.criteria(AUDIT)
    ctx = checker.context(finding, AUDIT, criteria)
    rule = next(r for r in checker.rules.finding_rules if r.info.id == "FV505")
    ctx.bound.clear()
    assert bool(rule.condition(ctx)) is downgraded


def _fv505_fires(checker, statement: str) -> bool:  # type: ignore[no-untyped-def]
    """Whether the not-required rule holds for a finding against A.8.8 with this statement."""
    return _fires(checker, "FV505", "ISO/IEC 27001:2022", "A.8.8", statement,
                  "Procedure VM-01 rev 2; scan report of 2025-11-03.")


@pytest.mark.parametrize(("statement", "downgraded"), [
    # the ways findings say the thing is missing: before it, or right after it
    ("There is no annual penetration test.", True),
    ("No annual penetration test was available.", True),
    ("An annual penetration test has not been defined.", True),
    ("An annual penetration test was not in place.", True),
    ("The organisation does not use an annual penetration test.", True),
    ("The annual penetration test is not documented.", True),
    ("An annual penetration test is missing.", True),
    # the thing exists: what follows it is about its content or its use
    ("The annual penetration test does not cover the payment API.", False),
    ("The annual penetration test was late by three months against the plan.", False),
    # a predicate further on is about something else
    ("The annual penetration test covered the web servers and the VPN, but the firewall review was not done.", False),
    # the thing is the place where something else is missing
    ("Two critical findings were not recorded in the annual penetration test.", False),
    ("The API was not included in the annual penetration test.", False),
    ("Host WEB-02 was not assessed against the annual penetration test.", False),
    # a container before the absence word does not stop it
    ("Servers listed in the asset register had no annual penetration test.", True),
    # more predicates of absence after the thing, and a label with 'none'
    ("An annual penetration test has not been deployed for the portal.", True),
    ("An annual penetration test has not been commissioned.", True),
    ("Annual penetration test: none.", True),
    ("The auditor was unable to see an annual penetration test.", True),
    # the last word of a phrase in its plural or -ing form names the thing too
    ("No annual penetration tests have been performed.", True),
    ("There is no annual penetration testing of the portal.", True),
    ("The annual penetration tests do not cover the payment API.", False),
    # the thing exists and what follows is about it
    ("The annual penetration test was not completed within the planned window of procedure VM-01.", False),
    ("The annual penetration test has not been shared with the payment team.", False),
    ("The annual penetration test was not applied to the new API.", False),
])
def test_how_findings_say_a_thing_is_missing(checker, statement: str, downgraded: bool) -> None:  # type: ignore[no-untyped-def]
    assert _fv505_fires(checker, statement) is downgraded


@pytest.mark.parametrize(("statement", "downgraded"), [
    ("Annual penetration test: not available.", True),
    ("Annual penetration test – not in place for the portal.", True),
    ("The annual penetration test has never been carried out.", True),
    ("An annual penetration test has not yet been established.", True),
    ("Annual penetration test: covers the web servers only.", False),
    ("The annual penetration test has never been updated for the new API.", False),
])
def test_labels_and_never(checker, statement: str, downgraded: bool) -> None:  # type: ignore[no-untyped-def]
    assert _fv505_fires(checker, statement) is downgraded


def _fires(checker, rule_id: str, criteria: str, clause: str, statement: str, evidence: str) -> bool:  # type: ignore[no-untyped-def]
    audit = Audit(criteria=[criteria])
    finding = Finding(id="F1", grade="minor", clause=[clause], statement=statement, evidence=[evidence])
    ctx = checker.context(finding, audit, checker.criteria(audit)[0])
    rule = next(r for r in checker.rules.finding_rules if r.info.id == rule_id)
    ctx.bound.clear()
    return bool(rule.condition(ctx))


@pytest.mark.parametrize(("criteria", "clause", "statement", "evidence", "downgraded"), [
    # a frequency the standard leaves to the organization
    ("ISO/IEC 27001:2022", "A.5.1", "Topic-specific policies are not reviewed every six months.",
     "Policies ISP-01 to ISP-12 reviewed annually under framework PF-01; last review 2026-04.", True),
    ("ISO/IEC 27001:2022", "A.5.1", "Topic-specific policies are not reviewed every six months.",
     "Policy framework PF-01 section 3 requires review every six months; last review 2025-02.", False),
    # the organization's requirement reported met does not stop the reading; one reported unmet does
    ("ISO 45001:2018", "9.2.1", "The internal audit programme does not audit every process every year.",
     "Programme IAP-26 covers all processes over three years by risk; the 2026 audits were done as planned.", True),
    ("ISO 45001:2018", "9.2.1", "The internal audit programme does not audit every process every year.",
     "Purchasing and dispatch were not audited as planned in programme IAP-26 for 2026.", False),
    # objectives that leave a topic out are not the organization's own requirement
    ("ISO 14001:2015", "6.2.1", "Environmental objectives do not include a biodiversity objective.",
     "Objectives EO-1 to EO-4 address energy, waste, solvent emissions and water.", True),
    ("ISO 14001:2015", "6.2.1", "The biodiversity objective EO-5 has no indicator.",
     "Objectives plan EOP-26 rev 1: EO-5 has no indicator, target or method.", False),
    # means the controls leave to the organization
    ("ISO/IEC 27001:2022", "A.5.17", "Passwords are not changed every 90 days.",
     "Password rules in access policy AC-01 rev 4: 14 characters, blocklist, change on compromise.", True),
    ("ISO/IEC 27001:2022", "A.5.17", "Shared administrator passwords were not changed when two administrators left.",
     "Leavers of 2026-05 and 2026-07; vault entries unchanged since 2025-11.", False),
    ("ISO 9001:2015", "8.6", "There is no 100% inspection of the machined housings before dispatch.",
     "Control plan CP-07: sampling of 5 per batch at final inspection; records for batches 7701-7720.", True),
    ("ISO 9001:2015", "5.1", "The managing director does not personally chair the monthly quality meetings.",
     "Quality meetings chaired by the operations director; MD reviews minutes; MR-26 chaired by MD.", True),
    # the thing said to be required right after its name (demand_after), not where the organization's own
    # procedure asks for it
    ("ISO 45001:2018", "6.1.2.2", "Galley risk assessments use a simple matrix. For offshore work a 5x5 risk matrix is required.",
     "RA-G-01 rev 6: 41 hazards rated low, medium or high, each with controls and an owner.", True),
    ("ISO 45001:2018", "6.1.2.2", "Galley risk assessments use a simple matrix, though procedure HSE-03 requires a 5x5 risk matrix.",
     "RA-G-01 rev 6: 41 hazards rated low, medium or high.", False),
    ("ISO 45001:2018", "6.1.2.2", "Galley risk assessments use a 5x5 risk matrix.",
     "RA-G-01 rev 6: 41 hazards rated, 3 without an owner.", False),
])
def test_what_more_clauses_do_not_require(checker, criteria: str, clause: str, statement: str, evidence: str,  # type: ignore[no-untyped-def]
                                          downgraded: bool) -> None:
    assert _fires(checker, "FV505", criteria, clause, statement, evidence) is downgraded


@pytest.mark.parametrize(("statement", "downgraded"), [
    # the thing is the yardstick the finding measures against, not what it says is missing
    ("Complaint C-25-07 was not handled per the complaints procedure.", False),
    ("Sales staff do not follow the complaints procedure for warranty claims.", False),
    ("Complaint C-25-07 was not closed in line with the complaints procedure.", False),
    # the thing itself said to be missing
    ("There is no complaints procedure.", True),
    ("A complaints procedure has not been established.", True),
])
def test_the_thing_as_a_yardstick(checker, statement: str, downgraded: bool) -> None:  # type: ignore[no-untyped-def]
    evidence = "Complaint log CL-25: 48 complaints; files of C-25-03 and C-25-07."
    assert _fires(checker, "FV505", "ISO 9001:2015", "8.2.1", statement, evidence) is downgraded


@pytest.mark.parametrize(("criteria", "clause", "statement", "downgraded"), [
    # documents earlier editions named, which the current ones leave to the organization's form
    ("ISO/IEC 27001:2022", "6.1.3", "No control objectives have been defined for the Annex A domains.", True),
    ("ISO 14001:2015", "6.2.2", "There is no environmental management programme.", True),
    ("ISO 45001:2018", "6.2.2", "An OH&S management programme has not been established.", True),
    # near misses: the plan exists and the finding is about what it lacks
    ("ISO 45001:2018", "6.2.2", "The OH&S management programme names no owner for objective OHO-2.", False),
])
def test_documents_earlier_editions_named(checker, criteria: str, clause: str, statement: str,  # type: ignore[no-untyped-def]
                                          downgraded: bool) -> None:
    evidence = "Objectives plan OP-26 rev 1 of 2026-01-15: objectives, actions, owners, dates and indicators."
    assert _fires(checker, "FV505", criteria, clause, statement, evidence) is downgraded


@pytest.mark.parametrize(("clause", "statement", "evidence", "downgraded"), [
    # a superseded edition's clause: the audited edition's entries apply
    ("ISO 9001:2008 5.5.2", "No management representative has been appointed.",
     "Responsibilities assigned in matrix RM-01 rev 3 of 2026-01-10.", True),
    ("ISO 9001:2008 4.2.2", "The organization has no quality manual.", "Process map PM-01 rev 4; 22 procedures.", True),
    # the audited edition's own requirement stays one
    ("ISO 9001:2008 4.2.2", "The quality manual has not been updated since 2014, although procedure DOC-01 requires "
     "a yearly review of it.", "Manual QM-01 rev 6 of 2014-03.", False),
    # a section of the client's manual named as a reference, not demanded
    ("ISO 9001:2015 5.3", "The role of process owner defined in the quality manual section 5 is vacant for purchasing.",
     "Organisation chart OC-26; manual QM-01 rev 6 section 5.", False),
])
def test_removed_requirements_cited_by_a_superseded_clause(checker, clause: str, statement: str, evidence: str,  # type: ignore[no-untyped-def]
                                                           downgraded: bool) -> None:
    assert _fires(checker, "FV502", "ISO 9001:2015", clause, statement, evidence) is downgraded


@pytest.mark.parametrize(("criteria", "clause", "statement", "evidence", "downgraded"), [
    # the standard said to require the thing: the auditor's reading, not the organization's requirement
    ("ISO/IEC 27001:2022", "A.8.16", "The company does not have a SIEM. A.8.16 requires a SIEM tool.",
     "Cloud monitor alerts reviewed daily; log of 2026-06-01 to 2026-06-16.", True),
    ("ISO/IEC 27001:2022", "A.8.16", "The company does not have a SIEM, although policy MON-02 requires one.",
     "Network diagram ND-26.", False),
    # a named post, however it is called
    ("ISO 45001:2018", "5.3", "No dedicated safety officer has been appointed.",
     "Organisation chart OC-2026; OH&S responsibilities assigned to the owner; consultant contract of 2026-01.", True),
])
def test_standard_claims_and_posts(checker, criteria: str, clause: str, statement: str, evidence: str,  # type: ignore[no-untyped-def]
                                   downgraded: bool) -> None:
    assert _fires(checker, "FV505", criteria, clause, statement, evidence) is downgraded


@pytest.mark.parametrize(("statement", "evidence", "downgraded"), [
    # a judgement that something is not done often enough, with no interval the organization set
    ("Internal audits of the warehouse are not frequent enough.", "Audit programme IAP-26: warehouse audited yearly.", True),
    ("Supplier re-evaluation frequency is insufficient.",
     "Supplier re-evaluation yearly; records for 2025 and 2026.", True),
    # the organization's own interval not kept stays a nonconformity
    ("Internal audits of the warehouse are not frequent enough: procedure QP-09 requires two a year and one was done.",
     "Audit programme IAP-26.", False),
])
def test_frequency_judgements(checker, statement: str, evidence: str, downgraded: bool) -> None:  # type: ignore[no-untyped-def]
    assert _fires(checker, "FV505", "ISO 9001:2015", "9.2.2", statement, evidence) is downgraded


@pytest.mark.parametrize(("text", "found"), [
    ("the register updates", True), ("the register updated", True), ("the register updating", True),
    ("the register update", True), ("the register updateed", False), ("the register updatesd", False),
    ("penetration testing", True), ("penetration tested", True), ("penetration tester", False),
])
def test_the_last_word_of_a_phrase_is_read_in_its_inflected_forms(text: str, found: bool) -> None:
    from findings_validator.dsl.notrequired import _pattern

    phrases = ("register update", "penetration test")
    assert (_pattern(phrases).search(text) is not None) is found


@pytest.mark.parametrize(("statement", "evidence", "downgraded"), [
    # an acronym the catalog lists is no such thing inside a document's code
    ("SIEM alerts of high severity were not reviewed within the 4 hours defined in SOC-PRO-03.",
     "Alert queue export of 2026-06-02: 7 of 19 high alerts reviewed after 4 hours.", False),
    # the statement says the standard itself asks for the thing: the finding rests on it
    ("The organization uses a waste contractor that is not ISO 27001 certified. Control A.5.19 requires "
     "suppliers to be certified suppliers.", "Contract WC-2025-04 reviewed.", True),
])
def test_codes_and_claims(checker, statement: str, evidence: str, downgraded: bool) -> None:  # type: ignore[no-untyped-def]
    assert _fires(checker, "FV505", "ISO/IEC 27001:2022", "A.8.16", statement, evidence) is downgraded
