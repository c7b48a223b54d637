"""docs/*.schema.json are generated from the pydantic models, and the bundled files validate against them."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from findings_validator.catalog.paths import bundled_catalog_files
from findings_validator.catalog.schema_export import SCHEMAS, main, schema_text

DOCS = Path(__file__).resolve().parents[2] / "docs"


@pytest.mark.parametrize("name", SCHEMAS)
def test_committed_schema_is_current(name: str) -> None:
    assert (DOCS / name).read_text(encoding="utf-8") == schema_text(SCHEMAS[name]), (
        f"docs/{name} is out of date: run python -m findings_validator.catalog.schema_export")


def test_check_mode(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(DOCS), "--check"]) == 0
    assert main([str(tmp_path), "--check"]) == 1
    assert "out of date" in capsys.readouterr().err
    assert main([str(tmp_path)]) == 0
    assert main([str(tmp_path), "--check"]) == 0


def _plain(value: object) -> object:
    """YAML dates as the ISO strings JSON would carry."""
    return json.loads(json.dumps(value, default=lambda v: v.isoformat() if isinstance(v, dt.date) else str(v)))


@pytest.mark.parametrize("path", bundled_catalog_files(), ids=lambda p: p.name)
def test_bundled_file_validates_against_its_schema(path: Path) -> None:
    name = ("map.schema.json" if path.parent.name == "maps" else
            "not-required.schema.json" if path.parent.name == "not-required" else
            "guidance.schema.json" if path.name == "guidance.yaml" else "catalog.schema.json")
    schema = json.loads((DOCS / name).read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    data = _plain(yaml.safe_load(path.read_text(encoding="utf-8")))
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(data)]
    assert errors == []


def test_schema_rejects_what_the_loader_rejects() -> None:
    schema = json.loads((DOCS / "catalog.schema.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    entry = {"id": "8.5.1", "title": None, "requirement": True, "summary": "s", "colour": "red"}
    bad = {"standard": "ISO 1", "edition": 2000, "title": "t", "status": "current", "clauses": [entry]}
    assert not validator.is_valid(bad)
    entry.pop("colour")
    assert validator.is_valid(bad)
    entry["id"] = "8.x"
    assert not validator.is_valid(bad)
