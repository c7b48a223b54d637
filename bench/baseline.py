"""A hand-written Python validator doing the same checks as the built-in finding rules, for comparison only.

It uses the same building blocks as the rules (resolved citations, the lexicon matcher, the text measures and their
first-match tests), so the
benchmark measures what the rules language costs over writing the checks by hand, not the cost of the checks.
"""

from __future__ import annotations

from findings_validator.citations.named import named_guidance
from findings_validator.dsl import notrequired
from findings_validator.dsl.context import FindingContext
from findings_validator.dsl.breach import reading
from findings_validator.dsl.quotes import unquoted
from findings_validator.dsl.scope import shared_words
from findings_validator.dsl.text import (
    begins_with, fewer_done, following, future, measure, overdue, overlap, preceding, present, sentences,
)

NC = {"major", "minor"}
OFI_OBS = {"ofi", "observation"}
CITATION_RULES = (("too_broad", "FV103"), ("unknown_clause", "FV104"), ("unknown_item", "FV105"),
                  ("obsolete_edition", "FV106"), ("not_in_criteria", "FV108"), ("excluded", "FV109"),
                  ("ambiguous", "FV110"))


def baseline(ctx: FindingContext) -> list[str]:
    """Rule ids that fire on the finding, as the built-in finding rules would decide."""
    f = ctx.finding
    grade = f.grade.value
    fired: list[str] = []
    statement, evidence, requirement = f.statement, f.evidence_text, f.requirement or ""
    scan = ctx.scan
    if grade in NC:
        statuses = [r.status.value for r in ctx.resolutions]
        if not statuses and not ctx.citation_error:
            fired.append("FV101")
        if ctx.citation_error:
            fired.append("FV102")
        for status, rule in CITATION_RULES[:5]:
            if status in statuses:
                fired.append(rule)
        if "not_a_requirement" in statuses and "exact" not in statuses:
            fired.append("FV140" if _guidance_over_breach(ctx) else "FV107")
        for status, rule in CITATION_RULES[4:]:
            if status in statuses and rule not in fired and (rule != "FV108" or "exact" not in statuses):
                fired.append(rule)
        if "client_document" in statuses and "exact" not in statuses:
            fired.append("FV111")
        if "legal_reference" in statuses and "exact" not in statuses:
            fired.append("FV115")
        if "unreadable" in statuses and not ctx.citation_error:
            fired.append("FV116")
        if named_guidance(statement, ctx.catalogs):
            fired.append("FV117")
        if len({k for r in ctx.resolutions if r.ok for k in r.clauses}) >= 5:
            fired.append("FV118")
        fired += _subject_rules(ctx, with_warnings=True)
        words = measure(statement, "words")
        if not statement.strip():
            fired.append("FV201")
        elif words < 5:
            fired.append("FV202")
        if requirement.strip() and words < 25 and overlap(statement, requirement) >= 0.9:
            fired.append("FV203")
        s_hits = scan(statement)
        if s_hits.get("vague_statement") is not None:
            fired.append("FV204")
        both = f"{statement}\n{evidence}"
        if statement.strip() and scan(both).get("negation") is None and s_hits.get("preference") is None \
                and not overdue(both, _dates(ctx)) \
                and not fewer_done(both) and not _counted(ctx, both) \
                and not (scan(both).get("stated_requirement") is not None and scan(both).get("observed") is not None):
            fired.append("FV205")
        if not evidence.strip() and not present(statement, "details"):
            fired.append("FV301")
        if scan(evidence).get("vague_evidence") is not None and not present(evidence, "identifiers") \
                and not present(evidence, "dates"):
            fired.append("FV302")
        if evidence.strip() and not present(evidence, "details"):
            fired.append("FV305" if present(statement, "details") else "FV303")
        if _prescribes(ctx):
            fired.append("FV401")
        if _directs_organization(ctx):
            fired.append("FV414")
        own_words = scan(unquoted(statement))
        if own_words.get("cause") is not None or any(
                scan(following(unquoted(s), scan(unquoted(s)).get("cause_connective"))).get("attribution") is not None
                and scan(s).get("evidence_judgement") is None for s in _sentences(ctx)):
            fired.append("FV402")
        if _motive_given(ctx):
            fired.append("FV405")
        if own_words.get("preference") is not None or scan(unquoted(requirement)).get("preference") is not None:
            fired.append("FV501")
        if _wish_unsourced(ctx, s_hits):
            fired.append("FV517")
        if _prescription_beside_met(ctx):
            fired.append("FV515")
        if s_hits.get("guidance_connective") is not None and s_hits.get("guidance") is not None:
            fired.append("FV503")
        text = f"{statement}\n{evidence}"
        if not any(scan(s).get("breach") is not None and scan(s).get("performance_result") is None
                   and scan(s).get("not_breach") is None for s in _sentences(ctx)) and not overdue(text, _dates(ctx)) \
                and scan(text).get("stated_requirement") is None and s_hits.get("performance_result") is not None:
            fired.append("FV504")
        own = scan(f"{statement}\n{evidence}").get("own_requirement") is not None \
            or scan(requirement).get("own_requirement") is not None
        for name, rule in (("removed_requirement", "FV502"), ("not_required", "FV505")):
            listed = notrequired.entries(ctx, name)
            if not own and (notrequired.first_match(listed, statement, scan)
                            or notrequired.first_match(listed, requirement, scan)):
                fired.append(rule)
    elif grade in OFI_OBS:
        if _prescribes(ctx):
            fired.append("FV401")
        if _breach(ctx):
            fired.append("FV601")
        if _unmet_reading(ctx):
            fired.append("FV606")
        if _topic_over_departure(ctx):
            fired.append("FV610")
        if grade == "ofi" and not ctx.scheme.ofi_allowed:
            fired.append("FV602")
        fired += _subject_rules(ctx, with_warnings=False)
    if grade == "major" and scan(f"{statement}\n{evidence}").get("capability_effect") is None:
        fired.append("FV701")
    if grade == "minor" and scan(f"{statement}\n{evidence}").get("total_breakdown") is not None:
        fired.append("FV703")
    audit = ctx.audit
    if f.site and audit.sites and not _within(f.site, audit.sites):
        fired.append("FV853")
    if f.process and audit.processes and not _within(f.process, audit.processes):
        fired.append("FV854")
    if audit.scope and any(scan(s).get("separate_business") is not None
                           and shared_words(following(s, scan(s).get("separate_business")), audit.scope) == 0
                           for s in _sentences(ctx)):
        fired.append("FV861")
    return fired


def _subject_rules(ctx: FindingContext, *, with_warnings: bool) -> list[str]:
    """FV112, FV113 (nonconformities only), FV119, FV121 and FV120: the citation's subject against the ranker's."""
    exact = [v for v in ctx.citations if v.status == "exact"]
    if not exact:
        return []
    cited = [c for r in ctx.resolutions if r.ok for c in _labels(r.clauses)]
    strong = all(v.subject.strong for v in exact)
    out = []
    if with_warnings and not strong and any(
            v.subject.other and _labels((v.subject.other,))[0] not in cited for v in exact):
        out.append("FV112")
    if with_warnings and any(v.meaning.meant and not v.meaning.strong for v in exact):
        out.append("FV113")
    if strong and any(not v.subject.certain for v in exact):
        out.append("FV119")
    if strong and any(v.subject.certain for v in exact):
        out.append("FV121")
    if any(v.meaning.strong for v in exact) and all(v.meaning.meant for v in exact):
        out.append("FV120")
    return out


def _wish_unsourced(ctx: FindingContext, s_hits: dict) -> bool:
    """FV517: a wish traced to no requirement, beside evidence that names what can be checked and nothing unmet."""
    f = ctx.finding
    statement, evidence, scan = f.statement, f.evidence_text, ctx.scan
    own = scan(unquoted(statement))
    if own.get("auditor_wish") is None or own.get("auditor_demand") is not None or (f.requirement or "").strip():
        return False
    if s_hits.get("own_requirement") is not None or s_hits.get("client_shall") is not None:
        return False
    ev = scan(evidence)
    if not evidence.strip() or not present(evidence, "details") or ev.get("breach") is not None:
        return False
    quiet = s_hits.get("breach") is None and s_hits.get("opinion_word") is None and not any(
        (scan(s).get("own_requirement") is not None and scan(s).get("requirement_met") is None)
        or ((scan(s).get("requirement_verb") is not None or scan(s).get("stated_requirement") is not None
             or scan(s).get("requirement_source") is not None) and present(s, "identifiers"))
        for s in _sentences(ctx))
    met = (any(ev.get(name) is not None for name in ("sample_conformed", "conformity_reported", "requirement_met"))
           and all(ev.get(name) is None for name in ("shortfall", "seen_nil", "contrary_state")))
    return quiet or met


def _prescription_beside_met(ctx: FindingContext) -> bool:
    """FV515's reading of a means prescribed beside evidence that reports what is asked as met, and nothing unmet
    (its other readings do not fire on the generated findings)."""
    f = ctx.finding
    statement, evidence, scan = f.statement, f.evidence_text, ctx.scan
    if not evidence.strip() or measure(statement, "samples") or scan(statement).get("counter_word") is not None:
        return False
    text = scan(f"{statement}\n{evidence}")
    if text.get("step_ahead") is not None or text.get("step_after") is not None:
        return False
    ev = scan(evidence)
    if all(ev.get(name) is None for name in ("sample_conformed", "conformity_reported", "requirement_met")) \
            or any(ev.get(name) is not None for name in ("breach", "shortfall", "seen_nil", "empty_state",
                                                         "contrary_state", "departure_state")) \
            or reading(ctx.labels).figure_short(evidence):
        return False
    own = unquoted(statement)
    hits = scan(own)
    act = following(own, hits.get("modal"))
    return (hits.get("auditor_voice") is not None or hits.get("solution") is not None
            or (bool(act) and begins_with(act, scan(act).get("prescribed_action")) and hits.get("modal") is not None))


def _motive_given(ctx: FindingContext) -> bool:
    """FV405's reading of a wish or a view of people given as the reason (the branch the generated findings reach):
    a sentence naming people and their motive ("the site manager puts throughput ahead of environmental controls"),
    not reported, stating no requirement and judging no evidence."""
    for s in _sentences(ctx):
        own, hits = ctx.scan(unquoted(s)), ctx.scan(s)
        if ((own.get("attribution") is not None or own.get("attribution_more") is not None)
                and own.get("people_motive") is not None and own.get("reported") is None
                and hits.get("stated_requirement") is None and hits.get("evidence_judgement") is None):
            return True
    return False


def _sentences(ctx: FindingContext) -> tuple[str, ...]:
    return sentences(f"{ctx.finding.statement}\n{ctx.finding.evidence_text}")


def _dates(ctx: FindingContext) -> tuple[str, ...]:
    return tuple(d.isoformat() for d in ctx.audit.dates)


def _prescribes(ctx: FindingContext) -> bool:
    scan = ctx.scan
    return any(scan(unquoted(s)).get("solution") is not None and scan(s).get("stated_requirement") is None
               or scan(following(unquoted(s), scan(unquoted(s)).get("solution_opener"))).get("named_means") is not None
               for s in _sentences(ctx))


def _directs_organization(ctx: FindingContext) -> bool:
    """FV414: the organization named as the one who must act, and the act right after its obligation word."""
    scan = ctx.scan

    def begins(text: str, lexicon: str) -> bool:
        return bool(text) and begins_with(text, scan(text).get(lexicon))

    for s in _sentences(ctx):
        own = unquoted(s)
        addressed = scan(own).get("organization_modal")
        if addressed is None:
            continue
        act = following(own, addressed)
        if (begins(act, "prescribed_action") or begins(act, "addressed_act")) and scan(own).get("reported") is None \
                and scan(s).get("stated_requirement") is None and scan(s).get("standard_claim") is None \
                and not begins(following(own, scan(own).get("modal")), "prescribed_action") \
                and all(scan(own).get(name) is None for name in ("solution", "hedged_advice", "auditor_voice")):
            return True
    return False


def _unmet_reading(ctx: FindingContext) -> bool:
    """FV606's readings in their main conditions: a record that could not be obtained, a note-style nil, a duty said
    not done with no auxiliary, a record said absent or left empty, a defect left standing, records in conflict."""
    scan = ctx.scan
    text = f"{ctx.finding.statement}\n{ctx.finding.evidence_text}"
    if any(scan(text).get(name) is not None for name in ("open_relevance", "not_asked", "out_of_use")):
        return False
    if scan(text).get("removed_requirement") is not None and scan(text).get("own_requirement") is None:
        return False
    if scan(text).get("pending") is not None and future(text, _dates(ctx)):
        return False
    stated = scan(text).get("stated_requirement") is not None
    softened = scan(text).get("hedge") is not None or scan(text).get("ofi_direction") is not None
    for s in _sentences(ctx):
        hits = scan(s)
        if any(hits.get(name) is not None for name in ("hedge", "not_breach", "defect_denied")):
            continue
        named = present(s, "record_details")
        document = hits.get("documented_information") is not None
        if hits.get("retrieval_modal") is not None and (hits.get("breach") is not None or document) \
                and (present(s, "details") or stated):
            return True
        if hits.get("terse_nil") is not None and hits.get("event_noun") is None and (present(s, "details") or stated):
            return True
        if hits.get("negated_duty") is not None and hits.get("zero_count") is None \
                and (present(s, "samples") or named or stated) and (not softened or named or stated):
            return True
        if hits.get("absent_word") is not None and document and (named or stated) \
                and hits.get("record_medium") is None:
            return True
        if hits.get("empty_state") is not None and named and document:
            return True
        if hits.get("records_disagree") is not None and named:
            return True
    return False


_DEPARTURES = ("breach", "contrary_state", "sample_departure")


def _topic_over_departure(ctx: FindingContext) -> bool:
    """FV610: a statement that only names the area to improve, and evidence that states a requirement and a named
    departure from it, with no direction of its own and nothing reported as met."""
    scan = ctx.scan
    statement, evidence = ctx.parts
    said, shown = scan(statement), scan(evidence)
    text = f"{statement}\n{evidence}"
    if present(statement, "details") \
            or all(said.get(n) is None for n in ("hedge", "ofi_direction", "general_direction")):
        return False
    if shown.get("stated_requirement") is None or any(shown.get(n) is not None for n in (
            "hedge", "ofi_direction", "general_direction", "conformity_reported", "sample_conformed",
            "not_asked", "open_relevance")):
        return False
    if any(scan(s).get("requirement_met") is not None
           and scan(preceding(s, scan(s).get("requirement_met"))).get("negation") is None for s in _sentences(ctx)):
        return False
    if scan(text).get("pending") is not None and future(text, _dates(ctx)):
        return False
    return any(present(s, "record_details")
               and all(hits.get(n) is None for n in ("not_breach", "defect_denied", "hedge"))
               and ((hits.get("stated_requirement") is None
                     and any(hits.get(n) is not None for n in _DEPARTURES + ("seen_nil",)))
                    or any(scan(preceding(s, hits.get("stated_requirement"))).get(n) is not None for n in _DEPARTURES))
               for s in _sentences(ctx) for hits in (scan(s),))


def _breach(ctx: FindingContext) -> bool:
    scan = ctx.scan
    text = f"{ctx.finding.statement}\n{ctx.finding.evidence_text}"
    if scan(text).get("removed_requirement") is not None:
        return False
    parts = _sentences(ctx)
    found = any(scan(s).get("breach") is not None and scan(s).get("hedge") is None
                and scan(s).get("not_breach") is None
                or scan(s).get("stated_requirement") is not None and scan(s).get("shortfall") is not None
                and scan(s).get("not_breach") is None for s in parts)
    return found or overdue(text, _dates(ctx)) or fewer_done(text) or _counted(ctx, text) or (
        scan(text).get("stated_requirement") is not None
        and any(scan(s).get("limitation") is not None and scan(s).get("stated_requirement") is None
                and scan(s).get("hedge") is None for s in parts))


def _guidance_over_breach(ctx: FindingContext) -> bool:
    """The organisation's own requirement stated (or its document cited) and shown unmet, or dates and counts that
    show a breach."""
    scan = ctx.scan
    text = f"{ctx.finding.statement}\n{ctx.finding.evidence_text}"
    parts = _sentences(ctx)
    own = any(scan(s).get("own_requirement") is not None
              or scan(s).get("requirement_verb") is not None and measure(s, "identifiers") > 0 for s in parts) \
        or any(r.status.value == "client_document" for r in ctx.resolutions)
    unmet = any(scan(s).get("breach") is not None and scan(s).get("not_breach") is None and scan(s).get("hedge") is None
                and scan(s).get("guidance_connective") is None for s in parts)
    return (own and (unmet or reading(ctx.labels).figure_short(text))) or overdue(text, _dates(ctx)) \
        or fewer_done(text) or _counted(ctx, text)


def _counted(ctx: FindingContext, text: str) -> bool:
    """Fewer held than a stated minimum, or later than a stated time limit (or a due date)."""
    counts = reading(ctx.labels)
    return bool(text) and (counts.below_minimum(text) or counts.late(text) or counts.past_due(text))


def _within(text: str, entries: tuple[str, ...]) -> bool:
    needle = " ".join(text.lower().split())
    return any(needle in " ".join(e.lower().split()) or " ".join(e.lower().split()) in needle for e in entries)


def _labels(keys: tuple[str, ...]) -> list[str]:
    return [f"{k[:k.rfind('/')]} {k[k.rfind('/') + 1:]}" for k in keys]


# ---- end to end: one report file in, one result per finding out --------------------------------------------------
def check_file(path: str, out_path: str) -> int:
    """A hand-written one-pass validator of one report (JSON or JSON Lines), for the end-to-end comparison: read
    with the standard library's decoder and validate each finding with the same pydantic model, resolve citations,
    decide the finding rules above, then the report rules on groups (three or more minors on one requirement;
    near-identical statements on one requirement; minors on one harmonized-structure requirement across
    standards), the verdicts, and one JSON line per finding (id, grade, verdict, rules fired). No positions, no
    messages: the least a validator doing these checks must do. Returns the number of findings."""
    import json
    from collections import defaultdict

    import orjson

    from findings_validator.dsl.context import _max_similarity
    from findings_validator.engine import Checker, verdict_of
    from findings_validator.models import Audit, Diagnostic, Finding, Severity

    checker = Checker()
    effects = {r.id: (r.severity, r.effect) for r in checker.rules}
    with open(path, encoding="utf-8") as fh:
        if path.endswith(".jsonl"):
            audit_data = json.loads(fh.readline())["audit"]
            records = (json.loads(line) for line in fh if line.strip())
        else:
            document = json.load(fh)
            audit_data, records = document["audit"], document["findings"]
    audit = Audit.model_validate(audit_data)
    criteria, _ = checker.criteria(audit)
    contexts, fired = [], []
    for record in records:
        ctx = checker.context(Finding.model_validate(record), audit, criteria)
        fired.append(baseline(ctx))
        ctx.release()
        contexts.append(ctx)
    by_requirement, minors, by_hs = defaultdict(list), defaultdict(list), defaultdict(list)
    for i, ctx in enumerate(contexts):
        labels = dict.fromkeys(_labels(tuple(k for r in ctx.resolutions if r.ok for k in r.clauses)))
        for label in labels:
            by_requirement[label].append(i)
            if ctx.grade == "minor":
                minors[label].append(i)
        if ctx.grade == "minor":
            for hs in dict.fromkeys(f"HS {cl.hs}" for r in ctx.resolutions if r.ok for k in r.clauses
                                    if (cl := ctx.catalogs.clause(k)) is not None and cl.hs):
                by_hs[hs].append(i)
    for members in minors.values():
        if len(members) >= 3:
            for i in members:
                fired[i].append("FV702")
    for members in by_requirement.values():
        if len(members) >= 2 and _max_similarity([contexts[i] for i in members]) >= 0.8:
            for i in members:
                fired[i].append("FV855")
    for members in by_hs.values():
        standards = {s for i in members for r in contexts[i].resolutions if r.ok for s in r.standards}
        if len(members) >= 3 and len(standards) >= 2:
            for i in members:
                fired[i].append("FV856")
    with open(out_path, "wb") as out:
        for ctx, rules in zip(contexts, fired):
            outcome = [Diagnostic(rule, *effects[rule][:1], "", effect=effects[rule][1]) for rule in rules]
            verdict = verdict_of([d for d in outcome if d.severity is Severity.ERROR])
            out.write(orjson.dumps({"id": ctx.finding.id, "grade": ctx.grade, "verdict": verdict.value,
                                    "rules": sorted(set(rules))}) + b"\n")
    return len(contexts)


if __name__ == "__main__":
    import sys

    check_file(sys.argv[1], sys.argv[2])
