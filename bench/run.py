"""The benchmark: every stage and the whole pipeline, with medians and spreads, as one table.

    python bench/run.py            # everything, including 1,000,000 findings (a few minutes)
    python bench/run.py --quick    # smaller sizes, under a minute
    python bench/run.py --only catalogs    # one stage (repeat --only for more)

Inputs are synthetic and seeded (bench/generate.py: the worked examples with their numbers varied). Each figure
is the median of several runs, with the spread (min–max) beside it; on a shared machine read the ratios more
than the absolute numbers. docs/performance.md records the figures and the command that produced them.
"""

from __future__ import annotations

import argparse
import gc
import io
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(ROOT), str(HERE)]

import generate  # noqa: E402
from baseline import baseline  # noqa: E402


def row(stage: str, value: str, spread: str = "", target: str = "") -> None:
    print(f"  {stage:<52} {value:>16} {spread:>22} {target}", flush=True)


def repeat(fn: Callable[[], float], times: int) -> tuple[float, float, float]:
    values = [fn() for _ in range(times)]
    return statistics.median(values), min(values), max(values)


def python(code: str, env: dict[str, str] | None = None) -> str:
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT,
                          env={**os.environ, **(env or {})})
    return done.stdout.strip()


# ---- stages --------------------------------------------------------------------------------------------------
CATALOG_LIBRARIES = [("PyYAML", "yaml"), ("yaml_rs", "yaml_rs"), ("pydantic", "pydantic"),
                     ("the catalog schema and loader", "findings_validator.catalog.loader"), ("networkx", "networkx")]


def catalogs(reps: int) -> None:
    """Each figure in a fresh process. Cold: no cache (``use_cache=False``), the libraries it needs already imported
    (their import costs are rows of their own: networkx stays off the start-up path until a graph query), then
    ``load_catalogs`` and building the clause graph on the clock. Warm: the content-keyed cache, nothing imported
    beforehand (a warm start needs neither PyYAML nor pydantic)."""
    cache = tempfile.mkdtemp(prefix="fv-cache-")
    env = {"FINDINGS_VALIDATOR_CACHE": cache}
    reps = 2 * reps + 1  # a process each: cheap, and the medians steadier
    imports = "import time; T = time.perf_counter; t0 = T(); " + "; ".join(
        f"import {module}; t{n + 1} = T()" for n, (_, module) in enumerate(CATALOG_LIBRARIES))
    spans = ", ".join(f"(t{n + 1} - t{n}) * 1000" for n in range(len(CATALOG_LIBRARIES)))
    costs = [[float(x) for x in python(f"{imports}; print({spans})", env).split()] for _ in range(reps)]
    cold_code = (f"{imports}; import findings_validator.catalog.graph; from findings_validator.catalog import "
                 "load_catalogs; t = T(); c = load_catalogs(use_cache=False); t1 = T(); c.graph; t2 = T(); "
                 "print((t2 - t) * 1000, (t1 - t) * 1000)")
    cold = [[float(x) for x in python(cold_code, env).split()] for _ in range(reps)]
    warm_code = ("import time; from findings_validator.catalog import load_catalogs; t = time.perf_counter(); "
                 "load_catalogs(use_cache=True); print((time.perf_counter() - t) * 1000)")
    python(warm_code, env)  # fill the cache
    warm = [float(python(warm_code, env)) for _ in range(reps)]
    graph = [float(python(
        "import time, networkx; from findings_validator.catalog import load_catalogs; c = load_catalogs(); "
        "t = time.perf_counter(); c.graph; print((time.perf_counter() - t) * 1000)", env)) for _ in range(reps)]
    first = float(python("import time; t = time.perf_counter(); import findings_validator.catalog; "
                         "print((time.perf_counter() - t) * 1000)", env))

    def ms(values: list[float], digits: int = 0) -> tuple[str, str]:
        return (f"{statistics.median(values):.{digits}f} ms", f"{min(values):.{digits}f}–{max(values):.{digits}f} ms")

    for n, (name, _) in enumerate(CATALOG_LIBRARIES):
        row(f"import {name} (before the clock)", *ms([c[n] for c in costs], 1))
    row("import findings_validator.catalog (warm path)", f"{first:.0f} ms")
    row("catalogs cold: load (no cache) + build the graph", *ms([c[0] for c in cold]), "< 150 ms")
    row("  of which load_catalogs(use_cache=False)", *ms([c[1] for c in cold]))
    row("catalogs warm: load_catalogs() from the cache", *ms(warm, 1), "< 20 ms")
    row("clause graph build alone (networkx imported)", *ms(graph, 1))


def citations(n: int, reps: int) -> None:
    import random

    from findings_validator.catalog import load_catalogs
    from findings_validator.citations import Criteria, parse_citations, resolve
    from findings_validator.citations.parser import find_citations
    from findings_validator.citations.resolver import _resolve

    cats = load_catalogs()
    criteria = Criteria.of(["ISO 9001:2015"], cats, ["8.3"])
    rng = random.Random(5)
    ids = [c.id for c in cats.editions["ISO 9001:2015"].clauses.values() if c.id[0].isdigit()]
    styles = ["{}", "cl. {}", "clause {}", "§ {}", "ISO 9001:2015 {}", "ISO 9001 (2015) clause {}", "{} a)", "{}(b)",
              "cl. {} c)", "ISO 9001:2008 {}", "{} a) and b)", "{} a)-c)"]
    pool = [rng.choice(styles).format(rng.choice(ids)) for _ in range(3000)]
    weights = [1 / (k + 1) for k in range(len(pool))]  # Zipf-like: a few forms recur, most are rare
    texts = rng.choices(pool, weights, k=n)

    def run() -> float:
        parse_citations.cache_clear()
        _resolve.cache_clear()
        find_citations.cache_clear()
        start = time.perf_counter()
        for text in texts:
            try:
                for c in parse_citations(text):
                    resolve(c, criteria, cats)
            except Exception:  # noqa: BLE001 - a syntax error is a result here
                pass
        return n / (time.perf_counter() - start)

    med, lo, hi = repeat(run, reps)
    row(f"citations parsed + resolved ({len(pool)} forms, Zipf)", f"{med:,.0f} /s", f"{lo:,.0f}–{hi:,.0f}", ">= 100,000 /s")

    def uncached() -> float:
        sample = pool[:1000]
        start = time.perf_counter()
        for text in sample:
            parse_citations.__wrapped__(text)
        return len(sample) / (time.perf_counter() - start)

    med, lo, hi = repeat(uncached, reps)
    row("citations parsed, every one new (no cache)", f"{med:,.0f} /s", f"{lo:,.0f}–{hi:,.0f}")


def readers(n: int, tmp: Path, reps: int) -> None:
    from findings_validator.readers import read_report

    asked: dict[str, float] = {}
    for fmt, writer in (("json", generate.write_json), ("jsonl", generate.write_jsonl), ("csv", generate.write_csv),
                        ("yaml", generate.write_yaml)):
        count = n if fmt != "yaml" else max(n // 4, 1000)
        path = writer(tmp / f"r.{fmt}", count)

        def run(path: Path = path, fmt: str = fmt, count: int = count) -> float:
            start = time.process_time()
            result = read_report(path, audit=generate.AUDIT if fmt == "csv" else None)
            elapsed = time.process_time() - start
            del result  # freed after the clock stops: freeing a report is not reading it
            return count / elapsed

        med, lo, hi = repeat(run, reps)
        target = ">= 10,000 /s" if fmt == "yaml" else ">= 50,000 /s"
        row(f"read {fmt.upper()} with positions", f"{med:,.0f} /s", f"{lo:,.0f}–{hi:,.0f}", target)
        # Field positions are worked out when asked for: what asking costs, as a diagnostic asks (one field).
        findings = read_report(path, audit=generate.AUDIT if fmt == "csv" else None).report.findings
        start = time.process_time()
        for finding in findings:
            finding.position("statement")
        asked[fmt] = (time.process_time() - start) / len(findings) * 1e6
    row("… then one field's position asked of each finding", " / ".join(f"{v:.1f}" for v in asked.values()) + " µs",
        "JSON / JSONL / CSV / YAML")


def rules(n: int, reps: int) -> None:
    from findings_validator.dsl.text import measure, present
    from findings_validator.engine import Checker
    from findings_validator.models import Audit, Finding

    checker = Checker()
    audit = Audit.model_validate(generate.AUDIT)
    criteria, _ = checker.criteria(audit)
    findings = [Finding.model_validate(f) for f in generate.findings(n, seed=11)]

    def timed(evaluate: Callable[[object], object], chunk: list[Finding]) -> float:
        checker.rules.scan.cache_clear()  # type: ignore[attr-defined]
        measure.cache_clear()
        present.cache_clear()
        contexts = [checker.context(f, audit, criteria) for f in chunk]
        gc.collect()
        start = time.process_time()
        for ctx in contexts:
            evaluate(ctx)
        return time.process_time() - start

    # Conditions only on both sides: building diagnostics costs the same either way. The two sides take turns
    # on chunks of 250 findings, so that a burst of other work on the machine falls on both alike.
    chunks = [findings[i:i + 250] for i in range(0, len(findings), 250)]
    compiled, base = [], []
    for _ in range(reps):
        c = b = 0.0
        for chunk in chunks:
            c += timed(checker.fired, chunk)
            b += timed(baseline, chunk)
        compiled.append(c / n * 1e6)
        base.append(b / n * 1e6)
    ratios = [c / b for c, b in zip(compiled, base)]
    row("rule conditions per finding, compiled DSL", f"{statistics.median(compiled):.1f} µs",
        f"{min(compiled):.1f}–{max(compiled):.1f} µs")
    row("same checks hand-written in Python (baseline)", f"{statistics.median(base):.1f} µs",
        f"{min(base):.1f}–{max(base):.1f} µs")
    row("ratio compiled / hand-written", f"{statistics.median(ratios):.2f}x", f"{min(ratios):.2f}–{max(ratios):.2f}",
        "<= 1.5x")


def interactive(reps: int) -> None:
    from findings_validator.engine import Checker
    from findings_validator.models import Audit, Finding

    checker = Checker()
    audit = Audit.model_validate(generate.AUDIT)
    findings = [Finding.model_validate(f) for f in generate.findings(2000, seed=13)]
    checker.check_finding(findings[0], audit)

    def one() -> float:
        times = []
        for f in findings:
            start = time.perf_counter()
            checker.check_finding(f, audit)
            times.append(time.perf_counter() - start)
        return statistics.median(times) * 1e3

    med, lo, hi = repeat(one, reps)
    row("check one finding through the library (warm)", f"{med:.3f} ms", f"{lo:.3f}–{hi:.3f} ms", "< 1 ms")
    # the public check() on a report of one finding, called again and again (a cached default checker)
    from findings_validator import check
    from findings_validator.models import Report
    from findings_validator.readers import read_report

    complete = read_report(ROOT / "tests" / "data" / "clean-report.yaml").report.audit  # every metadata field
    reports = [Report(audit=complete, findings=(f,)) for f in findings[:500]]
    check(reports[0])

    def public(clock: Callable[[], float] = time.perf_counter) -> float:
        times = []
        for report_ in reports:
            start = clock()
            check(report_)
            times.append(clock() - start)
        return statistics.median(times) * 1e6

    med, lo, hi = repeat(public, reps)
    row("check(report of one finding), public API, warm", f"{med:.0f} µs", f"{lo:.0f}–{hi:.0f} µs", "< 100 µs")
    med, lo, hi = repeat(lambda: public(time.process_time), reps)  # CPU time: what a loaded machine moves least
    row("  the same, CPU time", f"{med:.0f} µs", f"{lo:.0f}–{hi:.0f} µs", "< 100 µs")
    clean = ROOT / "tests" / "data" / "clean-report.yaml"
    exe = Path(sys.executable).with_name("findings-validator")
    command = [str(exe)] if exe.exists() else [sys.executable, "-m", "findings_validator"]
    # As installed by pip, which compiles every module's bytecode: the warm-up run writes it for a source checkout
    # too, even where PYTHONDONTWRITEBYTECODE is set; and it fills the catalog and grammar caches.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    subprocess.run([*command, "check", str(clean), "--isolated"], capture_output=True, env=env)

    def timed(argv: list[str]) -> Callable[[], float]:
        def run() -> float:
            start = time.perf_counter()
            subprocess.run(argv, capture_output=True, env=env)
            return (time.perf_counter() - start) * 1e3
        return run

    med, lo, hi = repeat(timed([*command, "check", str(clean), "--isolated"]), max(reps, 5))
    row("CLI on a small report, wall time incl. start-up", f"{med:.0f} ms", f"{lo:.0f}–{hi:.0f} ms", "< 300 ms")
    # paired with yamllint on the same two-finding report, in turns, so that both meet the same load
    yamllint = Path(sys.executable).with_name("yamllint")
    if yamllint.exists():
        two = Path(tempfile.mkdtemp(prefix="fv-two-")) / "two.yaml"
        two.write_text(generate.yaml_report(2), encoding="utf-8")
        ours, theirs, ours_cpu, theirs_cpu = [], [], [], []
        for _ in range(max(reps, 5) * 2):
            wall, _, cpu = _measured([*command, "check", str(two), "--isolated"])
            ours.append(wall * 1e3)
            ours_cpu.append(cpu * 1e3)
            wall, _, cpu = _measured([str(yamllint), str(two)])
            theirs.append(wall * 1e3)
            theirs_cpu.append(cpu * 1e3)
        # the floor the report models set: pydantic, the models and PyYAML imported and the same report validated
        # (what any `check` does before a rule runs), paired with yamllint in the same turns
        floor_argv = [sys.executable, "-c", "import sys, yaml; from findings_validator.models import Report; "
                      "Report.model_validate(yaml.safe_load(open(sys.argv[1], encoding='utf-8')))", str(two)]
        floor_cpu, paired_cpu = [], []
        for _ in range(max(reps, 5) * 2):
            floor_cpu.append(_measured(floor_argv)[2] * 1e3)
            paired_cpu.append(_measured([str(yamllint), str(two)])[2] * 1e3)
        for label, a_, b_ in (("wall", ours, theirs), ("CPU", ours_cpu, theirs_cpu)):
            ratios = sorted(a / b for a, b in zip(a_, b_))
            row(f"check on a 2-finding report ({label})", f"{statistics.median(a_):.0f} ms",
                f"{min(a_):.0f}–{max(a_):.0f} ms")
            row(f"  yamllint on the same file, in turns ({label})", f"{statistics.median(b_):.0f} ms",
                f"{min(b_):.0f}–{max(b_):.0f} ms")
            row(f"  ratio check / yamllint, {label} (median of pairs)", f"{statistics.median(ratios):.2f}x",
                f"{ratios[0]:.2f}–{ratios[-1]:.2f}", "<= 2x")
        ratios = sorted(a / b for a, b in zip(floor_cpu, paired_cpu))
        row("  floor: models imported, the report validated (CPU)", f"{statistics.median(floor_cpu):.0f} ms",
            f"{min(floor_cpu):.0f}–{max(floor_cpu):.0f} ms")
        row("  ratio floor / yamllint, CPU (median of pairs)", f"{statistics.median(ratios):.2f}x",
            f"{ratios[0]:.2f}–{ratios[-1]:.2f}")
    else:
        row("yamllint not installed (pip install yamllint): no paired start-up figure", "")
    # the floor under it: the interpreter alone, and the interpreter with pydantic imported
    med, lo, hi = repeat(timed([sys.executable, "-c", "pass"]), max(reps, 5))
    row("  for comparison: python -c pass", f"{med:.0f} ms", f"{lo:.0f}–{hi:.0f} ms", "")
    med, lo, hi = repeat(timed([sys.executable, "-c", "from pydantic import BaseModel"]), max(reps, 5))
    row("  for comparison: python -c 'from pydantic import BaseModel'", f"{med:.0f} ms", f"{lo:.0f}–{hi:.0f} ms", "")


def _rss_of_tree(pid: int) -> int:
    """Resident memory (bytes) of a process and all its descendants, from /proc."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
                children.setdefault(int(fields[1]), []).append(int(entry))
            except (OSError, IndexError):
                continue
    total, stack = 0, [pid]
    while stack:
        p = stack.pop()
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) * 1024
        except OSError:
            pass
        stack.extend(children.get(p, []))
    return total


def end_to_end(n: int, tmp: Path, reps: int) -> None:
    from findings_validator.batch import check_jsonl

    path = generate.write_jsonl(tmp / "e2e.jsonl", n)

    def run() -> float:
        start = time.perf_counter()
        check_jsonl(path, io.StringIO(), jobs=1)
        return n / (time.perf_counter() - start)

    med, lo, hi = repeat(run, reps)
    row("end to end, one core (read, resolve, rules, JSON out)", f"{med:,.0f} /s", f"{lo:,.0f}–{hi:,.0f}",
        ">= 20,000 /s")


def _measured(argv: list[str], stdout: Path | None = None) -> tuple[float, int, float]:
    """Wall time (s), peak resident memory (bytes, the process and its children, sampled every 20 ms) and CPU
    time (s, user + system, the process and the worker processes it waited for)."""
    start = time.perf_counter()
    with open(stdout or os.devnull, "wb") as out:
        proc = subprocess.Popen(argv, stdout=out, stderr=subprocess.DEVNULL, cwd=ROOT)
        peak = 0
        done = threading.Event()

        def watch() -> None:
            nonlocal peak
            while not done.is_set():
                peak = max(peak, _rss_of_tree(proc.pid))
                time.sleep(0.02)

        watcher = threading.Thread(target=watch)
        watcher.start()
        _, status, usage = os.wait4(proc.pid, 0)
        done.set()
        proc.returncode = os.waitstatus_to_exitcode(status)
        watcher.join()
    return time.perf_counter() - start, peak, usage.ru_utime + usage.ru_stime


def _cli() -> list[str]:
    exe = Path(sys.executable).with_name("findings-validator")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "findings_validator"]


def report(sizes: list[int], formats_n: int, tmp: Path, reps: int, thresholds: list[int] | None = None) -> None:
    """``check`` on one report, end to end in a fresh process (start-up, reading, every rule, JSON written to a
    file), as a user runs it: each size and format ``reps`` times (median, min–max, peak memory of the runs).
    Beside it, on the same file and in the same rounds: the hand-written one-pass validator
    (``bench/baseline.py``) and ``batch`` (JSON Lines, finding rules only, one process per core)."""
    cli = [*_cli(), "check", "--isolated", "-f", "json"]
    out = tmp / "out.json"
    times: dict[int, float] = {}

    def rounds(label: str, commands: dict[str, list[str]], n: int) -> dict[str, tuple[float, float]]:
        """Each command ``reps`` times, in turns (a burst of other work falls on all alike): the medians of wall
        and CPU time; printed with their spreads and the peak memory of the runs."""
        got: dict[str, list[tuple[float, int, float]]] = {name: [] for name in commands}
        for _ in range(reps):
            for name, argv in commands.items():
                got[name].append(_measured(argv, out))
        medians = {}
        for name, runs in got.items():
            wall, cpu = sorted(t for t, _, _ in runs), sorted(c for _, _, c in runs)
            medians[name] = statistics.median(wall), statistics.median(cpu)
            row(f"{label}: {name}", f"{medians[name][0]:.2f} s wall",
                f"{wall[0]:.2f}–{wall[-1]:.2f} s, peak {max(m for _, m, _ in runs) / 2**20:.0f} MB")
            row("", f"{medians[name][1]:.2f} s CPU", f"{cpu[0]:.2f}–{cpu[-1]:.2f} s, {n / medians[name][1]:,.0f}/s")
        return medians

    for n in sizes:
        path = generate.write_json(tmp / f"report-{n}.json", n, repeated=0.3)
        times[n] = rounds(f"check, one JSON report of {n:,}", {"check": [*cli, str(path)]}, n)["check"]
        path.unlink()
    ordered = sorted(times)
    for small in ordered:
        if 4 * small in times:
            wall, cpu = (times[4 * small][i] / times[small][i] for i in (0, 1))
            row(f"growth {small:,} -> {4 * small:,} findings (4x)", f"{cpu:.2f}x CPU", f"{wall:.2f}x wall", "<= 4.4x")
    row("CPU time per finding, " + " / ".join(f"{n / 1000:g}k" for n in ordered),
        " / ".join(f"{times[n][1] / n * 1e6:.0f}" for n in ordered) + " µs")

    n = formats_n
    if not n:  # --formats-n 0: the sizes alone
        return
    jsonl = generate.write_jsonl(tmp / f"f-{n}.jsonl", n, repeated=0.3)
    json_ = generate.write_json(tmp / f"f-{n}.json", n, repeated=0.3)
    medians = rounds(f"{n:,} findings", {
        "check (JSON)": [*cli, str(json_)],
        "hand-written one-pass baseline (JSON)": [sys.executable, str(HERE / "baseline.py"), str(json_),
                                                  str(tmp / "base.jsonl")],
        "check (JSON Lines)": [*cli, str(jsonl)],
        "batch (JSON Lines, 2 processes)": [*_cli(), "batch", str(jsonl), "-o", str(tmp / "batch.jsonl"), "-j", "2"],
    }, n)
    check, base = medians["check (JSON)"], medians["hand-written one-pass baseline (JSON)"]
    row(f"check ÷ hand-written baseline, {n:,} (JSON)", f"{check[1] / base[1]:.2f}x CPU",
        f"{check[0] / base[0]:.2f}x wall", "<= 2x")
    check, whole = medians["check (JSON Lines)"], medians["batch (JSON Lines, 2 processes)"]
    row(f"check ÷ batch, {n:,} (JSON Lines)", f"{check[0] / whole[0]:.2f}x wall", f"{check[1] / whole[1]:.2f}x CPU",
        "<= 1x")
    # where checking one JSON Lines report on every core starts to pay: both ways at each size, in turns
    if thresholds is None:
        thresholds = [2_500, 5_000] if n <= 5_000 else [5_000, 10_000, 20_000, 40_000]
    for size in thresholds:
        lines = generate.write_jsonl(tmp / f"t-{size}.jsonl", size, repeated=0.3)
        both = _both_ways(cli, lines, size, out, reps)
        row(f"  one process ÷ a worker per core, {size:,}", f"{both:.2f}x", "", "> 1: the workers pay")
        lines.unlink()
    formats(n, tmp, reps)


def formats(n: int, tmp: Path, reps: int) -> None:
    """``check`` on the same ``n`` findings as CSV, XLSX and YAML (JSON and JSON Lines: ``report``); CSV and XLSX
    carry no audit metadata, so the criteria are given as options (and the report rules on metadata fire)."""
    cli = [*_cli(), "check", "--isolated", "-f", "json"]
    out = tmp / "out.json"
    others = {"CSV": generate.write_csv, "XLSX": generate.write_xlsx, "YAML": generate.write_yaml}
    commands = {}
    for name, writer in others.items():
        path = writer(tmp / f"f-{n}.{name.lower()}", n, repeated=0.3)
        criteria = [a for c in generate.CRITERIA for a in ("--criteria", c)] if name in ("CSV", "XLSX") else []
        commands[f"check ({name})"] = [*cli, *criteria, str(path)]
    for name, (wall, cpu, peak) in _rounds(commands, out, reps).items():
        row(f"{n:,} findings: {name}", f"{wall[len(wall) // 2]:.2f} s wall",
            f"{wall[0]:.2f}–{wall[-1]:.2f} s, peak {peak / 2**20:.0f} MB")
        row("", f"{cpu[len(cpu) // 2]:.2f} s CPU", f"{cpu[0]:.2f}–{cpu[-1]:.2f} s, {n / cpu[len(cpu) // 2]:,.0f}/s")


def _rounds(commands: dict[str, list[str]], out: Path, reps: int) -> dict[str, tuple[list[float], list[float], int]]:
    """Each command ``reps`` times, in turns: sorted wall and CPU times, and the peak memory."""
    got: dict[str, list[tuple[float, int, float]]] = {name: [] for name in commands}
    for _ in range(reps):
        for name, argv in commands.items():
            got[name].append(_measured(argv, out))
    return {name: (sorted(t for t, _, _ in runs), sorted(c for _, _, c in runs), max(m for _, m, _ in runs))
            for name, runs in got.items()}


def _both_ways(cli: list[str], path: Path, n: int, out: Path, reps: int) -> float:
    """``check`` on one JSON Lines report in one process and on a worker per core (the size threshold set by the
    environment, ``FINDINGS_VALIDATOR_PARALLEL_BYTES``), in turns; the ratio of the median wall times."""
    env = dict(os.environ)
    runs: dict[str, list[tuple[float, int, float]]] = {"one process": [], "a worker per core": []}
    for _ in range(reps):
        for name, limit in (("one process", str(1 << 62)), ("a worker per core", "1")):
            os.environ["FINDINGS_VALIDATOR_PARALLEL_BYTES"] = limit
            try:
                runs[name].append(_measured([*cli, str(path)], out))
            finally:
                os.environ.clear()
                os.environ.update(env)
    medians = {}
    for name, got in runs.items():
        wall, cpu = sorted(t for t, _, _ in got), sorted(c for _, _, c in got)
        medians[name] = statistics.median(wall)
        row(f"check, one JSON Lines report of {n:,}: {name}", f"{medians[name]:.2f} s wall",
            f"{wall[0]:.2f}–{wall[-1]:.2f} s, {statistics.median(cpu):.2f} s CPU, "
            f"peak {max(m for _, m, _ in got) / 2**20:.0f} MB")
    return medians["one process"] / medians["a worker per core"]


def folders(tmp: Path, reps: int) -> None:
    """Listing a folder of report files (``runner.expand``, what ``check DIR`` does first): 2,500 to 10,000 files."""
    from findings_validator.runner import expand

    times, cpu_times = {}, {}
    for n in (2_500, 10_000):
        folder = tmp / f"folder-{n}"
        folder.mkdir()
        for i in range(n):
            (folder / f"report-{i:05d}.yaml").write_text("findings: []\n")
        walls, cpus = [], []
        for _ in range(reps):  # wall and CPU time of each listing
            start, cpu = time.perf_counter(), time.process_time()
            expand([str(folder), str(folder / "*.yaml")])
            walls.append(time.perf_counter() - start)
            cpus.append(time.process_time() - cpu)
        times[n], cpu_times[n] = statistics.median(walls), statistics.median(cpus)
        row(f"list a folder of {n:,} reports (and the same files by glob)", f"{times[n] * 1e3:.0f} ms",
            f"{min(walls) * 1e3:.0f}–{max(walls) * 1e3:.0f} ms")
        row("", f"{cpu_times[n] * 1e3:.0f} ms CPU", f"{min(cpus) * 1e3:.0f}–{max(cpus) * 1e3:.0f} ms")
    row("growth 2,500 -> 10,000 files (4x)", f"{cpu_times[10_000] / cpu_times[2_500]:.2f}x CPU",
        f"{times[10_000] / times[2_500]:.2f}x wall", "<= 4.4x")


def dask_workers(n: int, tmp: Path) -> None:
    """The Dask integration on a LocalCluster of two worker processes: ``n`` findings in JSON Lines files of 10,000
    (one partition each), through ``read_jsonl`` and ``check_bag``; the time and each worker's peak resident
    memory (from the kernel's high-water mark), beside ``batch`` on the same findings in one file."""
    try:
        from dask.distributed import Client, LocalCluster

        from findings_validator.integrations.dask import check_bag, read_jsonl
    except ImportError as exc:
        row(f"dask not installed ({exc.name}): pip install 'findings-validator[dask]'", "")
        return
    folder = tmp / "dask"
    folder.mkdir()
    for part in range(0, n, 10_000):
        generate.write_jsonl(folder / f"part-{part // 10_000:03d}.jsonl", min(10_000, n - part), seed=part)
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            Client(cluster) as client:
        client.run(lambda: None)
        start = time.perf_counter()
        count = check_bag(read_jsonl(str(folder / "*.jsonl")), generate.AUDIT).count().compute()
        elapsed = time.perf_counter() - start

        def high_water() -> int:
            for line in Path("/proc/self/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
            return 0

        peaks = client.run(high_water)
    row(f"dask: {count:,} results, LocalCluster of 2 worker processes", f"{elapsed:.1f} s  {n / elapsed:,.0f}/s",
        "peak per worker " + " / ".join(f"{v / 2**20:.0f}" for v in peaks.values()) + " MB")
    whole = tmp / "dask-whole.jsonl"
    generate.write_jsonl(whole, n)
    seconds, peak, _ = _measured([*_cli(), "batch", str(whole), "-o", str(tmp / "dask-batch.jsonl"), "-j", "2"])
    row(f"batch on the same {n:,} findings, 2 processes", f"{seconds:.1f} s  {n / seconds:,.0f}/s",
        f"peak {peak / 2**20:.0f} MB (parent and both workers)")


def _timed_call(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def batch(sizes: list[int], tmp: Path) -> None:
    exe = Path(sys.executable).with_name("findings-validator")
    command = [str(exe)] if exe.exists() else [sys.executable, "-m", "findings_validator"]
    for n in sizes:
        path = generate.write_jsonl(tmp / f"batch-{n}.jsonl", n)
        out = tmp / "results.jsonl"
        start = time.perf_counter()
        proc = subprocess.Popen([*command, "batch", str(path), "-o", str(out), "--jobs", "2"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        peak = 0

        def watch(proc: subprocess.Popen[bytes] = proc) -> None:
            nonlocal peak
            while proc.poll() is None:
                peak = max(peak, _rss_of_tree(proc.pid))
                time.sleep(0.05)

        watcher = threading.Thread(target=watch)
        watcher.start()
        proc.wait()
        watcher.join()
        elapsed = time.perf_counter() - start
        target = "< 60 s, < 200 MB" if n >= 1_000_000 else ""
        row(f"batch {n:,} findings, 2 processes (JSON Lines)", f"{elapsed:.1f} s  {n / elapsed:,.0f}/s",
            f"peak {peak / 2**20:.0f} MB (all processes)", target)
        path.unlink()
        out.unlink(missing_ok=True)


def importtime() -> None:
    """Import cost of a real `check` run: python -X importtime, top-level imports only (their cumulative times)."""
    clean = ROOT / "tests" / "data" / "clean-report.yaml"
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}  # bytecode as installed
    argv = [sys.executable, "-X", "importtime", "-m", "findings_validator", "check", str(clean), "--isolated"]
    subprocess.run(argv, capture_output=True, cwd=ROOT, env=env)
    done = subprocess.run(argv, capture_output=True, text=True, cwd=ROOT, env=env)
    rows = []
    for line in done.stderr.splitlines():
        parts = line.split("|")
        if len(parts) == 3 and parts[1].strip().isdigit() and not parts[2].startswith("  "):
            rows.append((int(parts[1]), parts[2].strip()))  # a top-level import: one indent after the bar
    total = sum(c for c, _ in rows)
    print(f"\n  python -X importtime -m findings_validator check (clean report): {total / 1000:.0f} ms of imports; "
          "largest top-level:")
    for cumulative, name in sorted(rows, reverse=True)[:10]:
        print(f"    {cumulative / 1000:6.1f} ms  {name}")


def _ints(text: str) -> list[int]:
    return [int(part.replace("_", "")) for part in text.split(",") if part.strip()]


STAGES = ["catalogs", "citations", "readers", "rules", "interactive", "end-to-end", "report", "formats", "folders",
          "dask", "batch", "importtime"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller sizes, fewer repetitions")
    parser.add_argument("--only", action="append", choices=STAGES, metavar="STAGE",
                        help=f"run only this stage (repeatable): {', '.join(STAGES)}")
    parser.add_argument("--sizes", type=_ints, metavar="N,N,…",
                        help="report: the sizes of one report (default 2,500 to 100,000; --quick 2,500 and 10,000)")
    parser.add_argument("--formats-n", type=int, metavar="N", help="report and formats: findings in the side-by-side "
                        "and per-format rounds (default 20,000; --quick 5,000; 0: none)")
    parser.add_argument("--thresholds", type=_ints, metavar="N,N,…",
                        help="report: sizes timed in one process and on a worker per core (empty: none)")
    parser.add_argument("--reps", type=int, metavar="N", help="report and formats: rounds of each command (default 3)")
    args = parser.parse_args()
    only = set(args.only or STAGES)
    reps = 3 if args.quick else 5
    n = 5_000 if args.quick else 20_000
    sizes = [10_000, 100_000] if args.quick else [10_000, 100_000, 1_000_000]
    print(f"findings-validator benchmark — {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    print(f"  {'stage':<52} {'median':>16} {'spread (min–max)':>22} target")
    with tempfile.TemporaryDirectory(prefix="fv-bench-") as directory:
        tmp = Path(directory)
        if "catalogs" in only:
            catalogs(reps)
        if "citations" in only:
            citations(200_000 if not args.quick else 50_000, reps)
        if "readers" in only:
            readers(n, tmp, reps)
        if "rules" in only:
            rules(n // 4, reps)
        if "interactive" in only:
            interactive(reps)
        if "end-to-end" in only:
            end_to_end(n, tmp, reps)
        rounds = args.reps or (1 if args.quick else 3)
        formats_n = args.formats_n if args.formats_n is not None else (5_000 if args.quick else 20_000)
        if "report" in only:
            report(args.sizes or ([2_500, 10_000] if args.quick else [2_500, 10_000, 25_000, 40_000, 100_000]),
                   formats_n, tmp, rounds, args.thresholds)
        if "formats" in only and "report" not in only:  # (report ends with it)
            formats(formats_n, tmp, rounds)
        if "folders" in only:
            folders(tmp, reps)
        if "dask" in only:
            dask_workers(20_000 if args.quick else 100_000, tmp)
        if "batch" in only:
            batch(sizes, tmp)
    if "importtime" in only:
        importtime()


if __name__ == "__main__":
    main()
