"""A pickle of the built ``Catalogs``, keyed by the content of every file it was built from.

Any change to a catalog file, to the set of files or to the package version gives a new key, so a stale cache
is never read. A cache that cannot be read or written is ignored: it only ever saves time.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from pathlib import Path

from .. import __version__

FORMAT = 5
"""Bumped whenever the pickled classes change shape or module, so an old cache is never unpickled."""


def cache_dir() -> Path:
    env = os.environ.get("FINDINGS_VALIDATOR_CACHE")
    if env:
        return Path(env)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("findings-validator"))


def content_key(files: list[tuple[Path, bytes]]) -> str:
    digest = hashlib.sha256(f"{__version__}/{FORMAT}".encode())
    for path, data in files:
        digest.update(path.name.encode() + b"\0" + hashlib.sha256(data).digest())
    return digest.hexdigest()[:32]


def read(key: str, kind: str = "catalogs") -> object | None:
    """The cached value for ``key`` (built catalogs, or parsed rule files with ``kind="rules"``), or None."""
    path = cache_dir() / f"{kind}-{key}.pickle"
    try:
        with path.open("rb") as fh:
            value: object = pickle.load(fh)
            return value
    except Exception:  # noqa: BLE001 - a truncated or foreign pickle can raise almost anything; it is only a cache
        return None


def write(key: str, value: object, kind: str = "catalogs") -> None:
    directory = cache_dir()
    try:
        directory.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=directory, suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, directory / f"{kind}-{key}.pickle")
    except OSError:
        pass
