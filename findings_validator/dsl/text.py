"""Text measures and lexicon matching: the built-in functions rules use on a finding's words.

A text is lower-cased and its words joined by single spaces once (``spaced``); the first time a rule asks about a
lexicon in it, every lexicon is matched in one pass of an Aho–Corasick automaton over that, and later questions
are dictionary look-ups. Matching is on whole words and case-insensitive; ``*`` in a phrase stands for any one
word ("should * a"). The measures (dates, identifiers, samples…) are regular expressions, counted when a rule needs
the count and searched up to the first match when it only asks whether there is one.
"""

from __future__ import annotations

import re
import string
from functools import lru_cache

import ahocorasick_rs

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
# what str.split() splits on: every character for which str.isspace() is true (a test checks the list)
_SPACES = ("\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008"
           "\u2009\u200a\u2028\u2029\u202f\u205f\u3000")
_TEXT_TABLE = str.maketrans({c: " " for c in _SEPARATORS + "*" + _SPACES})
_PHRASE_TABLE = str.maketrans({c: " " for c in _SEPARATORS})


def tokens_of(text: str) -> list[str]:
    """Lower-case words with punctuation as separators: what lexicon phrases are compared with."""
    return text.lower().translate(_TEXT_TABLE).split()


# the same table for ASCII text as bytes, where translating is a table look-up per byte
_ASCII_TABLE = bytes(ord(" ") if chr(c) in _SEPARATORS + "*" + _SPACES else c for c in range(256))


def spaced(text: str) -> str:
    """``tokens_of(text)`` joined by single spaces, with one more at each end, made without a list of words:
    ``" the scale was not calibrated "``. Lexicon phrases are looked for in this."""
    found = _spaced(text)
    return found.decode("ascii") if type(found) is bytes else found


def _spaced(text: str) -> bytes | str:
    """``spaced(text)``, as ASCII bytes when the text is ASCII (most text: bytes operations, about twice as fast,
    searched as they are)."""
    lower = text.lower()
    if lower.isascii():
        squeezed = lower.encode("ascii").translate(_ASCII_TABLE)
        while b"  " in squeezed:
            squeezed = squeezed.replace(b"  ", b" ")
        return b" " + squeezed.strip(b" ") + b" "
    return f" {' '.join(tokens_of(text))} "


def words_of(phrase: str) -> list[str]:
    """A phrase's words as the matcher compares them, with '*' kept as the one-word wildcard."""
    return phrase.lower().translate(_PHRASE_TABLE).split()


class LexiconMatcher:
    """Every phrase of every lexicon in one Aho–Corasick automaton (ahocorasick_rs, in Rust), over words.

    A text's words are joined with single spaces and padded with one at each end; a phrase is a key the same way,
    so a key can only match whole words. One pass of the automaton finds every phrase of every lexicon that
    occurs; the Python that follows only looks at those matches. A phrase with ``*`` inside is entered by its
    words before the first ``*`` and checked against the text's words where that part matches. Lexicons with a
    phrase that begins with ``*`` are walked word by word on their own, when asked.
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
        # key " w1 w2 " → the lexicons it belongs to: (lexicon, phrase words, whether the phrase has a wildcard)
        keys: dict[str, list[tuple[str, list[str], bool]]] = {}
        for name, by_first in self.index.items():
            if name in self.anywhere:
                continue
            for entries in by_first.values():
                for words, has_wildcard in entries:
                    fixed = words[:words.index("*")] if has_wildcard else words
                    keys.setdefault(f" {' '.join(fixed)} ", []).append((name, words, has_wildcard))
        self.entries = [tuple(entries) for entries in keys.values()]  # by the key's number
        self.ascii: ahocorasick_rs.BytesAhoCorasick | None = None
        self.unicode: ahocorasick_rs.AhoCorasick | None = None
        if keys:  # the same automaton over ASCII bytes (most text) and over any text
            standard = ahocorasick_rs.MatchKind.Standard  # every match, overlapping ones included
            # (the library picks the automaton's layout by size: a DFA for a few thousand phrases, less memory beyond)
            self.ascii = ahocorasick_rs.BytesAhoCorasick([k.encode("utf-8") for k in keys], matchkind=standard)
            self.unicode = ahocorasick_rs.AhoCorasick(list(keys), matchkind=standard)

    def scan(self, text: str) -> TextScan:
        return TextScan(self, text)


class TextScan:
    """One text's words, and the lexicon matches found in it so far (``get(lexicon)`` → phrase or None)."""

    __slots__ = ("matcher", "text", "haystack", "_tokens", "found")

    def __init__(self, matcher: LexiconMatcher, text: str) -> None:
        self.matcher = matcher
        self.text = text
        self.haystack = _spaced(text)   # ASCII bytes, or text
        self._tokens: list[str] | None = None
        self.found: dict[str, list[str] | None] | None = None

    @property
    def tokens(self) -> list[str]:
        """The words, split out only for the rare phrases the automaton cannot check alone (wildcards)."""
        if self._tokens is None:
            haystack = self.haystack
            self._tokens = (haystack.decode("ascii") if type(haystack) is bytes else haystack).split()
        return self._tokens

    def get(self, name: str) -> str | None:
        found = self.found
        if found is None:
            found = self.found = self._search_all()
        if name not in found:
            if name not in self.matcher.anywhere:
                return None
            found[name] = self._search_everywhere(name)
        hit = found[name]
        return None if hit is None else _as_written(self.text, hit)

    def has(self, name: str) -> bool:
        """Whether a phrase of the lexicon occurs (``get`` without the phrase as written)."""
        found = self.found
        if found is None:
            found = self.found = self._search_all()
        if name not in found:
            if name not in self.matcher.anywhere:
                return False
            found[name] = self._search_everywhere(name)
        return found[name] is not None

    def _search_all(self) -> dict[str, list[str] | None]:
        """One pass for every lexicon: each lexicon's earliest phrase (at one position, the longest) as the
        words matched."""
        matcher, haystack = self.matcher, self.haystack
        ascii_ = type(haystack) is bytes
        automaton = matcher.ascii if ascii_ else matcher.unicode
        if automaton is None or len(haystack) < 3:
            return {}
        keyed = matcher.entries
        best: dict[str, tuple[int, int, list[str]]] = {}
        for key, start, _ in automaton.find_matches_as_indexes(haystack, overlapping=True):
            for name, words, has_wildcard in keyed[key]:
                hit = best.get(name)
                if hit is not None and (hit[0] < start or hit[0] == start and hit[1] >= len(words)):
                    continue
                if has_wildcard:
                    at = haystack.count(b" " if ascii_ else " ", 0, start)  # words before the match
                    if not _matches(self.tokens, at, words, True):
                        continue
                    words = self.tokens[at:at + len(words)]
                best[name] = (start, len(words), words)
        return {name: hit[2] for name, hit in best.items()}

    def _search_everywhere(self, name: str) -> list[str] | None:
        """A lexicon with phrases that begin with ``*``: every position is a possible start."""
        matcher, tokens = self.matcher, self.tokens
        by_first, anywhere = matcher.index[name], matcher.anywhere[name]
        for at, token in enumerate(tokens):
            for words, wild in by_first.get(token, ()):
                if _matches(tokens, at, words, wild):
                    return tokens[at:at + len(words)]
            for words in anywhere:
                if _matches(tokens, at, words, True):
                    return tokens[at:at + len(words)]
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
