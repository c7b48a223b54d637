"""What the language server does on each (debounced) edit: check a draft held in memory with the warm checker.

    python bench/bench_server.py [--findings 50] [--checks 30] [--seed 2026]

A YAML draft of ``--findings`` synthetic findings (bench/generate.py) is checked once to warm up (the checker is
built at start-up, before any draft is opened), then ``--checks`` times, each time with one character of one
statement changed, as typing does, so that no cache keyed on the text can answer. Printed: wall time per check
(median, fastest, slowest) and, apart, the time to place the diagnostics on their fields (what is published).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import write_yaml  # noqa: E402

from findings_validator.config import load_config  # noqa: E402
from findings_validator.drafts import Drafts  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--findings", type=int, default=50)
    parser.add_argument("--checks", type=int, default=30)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        text = write_yaml(Path(tmp) / "draft.yaml", args.findings, args.seed).read_text(encoding="utf-8")
    started = time.perf_counter()
    drafts = Drafts(load_config(Path.cwd(), isolated=True).config)
    drafts.checker  # noqa: B018 - what the server builds when the editor connects
    built = time.perf_counter() - started
    uri = "file:///bench/draft.yaml"
    first = time.perf_counter()
    diagnostics = drafts.diagnostics(uri, text)
    first = time.perf_counter() - first
    anchor = text.index("statement:") + len("statement: ")
    times: list[float] = []
    for n in range(args.checks):
        edited = text[:anchor] + "abcdefghij"[n % 10] + text[anchor + 1:]
        t0 = time.perf_counter()
        diagnostics = drafts.diagnostics(uri, edited)
        times.append(time.perf_counter() - t0)
    ms = sorted(t * 1000 for t in times)
    print(f"draft: {args.findings} findings, {len(text.encode())} bytes, {len(diagnostics)} diagnostics")
    print(f"start-up (checker built): {built * 1000:.0f} ms; first check: {first * 1000:.1f} ms")
    print(f"warm check, {args.checks} edits: median {statistics.median(ms):.1f} ms, "
          f"fastest {ms[0]:.1f} ms, slowest {ms[-1]:.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
