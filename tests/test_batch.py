"""Archive checking: blocks of JSON Lines on several processes give the same results, in order; and Dask."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from findings_validator.batch import BatchOptions, check_jsonl, check_records

AUDIT = {"criteria": ["ISO 9001:2015"]}
FINDINGS = [
    {"id": "A", "grade": "minor", "clause": "7.1.5.2 a)", "statement": "The caliper at goods-in was overdue for verification.",
     "evidence": "Caliper DVC-0112, due 2025-09-10, in use on 2025-10-14."},
    {"id": "B", "grade": "minor", "clause": "", "statement": "Document control needs attention.", "evidence": "Some documents."},
    {"id": "C", "grade": "ofi", "clause": "9.3.2 c)", "statement": "Management review could be more complete.",
     "evidence": "Minutes MR-25-01 of 2025-03-27 contain no information on supplier performance."},
]


def _write(path: Path, n: int, bad_line: int | None = None) -> Path:
    lines = [json.dumps({"audit": AUDIT})]
    for i in range(n):
        if bad_line is not None and len(lines) + 1 == bad_line:
            lines.append("{not json")
            continue
        item = dict(FINDINGS[i % 3], id=f"F{i:04d}")
        lines.append(json.dumps(item))
    path.write_text("\n".join(lines) + "\n")
    return path


def _run(path: Path, jobs: int, block: int) -> list[dict]:
    out = io.StringIO()
    check_jsonl(path, out, jobs=jobs, block_bytes=block)
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_parallel_blocks_equal_a_single_pass_in_input_order(tmp_path: Path) -> None:
    path = _write(tmp_path / "a.jsonl", 300)
    single = _run(path, 1, 1 << 20)
    parallel = _run(path, 2, 2000)   # many small blocks over two processes
    assert parallel == single
    assert [r["id"] for r in single] == [f"F{i:04d}" for i in range(300)]
    assert [r["line"] for r in single[:3]] == [2, 3, 4]
    assert single[299]["line"] == 301
    assert [r["verdict"] for r in single[:3]] == ["valid", "invalid", "reclassify_as_nc"]


def test_a_bad_line_is_reported_with_its_number_and_the_rest_is_checked(tmp_path: Path) -> None:
    path = _write(tmp_path / "b.jsonl", 50, bad_line=10)
    records = _run(path, 1, 300)
    problems = [r["problem"] for r in records if "problem" in r]
    assert [(p["rule"], p["line"]) for p in problems] == [("FV001", 10)]
    assert len([r for r in records if "id" in r]) == 49


def test_missing_audit_is_an_input_error(tmp_path: Path) -> None:
    from findings_validator.errors import InputError

    path = tmp_path / "c.jsonl"
    path.write_text(json.dumps(FINDINGS[0]) + "\n")
    with pytest.raises(InputError, match="no audit metadata"):
        check_jsonl(path, io.StringIO(), jobs=1)
    out = io.StringIO()
    check_jsonl(path, out, jobs=1, audit=AUDIT)
    assert json.loads(out.getvalue())["verdict"] == "valid"


def test_dask_bag_gives_the_same_results_as_the_library() -> None:
    db = pytest.importorskip("dask.bag")
    from findings_validator.integrations.dask import check_bag

    records = [dict(FINDINGS[i % 3], id=f"F{i}") for i in range(30)]
    bag = db.from_sequence(records, npartitions=4)
    via_dask = check_bag(bag, AUDIT).compute(scheduler="sync")
    assert via_dask == list(check_records(records, AUDIT, BatchOptions()))
    assert [r["verdict"] for r in via_dask[:3]] == ["valid", "invalid", "reclassify_as_nc"]


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_line_past_the_size_limit_is_reported_not_held(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                         jobs: int) -> None:
    """A line longer than MAX_LINE_BYTES is read past in pieces (never held whole) and reported as FV001 with its
    line number; the findings before and after it are checked."""
    from findings_validator import batch
    from findings_validator.readers import jsonl_reader

    monkeypatch.setattr(batch, "MAX_LINE_BYTES", 5000)
    monkeypatch.setattr(jsonl_reader, "MAX_LINE_BYTES", 5000)
    path = _write(tmp_path / "long.jsonl", 40)
    lines = path.read_text().splitlines()
    lines[5] = json.dumps(dict(FINDINGS[0], id="LONG", statement="x" * 20000))      # line 6 of the file
    lines[30] = "[" * 12000                                                           # line 31: long and not JSON
    path.write_text("\n".join(lines) + "\n")
    for block in (1000, 4000, 1 << 20):       # the long lines fall inside, across and at the start of blocks
        records = _run_jobs(path, jobs, block)
        problems = [r["problem"] for r in records if "problem" in r]
        assert [(p["rule"], p["line"]) for p in problems] == [("FV001", 6), ("FV001", 31)], block
        assert "longer than 5,000 bytes" in problems[0]["message"]
        ids = [r["id"] for r in records if "id" in r]
        assert len(ids) == 38 and "LONG" not in ids
        assert [r["line"] for r in records if r.get("id") == "F0006"] == [8]


def _run_jobs(path: Path, jobs: int, block: int) -> list[dict]:
    out = io.BytesIO()
    check_jsonl(path, out, jobs=jobs, block_bytes=block)
    return [json.loads(line) for line in out.getvalue().decode("utf-8").splitlines()]


def test_results_go_to_text_and_binary_streams_alike(tmp_path: Path) -> None:
    path = _write(tmp_path / "t.jsonl", 20)
    text = io.StringIO()
    check_jsonl(path, text, jobs=1)
    binary = io.BytesIO()
    check_jsonl(path, binary, jobs=1)
    with open(tmp_path / "out.jsonl", "w", encoding="utf-8") as fh:
        fh.write("")
        check_jsonl(path, fh, jobs=1)
    assert text.getvalue().encode("utf-8") == binary.getvalue() == (tmp_path / "out.jsonl").read_bytes()


def test_the_reader_skips_a_line_past_the_size_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    from findings_validator.readers import iter_findings, jsonl_reader

    monkeypatch.setattr(jsonl_reader, "MAX_LINE_BYTES", 300)
    text = "\n".join([json.dumps({"audit": AUDIT}), json.dumps(FINDINGS[0]),
                      json.dumps(dict(FINDINGS[1], evidence="y" * 400)),
                      json.dumps(dict(FINDINGS[2], id="LAST"))]) + "\n"
    audit, items = iter_findings(text.encode(), format="jsonl")
    got = [(getattr(i, "rule", None), getattr(i, "line", None), getattr(i, "id", None)) for i in items]
    assert [g[0] for g in got if g[0]] == ["FV001"] and [g[1] for g in got if g[0]] == [3]
    assert [g[2] for g in got if g[2]][-1] == "LAST"


def test_results_go_to_any_text_writer(tmp_path: Path) -> None:
    """An object that only has write(str) (not an io class) still gets text."""
    class Collect:
        def __init__(self) -> None:
            self.parts: list[str] = []

        def write(self, text: str) -> int:
            assert isinstance(text, str)
            self.parts.append(text)
            return len(text)

    path = _write(tmp_path / "w.jsonl", 5)
    sink = Collect()
    check_jsonl(path, sink, jobs=1)  # type: ignore[arg-type]
    assert len("".join(sink.parts).splitlines()) == 5
