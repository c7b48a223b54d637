"""docs/catalog-format.md describes every field of the format and every value of its vocabularies."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import BaseModel

from findings_validator.catalog.schema import (
    Amendment, CatalogFile, ClauseEntry, GuidanceDocument, GuidanceFile, Kind, MapEntry, MapFile, NotRequiredEntry,
    NotRequiredFile, Relationship, Status,
)

DOCS = Path(__file__).resolve().parents[2] / "docs"
FORMAT = (DOCS / "catalog-format.md").read_text(encoding="utf-8")


def _names(model: type[BaseModel]) -> list[str]:
    return [field.alias or name for name, field in model.model_fields.items()]


@pytest.mark.parametrize("model", [CatalogFile, ClauseEntry, Amendment, MapFile, MapEntry, GuidanceFile,
                                   GuidanceDocument, NotRequiredFile, NotRequiredEntry], ids=lambda m: m.__name__)
def test_every_field_is_documented(model: type[BaseModel]) -> None:
    missing = [name for name in _names(model) if f"`{name}`" not in FORMAT and f"`entries[].{name}`" not in FORMAT
               and f"`not_required[].{name}`" not in FORMAT]
    assert missing == []


@pytest.mark.parametrize("value", [*Relationship, *Kind, *Status], ids=lambda v: v.value)
def test_every_value_is_documented(value: Relationship | Kind | Status) -> None:
    assert f"`{value.value}`" in FORMAT


def test_sources_document_is_one_file() -> None:
    assert (DOCS / "catalog-sources.md").is_file()
    assert not (DOCS / "catalog-sources").exists()
    for path in (DOCS.parent / "clause_catalogs").glob("*.yaml"):
        assert "docs/catalog-sources/" not in path.read_text(encoding="utf-8"), path.name
