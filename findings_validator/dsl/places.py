"""Whether a place a finding names is outside what the audit lists: ``unlisted(place)``.

The test FV860, FV865 and FV868 share. A place is listed when one of the audit's sites, or its scope (without what
the scope leaves out: "… The Riga sales office is not included."), client, or the
finding's own site or process, contains its name or is contained in it, or when the sites hold every content word
of it in any order ("Avonmouth workshop" and "Head office and workshop, Avonmouth"), a word counting as well when it
is the initials of two or three words of a site ("Ostrava DR site" and "Disaster recovery site, Ostrava"). Names are
compared folded: without accents, case or the punctuation of abbreviations, so "Krakow" is "Kraków" and "St Helens"
is "St. Helens"; a town is also listed where the sites name it in another language ("Lisbon" and "Lisboa":
``towns.same_town``).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Any

from ..catalog.subjects import tokens
from .exclusions import included_scope
from .text import SERIES_JOINS
from .towns import is_known_town, same_town

_PUNCT = re.compile(r"[.,;:'’`´()\[\]/-]+")


def unaccented(text: str) -> str:
    """The text without accents, its case kept: "Łódź" → "Lodz", "Québec" → "Quebec"."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return plain.replace("ł", "l").replace("Ł", "L")


@lru_cache(maxsize=4096)
def fold(text: str) -> str:
    """The text without accents, case, or the punctuation of abbreviations and possessives, spaces collapsed."""
    return " ".join(_PUNCT.sub(" ", unaccented(text)).lower().split())


def _contains(needle: str, entries: list[str]) -> bool:
    return any(needle in fold(e) or fold(e) in needle for e in entries if fold(e))


def unlisted(context: Any, place: str) -> bool:
    """Whether the audit lists sites and none of them, nor its scope, client, or the finding's site or process,
    names ``place``."""
    audit = getattr(context, "audit", None)
    sites = [s for s in (getattr(audit, "sites", None) or []) if s and s.strip()]
    needle = fold(place)
    if not sites or not needle:
        return False
    finding = getattr(context, "finding", None)
    named = [included_scope(context), getattr(audit, "client", "") or "",
             getattr(finding, "site", "") or "", getattr(finding, "process", "") or ""]
    named = [n for n in named if n.strip()]
    labels = getattr(context, "labels", None)
    if _listed(needle, _town_sites(labels, sites, place), named):
        return False
    if labels is not None and finding is not None:
        # a place written with its address is listed when a part of its address is ("Main store (Greens Road)"
        # beside "DC1, 18 Greens Road"); a part that is only a street word and an article ("The Square") names none
        addressed = labels.addressed(f"{finding.statement}\n{finding.evidence_text}")
        for part in (p for name, ps in addressed if fold(name) == needle for p in ps):
            free = fold(labels.street_free(part))
            # a town of the address is compared with the sites without the roads they name after it
            listing = sites if labels.is_street(part) else _town_sites(labels, sites, part.strip())
            if tokens(free) and _listed(free, listing, named):
                return False
    # a town named in another language than the sites name it ("Lisbon" beside "…, Lisboa, Portugal")
    return bool(tokens(needle)) and not same_town(place, _town_parts(labels, sites))


_ADDRESS_PART = re.compile(r"[,;()\[\]]")


def _town_parts(labels: Any, sites: list[str]) -> list[str]:
    """The parts of the sites' addresses that may name their town: each part between commas or brackets that holds
    no figure and is no street ("Avenida da Liberdade 190" and "Estrada de Lisboa" are left out)."""
    parts = (p.strip() for site in sites for p in _ADDRESS_PART.split(site))
    return [p for p in parts if p and not any(c.isdigit() for c in p)
            and (labels is None or not labels.is_street(p))]


def _town_sites(labels: Any, sites: list[str], place: str) -> list[str]:
    """The sites, without the roads their addresses name after ``place`` where it is a known town: a road named after
    a town ("Mombasa Road, Nairobi", "Cairo-Alexandria Desert Road") is not the town. The list of towns is asked only
    where a site names such a road, so a check that meets none never loads it."""
    if labels is None:
        return sites
    stripped = [labels.without_roads_named(site, place) for site in sites]
    return stripped if stripped != sites and is_known_town(place) else sites


def _listed(needle: str, sites: list[str], named: list[str]) -> bool:
    """Whether a site, the scope, client or the finding's site or process names the folded ``needle``, or the sites
    hold every content word of it, in full or abbreviated."""
    if _contains(needle, sites) or _contains(needle, named):
        return True
    words = set(tokens(needle))
    listed = _site_words(tuple(sites))
    if not words or not all(w in listed or _abbreviates(w, listed) for w in words):
        return False
    # an abbreviated word names a site only with the site's own numbers ("Sec-62", not "Sec-63", for "Sector 62")
    return words <= listed or set(re.findall(r"\d+", needle)) <= set(re.findall(r"\d+", fold(" ".join(sites))))


def _abbreviates(word: str, listed: frozenset[str]) -> bool:
    """Whether a word of three or four letters is the start of a longer word of the sites: "Sec" for "Sector", "Ind"
    for "Industrial" ("Sec-62 campus" beside "Sector 62, Noida")."""
    return 3 <= len(word) <= 4 and word.isalpha() and any(w.startswith(word) and len(w) > len(word) for w in listed)


@lru_cache(maxsize=256)
def _site_words(sites: tuple[str, ...]) -> frozenset[str]:
    """The content words of the sites, and the initials of each run of two or three of a site's words: "DR" names
    the "Disaster recovery site", "DC" the "Distribution centre"."""
    initials = []
    for site in sites:
        letters = [w[0] for w in fold(site).split() if w[0].isalpha()]
        initials += ["".join(letters[i:i + n]) for n in (2, 3) for i in range(len(letters) - n + 1)]
    return frozenset(tokens(fold(" ".join(sites)))) | frozenset(tokens(" ".join(initials)))


_SITE_CODE = re.compile(r"(?<![\w.-])([A-Z]{2,5}(?=[- ]?\d)|[A-Z][^\W\d_A-Z]{2,9}(?=[- ](?:\d|[IVX]{1,4}\b)))[- ]?"
                        r"(\d{1,3}|[IVX]{1,4})(?![\w-]|[.,]\d| \d[A-Z]{2}\b)")
"""A site written by a code and a number: two to five capitals ("AMS-1", "DC2", "PLT 3") or a capitalised word,
in any alphabet's letters, and a number in figures or in roman numerals ("Werk 2", "Plant 3", "Zakład 2", "Unit
II"); not the first half of a British postcode ("LU2 9NH")."""
_CODE_WORD = r"(?<![\w.-])([A-Z]{2,5}|[A-Z][^\W\d_A-Z]{2,9}(?= ))[- ]?"
"""A site code's letters before a run or a series of numbers: two to five capitals ("KP"), or a capitalised word
followed by a space ("Stations")."""
_SITE_RANGE = re.compile(rf"{_CODE_WORD}(\d{{1,4}})\s*(?:to|until|–|—|-)\s*(?:\1[- ]?)?(\d{{1,4}})(?![\w-])")
"""A site written as a stretch of coded points, as a pipeline's spread or a road's section is ("KP 12 to KP 38",
"KP 112–168"), or as a run of numbered sites ("Stations 2–6"): every point from the first to the last is on that
site."""

_SITE_SERIES = re.compile(rf"{_CODE_WORD}\d{{1,3}}((?:\s*,\s*\d{{1,3}})*\s*(?:&|\b(?:{SERIES_JOINS})\b)\s*\d{{1,3}})"
                          rf"(?![\w-])")
"""Sites written as one code word and a series of numbers closed by a joining word ("Plants 1 and 2", "DC 1, 3 & 4"):
each number is a site (the first is read by ``_SITE_CODE``); "Unit 4, 12 Harbour Road" is a site and its street
number."""


def _singular(prefix: str) -> str:
    """A site code's word as one site is written: "Stations 2–6" lists "Station 3" ("Plants 1 and 2": "Plant 1");
    codes in capitals ("DCS 2") and words whose "s" is no plural's ("Campus 2", "Press 3") are kept as written."""
    if len(prefix) > 4 and prefix.endswith("s") and not prefix.endswith(("ss", "us", "is")) and not prefix.isupper():
        return prefix[:-1]
    return prefix


def _plural(code: re.Match[str], text: str) -> bool:
    """Whether a site code the text writes has its word in the plural before a series or a run of numbers ("Stores
    09 and 12", "Stations 2–6"): several sites named together."""
    return _singular(code.group(1)) != code.group(1) and (_SITE_SERIES.match(text, code.start()) is not None
                                                         or _SITE_RANGE.match(text, code.start()) is not None)


_ROMAN = {"I": 1, "V": 5, "X": 10}


def _number(written: str) -> int:
    """A site's number in figures or roman numerals: "3" → 3, "IV" → 4."""
    if written.isdigit():
        return int(written)
    values = [_ROMAN[c] for c in written]
    return sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))


def other_site_codes(context: Any) -> list[str]:
    """The site codes the finding writes that are coded like one of the audit's sites with another number ("AMS-2"
    where the sites list "AMS-1, Schiphol-Rijk"), when the finding writes no listed site's code and the scope (but
    for what it leaves out) and client do not name the code either: another site of the organization than the ones
    audited. Where the evidence also names a listed site ("… lists Plant 1 only"), the statement decides: a statement
    at "Plant 3" that names no listed site is about the other site. A word of ``generic_place`` before the number
    ("Level 3", "Floor 2") numbers a part of a site, not a site; a word the site's entry also names without a number
    is a street's, its number the address's. A site listed as a stretch ("Spread 2, KP 112–168") holds every point
    of it ("KP 140")."""
    audit = getattr(context, "audit", None)
    sites = [s for s in (getattr(audit, "sites", None) or []) if s and s.strip()]
    listed = {(_singular(p), _number(n)) for site in sites for p, n in _SITE_CODE.findall(site)
              if not _named_bare(p, site)}
    listed |= {(_singular(p), int(n)) for site in sites for p, series in _SITE_SERIES.findall(site)
               if not _named_bare(p, site) for n in re.findall(r"\d+", series)}
    if not listed:
        return []
    labels = getattr(context, "labels", None)
    parts = labels.generic_place_words if labels is not None else frozenset()
    # only the sites' own codes say how a site is coded ("DN 50 to DN 900" in the scope is a product's size)
    prefixes = {p for p, _ in listed if p.lower() not in parts}  # "Level 3": a floor of a site, not a site
    finding = context.finding
    named = f"{included_scope(context)} {getattr(audit, 'client', '') or ''} {finding.site or ''}"
    listed |= {(_singular(p), _number(n)) for p, n in _SITE_CODE.findall(named)}
    stretches = [(_singular(p), int(low), int(high)) for site in sites for p, low, high in _SITE_RANGE.findall(site)]

    def on_site(prefix: str, number: int) -> bool:
        return (prefix, number) in listed or any(p == prefix and low <= number <= high for p, low, high in stretches)

    for text in (f"{finding.statement}\n{finding.evidence_text}", finding.statement):
        written = [(m.group(0), _singular(m.group(1)), _number(m.group(2)), _plural(m, text))
                   for m in _SITE_CODE.finditer(text)]
        # a code word in the plural before a series or a run ("Stores 09 and 12 had fewer answers") speaks of
        # several sites' data: it can name a listed site, never another one
        others = list(dict.fromkeys(code for code, p, n, plural in written
                                    if p in prefixes and not on_site(p, n) and not plural))
        if others and not any(on_site(p, n) for _, p, n, _ in written):
            return others
    # a statement that writes no code: the evidence's first code, opening it or a label, or put there by a word of
    # place ("Observed at Planta 2 El Marqués, which repairs moulds for Planta 1"; ``_placed``), says where it was
    # seen; a code things came from or went to ("drums received from Plant 2") says nothing of where the finding is
    if not any(_singular(p) in prefixes for p, _ in _SITE_CODE.findall(finding.statement)):
        evidence = finding.evidence_text
        first = next((m for m in _SITE_CODE.finditer(evidence) if _singular(m.group(1)) in prefixes), None)
        if first is not None and not _plural(first, evidence) \
                and not on_site(_singular(first.group(1)), _number(first.group(2))) \
                and _placed(evidence[:first.start()], evidence[first.end():], labels):
            return [first.group(0)]
    return []


def _placed(before: str, after: str, labels: Any) -> bool:
    """Whether a site's code is put as where the finding is: it opens the evidence, a line or a sentence as the
    label of what follows ("Plant 2 Esmoriz, 2026-05-12: …"), or the words right before it end with a word of
    ``place_preposition_at`` ("seen at", "in the"); not "of the", "from", "for", nor a code that opens a sentence
    as its subject ("Plant 2 delivered three drums …")."""
    stripped = before.rstrip()
    if (not stripped or stripped[-1] in "\n.;:") and _opens_label(after):
        return True
    words = fold(before).split()
    phrases = labels.lexicons.get("place_preposition_at", ()) if labels is not None else ()
    return any(p and words[-len(p.split()):] == fold(p).split() for p in phrases)


def _opens_label(after: str) -> bool:
    """Whether the words after a code that opens a sentence make it a label: a colon or a dash within the same
    clause, before any full stop or semicolon ("Plant 2 Esmoriz, which anodises profiles for Plant 1, 2026-05-12:
    …")."""
    head = after[:100]
    ends = [i for i in (head.find(":"), head.find(" - "), head.find(" \u2013 ")) if i >= 0]
    stops = [i for i in (head.find("."), head.find(";")) if i >= 0]
    return bool(ends) and (not stops or min(ends) < min(stops))


def _named_bare(word: str, site: str) -> bool:
    """Whether a site's entry also names the word without a number ("Obra Edificio Los Aromos, Calle Los Aromos
    220"): the number is then a street number of the address, not a site's code."""
    return re.search(rf"(?<!\w){re.escape(word)}(?![- ]?(?:\d|[IVX]{{1,4}}\b))(?!\w)", site) is not None


_STANDARD = re.compile(r"ISO(?:/IEC)?\s*(\d{4,5})")


def other_standard_sites(context: Any) -> list[str]:
    """The audited sites the finding is at (a place it names is in the site's name) whose entry says for which
    standards of an integrated audit they are audited ("Plant B, Selby (ISO 14001 only)"), when none of the standards
    the finding cites is among them, and the finding names no site audited for a standard it cites: a site listed for
    another system than the one the finding is raised against."""
    audit = getattr(context, "audit", None)
    sites = [s for s in (getattr(audit, "sites", None) or []) if s and _STANDARD.search(s)]
    labels = getattr(context, "labels", None)
    if not sites or labels is None:
        return []
    cited = {m for r in context.resolutions if r.ok for st in r.standards for m in _STANDARD.findall(st)}
    if not cited:
        return []
    finding = context.finding
    places = [fold(p) for p in labels.places(f"{finding.statement}\n{finding.evidence_text}")]
    others = [fold(s) for s in audit.sites if s and s.strip() and s not in sites]
    others += [fold(s) for s in sites if set(_STANDARD.findall(s)) & cited]
    if any(p and p in o for p in places for o in others):
        return []  # the finding is (also) at a site audited for the cited standard
    found = []
    for site in sites:
        name = fold(_STANDARD.sub(" ", site.split("(")[0] if "(" in site else site))
        if set(_STANDARD.findall(site)) & cited:
            continue
        if any(p and p in name for p in places):
            found.append(site)
    return found


__all__ = ["fold", "other_site_codes", "other_standard_sites", "unaccented", "unlisted"]
