"""Write the JSON Schemas of the catalog formats, generated from the pydantic models in ``schema.py``.

``python -m findings_validator.catalog.schema_export [DIR]`` writes ``catalog.schema.json``, ``map.schema.json`` and
``guidance.schema.json`` and ``not-required.schema.json`` (default ``docs/``); ``--check`` only compares and exits 1 when one is out of date.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from pydantic import BaseModel

from .schema import CatalogFile, GuidanceFile, MapFile, NotRequiredFile

SCHEMAS: dict[str, type[BaseModel]] = {
    "catalog.schema.json": CatalogFile,
    "map.schema.json": MapFile,
    "guidance.schema.json": GuidanceFile,
    "not-required.schema.json": NotRequiredFile,
}
_TITLES = {
    CatalogFile: "findings-validator clause catalog (one standard edition)",
    MapFile: "findings-validator edition map (old edition -> new edition)",
    GuidanceFile: "findings-validator guidance documents (never audit criteria)",
    NotRequiredFile: "findings-validator list of what clauses do not require (one standard's editions)",
}


def schema_text(model: type[BaseModel]) -> str:
    """The JSON Schema of ``model`` as committed: keys in pydantic's order, two-space indent, final newline."""
    schema = model.model_json_schema(by_alias=True, mode="validation")
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema, "title": _TITLES[model]}
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    check = "--check" in args
    args = [a for a in args if a != "--check"]
    directory = Path(args[0]) if args else Path("docs")
    stale = []
    for name, model in SCHEMAS.items():
        path = directory / name
        text = schema_text(model)
        if check:
            if not path.is_file() or path.read_text(encoding="utf-8") != text:
                stale.append(str(path))
        else:
            path.write_text(text, encoding="utf-8")
            print(f"wrote {path}")
    for name in stale:
        print(f"{name} is out of date: run python -m findings_validator.catalog.schema_export", file=sys.stderr)
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
