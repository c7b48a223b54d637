"""``TEXT mentions cited LIST``: does a text name something that the finding's cited clauses (or their standard)
do not require? The lists come from the catalogs (``clause_catalogs/not-required/``), not from rule files, so
each finding is matched against its own entries: those of the clauses it cites, their parents and the whole
edition (for a superseded edition's clause, also its successors' and the audited editions'); or, when it cites no
clause that resolves, the whole-edition entries of the standards it names or else of the audited editions.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from ..catalog import Catalogs
from ..catalog.index import NotRequired
from ..citations.types import Status
from .text import _PHRASE_TABLE, part_of_identifier

_SENTENCE_END = re.compile(r"[.;:!?\n](?:\s|$)|[,()]")  # where the words before a phrase stop
_ASIDE = re.compile(r"\([^()]*\)")  # a closed bracket before the phrase is an aside: "neither auditor (B. Tran) holds"
_LABEL = re.compile(r"^\s*(?::|-|\u2013|\u2014)\s*")  # a colon or dash right after the phrase: what follows is said of it
_BRACKET_WORDS = 6  # at most this many words between a bracket that gives examples and the phrase in it
_EXAMPLE_MARK = re.compile(r"(?<!\w)(?:e\.\s?g|i\.\s?e)\.", re.IGNORECASE)  # "e.g.", "i.e.": no sentence end

LISTS = {
    "not_required": "what the cited clauses, or their standard, do not require (catalog entries not marked removed)",
    "removed_requirement": "requirements an earlier edition made and the cited edition removed (entries marked "
                           "removed)",
}
"""The names ``mentions cited`` accepts, and what each holds."""


def entries(ctx: Any, name: str) -> tuple[NotRequired, ...]:
    """The finding's entries of list ``name``, most specific first (cited clause, its parents, the edition)."""
    keys: list[str] = []
    for resolution in ctx.resolutions:  # exact or not, a clause the catalogs hold says which lists apply
        known = [k for k in resolution.clauses if ctx.catalogs.clause(k) is not None]
        keys.extend(known)
        if known and resolution.status is Status.OBSOLETE_EDITION:
            # a superseded edition's clause: the finding is judged by the audited edition, so its successor's entries
            # and the audited editions' own apply ("no management representative" cited as ISO 9001:2008 5.5.2)
            keys.extend(s.clause for s in resolution.suggestions if ctx.catalogs.clause(s.clause) is not None)
            keys.extend(f"{e}/" for e in ctx.editions if e in ctx.catalogs.editions)
    if not keys:
        keys = [f"{s}/" for r in ctx.resolutions for s in r.standards if s in ctx.catalogs.editions]
    if not keys:
        keys = [f"{e}/" for e in ctx.editions]
    return _entries(ctx.catalogs, tuple(dict.fromkeys(keys)), name == "removed_requirement")


@lru_cache(maxsize=4096)
def _entries(catalogs: Catalogs, keys: tuple[str, ...], removed: bool) -> tuple[NotRequired, ...]:
    found = (e for k in keys for e in catalogs.not_required_for(k))
    return tuple(dict.fromkeys(e for e in found if e.removed is removed))


ABSENCE_LEXICON = "absence"
"""The lexicon (rule files) of words that say something is missing: for an entry with ``absence: true`` one of
them must come shortly before the phrase, in the same part of the sentence, or be part of the phrase."""

UNEVIDENCED_LEXICON = "unevidenced"
"""The lexicon of words that say evidence of an activity is missing ("no evidence that", "no record of"): there the
missing thing is the evidence, not the catalog entry's thing, so the entry does not count."""

ABSENCE_AFTER_LEXICON = "absence_after"
"""The lexicon of predicates that say the thing just named is missing ("… has not been defined", "… was not in
place", "… is not documented"): for an entry with ``absence: true`` one of them among the few words right after
the phrase counts as well as an absence word before it. Optional: without the lexicon only the words before count."""

DEMAND_AFTER_LEXICON = "demand_after"
"""The lexicon of predicates that say the thing just named is required ("… is required", "… must be installed"):
among the few words right after the phrase, the finding claims the thing is a requirement, and an entry marked
``absence`` counts as it would after an absence word. Optional."""

CONTAINER_LEXICON = "absence_container"
"""The lexicon of words that make the named thing the place where something else is missing ("not recorded in
the…", "not entered into the…"): between an absence word and the phrase they mean the thing exists, and the entry
does not count. Optional."""

CLAIM_LEXICON = "standard_claim"
"""The lexicon of words that say the standard itself requires something ("ISO 9001 requires", "clause 8.1 requires"):
before the phrase, in the same part of the sentence, the finding says the standard asks for the thing ("Clause 8.1
requires outsourced processes to be performed by certified suppliers"), and the entry counts as an absence would."""

_WINDOW = 10  # words before the phrase in which an absence word counts
_AFTER = 5  # words after the phrase in which a predicate of absence counts


_INFLECTION = r"(?:s|es|ing|ed)?"
"""What the last word of a phrase may end with as well: its plural and its -ing and -ed forms ("penetration test"
names "penetration tests" and "penetration testing"; "supplier audit" names "supplier audits"); a word ending in
"e" drops it before -ing and takes only -d ("register update": "register updated", "register updating")."""


def _word(word: str, last: bool) -> str:
    if word == "*":
        return r"\w+"
    # a plain word of letters only: an acronym or a code ("8D", "ISO") is matched as written
    inflected = last and word.isalpha() and len(word) >= 4
    if inflected and word.endswith("e"):  # "update": "updates", "updated", "updating"
        return re.escape(word[:-1]) + r"(?:e[sd]?|ing)"
    return re.escape(word) + (_INFLECTION if inflected else "")


@lru_cache(maxsize=512)
def _pattern(phrases: tuple[str, ...]) -> re.Pattern[str]:
    parts = []
    for phrase in sorted(phrases, key=len, reverse=True):
        words = phrase.replace("*", " * ").lower().translate(_PHRASE_TABLE).split()  # 'ISO*certified' too
        parts.append(r"\W+".join(_word(w, i == len(words) - 1) for i, w in enumerate(words)))
    return re.compile(r"(?<!\w)(?:" + "|".join(parts) + r")(?!\w)", re.IGNORECASE)


@lru_cache(maxsize=2048)
def _hits(listed: tuple[NotRequired, ...], text: str) -> tuple[tuple[NotRequired, str, str, str], ...]:
    """Every (entry, phrase as written, the same sentence's words before it, and the few after it), entries in
    the order given; the caller reads the last few of the words before for an absence, all of them for a claim."""
    out = []
    for entry in listed:
        for found in _pattern(entry.phrases).finditer(text):
            if found.group(0).isupper() and part_of_identifier(text, found.start(), found.end()):
                continue  # an acronym that is a part of a document's code ("SOC-PRO-03"), not the thing
            before = _before(text[:found.start()])
            after = _LABEL.sub(" ", text[found.end():], count=1)  # "Communication plan: not available"
            after = _SENTENCE_END.split(_ASIDE.sub(" ", after), maxsplit=1)[0]
            out.append((entry, found.group(0), before, " ".join(after.split()[:_AFTER])))
    return tuple(out)


def _before(prefix: str) -> str:
    """The same sentence's words before a phrase. A phrase named as an example in a bracket ("no professional
    certification (CISSP, CISM or equivalent)", "a recognised certificate (e.g. TCVT)") is read with the words
    before the bracket, where what is missing is said."""
    opened, closed = prefix.rfind("("), prefix.rfind(")")
    inside = _EXAMPLE_MARK.sub(" ", prefix[opened + 1:])
    if opened > closed and len(inside.split()) <= _BRACKET_WORDS and not re.search(r"[.;:!?]\s", inside):
        outside = _SENTENCE_END.split(_ASIDE.sub(" ", prefix[:opened]))[-1]
        return f"{outside} {inside.replace(',', ' ')}"
    return _SENTENCE_END.split(_ASIDE.sub(" ", prefix))[-1]


def first_match(listed: tuple[NotRequired, ...], text: str, scan: Any) -> tuple[NotRequired, str] | None:
    """The first entry (in the order given) named in the text, and the phrase as written; an entry marked
    ``absence`` counts only where the text says the thing is missing: an absence word before the phrase (not
    with a container word, "not recorded in the …", between), or a predicate of absence right after it ("… has
    not been defined"); or where it says the standard itself asks for it ("ISO 9001 7.2 requires certified
    persons") or says right after it that it is required ("a 5x5 risk matrix is required"). ``scan``: the rule
    set's lexicon scan."""
    if not listed or not text.strip():
        return None
    for entry, phrase, whole, after in _hits(listed, text):
        if not entry.absence or scan(phrase).get(ABSENCE_LEXICON):
            return entry, phrase
        before = " ".join(whole.split()[-_WINDOW:])
        words = scan(before)
        container = words.get(CONTAINER_LEXICON)
        if container:  # only the words after the last container word say what the thing itself lacks
            before = before[before.lower().rfind(container.lower()) + len(container):]
            words = scan(before)
        if words.get(ABSENCE_LEXICON) and not words.get(UNEVIDENCED_LEXICON):
            return entry, phrase
        if scan(whole).get(CLAIM_LEXICON):
            return entry, phrase
        if after and (scan(after).get(ABSENCE_AFTER_LEXICON) or scan(after).get(DEMAND_AFTER_LEXICON)):
            return entry, phrase
    return None


ATTRIBUTES = {
    "what": ("text", lambda e: e.what, "what is not required, e.g. 'a quality manual'"),
    "reason": ("text", lambda e: e.reason, "why not, in one line"),
    "clause": ("text", lambda e: e.label, "the clause (or edition) the entry belongs to, e.g. ISO 9001:2015 7.5"),
    "source": ("text", lambda e: e.source, "where the reading comes from"),
    "removed": ("bool", lambda e: e.removed, "whether an earlier edition required it"),
    "absence": ("bool", lambda e: e.absence, "whether only a statement that the thing is missing counts"),
}
"""What a message can say of the entry ``mentions cited`` found: ``{not_required.what}``, ``{not_required.reason}``."""
