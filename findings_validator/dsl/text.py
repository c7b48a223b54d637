"""Text measures and lexicon matching: the built-in functions rules use on a finding's words.

A text is split into lower-case words once (``tokens_of``: two C-level string operations); the first time a rule
asks about a lexicon in it, every lexicon is matched in one walk over those words, and later questions are
dictionary look-ups. Matching is on whole words and case-insensitive; ``*`` in a phrase stands for any one word
("should * a"). The measures (dates, identifiers, samples…) are regular expressions, counted when a rule needs
the count and searched up to the first match when it only asks whether there is one.
"""

from __future__ import annotations

import re
import string
from functools import lru_cache

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_SENTENCE = re.compile(r"[.!?](?:\s|$)")
_MONTHS = "jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec"
# The measures' patterns. Two things keep them fast: a pattern that begins with a character class lets the
# regular-expression engine skip to the next possible start in C, so the word boundary in front of a capital or
# a digit is written as a look-behind after it ("[A-Z](?<!\w[A-Z])" is "\b[A-Z]"); and case-insensitive patterns
# run on the lower-cased text instead of with re.IGNORECASE.
_DATE = re.compile(  # on lower-cased text
    rf"\b(?:\d{{4}}-\d{{2}}-\d{{2}}|\d{{1,2}}[/.]\d{{1,2}}[/.]\d{{2,4}}|\d{{1,2}}\s+(?:{_MONTHS})[a-z]*\.?\s+\d{{4}}"
    rf"|(?:{_MONTHS})[a-z]*\.?\s+(?:\d{{1,2}},\s+)?\d{{4}}|q[1-4]\s+\d{{4}}|(?:19|20)\d\d)\b"
)
_IDENTIFIER = re.compile(r"[A-Z](?<!\w[A-Z])(?=[A-Z0-9/_.-]{0,40}\d)[A-Z0-9]*(?:[-_/.][A-Z0-9]+)+\b")  # QF-071
_SAMPLE = re.compile(  # on lower-cased text
    r"\b\d+\s+(?:of|out\s+of)\s+(?:the\s+)?\d+\b|\b\d+\s*%|\ball\s+\d+\b|\bnone\s+of\s+the\s+\d+\b")
_NAME = re.compile(r"[A-Z](?<!\w[A-Z])\.\s?(?:[A-Z]\.\s?)?[A-Z][a-z]+(?:-[A-Z][a-z]+)?\b")
_NUMBER = re.compile(r"\d(?<!\w\d)\d*(?:[.,]\d+)?\b")


def words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


_MEASURES = {  # name → (pattern, whether it runs on the lower-cased text)
    "words": (_WORD, False), "dates": (_DATE, True), "identifiers": (_IDENTIFIER, False),
    "samples": (_SAMPLE, True), "names": (_NAME, False), "numbers": (_NUMBER, False),
}


@lru_cache(maxsize=1024)
def measure(text: str, name: str) -> int:
    """One count a rule can ask of a text (``evidence.dates``…); computed only when asked, then cached."""
    if name == "sentences":
        stripped = text.strip()
        return len(_SENTENCE.findall(stripped)) + (1 if stripped and stripped[-1] not in ".!?" else 0)
    pattern, lower = _MEASURES[name]
    return len(pattern.findall(text.lower() if lower else text))


@lru_cache(maxsize=1024)
def present(text: str, name: str) -> bool:
    """Whether a measure is above zero: what ``evidence.dates = 0`` asks, answered at the first match."""
    if name == "sentences":
        return bool(text.strip())
    pattern, lower = _MEASURES[name]
    return pattern.search(text.lower() if lower else text) is not None


FACTS = ("words", "sentences", "dates", "identifiers", "samples", "names", "numbers")
"""The measures, in the order the docs list them."""


def overlap(a: str, b: str) -> float:
    """Share of ``a``'s distinct words that also occur in ``b`` (0 when ``a`` has none)."""
    wa = set(words(a))
    return len(wa & set(words(b))) / len(wa) if wa else 0.0


_SEPARATORS = string.punctuation.replace("*", "") + "’‘“”«»–—…·•§"
_TEXT_TABLE = str.maketrans({c: " " for c in _SEPARATORS + "*"})
_PHRASE_TABLE = str.maketrans({c: " " for c in _SEPARATORS})


def tokens_of(text: str) -> list[str]:
    """Lower-case words with punctuation as separators: what lexicon phrases are compared with."""
    return text.lower().translate(_TEXT_TABLE).split()


def words_of(phrase: str) -> list[str]:
    """A phrase's words as the matcher compares them, with '*' kept as the one-word wildcard."""
    return phrase.lower().translate(_PHRASE_TABLE).split()


class LexiconMatcher:
    """Every lexicon indexed by the first word of its phrases, and all of them together by first and second word.

    ``scan(text)`` splits the text into words once and returns a ``TextScan``; its first question matches every
    lexicon in one walk: at each word that begins some phrase, only the phrases whose second word follows are
    compared (as list slices). Lexicons with a phrase beginning with ``*`` are walked on their own, when asked.
    """

    def __init__(self, lexicons: dict[str, tuple[str, ...]]) -> None:
        self.names = tuple(lexicons)
        self.index: dict[str, dict[str, list[tuple[list[str], bool]]]] = {}
        self.anywhere: dict[str, list[list[str]]] = {}
        for name, phrases in lexicons.items():
            by_first: dict[str, list[tuple[list[str], bool]]] = {}
            for phrase in phrases:
                words = words_of(phrase)
                if not words:
                    continue
                if words[0] == "*":
                    self.anywhere.setdefault(name, []).append(words)
                else:
                    by_first.setdefault(words[0], []).append((words, "*" in words))
            for entries in by_first.values():
                entries.sort(key=lambda e: -len(e[0]))  # longest phrase first: report the fullest match
            self.index[name] = by_first
        self.firsts = {name: frozenset(by_first) for name, by_first in self.index.items()}
        # All lexicons at once, by a phrase's first word: the lexicons with a one-word phrase of it; the longer
        # phrases by their second word; the phrases with a wildcard. Lexicons with a phrase that begins with '*'
        # are searched on their own.
        self.starts: dict[str, tuple[list[str], dict[str, list[tuple[str, list[str]]]],
                                     list[tuple[str, list[str]]]]] = {}
        for name, by_first in self.index.items():
            if name in self.anywhere:
                continue
            for first, entries in by_first.items():
                singles, by_second, wild = self.starts.setdefault(first, ([], {}, []))
                for words, has_wildcard in entries:
                    if len(words) == 1:
                        singles.append(name)
                    elif has_wildcard:
                        wild.append((name, words))
                    else:
                        by_second.setdefault(words[1], []).append((name, words))

    def scan(self, text: str) -> TextScan:
        return TextScan(self, text)


class TextScan:
    """One text's words, and the lexicon matches found in it so far (``get(lexicon)`` → phrase or None)."""

    __slots__ = ("matcher", "text", "tokens", "found")

    def __init__(self, matcher: LexiconMatcher, text: str) -> None:
        self.matcher = matcher
        self.text = text
        self.tokens = tokens_of(text)
        self.found: dict[str, tuple[int, int] | None] | None = None

    def get(self, name: str) -> str | None:
        found = self.found
        if found is None:
            found = self.found = self._search_all()
        if name not in found:
            if name not in self.matcher.anywhere:
                return None
            found[name] = self._search_everywhere(name)
        hit = found[name]
        return None if hit is None else _as_written(self.text, self.tokens[hit[0]:hit[0] + hit[1]])

    def _search_all(self) -> dict[str, tuple[int, int] | None]:
        """One walk over the words for every lexicon: where each lexicon's earliest phrase starts (at one
        position, the longest phrase) and how many words it has."""
        starts, tokens = self.matcher.starts, self.tokens
        found: dict[str, tuple[int, int] | None] = {}
        if starts.keys().isdisjoint(tokens):
            return found
        last = len(tokens) - 1
        for at, token in enumerate(tokens):
            if token not in starts:
                continue
            singles, by_second, wild = starts[token]
            for name in singles:
                if name not in found:
                    found[name] = (at, 1)
            if at < last:
                for name, words in by_second.get(tokens[at + 1], ()):
                    hit = found.get(name)
                    if (hit is None or hit[0] == at and hit[1] < len(words)) and tokens[at:at + len(words)] == words:
                        found[name] = (at, len(words))
            for name, words in wild:
                hit = found.get(name)
                if (hit is None or hit[0] == at and hit[1] < len(words)) and _matches(tokens, at, words, True):
                    found[name] = (at, len(words))
        return found

    def _search_everywhere(self, name: str) -> tuple[int, int] | None:
        """A lexicon with phrases that begin with ``*``: every position is a possible start."""
        matcher, tokens = self.matcher, self.tokens
        firsts, by_first, anywhere = matcher.firsts[name], matcher.index[name], matcher.anywhere[name]
        for at, token in enumerate(tokens):
            if token in firsts:
                for words, wild in by_first[token]:
                    if _matches(tokens, at, words, wild):
                        return at, len(words)
            for words in anywhere:
                if _matches(tokens, at, words, True):
                    return at, len(words)
        return None

    def matches(self) -> dict[str, str]:
        """Every lexicon that has a phrase in the text (for tools and tests)."""
        return {name: hit for name in self.matcher.names if (hit := self.get(name)) is not None}


def _matches(tokens: list[str], i: int, words: list[str], wild: bool) -> bool:
    window = tokens[i:i + len(words)]
    if not wild:
        return window == words
    return len(window) == len(words) and all(w == "*" or w == t for w, t in zip(words, window))


@lru_cache(maxsize=4096)
def _phrase_pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(r"\W+".join(re.escape(w) for w in words), re.IGNORECASE)


def _as_written(text: str, words: list[str]) -> str:
    """The matched words with the text's own case and punctuation, for messages."""
    found = _phrase_pattern(tuple(words)).search(text)
    return found.group(0) if found else " ".join(words)
