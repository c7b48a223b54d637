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


def test_pack_discovery_finds_what_entry_points_finds(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The faster scan returns ``entry_points(group=...)``'s answer: the same points, the first of a name wins."""
    from importlib.metadata import entry_points

    def dist(where: Path, name: str, version: str, text: str) -> None:
        info = where / f"{name}-{version}.dist-info"
        info.mkdir(parents=True)
        (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n", encoding="utf-8")
        (info / "entry_points.txt").write_text(text, encoding="utf-8")

    first, second = tmp_path / "a", tmp_path / "b"
    dist(first, "fv_pack_one", "2.0", f"[{paths.PACK_GROUP}]\none = pack_one:pack\n\n[console_scripts]\nx = y:z\n")
    dist(second, "fv_pack_one", "1.0", f"[{paths.PACK_GROUP}]\nold = pack_one_old:pack\n")  # hidden by 2.0
    dist(second, "fv_pack_two", "1.0", f"[console_scripts]\nw = v:u\n\n[{paths.PACK_GROUP}]\ntwo = pack_two:pack\n")
    dist(second, "fv_not_a_pack", "1.0", "[console_scripts]\nfindings = x:y\n")
    monkeypatch.syspath_prepend(str(second))
    monkeypatch.syspath_prepend(str(first))
    paths._pack_entry_points.cache_clear()
    try:
        found = paths._pack_entry_points()
        assert found == tuple(entry_points(group=paths.PACK_GROUP))
        assert {"one", "two"} <= {ep.name for ep in found} and "old" not in {ep.name for ep in found}
    finally:
        paths._pack_entry_points.cache_clear()
