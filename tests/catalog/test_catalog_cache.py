"""The cache of built catalogs: plain JSON keyed by content, never stale, ignored when unreadable or unsafe, and
nothing in it can run code."""

from __future__ import annotations

import os
import pickle
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from findings_validator.catalog import Catalogs, cache, load_catalogs
from findings_validator.catalog.index import CACHED_TYPES
from findings_validator.catalog.kinds import Relationship


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
    written = list(cache_dir.glob("catalogs-*.json"))
    assert len(written) == 1
    assert stat.S_IMODE(cache_dir.stat().st_mode) == 0o700
    key = written[0].name.removeprefix("catalogs-").removesuffix(".json")
    hit = cache.read(key, types=CACHED_TYPES)
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


def _entry(body: bytes) -> bytes:
    """A cache entry as ``cache.write`` frames it: the header with the body's hash, then the body."""
    import hashlib

    return b"findings-validator-cache %d %s\n" % (cache.FORMAT, hashlib.sha256(body).hexdigest().encode()) + body


@pytest.mark.parametrize("content", [
    b"", b"not json", pickle.dumps({"a": "dict"}), b"\x80\x05\x95garbage",
    _entry(b'{"a": "dict"}'),                                   # well framed, not catalogs
    _entry(b'{"@o": ["Catalogs", {"editions": {}}]}')[:-3],    # cut short: the hash no longer matches
    _entry(b'{"@n": ["Popen", [["touch", "owned"]]]}'),         # a class it may not build
    _entry(b'{"@o": ["Clause", {}]}'), _entry(b'{"@e": ["Status", "no such status"]}'), _entry(b'{"@x": 1}'),
    b"findings-validator-cache 1 0\n{}",                       # another format
])
def test_a_corrupt_cache_file_is_ignored(content: bytes, made_up: Path, cache_dir: Path) -> None:
    # make the content unique to this test, so no catalogs built earlier in the process are reused
    (made_up / "note.yaml").write_text(f"format: 1\ndocuments: []\n# {content!r}\n", encoding="utf-8")
    key = cache.content_key(_files(made_up))
    cache_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    (cache_dir / f"catalogs-{key}.json").write_bytes(content)
    assert not isinstance(cache.read(key, types=CACHED_TYPES), Catalogs)
    catalogs = load_catalogs([made_up], bundled=False)
    assert "ISO 99999:2030" in catalogs.editions
    assert isinstance(cache.read(key, types=CACHED_TYPES), Catalogs)  # and replaced by a good one


def test_an_unwritable_cache_is_ignored(made_up: Path, cache_dir: Path) -> None:
    cache_dir.parent.mkdir(parents=True, exist_ok=True)
    cache_dir.write_text("a file where the directory should be", encoding="utf-8")
    (made_up / "note.yaml").write_text("format: 1\ndocuments: []\n# unwritable\n", encoding="utf-8")
    assert "ISO 99999:2030" in load_catalogs([made_up], bundled=False).editions


def test_use_cache_false_writes_nothing(made_up: Path, cache_dir: Path) -> None:
    (made_up / "note.yaml").write_text("format: 1\ndocuments: []\n# no cache\n", encoding="utf-8")
    load_catalogs([made_up], bundled=False, use_cache=False)
    assert not list(cache_dir.glob("catalogs-*"))


def test_cached_catalogs_equal_the_built_ones(catalogs: Catalogs) -> None:
    import orjson

    restored = cache.decode(orjson.loads(orjson.dumps(cache.encode(catalogs))), CACHED_TYPES)
    assert isinstance(restored, Catalogs)
    assert [r.patterns for r in restored.references] == [r.patterns for r in catalogs.references]
    assert restored.client_documents == catalogs.client_documents
    assert restored.not_required == catalogs.not_required
    assert list(restored.iter_clauses()) == list(catalogs.iter_clauses())
    assert restored.editions == catalogs.editions
    assert (restored.successors, restored.predecessors) == (catalogs.successors, catalogs.predecessors)
    assert (restored.families, restored.guidance) == (catalogs.families, catalogs.guidance)
    for key, edition in catalogs.editions.items():  # enums stay enums (a StrEnum member equals its text)
        assert type(restored.editions[key].status) is type(edition.status)
    assert {type(s.relationship) for ss in restored.successors.values() for s in ss} == {Relationship}
    assert list(restored.iter_clauses()) == list(catalogs.iter_clauses())
    assert restored.editions == catalogs.editions
    assert (restored.successors, restored.predecessors) == (catalogs.successors, catalogs.predecessors)
    assert (restored.families, restored.guidance) == (catalogs.families, catalogs.guidance)


def test_the_graph_is_not_cached(catalogs: Catalogs) -> None:
    catalogs.graph  # noqa: B018 - built, and still not part of what is stored
    assert "graph" not in cache.encode(catalogs)["@o"][1]


@pytest.mark.parametrize("value", [
    None, True, 0, -(1 << 63), 1 << 63, 10**5000, 1.5, float("inf"), float("-inf"), "", "@t", [1, [2]], (1, (2, "x")),
    {"a": 1}, {"@t": [1]}, {"@only": 1}, {1: "int key", (2, 3): "tuple key"}, {"a": {"b": ()}},
], ids=lambda v: type(v).__name__)
def test_plain_data_round_trips(value: object) -> None:
    import orjson

    assert cache.decode(orjson.loads(orjson.dumps(cache.encode(value))), {}) == value
    restored = cache.decode(orjson.loads(orjson.dumps(cache.encode(value))), {})
    assert type(restored) is type(value)


def test_what_cannot_be_stored_is_not_stored(cache_dir: Path) -> None:
    cache.write("k", {"f": open}, kind="test")  # a function is no data
    assert not list(cache_dir.glob("test-*"))


# ---- the folder's safety -------------------------------------------------------------------------------------
def test_the_folder_is_created_private(made_up: Path, cache_dir: Path) -> None:
    (made_up / "note.yaml").write_text("format: 1\ndocuments: []\n# private\n", encoding="utf-8")
    load_catalogs([made_up], bundled=False)
    assert stat.S_IMODE(cache_dir.stat().st_mode) == 0o700
    assert all(stat.S_IMODE(p.stat().st_mode) & 0o077 == 0 for p in cache_dir.iterdir())


@pytest.mark.parametrize("mode", [0o770, 0o707, 0o777, 0o1777])
def test_a_folder_writable_by_others_is_refused(mode: int, made_up: Path, cache_dir: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    cache_dir.mkdir()
    cache_dir.chmod(mode)
    cache._REFUSED.clear()
    (made_up / "note.yaml").write_text(f"format: 1\ndocuments: []\n# mode {mode:o}\n", encoding="utf-8")
    key = cache.content_key(_files(made_up))
    assert "ISO 99999:2030" in load_catalogs([made_up], bundled=False).editions  # works without a cache
    assert not list(cache_dir.iterdir())  # nothing written
    err = capsys.readouterr().err
    assert f"not using the cache folder {cache_dir}" in err and "writable by" in err and "working without a cache" in err
    cache.write(key, {"planted": True})
    assert cache.read(key) is None and not list(cache_dir.iterdir())
    load_catalogs([made_up], bundled=False, use_cache=True)
    assert capsys.readouterr().err == ""  # said once per folder


def test_a_folder_of_another_user_is_refused(made_up: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    cache_dir.mkdir(mode=0o700)
    (made_up / "note.yaml").write_text("format: 1\ndocuments: []\n# another user\n", encoding="utf-8")
    key = cache.content_key(_files(made_up))
    load_catalogs([made_up], bundled=False)
    assert isinstance(cache.read(key, types=CACHED_TYPES), Catalogs)
    cache._REFUSED.clear()
    monkeypatch.setattr(cache.os, "geteuid", lambda: cache_dir.stat().st_uid + 1)
    assert cache.read(key, types=CACHED_TYPES) is None
    assert "is owned by user id" in capsys.readouterr().err


def test_an_entry_writable_by_others_or_a_link_is_not_read(made_up: Path, cache_dir: Path) -> None:
    (made_up / "note.yaml").write_text("format: 1\ndocuments: []\n# entry modes\n", encoding="utf-8")
    key = cache.content_key(_files(made_up))
    load_catalogs([made_up], bundled=False)
    entry = cache_dir / f"catalogs-{key}.json"
    entry.chmod(0o666)
    assert cache.read(key, types=CACHED_TYPES) is None
    entry.chmod(0o600)
    assert isinstance(cache.read(key, types=CACHED_TYPES), Catalogs)
    moved = cache_dir / "elsewhere.json"
    entry.rename(moved)
    entry.symlink_to(moved)
    assert cache.read(key, types=CACHED_TYPES) is None


PAYLOAD = """
import os, pickle, sys
class Boom:
    def __reduce__(self):
        return (os.system, ("touch " + sys.argv[2],))
data = pickle.dumps(Boom())
folder = sys.argv[1]
for name in os.listdir(folder):  # every entry the run wrote, under its own name and as the old pickles
    stem = name.rsplit(".", 1)[0]
    for planted in (name, stem + ".pickle"):
        with open(os.path.join(folder, planted), "wb") as fh:
            fh.write(data)
for name in ("rules", "citation"):  # lark's own cache files, as they were named
    with open(os.path.join(folder, name + ".lark-cache"), "wb") as fh:
        fh.write(data)
"""


def test_a_planted_pickle_never_runs(tmp_path: Path) -> None:
    """A pickle that runs a command when loaded, planted under every name the cache uses (and used to), is never
    loaded by an ordinary check: the check still works and the command never runs."""
    folder = tmp_path / "cache"
    marker = tmp_path / "owned"
    report = Path(__file__).parents[1] / "data" / "clean-report.yaml"
    env = {**os.environ, "FINDINGS_VALIDATOR_CACHE": str(folder), "NO_COLOR": "1"}
    first = subprocess.run([sys.executable, "-m", "findings_validator", "check", str(report)], env=env,
                           capture_output=True, text=True, timeout=300)
    assert first.returncode == 0, first.stdout + first.stderr
    assert {p.name.split("-", 1)[0] for p in folder.iterdir()} >= {"catalogs", "rules", "grammar"}
    subprocess.run([sys.executable, "-c", PAYLOAD, str(folder), str(marker)], check=True, timeout=60)
    assert not marker.exists()
    second = subprocess.run([sys.executable, "-m", "findings_validator", "check", str(report)], env=env,
                            capture_output=True, text=True, timeout=300)
    assert not marker.exists()
    assert (second.returncode, second.stdout) == (first.returncode, first.stdout)


@pytest.mark.parametrize(("name", "options", "text", "start"), [
    ("citation", {"start": ("field", "prose", "standard"), "maybe_placeholders": False, "propagate_positions": True},
     "ISO 9001:2015 7.1.5.2 a)", "field"),
    ("rules", {"propagate_positions": True, "maybe_placeholders": False}, None, None),
])
def test_grammar_tables_are_read_back_from_the_cache(name: str, options: dict[str, object], text: str | None,
                                                       start: str | None, cache_dir: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """The grammars' tables are stored as plain JSON and a parser loaded from them parses as the one built."""
    from lark import Lark

    from findings_validator import grammars

    built: list[object] = []

    class Counting(Lark):
        def __init__(self, *args: object, **kwargs: object) -> None:
            built.append(args)
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(grammars, "Lark", Counting)
    first = grammars.parser.__wrapped__(name, **options)
    assert len(built) == 1 and len(list(cache_dir.glob(f"grammar-{name}-*.json"))) == 1
    second = grammars.parser.__wrapped__(name, **options)
    assert len(built) == 1  # not built again: loaded from the cache
    rule_files = sorted((Path(__file__).parents[2] / "findings_validator" / "rulesets").glob("*.rules"))
    sample = text if text is not None else rule_files[0].read_text(encoding="utf-8")
    kwargs = {"start": start} if start else {}
    tree, again = first.parse(sample, **kwargs), second.parse(sample, **kwargs)
    assert again == tree
    where = [(t.meta.line, t.meta.column) for t in tree.iter_subtrees() if not t.meta.empty]
    assert where and [(t.meta.line, t.meta.column) for t in again.iter_subtrees() if not t.meta.empty] == where


def test_rule_syntax_trees_are_read_back_from_the_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    from findings_validator.dsl import ruleset

    path = sorted((Path(__file__).parents[2] / "findings_validator" / "rulesets").glob("*.rules"))[0]
    text = path.read_text(encoding="utf-8") + "\n# read back from the cache\n"
    first = ruleset._parsed(text, str(path))

    def unparsed(*_: object) -> None:
        raise AssertionError("parsed again instead of read from the cache")

    monkeypatch.setattr(ruleset, "parse_rules", unparsed)
    again = ruleset._parsed(text, str(path))
    assert again == first and again is not first
    assert [r.clause_positions for r in again.rules] == [r.clause_positions for r in first.rules]
