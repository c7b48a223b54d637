"""The two lark grammars (``grammar/*.lark``), built once per process and cached on disk between processes.

The analysed LALR tables are kept in the tool's cache (``catalog/cache.py``) as plain data — lark's own
serialisation of a parser, stored as JSON, never a pickle — keyed by lark's version, the options and the
grammar's text, so an edited grammar is never read stale. Building the tables takes ~0.4 s, loading them ~10 ms.
"""

from __future__ import annotations

import hashlib
from functools import cache
from typing import Any

import lark
from lark import Lark

from .catalog import cache as disk
from .catalog.paths import grammar_file


@cache
def parser(name: str, **options: Any) -> Lark:
    """The LALR parser of ``grammar/NAME.lark`` with ``options`` (``start`` may be given as a tuple)."""
    if isinstance(options.get("start"), tuple):
        options["start"] = list(options["start"])
    text = grammar_file(f"{name}.lark").read_text(encoding="utf-8")
    key = hashlib.sha256(f"{lark.__version__}\0{name}\0{sorted(options.items())!r}\0{text}".encode()).hexdigest()[:32]
    found = disk.read(key, kind=f"grammar-{name}")
    if isinstance(found, dict) and set(found) == {"data", "memo"}:
        try:
            return Lark.load(found)
        except Exception:  # noqa: BLE001 - tables of another shape: built again below  # pragma: no cover
            pass
    built = Lark(text, parser="lalr", **options)
    data, memo = built.memo_serialize([lark.lexer.TerminalDef, lark.grammar.Rule])
    disk.write(key, {"data": data, "memo": memo}, kind=f"grammar-{name}")
    return built
