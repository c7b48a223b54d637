"""A hand-written Python validator doing the same checks as the built-in finding rules, for comparison only.

It uses the same building blocks as the rules (resolved citations, the lexicon matcher, the text measures and their
first-match tests), so the
benchmark measures what the rules language costs over writing the checks by hand, not the cost of the checks.
"""

from __future__ import annotations

from findings_validator.dsl import notrequired
from findings_validator.dsl.context import FindingContext
from findings_validator.dsl.text import measure, overlap, present

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
            fired.append("FV107")
        for status, rule in CITATION_RULES[4:]:
            if status in statuses and rule not in fired:
                fired.append(rule)
        if "client_document" in statuses and "exact" not in statuses:
            fired.append("FV111")
        if any(r.ok and not v.topic_match for r, v in zip(ctx.resolutions, ctx.citations)):
            likely = ctx.likely_clause
            if likely and likely not in [c for r in ctx.resolutions if r.ok for c in _labels(r.clauses)]:
                fired.append("FV112")
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
        if not evidence.strip():
            fired.append("FV301")
        if scan(evidence).get("vague_evidence") is not None and not present(evidence, "identifiers") \
                and not present(evidence, "dates"):
            fired.append("FV302")
        if evidence.strip() and not present(evidence, "identifiers") and not present(evidence, "dates") \
                and not present(evidence, "names") and not present(evidence, "samples"):
            fired.append("FV303")
        if s_hits.get("solution") is not None:
            fired.append("FV401")
        if s_hits.get("cause") is not None:
            fired.append("FV402")
        r_hits = scan(requirement)
        if s_hits.get("preference") is not None or r_hits.get("preference") is not None:
            fired.append("FV501")
        own = scan(f"{statement}\n{evidence}").get("own_requirement") is not None \
            or r_hits.get("own_requirement") is not None
        for name, rule in (("removed_requirement", "FV502"), ("not_required", "FV503")):
            listed = notrequired.entries(ctx, name)
            if not own and (notrequired.first_match(listed, statement, scan)
                            or notrequired.first_match(listed, requirement, scan)):
                fired.append(rule)
    elif grade in OFI_OBS:
        if scan(statement).get("solution") is not None:
            fired.append("FV401")
        if scan(f"{statement}\n{evidence}").get("breach") is not None:
            fired.append("FV601")
        if grade == "ofi" and not ctx.scheme.ofi_allowed:
            fired.append("FV602")
    if grade == "major" and scan(f"{statement}\n{evidence}").get("capability_effect") is None:
        fired.append("FV701")
    audit = ctx.audit
    if f.site and audit.sites and not _within(f.site, audit.sites):
        fired.append("FV853")
    if f.process and audit.processes and not _within(f.process, audit.processes):
        fired.append("FV854")
    return fired


def _within(text: str, entries: tuple[str, ...]) -> bool:
    needle = " ".join(text.lower().split())
    return any(needle in " ".join(e.lower().split()) or " ".join(e.lower().split()) in needle for e in entries)


def _labels(keys: tuple[str, ...]) -> list[str]:
    return [f"{k[:k.rfind('/')]} {k[k.rfind('/') + 1:]}" for k in keys]
