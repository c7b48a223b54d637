"""Reading a breach from counts and dates: fewer than a stated minimum, later than a stated time limit.

An OFI often hides a nonconformity in figures rather than words: "had one trained first aider; the assessment
specifies at least 2 per shift", "procedure PR-06 requires notification within 24 h … incident of 2025-07-02 was
notified on 2025-07-09". The words that introduce a minimum (``minimum``), a count held (``held``) and a time
limit (``time_limit``) are lexicons, so a language pack supplies its own; number words and the units of a time
limit are data (``intervals.yaml``: ``numbers``, ``limit_units``).
"""

from __future__ import annotations

import datetime as _dt
import math
import re
from functools import lru_cache
from typing import Any

from .text import _SENTENCE_END, _intervals_data, all_dates, alternation, full_dates


class Reading:
    """One language's patterns for counts and time limits, built from its lexicons."""

    def __init__(self, lexicons: dict[str, tuple[str, ...]]) -> None:
        data = _intervals_data()
        self.numbers = {str(k).lower(): int(v) for k, v in data.get("numbers", {}).items()}
        self.units = {str(k).lower(): float(v) for k, v in data.get("limit_units", {}).items()}
        self.working = {str(k).lower() for k in data.get("working_day_units", ())}
        joins = sorted({str(w).lower() for w in data.get("range_words", ())}, key=len, reverse=True)
        self._range = re.compile("|".join(["", *map(re.escape, joins)]))
        count = r"(\d{1,4}" + "".join(f"|{re.escape(w)}" for w in sorted(self.numbers, key=len, reverse=True)) + ")"
        minimum, held = alternation(lexicons.get("minimum", ())), alternation(lexicons.get("held", ()))
        limit = alternation(lexicons.get("time_limit", ()))
        due = alternation(lexicons.get("due", ()))
        # a due word, up to two words (or a colon), then the date: "due 04/2025", "calibration due date: 2025-09-10"
        self._due = re.compile(rf"(?<!\w)(?:{due})(?:[\s:,-]+\w+){{0,2}}?[\s:,-]+$") if due else None
        unit = "|".join(re.escape(u) for u in sorted(self.units, key=len, reverse=True))
        self._minimum = re.compile(rf"(?<!\w)(?:{minimum})\s+{count}(?!\w)") if minimum else None
        self._held = re.compile(rf"(?<!\w)(?:{held})\s+{count}(?!\w)") if held else None
        self._limit = (re.compile(rf"(?<!\w)(?:{limit})\s+{count}[\s-]*({unit})(?!\w)")
                       if limit and unit else None)

    def count(self, word: str) -> int:
        return int(word) if word.isdigit() else self.numbers[word]

    @lru_cache(maxsize=1024)  # noqa: B019 - one Reading per rule set, kept for the process
    def below_minimum(self, text: str) -> bool:
        """Whether a sentence states a minimum ("at least 2 per shift") and it or the sentence next to it a smaller
        count held ("had one")."""
        if self._minimum is None or self._held is None:
            return False
        counted = []  # per sentence: (the minima it states, the counts it holds)
        for sentence in _SENTENCE_END.split(text):
            sentence = sentence.lower()
            minima = [(m.start(), self.count(m.group(1))) for m in self._minimum.finditer(sentence)]
            starts = {at for at, _ in minima}
            held = [self.count(m.group(1)) for m in self._held.finditer(sentence) if m.start() not in starts]
            counted.append(([low for _, low in minima], held))
        for i, (lows, _) in enumerate(counted):
            near = [h for _, counts in counted[max(0, i - 1):i + 2] for h in counts]
            if any(h < low for h in near for low in lows):
                return True
        return False

    def limit_days(self, text: str) -> float | None:
        """The shortest time limit the text states ("within 24 h" → 1, "within 5 working days" → 9), in days."""
        if self._limit is None:
            return None
        found = []
        for m in self._limit.finditer(text.lower()):
            n, unit = self.count(m.group(1)), m.group(2)
            days = n * self.units[unit]
            if unit in self.working:  # weekends (and a holiday) fall between working days
                days = math.ceil(n * 7 / 5) + 2
            found.append(days)
        return min(found) if found else None

    @lru_cache(maxsize=1024)  # noqa: B019 - one Reading per rule set, kept for the process
    def late(self, text: str) -> bool:
        """Whether the text states a time limit and a sentence gives two days further apart than it: the event
        and what followed it late ("incident of 2025-07-02 … notified on 2025-07-09" against "within 24 h").
        Two days joined only by a range word or a comma ("2025-02-01 to 2025-02-28") are a period, not an
        event and its follow-up."""
        days = self.limit_days(text)
        if days is None:
            return False
        for sentence in _SENTENCE_END.split(text):
            found = full_dates(sentence)
            for (first, end, day1), (start, _, day2) in zip(found, found[1:]):
                between = sentence[end:start].strip(" ,;()[]").lower()
                if self._range.fullmatch(between):
                    continue
                if (day2 - day1).days > days:
                    return True
        return False


    @lru_cache(maxsize=1024)  # noqa: B019 - one Reading per rule set, kept for the process
    def past_due(self, text: str) -> bool:
        """Whether the text gives a due date and a later date of something else: used, done or seen after it was
        due ("calibration label due 04/2025 … used on 22/09/25"). A date that is itself due is no such later date."""
        if self._due is None:
            return False
        lower = text.lower()
        dates = all_dates(text)
        due = [self._due.search(lower, max(0, start - 60), start) is not None for start, _, _, _ in dates]
        ends = [last for (_, _, _, last), is_due in zip(dates, due) if is_due]
        if not ends:
            return False
        deadline = min(ends)
        return any(first > deadline for (_, _, first, _), is_due in zip(dates, due) if not is_due)

    @lru_cache(maxsize=1024)  # noqa: B019 - one Reading per rule set, kept for the process
    def due_passed(self, text: str, audit_dates: tuple[str, ...]) -> bool:
        """Whether a sentence gives only due dates, all of which ended before the audit began: what a label or a
        register shows as due and not yet done ("stickers on 2 of 6 gauges show due dates of 2026-06" in an audit
        of September 2026). A sentence with any other date (when it was done, when it is next due after being
        done) is not read: the due date may have been met."""
        if self._due is None or not audit_dates:
            return False
        try:
            began = min(_dt.date.fromisoformat(d) for d in audit_dates)
        except ValueError:
            return False
        for sentence in _SENTENCE_END.split(text):
            lower = sentence.lower()
            dates = all_dates(sentence)
            if dates and all(self._due.search(lower, max(0, start - 60), start) is not None
                             and last < began for start, _, _, last in dates):
                return True
        return False


@lru_cache(maxsize=8)
def reading(labels: Any) -> Reading:
    """The counts-and-limits patterns of a rule set, built once from the lexicons its labels were built from."""
    return Reading(getattr(labels, "lexicons", {}) or {})


__all__ = ["Reading", "reading"]
