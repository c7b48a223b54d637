"""Every writer on every example report, compared whole with the golden files (see ``regenerate.py``)."""

from __future__ import annotations

import pytest

from findings_validator.writers import FORMATS

from .regenerate import GOLDEN, NOTE, SIDECAR, UNCOMMENTED, example_names, golden_files

EXPECTED = golden_files()
HINT = "golden files are generated: run `python tests/writers/regenerate.py` and review the diff"


def test_there_are_five_examples() -> None:
    assert len(example_names()) == 5


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_golden_file_matches(name: str) -> None:
    path = GOLDEN / name
    assert path.exists(), f"{name} is missing; {HINT}"
    assert path.read_bytes().decode("utf-8") == EXPECTED[name], f"{name} differs; {HINT}"


def test_no_stray_golden_files() -> None:
    assert sorted(p.name for p in GOLDEN.iterdir()) == sorted(EXPECTED), HINT


@pytest.mark.parametrize("fmt", FORMATS)
def test_golden_files_carry_the_note(fmt: str) -> None:
    for name in example_names():
        content = EXPECTED[f"{name}.{fmt}"]
        if fmt in UNCOMMENTED:
            assert f"`{name}.{fmt}`" in EXPECTED[SIDECAR]
        else:
            assert NOTE in content.splitlines()[0] + content.splitlines()[1]
