"""The two lark grammars (``grammar/*.lark``), built once per process and cached on disk between processes.

lark's own cache stores the analysed LALR tables under the user cache directory and checks them against the
grammar's hash, so an edited grammar is never read stale; building the tables takes ~0.4 s, loading them ~10 ms.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from lark import Lark

from .catalog.cache import cache_dir
from .catalog.paths import grammar_file


def _cache_file(name: str) -> str | bool:
    try:
        directory = cache_dir()
        directory.mkdir(parents=True, exist_ok=True)
        return str(directory / f"{name}.lark-cache")
    except OSError:
        return False


@cache
def parser(name: str, **options: Any) -> Lark:
    """The LALR parser of ``grammar/NAME.lark`` with ``options`` (``start`` may be given as a tuple)."""
    if isinstance(options.get("start"), tuple):
        options["start"] = list(options["start"])
    return Lark(grammar_file(f"{name}.lark").read_text(encoding="utf-8"), parser="lalr",
                cache=_cache_file(name), **options)
