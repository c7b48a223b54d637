"""Whether a place a finding names is outside what the audit lists: ``unlisted(place)``.

The test FV860, FV865 and FV868 share. A place is listed when one of the audit's sites, or its scope, client, or the
finding's own site or process, contains its name or is contained in it, or when the sites hold every content word
of it in any order ("Avonmouth workshop" and "Head office and workshop, Avonmouth"). Names are compared folded:
without accents, case or the punctuation of abbreviations, so "Krakow" is "Kraków" and "St Helens" is "St. Helens".
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Any

from ..catalog.subjects import tokens

_PUNCT = re.compile(r"[.,;:'’`´()\[\]/-]+")


@lru_cache(maxsize=4096)
def fold(text: str) -> str:
    """The text without accents, case, or the punctuation of abbreviations and possessives, spaces collapsed."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(_PUNCT.sub(" ", plain.replace("ł", "l").replace("Ł", "L")).lower().split())


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
    named = [getattr(audit, "scope", "") or "", getattr(audit, "client", "") or "",
             getattr(finding, "site", "") or "", getattr(finding, "process", "") or ""]
    if _contains(needle, sites) or _contains(needle, [n for n in named if n.strip()]):
        return False
    words = set(tokens(needle))
    return bool(words) and not words <= set(tokens(fold(" ".join(sites))))


__all__ = ["fold", "unlisted"]
