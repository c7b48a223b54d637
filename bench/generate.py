"""Seeded synthetic findings for the benchmarks, in the proportions and styles of the worked examples.

Each finding is one of the 40 worked examples (every grade, citation style, good and bad finding) with its record
numbers, dates and counts changed at random, so that no two texts are alike and caches cannot flatter the figures.
"""

from __future__ import annotations

import csv
import io
import json
import random
import re
from collections.abc import Iterator
from pathlib import Path

import yaml

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
CRITERIA = ["ISO 9001:2015", "ISO 14001:2015", "ISO/IEC 27001:2022", "ISO 45001:2018"]
AUDIT = {"type": "surveillance", "criteria": CRITERIA, "client": "Synthetic Ltd",
         "certification_body": "Bench Certification", "scope": "Benchmark scope", "dates": ["2026-03-03"]}
_FIELDS = ("grade", "clause", "requirement", "statement", "evidence", "process", "site")


def templates() -> list[dict[str, object]]:
    out = []
    for path in sorted(EXAMPLES.glob("iso*.yaml")):
        for finding in yaml.safe_load(path.read_text(encoding="utf-8"))["findings"]:
            out.append({k: finding[k] for k in _FIELDS if finding.get(k) is not None})
    return out


def _vary(text: str, rng: random.Random) -> str:
    return re.sub(r"\d", lambda m: str(rng.randrange(10)), text)


def findings(n: int, seed: int = 2026, repeated: float = 0.0) -> Iterator[dict[str, object]]:
    """``n`` findings; ``repeated`` is the share whose texts repeat an earlier finding's word for word, as
    exports of a year's audits do (the same finding raised at several sites)."""
    rng = random.Random(seed)
    pool = templates()
    earlier: list[dict[str, object]] = []
    for i in range(n):
        if earlier and rng.random() < repeated:
            item = {**rng.choice(earlier), "id": f"F-{i:07d}"}
            yield item
            continue
        base = rng.choice(pool)
        item = {"id": f"F-{i:07d}"}
        for key, value in base.items():
            if key in ("statement", "evidence", "requirement"):
                value = [_vary(v, rng) for v in value] if isinstance(value, list) else _vary(str(value), rng)
            item[key] = value
        if repeated and len(earlier) < 5000:
            earlier.append(item)
        yield item


def write_jsonl(path: Path, n: int, seed: int = 2026, repeated: float = 0.0) -> Path:
    with path.open("w", encoding="utf-8") as fh:
        fh.write(json.dumps({"audit": AUDIT}) + "\n")
        for item in findings(n, seed, repeated):
            fh.write(json.dumps(item, ensure_ascii=False) + "\n")
    return path


def write_json(path: Path, n: int, seed: int = 2026, repeated: float = 0.0) -> Path:
    path.write_text(json.dumps({"audit": AUDIT, "findings": list(findings(n, seed, repeated))}, indent=1), encoding="utf-8")
    return path


def write_yaml(path: Path, n: int, seed: int = 2026, repeated: float = 0.0) -> Path:
    path.write_text(yaml.safe_dump({"audit": AUDIT, "findings": list(findings(n, seed, repeated))}, sort_keys=False,
                                   allow_unicode=True), encoding="utf-8")
    return path


def write_csv(path: Path, n: int, seed: int = 2026, repeated: float = 0.0) -> Path:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["NC No", "Grade", "Clause", "Requirement", "Finding", "Objective Evidence", "Process", "Site"])
    for item in findings(n, seed, repeated):
        evidence = item.get("evidence", "")
        writer.writerow([item["id"], item["grade"], "; ".join(item["clause"]) if isinstance(item.get("clause"), list)
                         else item.get("clause", ""), item.get("requirement", ""), item.get("statement", ""),
                         "\n".join(evidence) if isinstance(evidence, list) else evidence, item.get("process", ""),
                         item.get("site", "")])
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


def write_xlsx(path: Path, n: int, seed: int = 2026, repeated: float = 0.0) -> Path:
    """The CSV's rows in a workbook (sheet "Findings"); the audit metadata is given apart, as for CSV."""
    import openpyxl

    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Findings")
    rows = path.with_name(path.stem + "-rows.csv")  # not the name a CSV of the same report would have
    for row in csv.reader(io.StringIO(write_csv(rows, n, seed, repeated).read_text("utf-8"))):
        sheet.append(row)
    book.save(path)
    rows.unlink()
    return path


def write_audit(path: Path) -> Path:
    """The audit metadata alone, for the formats that carry none (``--audit``-style files)."""
    path.write_text(yaml.safe_dump({"audit": AUDIT}, sort_keys=False), encoding="utf-8")
    return path


def yaml_report(n: int, seed: int = 2026) -> str:
    """A small YAML report of ``n`` findings, as a user would check one."""
    return yaml.safe_dump({"audit": AUDIT, "findings": list(findings(n, seed))}, sort_keys=False, allow_unicode=True)
