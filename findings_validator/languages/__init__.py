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


@lru_cache(maxsize=1)
def words() -> dict[str, dict]:
    """``words.yaml``: per language, the words the text measures and the citation reader read (month names, sample
    words, words for parts and kinds of documents…), read once for the process."""
    from ..catalog.yamlread import read_data_file  # at first use: the models import the citation reader without YAML

    return read_data_file(HERE / "words.yaml")  # type: ignore[no-any-return]


@lru_cache(maxsize=None)
def word_list(key: str) -> tuple[str, ...]:
    """The words of one list of ``words.yaml`` in every language at once (a finding may mix languages), lowercase,
    longest first."""
    return tuple(sorted({str(w).lower() for lang in words().values() for w in lang.get(key, ())}, key=len,
                        reverse=True))


def pack_file(code: str) -> Path | None:
    """The rule file of a shipped pack, or None for the built-in language."""
    path = HERE / f"{primary(code)}.rules"
    return path if path.is_file() else None
