"""A bad catalog file gives exactly one clear ``CatalogError`` naming the file, the line and the offending entry."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from findings_validator.catalog import load_catalogs
from findings_validator.catalog.loader import load_file, main
from findings_validator.errors import CatalogError

HEAD = """\
format: 1
standard: ISO 99999
edition: 2030
title: Made-up requirements
status: current
clauses:
  - id: "4"
    title: Context
    requirement: false
    summary: Heading.
  - id: "4.1"
    title: Issues
    requirement: true
    items: a-c
    summary: Know the issues.
"""  # 15 lines: an appended entry starts on line 16

BAD = {
    # name: (text appended to HEAD, line, words the message must contain)
    "duplicate id": ('  - id: "4.1"\n    title: Again\n    requirement: true\n    summary: x\n',
                     16, ["'4.1'", "defined twice"]),
    "dangling reference": ('  - id: "4.2"\n    title: Refs\n    requirement: true\n    references: ["4.1", "9.9"]\n'
                           '    summary: x\n', 19, ["'4.2'", "'9.9'"]),
    "dangling close clause": ('  - id: "4.2"\n    title: Close\n    requirement: true\n    close: ["4.1", "9.9"]\n'
                              '    distinct: [issues]\n    summary: x\n', 19, ["'4.2'", "'9.9'", "close clause"]),
    "unknown field": ('  - id: "4.2"\n    title: T\n    requirement: true\n    colour: red\n    summary: x\n',
                      19, ["'4.2'", "'colour'", "not permitted"]),
    "wrong type": ('  - id: "4.2"\n    title: T\n    requirement: maybe\n    summary: x\n',
                   18, ["'4.2'", "'requirement'", "boolean"]),
    "bad letters": ('  - id: "4.2"\n    title: T\n    requirement: true\n    items: [a, bb]\n    summary: x\n',
                    19, ["'4.2'", "'items'", "'bb'"]),
    "item subject of no item": ('  - id: "4.2"\n    title: T\n    requirement: true\n    items: a-b\n'
                                '    item_subjects: {c: [cause]}\n    summary: x\n', 16, ["'4.2'", "c)", "not among the items"]),
    "item subject with no phrase": ('  - id: "4.2"\n    title: T\n    requirement: true\n    items: a-b\n'
                                    '    item_subjects: {a: []}\n    summary: x\n', 16, ["'4.2'", "a)", "no phrase"]),
    "bad anchor": ('  - id: "4.2"\n    title: T\n    requirement: true\n    anchors: [issue*, "up*"]\n    summary: x\n',
                   19, ["'4.2'", "'anchors", "'up*'", "three letters"]),
    "bad id": ('  - id: "4.x"\n    title: T\n    requirement: true\n    summary: x\n', 16, ["'4.x'", "'id'"]),
    "missing parent": ('  - id: "5.1"\n    title: T\n    requirement: true\n    summary: x\n', 16, ["'5.1'", "'5'"]),
    "missing field": ('  - id: "4.2"\n    title: T\n    requirement: true\n', 16, ["'4.2'", "'summary'", "required"]),
    "YAML syntax error": ('  - id: "4.2"\n    title: [T\n    requirement: true\n', 18,
                          ["YAML syntax error in clause '4.2'"]),
    "YAML indentation": ('  - id: "4.2"\n    title: T\n   requirement: true\n', 18, ["YAML syntax error in clause '4.2'"]),
}


@pytest.mark.parametrize("case", BAD, ids=list(BAD))
def test_bad_catalog_file(case: str, write: Callable[[str, str], Path]) -> None:
    appended, line, words = BAD[case]
    path = write("iso99999-2030.yaml", HEAD + appended)
    with pytest.raises(CatalogError) as info:
        load_catalogs([path], bundled=False, use_cache=False)
    error = info.value
    assert error.location is not None
    assert (error.location.file, error.location.line) == (str(path), line), str(error)
    for word in words:
        assert word in error.message, error.message
    assert str(error).startswith(f"{path}:{line}:")
    assert str(error).count(str(path)) == 1  # one error, said once


def test_map_to_a_missing_clause(write: Callable[[str, str], Path], tmp_path: Path, texts: dict[str, str]) -> None:
    write("iso99999-2020.yaml", texts["old"])
    write("iso99999-2030.yaml", texts["new"])
    bad_map = texts["map"].replace('to: ["4.2", "4.3"]', 'to: ["4.2", "4.9"]')
    path = write("maps/iso99999-2020-to-iso99999-2030.yaml", bad_map)
    with pytest.raises(CatalogError) as info:
        load_catalogs([tmp_path], bundled=False, use_cache=False)
    error = info.value
    assert error.location is not None and error.location.file == str(path)
    line = textwrap.dedent(bad_map).splitlines().index('    to: ["4.2", "4.9"]') + 1
    assert error.location.line == line, str(error)
    assert "'4.2'" in error.message and "'4.9'" in error.message and "ISO 99999:2030" in error.message


def test_map_from_a_missing_clause(write: Callable[[str, str], Path], tmp_path: Path, texts: dict[str, str]) -> None:
    write("iso99999-2020.yaml", texts["old"])
    write("iso99999-2030.yaml", texts["new"])
    path = write("maps/m.yaml", texts["map"].replace('- from: "4.1"', '- from: "4.7"'))
    with pytest.raises(CatalogError) as info:
        load_catalogs([tmp_path], bundled=False, use_cache=False)
    assert info.value.location is not None and info.value.location.file == str(path)
    assert info.value.location.line == 8 and "'4.7'" in info.value.message


def test_map_to_an_edition_not_loaded(write: Callable[[str, str], Path], tmp_path: Path,
                                      texts: dict[str, str]) -> None:
    write("iso99999-2030.yaml", texts["new"])
    path = write("maps/m.yaml", texts["map"])
    with pytest.raises(CatalogError) as info:
        load_catalogs([tmp_path], bundled=False, use_cache=False)
    assert info.value.location is not None
    assert (info.value.location.file, info.value.location.line) == (str(path), 2)
    assert "'ISO 99999:2020'" in info.value.message


def test_removed_entries_have_no_target(write: Callable[[str, str], Path], texts: dict[str, str]) -> None:
    path = write("maps/m.yaml", texts["map"].replace("relationship: superset", "relationship: removed"))
    with pytest.raises(CatalogError) as info:
        load_file(path)
    assert info.value.location is not None and info.value.location.line == 11
    assert info.value.message.startswith("map entry '4.2': ")


def test_edition_loaded_twice(write: Callable[[str, str], Path], tmp_path: Path, texts: dict[str, str]) -> None:
    write("a.yaml", texts["new"])
    second = write("b.yaml", texts["new"])
    with pytest.raises(CatalogError) as info:
        load_catalogs([tmp_path], bundled=False, use_cache=False)
    assert info.value.location is not None and info.value.location.file == str(second)
    assert "ISO 99999:2030" in info.value.message


@pytest.mark.parametrize(("text", "message"), [
    ("- just\n- a list\n", "mapping"),
    ("", "mapping"),
    (b"\xff\xfe not utf-8", "UTF-8"),
])
def test_not_a_catalog_at_all(text: str | bytes, message: str, tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_bytes(text if isinstance(text, bytes) else text.encode())
    with pytest.raises(CatalogError, match=message):
        load_file(path)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(CatalogError, match="cannot read"):
        load_catalogs([tmp_path / "nowhere.yaml"], bundled=False, use_cache=False)


def test_checker_command(write: Callable[[str, str], Path], capsys: pytest.CaptureFixture[str],
                         texts: dict[str, str]) -> None:
    good = write("good.yaml", texts["new"])
    bad = write("bad.yaml", HEAD + BAD["unknown field"][0])
    assert main([str(good), str(bad)]) == 2
    out, err = capsys.readouterr()
    assert out == f"{good}: ok\n"
    assert err.startswith(f"{bad}:19:5: clause '4.2', field 'colour'")
