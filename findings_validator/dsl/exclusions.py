"""What a certified scope leaves out, read from its text, and whether a finding names it.

A scope is written as text: "Manufacture of machined components, excluding design", "Collection of refuse and
street cleansing. The operation of leisure centres and the municipal crematorium is excluded." The words that put
an exclusion before what it excludes ("excluding", "except") and after it ("is excluded", "are not included") are
lexicons (``scope_exclusion_before``, ``scope_exclusion_after``), so a language pack supplies its own. What they
exclude is cut into items at commas and ``scope_item_join`` words ("and", "or"); an item's words are compared as the
subject ranker compares them (``catalog.subjects.tokens``: stems, stop words left out), without the generic words
of activities and products (``scope_generic``: "operation", "services", "products") and without any word the
included part of the scope also uses (a scope "to customer design, excluding design" excludes no word).

A cited requirement is excluded by the scope text when the catalog marks it excludable and its title, or a parent's
below the top level, holds every word of an excluded item ("excluding design" and ISO 9001:2015 8.3.4).

A finding names an excluded item *clearly* when its statement holds every word of the item (an item of one word:
among the statement's first two content words, as what it is about, or a proper name written with its capital past
the statement's first word, a place it puts the finding at), or opens with the item's first two words
("Field service technician …" and "Field service at customer sites is not included"), or when the evidence opens
with a label before a colon that names an item of several words by its head and half its words, where the finding
was seen ("Riga office, Brivibas iela 40: …" and "The Riga sales office is not included"); *in part* when the
statement or the evidence holds at least half of them, or the evidence holds them all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ..catalog.subjects import tokens
from .text import alternation, measure

SUBJECT_WORDS = 2
"""The first content words of a statement, where an excluded item named by one word names what it is about."""
# a scope's sentences end at . ; : or a line break; within one, brackets set off asides, which are clauses of their own
_SENTENCE_END = re.compile(r"[.;:\n]+(?:\s|$)|\n")
_BRACKET = re.compile(r"[()\[\]]+")
_PUNCTUATION = ".,;:!?()[]'\"’“”"
# a run of capitalised words (or all-capital ones, "NZ", "AB") joined by spaces or "&": a proper name
_PROPER_RUN = re.compile(r"(?<!\w)[^\W\d_a-z][\w'’.-]*(?:\s+(?:&\s+)?[^\W\d_a-z][\w'’.-]*)+")


LABEL_WORDS = 12
"""The longest label, in words, that opens the evidence before its colon: where the finding was seen."""
_LABEL_END = re.compile(r":\s")
_CAPITALISED = re.compile(r"(?<![\w-])[^\W\d_a-z][^\W\d_]{2,}")


@dataclass(frozen=True, slots=True)
class Excluded:
    """One thing the scope excludes: as written, and its distinctive stems."""

    text: str
    stems: frozenset[str]


class ScopeReading:
    """One language's patterns for the exclusions written in a scope, built from its lexicons."""

    def __init__(self, lexicons: dict[str, tuple[str, ...]]) -> None:
        before = alternation(lexicons.get("scope_exclusion_before", ()))
        after = alternation(lexicons.get("scope_exclusion_after", ()))
        join = alternation(lexicons.get("scope_item_join", ()))
        self._before = re.compile(rf"(?<!\w)(?:{before})(?!\w)", re.IGNORECASE) if before else None
        self._after = re.compile(rf"(?<!\w)(?:{after})(?!\w)", re.IGNORECASE) if after else None
        self._join = re.compile(rf",|/|&|(?<!\w)(?:{join})(?!\w)", re.IGNORECASE) if join else re.compile(r",|/|&")
        self._generic = frozenset(s for p in lexicons.get("scope_generic", ()) for s in tokens(p))
        unit = alternation(lexicons.get("excluded_unit_word", ()))
        self._unit = re.compile(rf"\s+(?:{unit})(?!\w)", re.IGNORECASE) if unit else None
        self._unit_stems = frozenset(s for p in lexicons.get("excluded_unit_word", ()) for s in tokens(p))

    def excluded(self, scope: str, left_out: tuple[str, ...] = ()) -> tuple[Excluded, ...]:
        """The items the scope excludes, each with the stems that name it and that the included part lacks; with the
        parts of the work the audit's exclusions leave out (``left_out``), read as the scope's own."""
        return self._split(scope, left_out)[1]

    def included(self, scope: str) -> str:
        """The scope's text without what it excludes: "Printing of films. Thermoforming at the Elblag plant is not
        included." → "Printing of films" (a place named only in what is left out is no place of the scope)."""
        return self._split(scope)[0]

    @lru_cache(maxsize=256)  # noqa: B019 - one ScopeReading per rule set, kept for the process
    def _split(self, scope: str, left_out: tuple[str, ...] = ()) -> tuple[str, tuple[Excluded, ...]]:
        """(the included text of the scope, the items it excludes and the parts of the work ``left_out``)."""
        reads = bool(scope) and (self._before is not None or self._after is not None)
        if not reads and not left_out:
            return scope, ()
        parts: list[str] = []
        kept: list[str] = []
        for sentence in _SENTENCE_END.split(scope) if reads else ():
            first = len(kept)  # the sentence's clauses kept so far: what a bracket cut off its subject
            for clause in _BRACKET.split(sentence):
                found = self._before.search(clause) if self._before is not None else None
                if found is not None:
                    kept.append(clause[:found.start()])
                    parts.append(clause[found.end():])
                    continue
                found = self._after.search(clause) if self._after is not None else None
                if found is not None:
                    subject = clause[:found.start()]
                    joined = self._join.match(subject.lstrip()) is not None
                    if (not subject.strip() or joined) and len(kept) > first:
                        # "The automotive glass line (Line 5) is not yet included", "The Scottish branch (Glasgow)
                        # and the alarm business are not covered": the words before the bracket, and the bracket's,
                        # are left out too
                        parts.extend(kept[first:])
                        del kept[first:]
                    parts.append(subject)
                    kept.append(clause[found.end():])
                    continue
                kept.append(clause)
        text = " ".join(" ".join(kept).split()) if parts else scope
        included = set(tokens(text))
        items = []
        for part in (*parts, *left_out):
            for item in self._join.split(part):
                stems = frozenset(tokens(item)) - self._generic - included
                if stems:
                    items.append(Excluded(" ".join(item.split()), stems))
        return text, tuple(items)

    def items(self, text: str) -> tuple[Excluded, ...]:
        """A text cut into items at commas and joining words, each with its stems but the generic ones."""
        out = []
        for item in self._join.split(text):
            stems = frozenset(tokens(item)) - self._generic
            if stems:
                out.append(Excluded(" ".join(item.split()), stems))
        return tuple(out)

    def named(self, scope: str, statement: str, evidence: str,
              left_out: tuple[str, ...] = ()) -> tuple[list[str], list[str]]:
        """(the excluded items the statement names clearly, those the statement or evidence names in part)."""
        clear, partly = self._named(scope, statement, evidence, left_out)
        return list(clear), list(partly)

    @lru_cache(maxsize=256)  # noqa: B019 - one ScopeReading per rule set, kept for the process
    def _named(self, scope: str, statement: str, evidence: str,
               left_out: tuple[str, ...] = ()) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """``named``, read once per finding: the scope attributes and FV878's ``headed`` all ask for it."""
        items = self.excluded(scope, left_out)
        if not items:
            return (), ()
        words = tokens(statement)
        said, seen, subject = set(words), set(tokens(evidence)), set(words[:SUBJECT_WORDS])
        clear, partly = [], []
        for item in items:
            # one word names a thing clearly only as what the statement is about ("Chilled products were …"),
            # not in passing ("a superseded customer design drawing")
            if (item.stems <= (said if len(item.stems) > 1 else subject) or _opens_with(words, item)
                    or _named_proper(statement, item) or _names_written(f"{statement}\n{evidence}", item)
                    or _head_named(words, seen, item) or self._head_labels(evidence, item, scope)):
                clear.append(item.text)
            elif item.stems <= seen or 2 * max(len(item.stems & said), len(item.stems & seen)) >= len(item.stems):
                partly.append(item.text)
        return tuple(clear), tuple(partly)

    def headed(self, scope: str, statement: str, evidence: str, left_out: tuple[str, ...] = ()) -> list[str]:
        """The excluded items the finding names only in part (``named``) whose head, their first word that is not
        generic, the statement names: "the decoration line" where the scope leaves out "decoration (organic screen
        printing of bottles)", "at the research station" where "variety breeding and research" are not included."""
        partly = set(self._named(scope, statement, evidence, left_out)[1])
        words = set(tokens(statement))
        return [item.text for item in self.excluded(scope, left_out)
                if item.text in partly and _head(item) in words
                and (len(item.stems) > 1 or self._as_unit(item, statement))]

    def _head_labels(self, evidence: str, item: Excluded, scope: str) -> bool:
        """Whether the evidence opens with a label, a short run of words before a colon, that names an excluded item
        of several words by its head and at least half of its words: the place or unit where the finding was seen
        ("Riga office, Brivibas iela 40: …" where "The Riga sales office is not included"; "Member orchard, Te Ore
        Ore Road block: …" where "Orchard operations on members' own properties are not within the scope"). An item
        of one word names an activity as often as a place ("Design office: …" where design is excluded); a head that
        is a word for a unit of work names any ("Project 2231: …" where "Projects of the subsidiary" are excluded;
        ``excluded_unit_word``); a label that names a record by its code is what was read, not where ("Design office
        issue log DIL-26: …"), and one that names a place of the included scope is that place ("Leavers from Riga
        and Vilnius: …" where the scope is the Vilnius office)."""
        end = _LABEL_END.search(evidence)
        if end is None or len(item.stems) < 2:
            return False
        written = evidence[:end.start()]
        label = set(tokens(written))
        head = _head(item)
        if not (0 < len(label) <= LABEL_WORDS and head is not None and head not in self._unit_stems and head in label
                and 2 * len(item.stems & label) >= len(item.stems)) or measure(written, "identifiers") > 0:
            return False
        included = {w.lower() for w in _CAPITALISED.findall(self.included(scope))}
        return not any(w.lower() in included for w in _CAPITALISED.findall(written))

    def _as_unit(self, item: Excluded, statement: str) -> bool:
        """Whether the statement writes an excluded item of one word before a word that makes it a unit or place of
        work (``excluded_unit_word``: "the decoration line", "the research station"), not in passing ("a customer
        design drawing" where design is excluded)."""
        head = _head(item)
        if self._unit is None or head is None:
            return False
        # the statement's words whose stem is the item's head, each followed by a unit word
        return any(tokens(m.group(0)) == (head,) and self._unit.match(statement, m.end())
                   for m in re.finditer(r"[^\W\d_][\w'-]*", statement))


def _head(item: Excluded) -> str | None:
    """An excluded item's first word that is not generic."""
    return next((word for word in tokens(item.text) if word in item.stems), None)


def _head_named(words: tuple[str, ...] | list[str], seen: set[str], item: Excluded) -> bool:
    """Whether the statement names the head of an excluded item of several words (its first word that is not
    generic) and the statement and evidence together name all of it: "Balance used in the compounding room is not
    verified", with "38 magistral ointments prepared" in the evidence, where the scope excludes "the compounding of
    magistral preparations"."""
    return len(item.stems) > 1 and _head(item) in words and item.stems <= set(words) | seen


def _named_proper(statement: str, item: Excluded) -> bool:
    """Whether an item of one word is a proper name the statement writes with its capital past its first word, as a
    place it puts the finding at: "the Castlebar shop" and "shops in Ballina and Castlebar are not included"."""
    word = item.text.strip()
    if len(item.stems) != 1 or " " in word or not word[:1].isupper() or not word[1:].islower():
        return False
    return word in (w.strip(_PUNCTUATION) for w in statement.split()[1:])


def _names_written(text: str, item: Excluded) -> bool:
    """Whether the text writes out a name of two capitalised words or more that the item holds ("Nordvind Service AB"
    in "The Swedish subsidiary Nordvind Service AB is not covered"): a company or place named as the scope names it."""
    names = []
    for run in _PROPER_RUN.finditer(item.text.strip()):
        words = run.group(0).split()
        if run.start() == 0:  # the capital that opens the sentence is no part of a name ("The Swedish …")
            words = words[1:]
        if len(words) >= 2:
            names.append(" ".join(words))
    return any(re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text) for name in names)


def _opens_with(words: tuple[str, ...] | list[str], item: Excluded) -> bool:
    """Whether a statement opens with the words an excluded item opens with, as what it is about: "Field service
    technician replaced seals …" and "Field service at customer sites is not included" (the first two content
    words, generic ones included, are the item's first two)."""
    opening = tokens(item.text)[:SUBJECT_WORDS]
    return len(opening) == SUBJECT_WORDS and tuple(words[:SUBJECT_WORDS]) == tuple(opening) \
        and bool(item.stems & set(opening))


def included_scope(context: Any) -> str:
    """For a finding's context: the audit's scope text without what it excludes."""
    scope = getattr(context.audit, "scope", "") or ""
    if not scope or getattr(context, "labels", None) is None:
        return scope
    return scope_reading(context.labels).included(scope)


def left_out(audit: Any) -> tuple[str, ...]:
    """The parts of the work the audit's exclusions leave out of the scope, where they name no requirement
    ("Rendering and animal by-product processing (carried out by the sister company)"; ``excluded_activity``)."""
    return _left_out(tuple(getattr(audit, "exclusions", None) or ()))


@lru_cache(maxsize=64)
def _left_out(exclusions: tuple[str, ...]) -> tuple[str, ...]:
    """``left_out``, read once per audit: every finding of a report asks for it, three times."""
    from ..citations.parser import excluded_activity

    return tuple(a for text in exclusions if (a := excluded_activity(text)))


def excluded_named(context: Any) -> tuple[list[str], list[str]]:
    """For a finding's context: (the scope's exclusions its statement names clearly, those named in part)."""
    scope, activities = getattr(context.audit, "scope", "") or "", left_out(context.audit)
    if not (scope or activities) or context.labels is None:
        return [], []
    return scope_reading(context.labels).named(scope, *context.parts, left_out=activities)


def excluded_headed(context: Any) -> list[str]:
    """For a finding's context: the scope's exclusions it names in part, their head in its statement."""
    scope, activities = getattr(context.audit, "scope", "") or "", left_out(context.audit)
    if not (scope or activities) or context.labels is None:
        return []
    return scope_reading(context.labels).headed(scope, *context.parts, left_out=activities)


def excluded_clauses(context: Any) -> list[str]:
    """For a finding's context: the cited requirements that the catalog marks excludable and whose title, or the
    title of a parent below the top level, holds every word of an item the scope text excludes ("excluding design"
    → ISO 9001:2015 8.3.4 Design and development controls)."""
    scope, activities = getattr(context.audit, "scope", "") or "", left_out(context.audit)
    if not (scope or activities) or context.labels is None:
        return []
    items = scope_reading(context.labels).excluded(scope, activities)
    if not items:
        return []
    catalogs, out = context.catalogs, []
    for resolution in context.resolutions:
        for key in resolution.clauses:  # an excluded citation too: the scope text names why
            clause = catalogs.clause(key)
            if clause is None or not clause.excludable:
                continue
            line = [clause, *(catalogs.clause(k) for k in catalogs.ancestors(key)[:-1])]
            stems = set(tokens(" ".join(c.title or "" for c in line if c is not None)))
            out += [f"{clause.label} ({item.text})" for item in items if item.stems <= stems]
    return list(dict.fromkeys(out))


@lru_cache(maxsize=8)
def scope_reading(labels: Any) -> ScopeReading:
    """The scope patterns of a rule set, built once from the lexicons its labels were built from."""
    return ScopeReading(getattr(labels, "lexicons", {}) or {})


DECLARED_SUBJECT_WORDS = 3
"""The first content words of a statement that must hold every word of a declared exclusion's item."""


def declared_named(context: Any) -> tuple[list[str], list[str]]:
    """For a finding's context: (the requirements the audit declares not applicable whose subject the statement
    names clearly, those it may name). A requirement's title is cut into items as a scope's exclusions are ("Design
    and development of products and services" → design; development), without the generic words of activities. An
    item of several words that the statement's first content words hold, where the subject ranker also ranks a
    requirement of the excluded clause first, is named clearly ("Physical security monitoring of the office is not
    done" where A.7.4 is excluded); an item of one word that opens the statement ("Design reviews were not
    recorded") only maybe: "Design drawings in use were superseded" is about documents of a customer's design."""
    exclusions = tuple(getattr(context.audit, "exclusions", None) or ())
    if not exclusions or context.labels is None:
        return [], []
    from ..catalog.subjects import rank

    words = tokens(context.parts[0])
    top = ""
    clear: list[str] = []
    partly: list[str] = []
    for family, label, item in _declared_items(exclusions, tuple(context.editions), context.catalogs,
                                               scope_reading(context.labels)):
        several = len(item.stems) > 1
        if not item.stems <= set(words[:DECLARED_SUBJECT_WORDS] if several else words[:1]):
            continue
        if not top:
            top = next((k for k, _ in rank(context.catalogs, context.editions, context.parts[0]).ranked()), "-")
        named = f"{item.text} ({label}, declared not applicable)"
        ranked_first = top == family or top.startswith(f"{family}.")
        (clear if several and ranked_first else partly).append(named)
    return list(dict.fromkeys(clear)), list(dict.fromkeys(partly))


@lru_cache(maxsize=64)
def _declared_items(exclusions: tuple[str, ...], editions: tuple[str, ...], catalogs: Any,
                    reading: ScopeReading) -> tuple[tuple[str, str, Excluded], ...]:
    """Once per audit: (clause key, clause label, item) for each item of the title of each excludable requirement
    the audit declares not applicable."""
    from ..citations.parser import parse_exclusion
    from ..errors import CitationSyntaxError

    out: list[tuple[str, str, Excluded]] = []
    for text in exclusions:
        try:
            citations = parse_exclusion(text)
        except CitationSyntaxError:
            continue
        for citation in citations:
            for key in editions:
                edition = catalogs.editions[key]
                clause = next((edition.clauses[c] for c in (citation.clause, f"A.{citation.clause}")
                               if c in edition.clauses), None)
                if clause is None or not clause.excludable or not clause.title:
                    continue
                out += [(f"{key}/{clause.id}", clause.label, item) for item in reading.items(clause.title)]
    return tuple(out)

__all__ = ["Excluded", "ScopeReading", "declared_named", "excluded_clauses", "excluded_headed", "excluded_named",
           "left_out", "scope_reading"]
