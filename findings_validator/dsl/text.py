"""Text measures and lexicon matching: the built-in functions rules use on a finding's words.

Lexicons are matched all at once per text: every phrase of every lexicon goes into one word trie, and a text is
tokenised once and walked once. Matching is on whole words and case-insensitive; ``*`` in a phrase stands for any
one word ("should * a"). The measures (dates, identifiers, samples…) are plain regular expressions over the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_SENTENCE = re.compile(r"[.!?](?:\s|$)")
_MONTHS = "jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec"
_DATE = re.compile(
    rf"\b(?:\d{{4}}-\d{{2}}-\d{{2}}|\d{{1,2}}[/.]\d{{1,2}}[/.]\d{{2,4}}|\d{{1,2}}\s+(?:{_MONTHS})[a-z]*\.?\s+\d{{4}}"
    rf"|(?:{_MONTHS})[a-z]*\.?\s+(?:\d{{1,2}},\s+)?\d{{4}}|q[1-4]\s+\d{{4}}|(?:19|20)\d\d)\b",
    re.I,
)
_IDENTIFIER = re.compile(r"\b(?=[A-Z0-9/_.-]*\d)(?=[A-Z0-9/_.-]*[A-Z])[A-Z][A-Z0-9]*(?:[-_/.][A-Z0-9]+)+\b")
_SAMPLE = re.compile(r"\b\d+\s+(?:of|out\s+of)\s+(?:the\s+)?\d+\b|\b\d+\s*%|\ball\s+\d+\b|\bnone\s+of\s+the\s+\d+\b", re.I)
_NAME = re.compile(r"\b[A-Z]\.\s?(?:[A-Z]\.\s?)?[A-Z][a-z]+(?:-[A-Z][a-z]+)?\b")
_NUMBER = re.compile(r"\b\d+(?:[.,]\d+)?\b")


def words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


@dataclass(frozen=True, slots=True)
class TextFacts:
    """Counts a rule can ask of a text: ``evidence.dates``, ``statement.words``…"""

    words: int
    sentences: int
    dates: int
    identifiers: int
    samples: int
    names: int
    numbers: int

    @classmethod
    def of(cls, text: str) -> TextFacts:
        stripped = text.strip()
        return cls(
            words=len(_WORD.findall(text)),
            sentences=len(_SENTENCE.findall(stripped)) + (1 if stripped and stripped[-1] not in ".!?" else 0),
            dates=len(_DATE.findall(text)),
            identifiers=len(_IDENTIFIER.findall(text)),
            samples=len(_SAMPLE.findall(text)),
            names=len(_NAME.findall(text)),
            numbers=len(_NUMBER.findall(text)),
        )


FACTS = tuple(TextFacts.__dataclass_fields__)
"""The measures, in the order the docs list them."""


def overlap(a: str, b: str) -> float:
    """Share of ``a``'s distinct words that also occur in ``b`` (0 when ``a`` has none)."""
    wa = set(words(a))
    return len(wa & set(words(b))) / len(wa) if wa else 0.0


class LexiconMatcher:
    """All lexicons compiled into one word trie; ``scan(text)`` → {lexicon: first phrase matched}."""

    _END = "\0end"

    def __init__(self, lexicons: dict[str, tuple[str, ...]]) -> None:
        self.names = tuple(lexicons)
        self._trie: dict[str, object] = {}
        for name, phrases in lexicons.items():
            for phrase in phrases:
                node = self._trie
                for word in phrase.lower().split():
                    node = node.setdefault(word, {})  # type: ignore[assignment]
                ends = node.setdefault(self._END, [])  # type: ignore[arg-type]
                if name not in ends:  # type: ignore[operator]
                    ends.append(name)  # type: ignore[union-attr]

    def scan(self, text: str) -> dict[str, str]:
        """Every lexicon with a phrase in ``text``, mapped to the first matching words as written."""
        found: dict[str, str] = {}
        if not text:
            return found
        spans = [(m.group(0).lower(), m.start(), m.end()) for m in _WORD.finditer(text)]
        tokens = [s[0] for s in spans]
        trie, end_key = self._trie, self._END
        for start in range(len(tokens)):
            if tokens[start] not in trie and "*" not in trie:
                continue
            stack: list[tuple[dict[str, object], int]] = [(trie, start)]
            while stack:
                node, i = stack.pop()
                ends = node.get(end_key)
                if ends and i > start:
                    for name in ends:  # type: ignore[union-attr]
                        found.setdefault(name, text[spans[start][1]:spans[i - 1][2]])
                if i < len(tokens):
                    for key in (tokens[i], "*"):
                        child = node.get(key)
                        if child is not None:
                            stack.append((child, i + 1))  # type: ignore[arg-type]
        return found
