"""Clause catalogs: load the bundled (and users') catalog files into ``Catalogs`` and its ``ClauseGraph``."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from .. import regular
from ..errors import CatalogError, Location
from . import cache
from .index import CACHED_TYPES, Catalogs, Clause, Edition, Successor, family_of
from .paths import expand, pack_files

__all__ = ["Catalogs", "Clause", "ClauseGraph", "Edition", "Successor", "family_of", "load_catalogs"]


def __getattr__(name: str) -> object:
    if name == "ClauseGraph":  # imports networkx: only when asked for
        from .graph import ClauseGraph

        return ClauseGraph
    raise AttributeError(name)


def load_catalogs(extra: Iterable[str | Path] = (), *, bundled: bool = True, use_cache: bool = True) -> Catalogs:
    """Load the bundled catalogs and installed catalog packs (unless ``bundled=False``) plus ``extra`` files or
    directories of YAML files. Built catalogs are cached by content (``use_cache``); see ``cache.py``."""
    paths: list[Path] = pack_files() if bundled else []
    paths.extend(expand(extra))
    contents = []
    for path in paths:
        try:
            contents.append((path, regular.read_bytes(path)))
        except OSError as exc:
            raise CatalogError(f"cannot read catalog file: {exc.strerror}", Location(str(path))) from exc
    key = cache.content_key(contents)
    memo = (key, tuple(paths), use_cache)  # keyed by content, so a file edited while the process runs is read again
    built = _BUILT.get(memo)
    if built is None:
        built = _BUILT[memo] = _build(key, contents, use_cache)
        built.content_key = key  # what caches of things built from the catalogs are keyed by (subject indexes)
        while len(_BUILT) > 8:
            del _BUILT[next(iter(_BUILT))]
    return built


_BUILT: dict[tuple[str, tuple[Path, ...], bool], Catalogs] = {}


def _build(key: str, contents: list[tuple[Path, bytes]], use_cache: bool) -> Catalogs:
    if use_cache:
        hit = cache.read(key, types=CACHED_TYPES)
        if isinstance(hit, Catalogs):
            return hit
    # Catalogs adds the maps after the editions, whatever the order given
    from .loader import load_file  # on a cache miss only: it imports the YAML parser and the pydantic schema

    catalogs = Catalogs([(str(path), load_file(path, data)) for path, data in contents])
    if use_cache:
        cache.write(key, catalogs)
    return catalogs
