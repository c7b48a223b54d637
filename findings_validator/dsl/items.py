"""Whether a cited lettered item is what a finding is about: the item profiles of the catalog, as the citation rules
read them.

Some clauses list items whose subjects differ (correcting a nonconformity, finding its cause, preventing a potential
one; the controlled conditions of production). A catalog entry may name each such item's subject
(``item_subjects``: words and phrases, data). When every cited item has such a profile, the statement names none of
the cited items' phrases and the phrases of exactly one other item of the same clause (its words close together),
that item is what the statement is about. Only the statement is read: a quoted requirement of the cited item shows what the auditor had in
mind, not that the statement is about it; and another item is looked for only in what the statement says is not met,
without what follows a consequence marker (``dsl.subjects.departure``).
"""

from __future__ import annotations

from functools import lru_cache

from ..catalog import Catalogs
from ..catalog.subjects import tokens
from .subjects import departure


def _names(phrases: tuple[str, ...], present: frozenset[str]) -> bool:
    """Whether ``present`` (the stems of a text) holds every word of one of the phrases."""
    return any((words := frozenset(tokens(p))) and words <= present for p in phrases)


# how far apart, in naming words beyond the phrase's own, the words of another item's phrase may lie in the statement
_SPREAD = 2


def _names_close(phrases: tuple[str, ...], said: tuple[str, ...]) -> bool:
    """Whether ``said`` (the stems of a text, in order) holds every word of one of the phrases within a few words of
    each other: 'audit records' is named by 'the audit records' or 'records of the audit', not by 'internal audits
    raised nonconformities ... on missing peer-review records'."""
    for phrase in phrases:
        words = frozenset(tokens(phrase))
        if not words:
            continue
        width = len(words) + _SPREAD
        for start in range(len(said)):
            if said[start] in words and words <= frozenset(said[start:start + width]):
                return True
    return False


@lru_cache(maxsize=4096)
def item_subject(catalogs: Catalogs, key: str, items: tuple[str, ...], statement: str) -> str:
    """The letter of the item of clause ``key`` whose subject the statement names instead of the cited ``items``'
    (see the module's description); "" when the items fit, have no profile, or no single other item is named."""
    clause = catalogs.clause(key)
    if clause is None or not items or not clause.item_subjects:
        return ""
    profiles = dict(clause.item_subjects)
    if any(item not in profiles for item in items):
        return ""
    said = frozenset(tokens(statement))
    if any(_names(profiles[item], said) for item in items):
        return ""
    # another item counts only when named in what the statement says is not met, not in what follows from it
    # ("corrective action was not taken, so the causes remain"): the consequence names no requirement
    # and by words that stand together: words of its phrase scattered through a long statement name nothing
    core = tokens(departure(statement))
    others = [letter for letter, phrases in profiles.items() if letter not in items and _names_close(phrases, core)]
    return others[0] if len(others) == 1 else ""
