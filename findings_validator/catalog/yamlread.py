"""Parse a catalog file's YAML to plain data, exactly as ``yaml.load(text, Loader=yaml.CSafeLoader)`` would.

PyYAML builds every node in Python (~75 ms for the bundled catalogs); ``yaml_rs`` (Rust) parses the same text in
~7 ms. The two follow different YAML versions: PyYAML reads YAML 1.1, where a plain ``yes``, ``on``, ``010``
(octal), ``1:20`` (base 60) or ``<<`` (merge) are typed, and it rejects tabs in indentation; ``yaml_rs`` reads
YAML 1.2, where they are strings or decimals. The catalog format is defined by PyYAML's reading, so ``yaml_rs``
is used only where the two cannot differ, and PyYAML reads the file otherwise:

* before parsing, the text is searched for anything outside the subset the two agree on: tabs, control
  characters and the YAML 1.1 line breaks, backslash escapes, directives and document markers, tags, anchors,
  aliases, block scalars, explicit keys, and empty values or lone dashes in flow collections;
* after parsing, every string is checked against PyYAML's implicit types (a string that PyYAML would have typed
  had it been plain, and ``yaml_rs`` would not have, sends the file to PyYAML), every key must be a string, no
  value may be a time or a datetime, and when a number was read the text is searched for the number forms the
  two read differently (leading zeros, underscores, exponents, signed fractions);
* any ``yaml_rs`` error sends the file to PyYAML, so syntax errors are always PyYAML's, with its line and column.

Each check can only send a file to PyYAML, never change what is read. ``tests/catalog/test_catalog_yaml.py``
compares the result with PyYAML's on the bundled catalogs, on edge cases and on random documents, and checks
that the bundled catalogs take the fast path.
"""

from __future__ import annotations

import datetime as _dt
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..errors import CatalogError
from ..yaml_bounds import check_aliases

try:
    import yaml_rs
except ImportError:  # pragma: no cover - a platform without its wheel still reads every file, with PyYAML
    yaml_rs = None  # type: ignore[assignment]

# Searches are single characters or start with one literal character, which the regular-expression engine skips
# ahead to: one alternation of them all would try every branch at every position (~25 ms for the bundled
# catalogs instead of ~2 ms).
_ALWAYS_RISKY = tuple("\t\\\x7f\x85\u2028\u2029\ufeff\ufffe\uffff" + "".join(
    chr(c) for c in (*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20), *range(0x80, 0xA0)) if c != 0x85))
"""Tab, control characters, NEL and the other YAML 1.1 line breaks, byte-order mark, backslash (escapes)."""
_INDICATORS = {c: re.compile(re.escape(c) + r"(?<![^\s,\[{:].)").search for c in "!&*|>?"}
"""Tag, anchor, alias, block scalar or explicit key at the start of a token (not ``OH&S`` or ``why?``)."""
_STRUCTURE = tuple(re.compile(pattern).search for pattern in (
    r":[,\]}]",  # an empty value in a flow collection: '[a:, b]'
    r":(?<=[\s,\[{:]:)",  # a value indicator at the start of a token
    r"-[,\]}](?<![^\s,\[{:]-.)",  # a lone dash in a flow collection: '[-]'
    r"\n(?:---|\.\.\.|%)",  # document markers and directives
))
_INTEGER_FORMS = tuple(re.compile(pattern).search for pattern in (
    r"0[0-9_xXoObB](?<![\w.:]0.)(?<![0-9]-0.)",  # leading zero: octal in 1.1, decimal in 1.2; 0x, 0o, 0b
    r"_(?:(?<=[0-9.+-]_)|(?=[0-9._]))",  # digits with underscores ('1_000', '_1')
))
"""Integer forms that YAML 1.1 and 1.2 read differently: searched when ``yaml_rs`` read a number."""
_FLOAT_FORMS = tuple(re.compile(pattern).search for pattern in (
    r"\.(?<=[-+]\.)(?<![\w.][-+]\.)",  # a signed fraction: '-.5'
    r"[0-9._][eE][-+_]?[0-9_]",  # exponents: 1.1 needs a dot and a signed exponent
))
"""Float forms that YAML 1.1 and 1.2 read differently: searched when ``yaml_rs`` read a float."""
_QUOTED_DATE = re.compile(r"-(?<=[\"'][0-9]{4}-)").search
"""A quoted date: ``yaml_rs`` reads ``'2015-09-15'`` as a date, PyYAML (rightly) as a string."""

_TYPED = re.compile(
    r"""^(?:
      yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF
    | ~|null|Null|NULL
    | [-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?
    | \.[0-9][0-9_]*(?:[eE][-+][0-9]+)?
    | [-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*
    | [-+]?\.(?:inf|Inf|INF)
    | \.(?:nan|NaN|NAN)
    | [-+]?0b[0-1_]+
    | [-+]?0[0-7_]+
    | [-+]?(?:0|[1-9][0-9_]*)
    | [-+]?0x[0-9a-fA-F_]+
    | [-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+
    | [0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]
    | [0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?(?:[Tt]|[\ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?
      (?:[\ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?
    | <<|=|!|&|\*
    )$""",
    re.VERBOSE,
).match
"""PyYAML's implicit resolvers (``yaml.resolver.Resolver``): a plain scalar matching one is not a string."""

_TYPED_WORDS = frozenset(["yes", "Yes", "YES", "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF", "<<", "=", "!",
                          "&", "*"])
"""The strings PyYAML types that do not start with a digit, a sign or a dot and that ``yaml_rs`` does not type."""
_NUMERIC_CANDIDATE = re.compile(r"\x00([-+.0-9][0-9.]*[^0-9.\x00][^\x00]*)").finditer
"""In the strings joined by NUL: those that start like a number and hold more than digits and dots after their
first character. A string PyYAML types that starts with a digit, a sign or a dot, and that ``yaml_rs`` does not
type, is one of them (a date, an underscore, a colon, an exponent, ``0x``, ``0b``, ``.inf``); the others (``4.1``,
``-2``, ``010``) are typed by both when plain, or by neither."""

_NUMBER, _FLOAT, _DATE = 1, 2, 4
_STR = frozenset({str})


def _agrees(data: Any) -> int | None:
    """None when PyYAML may have read the text (that passed the text checks) differently from ``data``: a string
    PyYAML would have typed, a key that is not a string, a time, an infinite number. Otherwise which of
    ``_NUMBER``, ``_FLOAT`` and ``_DATE`` ``data`` holds, for the checks that depend on the text."""
    found = 0
    strings: list[str] = []
    stack = [data]
    while stack:
        value = stack.pop()
        kind = type(value)
        if kind is dict:
            if value and set(map(type, value)) != _STR:
                return None
            strings += value
            items = value.values()
        elif kind is list:
            items = value
        else:
            items = (value,)
        if set(map(type, items)) <= _STR:  # most lists: keywords, references; C speed
            strings += items
            continue
        for item in items:
            kind = type(item)
            if kind is str:
                strings.append(item)
            elif kind is dict or kind is list:
                stack.append(item)
            elif kind is bool or item is None:
                pass
            elif kind is int:
                found |= _NUMBER
            elif kind is float:
                if item - item != 0:  # inf and nan: yaml_rs reads '.inF', PyYAML only three spellings
                    return None
                found |= _NUMBER | _FLOAT
            elif kind is _dt.date:
                found |= _DATE
            else:  # datetime, time: the two differ on time zones, and 1.1 reads 10:00:00 as a number
                return None
    if not _TYPED_WORDS.isdisjoint(strings):
        return None
    for match in _NUMERIC_CANDIDATE("\x00" + "\x00".join(strings)):
        if _TYPED(match.group(1)):  # none of these is typed by both
            return None
    return found


def _read_fast(text: str) -> tuple[bool, Any]:
    """``(True, data)`` when ``yaml_rs`` read ``text`` and PyYAML would have read it alike, else ``(False, None)``."""
    if (yaml_rs is None or text.startswith(("---", "...", "%"))
            or any(c in text for c in _ALWAYS_RISKY)
            or any(c in text and search(text) for c, search in _INDICATORS.items())
            or any(search(text) for search in _STRUCTURE)
            or ("\r" in text and text.count("\r") != text.count("\r\n"))):
        return False, None
    try:
        data = yaml_rs.loads(text)
    except Exception:  # noqa: BLE001 - any doubt is settled by PyYAML, which reports errors with positions
        return False, None
    found = _agrees(data)
    if (found is None
            or (found & _NUMBER and any(search(text) for search in _INTEGER_FORMS))
            or (found & _FLOAT and any(search(text) for search in _FLOAT_FORMS))
            or (found & _DATE and _QUOTED_DATE(text))):
        return False, None
    return True, data


def load_yaml(text: str, file: str = "<catalog>") -> Any:
    """The data of one YAML document, as PyYAML's safe loader reads it; PyYAML's ``YAMLError`` when it is not, and
    ``CatalogError`` when its aliases stand for too much (``yaml_bounds``; the fast path refuses aliases)."""
    fast, data = _read_fast(text)
    if fast:
        return data
    import yaml

    if "*" in text:
        check_aliases(text, file, CatalogError)
    return yaml.load(text, Loader=safe_loader())


@lru_cache(maxsize=32)
def read_data_file(path: Path) -> Any:
    """A bundled data file's YAML (lexicons, intervals, reason codes…) read as ``load_yaml`` reads it, once per
    process: ``yaml_rs`` where PyYAML would read it alike, else PyYAML in C (pure-Python PyYAML took ~10–25 ms a
    file at start-up). The caller must not change the data it gets."""
    return load_yaml(path.read_text(encoding="utf-8"), str(path))


def safe_loader() -> type:
    """PyYAML's safe loader, in C where PyYAML was built with libyaml (imported only when PyYAML is needed)."""
    import yaml

    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # type: ignore[no-any-return]
