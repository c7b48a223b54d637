"""Write ``sources/examples.jsonl``: the worked findings of ``examples/*.yaml`` as labelled records.

Each finding becomes one record: ``kind`` constructed, ``source`` ``examples/<file>#<id>``, confidence high, the
report's ``audit`` block, the finding as written, and the reviewer's conclusion about it (its entry in
``examples/reviews/<file>``) mapped to the record's ``expected``
(``why`` becomes ``note``; a ``suggestion`` that names a clause of a standard with its edition gives
``suggested_clause``, the first one it names). The findings of one report labelled ``systemic`` share a group,
so that they are checked together as the report they came from.

Run ``python tests/corpus/from_examples.py`` from the repository root after changing an example; a test checks
that the committed file is what this writes.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TARGET = Path(__file__).resolve().parent / "sources" / "examples.jsonl"


def suggested_clause(suggestion: str) -> str | None:
    """The first citation of ``suggestion`` that names a standard and its edition, as written."""
    from findings_validator.citations import find_citations

    for citation in find_citations(suggestion):
        if citation.standard is not None and citation.standard.year and (citation.clause or citation.annex):
            return citation.text
    return None


def records(path: Path) -> list[dict[str, object]]:
    from findings_validator.readers.yaml_load import load

    tree, problems = load(path.read_text(encoding="utf-8"), str(path), all_text=True)
    assert not problems, problems
    report = tree.value
    assert isinstance(report, dict)
    review, problems = load((path.parent / "reviews" / path.name).read_text(encoding="utf-8"), str(path), all_text=True)
    assert not problems, problems
    reviews = review.value
    assert isinstance(reviews, dict) and set(reviews) == {f["id"] for f in report["findings"]}
    out: list[dict[str, object]] = []
    for finding in report["findings"]:
        finding = dict(finding)
        label = reviews[finding["id"]]
        expected: dict[str, object] = {"verdict": label["verdict"], "reasons": list(label.get("reasons") or [])}
        clause = suggested_clause(label.get("suggestion") or "")
        if clause:
            expected["suggested_clause"] = clause
        record: dict[str, object] = {
            "id": f"ex-{path.stem}-{finding['id']}", "kind": "constructed",
            "source": f"examples/{path.name}#{finding['id']}", "confidence": "high",
            "audit": report["audit"], "finding": finding, "expected": expected,
        }
        if "systemic" in expected["reasons"]:  # type: ignore[operator]
            record["group"] = f"{path.stem}:systemic"
        record["note"] = " ".join(str(label["why"]).split())
        out.append(record)
    return out


def text() -> str:
    rows = [r for path in sorted((ROOT / "examples").glob("*.yaml")) for r in records(path)]
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)


if __name__ == "__main__":
    TARGET.write_text(text(), encoding="utf-8")
    print(f"wrote {TARGET.relative_to(ROOT)}", file=sys.stderr)
