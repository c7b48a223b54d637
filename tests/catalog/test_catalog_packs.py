"""Catalog packs: other packages add catalogs through the entry-point group ``findings_validator.catalogs``."""

from __future__ import annotations

from importlib.metadata import EntryPoint
from pathlib import Path

import pytest

from findings_validator.catalog import load_catalogs, paths
from findings_validator.errors import CatalogError


@pytest.fixture
def installed(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, made_up: Path):  # type: ignore[no-untyped-def]
    """Install fake packs: ``installed(name, body)`` makes module ``pack_<name>`` with ``def pack(): <body>``."""
    points: list[EntryPoint] = []
    monkeypatch.setattr(paths, "_pack_entry_points", lambda: tuple(points))
    monkeypatch.syspath_prepend(str(tmp_path))

    def install(name: str, body: str) -> None:
        (tmp_path / f"pack_{name}.py").write_text(f"def pack():\n    {body}\n", encoding="utf-8")
        points.append(EntryPoint(name, f"pack_{name}:pack", paths.PACK_GROUP))

    return install


def test_the_bundled_pack_is_registered() -> None:
    names = [p.name for p in paths._pack_entry_points()]
    if names:  # installed (as in CI); a bare source checkout has no entry points and loads the files directly
        assert "bundled" in names
    assert paths.pack_files()[: len(paths.bundled_catalog_files())] == paths.bundled_catalog_files()


def test_a_pack_adds_editions(installed, made_up: Path) -> None:  # type: ignore[no-untyped-def]
    installed("bundled", "from findings_validator.catalog.paths import bundled_catalog_files; "
                         "return bundled_catalog_files()")
    installed("made_up", f"return [{str(made_up)!r}]")
    catalogs = load_catalogs(use_cache=False)
    assert {"ISO 9001:2015", "ISO 99999:2030"} <= set(catalogs.editions)
    assert "ISO 99999:2030" not in load_catalogs(bundled=False, use_cache=False).editions


def test_bundled_files_load_without_their_entry_point(installed, made_up: Path) -> None:  # type: ignore[no-untyped-def]
    """A source checkout that is not installed has no entry points; the bundled files load all the same."""
    installed("made_up", f"return [{str(made_up)!r}]")
    files = paths.pack_files()
    assert files[0] == paths.bundled_catalog_files()[0]
    assert files[-1].name == "iso99999-2020-to-iso99999-2030.yaml"


def test_a_broken_pack_is_named(installed) -> None:  # type: ignore[no-untyped-def]
    installed("broken", "raise RuntimeError('boom')")
    with pytest.raises(CatalogError, match=r"catalog pack 'broken' \(pack_broken:pack\) failed to load: boom"):
        load_catalogs(use_cache=False)
