"""Archive checking: blocks of JSON Lines on several processes give the same results, in order; and Dask."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from findings_validator.batch import BatchOptions, check_jsonl, check_records
from findings_validator.cli import main

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
    sources = [r.pop("source") for r in via_dask]
    assert via_dask == list(check_records(records, AUDIT, BatchOptions()))
    assert [r["verdict"] for r in via_dask[:3]] == ["valid", "invalid", "reclassify_as_nc"]
    assert sources[:2] == [{"partition": 0, "record": 1}, {"partition": 0, "record": 2}]
    assert len({(s["partition"], s["record"]) for s in sources}) == 30


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_line_past_the_size_limit_is_reported_not_held(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                         jobs: int) -> None:
    """A line longer than MAX_LINE_BYTES is read past in pieces (never held whole) and reported as FV001 with its
    line number; the findings before and after it are checked."""
    from findings_validator.readers import jsonl_reader

    monkeypatch.setattr(jsonl_reader, "MAX_LINE_BYTES", 5000)   # the one limit, for the reader and block cutting
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


def _problems(records: list[dict]) -> list[tuple[str, int]]:
    return [(r["problem"]["rule"], r["problem"]["line"]) for r in records if "problem" in r]


@pytest.mark.parametrize("jobs", [1, 2])
def test_blocks_report_as_the_reader_does_for_the_whole_file(tmp_path: Path, jobs: int) -> None:
    """Whatever the blocks, problems name the file's own lines, a metadata line after the first is FV004, and the
    notes on the whole file (unknown fields, a line that is not UTF-8) come once, as ``read_report`` gives them."""
    from findings_validator.readers import read_report

    path = tmp_path / "whole.jsonl"
    lines = [json.dumps({"audit": AUDIT}).encode()]
    for i in range(40):
        lines.append(json.dumps(dict(FINDINGS[i % 3], id=f"F{i:02d}", owner="QA")).encode())
    lines[20] = b"{not json"                                               # line 21
    lines[25] = json.dumps({"audit": AUDIT}).encode()                      # line 26
    lines[30] = json.dumps(dict(FINDINGS[0], id="CP", statement="caf\xe9"), ensure_ascii=False).encode("cp1252")  # line 31
    lines[35] = json.dumps(dict(FINDINGS[0], id="CQ", statement="na\xefve"), ensure_ascii=False).encode("cp1252")  # line 36
    path.write_bytes(b"\n".join(lines) + b"\n")
    expected = sorted((p.rule, p.line) for p in read_report(path).problems)
    for block in (300, 700, 1 << 20):
        records = _run(path, jobs, block)
        assert sorted(_problems(records)) == expected, block
        assert [p for p in _problems(records) if p[0] in ("FV006", "FV007")] == [("FV007", 31), ("FV006", 2)]
        not_json = next(r["problem"] for r in records if r.get("problem", {}).get("rule") == "FV001")
        assert not_json["message"].startswith("line 21 ")
        assert len([r for r in records if "id" in r]) == 38


@pytest.mark.parametrize("first, message, reported", [
    (b'{"audit": ', "no audit metadata", [1]),            # a broken metadata line: reported, then nothing to use
    (b'{"audit": 5}', "no audit metadata", []),           # (the criteria given replace it, as in read_report)
    (b"\xef\xbb\xbf" + json.dumps({"audit": AUDIT}).encode(), None, []),   # a byte-order mark before the metadata
    (b'{ "audit" : {"criteria": ["ISO 9001:2015"]}}', None, []),           # spaced as JSON allows
])
def test_the_first_line_is_read_as_the_reader_reads_it(tmp_path: Path, first: bytes, message: str | None,
                                                       reported: list[int]) -> None:
    from findings_validator.errors import InputError

    path = tmp_path / "head.jsonl"
    path.write_bytes(first + b"\n" + json.dumps(FINDINGS[0]).encode() + b"\n")
    if message is None:
        assert [r["verdict"] for r in _run(path, 1, 1 << 20)] == ["valid"]
        return
    with pytest.raises(InputError, match=message):
        _run(path, 1, 1 << 20)
    out = io.BytesIO()
    check_jsonl(path, out, jobs=1, default_audit=AUDIT)      # configured criteria stand in
    records = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [r["verdict"] for r in records if "id" in r] == ["valid"]
    assert [p[1] for p in _problems(records)] == reported


def test_an_archive_with_only_metadata_is_reported_empty(tmp_path: Path) -> None:
    path = tmp_path / "empty.jsonl"
    path.write_text(json.dumps({"audit": AUDIT}) + "\n")
    assert [p[0] for p in _problems(_run(path, 1, 1 << 20))] == ["FV008"]


def test_records_are_read_as_findings_are(tmp_path: Path) -> None:
    """check_records (the Dask path) reads records as the readers do: a bad field or record becomes a problem
    naming the finding, a numeric id is read as text, and the rest is checked."""
    records = [dict(FINDINGS[0], id=7), {"id": "NOS", "grade": "minor", "clause": "8.1"}, ["not", "a", "finding"],
               dict(FINDINGS[2])]
    out = list(check_records(records, AUDIT))
    assert [r.get("id") for r in out if "id" in r] == ["7", "NOS", "C"]   # a missing statement is reported, as read
    assert [p["problem"]["rule"] for p in out if "problem" in p] == ["FV002", "FV004"]


def test_batch_cli_takes_the_configuration(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    """`batch` reads the configuration file as `check` does: re-graded rules, default criteria."""
    from findings_validator.cli import main

    path = tmp_path / "archive.jsonl"
    path.write_text(json.dumps(FINDINGS[1]) + "\n")      # no metadata line: the configured criteria stand in
    config = tmp_path / "findings-validator.toml"
    config.write_text('criteria = ["ISO 9001:2015"]\nignore = ["FV1", "FV2", "FV3"]\n')
    assert main(["batch", str(path), "-o", str(tmp_path / "out.jsonl"), "--jobs", "1"]) == 0
    result = json.loads((tmp_path / "out.jsonl").read_text())
    assert result["verdict"] == "valid" and result["diagnostics"] == []
    assert main(["batch", str(path), "-o", str(tmp_path / "out.jsonl"), "--jobs", "1", "--isolated",
                 "--criteria", "ISO 9001:2015"]) == 1
    assert json.loads((tmp_path / "out.jsonl").read_text())["verdict"] == "invalid"


# ---- line breaks: batch, a check on workers and a serial check cut lines alike ---------------------------------
_BREAK_FINDING = {"grade": "minor", "clause": "7.1.5.2 a)",
                  "statement": "Torque wrenches used for release were not calibrated at the specified interval.",
                  "evidence": "3 of 12 torque wrenches sampled in Assembly were overdue on 2025-10-14."}


def _broken_lines(tmp_path: Path, name: str, newline: str, bom: bool) -> Path:
    lines = [json.dumps({"audit": {"criteria": ["ISO 9001:2015"]}})]
    for i in range(24):
        lines.append(json.dumps(dict(_BREAK_FINDING, id=f"NC-{i}", clause="7.1.5.2 a)" if i % 3 else "cl 99.9")))
        if i in (5, 17):
            lines.extend(["{oops", ""])  # a line that is not JSON, and a blank one
    ends = [("\r" if i % 5 else "\n") if newline == "mixed" else newline for i in range(len(lines))]
    text = "".join(("\ufeff" if bom else "") + line + end for line, end in zip(lines, ends, strict=True))
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return path


def _batch_out(path: Path) -> list[tuple[object, ...]]:
    import io

    from findings_validator.batch import check_jsonl

    out = io.StringIO()
    check_jsonl(path, out, jobs=2, block_bytes=300)
    records = [json.loads(line) for line in out.getvalue().splitlines()]
    return [(r["id"], r["line"], sorted(d["rule"] for d in r["diagnostics"])) if "id" in r
            else (r["problem"]["rule"], r["problem"]["line"]) for r in records]


def _check_out(path: Path, monkeypatch: pytest.MonkeyPatch, parallel: bool) -> dict[str, object]:
    import functools

    from findings_validator import batch, runner

    out = path.with_suffix(".out.json")
    with monkeypatch.context() as patched:
        patched.setattr(runner, "PARALLEL_BYTES", 1 if parallel else 10 ** 12)
        patched.setattr(batch, "report_parts", functools.partial(batch.report_parts, block_bytes=300))
        main(["check", "--isolated", str(path), "-j", "2", "-o", f"json={out}", "-f", "json"])
    data = json.loads(out.read_text(encoding="utf-8"))
    return json.loads(json.dumps(data).replace(path.name, "REPORT"))


@pytest.mark.parametrize(("newline", "bom"), [("\r", False), ("mixed", False), ("\n", True), ("\r\n", True),
                                              ("mixed", True)],
                         ids=["CR only", "CR and LF mixed", "BOM per line", "CRLF and BOM per line",
                              "mixed and BOM per line"])
def test_batch_parallel_and_serial_check_cut_lines_alike(newline: str, bom: bool, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    from findings_validator.readers import jsonl_reader

    monkeypatch.setattr(jsonl_reader, "MAX_LINE_BYTES", 2000)  # a line is ~250 bytes; the file, 7 KB, is not one
    plain = _broken_lines(tmp_path, "plain.jsonl", "\n", False)
    odd = _broken_lines(tmp_path, "odd.jsonl", newline, bom)
    assert _batch_out(odd) == _batch_out(plain)
    lines = _batch_out(plain)
    assert ("FV001", 8) in lines and ("FV001", 22) in lines and ("NC-23", 29, lines[-1][2]) == lines[-1]
    serial = _check_out(odd, monkeypatch, parallel=False)
    assert serial == _check_out(plain, monkeypatch, parallel=False)
    assert _check_out(odd, monkeypatch, parallel=True) == serial
    assert [(f["id"], f["line"]) for f in serial["findings"]] == [e[:2] for e in lines if str(e[0]).startswith("NC")]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-32"])
def test_batch_refuses_utf16_and_utf32_json_lines_and_check_reads_them(encoding: str, tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch,
                                                                       capsys: pytest.CaptureFixture[str]) -> None:
    plain = _broken_lines(tmp_path, "plain.jsonl", "\n", False)
    wide = tmp_path / "wide.jsonl"
    wide.write_bytes(plain.read_text(encoding="utf-8").encode(encoding))  # with its byte order mark
    code = main(["batch", str(wide), "--isolated"])
    _, err = capsys.readouterr()
    assert code == 2 and f"this JSON Lines file is {encoding.upper()}: batch reads UTF-8 JSON Lines only" in err
    assert "save it as UTF-8" in err
    expected = _check_out(plain, monkeypatch, parallel=False)
    assert _check_out(wide, monkeypatch, parallel=True) == json.loads(json.dumps(expected))


def test_the_columns_setting_maps_keys_on_worker_processes_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    """Regression: the ``columns`` map of the configuration was not given to the worker processes: ``batch`` and
    ``check`` of a large JSON Lines report read an export's own key names as unknown fields and lost its findings."""
    import functools

    from findings_validator import batch, runner

    config = tmp_path / "findings-validator.toml"
    config.write_text('[columns]\n"Finding ID" = "id"\n"Non-conformity" = "statement"\n', encoding="utf-8")
    path = tmp_path / "export.jsonl"
    rows = [{("Finding ID" if k == "id" else "Non-conformity" if k == "statement" else k): v
             for k, v in dict(FINDINGS[i % len(FINDINGS)], id=f"NC-{i}").items()} for i in range(30)]
    path.write_text("\n".join(json.dumps(r) for r in [{"audit": AUDIT}, *rows]) + "\n", encoding="utf-8")

    def check(parallel: bool) -> dict[str, object]:
        with monkeypatch.context() as patched:
            patched.setattr(runner, "PARALLEL_BYTES", 1 if parallel else 10 ** 12)
            patched.setattr(batch, "report_parts", functools.partial(batch.report_parts, block_bytes=2000))
            main(["check", "--config", str(config), str(path), "-j", "2", "-f", "json"])
        return json.loads(capsys.readouterr().out)  # type: ignore[no-any-return]

    serial = check(parallel=False)
    assert [f["id"] for f in serial["findings"]] == [f"NC-{i}" for i in range(30)]  # type: ignore[index]
    assert check(parallel=True) == serial
    for jobs in ("1", "2"):
        main(["batch", "--config", str(config), str(path), "-j", jobs])
        records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
        assert [r["id"] for r in records if "id" in r] == [f"NC-{i}" for i in range(30)]
        assert not [r for r in records if "problem" in r and "unknown" in r["problem"]["message"]]
