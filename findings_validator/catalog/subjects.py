"""Subject profiles and the ranker over them: which requirements a finding's text is about.

Each requirement clause of an edition has a *profile* in its catalog entry: title, title aliases, summary, keywords
and the synonyms auditors use. The profiles of the audited editions form a small corpus ranked with Okapi BM25
(``rank_bm25``): a word that many clauses share, such as the harmonized structure's "management system", weighs
little, and a clause-specific word ("calibration", "backup") weighs much. A finding is ranked by its statement, its
requirement and its evidence, each with its own weight, so what the auditor says is wrong decides the subject.

The index of a set of editions is built on first use, once per process, and kept in memory (nothing is written to
disk). ``rank_bm25`` and NumPy are imported only then, so commands that never rank a finding do not pay for them.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from . import Catalogs
from .index import Clause

# How much each part of a finding counts: what the auditor says is wrong, then the requirement quoted, then the
# evidence (long, and full of names of things that belong to many subjects).
WEIGHTS = {"statement": 1.0, "requirement": 0.5, "evidence": 0.25}
# A profile's parts: the words that name the subject count more than the summary's sentence.
_PROFILE_REPEAT = {"title": 2, "aliases": 1, "keywords": 2, "synonyms": 2, "summary": 1}


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    """Words that say nothing of a subject (data: ``subject_stopwords.txt`` next to this module)."""
    text = resources.files(__package__).joinpath("subject_stopwords.txt").read_text(encoding="utf-8")
    return frozenset(w for line in text.splitlines() if (w := line.split("#", 1)[0].strip()))


@lru_cache(maxsize=1)
def _stemmer() -> Any:
    from snowballstemmer.english_stemmer import EnglishStemmer  # this language only: a fraction of the package

    return EnglishStemmer()


@lru_cache(maxsize=1 << 16)
def stem(word: str) -> str:
    """The Snowball (Porter 2) English stem: 'communicated', 'communication' ~ 'communic'."""
    return _stemmer().stemWord(word)


def _words(text: str) -> list[str]:
    from ..dsl.text import words  # the same word split as the rules' lexicons

    stop = stopwords()
    return [stem(w) for w in words(text) if w not in stop and not w.isdigit() and len(w) > 1]


@lru_cache(maxsize=1024)
def tokens(text: str) -> tuple[str, ...]:
    """The stems of a text that can name a subject."""
    return tuple(_words(text))


def profile_text(clause: Clause) -> list[str]:
    """The tokens of a clause's profile, its naming parts repeated by weight."""
    parts = {"title": [clause.title or ""], "aliases": list(clause.aliases), "keywords": list(clause.keywords),
             "synonyms": list(clause.synonyms), "summary": [clause.summary]}
    out: list[str] = []
    for name, texts in parts.items():
        for text in texts:
            out += list(tokens(text)) * _PROFILE_REPEAT[name]
    return out


def rankable(clause: Clause) -> bool:
    """Requirements a finding can be about: normative requirement clauses and Annex A controls."""
    return clause.requirement and clause.normative


@dataclass(frozen=True, slots=True)
class Ranking:
    """Scores of every profiled clause of the audited editions for one text, best first."""

    scores: tuple[tuple[str, float], ...]   # (clause key, score), descending
    by_key: dict[str, float]

    def score(self, key: str) -> float:
        return self.by_key.get(key, 0.0)

    @property
    def best(self) -> tuple[str, float]:
        return self.scores[0] if self.scores else ("", 0.0)


class SubjectIndex:
    """BM25 over the profiles of a set of editions' requirements."""

    def __init__(self, clauses: list[Clause]) -> None:
        from rank_bm25 import BM25Okapi  # imported on first use: start-up stays free of NumPy

        self.keys = tuple(c.key for c in clauses)
        docs = [profile_text(c) or ["-"] for c in clauses]
        self._bm25: Any = BM25Okapi(docs)
        self.vocabulary = frozenset(w for d in docs for w in d)
        self.profiles = dict(zip(self.keys, map(frozenset, docs), strict=True))
        self._lock = threading.Lock()

    def rank(self, parts: tuple[tuple[str, float], ...]) -> Ranking:
        """Rank the clauses for texts with their weights: the weighted sum of each text's BM25 scores."""
        total: Any = None
        for text, weight in parts:
            query = [w for w in tokens(text) if w in self.vocabulary]
            if not query or not weight:
                continue
            with self._lock:  # rank_bm25 keeps no per-query state, but NumPy buffers are not shared across threads
                scores = self._bm25.get_scores(query) * weight
            total = scores if total is None else total + scores
        if total is None:
            return Ranking((), {})
        pairs = sorted(((k, float(s)) for k, s in zip(self.keys, total, strict=True) if s > 0),
                       key=lambda p: -p[1])
        return Ranking(tuple(pairs), dict(pairs))


_BUILD_LOCK = threading.Lock()


@lru_cache(maxsize=16)
def _subject_index(catalogs: Catalogs, editions: tuple[str, ...]) -> SubjectIndex:
    clauses = [c for key in editions for c in catalogs.editions[key].clauses.values() if rankable(c)]
    return SubjectIndex(clauses)


def subject_index(catalogs: Catalogs, editions: tuple[str, ...]) -> SubjectIndex:
    """The index of these editions' profiles: built once per process on first use (thread-safe), then shared."""
    with _BUILD_LOCK:
        return _subject_index(catalogs, editions)


@lru_cache(maxsize=2048)
def rank(catalogs: Catalogs, editions: tuple[str, ...], statement: str, requirement: str = "",
         evidence: str = "") -> Ranking:
    """Rank the audited editions' requirements for a finding's texts (``WEIGHTS``)."""
    if not editions:
        return Ranking((), {})
    index = subject_index(catalogs, editions)
    return index.rank(((statement, WEIGHTS["statement"]), (requirement, WEIGHTS["requirement"]),
                       (evidence, WEIGHTS["evidence"])))
