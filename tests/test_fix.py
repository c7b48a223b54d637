"""`fix`: citation rewrites (safe, and unsafe when asked) that keep comments and layout, are idempotent and write
atomically."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from findings_validator.errors import InputError
from findings_validator.fix import atomic_write, fix_file

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture()
def report(tmp_path: Path) -> Path:
    path = tmp_path / "report.yaml"
    shutil.copy(ROOT / "examples" / "iso27001-surveillance.yaml", path)
    return path


def test_fix_replaces_a_single_successor_and_normalises(report: Path, catalogs) -> None:  # type: ignore[no-untyped-def]
    before = report.read_text()
    outcome = fix_file(report, catalogs=catalogs, unsafe=True)
    after = report.read_text()
    assert outcome.changes == ["NC-01: 'Annex A control 5.18' → 'A.5.18'",
                               "NC-02: 'A.12.6.1' → 'ISO/IEC 27001:2022 A.8.8'"]
    changed = [(a, b) for a, b in zip(before.splitlines(), after.splitlines()) if a != b]
    assert changed == [('    clause: "Annex A control 5.18"', '    clause: "A.5.18"'),
                       ('    clause: "A.12.6.1"', '    clause: "ISO/IEC 27001:2022 A.8.8"')]
    assert len(before.splitlines()) == len(after.splitlines())   # comments and layout kept


def test_fix_is_idempotent_and_leaves_unchanged_files_untouched(report: Path, catalogs) -> None:  # type: ignore[no-untyped-def]
    fix_file(report, catalogs=catalogs, unsafe=True)
    stamp = report.stat().st_mtime_ns
    os.utime(report, ns=(stamp - 10_000_000, stamp - 10_000_000))
    again = fix_file(report, catalogs=catalogs, unsafe=True)
    assert not again.changed
    assert report.stat().st_mtime_ns == stamp - 10_000_000


def test_check_mode_writes_nothing_and_shows_a_diff(report: Path, catalogs) -> None:  # type: ignore[no-untyped-def]
    before = report.read_bytes()
    outcome = fix_file(report, write=False, catalogs=catalogs, unsafe=True)
    assert outcome.changed and report.read_bytes() == before
    assert "-    clause: \"A.12.6.1\"" in outcome.diff and "+    clause: \"ISO/IEC 27001:2022 A.8.8\"" in outcome.diff


def test_a_successor_that_is_a_heading_is_not_applied(tmp_path: Path, catalogs) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "r.yaml"
    path.write_text('audit: {criteria: ["ISO 9001:2015"]}\nfindings:\n  - {id: A, grade: minor, clause: "ISO 9001:2008 8.2.2"}\n')
    outcome = fix_file(path, catalogs=catalogs, unsafe=True)   # 8.2.2 maps to the heading 9.2 only: nothing safe to do
    assert not outcome.changed


def test_interrupted_write_leaves_the_original_intact(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "r.yaml"
    path.write_text("original\n")

    def boom(*_: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(KeyboardInterrupt):
        atomic_write(path, "new content\n")
    assert path.read_text() == "original\n"
    assert [p.name for p in tmp_path.iterdir()] == ["r.yaml"]


def test_only_yaml_json_and_markdown_are_fixed(tmp_path: Path, catalogs) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "r.csv"
    path.write_text("id,grade\n")
    with pytest.raises(InputError, match="YAML, JSON and Markdown reports"):
        fix_file(path, catalogs=catalogs)
