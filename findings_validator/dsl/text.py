"""Text measures and lexicon matching: the built-in functions rules use on a finding's words.

A text is split into lower-case words once (``tokens_of``: two C-level string operations); a lexicon is looked
up only when a rule asks, after a set test of its phrases' first words, and only at the positions of those
words. Matching is on whole words and case-insensitive; ``*`` in a phrase stands for any one word
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
    """Every lexicon indexed by the first word of its phrases.

    ``scan(text)`` splits the text into words once (two C-level string operations) and returns a ``TextScan``
    that answers, per lexicon and only when asked, the first phrase found: set tests of the words and word pairs
    a phrase needs rule out most lexicons at C speed, and only the positions of possible first words are
    compared, as list slices. Phrases beginning with ``*`` are tried at every position.
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
        # What must be in a text for a lexicon to have a chance, tested as C-level set operations: the word of a
        # one-word phrase, the first two words of a longer one, the first word of one with a wildcard.
        self.needs: dict[str, tuple[frozenset[str], frozenset[str]]] = {}
        for name, by_first in self.index.items():
            single, pairs = set(), set()
            for first, entries in by_first.items():
                for words, wild in entries:
                    if len(words) == 1 or wild:
                        single.add(first)
                    else:
                        pairs.add(f"{words[0]} {words[1]}")
            self.needs[name] = (frozenset(single), frozenset(pairs))

    def scan(self, text: str) -> TextScan:
        return TextScan(self, text)


class TextScan:
    """One text's words, and the lexicon matches found in it so far (``get(lexicon)`` → phrase or None)."""

    __slots__ = ("matcher", "text", "tokens", "present", "_pairs", "found")

    def __init__(self, matcher: LexiconMatcher, text: str) -> None:
        self.matcher = matcher
        self.text = text
        self.tokens = tokens_of(text)
        self.present = frozenset(self.tokens)
        self._pairs: frozenset[str] | None = None
        self.found: dict[str, str | None] = {}

    @property
    def pairs(self) -> frozenset[str]:
        """Every two consecutive words of the text, as "first second" (made when a lexicon first needs them)."""
        if self._pairs is None:
            self._pairs = frozenset(map(_PAIR.format, self.tokens, self.tokens[1:]))
        return self._pairs

    def get(self, name: str) -> str | None:
        if name in self.found:
            return self.found[name]
        result = self._search(name)
        self.found[name] = result
        return result

    def _search(self, name: str) -> str | None:
        matcher, tokens = self.matcher, self.tokens
        if name in matcher.anywhere:
            return self._search_everywhere(name)
        single, pairs = matcher.needs.get(name, (frozenset(), frozenset()))
        if single.isdisjoint(self.present) and (not pairs or pairs.isdisjoint(self.pairs)):
            return None  # the common case: nothing of the lexicon can be in this text
        candidates = matcher.firsts[name] & self.present
        # The earliest position where a phrase starts wins (at one position, the longest phrase). Only the
        # positions of the candidate first words are visited, found by list.index in C.
        by_first = matcher.index[name]
        best: list[str] | None = None
        best_at = len(tokens)
        for first in candidates:
            entries = by_first[first]
            at = tokens.index(first)
            while at < best_at:
                hit = next((words for words, wild in entries if _matches(tokens, at, words, wild)), None)
                if hit is not None:
                    best, best_at = hit, at
                    break
                try:
                    at = tokens.index(first, at + 1)
                except ValueError:
                    break
        return None if best is None else _as_written(self.text, tokens[best_at:best_at + len(best)])

    def _search_everywhere(self, name: str) -> str | None:
        """A lexicon with phrases that begin with ``*``: every position is a possible start."""
        matcher, tokens = self.matcher, self.tokens
        firsts, by_first, anywhere = matcher.firsts[name], matcher.index[name], matcher.anywhere[name]
        for i, token in enumerate(tokens):
            if token in firsts:
                for words, wild in by_first[token]:
                    if _matches(tokens, i, words, wild):
                        return _as_written(self.text, tokens[i:i + len(words)])
            for words in anywhere:
                if _matches(tokens, i, words, True):
                    return _as_written(self.text, tokens[i:i + len(words)])
        return None

    def matches(self) -> dict[str, str]:
        """Every lexicon that has a phrase in the text (for tools and tests)."""
        return {name: hit for name in self.matcher.names if (hit := self.get(name)) is not None}


_PAIR = "{} {}"


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
