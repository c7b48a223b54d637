"""Close clauses: the catalog's close and distinct profiles and the close clause a statement is about."""

from __future__ import annotations

import pytest

from findings_validator.catalog.index import Clause
from findings_validator.dsl.close import close_check, close_clauses, names_distinct

EVIDENCE = "Record CE-2025-1 of 2025-09-30; EHS coordinator D. Mills."


def test_every_close_clause_exists_in_its_edition_and_has_a_distinct_profile(catalogs) -> None:  # type: ignore[no-untyped-def]
    listed = 0
    for edition in catalogs.editions.values():
        for clause in edition.clauses.values():
            for other in clause.close:
                listed += 1
                assert other in edition.clauses, f"{clause.label}: close clause {other} is not in the edition"
                assert edition.clauses[other].distinct, f"{clause.label}: close clause {other} has no distinct profile"
                assert other != clause.id
            if clause.close:
                assert clause.distinct, f"{clause.label} names close clauses but has no distinct profile"
    assert listed > 0


def test_close_is_read_both_ways(catalogs) -> None:  # type: ignore[no-untyped-def]
    evaluation = catalogs.clause("ISO 14001:2015/9.1.2")
    assert not evaluation.close  # listed by the clauses next to it, not by itself
    keys = {c.key for c in close_clauses(catalogs, evaluation)}
    assert {"ISO 14001:2015/6.1.2", "ISO 14001:2015/6.1.3", "ISO 14001:2015/6.1.4"} <= keys


def test_the_profiles_survive_the_cache(catalogs) -> None:  # type: ignore[no-untyped-def]
    clause = catalogs.clause("ISO/IEC 27001:2022/A.5.15")
    assert clause.close and clause.distinct and Clause.__from_plain__(clause.__plain__()) == clause


@pytest.mark.parametrize(("key", "statement", "expected", "firm"), [
    ("ISO 14001:2015/6.1.2", "Compliance with the groundwater abstraction licence was not evaluated in 2025.",
     "ISO 14001:2015/9.1.2", True),
    ("ISO 14001:2015/9.1.2", "Compliance with the groundwater abstraction licence was not evaluated in 2025.", "", False),
    # the statement names the cited clause's subject too
    ("ISO 14001:2015/6.1.2", "The aspects register was not updated and compliance with the licence was not evaluated.",
     "", False),
    ("ISO/IEC 27001:2022/A.5.15", "Access rights of four leavers were still active a month after they left.",
     "ISO/IEC 27001:2022/A.5.18", True),
    # two close clauses named: no single one to suggest
    ("ISO/IEC 27001:2022/A.5.15", "Leavers' access rights were not removed and MFA is not enabled for remote access.",
     "", False),
    # the yardstick is the cited control's subject: a reviewer decides
    ("ISO/IEC 27001:2022/A.5.15", "Access rights of two leavers were not removed within one working day, although "
     "the access control policy ISP-05 requires it.", "ISO/IEC 27001:2022/A.5.18", False),
    ("ISO 45001:2018/6.1.2.2", "Two lost-time injuries were reported but the incidents were not investigated.",
     "ISO 45001:2018/10.2", True),
])
def test_the_close_clause_the_statement_is_about(catalogs, key: str, statement: str, expected: str,  # type: ignore[no-untyped-def]
                                                 firm: bool) -> None:
    assert close_check(catalogs, key, statement, "", EVIDENCE) == (expected, firm)


def test_a_client_document_cited_beside_the_clause_keeps_the_reading_a_warning(catalogs) -> None:  # type: ignore[no-untyped-def]
    statement = "Access rights of four leavers were still active a month after they left."
    assert close_check(catalogs, "ISO/IEC 27001:2022/A.5.15", statement, "", EVIDENCE,
                       "A.5.15 / Access control policy AC-01 s.4.2") == ("ISO/IEC 27001:2022/A.5.18", False)


def test_the_evidence_naming_the_cited_subject_keeps_the_citation(catalogs) -> None:  # type: ignore[no-untyped-def]
    statement = "Compliance with the groundwater abstraction licence was not evaluated in 2025."
    evidence = "Aspects register ENV-02 lists the abstraction; licence GA-0412."
    assert close_check(catalogs, "ISO 14001:2015/6.1.2", statement, "", evidence) == ("", False)


def test_words_stand_together_in_one_sentence_part() -> None:
    phrases = ("evaluation of compliance",)
    assert names_distinct(phrases, "Compliance with the trade effluent consent was not evaluated.")
    assert not names_distinct(phrases, "Compliance obligations are listed. The aspects were evaluated.")
    assert names_distinct(phrases, "Compliance with reg. 8 was not evaluated.")  # 'reg. 8' ends no sentence
    assert not names_distinct(phrases, "Compliance with the register, the permits, the consents, the licences and "
                                       "the trade body's codes was never evaluated.")
    assert names_distinct(phrases, "Compliance with the register, the permits, the consents, the licences and "
                                   "the trade body's codes was never evaluated.", close=False)


@pytest.mark.parametrize(("key", "statement", "expected", "firm"), [
    # quality: information given to external providers beside the review of a customer's order
    ("ISO 9001:2015/8.2.3.1", "Purchase orders to the plating subcontractor do not state the coating thickness "
     "required.", "ISO 9001:2015/8.4.3", True),
    # environment: testing the emergency response beside operational control
    ("ISO 14001:2015/8.1", "The fuel spill emergency response has not been tested since 2022.",
     "ISO 14001:2015/8.2", True),
    # information security: backup beside redundancy, and supplier agreements beside the supplier policy
    ("ISO/IEC 27001:2022/A.8.14", "Restores from the nightly backups have never been tested.",
     "ISO/IEC 27001:2022/A.8.13", True),
    # the cited clause's subject named too (a backup restored onto the standby server): the citation stands
    ("ISO/IEC 27001:2022/A.8.14", "Restores from the nightly backups onto the standby server have never been tested.",
     "", False),
])
def test_the_close_pairs_auditors_confuse(catalogs, key: str, statement: str, expected: str,  # type: ignore[no-untyped-def]
                                           firm: bool) -> None:
    assert close_check(catalogs, key, statement, "", EVIDENCE) == (expected, firm)


@pytest.mark.parametrize(("key", "statement", "expected", "firm"), [
    # ISO/IEC 27001 clauses 4 to 10: commitment beside roles, a change to the ISMS beside change management
    ("ISO/IEC 27001:2022/5.3", "Top management has not shown its commitment: no director attended an ISMS meeting "
     "this year.", "ISO/IEC 27001:2022/5.1", True),
    ("ISO/IEC 27001:2022/A.8.32", "Changes to the ISMS after the merger with the sister company were not planned.",
     "ISO/IEC 27001:2022/6.3", True),
    # Annex A: capacity beside monitoring, clear desk beside secure areas, clocks beside logging, utility programs
    # beside privileged access, network segregation beside network security, a leaver's access beside the duties
    # that outlast employment
    ("ISO/IEC 27001:2022/A.8.16", "Nobody plans the disk space of the database cluster; it reached 96 % in May.",
     "ISO/IEC 27001:2022/A.8.6", True),
    ("ISO/IEC 27001:2022/A.7.6", "Payroll printouts were left on desks in the open office overnight.",
     "ISO/IEC 27001:2022/A.7.7", True),
    ("ISO/IEC 27001:2022/A.8.15", "The clocks of the two domain controllers are nine minutes apart.",
     "ISO/IEC 27001:2022/A.8.17", True),
    ("ISO/IEC 27001:2022/A.8.2", "Any user can run PsExec on the finance workstations.",
     "ISO/IEC 27001:2022/A.8.18", True),
    ("ISO/IEC 27001:2022/A.8.20", "Visitors on the guest Wi-Fi reach the file servers: it is a flat network.",
     "ISO/IEC 27001:2022/A.8.22", True),
    ("ISO/IEC 27001:2022/A.6.5", "User accounts of four staff who left in August were still active in October.",
     "ISO/IEC 27001:2022/A.5.18", True),
    # the ranker does not confirm every wording: then the reading is a warning only
    ("ISO/IEC 27001:2022/A.6.5", "Accounts of two engineers who left in March were still enabled in June.",
     "ISO/IEC 27001:2022/A.5.18", False),
    # near-misses: the cited control's own subject is named too (capacity, termination), so the citation stands
    ("ISO/IEC 27001:2022/A.8.16", "Disk capacity of the database cluster is not monitored.", "", False),
    ("ISO/IEC 27001:2022/A.6.5", "Leavers' accounts were still enabled because the termination checklist has no "
     "step for the duties that remain after termination.", "", False),
    # controls whose neighbours reviewers accept as well carry no close clauses: information transfer by
    # unencrypted e-mail is not sent to cryptography
    ("ISO/IEC 27001:2022/A.5.14", "Payroll files are sent to the bureau as unencrypted e-mail attachments.", "", False),
])
def test_the_close_pairs_of_iso_iec_27001(catalogs, key: str, statement: str, expected: str,  # type: ignore[no-untyped-def]
                                          firm: bool) -> None:
    assert close_check(catalogs, key, statement, "", EVIDENCE) == (expected, firm)


def test_a_general_sub_clause_cited_for_its_siblings_subject_is_a_warning_only(catalogs) -> None:  # type: ignore[no-untyped-def]
    statement = "Compliance with the lifting equipment regulations was not evaluated in 2025."
    assert close_check(catalogs, "ISO 45001:2018/9.1.1", statement, "", EVIDENCE) == ("ISO 45001:2018/9.1.2", False)


def test_the_requirements_of_one_heading_are_one_close_subject(catalogs) -> None:  # type: ignore[no-untyped-def]
    statement = "Internal audits planned for the second half of 2025 were not carried out at the Leeds warehouse."
    other, firm = close_check(catalogs, "ISO 9001:2015/9.3.2", statement, "", EVIDENCE)
    assert other in ("ISO 9001:2015/9.2.1", "ISO 9001:2015/9.2.2") and firm
    # both internal audit requirements carry one profile; requirements of one heading with different profiles
    # (access rights and authentication information, both organizational controls) are not grouped
    assert close_check(catalogs, "ISO/IEC 27001:2022/A.8.2", "Leavers' access rights were not removed and their "
                       "passwords were not reset.", "", EVIDENCE) == ("", False)


def test_a_general_sub_clause_cited_whole_for_what_only_its_sibling_details_is_firm(catalogs) -> None:  # type: ignore[no-untyped-def]
    statement = "Ultrasonic testing equipment was used after its calibration had expired."
    assert close_check(catalogs, "ISO 9001:2015/7.1.5.1", statement, "", EVIDENCE) == ("ISO 9001:2015/7.1.5.2", True)
    # with one of its lettered items cited, the General sub-clause may be what the auditor meant: a warning only
    assert close_check(catalogs, "ISO 9001:2015/7.1.5.1", statement, "", EVIDENCE, items=("b",)) == (
        "ISO 9001:2015/7.1.5.2", False)
