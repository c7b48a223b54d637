"""Whether a finding's subject falls inside the certified scope's words: ``shared_words(a, b)``.

Words are compared as the subject ranker compares them (``catalog.subjects.tokens``: Snowball stems, the words of
``subject_stopwords.txt`` left out), so "hosting" meets "hosted" and "the", "of", "services" weigh nothing.
"""

from __future__ import annotations

from ..catalog.subjects import tokens


def shared_words(a: str, b: str) -> int:
    """The number of distinct content words (stems) the two texts share."""
    if not a or not b:
        return 0
    return len(set(tokens(a)) & set(tokens(b)))
