"""Whether a finding is about a close clause of the one it cites: the catalog's close-clause profiles, as the
citation rules read them.

Some clauses lie next to each other in subject, so a finding on one is often cited to the other: determining
environmental aspects and determining compliance obligations, planning action on them and evaluating compliance;
identifying hazards, assessing risks and investigating incidents; access control rules, access rights and secure
authentication. What separates them is the act the statement says was not done (determine, plan or take action,
evaluate), the object it was not done to (access rights, authentication) or the event (an incident, a hazard). A
catalog entry names its close clauses (``close``, read both ways) and the words that name its subject and none of
theirs (``distinct``: data). The finding is about a close clause instead of the cited one when what the statement
says is not met (without the yardstick it names and what follows a consequence marker, ``dsl.subjects``) names the
distinct subject of exactly one close clause, by words that stand together in one sentence part, and no sentence
part of the statement, the quoted requirement or the evidence holds the words of a distinct phrase of the cited
clause, wherever they stand in it. The reading is *firm* when, besides, the ranker
(``catalog.subjects``) puts that clause above the cited one on the statement and on the whole finding (two
readings, one of the words the profiles keep apart and one of every word, then agree), and neither the yardstick the
statement names nor the clause field names the cited clause's subject: leavers' access not removed "as the access
control policy requires", or cited "A.5.15 / Access control policy AC-01" (another citation of the finding), was
measured against what the cited control asks for, and reviewers differ on whether that citation fits. Nor is it
firm when the statement names the subject of a lettered item of the cited clause (of the item cited, if one is), for
untitled paragraphs of one clause, or for a sub-clause titled General cited for its sibling's subject. The
requirements of one heading that carry one distinct profile (ISO 9001 internal audit, 9.2.1 and 9.2.2) are one close
subject.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..catalog import Catalogs
from ..catalog.index import Clause
from ..catalog.subjects import rank, rankable, tokens
from .subjects import departure, without_criterion
from .text import sentences

# how far apart, in words beyond the phrase's own, the words of a distinct phrase may lie within one sentence part:
# an act and its object ("compliance with the abstraction licence was not evaluated") stand a few words apart
SPREAD = 4


def _parts(text: str) -> tuple[tuple[str, ...], ...]:
    """The stems of each sentence part of a text, the parts ``any sentence (…)`` ranges over (``text.sentences``)."""
    return tuple(found for part in sentences(text) if (found := tokens(part)))


def names_distinct(phrases: tuple[str, ...], text: str, close: bool = True) -> bool:
    """Whether one sentence part of ``text`` holds every word of one of the phrases, within a few words of each
    other when ``close``."""
    wanted = [words for p in phrases if (words := frozenset(tokens(p)))]
    for said in _parts(text):
        for words in wanted:
            width = len(words) + SPREAD if close else len(said)
            if any(said[start] in words and words <= frozenset(said[start:start + width])
                   for start in range(len(said))):
                return True
    return False


# the act a statement says was not done: the word right after a negation ("have not been planned", "were not
# implemented", "never reviewed"), a few auxiliaries allowed between
_NEGATED_ACT = re.compile(r"\b(?:not|never)\s+(?:(?:yet|been|be|being|fully|properly|effectively)\s+){0,3}([a-z][a-z-]+)",
                          re.IGNORECASE)


def negated_acts(text: str) -> frozenset[str]:
    """The stems of the acts a text says were not done ("Actions … have not been planned" → plan)."""
    return frozenset(stem for m in _NEGATED_ACT.finditer(text) for stem in tokens(m.group(1)))


def _profile_words(clause: Clause) -> frozenset[str]:
    """The stems a clause's naming parts hold: title, aliases, keywords, synonyms and distinct phrases."""
    return frozenset(w for p in (clause.title or "", *clause.aliases, *clause.keywords, *clause.synonyms,
                                 *clause.distinct) for w in tokens(p))


def close_clauses(catalogs: Catalogs, clause: Clause) -> tuple[Clause, ...]:
    """The close clauses of a clause that have a distinct profile: those it names and those that name it."""
    return _close_clauses(catalogs, clause.key)


@lru_cache(maxsize=2048)
def _close_clauses(catalogs: Catalogs, key: str) -> tuple[Clause, ...]:
    clause = catalogs.clause(key)
    if clause is None:
        return ()
    edition = catalogs.editions[clause.edition]
    found = [edition.clauses[i] for i in clause.close if i in edition.clauses]
    found += [c for c in edition.clauses.values() if clause.id in c.close]
    out = {c.key: c for c in found if c.key != clause.key and c.distinct and rankable(c)}
    return tuple(out.values())


@lru_cache(maxsize=4096)
def close_check(catalogs: Catalogs, key: str, statement: str, requirement: str, evidence: str,
                cited: str = "", items: tuple[str, ...] = ()) -> tuple[str, bool]:
    """The key of the close clause the finding is about instead of the cited one, and whether the reading is firm
    (see the module's description); ("", False) when the citation fits or nothing tells. ``cited`` is the clause
    field as written when it holds another citation than this one (a client's document cited beside the clause);
    ``items`` the lettered items cited ("c")."""
    clause = catalogs.clause(key)
    if clause is None or not clause.distinct:
        return "", False
    near = close_clauses(catalogs, clause)
    if not near:
        return "", False
    stated = without_criterion(statement)
    core = departure(stated)
    named = [c for c in near if names_distinct(c.distinct, core)]
    # the one act the statement says was not done tells apart several close clauses it names ("actions to address
    # the risk identified in the register were not planned": planning action on risks, not determining them, nor
    # acting on opportunities): the one whose profile holds the act is meant, and the cited clause's distinct words
    # in the statement are then the object described, not what is unmet
    acts = negated_acts(core)
    acting = [c for c in named if acts & _profile_words(c)]
    by_act = (len(acts) == 1 and len(named) > 1 and len(acting) == 1
              and not acts & frozenset(w for p in clause.distinct for w in tokens(p)))
    if by_act:
        named = acting
    heading = None
    if len(named) > 1:
        # the requirements of one heading given one distinct profile (ISO 9001 internal audit, 9.2.1 and 9.2.2)
        # are one close subject
        parents = {c.parent for c in named}
        same = len({c.distinct for c in named}) == 1
        heading = catalogs.clause(f"{clause.edition}/{named[0].parent}") if len(parents) == 1 and same else None
        if heading is None or clause.parent == heading.id:
            return "", False
    elif len(named) != 1:
        return "", False
    # the cited clause's own subject is looked for more widely (anywhere in a sentence part) than the close clause's:
    # a doubt keeps the citation
    if any(names_distinct(clause.distinct, text, close=False)
           for text in ((requirement, evidence) if by_act else (stated, requirement, evidence))):
        return "", False
    other = named[0]
    editions = (clause.edition,)
    on_statement = rank(catalogs, editions, stated)
    whole = rank(catalogs, editions, stated, requirement, evidence)
    # the cited clause's subject named as the yardstick ("..., although the access control policy requires it") or
    # beside the citation ("A.5.15 / Access control policy AC-01") is what the auditor measured against: a
    # reviewer may hold that the citation fits, so the reading is never firm then
    vouched = any(names_distinct(clause.distinct, text, close=False) for text in (statement, cited))
    # so is a word of the cited clause's title that the close clause's naming words lack ("knowledge of the furnace
    # settings was not recorded", cited to organizational knowledge, beside training records)
    theirs = frozenset(w for c in named for p in (c.title or "", *c.aliases, *c.keywords, *c.synonyms)
                       for w in tokens(p)) | frozenset(tokens(heading.title or "") if heading else ())
    vouched = vouched or bool((frozenset(tokens(clause.title or "")) - theirs) & frozenset(tokens(stated)))
    # and so is the own subject of a lettered item of the cited clause (of the item cited, if one is): "the existing
    # risk assessment was not reviewed" after an accident, cited to ISO 45001 10.2 or 10.2 c)
    subjects = dict(clause.item_subjects)
    vouched = vouched or any(names_distinct(subjects.get(item, ()), statement, close=False)
                             for item in (items or tuple(subjects)))
    # untitled sub-clauses of one clause (ISO 9001:2015 6.1.1 and 6.1.2) are paragraphs of one requirement, which
    # auditors cite as one: a reviewer may accept either, so the reading is never firm for them
    paragraphs = not clause.title and not other.title and clause.parent == other.parent
    # a sub-clause titled General states the requirement its siblings detail (ISO 45001 9.1.1 beside 9.1.2, 8.1.4.1
    # beside contractors and outsourcing): cited with one of its lettered items for a sibling's subject, it is not
    # wrong beyond dispute; cited whole for what a sibling alone details ("calibration had expired" under ISO 9001
    # 7.1.5.1), it is, when the ranker agrees
    general = clause.parent == other.parent and (clause.title or "").lower() == "general"
    paragraphs = paragraphs or (general and bool(items))
    # a reading narrowed by the act alone is a doubt a reviewer may not share where the statement names the cited
    # clause's subject as the object of that act: a warning, never firm
    doubt = by_act and names_distinct(clause.distinct, stated, close=False)
    firm = (not vouched and not paragraphs and not doubt
            and max(on_statement.score(c.key) for c in named) > on_statement.score(key)
            and max(whole.score(c.key) for c in named) > whole.score(key))
    if heading is not None:
        # the requirement of the heading that the whole finding ranks first
        other = max(named, key=lambda c: whole.score(c.key))
    return other.key, firm
