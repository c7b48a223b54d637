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

from .text import (
    _intervals_data,
    all_dates,
    alternation,
    audit_span,
    full_count,
    full_dates,
    part_of_identifier,
    split_sentences,
)

# a date this many days or more before a due date is the last time the thing was done, a cycle before; a date
# closer to it may be when it was done again, on time
_CYCLE_MARGIN_DAYS = 31


class Reading:
    """One language's patterns for counts and time limits, built from its lexicons."""

    def __init__(self, lexicons: dict[str, tuple[str, ...]]) -> None:
        # a sentence that reports a whole group as it should be ("All three lessons have closed actions"): a word
        # for all of them, and no sign of a departure nor a word that makes an exception
        universal = alternation(lexicons.get("universal_word", ()))
        # (a document's demand of all of them is no report: "PR-07 says all accidents are investigated")
        spoilers = alternation((*lexicons.get("negation", ()), *lexicons.get("universal_exception", ()),
                                *lexicons.get("requirement_verb", ()), *lexicons.get("requirement_setting", ())))
        self._universal = re.compile(rf"(?<![\w-])(?:{universal})(?![\w-])", re.IGNORECASE) if universal else None
        self._spoiler = re.compile(rf"(?<![\w-])(?:{spoilers})(?![\w-])", re.IGNORECASE) if spoilers else None
        data = _intervals_data()
        self.numbers = {str(k).lower(): int(v) for k, v in data.get("numbers", {}).items()}
        # a word for all before a count ("all three"), which may point back to a group an earlier sentence counted
        # as departing ("three files lacked the check"); and a sign of a departure
        counts = "|".join([r"\d{1,4}", *(re.escape(w) for w in sorted(self.numbers, key=len, reverse=True))])
        self._count = re.compile(rf"(?<![\w-])({counts})(?![\w-])")
        self._all_count = (re.compile(rf"(?<![\w-])(?:{universal})\s+({counts})(?![\w-])(?!\s+of\b)")
                           if universal else None)
        departure = alternation(lexicons.get("breach", ()))
        self._departure = re.compile(rf"(?<![\w-])(?:{departure})(?![\w-])") if departure else None
        denied = alternation((*lexicons.get("defect_denied", ()), *lexicons.get("not_breach", ())))
        self._denied = re.compile(rf"(?<![\w-])(?:{denied})(?![\w-])") if denied else None
        self.units = {str(k).lower(): float(v) for k, v in data.get("limit_units", {}).items()}
        self.working = {str(k).lower() for k in data.get("working_day_units", ())}
        joins = sorted({str(w).lower() for w in data.get("range_words", ())}, key=len, reverse=True)
        self._range = re.compile("|".join(["", *map(re.escape, joins)]))
        # a comparison sign before a figure, read as the first phrase of the lexicon it stands for ("≤24h" → "no
        # more than 24h"): comparison_signs in intervals.yaml
        self._signs = {str(sign): f" {lexicons[name][0]} " for sign, name in data.get("comparison_signs", {}).items()
                       if lexicons.get(name)}
        # and words that state a figure without one ("on the same day" → "on the 1 day"): figure_words
        self._signs.update({str(words).lower(): str(figure) for words, figure in data.get("figure_words", {}).items()})
        self._sign = (re.compile("|".join((r"(?<!\w)" if k[0].isalnum() else "") + re.escape(k)
                                          + (r"(?!\w)" if k[-1].isalnum() else "")
                                          for k in sorted(self._signs, key=len, reverse=True)))
                      if self._signs else None)
        count = r"(\d{1,4}" + "".join(f"|{re.escape(w)}" for w in sorted(self.numbers, key=len, reverse=True)) + ")"
        minimum, held = alternation(lexicons.get("minimum", ())), alternation(lexicons.get("held", ()))
        limit = alternation(lexicons.get("time_limit", ()))
        # what was done right before a time limit reports it kept, unless a word of obligation comes before it
        self._limit_kept = {w.lower() for w in lexicons.get("limit_kept", ())}
        self._limit_obligation = {w.lower() for p in lexicons.get("limit_obligation", ()) for w in p.split()}
        # a thing still open since a date ("open since scan of 2026-05-02"): up to three words, then the date
        since = alternation(lexicons.get("open_since", ()))
        self._open_since = (re.compile(rf"(?<![\w-])(?:{since})(?:\s+[\w-]+){{0,3}}?[\s:(,-]+$", re.IGNORECASE)
                            if since else None)
        due = alternation(lexicons.get("due", ()))
        # a due word, up to two words (or a colon), then the date: "due 04/2025", "calibration due date: 2025-09-10"
        self._due = re.compile(rf"(?<!\w)(?:{due})(?:[\s:,-]+\w+){{0,2}}?[\s:,-]+$") if due else None
        # a due date moved to a later one ("the review due in October had been moved to 2026-11-20"): the later
        # date is due too, not something done after the first
        moved = alternation(lexicons.get("rescheduled_to", ()))
        self._moved = re.compile(rf"(?<!\w)(?:{moved})[\s:,-]+$") if moved else None
        unit = "|".join(re.escape(u) for u in sorted(self.units, key=len, reverse=True))
        self._minimum = re.compile(rf"(?<!\w)(?:{minimum})\s+{count}(?!\w)") if minimum else None
        self._held = re.compile(rf"(?<!\w)(?:{held})\s+{count}(?!\w)") if held else None
        self._limit = (re.compile(rf"(?<!\w)(?:{limit})\s+{count}[\s-]*({unit})(?!\w)")
                       if limit and unit else None)
        # a figure set against a stated figure: a period something was kept for ("kept for 14 days"), an interval
        # it was done at ("every 6 months"), and the figure a document's verb states ("PS-03 requires 30")
        self.spans = {**{str(k).lower(): float(v) for k, v in data.get("units", {}).items()}, **self.units}
        span = "|".join(re.escape(u) for u in sorted(self.spans, key=len, reverse=True))
        kept, every = alternation(lexicons.get("kept_for", ())), alternation(lexicons.get("interval_every", ()))
        demand = alternation((*lexicons.get("requirement_verb", ()), *lexicons.get("figure_demand", ())))
        figure = rf"{count}(?:[\s-]*({span}))?(?!\w)"
        self._kept = re.compile(rf"(?<!\w)(?:{kept})\s+{figure}") if kept and span else None
        # how long something stayed open, a period that breaches by running longer than the stated one ("open for
        # 95 days", "outstanding > 90 days" against "VM-01 sets 30 days")
        # (a range counts by its lower end: "acknowledged after 6 to 11 business days" ran at least 6)
        stayed = alternation(lexicons.get("open_for", ()))
        ranged = rf"{count}(?:\s*(?:{'|'.join(map(re.escape, joins))})\s*\d{{1,4}})?(?:[\s-]*({span}))?(?!\w)"
        self._open = re.compile(rf"(?<!\w)(?:{stayed})\s+{ranged}") if stayed and span else None
        # how long after an event something was done, the unit written ("disabled 5 to 19 days after the last
        # working day"), which breaches by running longer like a period left open
        later = alternation(lexicons.get("delay_after", ()))
        delayed = rf"{count}(?:\s*(?:{'|'.join(map(re.escape, joins))})\s*\d{{1,4}})?[\s-]*({span})"
        self._after = re.compile(rf"(?<!\w){delayed}\s+(?:{later})(?!\w)") if later and span else None
        # how long ago something was last done ("the last reviews were 124, 139 and 161 days old", "last tested 14
        # months ago"), which breaches by running longer than the interval at which it is to be done
        elapsed = alternation(lexicons.get("elapsed_since", ()))
        self._elapsed = re.compile(rf"(?<!\w){delayed}\s+(?:{elapsed})(?!\w)") if elapsed and span else None
        # an interval may leave out a count of one ("every year", "each month")
        self._every = (re.compile(rf"(?<!\w)(?:{every})\s+(?:{count}[\s-]*)?({span})(?!\w)")
                       if every and span else None)
        # the demand's verb, up to six words, then its figure ("requires retention for at least 30 days")
        # a figure with no unit only where the clause ends with it ("while PS-03 requires 30"), not "requires 2 signatures"
        bare = rf"{count}(?:[\s-]*({span})(?!\w)|(?=\s*(?:[,;:)]|\.(?!\d)|$)))"
        words = r"(?:\s+[^\s\d.;,]+){0,6}?\s+"
        self._demand = re.compile(rf"(?<!\w)(?:{demand}){words}{bare}") if demand and span else None
        # a share a document's verb states, right after it or after a word of its direction ("ISP-02 requires 100 %
        # completion", "requires at least 95 %", "sets no more than 2 %"), and the shares found beside it
        least, most = alternation(lexicons.get("minimum", ())), alternation(lexicons.get("maximum", ()))
        direction = "|".join(f"(?P<{name}>{words_of})" for name, words_of in (("least", least), ("most", most))
                             if words_of)
        share = r"(\d{1,3}(?:[.,]\d+)?)\s*(?:%|per\s*cent|percent)"
        self._share = re.compile(share)
        self._demand_share = (re.compile(rf"(?<!\w)(?:{demand})\s+(?:(?:{direction})\s+)?{share}")
                              if demand else None)
        # a measured value and the least or most allowed in the same unit, the direction written right before the
        # allowed figure ("spec no more than 10 ppm") or right after it and its unit ("12.5 g/dl minimum"); a
        # figure the text names an objective or target ("target at least 98 %") is the organisation's aim, not read
        measured = r"(\d+(?:[.,]\d+)*)\s*((?:°\s?)?[^\W\d_][\w/°µ]*(?:\.(?=\w))?[\w/°µ]*|%)"
        value = rf"(?<![\w.,/:-]){measured}"
        bounds = [(rf"(?<!\w)(?:{alternation(lexicons.get(name, ()))})\s*{value}", kind)
                  for name, kind in (("measure_least", "least"), ("measure_most", "most")) if lexicons.get(name)]
        bounds += [(rf"{value}\s+(?:{alternation(lexicons.get(name, ()))})(?!\w)", kind)
                   for name, kind in (("measure_least_after", "least"), ("measure_most_after", "most"))
                   if lexicons.get(name)]
        self._bounds = [(re.compile(pattern), kind) for pattern, kind in bounds]
        # a range allowed, named by a word before it ("specification 180–220 cP"): its two figures, the unit after
        # the second (a range found, "690–710 °C", has no such word and is read as values)
        # (the words that join its figures are the range words of intervals.yaml)
        ranged, between = alternation(lexicons.get("measure_range", ())), "|".join(map(re.escape, joins))
        self._range_bound = (re.compile(rf"(?<!\w)(?:{ranged})\s*(\d+(?:[.,]\d+)*)\s*(?:{between})\s*{measured}")
                             if ranged and between else None)
        # ... or by a document's verb a few words before it ("SOP-WH-04 requires storage between 15 and 30 °C",
        # "at 0–6 °C"): joined by a range word that joins no list, or by any after a word that opens a range
        # (intervals.yaml range_list_words, range_opening); not a list ("1 or 2 operators")
        listing = {str(w).lower() for w in data.get("range_list_words", ())}
        spans = "|".join(map(re.escape, [w for w in joins if w not in listing]))
        opening = "|".join(map(re.escape, (str(w).lower() for w in data.get("range_opening", ()))))
        lead = rf"(?<!\w)(?:{demand})(?:\s+[^\s\d.;,]+){{0,3}}?\s+"
        self._demand_range = (re.compile(rf"{lead}(\d+(?:[.,]\d+)*)\s*(?:{spans})\s*{measured}")
                              if demand and spans else None)
        self._between_range = (re.compile(rf"{lead}(?:{opening})\s+(\d+(?:[.,]\d+)*)\s*(?:{between})\s*{measured}")
                               if demand and opening and between else None)
        self._value = re.compile(value)
        self._not_units = {str(w).lower() for w in data.get("not_units", ())}
        aims = alternation(lexicons.get("own_result", ()))
        self._aim = re.compile(rf"(?<!\w)(?:{aims})(?!\w)") if aims else None
        # a share named as a threshold right after it ("CAP-01 sets 85 % as the threshold for a capacity action")
        # is a trigger for action, not the figure asked for
        trigger = alternation(lexicons.get("threshold_word", ()))
        self._threshold_after = re.compile(rf"\s*(?:{trigger})(?!\w)") if trigger else None
        # or the interval itself, its count of one left out ("MP-02 defines it every year"), further from the verb
        # than a bare figure may be ("requires that each care plan is reviewed at least every 90 days")
        far = r"(?:\s+[^\s\d.;,]+){0,10}?\s+"
        self._demand_every = (re.compile(rf"(?<!\w)(?:{demand}){far}(?:{every})\s+(?:{count}[\s-]*)?({span})(?!\w)")
                              if demand and every and span else None)

    def count(self, word: str) -> int:
        return int(word) if word.isdigit() else self.numbers[word]

    def plain(self, text: str) -> str:
        """The text in lower case, its comparison signs written as words ("requires ≤24h" → "requires no more than
        24h") and the words that state a figure as the figure ("requires disabling on the same day" → "… on the 1
        day")."""
        lower = text.lower()
        if self._sign is None or not any(key in lower for key in self._signs):
            return lower
        return self._sign.sub(lambda m: self._signs[m.group(0)], lower)

    @lru_cache(maxsize=1024)  # noqa: B019 - one Reading per rule set, kept for the process
    def below_minimum(self, text: str) -> bool:
        """Whether a sentence states a minimum ("at least 2 per shift") and it or the sentence next to it a smaller
        count held ("had one")."""
        if self._minimum is None or self._held is None:
            return False
        counted = []  # per sentence: (the minima it states, the counts it holds)
        for sentence in split_sentences(text):
            sentence = self.plain(sentence)
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
        """The shortest time limit the text states ("within 24 h" → 1, "within 5 working days" → 9), in days; not
        one the text reports as kept, right after what was done (``limit_kept``: "client notified within 24h as
        contract"), unless a word of obligation comes just before that (``limit_obligation``: "to be notified within
        24 h")."""
        if self._limit is None:
            return None
        found = []
        plain = self.plain(text)
        for m in self._limit.finditer(plain):
            before = plain[max(0, m.start() - 40):m.start()].split()
            if before and before[-1] in self._limit_kept and not self._limit_obligation & set(before[-4:-1]):
                continue
            n, unit = self.count(m.group(1)), m.group(2)
            days = n * self.units[unit]
            if unit in self.working:  # weekends (and a holiday) fall between working days
                days = math.ceil(n * 7 / 5) + 2
            found.append(days)
        return min(found) if found else None

    @lru_cache(maxsize=1024)  # noqa: B019 - one Reading per rule set, kept for the process
    def late(self, text: str) -> bool:
        """Whether the text states a time limit and a sentence gives two days further apart than it: the event
        and what followed it late ("incident of 2025-07-02 … notified on 2025-07-09" against "within 24 h"), in
        either order ("scan of 2026-01-05: 7 critical vulnerabilities open since 2025-11-18" against "within 15 days").
        Two days joined only by a range word or a comma ("2025-02-01 to 2025-02-28") are a period, not an
        event and its follow-up; two days in one bracket ("two complaints (2025-11-12 noise, 2026-02-09 odour)")
        are a list of events."""
        days = self.limit_days(text)
        if days is None:
            return False
        for sentence in split_sentences(text):
            found = full_dates(sentence)
            for (first, end, day1), (start, _, day2) in zip(found, found[1:]):
                between = sentence[end:start].strip(" ,;()[]").lower()
                if self._range.fullmatch(between) or _one_bracket(sentence, first, start):
                    continue
                if abs((day2 - day1).days) > days:
                    return True
        return False

    def _spans(self, pattern: re.Pattern[str] | None, sentence: str) -> list[tuple[int, int, int, float]]:
        """The figures a pattern finds: (start, end, count, days per unit, 0 where no unit is written)."""
        if pattern is None:
            return []
        return [(m.start(), m.end(), self.count(m.group(1)) if m.group(1) else 1,
                 self.spans[m.group(2)] if m.group(2) else 0.0) for m in pattern.finditer(sentence)]

    def open_past_limit(self, text: str, audit_dates: tuple[str, ...] = ()) -> bool:
        """Whether the text states a time limit and a sentence says something is still open since a date (lexicon
        ``open_since``: "4 critical CVEs open since scan of 2026-05-02") longer before the audit's first day than
        the limit allows ("ISP-VM-01 requires critical patches within 15 days"). Without the audit's dates nothing
        is read: a later date of the text may be a plan, not when the thing was seen open."""
        span = audit_span(audit_dates)
        if self._open_since is None or span is None:
            return False
        days = self.limit_days(text)
        if days is None:
            return False
        latest = span[0]
        for sentence in split_sentences(text):
            for start, _, day in full_dates(sentence):
                if self._open_since.search(sentence[max(0, start - 60):start]) and (latest - day).days > days:
                    return True
        return False

    @lru_cache(maxsize=1024)  # noqa: B019 - one Reading per rule set, kept for the process
    def all_conformed(self, text: str) -> bool:
        """Whether a sentence of the text reports every one of a group as it should be: it holds a word for all of
        them (``universal_word``: "All three lessons have closed actions", "each event is discussed with the
        driver") or counts a whole sample ("completed for 6 of 6 systems"), and holds no sign of a departure
        (``negation``), no word that makes an exception (``universal_exception``: "all but one") and no document's
        demand (``requirement_verb``, ``requirement_setting``). A word for all before a count ("All three were
        treating patients") after a sentence that counts as many departing ("three files lacked the check"), not as
        all of a group, points back to those that departed and reports no conformity."""
        if self._universal is None:
            return False
        sentences = split_sentences(text)
        for at, sentence in enumerate(sentences):
            if not (self._universal.search(sentence) or full_count(sentence)) or (
                    self._spoiler and self._spoiler.search(sentence)):
                continue
            if not self._points_back(sentence, sentences[:at]):
                return True
        return False

    def _points_back(self, sentence: str, earlier: tuple[str, ...] | list[str]) -> bool:
        """Whether a word for all before a count in the sentence ("all three"; not "every one of") repeats the
        count of an earlier sentence whose departure (``breach``) follows that count closely ("three (H-04, H-06,
        H-07) lacked evidence"), where no word for all stands before the count and the sentence denies no defect
        (``defect_denied``, ``not_breach``)."""
        if self._all_count is None or self._departure is None:
            return False
        counted = {self._number(m.group(1)) for m in self._all_count.finditer(sentence.lower())} - {None}
        for before in (b.lower() for b in earlier):
            if not counted or (self._denied is not None and self._denied.search(before)):
                continue
            for m in self._count.finditer(before):
                if (self._number(m.group(1)) in counted
                        and not any(a.end() == m.end() for a in self._all_count.finditer(before))
                        and self._departure.search(before, m.end(), m.end() + 60)):
                    return True
        return False

    def _number(self, word: str) -> int | None:
        """A count written in figures or in words, or None for a word the numbers do not list."""
        return int(word) if word.isdigit() else self.numbers.get(word)

    @lru_cache(maxsize=1024)  # noqa: B019 - one Reading per rule set, kept for the process
    def figure_short(self, text: str) -> bool:
        """Whether a sentence sets the figure of what was found against a different figure a document's verb
        states, the found one falling short: a period kept shorter than the stated one ("footage is kept for 14
        days, while PS-03 requires 30 days"), an interval longer ("tested every 6 months; RM-02 requires it every
        3 months"), a period left open longer ("4 critical vulnerabilities open > 90 days; VM-01 sets 30 days") or a
        step taken longer after its event ("disabled 5 to 19 days after the last working day; IAM-03 requires it within
        1 day"), or the time since it was last done longer than the interval asked ("the last reviews were 161 days
        old"; CP-12 requires a review every 90 days). A figure with no unit takes the unit of the one set against it; a
        longer period kept, or a shorter interval or period left open, is more than was asked and no breach."""
        if self._demand is None:
            return False
        lowers = [self.plain(sentence) for sentence in split_sentences(text)]
        # per sentence: the spans of the figures a document's verb states, and those figures (count, days per unit,
        # whether an interval); a found figure is read only in a sentence with a stated one in it or beside it
        demands = [self._spans(self._demand, lower) + self._spans(self._demand_every, lower) for lower in lowers]
        stated = [[(m, per, self._every is not None and self._every.search(lower[a:b]) is not None)
                   for a, b, m, per in demanded] for lower, demanded in zip(lowers, demands)]
        for i, lower in enumerate(lowers):
            near = [f for figures in stated[max(0, i - 1):i + 2] for f in figures]
            if not near:
                continue
            # each found figure with whether it is an interval, and whether running longer than asked is the
            # breach (an interval, a period left open, a step taken after its event) or running shorter (a period
            # kept)
            found = [(n, unit, pattern is self._every or pattern is self._elapsed, pattern is not self._kept)
                     for pattern in (self._kept, self._every, self._open, self._after, self._elapsed)
                     for at, _, n, unit in self._spans(pattern, lower)
                     if unit and not any(x <= at < y for x, y, _, _ in demands[i])]
            for n, unit, interval, longer_breaches in found:
                for m, per, stated_interval in near:
                    if interval != stated_interval:
                        continue
                    held, asked = n * unit, m * (per or unit)
                    if (held > asked) if longer_breaches else (held < asked):
                        return True
        return self.share_short(text) or self.measure_short(text)

    def _threshold(self, lower: str, end: int) -> bool:
        """Whether the share a document's verb states, ending at ``end``, is named a threshold right after it."""
        return self._threshold_after is not None and self._threshold_after.match(lower, end) is not None

    def share_short(self, text: str) -> bool:
        """Whether a sentence sets a share found against the share a document's verb states, falling short of it:
        "completion is 81 % … ISP-02 requires 100 % completion", or above what it allows ("scrap 6 %; WI-04 sets no
        more than 2 %"). A share the document states with other words between its verb and the figure ("requires
        suppliers below 90 % to be re-evaluated"), or names a threshold right after it ("sets 85 % as the threshold
        for a capacity action", ``threshold_word``), is a trigger, not the figure asked, and is not read."""
        if self._demand_share is None:
            return False
        for sentence in split_sentences(text):
            lower = self.plain(sentence)
            demands = list(self._demand_share.finditer(lower))
            stated = [(m.start(), m.end(), float(m.group(m.lastindex or 0).replace(",", ".")),
                       bool(m.groupdict().get("most"))) for m in demands if not self._threshold(lower, m.end())]
            if not stated:
                continue
            found = [float(m.group(1).replace(",", ".")) for m in self._share.finditer(lower)
                     if not any(d.start() <= m.start() < d.end() for d in demands)]
            if any((held > asked) if most else (held < asked) for held in found for _, _, asked, most in stated):
                return True
        return False

    def _unit(self, unit: str) -> str | None:
        """A unit as compared: lower case, without spaces or a closing dot, singular; None for a word that follows a
        figure without being its unit ("per", "of")."""
        unit = unit.replace(" ", "").rstrip(".")
        if unit in self._not_units:
            return None
        return unit[:-1] if len(unit) > 3 and unit.endswith("s") and unit.isalpha() else unit

    def measure_short(self, text: str) -> bool:
        """Whether a sentence sets a measured value against the least or most allowed in the same unit, stated in it
        or in the sentence right before it, beyond it:
        "Fe 14 ppm against spec ≤10 ppm", "0.45 m from crest, freeboard minimum 0.50 m", "haemoglobin 11.8 and 12.1
        g/dL, below 12.5 g/dL minimum". The direction is a word right before the allowed figure (``measure_least``,
        ``measure_most``) or right after it and its unit (``measure_least_after``, ``measure_most_after``), or a range
        named by a word before it (``measure_range``: "specification 180–220 cP"); a limit the sentence names an
        objective or target (``own_result``) is an aim, and is not read."""
        if not self._bounds:
            return False
        lowers = [self.plain(sentence) for sentence in split_sentences(text)]
        bounds = [self._stated_bounds(lower) for lower in lowers]
        for i, lower in enumerate(lowers):
            # a limit of the sentence itself, or of the sentence right before it ("Permit condition 3.2: limit
            # 10 mg/Nm³. The stack test of 2026-05-14 gives 12.4 mg/Nm³.")
            if self._aim is not None and self._aim.search(lower):
                continue
            # the sentence before lends its limits in the units this sentence sets none of its own
            own = {b[3] for b in bounds[i]}
            stated = bounds[i] + ([(-1, -1, *b[2:]) for b in bounds[i - 1] if b[3] not in own] if i else [])
            if not stated:
                continue
            for m in self._value.finditer(lower):
                unit = self._unit(m.group(2))
                if not unit or any(a <= m.start() < b for a, b, _, _, _ in stated):
                    continue
                held = _amount(m.group(1))
                if any(unit == u and ((held < limit) if kind == "least" else (held > limit))
                       for _, _, limit, u, kind in stated):
                    return True
        return False

    def _stated_bounds(self, lower: str) -> list[tuple[int, int, float, str | None, str]]:
        """The least and most allowed figures a sentence states, with their units: (start, end, figure, unit,
        "least" or "most"); none in a sentence that names an objective or a target (an aim, not a limit)."""
        if self._aim is not None and self._aim.search(lower):
            return []
        stated = [(m.start(), m.end(), _amount(m.group(1)), self._unit(m.group(2)), kind)
                  for pattern, kind in self._bounds for m in pattern.finditer(lower)]
        for pattern in (self._range_bound, self._demand_range, self._between_range):
            for m in pattern.finditer(lower) if pattern is not None else ():
                unit = self._unit(m.group(3))
                stated += [(m.start(), m.end(), _amount(m.group(1)), unit, "least"),
                           (m.start(), m.end(), _amount(m.group(2)), unit, "most")]
        return [s for s in stated if s[3]]

    @lru_cache(maxsize=1024)  # noqa: B019 - one Reading per rule set, kept for the process
    def past_due(self, text: str, audit_dates: tuple[str, ...] = ()) -> bool:
        """Whether the text gives a due date and a later date of something else: used, done or seen after it was
        due ("calibration label due 04/2025 … used on 22/09/25"). A date that is itself due is no such later date, nor
        is the date a due date was moved to (``rescheduled_to``: "moved to 2026-11-20"), and a record's number is no
        date ("plan MÖ-2026", "MR-2026-01"). Given the audit's dates, a date after the audit's last day is a plan,
        nothing done after the due date ("due 2026-04-15 … stage 2 planned May 2026" in an audit of March)."""
        if self._due is None:
            return False
        lower = text.lower()
        dates = [d for d in all_dates(text) if not part_of_identifier(lower, d[0], d[1])]
        due = [self._due.search(lower, max(0, start - 60), start) is not None
               or (self._moved is not None and self._moved.search(lower, max(0, start - 40), start) is not None)
               for start, _, _, _ in dates]
        # the far end of a range of due dates is due too ("all due between 2027-01 and 2027-05")
        for i in range(1, len(dates)):
            if due[i - 1] and not due[i] and self._range.fullmatch(lower[dates[i - 1][1]:dates[i][0]].strip(" ,;()[]")):
                due[i] = True
        ends = [last for (_, _, _, last), is_due in zip(dates, due) if is_due]
        if not ends:
            return False
        deadline = min(ends)
        span = audit_span(audit_dates)
        ended = span[1] if span is not None else None
        return any(first > deadline and (ended is None or first <= ended)
                   for (_, _, first, _), is_due in zip(dates, due) if not is_due)

    @lru_cache(maxsize=1024)  # noqa: B019 - one Reading per rule set, kept for the process
    def due_passed(self, text: str, audit_dates: tuple[str, ...]) -> bool:
        """Whether a sentence gives due dates, all of which ended before the audit began, and no other date but
        the last time the thing was done, a cycle before ("stickers on 2 of 6 gauges show due dates of 2026-06" in
        an audit of September 2026; "calibration certificate 2025-03-10, annual, so due 2026-03-10"). A sentence
        with a date from the month before a due date or later (when it was done again, when it is next due after
        being done) is not read: the due date may have been met."""
        span = audit_span(audit_dates)
        if self._due is None or span is None:
            return False
        began = span[0]
        for sentence in split_sentences(text):
            lower = sentence.lower()
            dates = all_dates(sentence)
            marked = [(self._due.search(lower, max(0, start - 60), start) is not None, first, last)
                      for start, _, first, last in dates]
            dues = [(first, last) for due, first, last in marked if due]
            if not dues or any(last >= began for _, last in dues):
                continue
            earliest = min(first for first, _ in dues)
            others = [last for due, _, last in marked if not due]
            if all(last < earliest - _dt.timedelta(days=_CYCLE_MARGIN_DAYS) for last in others):
                return True
        return False


def _amount(figure: str) -> float:
    """A written figure as a number: "0.45", "0,45" and "0.450" → 0.45; commas that set off groups of three
    ("5,000") and two or more such dots ("1.250.000") separate thousands; otherwise the last separator is the
    decimal one ("5.000,5" → 5000.5)."""
    if re.fullmatch(r"[1-9]\d{0,2}(?:,\d{3})+|[1-9]\d{0,2}(?:\.\d{3}){2,}", figure):
        return float(re.sub(r"\D", "", figure))
    whole, _, decimals = figure.replace(",", ".").rpartition(".")
    return float(f"{whole.replace('.', '')}.{decimals}" if whole else decimals)


def _one_bracket(sentence: str, first: int, second: int) -> bool:
    """Whether two positions of a sentence lie inside the same bracket: opened before the first, not closed
    between them."""
    opened = sentence.rfind("(", 0, first)
    return opened >= 0 and ")" not in sentence[opened:first] and ")" not in sentence[first:second] \
        and "(" not in sentence[first:second]


@lru_cache(maxsize=8)
def reading(labels: Any) -> Reading:
    """The counts-and-limits patterns of a rule set, built once from the lexicons its labels were built from."""
    return Reading(getattr(labels, "lexicons", {}) or {})


__all__ = ["Reading", "reading"]
