"""Whether a finding's subject falls inside the certified scope's words: ``shared_words(a, b)``.

Words are compared as the subject ranker compares them (``catalog.subjects.tokens``: Snowball stems, the words of
``subject_stopwords.txt`` left out), so "hosting" meets "hosted" and "the", "of", "services" weigh nothing.
"""

from __future__ import annotations

from difflib import SequenceMatcher

from ..catalog.subjects import tokens


def shared_words(a: str, b: str) -> int:
    """The number of distinct content words (stems) the two texts share."""
    if not a or not b:
        return 0
    return len(set(tokens(a)) & set(tokens(b)))


NEAR_PREFIX = 5
"""Two stems that begin with this many letters in common name the same activity ("cleansing" and "cleaning")."""
NEAR_RATIO = 0.85
"""Or two stems this alike (difflib's ratio): one spelling and its variant ("organis" and "organiz")."""


def near_words(a: str, b: str) -> int:
    """The number of distinct content words (stems) of the first text that the second holds, or holds in a near
    form: a stem beginning with the same ``NEAR_PREFIX`` letters, or one as alike as ``NEAR_RATIO``."""
    if not a or not b:
        return 0
    other = set(tokens(b))
    return sum(1 for w in set(tokens(a)) if w in other or any(_near(w, o) for o in other))


def _near(a: str, b: str) -> bool:
    if len(a) >= NEAR_PREFIX and len(b) >= NEAR_PREFIX and a[:NEAR_PREFIX] == b[:NEAR_PREFIX]:
        return True
    return min(len(a), len(b)) >= 4 and SequenceMatcher(None, a, b).ratio() >= NEAR_RATIO
