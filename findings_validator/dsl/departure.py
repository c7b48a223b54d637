"""A departure shown by contrast rather than by a negation word: ``departs(text)``.

Findings often state what is not met without "not" or "no": two revisions of one document where one is expected
("the register lists rev A; rev C was in use"), a part of a whole ("covered 11 of the 17 obligations"), a count of
none ("0 checks were recorded"), a time longer than the limit stated ("within one business day … after 1, 3 and 4
business days"). The words that introduce a revision (``revision_word``) or a time limit (``time_limit``) are
lexicons, so a language pack supplies its own; the units of a limit and number words are data (``intervals.yaml``),
the sample links ("of", "out of") those of ``words.yaml``.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from .text import _intervals_data, _union, alternation


# "11 of the 17", "2 out of 5": a part and its whole (the whole after an optional article)
_PART = re.compile(rf"(?<![\w.,/-])(\d{{1,4}})\s+(?:{_union('sample_links')})\s+(?:(?:{_union('sample_articles')})\s+)?"
                   rf"(\d{{1,4}})(?![\w.,/:-]\d)")
# "0 checks", "0 entries": a count of none (not "0.5", "10", "0 %" or a time "0:30")
_NONE = re.compile(r"(?<![\w.,/:-])0\s+(?=[^\W\d_]{3,})")


class Contrast:
    """One language's patterns for a departure written as a contrast, built from its lexicons."""

    def __init__(self, lexicons: dict[str, tuple[str, ...]]) -> None:
        words = alternation(lexicons.get("revision_word", ()))
        # "rev C", "revision 4", "version 2019", "issue 03": the word and the revision it names
        revision = r"((?-i:[A-Z])?\d+(?:\.\d+)*|(?-i:[A-Z]))(?![\w-])"
        self._revision = re.compile(rf"(?<!\w)(?:{words})\.?\s*{revision}", re.IGNORECASE) if words else None
        data = _intervals_data()
        numbers = {str(k).lower(): int(v) for k, v in data.get("numbers", {}).items()}
        units = sorted((str(u).lower() for u in data.get("limit_units", {})), key=len, reverse=True)
        count = "|".join([r"\d{1,4}", *(re.escape(w) for w in sorted(numbers, key=len, reverse=True))])
        unit = "|".join(re.escape(u) for u in units)
        limit = alternation(lexicons.get("time_limit", ()))
        self._numbers = numbers
        # "within one business day", then "after … 4 business days": a limit and a time in the same unit
        self._limit = (re.compile(rf"(?<!\w)(?:{limit})\s+({count})[\s-]*({unit})(?!\w)")
                       if limit and unit else None)
        self._time = re.compile(rf"(?<![\w.,])({count})[\s-]*({unit})(?!\w)") if unit else None

    def _count(self, word: str) -> int:
        return int(word) if word.isdigit() else self._numbers.get(word, 0)

    def beyond_limit(self, lower: str) -> bool:
        """Whether the text states a time limit ("within one business day") and, before or after it, a longer time
        in the same unit ("after 1, 3 and 4 business days", "reported after 5 days; … requires within 2 days")."""
        if self._limit is None or self._time is None:
            return False
        for limit in self._limit.finditer(lower):
            most, unit = self._count(limit.group(1)), _singular(limit.group(2))
            for time in self._time.finditer(lower):
                if limit.start() <= time.start() < limit.end():
                    continue  # the limit's own number
                if _singular(time.group(2)) == unit and self._count(time.group(1)) > most:
                    return True
        return False

    @lru_cache(maxsize=1024)  # noqa: B019 - one Contrast per rule set, kept for the process
    def revisions(self, text: str) -> int:
        """How many different revisions the text names ("rev C … rev D" → 2; "v3 … Version 5 … v3" → 2)."""
        if self._revision is None:
            return 0
        return len({m.group(1).lower() for m in self._revision.finditer(text)})

    @lru_cache(maxsize=1024)  # noqa: B019 - one Contrast per rule set, kept for the process
    def departs(self, text: str) -> bool:
        """Whether the text names two different revisions, a part short of its whole, a count of none, or a time
        longer than the limit it states."""
        lower = text.lower()
        if self.beyond_limit(lower):
            return True
        if _NONE.search(lower):
            return True
        if any(int(m.group(1)) < int(m.group(2)) for m in _PART.finditer(lower)):
            return True
        return self.revisions(text) >= 2


def _singular(unit: str) -> str:
    """ "business days" and "business day" are one unit."""
    return " ".join(unit.split()).removesuffix("s")


@lru_cache(maxsize=8)
def contrast(labels: Any) -> Contrast:
    """The contrast patterns of a rule set, built once from the lexicons its labels were built from."""
    return Contrast(getattr(labels, "lexicons", {}) or {})


__all__ = ["Contrast", "contrast"]
