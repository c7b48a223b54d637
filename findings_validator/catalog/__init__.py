"""Clause catalogs: load the bundled (and users') catalog files into ``Catalogs`` and its ``ClauseGraph``."""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from . import cache
from .index import Catalogs, Clause, Edition, Successor, family_of
from .loader import load_file
from .paths import bundled_catalog_files

__all__ = ["Catalogs", "Clause", "ClauseGraph", "Edition", "Successor", "family_of", "load_catalogs"]


def __getattr__(name: str) -> object:
    if name == "ClauseGraph":  # imports networkx: only when asked for
        from .graph import ClauseGraph

        return ClauseGraph
    raise AttributeError(name)


def load_catalogs(extra: Iterable[str | Path] = (), *, bundled: bool = True, use_cache: bool = True) -> Catalogs:
    """Load the bundled catalogs (unless ``bundled=False``) plus ``extra`` files or directories of YAML files."""
    paths: list[Path] = list(bundled_catalog_files()) if bundled else []
    for item in extra:
        item = Path(item)
        paths.extend(sorted(item.rglob("*.yaml")) if item.is_dir() else [item])
    return _load(tuple(paths), use_cache)


@lru_cache(maxsize=8)
def _load(paths: tuple[Path, ...], use_cache: bool) -> Catalogs:
    contents = [(p, p.read_bytes()) for p in paths]
    key = cache.content_key(contents) if use_cache else ""
    if use_cache:
        hit = cache.read(key)
        if isinstance(hit, Catalogs):
            return hit
    # maps after editions, whatever the order given
    parsed = [(str(p), load_file(p)) for p in paths]
    catalogs = Catalogs(parsed)
    if use_cache:
        cache.write(key, catalogs)
    return catalogs
