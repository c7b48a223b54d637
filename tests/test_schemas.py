"""The committed JSON Schemas of the report format and the configuration are what `schema` prints."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from findings_validator.cli import main

DOCS = Path(__file__).resolve().parent.parent / "docs"


@pytest.mark.parametrize("what", ["report", "config", "corpus"])
def test_committed_schema_is_current(capsys, what: str) -> None:  # type: ignore[no-untyped-def]
    assert main(["schema", what]) == 0
    printed = json.loads(capsys.readouterr().out)
    committed = json.loads((DOCS / f"{what}.schema.json").read_text(encoding="utf-8"))
    assert printed == committed, f"run: findings-validator schema {what} > docs/{what}.schema.json"


@pytest.mark.parametrize("what", ["catalog", "map", "guidance", "not-required"])
def test_schema_prints_the_committed_catalog_schemas(capsys, what: str) -> None:  # type: ignore[no-untyped-def]
    assert main(["schema", what]) == 0
    assert capsys.readouterr().out == (DOCS / f"{what}.schema.json").read_text(encoding="utf-8")


def test_examples_validate_against_the_report_schema() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    import yaml

    schema = json.loads((DOCS / "report.schema.json").read_text(encoding="utf-8"))
    for path in sorted((DOCS.parent / "examples").glob("*.yaml")):
        data = json.loads(json.dumps(yaml.safe_load(path.read_text(encoding="utf-8")), default=str))
        jsonschema.validate(data, schema)


def test_labelled_records_validate_against_the_corpus_schema() -> None:
    jsonschema = pytest.importorskip("jsonschema")

    schema = json.loads((DOCS / "corpus.schema.json").read_text(encoding="utf-8"))
    corpus = DOCS.parent / "tests" / "corpus"
    lines = [line for path in sorted(corpus.glob("**/*.jsonl")) for line in path.read_text(encoding="utf-8").splitlines()]
    assert lines
    # one validator for all the records: jsonschema.validate() checks the schema itself on every call
    validator_class = jsonschema.validators.validator_for(schema)
    validator_class.check_schema(schema)
    validator = validator_class(schema)
    for line in lines:
        validator.validate(json.loads(line))
    bad = json.loads(lines[0])
    bad["expected"]["verdict"] = "fine"
    with pytest.raises(jsonschema.ValidationError):
        validator.validate(bad)
