"""Anchors: the words of which any finding about a clause names at least one (catalog ``anchors``).

A clause with a narrow subject cannot be written about without some of its own vocabulary: a finding on competence
names training, a qualification, a skill or an assessment of someone; one on internal audit names an audit; one on
information backup names a backup, a restore or a copy. The catalog lists those words per clause, generously, and a
finding whose text holds none of them is not about the clause, whatever it cites. Anchors are words, not stems, so
a reviewer reads them as written: ``train*`` matches any word opening with "train", ``back up`` the two words in
sequence (a hyphen or other punctuation between them too), ``audit`` the word alone. Matching ignores case.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .index import Clause


def _word(anchor_word: str) -> str:
    stem = anchor_word.removesuffix("*")
    body = re.escape(stem)
    return body + (r"[\w'-]*" if anchor_word.endswith("*") else "")


@lru_cache(maxsize=1024)
def anchor_pattern(anchors: tuple[str, ...]) -> re.Pattern[str] | None:
    """One pattern matching any of the anchors as whole words, or None for no anchors."""
    if not anchors:
        return None
    phrases = sorted({r"[\s\W_]+".join(_word(w) for w in a.split()) for a in anchors}, key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(phrases) + r")(?![\w])", re.IGNORECASE)


def anchored(clause: Clause, *texts: str) -> bool:
    """Whether one of the texts names an anchor of the clause; true for a clause without anchors."""
    pattern = anchor_pattern(clause.anchors)
    return pattern is None or any(pattern.search(text) for text in texts if text)

