"""Text measures and lexicon matching: the built-in functions rules use on a finding's words.

A text is lower-cased and its words joined by single spaces once (``spaced``); the first time a rule asks about a
lexicon in it, every lexicon is matched in one pass of an Aho–Corasick automaton over that, and later questions
are dictionary look-ups. Matching is on whole words and case-insensitive; ``*`` in a phrase stands for any one
word ("should * a"). The measures (dates, identifiers, samples…) are regular expressions, counted when a rule needs
the count and searched up to the first match when it only asks whether there is one.
"""

from __future__ import annotations

import datetime as _dt
import re
import string
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

import ahocorasick_rs

from ..errors import without_surrogates
from ..languages import words as language_words
from .quotes import quoted_spans

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_SENTENCE = re.compile(r"[.!?](?:\s|$)")


def alternation(phrases: object) -> str:
    """Whole phrases as a regular-expression alternation, lower-cased, longest first, spaces matching any run of
    spaces, and a ``*`` standing for any one word, as in the lexicon matcher: what every lexicon-built pattern is
    made of."""
    found = sorted({" ".join(str(p).lower().split()) for p in phrases or () if str(p).strip()}, key=len, reverse=True)  # type: ignore[attr-defined]
    return "|".join(r"\s+".join(r"[^\s]+" if w == "*" else re.escape(w) for w in p.split()) for p in found)


_LANGUAGE_WORDS = language_words()  # at import: every language's month names and sample words
_MONTH_NUMBER = {str(k).lower(): int(v) for lang in _LANGUAGE_WORDS.values() for k, v in lang["months"].items()}
_MONTHS = alternation(_MONTH_NUMBER)
# month and day names in every language (words.yaml ``months``, ``weekdays``): a label's part may be one without
# being a town ("Stores, Tuesday: …")
CALENDAR_WORDS = frozenset([*_MONTH_NUMBER, *(str(w).lower() for lang in _LANGUAGE_WORDS.values()
                                              for w in lang.get("weekdays", ()))])
_LINK = (f"(?:(?:{links})\\s+)?" if (links := alternation(w for lang in _LANGUAGE_WORDS.values()
                                                      for w in lang.get("date_links", ()))) else "")
# The measures' patterns. Two things keep them fast: a pattern that begins with a character class lets the
# regular-expression engine skip to the next possible start in C, so the word boundary in front of a capital or
# a digit is written as a look-behind after it ("[A-Z](?<!\w[A-Z])" is "\b[A-Z]"); and case-insensitive patterns
# run on the lower-cased text instead of with re.IGNORECASE.
# a month written out: its name or abbreviation (any language of words.yaml), then an optional dot
_MONTH = rf"(?:{_MONTHS})(?!\w)\.?"
# between the day, the month and the year: spaces (and a language's linking word), or a hyphen ("05-Jan-2026")
_DAY_SEP = rf"(?:\s+{_LINK}|-)"
_DATE = re.compile(  # on lower-cased text
    rf"\b(?:\d{{4}}-\d{{2}}-\d{{2}}|(?:19|20)\d\d-(?:0[1-9]|1[0-2])(?![-/]?\d)"  # 2024-09-12, 2024-09
    rf"|\d{{1,2}}[/.]\d{{1,2}}[/.]\d{{2,4}}|\d{{1,2}}/\d{{4}}|\d{{1,2}}{_DAY_SEP}{_MONTH}{_DAY_SEP}\d{{4}}"
    rf"|{_MONTH}\s+{_LINK}(?:\d{{1,2}},\s+)?\d{{4}}|q[1-4]\s+\d{{4}}|(?:19|20)\d\d)\b"
)
# QF-071; or a code of letters only with its revision ("REJ-PRAW rev 5")
_IDENTIFIER = re.compile(r"(?:[A-Z](?<!\w[A-Z])(?=[A-Z0-9/_.-]{0,40}\d)[A-Z0-9]*(?:[-_/.][A-Z0-9]+)+"
                         r"|(?<![\w-])[A-Z]{2,}(?:-[A-Z]{2,})+(?=\s+(?:rev|revision|issue|version|ver|v)\.?\s*\d))\b")

def _union(key: str) -> str:
    return alternation(w for lang in _LANGUAGE_WORDS.values() for w in lang.get(key, ()))


SERIES_JOINS = _union("series_joins")
"""The words of every language that join the last number of a series ("1, 2 and 4"), as an alternation."""


_SAMPLE_COUNT = rf"(?:\d+|{_union('count_words')})" if _union("count_words") else r"\d+"  # "3" or "three"
_SAMPLE = re.compile(  # on lower-cased text: "3 of 10", "3 out of the 10", "three of the eleven", "45 %", "all 5"
    rf"\b{_SAMPLE_COUNT}\s+(?:{_union('sample_links')})\s+(?:(?:{_union('sample_articles')})\s+)?{_SAMPLE_COUNT}\b|\b\d+\s*%"
    rf"|\b(?:{_union('all')})\s+{_SAMPLE_COUNT}\b|\b(?:{_union('none_of')})\s+{_SAMPLE_COUNT}\b")
# a stage of an initial certification audit ("before stage 2", words.yaml ``audit_stages``): no detail of evidence
AUDIT_STAGE = (re.compile(rf"\b(?:{_union('audit_stages')})\s+[12]\b", re.IGNORECASE) if _union("audit_stages")
               else None)
# a count of a whole sample ("6 of 6", "8 of the 8"): full_count()
_FULL_COUNT = re.compile(rf"\b(\d+)\s+(?:{_union('sample_links')})\s+(?:(?:{_union('sample_articles')})\s+)?(\d+)\b")
_NAME = re.compile(r"[A-Z](?<!\w[A-Z])\.\s?(?:[A-Z]\.\s?)?[A-Z][a-z]+(?:-[A-Z][a-z]+)?\b")
_NUMBER = re.compile(r"\d(?<!\w\d)\d*(?:[.,]\d+)?\b")
# a proper name written inside a sentence: a capitalised word ("Confluence") or one with a capital inside
# ("SupplierIQ", "eLearn"), not the first word of the text or of a sentence, a label or a bracket, and not an
# acronym ("ERP") or a code
_PROPER = re.compile(r"(?<![.!?:;(\[\n\"'‘“]\s)(?<![.!?:;(\[\n\"'‘“])(?<=\s)(?:[A-Z][a-z]+[A-Z]?[\w]*|[a-z]+[A-Z][\w]*)\b")


def words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


_MEASURES = {  # name → (pattern, whether it runs on the lower-cased text)
    "words": (_WORD, False), "dates": (_DATE, True), "identifiers": (_IDENTIFIER, False),
    "samples": (_SAMPLE, True), "names": (_NAME, False), "numbers": (_NUMBER, False),
    "proper_names": (_PROPER, False),
}


@lru_cache(maxsize=1024)
def measure(text: str, name: str) -> int:
    """One count a rule can ask of a text (``evidence.dates``…); computed only when asked, then cached."""
    if name == "sentences":
        stripped = text.strip()
        return len(_SENTENCE.findall(stripped)) + (1 if stripped and stripped[-1] not in ".!?" else 0)
    if name == "parts":
        return len(sentences(text))
    if name == "details":
        from .evidence import details
        return details(text)
    if name == "record_details":
        from .evidence import record_details
        return record_details(text)
    pattern, lower = _MEASURES[name]
    return len(pattern.findall(text.lower() if lower else text))


@lru_cache(maxsize=1024)
def present(text: str, name: str) -> bool:
    """Whether a measure is above zero: what ``evidence.dates = 0`` asks, answered at the first match."""
    if name == "sentences":
        return bool(text.strip())
    if name == "parts":
        return bool(sentences(text))
    if name in ("details", "record_details"):
        return measure(text, name) > 0
    pattern, lower = _MEASURES[name]
    return pattern.search(text.lower() if lower else text) is not None


def full_count(text: str) -> bool:
    """Whether the text counts a whole sample: "6 of 6", "8 of the 8" (the words of ``sample_links``)."""
    return any(m.group(1) == m.group(2) for m in _FULL_COUNT.finditer(text.lower()))


FACTS = ("words", "sentences", "parts", "dates", "identifiers", "samples", "names", "numbers", "details",
         "record_details", "proper_names")
"""The measures, in the order the docs list them."""


def overlap(a: str, b: str) -> float:
    """Share of ``a``'s distinct words that also occur in ``b`` (0 when ``a`` has none)."""
    wa = set(words(a))
    return len(wa & set(words(b))) / len(wa) if wa else 0.0


_SEPARATORS = string.punctuation.replace("*", "") + "’‘“”«»–—…·•§" + "\ufffd"
# (U+FFFD stands for what could not be read: a NUL, a lone surrogate, bytes no codec reads; it is part of no word)
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


_NUMBER_WORDS = alternation(w for lang in _LANGUAGE_WORDS.values() for w in lang.get("number_abbreviations", ()))
_NUMBERING = re.compile(rf"(?:{_NUMBER_WORDS})\.\s?(?=\d)") if _NUMBER_WORDS else None
"""An abbreviation of "number" that is also a word, written with a dot before a figure ("door No. 3"), in lower case
(``number_abbreviations`` in words.yaml); a whole word only where no letter, figure or dot stands before it, which
``_numbered`` checks (a look-behind in the pattern would cost the fast search for its first letters)."""


def _numbered(lower: str) -> str:
    """The lower-cased text with each abbreviation of "number" before a figure written as "number"."""
    def word(match: re.Match[str]) -> str:
        before = lower[match.start() - 1] if match.start() else " "
        return match.group(0) if before.isalnum() or before in "._" else "number "
    assert _NUMBERING is not None
    return _NUMBERING.sub(word, lower)


def _hyphen_joined() -> dict[str, set[str]]:
    """Every language's ``hyphen_joined`` words at once, as the other measures read them, with the compounds each
    language keeps united."""
    joined: dict[str, set[str]] = {}
    for lang in _LANGUAGE_WORDS.values():
        for word, kept in (lang.get("hyphen_joined") or {}).items():
            joined.setdefault(str(word).lower(), set()).update(str(k).lower() for k in kept or ())
    return joined


_JOINED = _hyphen_joined()
_JOINING = re.compile(rf"(?<![\w-])({alternation(_JOINED)})-(?=[^\W\d_])") if _JOINED else None
"""A word a hyphen joins to the next word into one ("go/no-go gauges", "no-show rate": ``hyphen_joined`` in
words.yaml), unless the next word is one of its compounds that keep the word's meaning ("no-one")."""
_JOINED_HYPHENED = tuple(f"{word}-" for word in _JOINED)   # the quick test before the pattern is run


def _joined(lower: str) -> str:
    """The lower-cased text with each ``hyphen_joined`` word written together with the word it is joined to."""
    def join(match: re.Match[str]) -> str:
        word = match.group(1)
        rest = re.match(r"[^\W\d_]+", lower[match.end():])
        return match.group(0) if rest is not None and rest.group(0) in _JOINED[word] else word
    assert _JOINING is not None
    return _JOINING.sub(join, lower)


def _spaced(text: str) -> bytes | str:
    """``spaced(text)``, as ASCII bytes when the text is ASCII (most text: bytes operations, about twice as fast,
    searched as they are); an abbreviation of "number" before a figure is read as "number" ("door No. 3"), and a
    word joined by a hyphen to the next into one as that one word ("no-go gauge")."""
    lower = text.lower()
    if _NUMBERING is not None and _NUMBERING.search(lower):
        lower = _numbered(lower)
    if _JOINING is not None and any(joined in lower for joined in _JOINED_HYPHENED):
        lower = _joined(lower)
    if lower.isascii():
        squeezed = lower.encode("ascii").translate(_ASCII_TABLE)
        while b"  " in squeezed:
            squeezed = squeezed.replace(b"  ", b" ")
        return b" " + squeezed.strip(b" ") + b" "
    return f" {' '.join(tokens_of(without_surrogates(lower)))} "   # a lone surrogate (API data): U+FFFD


def words_of(phrase: str) -> list[str]:
    """A phrase's words as the matcher compares them, with '*' kept as the one-word wildcard."""
    return phrase.lower().translate(_PHRASE_TABLE).split()


@lru_cache(maxsize=1)
def _contractions() -> tuple[tuple[list[str], list[str]], ...]:
    """(the words spelled out, the short form's words) of every language's ``contractions`` (words.yaml): "do not"
    and "don't", which the matcher reads as "don t"."""
    return tuple((words_of(str(full)), words_of(str(short))) for lang in _LANGUAGE_WORDS.values()
                 for full, short in (lang.get("contractions") or {}).items())


def with_short_forms(words: list[str]) -> list[list[str]]:
    """A phrase's words, and the same with the short form of any words it spells out ("does not see * as his" →
    "doesn't see * as his"): writers use both, and a lexicon lists one."""
    found = [words]
    for full, short in _contractions():
        width = len(full)
        for phrase in list(found):
            for at in range(len(phrase) - width + 1):
                if phrase[at:at + width] == full:
                    found.append(phrase[:at] + short + phrase[at + width:])
    return list({tuple(p): p for p in found}.values())


class LexiconMatcher:
    """Every phrase of every lexicon in one Aho–Corasick automaton (ahocorasick_rs, in Rust), over words.

    A text's words are joined with single spaces and padded with one at each end; a phrase is a key the same way,
    so a key can only match whole words. One pass of the automaton finds every phrase of every lexicon that
    occurs; the Python that follows only looks at those matches. A phrase with ``*`` inside is entered by its
    words before the first ``*`` and checked, where that part matches, by one pattern of the whole phrase at that
    place. Lexicons with a phrase that begins with ``*`` are walked word by word on their own, when asked, from
    the words where one of their phrases can begin only. A phrase that spells out words a language also writes
    short ("does not", "doesn't": ``contractions`` in words.yaml) is entered in both forms.
    """

    def __init__(self, lexicons: dict[str, tuple[str, ...]]) -> None:
        self.names = tuple(lexicons)
        self.index: dict[str, dict[str, list[tuple[list[str], bool]]]] = {}
        self.anywhere: dict[str, list[list[str]]] = {}
        for name, phrases in lexicons.items():
            by_first: dict[str, list[tuple[list[str], bool]]] = {}
            for phrase in phrases:
                for words in with_short_forms(spelled) if (spelled := words_of(phrase)) else ():
                    if words[0] == "*":
                        self.anywhere.setdefault(name, []).append(words)
                    else:
                        by_first.setdefault(words[0], []).append((words, "*" in words))
            for entries in by_first.values():
                entries.sort(key=lambda e: -len(e[0]))  # longest phrase first: report the fullest match
            self.index[name] = by_first
        # a lexicon walked word by word (see ``_search_everywhere``) is tried only where a phrase can begin: where
        # the phrase's first word that is not '*' is found, less its place in the phrase
        self.anchors: dict[str, dict[str, tuple[int, ...]] | None] = {}
        for name, anywhere in self.anywhere.items():
            anchors: dict[str, set[int]] = {}
            everywhere = False   # a phrase of wildcards alone may begin anywhere
            for words in [*(w for entries in self.index[name].values() for w, _ in entries), *anywhere]:
                at = next((i for i, word in enumerate(words) if word != "*"), None)
                if at is None:
                    everywhere = True
                    break
                anchors.setdefault(words[at], set()).add(at)
            self.anchors[name] = None if everywhere else {w: tuple(sorted(o)) for w, o in anchors.items()}
        # the words each phrase needs (all but '*'), by lexicon: a text without all of one phrase's words cannot
        # hold the lexicon, nor can any text cut from it (``TextScan.may_hold``); each set is filed under one of
        # its words; None for a lexicon with a phrase of wildcards alone, which any text of enough words holds
        self.needs: dict[str, dict[str, list[frozenset[str]]] | None] = {}
        for name, by_first in self.index.items():
            needs: dict[str, list[frozenset[str]]] = {}
            everywhere = False
            for words in [*(words for entries in by_first.values() for words, _ in entries), *self.anywhere.get(name, ())]:
                needed = frozenset(w for w in words if w != "*")
                if not needed:
                    everywhere = True
                    break
                filed = needs.setdefault(min(needed), [])
                if needed not in filed:
                    filed.append(needed)
            self.needs[name] = None if everywhere else needs
        # key " w1 w2 " → the lexicons it belongs to: (lexicon, phrase words, whether the phrase has a wildcard)
        keys: dict[str, list[tuple[str, list[str], bool]]] = {}
        for name, by_first in self.index.items():
            if name in self.anywhere:
                continue
            for entries in by_first.values():
                for words, has_wildcard in entries:
                    fixed = words[:words.index("*")] if has_wildcard else words
                    keys.setdefault(f" {' '.join(fixed)} ", []).append((name, words, has_wildcard))
        # by the key's number: (lexicon, phrase words, None), or for a phrase with a wildcard, the phrase as a
        # pattern that matches at the key's start in the spaced text, over ASCII bytes and over any text
        self.entries = [tuple((name, words, _wildcard_patterns(words) if has_wildcard else None)
                              for name, words, has_wildcard in entries) for entries in keys.values()]
        # keys whose phrases have no wildcard: once such a key has matched, a later match of it (further on, as
        # matches of one key come in order) can beat no lexicon's earliest match, and is passed over
        self.plain = [not any(wild for _, _, wild in entries) for entries in keys.values()]
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

    __slots__ = ("matcher", "text", "haystack", "_tokens", "found", "written", "_words", "_possible")

    def __init__(self, matcher: LexiconMatcher, text: str) -> None:
        self.matcher = matcher
        self.text = text
        self.haystack = _spaced(text)   # ASCII bytes, or text
        self._tokens: list[str] | None = None
        self.found: dict[str, list[str] | None] | None = None
        self.written: dict[str, str] = {}   # lexicon → its phrase as the text writes it, once asked
        self._words: set[str] | None = None
        self._possible: dict[str, bool] | None = None

    @property
    def tokens(self) -> list[str]:
        """The words, split out only for the rare phrases the automaton cannot check alone (wildcards)."""
        if self._tokens is None:
            haystack = self.haystack
            self._tokens = (haystack.decode("ascii") if type(haystack) is bytes else haystack).split()
        return self._tokens

    def get(self, name: str) -> str | None:
        written = self.written.get(name)
        if written is not None:
            return written
        found = self.found
        if found is None:
            found = self.found = self._search_all()
        if name not in found:
            if name not in self.matcher.anywhere:
                return None
            found[name] = self._search_everywhere(name)
        hit = found[name]
        if hit is None:
            return None
        written = self.written[name] = _as_written(self.text, hit)
        return written

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

    def may_hold(self, name: str) -> bool:
        """Whether a phrase of the lexicon may occur in a text cut from this one: a sentence or a part of it, with
        quotations left out or not (``sentences()``, ``unquoted()``), whose words are all words of this text.
        False only when no phrase of the lexicon has all its words (but '*') among this text's words. A quick test
        that lets a rule pass over every sentence at once (``compiler``: the guard of ``any sentence``).

        The words of such a cut are words of the whole text because sentences and their parts end at spaces, colons
        and semicolons, and a quotation begins and ends with a quotation mark, all of them between words, and because
        lower-casing a letter does not depend on its neighbours. Two characters break that, and a text with either
        is always said to possibly hold the lexicon: '„', which opens a quotation but is part of a word, and 'Σ',
        lower-cased as 'ς' at the end of a word only."""
        if type(self.haystack) is not bytes and ("„" in self.text or "Σ" in self.text):
            return True
        possible, words = self._possible, self._words
        if possible is None or words is None:
            possible, words = self._possible, self._words = {}, set(self.tokens)
        known = possible.get(name)
        if known is None:
            needs = self.matcher.needs.get(name, {})
            known = possible[name] = needs is None or any(
                needed <= words for word in words.intersection(needs) for needed in needs[word])
        return known

    def _search_all(self) -> dict[str, list[str] | None]:
        """One pass for every lexicon: each lexicon's earliest phrase (at one position, the longest) as the
        words matched."""
        matcher, haystack = self.matcher, self.haystack
        ascii_ = type(haystack) is bytes
        automaton = matcher.ascii if ascii_ else matcher.unicode
        if automaton is None or len(haystack) < 3:
            return {}
        keyed, plain = matcher.entries, matcher.plain
        best: dict[str, tuple[int, int, list[str]]] = {}
        seen: set[int] = set()
        for key, start, _ in automaton.find_matches_as_indexes(haystack, overlapping=True):
            if key in seen:
                continue
            if plain[key]:
                seen.add(key)
            for name, words, wildcard in keyed[key]:
                hit = best.get(name)
                if hit is not None and (hit[0] < start or hit[0] == start and hit[1] >= len(words)):
                    continue
                if wildcard is not None:  # the whole phrase, '*' standing for any one word, from the key's start
                    whole = wildcard[0 if ascii_ else 1].match(haystack, start)
                    if whole is None:
                        continue
                    words = (whole.group().decode("ascii") if ascii_ else whole.group()).split()
                best[name] = (start, len(words), words)
        return {name: hit[2] for name, hit in best.items()}

    def _search_everywhere(self, name: str) -> list[str] | None:
        """A lexicon with phrases that begin with ``*``: every position is a possible start."""
        matcher, tokens = self.matcher, self.tokens
        by_first, anywhere, anchors = matcher.index[name], matcher.anywhere[name], matcher.anchors[name]
        starts: Iterable[int] = range(len(tokens)) if anchors is None else sorted(
            {i - at for i, token in enumerate(tokens) for at in anchors.get(token, ()) if i >= at})
        for at in starts:
            token = tokens[at]
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


def _wildcard_patterns(words: list[str]) -> tuple[re.Pattern[bytes], re.Pattern[str]]:
    """A phrase with ``*`` as patterns of the spaced text (words joined by single spaces, one at each end), to
    match where the phrase's first word begins: each ``*`` one word, any."""
    parts = [r"[^ ]+" if word == "*" else re.escape(word) for word in words]
    pattern = " " + " ".join(parts) + " "
    return re.compile(pattern.encode("utf-8")), re.compile(pattern)


@lru_cache(maxsize=4096)
def _phrase_pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(r"\W+".join(_written_word(w) for w in words), re.IGNORECASE)


def _written_word(word: str) -> str:
    """A matched word as the text may write it: a word read joined to the one after it ("nocode") with or without
    its hyphen ("no-code")."""
    for joined in _JOINED:
        if word.startswith(joined) and len(word) > len(joined):
            return f"{re.escape(joined)}-?{re.escape(word[len(joined):])}"
    return re.escape(word)


def _as_written(text: str, words: list[str]) -> str:
    """The matched words with the text's own case and punctuation, for messages."""
    found = _phrase_pattern(tuple(words)).search(text)
    return found.group(0) if found else " ".join(words)


# ---- reading a finding's sentences -------------------------------------------------------------------------
# A sentence ends at . ! or ? followed by a space and a capital or an opening mark, but not after an initial
# ("J. Weller"; a letter a label names is none: "rev C. To …" ends one) or a number's abbreviation ("certificate
# no. LM/2025/4471", "ref. QA-12"); before a digit only after a word of four letters or more, a number or a bracket
# ("rev. 2", "cl. 7.1" and "no. 5" do not end one, nor does "approx. 60 %"); and at a line break.
_SENTENCE_END = re.compile(r"(?<=[.!?])(?<![^A-Za-z][A-Z][.])(?<![^\w][Nn]o\.)(?<![^\w][Nn]r\.)(?<![^\w][Rr]ef\.)"
                            r"\s+(?=[A-Z\"'“‘(\[])"
                            r"|(?:(?<=[a-z]{4}[.!?])(?<!approx\.)|(?<=[0-9)][.!?]))\s+(?=\d)|\n+")
# a capital letter that a label names ("rev C", "zone B"; words.yaml, `letter_labels`) is no initial: its full stop
# ends a sentence before a capital. The letter is found first (a pattern that begins with a character class runs
# fast), then the word before it is looked up.
_LETTER_END = re.compile(r"[A-Z](?<![^\s(][A-Z])\.(?=\s+[A-Z\"'“‘(\[])")
_LETTER_LABELS = frozenset(str(w).lower() for lang in _LANGUAGE_WORDS.values() for w in lang.get("letter_labels", ()))
_WORD_BEFORE = re.compile(r"([^\W\d_]+)\.?\s+$")


def is_letter_label(word: str) -> bool:
    """Whether a word names a thing by a letter after it ("rev C", "cluster B": words.yaml, ``letter_labels``), so that
    the letter and its full stop are no person's initial."""
    return word.lower() in _LETTER_LABELS


@lru_cache(maxsize=1024)
def split_sentences(text: str) -> tuple[str, ...]:
    """A text's sentences as they are written, unstripped (``sentences`` gives their parts)."""
    found = []
    for sentence in _SENTENCE_END.split(text):
        start = 0
        for letter in _LETTER_END.finditer(sentence):
            word = _WORD_BEFORE.search(sentence, max(start, letter.start() - 40), letter.start())
            if word and word.group(1).lower() in _LETTER_LABELS:
                found.append(sentence[start:letter.end()])
                start = letter.end()
        found.append(sentence[start:])
    return tuple(found)


# a sentence's parts: what a colon or semicolon separates ("Could be improved: 2 of 6 leavers have not …"); not
# the colon after a word that introduces what a document or a person says ("IS-ENV-05 p. 3.2 says: containers must
# be closed"; words.yaml, `quote_verbs`) or after a record's number, which keep the source and what it says in
# one part
_PART_END = re.compile(r"([;:])\s+")
_QUOTE_MARKS = "\"“”„«»‘’'"
_QUOTE_VERB_END = re.compile(rf"(?<!\w)(?:{_union('quote_verbs')})\s*$", re.IGNORECASE)
# a label that names a record by its number, its revision after it or not ("Corrective action CAR-ENV-25-09: replace
# the bund valve", "HB-WEB-02 rev 3: TLS 1.0 must be disabled")
_REVISION_AFTER = rf"(?:\s+(?i:{_union('revision_words')})\.?\s*[\w.]+)?" if _union("revision_words") else ""
# ... and the part of it the label names ("ENV-07 §5.3: consignment notes to be kept for 3 years", "CP-05 section 6:
# …"; words.yaml, `document_sections`)
_SECTION_AFTER = (rf"(?:\s+(?i:{_union('document_sections')})\.?\s*\d[\w.]*\)?)?" if _union("document_sections")
                  else "")
_RECORD_LABEL_END = re.compile(_IDENTIFIER.pattern.removesuffix(r"\b") + _REVISION_AFTER + _SECTION_AFTER + r"\s*$")


def _parts(sentence: str) -> list[str]:
    """A sentence's parts: not split inside a quotation ("'TLS 1.2 or higher; TLS 1.0 must be disabled'") or a
    bracket ("8 stores (list seen: 02, 07, 09) not audited"), nor after a word of saying or a record's number."""
    spans = quoted_spans(sentence) if any(q in sentence for q in _QUOTE_MARKS) else ()
    found, start = [], 0
    for mark in _PART_END.finditer(sentence):
        at = mark.start()
        if any(a < at < b for a, b in spans):
            continue
        if "(" in sentence and _in_bracket(sentence, at):
            continue
        if mark.group(1) == ":" and (_QUOTE_VERB_END.search(sentence, start, at)
                                     or _RECORD_LABEL_END.search(sentence, start, at)):
            continue
        found.append(sentence[start:at])
        start = mark.end()
    found.append(sentence[start:])
    return found


def _in_bracket(sentence: str, at: int) -> bool:
    """Whether position ``at`` lies inside a round bracket that closes later in the sentence."""
    depth = sentence.count("(", 0, at) - sentence.count(")", 0, at)
    return depth > 0 and ")" in sentence[at:]


@lru_cache(maxsize=1024)
def sentences(text: str) -> tuple[str, ...]:
    """A text's sentences, and their parts separated by a colon or semicolon, stripped, empty ones left out:
    what ``any sentence (…)`` ranges over."""
    return tuple(s for sentence in split_sentences(text) for part in _parts(sentence) if (s := part.strip()))


_INTERVALS_FILE = Path(__file__).resolve().parent.parent / "intervals.yaml"


def _intervals_data() -> dict:
    from ..catalog.yamlread import read_data_file  # only when a rule asks whether something is overdue or late

    return read_data_file(_INTERVALS_FILE)  # type: ignore[no-any-return]


@lru_cache(maxsize=1)
def _intervals() -> tuple[re.Pattern[str], dict[str, int], re.Pattern[str], dict[str, int]]:
    """The interval words, and one pattern for a number and its unit: any unit of ``units``, or one of
    ``recurring_units`` (days) only after a word of recurrence ("every 10 days"; "within 30 days" is a time limit)."""
    data = _intervals_data()
    named = {str(k).lower(): int(v) for k, v in data["words"].items()}
    units = {str(k).lower(): int(v) for k, v in data["units"].items()}
    recurring = {str(k).lower(): int(v) for k, v in (data.get("recurring_units") or {}).items()}
    by_length = sorted(named, key=len, reverse=True)
    word_re = re.compile(r"\b(?:" + "|".join(re.escape(w) for w in by_length) + r")\b")
    # a number and its unit followed by a word of delay or age is no interval ("two months after the visit")
    delays = "|".join(re.escape(str(w).lower()) for w in data.get("delay_words", ()))
    not_delay = rf"(?!\s+(?:{delays})\b)" if delays else ""
    number = r"(\d{1,3}|" + "|".join(_COUNT_WORDS) + r")[\s-]+"
    unit = r"\b" + number + "(" + "|".join(re.escape(u) for u in sorted(units, key=len, reverse=True)) + r")\b"
    every = "|".join(re.escape(str(w).lower()) for w in data.get("recurrence_words", ()))
    if recurring and every:
        days = "|".join(re.escape(u) for u in sorted(recurring, key=len, reverse=True))
        unit += rf"|\b(?:{every})\s+{number}({days})(?!\w)"
    unit_re = re.compile(rf"(?:{unit}){not_delay}")
    return word_re, named, unit_re, {**units, **recurring}


# "last reviewed in March 2023", "last calibrated on 2024-03-12", "the last review recorded is dated 2025-02-14",
# "last review date 2023-03-14", "the last examination report (LEV-EX-0921) is dated 2023-09-07": a last-done
# date, the first date up to twelve words after "last" in the same sentence; "no … since 2022": the date right
# after "since" ("since 5 have been unchanged" is no date). A record's number on the way ("LEV-EX-0921",
# "MR-2023-04") is not a date.
_LAST_DONE = re.compile(rf"(?<!\w)(?:({_union('last_done')})|{_union('since')})(?!\w)")
_LAST_DONE_WORDS = 12
_ASIDE = re.compile(r"\([^()]*\)")
_COUNTED = re.compile(rf"\s+(?:\d{{1,2}}|{_union('count_words')})\s")
# "since" gives a last-done date only after a negation in its sentence ("not calibrated since 2023", "no review since
# 2022"); without one it is when a state began that still holds ("met every month since January 2026")
_SINCE_NEGATION = re.compile(rf"(?<!\w)(?:{_union('since_negations')})(?!\w)|n[’']t\b")
_IN_IDENTIFIER = re.compile(r"[-/_]\w")


def interval_days(text: str) -> int | None:
    """The shortest review or check interval a text states, in days ("annual" → 366, "every 6 months" → 186)."""
    word_re, named, unit_re, units = _intervals()
    lower = text.lower()
    found = [named[m.group(0)] for m in word_re.finditer(lower)]
    for m in unit_re.finditer(lower):
        if _age_after_date(lower, m.start(), m.end()):
            continue
        number, unit = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
        found.append(_count(number) * units[unit])
    found = [d for d in found if d > 0]
    return min(found) if found else None


def _age_after_date(lower: str, start: int, end: int) -> bool:
    """Whether a number and its unit are all a bracket holds, right after a date: how long ago that was ("last
    training 01/2025 (16 months)"), not an interval."""
    before, after = lower[:start].rstrip(), lower[end:].lstrip()
    if not (before.endswith("(") and after.startswith(")")):
        return False
    written = before[:-1].rstrip()
    return any(m.end() == len(written) for m in _DATE.finditer(written))


def _latest_day(found: str) -> _dt.date | None:
    """The last day a written date can mean: 2023 → 2023-12-31, March 2023 → 2023-03-31."""
    s = found.strip().rstrip(".")
    if m := re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", s):
        try:
            return _dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            return None
    if m := re.fullmatch(r"(\d{1,2})[/.](\d{1,2})[/.](\d{4}|\d{2})", s):
        year = int(m.group(3)) + (2000 if len(m.group(3)) == 2 else 0)
        try:
            return _dt.date(year, int(m.group(2)), int(m.group(1)))
        except ValueError:
            return None
    if m := re.fullmatch(r"(\d{1,2})/(\d{4})|(\d{4})-(\d{2})", s):  # a month: 04/2025, 2025-04
        year, month = (int(m.group(2)), int(m.group(1))) if m.group(1) else (int(m.group(3)), int(m.group(4)))
        if not 1 <= month <= 12:
            return None
        try:
            return _dt.date(year + (month == 12), month % 12 + 1, 1) - _dt.timedelta(days=1)
        except (ValueError, OverflowError):  # a year the calendar lacks: 0000-05, 12/0000, 9999-12
            return None
    if m := re.fullmatch(rf"(?:(\d{{1,2}}){_DAY_SEP})?({_MONTHS})\.?{_DAY_SEP}(?:(\d{{1,2}}),\s+)?(\d{{4}})", s):
        year, month = int(m.group(4)), _MONTH_NUMBER[" ".join(m.group(2).split())]
        day = m.group(1) or m.group(3)
        try:
            return (_dt.date(year, month, int(day)) if day
                    else _dt.date(year + (month == 12), month % 12 + 1, 1) - _dt.timedelta(days=1))
        except (ValueError, OverflowError):  # 31 June, or a year the calendar lacks: March 0000, December 0000
            return None
    if m := re.fullmatch(r"q([1-4])\s+(\d{4})", s):  # a quarter: Q1 2027 ends on 31 March 2027
        year, month = int(m.group(2)), 3 * int(m.group(1))
        try:
            return _dt.date(year + (month == 12), month % 12 + 1, 1) - _dt.timedelta(days=1)
        except (ValueError, OverflowError):
            return None
    if re.fullmatch(r"(?:19|20)\d\d", s):
        return _dt.date(int(s), 12, 31)
    return None


def _day(found: str) -> _dt.date | None:
    """The day a written date names, when it names one (2025-07-02, 2/7/2025, 2 July 2025; not July 2025)."""
    s = found.strip().rstrip(".")
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}|\d{1,2}[/.]\d{1,2}[/.](?:\d{4}|\d{2})", s) or re.fullmatch(
            rf"\d{{1,2}}{_DAY_SEP}{_MONTH}{_DAY_SEP}\d{{4}}|{_MONTH}\s+\d{{1,2}},\s+\d{{4}}", s):
        return _latest_day(s)
    return None


def date_span(found: str) -> tuple[_dt.date, _dt.date] | None:
    """The first and last day a written date can mean: 2025 → 1 January to 31 December, 04/2025 → April, Q3 2025 →
    1 July to 30 September."""
    found = found.lower()
    last = _latest_day(found)
    if last is None:
        return None
    if _day(found) is not None:
        return last, last
    if re.fullmatch(r"(?:19|20)\d\d", found.strip().rstrip(".")):
        return _dt.date(last.year, 1, 1), last
    if re.fullmatch(r"q[1-4]\s+\d{4}", found.strip().rstrip(".")):  # a quarter begins two months before its last
        return _dt.date(last.year, last.month - 2, 1), last
    return last.replace(day=1), last


@lru_cache(maxsize=1024)
def all_dates(text: str) -> tuple[tuple[int, int, _dt.date, _dt.date], ...]:
    """Every date of a text with the days it can mean, in order: (start, end, first day, last day)."""
    return tuple((m.start(), m.end(), *span) for m in _DATE.finditer(text.lower())
                 if (span := date_span(m.group(0))) is not None)


@lru_cache(maxsize=1024)
def full_dates(text: str) -> tuple[tuple[int, int, _dt.date], ...]:
    """The dates of a text that name a day, in order: (start, end, day)."""
    return tuple((m.start(), m.end(), day) for m in _DATE.finditer(text.lower())
                 if (day := _day(m.group(0))) is not None)


def last_done(text: str) -> _dt.date | None:
    """The latest date a text gives as when something was last done ("last reviewed in March 2023")."""
    lower = text.lower()
    best: _dt.date | None = None
    same_length = len(lower) == len(text)  # sentence ends are read on the text as written
    for m in _LAST_DONE.finditer(lower):
        words = _LAST_DONE_WORDS if m.group(1) else 0
        if not m.group(1):
            begun = [b.end() for b in _SENTENCE_END.finditer(text, 0, m.start())] if same_length else []
            if _SINCE_NEGATION.search(lower, begun[-1] if begun else 0, m.start()) is None:
                continue
        end = _SENTENCE_END.search(text, m.end()) if same_length else None
        # "the last three verifications (2024-04-09 …, 2025-04-07 …, 2026-04-08 …)": a count after the word names
        # several, and the latest of the dates that list them is when it was last done
        several = m.group(1) is not None and _COUNTED.match(lower, m.end()) is not None
        listed = False  # a date of this "last" read already: the rest of its list is read to the sentence's end
        for date in _DATE.finditer(lower, m.end(), end.start() if end else len(lower)):
            if len(_WORD.findall(_ASIDE.sub(" ", lower[m.end():date.start()]))) > words and not listed:
                break  # the words of an aside in brackets are not counted: "(PP-T20, approx. 60 % of spend)"
            if part_of_identifier(lower, date.start(), date.end()):
                continue
            day = _latest_day(date.group(0))
            if day is not None:
                if best is None or day > best:
                    best = day
                if not several:
                    break
                listed = True
    return best


def part_of_identifier(lower: str, start: int, end: int) -> bool:
    """Whether what was found at lower[start:end] (a date, an acronym) is part of a record's number ("MR-2023-04",
    "LEV/2021", "SOC-PRO-03")."""
    return (start > 0 and lower[start - 1] in "-/_") or _IN_IDENTIFIER.match(lower, end) is not None


def overdue(text: str, audit_dates: list[str] | tuple[str, ...]) -> bool:
    """Whether the text shows something last done longer ago than the interval it states, counted back from the
    audit's last day: "last reviewed in March 2023 … requires an annual review" in an audit of 2025. The interval
    stated in the sentence of the last-done date counts before those of other sentences."""
    if not audit_dates:
        return False
    done = last_done(text)
    if done is None:
        return False
    # the interval the sentence of the last-done date states, if it states one: "inspections are done annually (last
    # report 2026-03-04). … the weekly checks" measures the inspections by the year, not by the week
    days = next((d for sentence in split_sentences(text) if last_done(sentence) == done
                 and (d := interval_days(sentence)) is not None), None) or interval_days(text)
    if days is None:
        return False
    span = audit_span(audit_dates)
    return span is not None and (span[1] - done).days > days


def audit_span(audit_dates: list[str] | tuple[str, ...]) -> tuple[_dt.date, _dt.date] | None:
    """The audit's first and last day, from its dates written as ISO dates; None when it gives none or one cannot be
    read."""
    try:
        days = [_dt.date.fromisoformat(str(d)) for d in audit_dates]
    except ValueError:
        return None
    return (min(days), max(days)) if days else None


def future(text: str, audit_dates: list[str] | tuple[str, ...]) -> bool:
    """Whether the text names a date that begins after the audit's last day: a change, start or deadline still to
    come ("the planned move to the new line in 2026" in an audit of November 2025, or "next year"). A year or a
    month counts from its first day, so a date the audit falls within is not future; a record's number
    ("MR-2026-01") is no date."""
    span = audit_span(audit_dates)
    if span is None:
        return False
    audit_day = span[1]
    lower = text.lower()
    return any(first > audit_day for start, end, first, _ in all_dates(text)
               if not part_of_identifier(lower, start, end)) or _future_words().search(lower) is not None


@lru_cache(maxsize=1)
def _future_words() -> re.Pattern[str]:
    """The words that name a time after the audit without a date ("next year"), from intervals.yaml."""
    found = sorted({" ".join(str(w).lower().split()) for w in _intervals_data().get("future_words", ())},
                   key=len, reverse=True)
    if not found:
        return re.compile(r"(?!x)x")
    return re.compile(r"\b(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in found) + r")\b")


def begins_with(text: str, phrase: str | None) -> bool:
    """Whether a text opens with a phrase, leading quotes, bullets and spaces aside ("Implement …"): what an
    instruction to the client looks like, as against the same verb further on ("plans to implement …")."""
    if not phrase:
        return False
    found = _phrase_pattern(tuple(words_of(phrase))).match(text.lstrip(_SEPARATORS + _SPACES))
    return found is not None and not text.lstrip(_SEPARATORS + _SPACES)[found.end():found.end() + 1].isalnum()


@lru_cache(maxsize=4096)   # a rule asks after() of the same sentence and lexicon several times
def following(text: str, phrase: str | None) -> str:
    """What a text says after a phrase it contains, to the end of that sentence ("" when the phrase is absent):
    what a connective introduces ("because" → "staff were too busy")."""
    if not phrase:
        return ""
    found = _phrase_pattern(tuple(words_of(phrase))).search(text)
    if found is None:
        return ""
    rest = text[found.end():]
    end = _SENTENCE_END.search(rest)
    return rest[:end.start()] if end else rest


@lru_cache(maxsize=4096)
def preceding(text: str, phrase: str | None) -> str:
    """What a text says before the first place a phrase occurs, from the text's start (the whole text when the
    phrase is absent): the facts a finding states before an obligation ("The door was found open. The door should
    be locked" → "The door was found open. The door")."""
    if not phrase:
        return text
    found = _phrase_pattern(tuple(words_of(phrase))).search(text)
    return text[:found.start()] if found else text


_COUNT_WORDS = {"no": 0, "none": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}
_COUNT = r"(\d{1,4}|" + "|".join(_COUNT_WORDS) + r")"
_PLANNED = re.compile(rf"\b(?:planned|scheduled|programmed|required)\s+(?:for\s+)?{_COUNT}\b(?![-/.]\d)")
_DONE = re.compile(rf"\b(?:only\s+)?{_COUNT}\s+(?:\w+\s+){{0,2}}?"
                   r"(?:was|were|have\s+been|has\s+been|had\s+been|had|have|has)\s+"
                   r"(?:done|completed|held|carried\s+out|conducted|performed|made|delivered|taken\s+place|taken|collected|"
                   r"tested|inspected|assessed|reviewed|trained|submitted)\b"
                   rf"|\b{_COUNT}\s+(?:\w+\s+){{0,2}}?took\s+place\b")


def _is_year(word: str) -> bool:
    """Whether a number is a year ("planned for 2026"), not a count."""
    return word.isdigit() and len(word) == 4 and 1900 <= int(word) <= 2100


def _count(word: str) -> int:
    return int(word) if word.isdigit() else _COUNT_WORDS[word]


def fewer_done(text: str) -> bool:
    """Whether a sentence counts fewer done than it says were planned: "planned 6 checks in 2025; 2 were done".
    A date or a year is no count ("first evaluation planned for 2026-06-30 … two observations were done")."""
    for sentence in _SENTENCE_END.split(text.lower()):
        planned = _PLANNED.search(sentence)
        if planned is None or _is_year(planned.group(1)):
            continue
        done = _DONE.search(sentence, planned.end())
        if done is not None and _count(done.group(1) or done.group(2)) < _count(planned.group(1)):
            return True
    return False
