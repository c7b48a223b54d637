"""Where the bundled data lives: inside the wheel (``_data/``) or, in a source checkout, at the top level."""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent.parent


@cache
def data_dir(name: str) -> Path:
    """``clause_catalogs`` or ``grammar``: the packaged copy when installed, else the source tree's."""
    for candidate in (_PACKAGE / "_data" / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"bundled data directory {name!r} not found next to {_PACKAGE}")


def bundled_catalog_files() -> list[Path]:
    """Every bundled edition file and map file, in a stable order."""
    root = data_dir("clause_catalogs")
    return sorted(root.glob("*.yaml")) + sorted((root / "maps").glob("*.yaml"))


def grammar_file(name: str) -> Path:
    return data_dir("grammar") / name


def bundled_pack() -> list[Path]:
    """Entry point of the bundled catalog pack (group ``findings_validator.catalogs``)."""
    return bundled_catalog_files()
