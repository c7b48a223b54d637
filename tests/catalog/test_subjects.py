"""Subject profiles and the ranker: coverage of the current catalogs, ranking, the mismatch evidence."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from findings_validator.catalog.subjects import profile_text, rank, rankable, subject_index, tokens
from findings_validator.dsl.subjects import STRONG, edition_check, neighbourhood, process_clauses, subject_check
from findings_validator.dsl.context import _meanings

CURRENT = ["ISO 9001:2015", "ISO 9001:2026", "ISO 14001:2015", "ISO 14001:2026", "ISO 45001:2018",
           "ISO/IEC 27001:2022"]
BACKUP = "Backups of the engineering file server are not tested by restoring them."
BACKUP_EVIDENCE = "Backup job log BK-07 of 2025-10-01 shows nightly jobs; no restore test is recorded since 2024."


@pytest.mark.parametrize("edition", CURRENT)
def test_every_requirement_has_a_profile(catalogs, edition: str) -> None:  # type: ignore[no-untyped-def]
    clauses = [c for c in catalogs.editions[edition].clauses.values() if rankable(c)]
    assert clauses
    for clause in clauses:
        assert clause.summary and clause.keywords, clause.key
        assert len(set(profile_text(clause))) >= 4, clause.key


@pytest.mark.parametrize("edition", CURRENT)
def test_every_requirement_has_synonyms(catalogs, edition: str) -> None:  # type: ignore[no-untyped-def]
    clauses = [c for c in catalogs.editions[edition].clauses.values() if rankable(c)]
    assert [c.id for c in clauses if not c.synonyms] == []
    for clause in clauses:  # synonyms add words: none repeats a keyword
        assert not {s.lower() for s in clause.synonyms} & {k.lower() for k in clause.keywords}, clause.key


@pytest.mark.parametrize("edition", CURRENT)
def test_a_clause_keywords_rank_the_clause_near_the_top(catalogs, edition: str) -> None:  # type: ignore[no-untyped-def]
    """The profiles tell the clauses apart: a clause's own keywords put it among the first three for nearly all."""
    clauses = [c for c in catalogs.editions[edition].clauses.values() if rankable(c)]
    hits = 0
    for clause in clauses:
        ranking = rank(catalogs, (edition,), ", ".join(clause.keywords + clause.synonyms))
        hits += clause.key in [k for k, _ in ranking.scores[:3]]
    assert hits >= 0.9 * len(clauses)


def test_the_ranker_finds_the_subject(catalogs) -> None:  # type: ignore[no-untyped-def]
    ranking = rank(catalogs, ("ISO/IEC 27001:2022",), BACKUP, "", BACKUP_EVIDENCE)
    assert ranking.best[0] == "ISO/IEC 27001:2022/A.8.13"
    ranking = rank(catalogs, ("ISO 9001:2015",), "Two gauges were used past their calibration due date.")
    assert ranking.best[0] == "ISO 9001:2015/7.1.5.2"
    assert rank(catalogs, ("ISO 9001:2015",), "the of and was not").scores == ()


def test_the_index_is_built_once_and_shared(catalogs) -> None:  # type: ignore[no-untyped-def]
    assert subject_index(catalogs, ("ISO 9001:2015",)) is subject_index(catalogs, ("ISO 9001:2015",))


def test_stems_and_stopwords() -> None:
    assert tokens("Communicated communications") == ("communic", "communic")
    assert tokens("the organization was not") == ()


def test_an_annex_control_is_its_own_neighbourhood(catalogs) -> None:  # type: ignore[no-untyped-def]
    assert neighbourhood(catalogs, "ISO/IEC 27001:2022/A.8.2") == frozenset({"ISO/IEC 27001:2022/A.8.2"})
    near = neighbourhood(catalogs, "ISO 9001:2015/8.5.2")
    assert {"ISO 9001:2015/8.5", "ISO 9001:2015/8.5.1", "ISO 9001:2015/8.5.6"} <= near


def test_strong_mismatch_and_its_near_miss(catalogs) -> None:  # type: ignore[no-untyped-def]
    wrong = subject_check(catalogs, "ISO/IEC 27001:2022/A.8.2", BACKUP, "", BACKUP_EVIDENCE)
    assert not wrong.shares and wrong.strong and wrong.other == "ISO/IEC 27001:2022/A.8.13"
    right = subject_check(catalogs, "ISO/IEC 27001:2022/A.8.13", BACKUP, "", BACKUP_EVIDENCE)
    assert right.shares and not right.strong and right.other == ""


COMPLAINTS = "Customer complaints about the returned pallets were not analysed."


def test_a_weak_mismatch_is_not_strong(catalogs) -> None:  # type: ignore[no-untyped-def]
    """Customer complaints cited as organizational knowledge, with a word of the cited clause's subject in the
    evidence: another subject, but two clauses compete for it, so not by the margin of an error."""
    check = subject_check(catalogs, "ISO 9001:2015/7.1.6", COMPLAINTS, "",
                          "Log CP-02 of 2025-10-03 records no lessons learned; stores lead A. Okafor.")
    assert check.other == "ISO 9001:2015/8.2.1" and not check.untouched and not check.strong
    assert check.best < STRONG["margin"] * check.runner_up


def test_an_untouched_citation_needs_only_the_close_margin(catalogs) -> None:  # type: ignore[no-untyped-def]
    """Nothing of the finding touches organizational knowledge and the statement names complaints: the citation
    is wrong even though two clauses compete for the subject."""
    check = subject_check(catalogs, "ISO 9001:2015/7.1.6", COMPLAINTS, "",
                          "Log CP-02 of 2025-10-03; stores lead A. Okafor.")
    assert check.untouched and check.other == "ISO 9001:2015/8.2.1"
    assert STRONG["close_margin"] * check.runner_up <= check.best < STRONG["margin"] * check.runner_up
    assert check.strong and check.certain and not check.decisive  # a warning: a rejection needs the full margin


def test_siblings_under_a_main_clause_are_other_subjects(catalogs) -> None:  # type: ignore[no-untyped-def]
    """7.3 (awareness) and 7.4 (communication) are separate subjects; 7.5.1 and 7.5.3 are parts of one."""
    near = neighbourhood(catalogs, "ISO 9001:2015/7.3")
    assert "ISO 9001:2015/7" in near and "ISO 9001:2015/7.4" not in near
    assert "ISO 9001:2015/7.5.3" in neighbourhood(catalogs, "ISO 9001:2015/7.5.1")


def test_evidence_naming_the_cited_subject_keeps_a_wide_margin_from_deciding(catalogs) -> None:  # type: ignore[no-untyped-def]
    """A stray word of the cited clause in the finding: decisive only when the statement alone leaves no doubt and
    the evidence names nothing of the cited clause's subject."""
    statement = "Two of four claims handlers started work before reference and criminal record checks were completed."
    evidence = ("HR files: C. Ames (start 2025-04-07, DBS received 2025-05-22), P. Oyelaran (start 2025-09-01); "
                "screening policy HR-05 requires checks to be complete before start.")
    check = subject_check(catalogs, "ISO/IEC 27001:2022/A.6.3", statement, "", evidence)
    assert check.certain and 0 < check.whole_share and not check.vouched and check.decisive
    vouched = subject_check(catalogs, "ISO/IEC 27001:2022/A.6.3", statement, "",
                            evidence + " Their security awareness training is booked for May.")
    assert vouched.vouched and not vouched.decisive


def test_27001_10_1_changed_meaning(catalogs) -> None:  # type: ignore[no-untyped-def]
    """The 2013 -> 2022 map makes 10.1 and 10.2 swap subjects; the ranker reads which one the finding is about."""
    key = "ISO/IEC 27001:2022/10.1"
    meanings = _meanings(catalogs, key)
    assert ("ISO/IEC 27001:2013/10.1", ("ISO/IEC 27001:2022/10.2",)) in meanings
    statement = "Nonconformities from the internal audit were not evaluated for their root causes."
    found = edition_check(catalogs, key, meanings, statement, "", "")
    assert (found.meant, found.other, found.strong) == ("ISO/IEC 27001:2022/10.2", "ISO/IEC 27001:2013/10.1", True)
    improvement = "Continual improvement of the ISMS is not shown: improvement suggestions are not evaluated."
    assert edition_check(catalogs, key, meanings, improvement, "", "").meant == ""
    back = "ISO/IEC 27001:2022/10.2"
    assert edition_check(catalogs, back, _meanings(catalogs, back), improvement, "", "").meant == \
        "ISO/IEC 27001:2022/10.1"


def test_the_suggested_clause_is_in_the_json(catalogs, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from findings_validator.cli import main

    report = tmp_path / "r.yaml"
    report.write_text(f"""audit:
  type: surveillance
  criteria: ["ISO/IEC 27001:2022"]
  dates: ["2025-10-02"]
findings:
  - id: NC-01
    grade: minor
    clause: "A.8.2"
    statement: {BACKUP}
    evidence: {BACKUP_EVIDENCE}
""", encoding="utf-8")
    out = tmp_path / "out.json"
    main(["check", str(report), "-o", f"json={out}"])
    finding = json.loads(out.read_text(encoding="utf-8"))["findings"][0]
    assert finding["verdict"] == "invalid"  # nothing of the finding touches the cited control: decisive
    (diag,) = [d for d in finding["diagnostics"] if d["rule"] in ("FV119", "FV121", "FV122")]
    assert (diag["rule"], diag["severity"]) == ("FV122", "error")
    assert diag["suggested_clause"] == "ISO/IEC 27001:2022 A.8.13"
    assert "A.8.13" in diag["message"]


PRIVILEGED = "The allocation and use of privileged access rights are restricted and managed."


def test_a_certain_mismatch_and_what_keeps_it_a_warning(catalogs) -> None:  # type: ignore[no-untyped-def]
    """Certain: strong, the statement names the other subject in its profile's words, nothing points back at the
    cited clause. A quoted requirement of the cited clause, or the cited clause's own words, leave it strong only."""
    cited = "ISO/IEC 27001:2022/A.8.2"
    plain = subject_check(catalogs, cited, BACKUP, "", BACKUP_EVIDENCE)
    assert plain.strong and plain.named and plain.certain
    quoted = subject_check(catalogs, cited, BACKUP, PRIVILEGED, BACKUP_EVIDENCE)
    assert quoted.strong and not quoted.certain
    both = subject_check(catalogs, cited, BACKUP.rstrip(".") + " with privileged access rights.", "",
                         BACKUP_EVIDENCE)
    assert not both.certain
    # the evidence pointing back at the cited clause (its share of the whole finding's best) keeps it a warning
    evidence = ("Admin rights review AR-3 of 2025-09 shows 6 privileged accounts with no restriction; privileged "
                "access rights of the backup operator account are not managed.")
    leaning = subject_check(catalogs, cited, BACKUP, "", evidence)
    assert leaning.strong and leaning.whole_share > STRONG["neighbourhood_share"] and not leaning.certain


def test_a_decisive_mismatch_and_what_keeps_it_a_warning(catalogs) -> None:  # type: ignore[no-untyped-def]
    """Decisive: certain, nothing of the whole finding scores for the cited neighbourhood, the best clause scores
    well above the strong threshold and the statement alone keeps the margin. One word of the cited control's
    subject in the evidence leaves it certain only."""
    cited = "ISO/IEC 27001:2022/A.8.2"
    plain = subject_check(catalogs, cited, BACKUP, "", BACKUP_EVIDENCE)
    assert plain.certain and plain.decisive and plain.whole_share == 0.0
    assert plain.best >= STRONG["decisive_score"] and plain.said >= STRONG["margin"] * plain.said_runner_up
    touched = subject_check(catalogs, cited, BACKUP, "", BACKUP_EVIDENCE + " Jobs run under a privileged account.")
    assert touched.certain and 0.0 < touched.whole_share <= STRONG["neighbourhood_share"] and not touched.decisive
    quoted = subject_check(catalogs, cited, BACKUP, PRIVILEGED, BACKUP_EVIDENCE)
    assert not quoted.decisive
    right = subject_check(catalogs, "ISO/IEC 27001:2022/A.8.13", BACKUP, "", BACKUP_EVIDENCE)
    assert not right.decisive
    # a thin profile match (one word, a low score) is never decisive, whatever the cited clause
    thin = subject_check(catalogs, "ISO 9001:2015/7.1.4", "The canteen menu was not displayed.", "", "")
    assert not thin.decisive


def test_a_process_wide_clause_is_never_certainly_wrong(catalogs) -> None:  # type: ignore[no-untyped-def]
    assert process_clauses() == {"4.4", "8.1"}
    statement = "Risk assessments do not follow the five steps described in procedure HS-02."
    check = subject_check(catalogs, "ISO 9001:2015/8.1", statement, "", "Risk assessments RA-12 and RA-14.")
    assert check.strong and check.broad and not check.certain and not check.decisive
    elsewhere = subject_check(catalogs, "ISO 9001:2015/7.1.5.2", statement, "", "Risk assessments RA-12 and RA-14.")
    assert not elsewhere.broad


def test_scores_are_rank_bm25s_to_the_last_bit(catalogs) -> None:  # type: ignore[no-untyped-def]
    """The index's sums are ``BM25Okapi.get_scores``, weighted and added as before, on texts of every kind."""
    from rank_bm25 import BM25Okapi

    from findings_validator.catalog.subjects import WEIGHTS

    editions = ("ISO 9001:2015", "ISO 14001:2015", "ISO/IEC 27001:2022", "ISO 45001:2018")
    clauses = [c for e in editions for c in catalogs.editions[e].clauses.values() if rankable(c)]
    bm25 = BM25Okapi([profile_text(c) or ["-"] for c in clauses])
    index = subject_index(catalogs, editions)
    texts = [(BACKUP, "", BACKUP_EVIDENCE), ("Two gauges were used past their calibration due date.", "", ""),
             ("the of and was not", "", "")]
    texts += [(", ".join(c.keywords), c.title or "", c.summary) for c in clauses[::7]]
    for statement, requirement, evidence in texts:
        total = None
        for text, weight in ((statement, WEIGHTS["statement"]), (requirement, WEIGHTS["requirement"]),
                             (evidence, WEIGHTS["evidence"])):
            query = [w for w in tokens(text) if w in index.vocabulary]
            if query and weight:
                scores = bm25.get_scores(query) * weight
                total = scores if total is None else total + scores
        expected = () if total is None else tuple(sorted(
            ((c.key, float(s)) for c, s in zip(clauses, total, strict=True) if s > 0), key=lambda p: -p[1]))
        ranking = rank(catalogs, editions, statement, requirement, evidence)
        assert ranking.scores == expected
        assert all(ranking.score(k) == s for k, s in expected) and ranking.score("no such clause") == 0.0


def test_the_index_is_cached_on_disk_and_read_back_the_same(catalogs, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from findings_validator.catalog import subjects

    monkeypatch.setenv("FINDINGS_VALIDATOR_CACHE", str(tmp_path))
    assert catalogs.content_key
    built = subjects._subject_index.__wrapped__(catalogs, ("ISO 9001:2015",))
    assert list(tmp_path.glob("subjects-*.json"))
    read = subjects._subject_index.__wrapped__(catalogs, ("ISO 9001:2015",))
    assert read is not built
    assert (read.keys, read.profiles, read.terms) == (built.keys, built.profiles, built.terms)


@pytest.mark.parametrize(("one", "other"), [
    ("synchronised", "synchronization"), ("organised", "organized"), ("prioritisation", "prioritization"), ("analyse", "analyzed"),
    ("behavior", "behaviour"), ("authorisation", "authorizing"), ("labor", "labour")])
def test_spelling_variants_are_one_word(one: str, other: str) -> None:
    assert tokens(one) == tokens(other)


def test_short_words_and_other_endings_keep_their_spelling() -> None:
    from findings_validator.catalog.subjects import spelling

    assert [spelling(w) for w in ("size", "prize", "seize", "revise", "monitor", "centre")] == \
        ["size", "prize", "seize", "revise", "monitor", "centre"]
    assert spelling("synchronized") == "synchronised" and spelling("analyzing") == "analysing"


@pytest.mark.parametrize(("one", "other"), [("operators", "operational"), ("designated", "design"), ("valid", "validation")])
def test_words_of_another_meaning_are_kept_apart(one: str, other: str) -> None:
    """The stemmer makes 'operator' one with 'operational'; the data keeps them apart."""
    assert tokens(one) != tokens(other)


def test_a_qualification_names_competence_not_operations(catalogs) -> None:  # type: ignore[no-untyped-def]
    ranking = rank(catalogs, ("ISO 9001:2015",), "Forklift operators work without valid operator qualification.")
    assert ranking.best[0] == "ISO 9001:2015/7.2"


def test_a_british_spelling_names_an_american_profile(catalogs) -> None:  # type: ignore[no-untyped-def]
    """A.8.17's profile says 'clock synchronization'; a finding written 'clocks were not synchronised' names it."""
    from findings_validator.dsl.subjects import names

    clause = catalogs.clause("ISO/IEC 27001:2022/A.8.17")
    assert names(clause, "Server clocks were not synchronised; each clock drifted by minutes.")
    ranking = rank(catalogs, ("ISO/IEC 27001:2022",), "The clocks of 3 servers were not synchronised.")
    assert ranking.best[0] == "ISO/IEC 27001:2022/A.8.17"


@pytest.mark.parametrize("bad", ["suffix ize", "keep operator operational", "keep"])
def test_a_malformed_spelling_line_is_a_located_error(monkeypatch, bad: str) -> None:  # type: ignore[no-untyped-def]
    from findings_validator.catalog import subjects

    class Text:
        def joinpath(self, _name: str) -> Text:
            return self

        def read_text(self, encoding: str) -> str:
            return f"# comment\nending ize ise\n{bad}\n"

    subjects._spellings.cache_clear()
    monkeypatch.setattr(subjects.resources, "files", lambda _package: Text())
    try:
        with pytest.raises(ValueError, match=r"subject_spellings.txt:3"):
            subjects._spellings()
    finally:
        monkeypatch.undo()
        subjects._spellings.cache_clear()


@pytest.mark.parametrize(("statement", "expected"), [
    ("Clocks were not synchronised, so log entries cannot be correlated.", "Clocks were not synchronised."),
    ("Records were not kept; therefore competence cannot be shown. The matrix is old.",
     "Records were not kept. The matrix is old."),
    ("The order shipped late - so the customer complained.", "The order shipped late."),
    ("It was so late that nobody checked.", "It was so late that nobody checked."),  # 'so' with no break before it
    ("No consequence is named here.", "No consequence is named here."),
])
def test_the_departure_leaves_out_what_follows_from_it(statement: str, expected: str) -> None:
    from findings_validator.dsl.subjects import departure

    assert departure(statement) == expected


def test_a_mismatch_seen_only_without_the_consequence_is_decisive_if_untouched(catalogs) -> None:  # type: ignore[no-untyped-def]
    statement = ("The clocks of 3 of 7 sampled servers were not synchronised to the approved NTP source, so log "
                 "entries cannot be correlated.")
    evidence = "Servers BOC-SQL01 and BOC-FS02 drifted 4 to 7 minutes from the domain controller on 2025-09-16."
    check = subject_check(catalogs, "ISO/IEC 27001:2022/A.8.15", statement, "", evidence)
    assert check.trimmed and check.certain and check.decisive
    assert check.suggested == "ISO/IEC 27001:2022/A.8.17"
    # evidence that names the cited control's subject (its SIEM) leaves it to a reviewer
    named = subject_check(catalogs, "ISO/IEC 27001:2022/A.8.15", statement, "", evidence + " The SIEM shows them.")
    assert named.trimmed and named.certain and not named.decisive
    right = subject_check(catalogs, "ISO/IEC 27001:2022/A.8.17", statement, "", evidence)
    assert not right.strong and not right.trimmed


def test_the_english_stemmer_is_snowball_english() -> None:
    """PyStemmer's Snowball English (Porter 2) stems, after the spelling variants are made one."""
    from findings_validator.catalog.subjects import stem

    words = ["communications", "calibrated", "nonconformities", "competence", "generously", "synchronization",
             "synchronisation", "behaviour", "behavior"]
    assert [stem(w) for w in words] == ["communic", "calibr", "nonconform", "compet", "generous", "synchronis",
                                        "synchronis", "behaviour", "behaviour"]


def test_a_cited_clause_written_with_its_title_is_left_out_of_the_subject() -> None:
    from findings_validator.dsl.subjects import without_cited

    acceptable = ("A.5.10", "Acceptable use of information and other associated assets")
    assert without_cited("Laptops not returned, compromising control A.5.10 Acceptable use of information and other "
                         "associated assets.", [acceptable]) == "Laptops not returned, compromising  ."
    assert without_cited("Not met: Annex A 5.10 - acceptable use of information and other associated assets",
                         [acceptable]) == "Not met:  "
    # the title alone is the statement's own words; another clause's number is another clause
    assert without_cited("Competence of welders not shown.", [("7.2", "Competence")]) == \
        "Competence of welders not shown."
    assert without_cited("See 17.2 Competence matrix.", [("7.2", "Competence")]) == "See 17.2 Competence matrix."


@pytest.mark.parametrize(("text", "keep_first", "expected"), [
    ("Damage was not reported. Storage racks for customer tools were dry and labelled.", True,
     "Damage was not reported."),
    # a sentence that says something is missing, late or only partly so stays, whatever it reports as met
    ("Damage was not reported. The log was current but not signed.", True,
     "Damage was not reported. The log was current but not signed."),
    ("Damage was not reported. Records were complete except for May.", True,
     "Damage was not reported. Records were complete except for May."),
    # the statement's first sentence says what is not met and always stays; the evidence's may go
    ("Laptops of all 8 leavers were recorded as returned.", True,
     "Laptops of all 8 leavers were recorded as returned."),
    ("Laptops of all 8 leavers were recorded as returned. 3 accounts still active on 2025-10-28.", False,
     "3 accounts still active on 2025-10-28."),
    ("Nothing reported as met here.", False, "Nothing reported as met here."),
])
def test_sentences_reporting_a_subject_found_in_order_are_left_out(text: str, keep_first: bool,
                                                                   expected: str) -> None:
    from findings_validator.dsl.subjects import without_conforming

    assert without_conforming(text, keep_first=keep_first) == expected


def test_a_subject_the_evidence_reports_in_order_does_not_keep_a_wrong_citation() -> None:
    from findings_validator.engine import build_checker, check_finding
    from findings_validator.models import Audit, Finding

    audit = Audit(criteria=["ISO 9001:2015"])
    detecting = {r.id for r in build_checker().rules if "citation_mismatch" in r.detects}

    def mismatch(evidence: str) -> list[str]:
        finding = Finding(id="F1", grade="minor", clause="8.5.4 Preservation",
                          statement="Damage to a customer-owned press tool was not reported to the customer.",
                          evidence="Customer-owned die CT-4471 was damaged on 2025-09-22 and repaired in-house; the "
                                   "customer property register has no entry and no message to the customer was "
                                   f"found. {evidence}")
        return [d.rule for d in check_finding(finding, audit).diagnostics
                if d.rule in detecting and d.severity.value == "error"]

    # the cited clause's subject (storage) reported as found in order is not what the finding is about ...
    assert mismatch("Storage racks for customer tools were dry and labelled.")
    # ... while the same subject reported unmet keeps the citation for a reviewer to weigh
    assert not mismatch("Storage racks for customer tools were not labelled and the die was left outside.")


def test_a_control_named_by_its_own_word_keeps_its_citation() -> None:
    """UPS testing is the supporting utilities' subject however the maintenance schedule words it; passport copies
    are personal data: neither citation is rejected for the close control the statement's other words name."""
    from findings_validator.engine import build_checker, check_finding
    from findings_validator.models import Audit, Finding

    audit = Audit(criteria=["ISO/IEC 27001:2022"])
    checker = build_checker()
    detecting = {r.id for r in checker.rules if "citation_mismatch" in r.detects}

    def rejected(clause: str, statement: str, evidence: str) -> list[str]:
        finding = Finding(id="F1", grade="minor", clause=clause, statement=statement, evidence=evidence)
        return [d.rule for d in check_finding(finding, audit).diagnostics
                if d.rule in detecting and d.severity.value == "error"]

    assert not rejected("A.7.11 Supporting utilities",
                        "UPS battery discharge testing at DC2 has not been carried out at the frequency the maintenance "
                        "schedule sets.",
                        "Schedule PMS-ELEC-02 requires six-monthly discharge tests; last test report 2025-04-09.")
    assert not rejected("A.5.34", "Scanned guest passport copies are kept beyond the retention period the "
                                  "organisation has set.",
                        "Retention schedule RS-01 v4: scans deleted 30 days after check-out; 1,942 older images found.")


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["Records were complete", "not", "3 of 8", "wasn’t", "Racks were dry", "late",
                                 ".", ";", ",", "\n", "e.g.", "Storage", "found in order", "(", ")"]), max_size=25)
       .map(" ".join) | st.text(max_size=200))
def test_leaving_out_sentences_found_in_order_never_adds_words(text: str) -> None:
    """Whatever the text, the reading only drops words (and never all of a statement's first sentence)."""
    from findings_validator.dsl.subjects import without_conforming

    for keep_first in (True, False):
        left = without_conforming(text, keep_first=keep_first)
        assert set(left.split()) <= set(text.split())
    if text.strip():
        assert without_conforming(text).strip() or not text.split()
