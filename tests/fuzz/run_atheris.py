"""Coverage-guided fuzzing of the readers and the two grammars with atheris, for a bounded time.

    python tests/fuzz/run_atheris.py TARGET [SECONDS]      # TARGET: one of fuzz_targets.TARGETS, or "all"

Needs ``pip install 'findings-validator[fuzz]'`` (atheris; it builds on CPython 3.11 to 3.13 on Linux and macOS).
The corpus starts from ``fuzz_targets.seeds`` (the bundled examples and rule sets; for ``docx`` and ``pdf``,
Word documents and PDFs written in code from an example, which needs the ``test`` extra too); an input that
crashes its target (an exception other than the library's own errors) is written to ``crashers/<target>/`` and
the run exits 1: keep the file, fix the cause, and the suite replays it from then on (``test_fuzz.py``). "all"
spreads the time over every target, one after the other.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import traceback
from pathlib import Path

HERE = Path(__file__).resolve().parent


def fuzz(name: str, seconds: int) -> int:
    import atheris

    with atheris.instrument_imports(include=["findings_validator"]):  # the library's code, not its dependencies'
        import findings_validator.citations.parser  # noqa: F401
        if name == "rules":
            import findings_validator.dsl  # noqa: F401
        elif name != "citation":
            import findings_validator.readers  # noqa: F401
        if name in ("docx", "pdf"):
            import findings_validator.readers.docx_reader  # noqa: F401
            import findings_validator.readers.pdf_reader  # noqa: F401
    from fuzz_targets import CRASHERS, TARGETS, seeds

    target = TARGETS[name]

    def one_input(data: bytes) -> None:
        try:
            target(data)
        except Exception:
            where = CRASHERS / name
            where.mkdir(parents=True, exist_ok=True)
            path = where / hashlib.sha256(data).hexdigest()[:16]
            path.write_bytes(data)
            print(f"crasher kept: {path}\n{traceback.format_exc()}", file=sys.stderr)
            raise

    corpus = HERE / ".corpus" / name
    corpus.mkdir(parents=True, exist_ok=True)
    for i, seed in enumerate(seeds(name)):
        (corpus / f"seed-{i}").write_bytes(seed)
    atheris.Setup([sys.argv[0], f"-max_total_time={seconds}", "-rss_limit_mb=2048", "-timeout=20",
                   "-print_final_stats=1", str(corpus)], one_input)
    atheris.Fuzz()
    return 0


def main(argv: list[str]) -> int:
    name = argv[1] if len(argv) > 1 else "all"
    seconds = int(argv[2]) if len(argv) > 2 else 60
    sys.path.insert(0, str(HERE))
    from fuzz_targets import TARGETS

    if name != "all":
        return fuzz(name, seconds)
    status = 0
    for each in TARGETS:  # atheris ends its process when its time is up: one process per target
        done = subprocess.run([sys.executable, __file__, each, str(max(1, seconds // len(TARGETS)))],
                              env={**os.environ, "PYTHONPATH": str(HERE)})
        status = status or done.returncode
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv))
