"""findings_validator.integrations.dask on a real dask.distributed cluster (a LocalCluster in this process), with
JSON Lines and Parquet inputs through dask.bag and dask.dataframe: the same verdicts as the library, and every
result traced back to its file or partition and record."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
import yaml

from findings_validator.batch import BatchOptions, check_records

ROOT = Path(__file__).resolve().parent.parent
AUDIT = {"criteria": ["ISO 9001:2015", "ISO 14001:2015", "ISO/IEC 27001:2022", "ISO 45001:2018"]}

db = pytest.importorskip("dask.bag")
dd = pytest.importorskip("dask.dataframe", reason="dask.dataframe needs pandas (pip install 'dask[dataframe]')")
pytest.importorskip("pyarrow", reason="Parquet needs pyarrow")


def _findings() -> list[dict[str, object]]:
    """The worked examples' findings: some with process or site and some without, clauses and evidence written
    as lists and as text."""
    out = []
    for path in sorted((ROOT / "examples").glob("iso*.yaml")):
        for finding in yaml.safe_load(path.read_text(encoding="utf-8"))["findings"]:
            out.append({k: v for k, v in finding.items() if k != "waivers"})
    for i, finding in enumerate(out):
        if i % 3 == 0:
            finding["process"] = "Machining"  # a field some findings have and others do not
    assert any(isinstance(f.get("clause"), list) and len(f["clause"]) > 1 for f in out)
    assert any("process" in f for f in out) and any("process" not in f for f in out)
    return out


@pytest.fixture(scope="module")
def client():  # type: ignore[no-untyped-def]
    try:
        from dask.distributed import Client, LocalCluster

        cluster = LocalCluster(n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None)
        connected = Client(cluster)
    except Exception as exc:  # noqa: BLE001 - any reason the cluster cannot start is a reason to skip
        reason = f"dask.distributed could not start a LocalCluster: {type(exc).__name__}: {exc}"
        print(reason, file=sys.stderr)
        pytest.skip(reason)
    yield connected
    connected.close()
    cluster.close()


def _expected(findings: list[dict[str, object]]) -> list[dict[str, object]]:
    return list(check_records(findings, AUDIT, BatchOptions()))


def _plain(results: list[dict[str, object]]) -> list[dict[str, object]]:
    return [{k: v for k, v in r.items() if k != "source"} for r in results]


def test_json_lines_through_a_bag_on_a_cluster(client, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from findings_validator.integrations.dask import check_bag, read_jsonl

    findings = _findings()
    half = len(findings) // 2
    for name, part in (("a", findings[:half]), ("b", findings[half:])):
        lines = [json.dumps({"audit": AUDIT})] + [json.dumps(f) for f in part]
        (tmp_path / f"{name}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    results = client.compute(check_bag(read_jsonl(str(tmp_path / "*.jsonl")), AUDIT)).result()
    assert _plain(results) == _expected(findings)
    first = results[0]["source"]
    assert first["file"].endswith("a.jsonl") and first["line"] == 2 and first["partition"] == 0
    last = results[-1]["source"]
    assert last["file"].endswith("b.jsonl") and last["line"] == len(findings) - half + 1


def test_json_lines_and_parquet_through_data_frames_on_a_cluster(client, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import pandas as pd

    from findings_validator.integrations.dask import check_dataframe, read_frame

    findings = _findings()
    jsonl = tmp_path / "findings.jsonl"
    jsonl.write_text("\n".join(json.dumps(f) for f in findings) + "\n", encoding="utf-8")
    # Parquet columns have one type: a field written as text in one finding and as a list in another is a list
    as_lists = [{k: ([v] if k in ("clause", "evidence") and isinstance(v, str) else v) for k, v in f.items()}
                for f in findings]
    parquet = tmp_path / "findings.parquet"
    pd.DataFrame(as_lists).to_parquet(parquet)
    expected = _expected(findings)
    assert _expected(as_lists) == expected

    frames = {"JSON Lines": read_frame(str(jsonl)), "Parquet": read_frame(str(parquet)).repartition(npartitions=3)}
    for name, frame in frames.items():
        column = "path" if name == "JSON Lines" else None
        results = client.compute(check_dataframe(frame, AUDIT)).result()
        assert _plain(results) == expected, name
        sources = [r["source"] for r in results]
        assert len({(s["partition"], s["record"]) for s in sources}) == len(findings), name
        if column:
            assert all(s["file"].endswith("findings.jsonl") for s in sources)
        else:
            assert {s["partition"] for s in sources} == {0, 1, 2}


def test_a_frame_cell_that_is_a_list_stays_a_list() -> None:
    import numpy as np

    from findings_validator.integrations.dask import _plain

    assert _plain(np.array(["7.1.5.2 a)", "8.5.1"], dtype=object)) == ["7.1.5.2 a)", "8.5.1"]
    assert _plain(["7.1", float("nan")]) == ["7.1"]
    assert _plain(np.int64(3)) == 3 and _plain("text") == "text"


def test_a_frame_whose_lists_became_text_is_refused(tmp_path: Path) -> None:
    import dask

    from findings_validator.integrations.dask import check_dataframe

    path = tmp_path / "mixed.jsonl"
    path.write_text('{"id": "NC-01", "grade": "minor", "clause": "7.1", "statement": "s"}\n'
                    '{"id": "NC-02", "grade": "minor", "clause": ["7.1", "8.2"], "statement": "s"}\n')
    with dask.config.set({"dataframe.convert-string": True}):
        frame = dd.read_json(str(path), lines=True, blocksize=None)
    with pytest.raises(ValueError, match="read_frame"):
        check_dataframe(frame, AUDIT)
