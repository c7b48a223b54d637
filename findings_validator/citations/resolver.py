"""Resolve a ``Citation`` against the audit criteria: which requirement(s) it means, or why it means none.

Decisions, in order (docs/citations.md explains each): the client's own document; a guidance document; a standard
outside the criteria (or an older edition of one, with its successors); the standard alone. Then, within the
audited edition: an informative annex, an unknown clause (or one only an older edition has), a note, an exclusion,
an informative clause, a heading, an unknown item. Bare ids resolve in every audited edition; in an integrated
audit they are ambiguous when they mean different requirements there.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING
from functools import lru_cache

from ..catalog import Catalogs, Clause, Edition
from ..catalog.index import Reference
from ..catalog.kinds import Kind, Relationship
from ..errors import CitationSyntaxError, UnknownEditionError
from .parser import (field_segments, find_field_citations, opens_with_section, parse_citations, parse_exclusion,
                     names_document, section_word_before,
                     parse_standard)
from .types import EXPLAINS, Citation, Resolution, StandardRef, Status, Suggestion

if TYPE_CHECKING:
    from ..catalog.graph import ClauseGraph


@dataclass(frozen=True, slots=True)
class Criteria:
    """The audited editions (edition keys) and the declared exclusions (clause keys)."""

    editions: tuple[str, ...]
    exclusions: frozenset[str] = frozenset()

    @classmethod
    def of(cls, names: tuple[str, ...] | list[str], catalogs: Catalogs,
           exclusions: tuple[str, ...] | list[str] = ()) -> Criteria:
        """``Criteria.of(["ISO 9001:2015"], catalogs, ["8.3"])``; raises UnknownEditionError / CitationSyntaxError."""
        editions = tuple(edition_of(parse_standard(name), catalogs).key for name in names)
        excluded: set[str] = set()
        for text in exclusions:
            for citation in parse_exclusion(text):
                targets = editions
                if citation.standard is not None:  # "ISO 9001 8.3": the audited edition of 9001, else the one named
                    std = citation.standard
                    audited = () if std.year else tuple(k for k in editions
                                                         if catalogs.editions[k].family == std.family)
                    targets = audited or (edition_of(std, catalogs).key,)
                for key in targets:
                    edition = catalogs.editions[key]
                    clause_id = citation.clause if citation.clause in edition.clauses else f"A.{citation.clause}"
                    if clause_id in edition.clauses:
                        excluded.add(f"{key}/{clause_id}")
        return cls(editions, frozenset(excluded))


def edition_of(std: StandardRef, catalogs: Catalogs) -> Edition:
    """The catalog edition a standard reference names (the latest current one when no year is written)."""
    return catalogs.edition(std.family, std.year)


def resolve(citation: Citation, criteria: Criteria, catalogs: Catalogs | ClauseGraph) -> Resolution:
    """What ``citation`` means in ``criteria``, against the catalogs (or a ``ClauseGraph`` over them).

    Memoised: resolving the same citation again costs a lookup."""
    if not isinstance(catalogs, Catalogs):
        catalogs = catalogs.catalogs
    return _resolve(citation, criteria, catalogs)


@lru_cache(maxsize=16384)
def _resolve(citation: Citation, criteria: Criteria, catalogs: Catalogs) -> Resolution:
    if citation.document:
        return Resolution(citation, Status.CLIENT_DOCUMENT,
                          reason=f"{citation.document} is the client's own document, not a clause of the standard")
    std = citation.standard
    if std is None:
        return _resolve_bare(citation, criteria, catalogs)
    guidance = catalogs.guidance_refs.get(std.family)
    if guidance is not None:
        return _external(citation, guidance, criteria, catalogs)
    audited = [catalogs.editions[k] for k in criteria.editions if catalogs.editions[k].family == std.family]
    if not audited:
        successor = _successor_in_criteria(std, criteria, catalogs)
        if successor is not None:  # OHSAS 18001 cited in an ISO 45001 audit
            cited, target = successor
            return _obsolete(citation, cited, target, catalogs)
        return Resolution(citation, Status.NOT_IN_CRITERIA,
                          reason=f"{std.render()} is not among the audit criteria ({', '.join(criteria.editions)})")
    target = audited[0]
    if std.year is not None and std.year != target.year:
        try:
            cited = catalogs.edition(std.family, std.year)
        except UnknownEditionError:
            return Resolution(citation, Status.NOT_IN_CRITERIA,
                              reason=f"no edition {std.year} of {target.standard} is known; the audit is against {target.key}")
        if cited.year > target.year:
            return Resolution(citation, Status.NOT_IN_CRITERIA,
                              reason=f"the audit is against {target.key}, not the later {cited.key}")
        return _obsolete(citation, cited, target, catalogs)
    if not citation.clause:
        return Resolution(citation, Status.TOO_BROAD, reason=f"{target.key} as a whole is not a specific requirement")
    return _in_edition(citation, target, _id_in(target, citation), criteria, catalogs)


def _resolve_bare(citation: Citation, criteria: Criteria, catalogs: Catalogs) -> Resolution:
    """A clause id without a standard: resolve it in each audited edition that has it."""
    found: list[Resolution] = []
    for key in criteria.editions:
        edition = catalogs.editions[key]
        clause_id = _id_in(edition, citation)
        if clause_id in edition.clauses:
            found.append(_in_edition(citation, edition, clause_id, criteria, catalogs))
    if not found:
        for key in criteria.editions:  # an id that only an older edition has
            edition = catalogs.editions[key]
            older = _older_edition_with(catalogs, edition, citation)
            if older is not None and not (_informative_annex(older[0], older[1])
                                          and _informative_annex(edition, citation.clause)):
                return _obsolete(citation, older[0], edition, catalogs, older[1])
        for key in criteria.editions:  # "A.3.1" in a 9001 audit, "3.4" in a 9001:2026 one: an informative annex
            edition = catalogs.editions[key]  # or the definitions, whatever it is
            if _informative_annex(edition, citation.clause) or _definition(edition, citation.clause):
                found.append(_in_edition(citation, edition, citation.clause, criteria, catalogs))
    if not found:
        return _unknown(citation, [catalogs.editions[k] for k in criteria.editions], citation.clause, catalogs,
                        f"no clause {citation.clause} in {' or '.join(criteria.editions)}")
    if len(found) == 1:
        return found[0]
    statuses = {r.status for r in found}
    if len(statuses) == 1 and statuses <= {Status.NOT_A_REQUIREMENT, Status.EXCLUDED}:
        # not a requirement (or excluded) whichever standard is meant: nothing is ambiguous about that
        return _merged(citation, found, found[0].status, "; ".join(r.reason for r in found))
    exact = [r for r in found if r.status is Status.EXACT]
    if (citation.items and exact and len(exact) < len(found)
            and all(r.status is Status.TOO_BROAD for r in found if r not in exact)):
        # "7.5.3 c)" in a 9001 + 27001 audit: an item written on what is a heading in one standard (9001 numbers it
        # 7.5.3.2 c)) and a requirement in the other (27001's 7.5.3 c)) names the requirement. An item one of the
        # standards lacks ("6.1.2 c)" in 9001 + 27001) stays ambiguous: it may as well be a wrong item
        found = exact
        if len(found) == 1:
            return found[0]
    hs = {_hs(catalogs, r) for r in found}
    titles = {_plain_title(t) for r in found for t in r.titles}
    if len(hs) == 1 and None not in hs and not _apart(catalogs, found):
        # the same harmonized-structure clause everywhere: not ambiguous
        first = next((r for r in found if not r.ok), found[0])
        return _merged(citation, found, first.status,
                       f"means the same harmonized-structure clause in {', '.join(criteria.editions)}", first.items)
    if len(titles) == 1 and None not in titles:  # the same title everywhere (8.2 Emergency preparedness and response)
        first = next((r for r in found if not r.ok), found[0])
        return _merged(citation, found, first.status,
                       f"means the same requirement ({found[0].titles[0]}) in {', '.join(criteria.editions)}",
                       first.items)
    suggestions = tuple(Suggestion(k, t, "candidate") for r in found for k, t in zip(r.clauses, r.titles))
    return Resolution(citation, Status.AMBIGUOUS, tuple(k for r in found for k in r.clauses),
                      tuple(t for r in found for t in r.titles), citation.items, suggestions,
                      f"{citation.clause} means different requirements in "
                      + " and ".join(f"{c.rpartition('/')[0]} ({t or _parent_title(catalogs, c)})" for c, t in zip(
                          (k for r in found for k in r.clauses), (t for r in found for t in r.titles))),
                      standards=tuple(s for r in found for s in r.standards))


def _parent_title(catalogs: Catalogs, key: str) -> str:
    """An untitled sub-clause named by where it sits: 'untitled, under 6.1 Actions to address risks and opportunities'."""
    clause = catalogs.clause(key)
    parent = catalogs.clause(f"{key.rpartition('/')[0]}/{clause.parent}") if clause and clause.parent else None
    return f"untitled, under {parent.id} {parent.title}" if parent and parent.title else "untitled"


def _plain_title(title: str | None) -> str | None:
    """A clause title compared across standards: case, punctuation and 'the' ignored."""
    if not title:
        return None
    words = re.findall(r"[^\W_]+", title.lower())
    return " ".join(w for w in words if w != "the") or None


def _merged(citation: Citation, found: list[Resolution], status: Status, reason: str,
            items: tuple[str, ...] | None = None) -> Resolution:
    """One resolution standing for the same citation resolved in several audited editions."""
    return Resolution(citation, status, tuple(k for r in found for k in r.clauses),
                      tuple(t for r in found for t in r.titles), citation.items if items is None else items,
                      tuple(s for r in found for s in r.suggestions), reason,
                      tuple(k for r in found for k in r.kinds), tuple(s for r in found for s in r.standards))


def _successor_in_criteria(std: StandardRef, criteria: Criteria,
                           catalogs: Catalogs) -> tuple[Edition, Edition] | None:
    """When a withdrawn standard's line of succession reaches an audited edition: (cited, audited)."""
    try:
        cited = catalogs.edition(std.family, std.year)
    except UnknownEditionError:
        return None
    edition: Edition | None = cited
    while edition is not None and edition.superseded_by:
        edition = catalogs.editions.get(edition.superseded_by)
        if edition is not None and edition.key in criteria.editions:
            return cited, edition
    return None


def _apart(catalogs: Catalogs, found: list[Resolution]) -> bool:
    """Whether clauses filed under one harmonized-structure clause are different parts of it: numbered below it
    ("6.1.4" under "6.1") and titled differently (ISO 14001:2026 6.1.4 Risks and opportunities, ISO 45001:2018
    6.1.4 Planning action)."""
    clauses = [c for r in found for k in r.clauses if (c := catalogs.clause(k)) is not None]
    return (any(c.hs is not None and c.id != c.hs for c in clauses)
            and len({_plain_title(c.title) for c in clauses}) > 1)


def _hs(catalogs: Catalogs, resolution: Resolution) -> str | None:
    clauses = [catalogs.clause(k) for k in resolution.clauses]
    values = {c.hs for c in clauses if c is not None}
    return values.pop() if len(values) == 1 else None


def _informative_annex(edition: Edition, clause_id: str) -> bool:
    top = edition.clauses.get(clause_id.split(".")[0])
    return clause_id[:1].isalpha() and top is not None and not top.normative


def _explained(edition: Edition, clause_id: str) -> tuple[Suggestion, ...]:
    """The requirement an informative annex's sub-clause explains, for an annex that follows the body's numbering
    (ISO 45001:2018 A.8.1.2 explains 8.1.2): the body clause of the same number, or its nearest listed parent, when
    it is a requirement. An annex follows the body when the catalog lists its sub-clauses A.4 to A.10 under the body
    clauses' titles; ISO 9001:2015's Annex A, on concepts, does not."""
    annex, _, number = clause_id.partition(".")
    if not number or not _follows_body(edition, annex):
        return ()
    while number:
        clause = edition.clauses.get(number)
        if clause is not None:
            return (Suggestion(clause.key, clause.title, EXPLAINS),) if clause.requirement else ()
        number = number.rpartition(".")[0]
    return ()


def _follows_body(edition: Edition, annex: str) -> bool:
    pairs = [(edition.clauses.get(f"{annex}.{n}"), edition.clauses.get(str(n))) for n in range(4, 11)]
    return all(a is not None and b is not None and a.title == b.title for a, b in pairs)


def _definition(edition: Edition, clause_id: str) -> Clause | None:
    """The terms-and-definitions clause (``kind: terms``) that ``clause_id`` is or lies under, listed or not: clause 3
    of ISO 9001:2026 numbers its definitions 3.1, 3.2… without the catalog listing each."""
    head = clause_id
    while head:
        clause = edition.clauses.get(head)
        if clause is not None:
            return clause if clause.kind == Kind.TERMS.value else None
        head = head.rpartition(".")[0]
    return None


def _normative_annex(edition: Edition, letter: str) -> bool:
    top = edition.clauses.get(letter)
    return top is not None and top.normative


def _id_in(edition: Edition, citation: Citation) -> str:
    """The id a citation means in ``edition``: "5.23" in ISO/IEC 27001:2022 is A.5.23 (it has no clause 5.23)."""
    clause_id = citation.clause
    if clause_id not in edition.clauses and citation.annex is None and f"A.{clause_id}" in edition.clauses \
            and _normative_annex(edition, "A"):
        return f"A.{clause_id}"
    return clause_id


def _older_editions(catalogs: Catalogs, edition: Edition) -> list[Edition]:
    """Loaded editions this one replaced, newest first: its ``supersedes`` chain (OHSAS 18001 for ISO 45001),
    then any older edition of the same standard that the chain missed."""
    out: list[Edition] = []
    older = catalogs.editions.get(edition.supersedes or "")
    while older is not None and older not in out:
        out.append(older)
        older = catalogs.editions.get(older.supersedes or "")
    for key in reversed(catalogs.families.get(edition.family, ())):
        candidate = catalogs.editions[key]
        if candidate.year < edition.year and candidate not in out:
            out.append(candidate)
    return out


def _newer_with(catalogs: Catalogs, edition: Edition, clause_id: str) -> Clause | None:
    """The requirement ``clause_id`` names in an edition that replaced ``edition`` (a citation written for the new
    edition in an audit of the old one), if any."""
    newer = catalogs.editions.get(edition.superseded_by or "")
    seen = {edition.key}
    while newer is not None and newer.key not in seen:
        clause = newer.clauses.get(clause_id)
        if clause is not None and clause.requirement:
            return clause
        seen.add(newer.key)
        newer = catalogs.editions.get(newer.superseded_by or "")
    return None


def _unknown(citation: Citation, editions: list[Edition], clause_id: str, catalogs: Catalogs,
             reason: str) -> Resolution:
    """An id none of ``editions`` has: the requirements under its nearest parent as suggestions, and, when a newer
    edition has the id, what it means there and the clauses of the audited edition its requirement came from."""
    suggestions: list[Suggestion] = []
    for edition in editions:
        newer = _newer_with(catalogs, edition, clause_id)
        if newer is not None:
            reason += f"; {newer.label} is {newer.title or 'an untitled requirement'}, in the edition that replaced it"
            suggestions += [Suggestion(k, _title(catalogs, k), "candidate")
                            for k in catalogs.predecessors.get(newer.key, ()) if k.startswith(edition.key + "/")]
        suggestions += _nearest(edition, clause_id)
    return Resolution(citation, Status.UNKNOWN_CLAUSE, suggestions=tuple(dict.fromkeys(suggestions)),
                      standards=tuple(e.key for e in editions), reason=reason)


def _older_edition_with(catalogs: Catalogs, edition: Edition, citation: Citation) -> tuple[Edition, str] | None:
    """The newest older edition that has the cited id, and the id there."""
    for older in _older_editions(catalogs, edition):
        clause_id = _id_in(older, citation)
        if clause_id in older.clauses:
            return older, clause_id
    return None


def _obsolete(citation: Citation, cited: Edition, target: Edition, catalogs: Catalogs,
              clause_id: str | None = None) -> Resolution:
    clause = cited.clauses.get(clause_id or _id_in(cited, citation))
    if clause is None:
        missing = f" (and had no clause {citation.clause})" if citation.clause else ""
        return Resolution(citation, Status.OBSOLETE_EDITION, standards=(cited.key,),
                          reason=f"{cited.key} is superseded by {target.key}{missing}")
    successors = catalogs.successors_in(clause.key, target.key)
    suggestions = tuple(Suggestion(s.key, _title(catalogs, s.key), s.relationship.value) for s in successors)
    if catalogs.removed(clause.key) and not suggestions:
        reason = f"{clause.label} ({clause.title or 'untitled'}) has no successor: {target.key} no longer requires it"
    else:
        reason = f"{clause.label} ({clause.title or 'untitled'}) is from a superseded edition; in {target.key}: " + (
            ", ".join(f"{_verb(s.relationship)} {s.label}" for s in suggestions) or "no mapped successor")
    return Resolution(citation, Status.OBSOLETE_EDITION, (clause.key,), (clause.title,), citation.items,
                      suggestions, reason, (clause.kind,), (cited.key,))


def _verb(relationship: str) -> str:
    return {Relationship.EQUAL.value: "replaced by", Relationship.SUBSET.value: "now part of",
            Relationship.SUPERSET.value: "partly replaced by"}.get(relationship, "see")


def _title(catalogs: Catalogs, key: str) -> str | None:
    clause = catalogs.clause(key)
    return clause.title if clause else None


def _in_edition(citation: Citation, edition: Edition, clause_id: str, criteria: Criteria,
                catalogs: Catalogs) -> Resolution:
    clause = edition.clauses.get(clause_id)
    if _informative_annex(edition, clause_id):
        explained = _explained(edition, clause_id)
        return Resolution(citation, Status.NOT_A_REQUIREMENT, (clause.key,) if clause else (),
                          (clause.title,) if clause else (), citation.items,
                          kinds=(clause.kind,) if clause else (), standards=(edition.key,),
                          suggestions=explained,
                          reason=f"Annex {clause_id[0]} of {edition.key} is informative, not a requirement"
                          + (f"; the requirement it explains is {explained[0].label}" if explained else ""))
    terms = _definition(edition, clause_id)
    if terms is not None:
        listed = clause or terms
        return Resolution(citation, Status.NOT_A_REQUIREMENT, (listed.key,), (listed.title,), citation.items,
                          kinds=(listed.kind,), standards=(edition.key,),
                          reason=(f"{terms.label} ({terms.title}) defines terms" if clause is terms else
                                  f"{clause_id} of {edition.key} is a definition in clause {terms.id} ({terms.title})")
                          + ": a definition is never a requirement")
    if clause is None:
        older = _older_edition_with(catalogs, edition, citation)
        if older is not None:
            return _obsolete(citation, older[0], edition, catalogs, older[1])
        return _unknown(citation, [edition], clause_id, catalogs, f"{edition.key} has no clause {clause_id}")
    found = dict(clauses=(clause.key,), titles=(clause.title,), kinds=(clause.kind,), standards=(edition.key,))
    if citation.note is not None:
        return Resolution(citation, Status.NOT_A_REQUIREMENT, items=citation.items, **found,  # type: ignore[arg-type]
                          reason=f"a NOTE to {clause.label} gives information; notes are never requirements")
    if _excluded(clause, criteria, edition):
        return Resolution(citation, Status.EXCLUDED, items=citation.items, **found,  # type: ignore[arg-type]
                          reason=f"{clause.label} is declared not applicable / excluded for this audit")
    if not clause.normative:
        return Resolution(citation, Status.NOT_A_REQUIREMENT, items=citation.items, **found,  # type: ignore[arg-type]
                          reason=f"{clause.label} is informative, not a requirement")
    if not clause.requirement:
        children = tuple(Suggestion(f"{edition.key}/{c}", edition.clauses[c].title, "candidate")
                         for c in clause.children if edition.clauses[c].requirement)
        return Resolution(citation, Status.TOO_BROAD, items=citation.items, suggestions=children,
                          **found,  # type: ignore[arg-type]
                          reason=f"{clause.label} ({clause.title}) is a heading, not a specific requirement")
    if citation.items and edition.items_known:
        unknown = [i for i in citation.items if i not in clause.items]
        if unknown:
            have = ", ".join(f"{i})" for i in clause.items) or "no lettered items"
            return Resolution(citation, Status.UNKNOWN_ITEM, items=citation.items, **found,  # type: ignore[arg-type]
                              reason=f"{clause.label} has {have}; not {', '.join(f'{i})' for i in unknown)}")
        sub = dict(clause.subitems)
        if citation.subitems and len(citation.items) == 1 and citation.items[0] in sub:
            bad = [s for s in citation.subitems if not s.isdigit() or not 1 <= int(s) <= sub[citation.items[0]]]
            if bad:
                return Resolution(citation, Status.UNKNOWN_ITEM, items=citation.items, **found,  # type: ignore[arg-type]
                                  reason=f"{clause.label} {citation.items[0]}) has items 1) to "
                                         f"{sub[citation.items[0]]}); not {', '.join(b + ')' for b in bad)}")
    unverified = ""
    if citation.items and not edition.items_known:
        unverified = (f"; item {', '.join(i + ')' for i in citation.items)} not verified: the lettered items of "
                      f"{edition.key} are not established in the catalog")
    return Resolution(citation, Status.EXACT, items=citation.items, **found,  # type: ignore[arg-type]
                      reason=f"{clause.label} {clause.title or ''}".strip() + unverified)


def _excluded(clause: Clause, criteria: Criteria, edition: Edition) -> bool:
    if not criteria.exclusions:
        return False
    node: Clause | None = clause
    while node is not None:
        if node.key in criteria.exclusions:
            return True
        node = edition.clauses.get(node.parent) if node.parent else None
    return False


def _nearest(edition: Edition, clause_id: str) -> tuple[Suggestion, ...]:
    """For an unknown id, the requirements under its nearest existing parent."""
    head = clause_id
    while "." in head:
        head = head.rpartition(".")[0]
        parent = edition.clauses.get(head)
        if parent is not None:
            return tuple(Suggestion(f"{edition.key}/{c}", edition.clauses[c].title, "candidate")
                         for c in parent.children if edition.clauses[c].requirement)[:6]
    return ()


def _listed_or_parent(edition: Edition, clause_id: str) -> Clause | None:
    """The clause of that id, or, for a guidance document numbered like the standard it guides but deeper (ISO 14004
    6.1.2.2 under ISO 14001 6.1.2), its nearest listed parent when that is a requirement."""
    clause = edition.clauses.get(clause_id)
    if clause is not None:
        return clause
    while "." in clause_id:
        clause_id = clause_id.rpartition(".")[0]
        clause = edition.clauses.get(clause_id)
        if clause is not None:
            return clause if clause.requirement else None
    return None


def _external(citation: Citation, ref: Reference, criteria: Criteria, catalogs: Catalogs) -> Resolution:
    """A guidance document, a law or another scheme (``guidance.yaml``): what it is, and the requirement of the
    audited standard to cite instead (its subject's clause; for a law, the clauses on legal requirements)."""
    ids: list[tuple[str, str, str]] = []
    fields = catalogs.reference_fields
    for key in criteria.editions:
        wanted = list(dict(ref.requirement).get(key, ()))
        in_field = not ref.field or catalogs.editions[key].family in fields.get(ref.field, ())
        if ref.kind == "law" and (in_field or len(criteria.editions) == 1):
            wanted += catalogs.legal_requirements.get(key, ())
        for template in wanted:
            # a guide numbered clause by clause like the standard (ISO 14004 for ISO 14001) explains the
            # requirement of its own number
            relationship = EXPLAINS if template == "{clause}" else "candidate"
            if "{clause}" in template:
                if not citation.clause or citation.annex:
                    continue
                template = template.replace("{clause}", citation.clause)
            ids.append((key, template, relationship))
    suggestions = []
    for key, clause_id, relationship in dict.fromkeys(ids):
        clause = _listed_or_parent(catalogs.editions[key], clause_id)
        if clause is not None:
            # a heading is no requirement a guide can explain: it stays a clause to consider
            explained = relationship == EXPLAINS and clause.requirement
            suggestions.append(Suggestion(clause.key, clause.title, EXPLAINS if explained else "candidate"))
    shown = citation.text or citation.render()
    what = f"'{shown}' ({ref.title})" if ref.title[:1].isupper() else f"'{shown}'"
    cite = ", ".join(s.label for s in suggestions)
    if ref.kind == "law":
        reason = f"{what} is a law or regulation: it is audit criteria only through the standard's requirements " \
                 f"on legal requirements" + (f" ({cite})" if cite else "")
        return Resolution(citation, Status.LEGAL_REFERENCE, suggestions=tuple(suggestions), reason=reason)
    if ref.kind == "scheme":
        reason = f"{what} is another scheme's standard, not among the audit criteria ({', '.join(criteria.editions)})"
        return Resolution(citation, Status.NOT_IN_CRITERIA, suggestions=tuple(suggestions),
                          reason=reason + (f"; the audited requirement is {cite}" if cite else ""))
    reason = f"{what} gives guidance and is not audit criteria"
    return Resolution(citation, Status.NOT_A_REQUIREMENT, suggestions=tuple(suggestions),
                      reason=reason + (f"; the requirement on its subject is {cite}" if cite else ""))


def _reference(citation: Citation, criteria: Criteria, catalogs: Catalogs) -> Resolution | None:
    """A part of a clause field the grammar cannot read, recognised from the guidance data: the client's document
    named in words, a guidance document or framework, a law, another scheme."""
    text = citation.text
    if any(p.fullmatch(text) for p in catalogs.client_documents):
        document = replace(citation, document=text, reference=None)
        return Resolution(document, Status.CLIENT_DOCUMENT,
                          reason=f"{text} is the client's own document, not a clause of the standard")
    for ref in catalogs.references:
        if ref.matches(text):
            return _external(replace(citation, reference=text), ref, criteria, catalogs)
    return None


@lru_cache(maxsize=4096)
def _opening_document(piece: str, catalogs: Catalogs) -> Reference | None:
    """The guidance document or other scheme's standard a part of a clause field opens with, named in words before
    any number ("COPC CX Standard 7.0", "VDA 6.3 P6.4", "OSHA Guidelines for Poultry Processing"): its numbers are
    its own sections, not clauses of the audited standard."""
    for ref in catalogs.references:
        if ref.kind == "law" or not ref.patterns:
            continue
        starts = [m.start() for p in ref.patterns if (m := p.search(piece)) is not None]
        if starts and not re.search(r"\d", piece[:min(starts)]):
            return ref
    return None


def resolve_field(text: str, criteria: Criteria, catalogs: Catalogs) -> tuple[Resolution, ...]:
    """Every part of a clause field resolved, never raising: the strict grammar first, unless a part opens with a
    guidance document named in words; failing that, each part (between ";", "|", " / ", " + " or line breaks) on its
    own, then as a known document or law, then the citations found in it. What is left unread is an ``unreadable``
    resolution at its position in the field."""
    found = _document_sections(text, _resolve_field(text, criteria, catalogs))
    return tuple(_titled(text, r, catalogs) for r in _by_title(text, found, criteria, catalogs))


# a section of the client's document written after its title, apart from its code ("HS-SOP-22 Guillotine
# Operation, para 4.1 and 4.3", "Policy HS-POL-12, section 5.2", "QP-08 Final inspection and test, §5.3"): a word
# that numbers a part of a document (``document_sections`` in languages/words.yaml; never "clause", which auditors
# write for the standard's), and the numbers joined to it by a list
_FIELD_BREAK = re.compile(r"[;|/+\n]|\b(?:ISO|IEC|OHSAS)\b", re.IGNORECASE)
_LIST_JOIN = re.compile(r"\s*,?\s*(?:&|\band\b)\s*", re.IGNORECASE)
_COMMA_JOIN = re.compile(r"\s*,\s*")
_BARE_ID = re.compile(r"\d{1,3}(?:\.\d{1,3})*(?:\s*[a-z]\))?")


def _same_part(one: str, other: str) -> bool:
    """Whether two section numbers are of one part and depth: 4.1 and 4.2, not 4.1 and 8.5.1."""
    a, b = one.split("."), other.split(".")
    return len(a) == len(b) and a[0] == b[0]


def _document_sections(text: str, found: tuple[Resolution, ...]) -> tuple[Resolution, ...]:
    """The client's document read with the sections written after its title: in a field that names no standard, a
    clause id opened by a word for a part of a document (``opens_with_section``) that follows the client's document
    with nothing but its title and a comma between (no ";", "/", "+" or line break, no standard), and the ids listed
    after it (bare or with such a word, of the same part), number the document's parts, not the standard's: one
    ``client_document`` resolution then covers the document, its title and its sections, in the document's place. A
    section written right after the code ("EP-07 para 2") the grammar reads so already."""
    if not any(r.citation.document for r in found) or any(r.citation.standard is not None for r in found):
        return found
    ordered = sorted(found, key=lambda r: r.citation.start)
    absorbed: set[int] = set()
    merged: dict[int, Resolution] = {}
    for i, document in enumerate(ordered):
        if not document.citation.document:
            continue
        # the title the grammar could not read, then the first section
        j = i + 1
        while j < len(ordered) and ordered[j].status is Status.UNREADABLE:
            j += 1
        if not (j < len(ordered) and ordered[j].citation.clause and ordered[j].citation.standard is None
                and opens_with_section(ordered[j].citation.text)
                and not _FIELD_BREAK.search(text[document.citation.end:ordered[j].citation.start])):
            continue
        last = j
        while True:
            k = last + 1
            if k < len(ordered) and ordered[k].status is Status.UNREADABLE \
                    and _LIST_JOIN.fullmatch(ordered[k].citation.text):
                k += 1  # "and" between two sections, which the grammar left unread
            if not (k < len(ordered) and ordered[k].citation.clause and ordered[k].citation.standard is None
                    and not ordered[k].citation.annex):
                break
            # listed with "and", "&" or a comma, written bare or with a word for a part of a document, and of the
            # same part ("para 4.1 and 4.3"): "para 4.1 and 8.6", "… and clause 8.5.1" or "… and control A.5.18" cite
            # the standard beside the document's section
            listed = ordered[k].citation.text.strip()
            if not ((_LIST_JOIN.fullmatch(text[ordered[last].citation.end:ordered[k].citation.start])
                     or _COMMA_JOIN.fullmatch(text[ordered[last].citation.end:ordered[k].citation.start]))
                    and (_BARE_ID.fullmatch(listed) or opens_with_section(listed))
                    and _same_part(ordered[last].citation.clause, ordered[k].citation.clause)):
                break
            last = k
        start, end = document.citation.start, ordered[last].citation.end
        written = text[start:end].strip()
        absorbed.update(id(r) for r in ordered[i + 1:last + 1])
        merged[id(document)] = replace(document, citation=replace(document.citation, text=written, start=start,
                                                                  end=end, document=written),
                                       reason=f"{written} is the client's own document, not a clause of the standard")
    if not merged:
        return found
    return tuple(merged.get(id(r), r) for r in found if id(r) not in absorbed)


def _resolve_field(text: str, criteria: Criteria, catalogs: Catalogs) -> tuple[Resolution, ...]:
    segments = field_segments(text)
    if not any(_opening_document(text[a:b], catalogs) for a, b in segments):
        try:
            return resolve_text(text, criteria, catalogs)
        except CitationSyntaxError:
            pass
    out: list[Resolution] = []
    for start, end in segments:
        out.extend(_resolve_segment(text, start, end, criteria, catalogs))
    return tuple(out)


_TITLE_LEAD = re.compile(r"^[\s:()\[\]\-\u2013\u2014,]*")
# a title after the title of the clause it sits under ("Control of externally provided processes, products and
# services - Type and extent of control"): the part after the last dash or colon
_TITLE_PATH = re.compile(r"\s+[-\u2013\u2014]\s+|\s*:\s+")


def _by_title(text: str, found: tuple[Resolution, ...], criteria: Criteria,
              catalogs: Catalogs) -> tuple[Resolution, ...]:
    """A requirement cited by its title alone, without its number ("Preservation", "Contractors (ISO 45001)", "ISO
    9001:2015 - Identification and traceability"), is that requirement, where one clause of the audited editions
    (of the standard the field names, if it names one) carries the title: a part of the field the grammar could not
    read, or the words after a standard named alone. The standard named alone is then no citation of its own."""
    named = {r.citation.standard.family for r in found
             if r.status is Status.TOO_BROAD and not r.citation.clause and r.citation.standard is not None}
    editions = tuple(k for k in criteria.editions if not named or catalogs.editions[k].family in named)
    out: list[Resolution] = []
    titled: set[str] = set()
    for r in found:
        citation = r.citation
        written = ""
        if r.status is Status.UNREADABLE:
            written, start = citation.text, citation.start
        elif r.status is Status.TOO_BROAD and not citation.clause and citation.standard is not None:
            tail = text[citation.end:]
            cut = re.search(r"[;|/\n]", tail)
            written = tail[:cut.start()] if cut else tail
            start = citation.end + len(written) - len(written.lstrip(" :()[]-\u2013\u2014,"))
            written = written.strip(" :()[]-\u2013\u2014,.")
        match = _clause_by_title(written, editions, catalogs) if written else None
        if match is None:
            out.append(r)
            continue
        edition, clause_id = match
        if any(f"{edition.key}/{clause_id}" in o.clauses and o.citation.start == start for o in out):
            continue  # the same words read twice: after the standard and as the part the grammar left unread
        by_title = Citation(text=written, start=start, end=start + len(written), clause=clause_id,
                            standard=parse_standard(edition.key), annex="A" if clause_id.startswith("A.") else None)
        out.append(_in_edition(by_title, edition, clause_id, criteria, catalogs))
        titled.add(edition.family)
    if not titled:
        return found
    # the standard the title was read in, named alone beside it, cites nothing more
    return tuple(r for r in out if not (r.status is Status.TOO_BROAD and not r.citation.clause
                                        and r.citation.standard is not None
                                        and r.citation.standard.family in titled))


@lru_cache(maxsize=1024)
def _clause_by_title(written: str, editions: tuple[str, ...], catalogs: Catalogs) -> tuple[Edition, str] | None:
    """The one clause of the editions whose title is the text written (case, punctuation and 'the' ignored), or whose
    title is the text's last part after a dash or colon; None when none or several are."""
    for part in dict.fromkeys((written, _TITLE_PATH.split(written)[-1])):
        plain = _plain_title(part)
        if not plain or len(plain) < 4:
            continue
        hits = [(catalogs.editions[k], c.id) for k in editions for c in catalogs.editions[k].clauses.values()
                if _plain_title(c.title) == plain]
        if len(hits) == 1:
            return hits[0]
        if hits:
            return None
    return None


def _titled(text: str, resolution: Resolution, catalogs: Catalogs) -> Resolution:
    """A citation of the audited edition written with the title its number had in a withdrawn edition ("Clause
    8.2.2 Internal audit" in an ISO 9001:2015 audit, "A.9.2.6 Removal of access rights" in an ISO/IEC 27001:2022
    one) is that edition's citation, written from habit: obsolete, with its successor. The title is read in the
    words written right after the citation; a title the audited clause shares is no sign of the older edition. A
    number of an edition still in its transition that the new one gave another meaning ("6.1.4 Planning action" in
    an ISO 14001:2026 audit) is judged by the changed-meaning rules (FV113, FV120, FV125), as reviewers label it."""
    citation = resolution.citation
    if resolution.status is not Status.EXACT or len(resolution.clauses) != 1 or not citation.clause \
            or (citation.standard is not None and citation.standard.year is not None):
        return resolution
    written = _plain_title(_TITLE_LEAD.sub("", text[citation.end:citation.end + 80]))
    audited = catalogs.clause(resolution.clauses[0])
    if not written or audited is None:
        return resolution
    own = _plain_title(audited.title)
    if own and written.startswith(own):
        return resolution
    edition = catalogs.editions[resolution.clauses[0].rpartition("/")[0]]
    for older in _older_editions(catalogs, edition):
        if older.current:
            continue
        clause_id = _id_in(older, citation)
        then = _plain_title(older.clauses[clause_id].title) if clause_id in older.clauses else None
        if then and then != own and (written + " ").startswith(then + " "):
            habit = _obsolete(citation, older, edition, catalogs, clause_id)
            # a heading of the older edition that no map carries over says too little to name the requirement
            return habit if habit.suggestions else resolution
    return resolution


def _resolve_segment(text: str, start: int, end: int, criteria: Criteria,
                     catalogs: Catalogs) -> list[Resolution]:
    piece = text[start:end]
    opening = _opening_document(piece, catalogs)
    if opening is not None:
        return [_external(Citation(text=piece, start=start, end=end, reference=piece), opening, criteria, catalogs)]
    try:
        found = parse_citations(piece)
    except CitationSyntaxError as exc:
        error = exc
    else:
        return [resolve(_shift(c, start), criteria, catalogs) for c in found]
    whole = Citation(text=piece, start=start, end=end, reference=piece)
    known = _reference(whole, criteria, catalogs)
    if known is not None:
        if known.status in (Status.LEGAL_REFERENCE, Status.NOT_A_REQUIREMENT, Status.NOT_IN_CRITERIA):
            # a law or a guidance document and a clause of the standard in one part ("COSHH 2002 reg 7 and ISO 45001
            # cl. 6.1.2.1", "9.1.2 - compliance with the Water Resources Act", "8.5.1 (AIAG PPAP manual)"): the
            # clause is read too, when it names its standard or opens the part (a document's own numbers, "reg.
            # 7.2", stay the document's) and is a requirement of the audited edition
            beside = [r for c in find_field_citations(piece) if c.standard is not None or c.start == 0
                      if (r := resolve(_shift(c, start), criteria, catalogs)).status is Status.EXACT]
            return sorted([known, *beside], key=lambda r: r.citation.start)
        return [known]
    # a number right after a law's or a contract's article word ("arrêté préfectoral du 12/03/2019 art. 4.3.2",
    # "Reg. 7.2") is that document's own, not a clause of the standard
    candidates = find_field_citations(piece)
    found = tuple(c for i, c in enumerate(candidates)
                  if c.standard is not None or not (_DOCUMENT_ARTICLE.search(piece, 0, c.start)
                                                    or _titled_section(piece, candidates[:i], c, criteria,
                                                                       catalogs)
                                                    or _other_standard_part(piece, candidates[:i], c, criteria,
                                                                            catalogs)))
    out = [resolve(_shift(c, start), criteria, catalogs) for c in found]
    gaps, at = [], 0
    for c in found:
        gaps.append((at, c.start))
        at = max(at, c.end)
    gaps.append((at, len(piece)))
    for a, b in gaps:
        rest = piece[a:b]
        if re.search(r"[^\W_]", rest) and (not found or re.search(r"[^\W\d_]{3,}", rest)):
            lead = len(rest) - len(rest.lstrip(" ,;:-–—()[]."))
            rest = rest.strip(" ,;:-–—()[].")
            column = start + a + lead + 1
            if found:
                reason = f"cannot read {rest!r} at column {column} of the clause field"
            else:
                reason = error.message.replace(f"column {error.column}", f"column {start + error.column}")
            unread = Citation(text=rest, start=start + a + lead, end=start + a + lead + len(rest), reference=rest)
            out.append(Resolution(unread, Status.UNREADABLE, reason=reason))
    return out


_TITLE_REACH = 160
# what may stand between a standard and its own part's number: the rest of its part number and a short capital label
# ("IEC 62443-3-3 SR 5.1"), a section word, or nothing; never a word of the sentence ("ISO 14001 also 8.5.1")
_PART_LABEL = re.compile(r"(?:\s*-\s*\d+)*\s*(?:[A-Z]{1,3}|part|section|sec\.?|§)?\s*")
# a standard's publisher as it is written, in capitals ("en", "une" and "nf" are also words)
_STANDARD_NAMED = re.compile(r"\b(?:ISO|IEC|OHSAS|BS|EN|DIN|UNE|NF)\b")
_TITLE_WORD = re.compile(r"[^\W\d_]{4,}")


def _titled_section(piece: str, earlier: tuple[Citation, ...] | list[Citation], citation: Citation,
                    criteria: Criteria, catalogs: Catalogs) -> bool:
    """Whether a bare number in a part the grammar cannot read numbers a part of another document, named by its title
    before it ("WorkSafe sawmilling best practice guidelines, s.5.3", "Meat Industry Health & Safety Code of
    Practice (2019), section 5.3"): written after a word that numbers a part of a document, or opening with one
    (``document_sections``), after words that name a document (``names_document``: a kind of document, a year in
    brackets) and no standard; not where those words share a word with the title of the audited clause so
    numbered ("Control of documented information, section 7.5.3"), which names the standard's clause by its title.
    A topic before the number ("Calibration, section 7.1.5.2") names no document and leaves it the standard's; a
    client's document written with its code ("QP-08 Title, para 4.1") is ``_document_sections``'s to read."""
    if any(c.document or c.standard is not None for c in earlier):
        return False
    # the words since the last number read, and no more than a title's length: a long field is read in one pass
    start = max(earlier[-1].end if earlier else 0, citation.start - _TITLE_REACH)
    before = piece[start:citation.start]
    at = section_word_before(before)
    if at is None and not opens_with_section(citation.text):
        return False
    title = before[:at] if at is not None else before
    if not names_document(title) or _STANDARD_NAMED.search(title):
        return False
    written = {w.lower() for w in _TITLE_WORD.findall(title)}
    resolved = resolve(citation, criteria, catalogs)
    return not any(written & {w.lower() for w in _TITLE_WORD.findall(clause.title or "")}
                   for key in resolved.clauses if (clause := catalogs.clause(key)) is not None)


def _other_standard_part(piece: str, earlier: tuple[Citation, ...] | list[Citation], citation: Citation,
                         criteria: Criteria, catalogs: Catalogs) -> bool:
    """Whether a bare number follows, in the same part and with only the rest of its part number or a short label
    between (``_PART_LABEL``), a standard outside the audit criteria, whose own part it numbers ("IEC 62443-3-3 SR
    5.1": system requirement 5.1 of IEC 62443, not clause 5.1 of the audited standard)."""
    named = [c for c in earlier if c.standard is not None]
    if not named:
        return False
    last = named[-1]
    if not _PART_LABEL.fullmatch(piece[last.end:citation.start]):
        return False
    return resolve(last, criteria, catalogs).status is Status.NOT_IN_CRITERIA


_DOCUMENT_ARTICLE = re.compile(r"(?<![^\W\d_])(?:art|arts|article|articles|artículo|artigo|artikel|reg|regs|regulation|"
                               r"regulations|condition|conditions|rule|rules)\.?\s*$", re.IGNORECASE)
"""The word before a number that makes it the number of a law's, a permit's or a contract's own part."""


def _shift(citation: Citation, offset: int) -> Citation:
    return replace(citation, start=citation.start + offset, end=citation.end + offset) if offset else citation


def resolve_text(text: str, criteria: Criteria, catalogs: Catalogs) -> tuple[Resolution, ...]:
    """Parse a clause field and resolve every citation in it (raises CitationSyntaxError on bad syntax)."""
    return tuple(resolve(c, criteria, catalogs) for c in parse_citations(text))


__all__ = ["Criteria", "CitationSyntaxError", "edition_of", "resolve", "resolve_field", "resolve_text"]
