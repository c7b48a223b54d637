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
from collections.abc import Iterator
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


class Ranking:
    """Scores of every profiled clause of the audited editions for one text, best first. The ordered pairs are made
    only when asked for (``scores``); a clause's score and the best clause are read from the scores directly."""

    __slots__ = ("_keys", "_position", "_total", "_order", "_pairs")

    def __init__(self, keys: tuple[str, ...] = (), position: dict[str, int] | None = None, total: Any = None,
                 order: list[int] | None = None) -> None:
        self._keys, self._position, self._total = keys, position or {}, total
        self._order: list[int] = order or []  # the profiles that score above zero, best first
        self._pairs: tuple[tuple[str, float], ...] | None = None

    @property
    def scores(self) -> tuple[tuple[str, float], ...]:
        """(clause key, score) of every clause that scores above zero, descending."""
        if self._pairs is None:
            keys, total = self._keys, self._total
            self._pairs = tuple((keys[n], float(total[n])) for n in self._order)
        return self._pairs

    def ranked(self) -> Iterator[tuple[str, float]]:
        """``scores`` one at a time (a search for the best clause outside a set stops early)."""
        if self._pairs is not None:
            yield from self._pairs
            return
        keys, total = self._keys, self._total
        for n in self._order:
            yield keys[n], float(total[n])

    def score(self, key: str) -> float:
        n = self._position.get(key)
        if n is None or self._total is None:
            return 0.0
        value = float(self._total[n])
        return value if value > 0 else 0.0

    @property
    def best(self) -> tuple[str, float]:
        if not self._order:
            return ("", 0.0)
        n = self._order[0]
        return self._keys[n], float(self._total[n])


class SubjectIndex:
    """BM25 over the profiles of a set of editions' requirements.

    ``rank_bm25`` fits the model (document frequencies, the floored idf, document lengths); the scores are its
    ``get_scores`` computed from an inverted index: each word's term for each profile that holds it is worked out
    once (the same arithmetic, so the same floating-point values) and a text's score for a profile is the sum of
    its words' terms in the order of the text, the profiles without the word adding nothing. ``get_scores`` loops
    in Python over every profile for every word of the text (about 5 ms a finding on four editions)."""

    def __init__(self, clauses: list[Clause]) -> None:
        from rank_bm25 import BM25Okapi  # imported on first use: start-up stays free of NumPy

        self.keys = tuple(c.key for c in clauses)
        self.position = {key: n for n, key in enumerate(self.keys)}
        docs = [profile_text(c) or ["-"] for c in clauses]
        self._bm25: Any = BM25Okapi(docs)
        self.vocabulary = frozenset(w for d in docs for w in d)
        self.profiles = dict(zip(self.keys, map(frozenset, docs), strict=True))
        self._lock = threading.Lock()
        postings: dict[str, list[int]] = {}
        for n, frequencies in enumerate(self._bm25.doc_freqs):
            for word in frequencies:
                postings.setdefault(word, []).append(n)
        self._postings = postings
        self._terms: dict[str, tuple[Any, Any]] = {}

    def _term(self, word: str) -> tuple[Any, Any]:
        """The profiles that hold ``word`` and its BM25 term in each, as ``get_scores`` computes it."""
        found = self._terms.get(word)
        if found is None:
            import numpy as np

            bm25 = self._bm25
            where = np.array(self._postings[word], dtype=np.intp)
            q_freq = np.array([bm25.doc_freqs[n][word] for n in self._postings[word]])
            doc_len = np.array(bm25.doc_len)[where]
            values = (bm25.idf.get(word) or 0) * (q_freq * (bm25.k1 + 1) /
                                                  (q_freq + bm25.k1 * (1 - bm25.b + bm25.b * doc_len / bm25.avgdl)))
            found = self._terms[word] = (where, values)
        return found

    def _scores(self, query: list[str]) -> Any:
        """``BM25Okapi.get_scores(query)``, from the inverted index."""
        import numpy as np

        terms = [self._term(word) for word in query]
        # bincount adds the weights one after another in the order given: each profile's terms in the query's order
        return np.bincount(np.concatenate([where for where, _ in terms]),
                           weights=np.concatenate([values for _, values in terms]), minlength=len(self.keys))

    def rank(self, parts: tuple[tuple[str, float], ...]) -> Ranking:
        """Rank the clauses for texts with their weights: the weighted sum of each text's BM25 scores."""
        import numpy as np

        total: Any = None
        for text, weight in parts:
            query = [w for w in tokens(text) if w in self.vocabulary]
            if not query or not weight:
                continue
            with self._lock:  # the terms are filled in on first use
                scores = self._scores(query) * weight
            total = scores if total is None else total + scores
        if total is None:
            return Ranking()
        scored = np.flatnonzero(total > 0)
        order = scored[np.argsort(-total[scored], kind="stable")]  # best first; ties in the profiles' order
        return Ranking(self.keys, self.position, total, order.tolist())


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
        return Ranking()
    index = subject_index(catalogs, editions)
    return index.rank(((statement, WEIGHTS["statement"]), (requirement, WEIGHTS["requirement"]),
                       (evidence, WEIGHTS["evidence"])))
