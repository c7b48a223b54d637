"""The regions of a country a finding names beside a scope limited to other regions of it: ``other_regions()``.

A certified scope often limits the work to regions of one country ("… at client sites in Alberta and British
Columbia", "tower sites in Lagos and Ogun States"). The regions are the first-level subdivisions of ISO 3166-2 (states,
provinces, regions, territories and the like, as the ``pycountry`` package lists them; read only once a scope has a
word that limits it, ``region_limit_word``: "in", "within", "throughout", "across"). A finding that names another
first-level region of the same country, which neither the sites, the client nor the scope name, is at a place the
scope leaves out. A name is read as written, with its capitals; names of three letters or fewer, and names made only
of words that name no region by themselves (``generic_region_word``: "Central", "North West", "Nord"), are never read.
A region below the first level (a county, province or council area: "Cardiff", "Alicante") is read as lying in its
first-level region, so that "Cardiff" is another region beside a scope "in England"; one written right after a
person's initial or title ("A. Stirling"), or followed by a capitalised word other than a ``region_name_tail``
("Angus Reid"; but "Cardiff Bay"), is not read. Nor is a region's name followed in its run of capitalised words by a
legal form or a word company names end with (``legal_form``, ``company_name_word``): "Tasman Lens Co" is a company.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from .exclusions import included_scope
from .places import unaccented
from .text import alternation, is_letter_label

# the kinds of first-level subdivision that name a region of a country (not a city or a municipality)
_KINDS = frozenset({
    "state", "province", "region", "territory", "county", "union territory", "autonomous community", "canton",
    "emirate", "governorate", "autonomous region", "federal district", "capital territory", "department", "oblast",
    "land", "country", "nation", "autonomous province", "capital district", "voivodeship", "federal territory",
    "autonomous city", "capital city", "prefecture",
})

# a run of up to four capitalised words, the unit a region's name is looked up in
_RUN = re.compile(r"[^\W\d_a-z][\w'’-]*(?:[ \t]+[^\W\d_a-z][\w'’-]*){0,3}")


@lru_cache(maxsize=1)
def _subdivisions() -> dict[str, frozenset[tuple[str, str]]]:
    """Each first-level region's name (without accents or a bracketed aside) → its (country, subdivision) codes; a
    name several countries use ("Limburg") has each of them."""
    import pycountry  # the ISO 3166-2 list is read only when a scope limits its work to regions

    found: dict[str, set[tuple[str, str]]] = {}
    for region in pycountry.subdivisions:
        if region.parent_code or region.type.lower() not in _KINDS:
            continue
        name = unaccented(region.name.split(" [")[0].split(" (")[0]).strip()
        if len(name) > 3:
            found.setdefault(name, set()).add((region.country_code, region.code))
    return {name: frozenset(codes) for name, codes in found.items()}


@lru_cache(maxsize=1)
def _parts() -> dict[str, frozenset[tuple[str, str]]]:
    """Each region below the first level (a county, a province, a council area) → (country, code of the first-level
    region it lies in): "Cardiff" → ("GB", "GB-WLS"), "Alicante" → ("ES", "ES-VC"). Names of four letters or fewer,
    and the part after a comma ("Edinburgh, City of"), are left out."""
    import pycountry

    by_code = {region.code: region for region in pycountry.subdivisions}
    found: dict[str, set[tuple[str, str]]] = {}
    for region in pycountry.subdivisions:
        top = region
        while top is not None and top.parent_code:
            parent = top.parent_code
            top = by_code.get(parent) or by_code.get(f"{top.country_code}-{parent}")
        if top is None or top is region:
            continue
        name = unaccented(region.name.split(" [")[0].split(" (")[0].split(", ")[0]).strip()
        if len(name) > 4:
            found.setdefault(name, set()).add((region.country_code, top.code))
    return {name: frozenset(codes) for name, codes in found.items()}


@lru_cache(maxsize=16)
def _person_before(titles: tuple[str, ...]) -> re.Pattern[str]:
    """A person's initial or title (lexicon ``person_title``) right before a name ("A. Stirling", "Mr Angus")."""
    title = rf"|(?<!\w)(?i:{alternation(titles)})" if titles else ""
    return re.compile(rf"(?:(?<![\w.])[A-Z]\.{title})\s*$")


def _initial_of_person(found: re.Match[str] | None, text: str) -> bool:
    """Whether a match of ``_person_before`` is a person's initial or title, not a letter that names a thing after
    a word that takes one ("cluster B. Karnataka sites …", "checklist rev B. Kerala …": ``is_letter_label``, the
    words the sentence splitter reads so too)."""
    if found is None:
        return False
    before = text[:found.start()].split()
    return not (before and is_letter_label(before[-1].lstrip("(")))


def _named(text: str, generic: frozenset[str], index: dict[str, frozenset[tuple[str, str]]] | None = None,
           tails: frozenset[str] | None = None,
           person: re.Pattern[str] | None = None,
           company: frozenset[str] = frozenset()) -> list[tuple[str, frozenset[tuple[str, str]]]]:
    """The regions the text names, longest name first within each run of capitalised words (of ``index``: the
    first-level regions unless another is given); with ``person``, a name right after a person's initial or title
    is no place; with ``tails``, a name must end its run or be followed only by those words ("Cardiff Bay"; not
    "Angus Reid"); a name followed in its run by a word of ``company`` (a legal form, a word company names end
    with) is a company's name ("Tasman Lens Co"), no place."""
    index = _subdivisions() if index is None else index
    text = unaccented(text)
    found = []
    for run in _RUN.finditer(text):
        words = run.group(0).split()
        start = 0
        while start < len(words):
            for end in range(len(words), start, -1):
                name = " ".join(words[start:end])
                if name in index and not all(w.lower() in generic for w in name.split()):
                    named_person = (person is not None and start == 0
                                    and _initial_of_person(person.search(text, 0, run.start()), text))
                    cut = (tails is not None and any(w.lower() not in tails for w in words[end:])) \
                        or any(w.lower() in company for w in words[end:])
                    if not (named_person or cut):
                        found.append((name, index[name]))
                    start = end - 1
                    break
            start += 1
    return found


@lru_cache(maxsize=64)
def _limit_pattern(words: tuple[str, ...]) -> re.Pattern[str] | None:
    """A limit word, an optional article and the run of names and joining words after it: "in Lagos and Ogun
    States", "across the Valencian Community"."""
    if not words:
        return None
    name = r"[^\W\d_a-z][\w'’.-]*"
    return re.compile(rf"(?<!\w)(?i:{alternation(words)})\s+(?:(?i:the)\s+)?"
                      rf"({name}(?:(?:\s*,\s*|\s+(?:and|&|or|of|y|e|et|und)\s+|\s+){name})*)")


@lru_cache(maxsize=16)
def _generic(phrases: tuple[str, ...]) -> frozenset[str]:
    """The words of ``generic_region_word``, lower-cased."""
    return frozenset(w.lower() for p in phrases for w in p.split())


@lru_cache(maxsize=256)
def _scope_regions(scope: str, limit_words: tuple[str, ...], generic: frozenset[str]) -> frozenset[tuple[str, str]]:
    """The (country, region) codes of the regions the scope limits its work to."""
    pattern = _limit_pattern(limit_words)
    if pattern is None:
        return frozenset()
    runs = [m.group(1) for m in pattern.finditer(unaccented(scope))]
    return frozenset(code for run in runs for _, codes in _named(run, generic) for code in codes)


def other_regions(context: Any) -> list[str]:
    """The regions the finding names that lie in the country of the regions the scope limits its work to, and are
    none of them, nor named by the sites, client or scope."""
    audit = getattr(context, "audit", None)
    labels = getattr(context, "labels", None)
    scope = included_scope(context)
    if audit is None or labels is None or not scope:
        return []
    lexicons = labels.lexicons
    generic = _generic(tuple(lexicons.get("generic_region_word", ())))
    limited = _scope_regions(scope, tuple(lexicons.get("region_limit_word", ())), generic)
    if not limited:
        return []
    countries = {country for country, _ in limited}
    listed = unaccented(" ".join([scope, getattr(audit, "client", "") or "", *(audit.sites or [])])).lower()
    finding = context.finding
    text = f"{finding.statement}\n{finding.evidence_text}"
    # the first-level regions the text names, then a county, province or council area that lies in none of the
    # regions the scope names ("Cardiff" beside a scope "in England"; a name that is also a first-level region is
    # read as one)
    first = _subdivisions()
    tails = _generic(tuple(lexicons.get("region_name_tail", ())))
    person = _person_before(tuple(lexicons.get("person_title", ())))
    company = _generic((*lexicons.get("legal_form", ()), *lexicons.get("company_name_word", ())))
    # a person's surname that is a region's name ("T. Ishikawa", "Mr Kent") is no place, at either level
    named = [*_named(text, generic, person=person, company=company),
             *((name, codes) for name, codes in _named(text, generic, _parts(), tails, person, company)
               if name not in first)]
    found = [name for name, codes in named
             if not codes & limited and not re.search(rf"(?<!\w){re.escape(name.lower())}(?!\w)", listed)
             and any(country in countries for country, _ in codes)]
    return list(dict.fromkeys(found))


__all__ = ["other_regions"]
