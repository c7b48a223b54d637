"""Anchors (catalog ``anchors``): a finding that names none of a clause's anchors is not about that clause."""

from __future__ import annotations

import re
from dataclasses import replace

from hypothesis import given
from hypothesis import strategies as st

from findings_validator.catalog import Catalogs, load_catalogs
from findings_validator.catalog.anchors import anchored
from findings_validator.catalog.index import Clause

CATALOGS: Catalogs = load_catalogs()
COMPETENCE = CATALOGS.clause("ISO 45001:2018/7.2")
ANCHORED = [c for e in CATALOGS.editions.values() for c in e.clauses.values() if c.anchors]
# text around an anchor: words that end before it and start after it (a space between)
FILLER = st.text(alphabet="abcdefghij ,.;()0123456789", max_size=40)


def _clause(*anchors: str) -> Clause:
    assert COMPETENCE is not None
    return replace(COMPETENCE, anchors=anchors)


def test_the_bundled_current_editions_anchor_the_subjects_of_their_own() -> None:
    for key in ("ISO 9001:2015/7.2", "ISO 9001:2026/9.2.1", "ISO 14001:2015/8.2", "ISO 45001:2018/5.4",
                "ISO/IEC 27001:2022/A.8.13", "ISO/IEC 27001:2022/9.3.2"):
        clause = CATALOGS.clause(key)
        assert clause is not None and clause.anchors, key
    # a clause whose subject may be written in any words has none
    for key in ("ISO 9001:2015/8.1", "ISO 9001:2015/8.5.1", "ISO 9001:2015/4.4.1"):
        clause = CATALOGS.clause(key)
        assert clause is not None and not clause.anchors, key


def test_a_finding_is_read_for_the_words_of_the_subject() -> None:
    assert COMPETENCE is not None
    assert anchored(COMPETENCE, "Two welders had no valid qualification.")
    assert anchored(COMPETENCE, "Harness HN-03 overdue.", "", "Inspected by T. Lind, who is untrained.")
    assert anchored(COMPETENCE, "No re-training after the change.")  # a word after a hyphen
    assert not anchored(COMPETENCE, "Fall-arrest harnesses were not inspected at the 6-monthly interval.",
                        "PPE register PPE-REG-H7: HN-03 and HN-07 last inspected 2025-09-04.")
    assert not anchored(COMPETENCE, "")


def test_stems_phrases_and_whole_words() -> None:
    clause = _clause("train*", "back up", "audit")
    assert anchored(clause, "Trainees were left alone.")
    assert anchored(clause, "nobody was TRAINED")
    assert anchored(clause, "the data were not backed up", "did not back-up") is True
    assert anchored(clause, "a Back Up was not made")
    assert not anchored(clause, "the auditorium was locked")  # a word without * matches itself only
    assert not anchored(clause, "restrained")  # a stem opens a word
    assert anchored(clause, "the audit was late")


def test_a_clause_without_anchors_is_always_anchored() -> None:
    assert anchored(_clause(), "anything at all")
    assert anchored(_clause())


@given(st.sampled_from(ANCHORED), st.data(), FILLER, FILLER)
def test_any_anchor_written_in_any_text_is_found(clause: Clause, data: st.DataObject, before: str,
                                                 after: str) -> None:
    anchor = data.draw(st.sampled_from(clause.anchors))
    ending = data.draw(st.text(alphabet="abcdefghijklmnopqrstuvwxyz", max_size=5)) if anchor.endswith("*") else ""
    written = anchor.removesuffix("*") + ending
    written = data.draw(st.sampled_from([written, written.upper(), written.title()]))
    assert anchored(clause, f"{before} {written} {after}")
    assert anchored(clause, "", f"{before} {written}.")


@given(st.sampled_from(ANCHORED), st.text(alphabet="0123456789 .,;:-/", max_size=60))
def test_text_without_words_names_no_anchor(clause: Clause, text: str) -> None:
    # digits and punctuation alone name nothing, unless the clause anchors a number
    if not any(re.fullmatch(r"[\d .,;:/-]+", a) for a in clause.anchors):
        assert not anchored(clause, text)
