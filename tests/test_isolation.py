"""One bad file never takes the run down: each failure class of one file (exception, limit, time budget, a worker
killed with -9) is that file's FV000, and the clean file beside it is reported in full; ``batch`` reports a bad
line and goes on, and a dead worker is retried or fails the run loudly (exit 2 with the count of lines missing)."""

from __future__ import annotations

import json
import re
import os
import signal
import time
from pathlib import Path

import pytest

from findings_validator import batch, isolation, runner
from findings_validator.cli import main
from findings_validator.errors import InputError

CLEAN = Path(__file__).resolve().parent / "data" / "clean-report.yaml"
AUDIT = {"audit": {"criteria": ["ISO 9001:2015"]}}
FINDING = {"id": "NC-1", "grade": "minor", "clause": "7.1.5.2 a)",
           "statement": "Torque wrenches used for release were not calibrated at the specified interval.",
           "evidence": "3 of 12 torque wrenches sampled in Assembly (TW-04, TW-09, TW-11) were overdue on 2025-10-14."}


def _json_run(capsys, *args: str) -> tuple[int, dict, str]:  # type: ignore[no-untyped-def]
    code = main(["check", *args, "--isolated", "--format", "json"])
    out, err = capsys.readouterr()
    return code, json.loads(out), err


def _of(data: dict, name: str) -> tuple[list, list]:  # type: ignore[type-arg]
    files = [f for f in data["files"] if f["file"] == name]
    return files, [f for f in data["findings"] if f["file"] == name]


@pytest.fixture()
def clean(tmp_path: Path, capsys) -> tuple[str, tuple[list, list]]:  # type: ignore[no-untyped-def, type-arg]
    path = tmp_path / "clean.yaml"
    path.write_bytes(CLEAN.read_bytes())
    code, alone, _ = _json_run(capsys, str(path))
    assert code == 0
    return str(path), _of(alone, str(path))


def _hostile_json(tmp_path: Path) -> Path:
    path = tmp_path / "bignum.json"
    path.write_text(json.dumps({**AUDIT, "findings": [FINDING]})[:-2] + ', "n": ' + "9" * 5000 + "}]}")
    return path


def _hostile_jsonl(tmp_path: Path) -> Path:
    path = tmp_path / "surrogate.jsonl"
    bad = dict(FINDING, id="NC-2", statement="Wrenches \ud800 were not calibrated at the specified interval.")
    path.write_text("\n".join(json.dumps(r) for r in (AUDIT, FINDING, bad)) + "\n")
    return path


_CHECK = runner.Job._check


def _failing(exc: BaseException):  # type: ignore[no-untyped-def]
    def check(self, source, name, fmt=None):  # type: ignore[no-untyped-def]
        if "hostile" in name:
            raise exc
        return _CHECK(self, source, name, fmt)
    return check


def _sleeping(self, source, name, fmt=None):  # type: ignore[no-untyped-def]
    if "hostile" in name:
        while True:  # a hang in Python code (a loop, a read that blocks)
            time.sleep(0.05)
    return _CHECK(self, source, name, fmt)


@pytest.mark.parametrize("failure", ["exception", "recursion", "memory", "limit", "time budget"])
def test_a_failing_file_is_its_fv000_and_the_clean_one_is_reported_in_full(failure, clean, tmp_path, capsys,
                                                                            monkeypatch) -> None:  # type: ignore[no-untyped-def]
    hostile = tmp_path / "hostile.yaml"
    hostile.write_bytes(CLEAN.read_bytes())
    if failure == "time budget":
        monkeypatch.setattr(isolation, "FILE_SECONDS", 0.5)
        monkeypatch.setattr(runner.Job, "_check", _sleeping)
    else:
        raised = {"exception": KeyError("boom"), "recursion": RecursionError("deep"), "memory": MemoryError(),
                  "limit": InputError("too large")}[failure]
        monkeypatch.setattr(runner.Job, "_check", _failing(raised))
    started = time.perf_counter()
    code, data, err = _json_run(capsys, str(hostile), clean[0])
    assert time.perf_counter() - started < 30
    assert code == 2
    assert _of(data, clean[0]) == clean[1]
    files, findings = _of(data, str(hostile))
    assert findings == [] and [d["rule"] for d in files[0]["diagnostics"]] == ["FV000"]
    message = files[0]["diagnostics"][0]["message"] + (files[0]["diagnostics"][0].get("suggestion") or "")
    assert {"exception": "internal error (KeyError", "recursion": "nested too deeply", "memory": "more memory",
            "limit": "too large", "time budget": "time budget of 0.5 s"}[failure] in message
    assert ("please report it at" in message) == (failure == "exception")
    assert "Traceback" not in err


@pytest.mark.parametrize("make", [_hostile_json, _hostile_jsonl], ids=["huge number", "lone surrogate"])
def test_real_hostile_files_beside_a_clean_one(make, clean, tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    """Inputs that once crashed the whole run: whatever the readers make of them now, the run goes on."""
    hostile = make(tmp_path)
    code, data, err = _json_run(capsys, str(hostile), clean[0])
    assert code in (0, 1, 2)  # read with a warning (the readers keep what they can), or refused: never a crash
    assert _of(data, clean[0]) == clean[1]
    files, findings = _of(data, str(hostile))
    assert files and (findings or files[0]["diagnostics"])
    assert "Traceback" not in err and "internal error:" not in err


def _kill_on_hostile(path: Path) -> object:  # runs in the worker: dies as a process killed with -9 does
    if "hostile" in str(path):
        os.kill(os.getpid(), signal.SIGKILL)
    return runner._WORKER(path)  # type: ignore[misc]


def test_a_worker_killed_on_a_file_leaves_the_other_files_checked(clean, tmp_path, capsys,
                                                                  monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(runner, "_work", _kill_on_hostile)
    hostile = tmp_path / "hostile.yaml"
    hostile.write_bytes(CLEAN.read_bytes())
    code, data, err = _json_run(capsys, clean[0], str(hostile), "-j", "2")
    assert code == 2
    assert _of(data, clean[0]) == clean[1]
    files, _ = _of(data, str(hostile))
    assert "the process checking it died" in files[0]["diagnostics"][0]["message"]


# ---- batch -------------------------------------------------------------------------------------------------
def _archive(tmp_path: Path, lines: list[str]) -> Path:
    path = tmp_path / "archive.jsonl"
    path.write_text("\n".join([json.dumps(AUDIT), *lines]) + "\n", encoding="utf-8", errors="surrogatepass")
    return path


def _batch(capsys, *args: str) -> tuple[int, list[dict], str]:  # type: ignore[no-untyped-def, type-arg]
    code = main(["batch", *args, "--isolated"])
    out, err = capsys.readouterr()
    return code, [json.loads(line) for line in out.splitlines()], err


def test_batch_reports_a_bad_line_and_goes_on(tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    good = [json.dumps(dict(FINDING, id=f"NC-{i}")) for i in range(6)]
    hostile = [json.dumps(dict(FINDING, id="NC-big"))[:-1] + ', "n": ' + "9" * 5000 + "}",       # a huge number
               "\x00" + good[0].replace("NC-0", "NC-nul"),                                    # NUL at a line start
               json.dumps(dict(FINDING, id="NC-sur", statement="Not \ud800 calibrated."))]   # a lone surrogate
    path = _archive(tmp_path, [good[0], hostile[0], good[1], hostile[1], good[2], hostile[2], *good[3:]])
    code, records, err = _batch(capsys, str(path), "-j", "1")
    ids = [r["id"] for r in records if "id" in r]
    assert [i for i in ids if i.startswith("NC-") and i[3:].isdigit()] == [f"NC-{i}" for i in range(6)]
    assert 9 <= len(records) <= 9 + len(hostile)  # one result or problem per line (a line read with a warning: both)
    assert "Traceback" not in err and "internal error:" not in err
    failed = [r["problem"] for r in records if "problem" in r and r["problem"]["rule"] == "FV000"]
    assert code == (2 if failed else 1)
    assert all(p["line"] > 1 for p in failed)
    assert ("line(s) were not checked" in err) == bool(failed)


def test_batch_names_each_line_with_nul_bytes_near_a_block_start_and_goes_on(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import io

    lines = [json.dumps(dict(FINDING, id=f"NC-{i}")) for i in range(120)]
    for k in (30, 60, 90):
        lines[k] = "\x00" * 40 + lines[k]
    out = io.BytesIO()
    summary = batch.check_jsonl(_archive(tmp_path, lines), out, jobs=1, block_bytes=4096)
    records = [json.loads(line) for line in out.getvalue().splitlines()]
    assert summary.findings == 117 and summary.unchecked == 0   # a damaged line, not a failed check
    problems = [r["problem"] for r in records if "problem" in r]
    assert [(p["rule"], p["line"]) for p in problems] == [("FV001", 32), ("FV001", 62), ("FV001", 92), ("FV007", 32)]
    assert "40 NUL character(s)" in problems[-1]["message"]


_CHECK_BLOCK = batch._check_block


def _kill_on_marker(path, start, length, first_line, audit, options):  # type: ignore[no-untyped-def]
    """In the worker: die as if killed with -9 on a block holding KILL-ALWAYS, or KILL-ONCE the first time."""
    with open(path, "rb") as fh:
        fh.seek(start)
        data = fh.read(max(length, 0))
    once = Path(os.environ["FV_TEST_ONCE"])
    if b"KILL-ALWAYS" in data or (b"KILL-ONCE" in data and once.exists()):
        once.unlink(missing_ok=True)
        os.kill(os.getpid(), signal.SIGKILL)
    return _CHECK_BLOCK(path, start, length, first_line, audit, options)


@pytest.mark.parametrize("marker", ["KILL-ONCE", "KILL-ALWAYS"])
def test_a_dead_batch_worker_is_retried_or_the_run_fails_loudly(marker, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import io

    once = tmp_path / "once"
    once.touch()
    monkeypatch.setenv("FV_TEST_ONCE", str(once))
    monkeypatch.setattr(batch, "_check_block", _kill_on_marker)
    lines = [json.dumps(dict(FINDING, id=f"NC-{i}")) for i in range(60)]
    lines[30] = json.dumps(dict(FINDING, id=marker))
    path = _archive(tmp_path, lines)
    out = io.BytesIO()
    summary = batch.check_jsonl(path, out, jobs=2, block_bytes=2048)
    records = [json.loads(line) for line in out.getvalue().splitlines()]
    ids = [r["id"] for r in records if "id" in r]
    if marker == "KILL-ONCE":  # retried in a fresh process: nothing lost
        assert summary.unchecked == 0 and ids == [json.loads(line)["id"] for line in lines]
    else:  # its block has no results: one FV000 names where, and the count says how many lines
        lost = [r["problem"] for r in records if "problem" in r]
        assert len(lost) == 1 and "died twice" in lost[0]["message"]
        assert summary.unchecked > 0 and len(ids) + summary.unchecked == len(lines)
        assert ids == [i for i in (json.loads(line)["id"] for line in lines) if i in ids]  # the others, in order


def test_batch_exits_2_with_the_count_when_a_worker_dies_twice(tmp_path, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("FV_TEST_ONCE", str(tmp_path / "once"))
    monkeypatch.setattr(batch, "_check_block", _kill_on_marker)
    path = _archive(tmp_path, [json.dumps(dict(FINDING, id=i)) for i in ("NC-1", "KILL-ALWAYS", "NC-3")])
    code, records, err = _batch(capsys, str(path), "-j", "2")
    assert code == 2
    assert "error: 3 line(s) were not checked" in err
    assert [r["problem"]["line"] for r in records] == [2]


def test_check_fix_a_file_whose_fix_fails_is_its_fv000_and_the_other_is_fixed(tmp_path, capsys,
                                                                               monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from findings_validator import fix

    hostile, other = tmp_path / "hostile.yaml", tmp_path / "other.yaml"
    for path in (hostile, other):
        path.write_bytes(CLEAN.read_bytes())
    assert "cl. 7.5.3.2 c)" in CLEAN.read_text()  # a citation the safe fix respells
    real = fix.fix_file

    def failing(path, **kwargs):  # type: ignore[no-untyped-def]
        if "hostile" in str(path):
            raise KeyError("boom")
        return real(path, **kwargs)

    monkeypatch.setattr(fix, "fix_file", failing)
    code = main(["check", str(hostile), str(other), "--isolated", "--fix", "--format", "json"])
    out, err = capsys.readouterr()
    data = json.loads(out)
    assert code == 2 and "Traceback" not in err and "internal error:" not in err
    assert f"fixed {other}" in err and "cl. 7.5.3.2 c)" not in other.read_text()
    assert hostile.read_bytes() == CLEAN.read_bytes()  # left as it was
    files, findings = _of(data, str(hostile))
    fv000 = [d for d in files[0]["diagnostics"] if d["rule"] == "FV000"]
    assert len(fv000) == 1 and fv000[0]["file"] == str(hostile)
    assert "the file was not fixed: internal error (KeyError" in fv000[0]["message"]
    assert "please report it at" in fv000[0]["suggestion"]
    assert findings  # still checked, as it is
    other_files, other_findings = _of(data, str(other))
    assert other_findings and not [d for d in other_files[0]["diagnostics"] if d["rule"] == "FV000"]


@pytest.mark.parametrize("stage", ["read", "check"])
def test_eval_a_file_that_fails_is_not_scored_and_the_other_is(stage, tmp_path, capsys,
                                                               monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from findings_validator.engine import Checker
    from findings_validator.evaluation import run as evaluation_run

    monkeypatch.syspath_prepend(str(Path(__file__).resolve().parent / "evaluation"))
    from labelled import RECORDS, write_jsonl

    hostile = write_jsonl(tmp_path / "hostile.jsonl", [dict(r, id=f"h-{r['id']}") for r in RECORDS])
    other = write_jsonl(tmp_path / "other.jsonl")
    if stage == "read":
        real_read = evaluation_run.read_records

        def read(path):  # type: ignore[no-untyped-def]
            if "hostile" in str(path):
                raise KeyError("boom")
            return real_read(path)
        monkeypatch.setattr(evaluation_run, "read_records", read)
    else:
        real_check = Checker.check_report

        def check(self, report, *args, **kwargs):  # type: ignore[no-untyped-def]
            if "hostile" in (report.file or ""):
                raise KeyError("boom")
            return real_check(self, report, *args, **kwargs)
        monkeypatch.setattr(Checker, "check_report", check)
    code = main(["eval", str(hostile), str(other), "--isolated", "-f", "json"])
    out, err = capsys.readouterr()
    data = json.loads(out)
    assert code == 2 and "Traceback" not in err and "internal error:" not in err
    assert data["records"] == len(RECORDS)  # the other file, scored in full
    errors = [e for e in data["errors"] if e["file"] == str(hostile)]
    assert len(errors) == 1 and "the file was not scored: internal error (KeyError" in errors[0]["message"]
    assert f"{hostile}" in err and "please report it at" in err
    code = main(["eval", str(hostile), str(other), "--isolated"])
    out, _ = capsys.readouterr()
    assert code == 2 and "the file was not scored" in out and f"agreement 0.750 (6 of {len(RECORDS)})" in out


def test_fix_keeps_the_per_file_boundary(tmp_path, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Regression: the standalone ``fix`` stopped at the first file it could not fix (a syntax error, a FIFO, a
    file over a limit) or printed an internal error, and the files after it were not fixed. Each is now its own
    located FV000 on standard error; every other file is fixed, and the run exits 2."""
    from findings_validator import fix
    from findings_validator.readers import source

    wrong = 'audit: {criteria: ["ISO 9001:2015"]}\nfindings:\n  - {id: A, grade: minor, clause: "cl. 7.5.3.2 c)"}\n'
    names = ["good-1", "syntax", "fifo", "large", "hostile", "deep", "good-2"]
    paths = {name: tmp_path / f"{name}.yaml" for name in names}
    for name, path in paths.items():
        if name == "fifo":
            os.mkfifo(path)
        else:
            path.write_text(wrong if name != "syntax" else wrong + "  - {id: B}}\n")
    paths["large"].write_text(wrong + "#" * 4000 + "\n")
    paths["deep"].write_text(wrong + "  - {id: B, x: " + "[" * 600 + "]" * 600 + "}\n")
    monkeypatch.setattr(source, "MAX_DOCUMENT_BYTES", 2000)
    real = fix._fix_yaml

    def failing(path, *args):  # type: ignore[no-untyped-def]
        if "hostile" in str(path):
            raise KeyError("boom")
        return real(path, *args)

    monkeypatch.setattr(fix, "_fix_yaml", failing)
    code = main(["fix", *map(str, paths.values())])
    err = capsys.readouterr().err
    assert code == 2 and "Traceback" not in err and "internal error:" not in err
    for name in ("good-1", "good-2"):
        assert f"fixed {paths[name]}: 1 change(s)" in err and "7.5.3.2 c)" in paths[name].read_text()
        assert "cl. 7.5.3.2" not in paths[name].read_text()
    assert f"error: {paths['syntax']}:4:12: FV000 the file was not fixed: cannot parse the YAML" in err
    assert f"error: {paths['fifo']}: FV000 the file was not fixed: this is a FIFO" in err
    assert f"error: {paths['large']}: FV000 the file was not fixed: the file is larger than" in err
    assert f"error: {paths['hostile']}: FV000 the file was not fixed: internal error (KeyError: 'boom')" in err
    assert "please report it at" in err
    assert f"error: {paths['deep']}: FV000 the file was not fixed: it is nested too deeply" in err
    for name in ("syntax", "large", "hostile", "deep"):
        assert "cl. 7.5.3.2 c)" in paths[name].read_text()  # left as they were
    assert err.count(": FV000 the file was not fixed") == 5


_CHECK_REPORT_BLOCK = batch._check_report_block


def _kill_report_block_on_marker(path, start, length, first_line, *args):  # type: ignore[no-untyped-def]
    """In a worker of ``check``: die as if killed with -9 on a block holding KILL-ALWAYS, or KILL-ONCE the first
    time."""
    with open(path, "rb") as fh:
        fh.seek(start)
        data = fh.read(max(length, 0))
    once = Path(os.environ["FV_TEST_ONCE"])
    if b"KILL-ALWAYS" in data or (b"KILL-ONCE" in data and once.exists()):
        once.unlink(missing_ok=True)
        os.kill(os.getpid(), signal.SIGKILL)
    return _CHECK_REPORT_BLOCK(path, start, length, first_line, *args)


@pytest.mark.parametrize("marker", ["KILL-ONCE", "KILL-ALWAYS"])
def test_a_dead_worker_of_check_on_json_lines_is_retried_or_its_lines_are_named(marker, tmp_path, capsys,
                                                                                monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Regression: a worker of ``check -j`` on a large JSON Lines report killed with -9 made the whole report one
    FV000, with no retry. Its block is now checked again in a fresh process; when that dies too, the FV000 names
    the lines without a result and how many, every other finding is reported, and the run exits 2."""
    import functools

    once = tmp_path / "once"
    once.touch()
    monkeypatch.setenv("FV_TEST_ONCE", str(once))
    lines = [json.dumps(dict(FINDING, id=f"NC-{i}")) for i in range(60)]
    lines[30] = json.dumps(dict(FINDING, id=marker))
    path = _archive(tmp_path, lines)
    serial_code, serial, _ = _json_run(capsys, str(path))  # one process: what the run gives when none dies
    assert [f["id"] for f in serial["findings"]] == [json.loads(line)["id"] for line in lines]
    monkeypatch.setattr(runner, "PARALLEL_BYTES", 1)
    monkeypatch.setattr(batch, "report_parts", functools.partial(batch.report_parts, block_bytes=2048))
    monkeypatch.setattr(batch, "_check_report_block", _kill_report_block_on_marker)
    code, data, err = _json_run(capsys, str(path), "-j", "2")
    assert "Traceback" not in err and "internal error" not in err
    ids = [f["id"] for f in data["findings"]]
    fv000 = [d for f in data["files"] for d in f["diagnostics"] if d["rule"] == "FV000"]
    expected = [json.loads(line)["id"] for line in lines]
    if marker == "KILL-ONCE":  # retried in a fresh process: nothing lost
        assert not once.exists()  # it did die once
        assert code == serial_code and not fv000 and data["findings"] == serial["findings"]
    else:
        assert code == 2 and len(fv000) == 1
        message = fv000[0]["message"]
        first, last, count = re.search(r"lines (\d+) to (\d+) \(([\d,]+) line\(s\)", message).groups()  # type: ignore[union-attr]
        assert "died twice" in message and fv000[0]["line"] == int(first)
        assert int(first) <= 32 <= int(last) and int(count) == int(last) - int(first) + 1  # the killer's line, 32
        assert len(ids) + int(count) == len(lines)
        missing = set(expected[int(first) - 2:int(last) - 1])  # line 1 is the audit
        assert "KILL-ALWAYS" in missing and ids == [i for i in expected if i not in missing]


@pytest.fixture()
def started_afresh(request, monkeypatch):  # type: ignore[no-untyped-def]
    """Worker processes started by spawn (or the method given as the parameter: forkserver), not fork: they
    begin from the defaults; and a non-default reader limit in this process, object_keys = 5, set as a program
    sets it, and a time budget of 123 s."""
    import multiprocessing

    from findings_validator.readers import json_reader, limits, yaml_load

    for module in (json_reader, yaml_load):
        monkeypatch.setattr(module, "MAX_OBJECT_KEYS", module.MAX_OBJECT_KEYS)   # restored after the test
    limits.configure({"object_keys": 5})
    monkeypatch.setattr(isolation, "FILE_SECONDS", 123.0)
    before = multiprocessing.get_start_method()
    method = getattr(request, "param", "spawn")
    multiprocessing.set_start_method(method, force=True)
    yield method
    multiprocessing.set_start_method(before, force=True)


WIDE = dict(FINDING, id="NC-WIDE", k0=0, k1=1)  # seven keys: two past the bound


def _in_a_worker() -> tuple[int, float]:
    from findings_validator.readers import json_reader

    return json_reader.MAX_OBJECT_KEYS, isolation.FILE_SECONDS


@pytest.mark.parametrize("started_afresh", ["spawn", "forkserver"], indirect=True)
def test_workers_started_afresh_take_on_the_limits_and_budget_of_the_parent(started_afresh) -> None:  # type: ignore[no-untyped-def]
    from concurrent.futures import ProcessPoolExecutor

    settings = isolation.worker_settings()
    assert settings[0][("json_reader", "MAX_OBJECT_KEYS")] == settings[0][("yaml_load", "MAX_OBJECT_KEYS")] == 5
    assert settings[1] == 123.0
    with ProcessPoolExecutor(max_workers=1) as pool:  # the defaults, as a worker begins
        assert pool.submit(_in_a_worker).result() == (10_000, float(os.environ.get(
            "FINDINGS_VALIDATOR_FILE_SECONDS", 600)))
    with ProcessPoolExecutor(max_workers=1, initializer=isolation.start_worker, initargs=(settings,)) as pool:
        assert pool.submit(_in_a_worker).result() == (5, 123.0)


def test_batch_workers_started_afresh_read_with_the_parents_limits(started_afresh, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Regression: batch workers started by spawn or forkserver read with the default limits."""
    import io

    lines = [json.dumps(dict(FINDING, id=f"NC-{i}")) for i in range(20)]
    lines[10] = json.dumps(WIDE)
    out = io.BytesIO()
    summary = batch.check_jsonl(_archive(tmp_path, lines), out, jobs=2, block_bytes=1024)
    records = [json.loads(line) for line in out.getvalue().splitlines()]
    assert summary.findings == 20
    over = [r["problem"] for r in records if "problem" in r and "keys" in r["problem"]["message"]]
    assert [(p["line"], p["column"]) for p in over] == [(12, lines[10].index('"k0"') + 1)]
    assert "more than 5 keys" in over[0]["message"]


def test_check_workers_started_afresh_read_with_the_parents_limits(started_afresh, tmp_path, capsys,  # type: ignore[no-untyped-def]
                                                                   monkeypatch) -> None:
    """Regression: the workers of check (several files, or one large JSON Lines report) started by spawn or
    forkserver read with the default limits."""
    import functools

    lines = [json.dumps(dict(FINDING, id=f"NC-{i}")) for i in range(20)]
    lines[10] = json.dumps(WIDE)
    report = _archive(tmp_path, lines)
    other = tmp_path / "other.yaml"
    other.write_text(json.dumps({**AUDIT, "findings": [FINDING, WIDE]}), encoding="utf-8")  # JSON is YAML
    monkeypatch.setattr(runner, "PARALLEL_BYTES", 1)
    monkeypatch.setattr(batch, "report_parts", functools.partial(batch.report_parts, block_bytes=1024))
    _, data, _ = _json_run(capsys, str(report), "-j", "2")  # one large JSON Lines report, on workers
    over = [d for f in data["files"] for d in f["diagnostics"] if "keys" in d["message"]]
    assert [(d["rule"], d["line"]) for d in over] == [("FV004", 12)] and "more than 5 keys" in over[0]["message"]
    _, data, _ = _json_run(capsys, str(other), str(report), "-j", "2")  # files on workers
    over = [(d["file"], d["line"]) for f in data["files"] for d in f["diagnostics"] if "keys" in d["message"]]
    assert sorted(over) == sorted([(str(other), 1), (str(report), 12)])
