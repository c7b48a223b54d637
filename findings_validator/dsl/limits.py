"""Limits a finding states, and whether its own evidence goes beyond them: ``beyond_limit(text)``.

Two kinds, read only where the text states both the limit and what was found:

* a time limit, "within N unit" ("notified within 24 h", "closed within 30 days"), and, in the same sentence or a
  later one, two dates to the day whose gap exceeds it ("incident 2025-07-02 … notified on 2025-07-09");
* a least count, "at least N" ("at least 2 first aiders per shift"), and, in the same sentence (semicolons do not
  end it), only smaller counts found ("had one trained first aider").

Evidence within the limit ("closed within 30 days … raised 2025-03-01, closed 2025-03-20") is no breach. The
phrases and units are data: the ``limits`` section of ``findings_validator/intervals.yaml``.
"""

from __future__ import annotations

import datetime as _dt
import re
from functools import lru_cache
from pathlib import Path

_FILE = Path(__file__).resolve().parent.parent / "intervals.yaml"
_COUNTS = {"no": 0, "none": 0, "zero": 0, "one": 1, "a single": 1, "single": 1, "two": 2, "three": 3, "four": 4,
           "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "twelve": 12}
_COUNT = r"(\d{1,4}|" + "|".join(sorted(_COUNTS, key=len, reverse=True)) + r")"
# dates to the day: 2025-07-02, 02/07/2025, 2 July 2025, July 2, 2025
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_MONTH = r"(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
_DAY = re.compile(rf"\b(?:(\d{{4}})-(\d{{2}})-(\d{{2}})|(\d{{1,2}})[/.](\d{{1,2}})[/.](\d{{4}})"
                  rf"|(\d{{1,2}})\s+{_MONTH}\s+(\d{{4}})|{_MONTH}\s+(\d{{1,2}}),\s+(\d{{4}}))\b")


def _alternatives(phrases: list[str]) -> str:
    return "|".join(r"\s+".join(map(re.escape, p.split())) for p in sorted(phrases, key=len, reverse=True))


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern[str], dict[str, int], re.Pattern[str], re.Pattern[str]]:
    from ..catalog.yamlread import read_data_file  # only when a rule asks about a limit

    data = read_data_file(_FILE)["limits"]
    units = {" ".join(str(k).lower().split()): int(v) for k, v in data["time_units"].items()}
    time = re.compile(rf"\b(?:{_alternatives(data['within'])})\s+{_COUNT}\s*({_alternatives(list(units))})\b")
    least = re.compile(rf"\b(?:{_alternatives(data['minimum'])})\s+{_COUNT}\b")
    found = re.compile(rf"\b(?:{_alternatives(data['observed'])})\s+{_COUNT}\b")
    return time, units, least, found


def _count(word: str) -> int:
    word = " ".join(word.split())
    return int(word) if word.isdigit() else _COUNTS[word]


def _day(m: re.Match[str]) -> _dt.date | None:
    g = m.groups()
    try:
        if g[0]:
            return _dt.date(int(g[0]), int(g[1]), int(g[2]))
        if g[3]:
            return _dt.date(int(g[5]), int(g[4]), int(g[3]))
        if g[6]:
            return _dt.date(int(g[8]), _MONTHS.index(g[7]) + 1, int(g[6]))
        return _dt.date(int(g[11]), _MONTHS.index(g[9]) + 1, int(g[10]))
    except ValueError:
        return None


def _late(parts: tuple[str, ...], time: re.Pattern[str], units: dict[str, int]) -> bool:
    for n, part in enumerate(parts):
        limit = time.search(part)
        if limit is None:
            continue
        hours = _count(limit.group(1)) * units[" ".join(limit.group(2).split())]
        for later in parts[n:]:
            scope = later[limit.end():] if later is part else later
            days = [d for m in _DAY.finditer(scope) if (d := _day(m)) is not None]
            # a sentence with exactly two dates: the event and what followed it; a day-precise date has no hour,
            # so a gap is counted short by one day
            if len(days) == 2 and ((max(days) - min(days)).days - 1) * 24 > hours:
                return True
    return False


def _short(parts: tuple[str, ...], least: re.Pattern[str], found: re.Pattern[str]) -> bool:
    for part in parts:
        wanted = least.search(part)
        if wanted is None:
            continue
        seen = [m for m in found.finditer(part) if not (wanted.start() <= m.start() < wanted.end())]
        if seen and all(_count(m.group(1)) < _count(wanted.group(1)) for m in seen):
            return True
    return False


@lru_cache(maxsize=2048)
def beyond_limit(text: str) -> bool:
    """Whether the text states a time limit or a least count and its own evidence goes beyond it."""
    time, units, least, found = _patterns()
    lower = text.lower()
    whole = tuple(s for s in re.split(r"(?<=[.!?])\s+", lower) if s.strip())  # sentences, semicolons kept inside
    return _late(whole, time, units) or _short(whole, least, found)
