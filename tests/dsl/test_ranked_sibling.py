"""A sibling the finding ranks first, the cited clause scoring next to nothing beside it (``ranked_sibling``)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from findings_validator.dsl.subjects import ranked_sibling

BACKUP = "Restore testing of production database backups was not performed as the backup policy requires."
BACKUP_EVIDENCE = "Restore test log RT-LOG: last test 2025-11-12, none in Q1 2026."
LEAVERS = "Access rights of leavers were not removed: 3 of 20 leavers still had active accounts on 2026-09-15."


def test_the_sibling_the_finding_is_about(catalogs) -> None:  # type: ignore[no-untyped-def]
    assert ranked_sibling(catalogs, "ISO/IEC 27001:2022/A.8.14", BACKUP, "", BACKUP_EVIDENCE) == (
        "ISO/IEC 27001:2022/A.8.13")
    assert ranked_sibling(catalogs, "ISO/IEC 27001:2022/A.8.13", BACKUP, "", BACKUP_EVIDENCE) == ""


def test_a_general_clause_or_one_the_finding_names_as_the_clients_arrangement_is_not_judged(catalogs) -> None:  # type: ignore[no-untyped-def]
    # a General sub-clause carries the subjects its siblings detail
    assert ranked_sibling(catalogs, "ISO 9001:2015/7.1.5.1", "Two calipers at goods-in were past their calibration "
                          "due date.", "", "Calipers DVC-0112 and DVC-0118, due 2025-09-10.") == ""
    cited = "ISO/IEC 27001:2022/A.5.15"
    assert ranked_sibling(catalogs, cited, LEAVERS, "", "HR leaver list.", "") == "ISO/IEC 27001:2022/A.5.18"
    assert ranked_sibling(catalogs, cited, LEAVERS, "", "HR leaver list.",
                          "A.5.15 / Access Control Policy AC-01 s.4.2") == ""


def test_a_quoted_requirement_of_the_cited_clause_vouches_for_it(catalogs) -> None:  # type: ignore[no-untyped-def]
    quoted = "Redundancy of information processing facilities shall be sufficient to meet availability requirements."
    assert ranked_sibling(catalogs, "ISO/IEC 27001:2022/A.8.14", BACKUP, quoted, BACKUP_EVIDENCE) == ""


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=200), st.text(max_size=120))
def test_any_text_gives_a_sibling_of_the_same_parent_or_nothing(catalogs, statement: str, evidence: str) -> None:  # type: ignore[no-untyped-def]
    key = "ISO 9001:2015/8.4.2"
    found = ranked_sibling(catalogs, key, statement, "", evidence)
    assert found == "" or (found != key and catalogs.clause(found).parent == catalogs.clause(key).parent)
