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
