"""The on-disk cache of built catalogs, parsed rule files and the grammars' parse tables, as plain JSON data.

Nothing read back from the cache can run code: entries are JSON (``orjson``) whose objects are rebuilt only as
the classes a caller names (``read(..., types=...)``) from their field values, so a planted or corrupted file at
worst misses. Each entry is keyed by the content of everything it was built from (any change to a catalog file,
to the set of files or to the package version gives a new key, so a stale entry is never read) and carries the
SHA-256 of its body, checked before decoding.

The folder (``FINDINGS_VALIDATOR_CACHE`` or the user cache directory) is created private (0700). A folder owned
by another user, or writable by group or others, is refused with one message on standard error, and the tool
then works without a cache. A cache that cannot be read or written is ignored: it only ever saves time.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import enum
import hashlib
import math
import os
import re
import stat
import sys
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import fields, is_dataclass
from pathlib import Path
from typing import Any

from .. import __version__

FORMAT = 9
"""Bumped whenever the cached classes change shape or module, so an old entry is never decoded."""

_MAGIC = b"findings-validator-cache"
_INT_BOUND = 1 << 63


def cache_dir() -> Path:
    env = os.environ.get("FINDINGS_VALIDATOR_CACHE")
    if env:
        return Path(env)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("findings-validator"))


_REFUSED: set[str] = set()


def unsafe_reason(st: os.stat_result) -> str | None:
    """Why a cache folder (or file) with this status may not be trusted, or None when it may. (POSIX owners and
    modes; elsewhere the user's cache folder is trusted as it is.)"""
    if os.name != "posix":  # pragma: no cover - Windows reports no owner and every folder as 0777
        return None
    owner = os.geteuid()
    if st.st_uid != owner:
        return f"it is owned by user id {st.st_uid}, not by the user running the check ({owner})"
    if st.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        return f"it is writable by {'group and others' if st.st_mode & stat.S_IWGRP and st.st_mode & stat.S_IWOTH else 'group' if st.st_mode & stat.S_IWGRP else 'others'} (mode {stat.S_IMODE(st.st_mode):04o})"
    return None


def usable_dir(*, create: bool = True) -> Path | None:
    """The cache folder when it may be used: created 0700 if missing (``create``), a directory owned by the user
    and not writable by group or others. Otherwise None, after one message on standard error for an unsafe one."""
    directory = cache_dir()
    try:
        if create and not directory.exists():
            directory.parent.mkdir(parents=True, exist_ok=True)
            directory.mkdir(mode=0o700, exist_ok=True)
        st = directory.stat()
    except OSError:
        return None
    if not stat.S_ISDIR(st.st_mode):
        return None
    reason = unsafe_reason(st)
    if reason is not None:
        if str(directory) not in _REFUSED:
            _REFUSED.add(str(directory))
            print(f"findings-validator: not using the cache folder {directory}: {reason}; working without a "
                  f"cache (make it private with 'chmod 700', or set FINDINGS_VALIDATOR_CACHE to a private folder)",
                  file=sys.stderr)
        return None
    return directory


def content_key(files: list[tuple[Path, bytes]]) -> str:
    digest = hashlib.sha256(f"{__version__}/{FORMAT}".encode())
    for path, data in files:
        digest.update(path.name.encode() + b"\0" + hashlib.sha256(data).digest())
    return digest.hexdigest()[:32]


# ---- plain data ----------------------------------------------------------------------------------------------
# JSON holds dicts with string keys, lists, strings, finite floats, 64-bit ints, booleans and null. Everything else
# is a one-key object whose key starts with "@": a tuple, a dict with other keys, a big int, a special float, a
# date, an enum member, a compiled pattern, or an instance of a named class (a dataclass's fields, another class's
# ``__getstate__``, or a class's own plain form, ``__plain__`` and ``__from_plain__``, for the many small ones).
# A dict of the data whose keys start with "@" is stored the second way, so a one-key object is never ambiguous.

def encode(value: Any) -> Any:
    """``value`` as JSON-ready plain data (see above); raises TypeError on anything else."""
    if isinstance(value, enum.Enum):  # first: a StrEnum member is a str too
        return {"@e": [type(value).__name__, encode(value.value)]}
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, int):
        return value if -_INT_BOUND <= value < _INT_BOUND else {"@i": format(value, "x")}  # hex: no digit limit
    if isinstance(value, float):
        return value if math.isfinite(value) else {"@f": repr(value)}
    if isinstance(value, list):
        return [encode(v) for v in value]
    if isinstance(value, tuple):
        return {"@t": [encode(v) for v in value]}
    if isinstance(value, dict):
        if all(type(k) is str and not k.startswith("@") for k in value):
            return {k: encode(v) for k, v in value.items()}
        return {"@d": [[encode(k), encode(v)] for k, v in value.items()]}
    if isinstance(value, _dt.date) and not isinstance(value, _dt.datetime):
        return {"@date": value.isoformat()}
    if isinstance(value, re.Pattern):
        return {"@re": [value.pattern, value.flags]}
    plain = getattr(type(value), "__plain__", None)
    if plain is not None:
        return {"@p": [type(value).__name__, plain(value)]}
    if is_dataclass(value) and not isinstance(value, type):
        return {"@n": [type(value).__name__, [encode(getattr(value, f.name)) for f in fields(value)]]}
    if hasattr(value, "__dict__"):
        return {"@o": [type(value).__name__, encode(value.__getstate__())]}
    raise TypeError(f"cannot cache a {type(value).__name__}")


class _Unknown(Exception):
    """An entry names a class, tag or enum member its reader did not allow."""


def decode(data: Any, types: Mapping[str, type]) -> Any:
    """The value ``encode`` gave ``data``, rebuilding only the classes of ``types`` (by name): dataclasses through
    their constructor, other classes through ``__setstate__`` (or their attributes); enums by value. Raises on
    anything else. (Scalars are passed over inline: a warm start decodes some 30,000 values.)"""
    kind = type(data)
    if kind is list:
        return [decode(v, types) if type(v) in _NESTED else v for v in data]
    if kind is not dict:
        return data
    if len(data) == 1:
        ((tag, body),) = data.items()
        if tag[:1] == "@":
            return _TAGS[tag](body, types)
    return {k: decode(v, types) if type(v) in _NESTED else v for k, v in data.items()}


_NESTED = (dict, list)


def _items(body: Any, types: Mapping[str, type]) -> list[Any]:
    return [decode(v, types) if type(v) in _NESTED else v for v in body]


def _named(types: Mapping[str, type], name: object) -> type:
    cls = types.get(name) if isinstance(name, str) else None
    if cls is None:
        raise _Unknown(name)
    return cls


def _instance(body: Any, types: Mapping[str, type]) -> Any:
    cls = _named(types, body[0])
    if not is_dataclass(cls):
        raise _Unknown(body[0])
    return cls(*_items(body[1], types))


def _plain(body: Any, types: Mapping[str, type]) -> Any:
    cls = _named(types, body[0])
    rebuild = getattr(cls, "__from_plain__", None)
    if rebuild is None:
        raise _Unknown(body[0])
    return rebuild(body[1])


def _object(body: Any, types: Mapping[str, type]) -> Any:
    cls = _named(types, body[0])
    if is_dataclass(cls) or issubclass(cls, enum.Enum):
        raise _Unknown(body[0])
    state = decode(body[1], types)
    if not isinstance(state, dict):
        raise _Unknown(body[0])
    obj: Any = cls.__new__(cls)
    if hasattr(cls, "__setstate__"):
        obj.__setstate__(state)
    else:
        obj.__dict__.update(state)
    return obj


def _member(body: Any, types: Mapping[str, type]) -> Any:
    cls = _named(types, body[0])
    if not issubclass(cls, enum.Enum):
        raise _Unknown(body[0])
    return cls(decode(body[1], types))


def _pattern(body: Any, types: Mapping[str, type]) -> re.Pattern[str]:
    pattern, flags = body
    if not isinstance(pattern, str) or not isinstance(flags, int):
        raise _Unknown("@re")
    return re.compile(pattern, flags)


def _float(body: Any, types: Mapping[str, type]) -> float:
    if body not in ("inf", "-inf", "nan"):
        raise _Unknown("@f")
    return float(body)


_TAGS: dict[str, Callable[[Any, Mapping[str, type]], Any]] = {
    "@t": lambda body, types: tuple(_items(body, types)),
    "@d": lambda body, types: {decode(k, types): decode(v, types) for k, v in body},
    "@i": lambda body, types: int(body, 16),
    "@f": _float,
    "@date": lambda body, types: _dt.date.fromisoformat(body),
    "@e": _member,
    "@re": _pattern,
    "@n": _instance,
    "@p": _plain,
    "@o": _object,
}


# ---- the entries ---------------------------------------------------------------------------------------------
def _entry(directory: Path, kind: str, key: str) -> Path:
    return directory / f"{kind}-{key}.json"


def read(key: str, kind: str = "catalogs", *, types: Mapping[str, type] = {}) -> object | None:
    """The cached value for ``key`` (built catalogs, or parsed rule files with ``kind="rules"``…), rebuilt with
    the classes ``types`` only; None when missing, unsafe, corrupt or of another shape."""
    import orjson

    directory = usable_dir(create=False)
    if directory is None:
        return None
    try:
        fd = os.open(_entry(directory, kind, key), os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return None
    try:
        with os.fdopen(fd, "rb") as fh:
            st = os.fstat(fh.fileno())
            if not stat.S_ISREG(st.st_mode) or unsafe_reason(st) is not None:
                return None
            header = fh.readline().split()
            body = fh.read()
        if header[:2] != [_MAGIC, str(FORMAT).encode()] or header[2:] != [hashlib.sha256(body).hexdigest().encode()]:
            return None
        value: object = decode(orjson.loads(body), types)
        return value
    except Exception:  # noqa: BLE001 - a damaged entry can fail in many ways; it is only a cache
        return None


def write(key: str, value: object, kind: str = "catalogs") -> None:
    """Store ``value`` (plain data, dataclasses and simple objects; see ``encode``) under ``key``; never raises
    for a folder that cannot be used."""
    import orjson

    directory = usable_dir()
    if directory is None:
        return
    try:
        body = orjson.dumps(encode(value))
    except (TypeError, orjson.JSONEncodeError):
        return
    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(dir=directory, suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            fh.write(b"%s %d %s\n" % (_MAGIC, FORMAT, hashlib.sha256(body).hexdigest().encode()))
            fh.write(body)
        os.replace(tmp, _entry(directory, kind, key))
        tmp = None
    except OSError:
        pass
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
