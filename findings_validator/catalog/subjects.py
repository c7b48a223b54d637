"""Subject profiles and the ranker over them: which requirements a finding's text is about.

Each requirement clause of an edition has a *profile* in its catalog entry: title, title aliases, summary, keywords
and the synonyms auditors use. The profiles of the audited editions form a small corpus ranked with Okapi BM25
(``rank_bm25``): a word that many clauses share, such as the harmonized structure's "management system", weighs
little, and a clause-specific word ("calibration", "backup") weighs much. A finding is ranked by its statement, its
requirement and its evidence, each with its own weight, so what the auditor says is wrong decides the subject.

The index of a set of editions is built on first use and kept in memory; it is also cached on disk next to the
catalogs' cache, keyed by their content, so later processes load it (a few milliseconds). ``rank_bm25`` and NumPy
are imported only to build an index, so commands that never rank a finding, and processes that find the index
cached, do not pay for them.
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
    """The Snowball English stemmer, as PyStemmer compiles it to C (a couple of milliseconds to import; a word in
    well under a microsecond)."""
    import Stemmer

    return Stemmer.Stemmer("english")


@lru_cache(maxsize=1)
def _spellings() -> tuple[dict[str, str], tuple[tuple[str, str], ...], frozenset[str]]:
    """Whole-word and word-ending spelling variants, and the words kept whole (data: ``subject_spellings.txt`` next
    to this module)."""
    text = resources.files(__package__).joinpath("subject_spellings.txt").read_text(encoding="utf-8")
    whole: dict[str, str] = {}
    endings: list[tuple[str, str]] = []
    kept: set[str] = set()
    for number, line in enumerate(text.splitlines(), 1):
        fields = line.split("#", 1)[0].split()
        if not fields:
            continue
        if fields[0] == "keep" and len(fields) == 2:
            kept.add(fields[1])
        elif len(fields) != 3 or fields[0] not in ("word", "ending"):
            raise ValueError(f"subject_spellings.txt:{number}: expected 'word FROM TO', 'ending FROM TO' or "
                             f"'keep WORD'")
        elif fields[0] == "word":
            whole[fields[1]] = fields[2]
        else:
            endings.append((fields[1], fields[2]))
    return whole, tuple(sorted(endings, key=lambda e: -len(e[0]))), frozenset(kept)  # the longest ending first


def spelling(word: str) -> str:
    """One spelling of a lower-case word for its variants: 'synchronized' -> 'synchronised', 'behavior' ->
    'behaviour'; other words unchanged."""
    whole, endings, _ = _spellings()
    if word in whole:
        return whole[word]
    for ending, to in endings:
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            return word[: -len(ending)] + to
    return word


@lru_cache(maxsize=1 << 16)
def stem(word: str) -> str:
    """The Snowball (Porter 2) English stem of the word's one spelling (``spelling``): 'communicated',
    'communication' ~ 'communic'; 'synchronized', 'synchronisation' ~ 'synchronis'. A word the data keeps whole
    ('operator', which the stemmer makes one with 'operational') is its own stem."""
    one = spelling(word)
    return one if one in _spellings()[2] else _stemmer().stemWord(one)


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
    """Scores of every profiled clause of the audited editions for one text. A clause's score and the best clause
    are read from the scores directly; the clauses in order (``ranked``, ``scores``) are sorted only when asked for."""

    __slots__ = ("_keys", "_position", "_total", "_order", "_pairs")

    def __init__(self, keys: tuple[str, ...] = (), position: dict[str, int] | None = None,
                 total: list[float] | None = None) -> None:
        self._keys, self._position, self._total = keys, position or {}, total or []
        self._order: list[int] | None = None  # the profiles that score above zero, best first (ties: catalog order)
        self._pairs: tuple[tuple[str, float], ...] | None = None

    def _ordered(self) -> list[int]:
        if self._order is None:
            total = self._total
            # a stable sort, descending: equal scores keep the profiles' order
            self._order = sorted((n for n, score in enumerate(total) if score > 0), key=total.__getitem__,
                                 reverse=True)
        return self._order

    @property
    def scores(self) -> tuple[tuple[str, float], ...]:
        """(clause key, score) of every clause that scores above zero, descending."""
        if self._pairs is None:
            keys, total = self._keys, self._total
            self._pairs = tuple((keys[n], total[n]) for n in self._ordered())
        return self._pairs

    def ranked(self) -> Iterator[tuple[str, float]]:
        """``scores`` one at a time (a search for the best clause outside a set stops early)."""
        if self._pairs is not None:
            yield from self._pairs
            return
        keys, total = self._keys, self._total
        for n in self._ordered():
            yield keys[n], total[n]

    def score(self, key: str) -> float:
        n = self._position.get(key)
        value = self._total[n] if n is not None else 0.0
        return value if value > 0 else 0.0

    @property
    def best(self) -> tuple[str, float]:
        total = self._total
        if not total:
            return ("", 0.0)
        n = max(range(len(total)), key=total.__getitem__)  # the first of equal scores
        return (self._keys[n], total[n]) if total[n] > 0 else ("", 0.0)


class SubjectIndex:
    """BM25 over the profiles of a set of editions' requirements.

    ``rank_bm25`` fits the model (document frequencies, the floored idf, document lengths) when the index is built;
    the index keeps, for each word, the profiles that hold it and the word's BM25 term in each, worked out as
    ``get_scores`` works it out (the same arithmetic, so the same floating-point values). A text's score for a
    profile is the sum of its words' terms in the order of the text (the profiles without a word add nothing):
    ``get_scores`` to the last bit, without looping over every profile for every word (about 2 ms a finding on
    four editions) and without NumPy. Built indexes are cached on disk, keyed by the catalogs' content, the
    stopwords and this module, so a process that ranks imports neither ``rank_bm25`` nor NumPy once the cache holds
    its editions."""

    def __init__(self, keys: tuple[str, ...], profiles: dict[str, frozenset[str]],
                 terms: dict[str, tuple[tuple[int, ...], tuple[float, ...]]]) -> None:
        self.keys = keys
        self.position = {key: n for n, key in enumerate(keys)}
        self.profiles = profiles
        self.terms = terms
        self.vocabulary = frozenset(terms)

    @classmethod
    def build(cls, clauses: list[Clause]) -> SubjectIndex:
        import numpy as np
        from rank_bm25 import BM25Okapi  # imported when an index is built: start-up stays free of NumPy

        keys = tuple(c.key for c in clauses)
        docs = [profile_text(c) or ["-"] for c in clauses]
        bm25: Any = BM25Okapi(docs)
        postings: dict[str, list[int]] = {}
        for n, frequencies in enumerate(bm25.doc_freqs):
            for word in frequencies:
                postings.setdefault(word, []).append(n)
        doc_len = np.array(bm25.doc_len)
        terms = {}
        for word, where in postings.items():  # get_scores' expression, on the profiles that hold the word
            q_freq = np.array([bm25.doc_freqs[n][word] for n in where])
            length = doc_len[where]
            values = (bm25.idf.get(word) or 0) * (q_freq * (bm25.k1 + 1) /
                                                  (q_freq + bm25.k1 * (1 - bm25.b + bm25.b * length / bm25.avgdl)))
            terms[word] = (tuple(where), tuple(values.tolist()))
        return cls(keys, dict(zip(keys, map(frozenset, docs), strict=True)), terms)

    def __plain__(self) -> list[object]:
        """Plain data for the on-disk cache (lists of strings, ints and floats: floats read back bit for bit)."""
        return [list(self.keys), {k: sorted(v) for k, v in self.profiles.items()},
                {w: [list(where), list(values)] for w, (where, values) in self.terms.items()}]

    @classmethod
    def __from_plain__(cls, data: list[object]) -> SubjectIndex:
        keys, profiles, terms = data
        return cls(tuple(keys), {k: frozenset(v) for k, v in profiles.items()},  # type: ignore[union-attr, arg-type]
                   {w: (tuple(where), tuple(values)) for w, (where, values) in terms.items()})  # type: ignore[union-attr]

    def rank(self, parts: tuple[tuple[str, float], ...], without: frozenset[str] = frozenset()) -> Ranking:
        """Rank the clauses for texts with their weights: the weighted sum of each text's BM25 scores (a score per
        profile, in a list: the sums are made in the same order as ``get_scores`` makes them), leaving out the
        words (stems) of ``without``."""
        terms = self.terms
        total: list[float] | None = None
        for text, weight in parts:
            postings = [found for w in tokens(text) if w not in without and (found := terms.get(w)) is not None]
            if not postings or not weight:
                continue
            scores = [0.0] * len(self.keys)
            for where, values in postings:
                for n, value in zip(where, values):
                    scores[n] += value
            if total is None:
                total = [score * weight for score in scores]
            else:
                total = [was + score * weight for was, score in zip(total, scores)]
        if total is None:
            return Ranking()
        return Ranking(self.keys, self.position, total)


_BUILD_LOCK = threading.Lock()
_INDEX_FORMAT = 1


@lru_cache(maxsize=16)
def _subject_index(catalogs: Catalogs, editions: tuple[str, ...]) -> SubjectIndex:
    key = _cache_key(catalogs, editions)
    if key is not None:
        from . import cache

        hit = cache.read(key, "subjects", types={"SubjectIndex": SubjectIndex})
        if isinstance(hit, SubjectIndex):
            return hit
    clauses = [c for name in editions for c in catalogs.editions[name].clauses.values() if rankable(c)]
    index = SubjectIndex.build(clauses)
    if key is not None:
        from . import cache

        cache.write(key, index, "subjects")
    return index


def _cache_key(catalogs: Catalogs, editions: tuple[str, ...]) -> str | None:
    """The key of an index on disk: the catalogs' content (known when they came from ``load_catalogs``), the
    editions, the stopwords, the spelling variants and this module's source (profiles, weights, the stemmer's use);
    None: not cached."""
    content = getattr(catalogs, "content_key", None)
    if not content:
        return None
    import hashlib
    from pathlib import Path

    digest = hashlib.sha256(f"{content}/{_INDEX_FORMAT}/{'|'.join(editions)}".encode())
    digest.update(resources.files(__package__).joinpath("subject_stopwords.txt").read_bytes())
    digest.update(resources.files(__package__).joinpath("subject_spellings.txt").read_bytes())
    digest.update(Path(__file__).read_bytes())
    return digest.hexdigest()[:32]


def subject_index(catalogs: Catalogs, editions: tuple[str, ...]) -> SubjectIndex:
    """The index of these editions' profiles: built once per process on first use (thread-safe), then shared."""
    with _BUILD_LOCK:
        return _subject_index(catalogs, editions)


@lru_cache(maxsize=2048)
def rank(catalogs: Catalogs, editions: tuple[str, ...], statement: str, requirement: str = "",
         evidence: str = "", without: frozenset[str] = frozenset()) -> Ranking:
    """Rank the audited editions' requirements for a finding's texts (``WEIGHTS``), leaving out the words (stems)
    of ``without``."""
    if not editions:
        return Ranking()
    index = subject_index(catalogs, editions)
    return index.rank(((statement, WEIGHTS["statement"]), (requirement, WEIGHTS["requirement"]),
                       (evidence, WEIGHTS["evidence"])), without)
