"""Language packs: the lexicons of the built-in rules in another language, one rule file per language.

A pack (``<code>.rules``, named by its ISO 639-1 code) holds a ``replace lexicon`` for every lexicon of the
built-in rules (a test checks that none is missing) and examples whose audits name the language. English is the
built-in lexicons themselves. A report selects a pack with ``language:`` in its audit block; the configuration's
``language`` applies to reports that name none.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

HERE = Path(__file__).resolve().parent
BUILTIN = "en"
"""The language of the built-in lexicons."""


def primary(value: str) -> str:
    """The language code a value names: 'ES', 'es-MX', 'es_ES' → 'es'."""
    return value.strip().lower().replace("_", "-").split("-")[0]


@lru_cache(maxsize=1)
def available() -> tuple[str, ...]:
    """The built-in language and every shipped pack, by code."""
    return (BUILTIN, *sorted(p.stem for p in HERE.glob("*.rules")))


def pack_file(code: str) -> Path | None:
    """The rule file of a shipped pack, or None for the built-in language."""
    path = HERE / f"{primary(code)}.rules"
    return path if path.is_file() else None
