"""The limits on YAML aliases and nesting hold at their stated numbers, in reports, catalogs and ``fix``, and the
user is told the file, line, column and what to do; whatever PyYAML release is installed."""

from __future__ import annotations

from pathlib import Path

import pytest

from findings_validator.catalog.loader import load_file
from findings_validator.cli import main
from findings_validator.errors import CatalogError, InputError
from findings_validator.fix import fix_file
from findings_validator.readers import read_report
from findings_validator.readers.yaml_load import MAX_DEPTH
from findings_validator.yaml_bounds import HINT, MAX_ALIAS_CHARS, MAX_ALIAS_NODES, MAX_ALIASES

AUDIT = "audit:\n  criteria: ['ISO 9001:2015']\nfindings: []\n"


def aliases(count: int, value: str = "x") -> str:
    """A report whose last line uses the anchor ``count`` times."""
    return AUDIT + f"shared: &s {value}\nuses: [{', '.join(['*s'] * count)}]\n"


def bomb(levels: int) -> str:
    """Each line ten aliases of the one above: 10 ** (levels + 1) values in ``levels + 1`` short lines."""
    return "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + n)}: &{chr(98 + n)} [{', '.join([f'*{chr(97 + n)}'] * 10)}]\n" for n in range(levels))


def refused(text: str) -> InputError:
    with pytest.raises(InputError) as caught:
        read_report(text, format="yaml")
    assert caught.value.hint == HINT
    return caught.value


def test_alias_count_limit() -> None:
    assert read_report(aliases(MAX_ALIASES), format="yaml").report.audit.criteria
    error = refused(aliases(MAX_ALIASES + 1))
    assert error.message == f"the YAML has more than {MAX_ALIASES:,} aliases"
    assert error.location is not None and error.location.file == "<input>"
    assert (error.location.line, error.location.column) == (5, 8 + 4 * MAX_ALIASES)   # the alias that went over


def test_expanded_values_limit() -> None:
    # 10 + 100 + 1000 + 10_000 = 11_110 values reached through aliases: allowed; one level more is 111_110
    read_report(bomb(3), format="yaml")
    error = refused(bomb(4))
    assert error.message == f"the YAML has aliases that stand for more than {MAX_ALIAS_NODES:,} values"
    assert error.location is not None and error.location.line == 5


def test_expanded_text_limit() -> None:
    long = "y" * 100_000
    allowed = MAX_ALIAS_CHARS // len(long)
    read_report(aliases(allowed, long), format="yaml")
    error = refused(aliases(allowed + 1, long))
    assert error.message == f"the YAML has aliases that stand for more than {MAX_ALIAS_CHARS:,} characters of text"


def test_nesting_limit_whatever_libyaml_does() -> None:
    read_report("a: " + "[" * (MAX_DEPTH - 1) + "]" * (MAX_DEPTH - 1), format="yaml")
    for text in ("a: " + "[" * MAX_DEPTH, "a: " + "[" * 100_000,   # PyYAML 6.0.4's libyaml stops at 1000 itself
                 "a:\n" + "".join(" " * n + "- \n" for n in range(2000))):
        with pytest.raises(InputError, match=f"nested deeper than {MAX_DEPTH} levels") as caught:
            read_report(text, format="yaml")
        assert caught.value.location is not None and caught.value.location.line >= 1
        assert "brackets and indentation" in (caught.value.hint or "")


def test_the_message_on_the_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "bomb.yaml"
    path.write_text(bomb(5), encoding="utf-8")
    assert main(["check", str(path), "--isolated"]) == 2
    out = capsys.readouterr().out
    assert str(path) in out and "5:36" in out
    assert f"more than {MAX_ALIAS_NODES:,} values" in out and "write the values out" in out


def test_fix_refuses_before_ruamel_reads(tmp_path: Path) -> None:
    path = tmp_path / "bomb.yaml"
    path.write_text(bomb(8), encoding="utf-8")
    with pytest.raises(InputError) as caught:
        fix_file(path, write=False)
    assert caught.value.location is not None and (caught.value.location.file, caught.value.location.line) == (
        str(path), 5)


def test_catalog_file_limit(tmp_path: Path) -> None:
    path = tmp_path / "bomb.yaml"
    path.write_text("format: 1\n" + bomb(8) + "clauses: []\n", encoding="utf-8")
    with pytest.raises(CatalogError) as caught:
        load_file(path)
    assert caught.value.message == f"the YAML has aliases that stand for more than {MAX_ALIAS_NODES:,} values"
    assert caught.value.location is not None
    assert (caught.value.location.file, caught.value.location.line) == (str(path), 6)
    assert caught.value.hint == HINT


def test_catalog_aliases_of_one_big_scalar_are_refused(tmp_path: Path) -> None:
    """Regression: the guard counted values, not characters, so aliases of one big scalar in a catalog file took
    3 GB; the text they stand for is bounded too."""
    long = "y" * 100_000
    path = tmp_path / "pack.yaml"
    path.write_text(f"format: 1\nshared: &s {long}\nuses: [{', '.join(['*s'] * (MAX_ALIAS_CHARS // len(long) + 1))}]\n"
                    "clauses: []\n", encoding="utf-8")
    with pytest.raises(CatalogError) as caught:
        load_file(path)
    assert caught.value.message == (f"the YAML has aliases that stand for more than {MAX_ALIAS_CHARS:,} "
                                    "characters of text")
    assert caught.value.location is not None and caught.value.location.line == 3
