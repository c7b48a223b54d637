"""Reader throughput per format, and the peak memory of streaming a large JSON Lines report.

    python bench/bench_readers.py [--findings 20000] [--reads 5] [--stream 1000000] [--seed 7]

Findings are synthetic but realistic in size (a clause, a requirement, a statement, two evidence items, process,
site: about 500-700 bytes each). Throughput is findings per second of CPU time: the median of ``--reads`` reads,
with the slowest and fastest beside it. Field positions are worked out when asked for, so their cost is shown
apart: one field's position asked of every finding (what a diagnostic does), then all of them. Streaming runs in a
subprocess that iterates ``iter_findings`` over the JSON Lines file and reports its peak RSS (Linux VmHWM).
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from findings_validator.readers import read_report  # noqa: E402

AUDIT = {"type": "surveillance", "criteria": ["ISO 9001:2015"], "scope": "Contract machining"}
_WORDS = ("calibration register interval micrometer caliper record operator sample overdue inspection release "
          "procedure revision supplier evaluation review minutes training competence drawing batch").split()


def finding(rng: random.Random, number: int) -> dict[str, object]:
    def sentence(words: int) -> str:
        return " ".join(rng.choice(_WORDS) for _ in range(words)).capitalize() + "."

    return {"id": f"NC-{number:06d}", "grade": rng.choice(["minor", "major", "ofi", "observation"]),
            "clause": f"{rng.randint(4, 10)}.{rng.randint(1, 5)}.{rng.randint(1, 3)} {rng.choice('abc')})",
            "requirement": sentence(10), "statement": sentence(14),
            "evidence": [f"Record QF-{rng.randint(1, 999):03d} rev {rng.randint(1, 9)}, 2025-10-{rng.randint(10, 28)}: "
                         + sentence(12), sentence(9)],
            "process": rng.choice(["Machining", "Goods-in", "Despatch"]), "site": "Unit 4"}


def write_all(directory: Path, findings: list[dict[str, object]]) -> dict[str, Path]:
    """The same report as JSON, JSON Lines, CSV and YAML."""
    paths = {name: directory / f"report.{name}" for name in ("json", "jsonl", "csv", "yaml")}
    paths["json"].write_text(json.dumps({"audit": AUDIT, "findings": findings}, indent=2))
    paths["jsonl"].write_text("\n".join(json.dumps(row) for row in [{"audit": AUDIT}, *findings]) + "\n")
    paths["yaml"].write_text(yaml.safe_dump({"audit": AUDIT, "findings": findings}, sort_keys=False, width=100))
    with paths["csv"].open("w", newline="") as out:
        out.write(f"# audit: {json.dumps(AUDIT)}\n")
        writer = csv.writer(out)
        writer.writerow(["ID", "Grade", "Clause", "Requirement", "Statement", "Objective Evidence", "Process", "Site"])
        for row in findings:
            writer.writerow([row["id"], row["grade"], row["clause"], row["requirement"], row["statement"],
                             "\n".join(row["evidence"]), row["process"], row["site"]])  # type: ignore[arg-type]
    return paths


def throughput(path: Path, count: int, reads: int) -> tuple[float, float, float]:
    """Findings per second of CPU time: median, slowest and fastest of ``reads`` reads."""
    rates = []
    for _ in range(reads):
        start = time.process_time()
        result = read_report(path)
        rates.append(count / (time.process_time() - start))
        assert len(result.report.findings) == count, result.problems[:3]
        del result  # freeing the previous report is not reading it: keep it out of the next timed read
    return statistics.median(rates), min(rates), max(rates)


def position_cost(path: Path) -> tuple[float, float]:
    """Microseconds per finding: the position of one field asked of every finding, then all its fields'."""
    findings = read_report(path).report.findings
    start = time.process_time()
    for finding in findings:
        finding.position("statement")
    one = time.process_time() - start
    start = time.process_time()
    for finding in findings:
        dict(finding.positions)
    return one / len(findings) * 1e6, (time.process_time() - start) / len(findings) * 1e6


_STREAM = """
import sys
sys.path.insert(0, sys.argv[2])
from findings_validator.readers import iter_findings

def peak_kib():  # VmHWM: this process's peak RSS (ru_maxrss would include the parent's, inherited at fork)
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmHWM"))

audit, items = iter_findings(sys.argv[1])
before = peak_kib()
count = sum(1 for item in items if hasattr(item, "grade"))
print(count, before, peak_kib())
"""


def stream_memory(directory: Path, lines: int, seed: int) -> tuple[int, float, float, float]:
    """Findings streamed, RSS before and after (MiB), and seconds, for a JSON Lines file of ``lines`` findings."""
    rng = random.Random(seed)
    path = directory / "large.jsonl"
    with path.open("w") as out:
        out.write(json.dumps({"audit": AUDIT}) + "\n")
        for number in range(lines):
            out.write(json.dumps(finding(rng, number)) + "\n")
    start = time.perf_counter()
    output = subprocess.run([sys.executable, "-c", _STREAM, str(path), str(Path(__file__).resolve().parents[1])],
                            check=True, capture_output=True, text=True).stdout.split()
    seconds = time.perf_counter() - start
    path.unlink()
    count, before, after = map(int, output)
    return count, before / 1024, after / 1024, seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--findings", type=int, default=20_000)
    parser.add_argument("--reads", type=int, default=5, help="timed reads per format")
    parser.add_argument("--stream", type=int, default=1_000_000, help="JSON Lines findings to stream (0: skip)")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    findings = [finding(rng, number) for number in range(args.findings)]
    with tempfile.TemporaryDirectory() as tmp:
        for name, path in write_all(Path(tmp), findings).items():
            size = path.stat().st_size / len(findings)
            median, slowest, fastest = throughput(path, len(findings), args.reads)
            one, every = position_cost(path)
            print(f"{name:6} {median:>9,.0f} findings/s ({slowest:,.0f}–{fastest:,.0f}), {size:.0f} bytes/finding; "
                  f"positions: one field {one:.1f} µs, all {every:.1f} µs per finding")
        if args.stream:
            count, before, after, seconds = stream_memory(Path(tmp), args.stream, args.seed)
            print(f"stream {count:,} JSON Lines findings: {count / seconds:,.0f} findings/s wall, peak RSS "
                  f"{after:.0f} MiB (after imports and the audit line: {before:.0f} MiB)")


if __name__ == "__main__":
    main()
