"""docs/dsl.md's name tables and docs/rules.md are generated from the language; they must be up to date."""

from __future__ import annotations

from pathlib import Path

from findings_validator.dsl import load_rules
from findings_validator.dsl.explain import rules_markdown
from findings_validator.dsl.reference import update

DOCS = Path(__file__).resolve().parent.parent.parent / "docs"


def test_dsl_reference_tables_are_current() -> None:
    path = DOCS / "dsl.md"
    assert update(path) == path.read_text(encoding="utf-8"), "run: python -m findings_validator.dsl.reference"


def test_rules_reference_is_current() -> None:
    assert rules_markdown(load_rules()) == (DOCS / "rules.md").read_text(encoding="utf-8"), \
        "run: python -m findings_validator.dsl.explain > docs/rules.md"
