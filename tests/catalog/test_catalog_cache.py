"""The pickle cache of built catalogs: keyed by content, never stale, and ignored when unreadable."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from findings_validator.catalog import Catalogs, cache, load_catalogs


@pytest.fixture(autouse=True)
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    directory = tmp_path / "cache"
    monkeypatch.setenv("FINDINGS_VALIDATOR_CACHE", str(directory))
    return directory


def _files(root: Path) -> list[tuple[Path, bytes]]:
    return [(p, p.read_bytes()) for p in sorted(root.rglob("*.yaml"))]


def test_cache_dir_from_environment(cache_dir: Path) -> None:
    assert cache.cache_dir() == cache_dir


def test_key_follows_content(made_up: Path) -> None:
    files = _files(made_up)
    key = cache.content_key(files)
    assert key == cache.content_key(files)
    changed = [(p, data + b"\n# edited\n") if p.name == "iso99999-2030.yaml" else (p, data) for p, data in files]
    assert cache.content_key(changed) != key
    assert cache.content_key(files[:-1]) != key  # a file more or less
    assert cache.content_key(list(reversed(files))) != key  # order matters: later files extend earlier ones


def test_load_writes_and_reads_the_cache(made_up: Path, cache_dir: Path) -> None:
    first = load_catalogs([made_up], bundled=False)
    written = list(cache_dir.glob("catalogs-*.pickle"))
    assert len(written) == 1
    key = written[0].name.removeprefix("catalogs-").removesuffix(".pickle")
    hit = cache.read(key)
    assert isinstance(hit, Catalogs)
    assert hit.known_editions() == first.known_editions()


def test_a_changed_file_is_read_again(made_up: Path) -> None:
    before = load_catalogs([made_up], bundled=False)
    path = made_up / "iso99999-2030.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("title: Scope", "title: Scope and boundary"),
                    encoding="utf-8")
    after = load_catalogs([made_up], bundled=False)
    assert before.clause("ISO 99999:2030/4.3").title == "Scope"  # type: ignore[union-attr]
    assert after.clause("ISO 99999:2030/4.3").title == "Scope and boundary"  # type: ignore[union-attr]


@pytest.mark.parametrize("content", [b"", b"not a pickle", pickle.dumps({"a": "dict"}), b"\x80\x05\x95garbage"])
def test_a_corrupt_cache_file_is_ignored(content: bytes, made_up: Path, cache_dir: Path) -> None:
    # make the content unique to this test, so no catalogs built earlier in the process are reused
    (made_up / "note.yaml").write_text(f"format: 1\ndocuments: []\n# {content!r}\n", encoding="utf-8")
    key = cache.content_key(_files(made_up))
    cache_dir.mkdir(parents=True, exist_ok=True)
    (cache_dir / f"catalogs-{key}.pickle").write_bytes(content)
    catalogs = load_catalogs([made_up], bundled=False)
    assert "ISO 99999:2030" in catalogs.editions
    assert isinstance(cache.read(key), Catalogs)  # and replaced by a good one


def test_an_unwritable_cache_is_ignored(made_up: Path, cache_dir: Path) -> None:
    cache_dir.parent.mkdir(parents=True, exist_ok=True)
    cache_dir.write_text("a file where the directory should be", encoding="utf-8")
    (made_up / "note.yaml").write_text("format: 1\ndocuments: []\n# unwritable\n", encoding="utf-8")
    assert "ISO 99999:2030" in load_catalogs([made_up], bundled=False).editions


def test_use_cache_false_writes_nothing(made_up: Path, cache_dir: Path) -> None:
    (made_up / "note.yaml").write_text("format: 1\ndocuments: []\n# no cache\n", encoding="utf-8")
    load_catalogs([made_up], bundled=False, use_cache=False)
    assert not list(cache_dir.glob("catalogs-*"))


def test_pickled_catalogs_equal_the_built_ones(catalogs: Catalogs) -> None:
    restored = pickle.loads(pickle.dumps(catalogs, protocol=pickle.HIGHEST_PROTOCOL))
    assert list(restored.iter_clauses()) == list(catalogs.iter_clauses())
    assert restored.editions == catalogs.editions
    assert (restored.successors, restored.predecessors) == (catalogs.successors, catalogs.predecessors)
    assert (restored.families, restored.guidance) == (catalogs.families, catalogs.guidance)
