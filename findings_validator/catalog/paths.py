"""Where the catalog data lives: inside the wheel (``_data/``) or, in a source checkout, at the top level; and the
catalog packs other packages install (entry-point group ``findings_validator.catalogs``)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import cache
from importlib.metadata import EntryPoint, distributions
from pathlib import Path

from ..errors import CatalogError

_PACKAGE = Path(__file__).resolve().parent.parent
PACK_GROUP = "findings_validator.catalogs"


@cache
def data_dir(name: str) -> Path:
    """``clause_catalogs`` or ``grammar``: the packaged copy when installed, else the source tree's."""
    for candidate in (_PACKAGE / "_data" / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"bundled data directory {name!r} not found next to {_PACKAGE}")


def bundled_catalog_files() -> list[Path]:
    """Every bundled edition file, map file and list of what clauses do not require, in a stable order."""
    root = data_dir("clause_catalogs")
    return (sorted(root.glob("*.yaml")) + sorted((root / "maps").glob("*.yaml"))
            + sorted((root / "not-required").glob("*.yaml")))


def grammar_file(name: str) -> Path:
    return data_dir("grammar") / name


def bundled_pack() -> list[Path]:
    """Entry point of the bundled catalog pack (group ``findings_validator.catalogs``)."""
    return bundled_catalog_files()


@cache
def _pack_entry_points() -> tuple[EntryPoint, ...]:
    """``entry_points(group=PACK_GROUP)``, in a third less time: that parses every entry point of every installed
    distribution, this only those of distributions whose ``entry_points.txt`` names the group (it is read either
    way). As there, the first distribution of a name on ``sys.path`` hides later ones. Installed packs do not
    change while the process runs, so this runs once."""
    seen: set[str] = set()
    found: list[EntryPoint] = []
    for dist in distributions():
        name = getattr(dist, "_normalized_name", None) or re.sub(r"[-_.]+", "_", dist.metadata["Name"] or "").lower()
        if name in seen:
            continue
        seen.add(name)
        text = dist.read_text("entry_points.txt")
        if text and PACK_GROUP in text:
            found.extend(ep for ep in dist.entry_points if ep.group == PACK_GROUP)
    return tuple(found)


def expand(items: Iterable[str | Path]) -> list[Path]:
    """Files as given; a directory as every ``*.yaml`` under it, sorted."""
    out: list[Path] = []
    for item in items:
        path = Path(item)
        out.extend(sorted(path.rglob("*.yaml")) if path.is_dir() else [path])
    return out


def pack_files() -> list[Path]:
    """The files of every installed catalog pack, the bundled pack first, then the others by name.

    A pack is an entry point in the group ``findings_validator.catalogs`` naming a callable that returns files or
    directories. In a source checkout that is not installed, the bundled files are used directly.
    """
    points = sorted(_pack_entry_points(), key=lambda ep: (ep.name != "bundled", ep.name))
    files: list[Path] = [] if any(ep.name == "bundled" for ep in points) else bundled_catalog_files()
    for point in points:
        try:
            pack: Callable[[], Iterable[str | Path]] = point.load()
            found = expand(pack())
        except Exception as exc:  # noqa: BLE001 - a broken plugin is reported, not a traceback
            raise CatalogError(f"catalog pack {point.name!r} ({point.value}) failed to load: {exc}",
                               hint=f"uninstall or fix the package that provides it (group {PACK_GROUP})") from exc
        files.extend(p for p in found if p not in files)
    return files
