"""A small hand-made set of labelled findings whose figures are known (see test_evaluate.py for them)."""

from __future__ import annotations

import json
from pathlib import Path

AUDIT = {"type": "surveillance", "criteria": ["ISO 9001:2015"], "dates": ["2025-10-14"]}
GOOD_EVIDENCE = "Caliper DVC-0112, due 2025-09-10, in use at goods-in on 2025-10-14 (inspector M. Kowalczyk)."


def record(rid: str, verdict: str, reasons: list[str], *, clause: str = "7.1.5.2 a)", grade: str = "minor",
           statement: str = "The caliper used at goods-in was past its verification date.",
           evidence: str = GOOD_EVIDENCE, kind: str = "constructed", confidence: str = "high",
           group: str | None = None, fid: str = "NC-1") -> dict[str, object]:
    data: dict[str, object] = {
        "id": rid, "kind": kind, "source": "constructed" if kind == "constructed" else "https://example.org/r",
        "confidence": confidence, "audit": AUDIT,
        "finding": {"id": fid, "grade": grade, "clause": clause, "statement": statement, "evidence": evidence},
        "expected": {"verdict": verdict, "reasons": reasons}, "note": "hand-made for the tests",
    }
    if group is not None:
        data["group"] = group
    return data


RECORDS = [
    # agreed: a sound minor
    record("good-1", "valid", [], kind="published"),
    # good finding rejected: the preference rule fires on "best practice" though the reviewer found it valid
    record("good-2", "valid", [], kind="published",
           statement="The caliper used at goods-in was past its verification date, against best practice and the "
                     "organization's own interval."),
    # agreed: no citation
    record("flaw-1", "invalid", ["no_citation"], clause=""),
    # flawed finding passed: an opinion no rule recognises
    record("flaw-2", "invalid", ["vague_statement"], confidence="medium",
           statement="Control of the goods-in measuring equipment does not stop the reviewer feeling uneasy overall."),
    # agreed: preference
    record("flaw-3", "downgrade_to_ofi", ["preference"], clause="7.1.5.1",
           statement="I would expect every caliper to carry a colour-coded calibration label on its case."),
    # agreed: three minors against 7.1.5.2 a), checked as one report
    record("sys-1", "upgrade_to_major", ["systemic"], group="g", fid="NC-01"),
    record("sys-2", "upgrade_to_major", ["systemic"], group="g", fid="NC-02",
           statement="Micrometers in the CNC cell were overdue for calibration.",
           evidence="MIC-0231 and MIC-0238, due 2025-08-11, in use in CNC cell 2 on 2025-10-14 (operator D. Farrant)."),
    record("sys-3", "upgrade_to_major", ["systemic"], group="g", fid="NC-03",
           statement="The CMM used for final release was used after its calibration had expired.",
           evidence="Certificate 25-0416 for CMM-01 expired 2025-07-30; reports FIR-25-0877 to FIR-25-0903 released product."),
]


def write_jsonl(path: Path, records: list[dict[str, object]] = RECORDS) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path
