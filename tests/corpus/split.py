"""Split the labelled corpus once into a train part and a test part; the rule is fixed here and in docs/eval.md.

The rule:

1. Read every record of the source files (files in name order, lines in order; see waves below). Every record must
   load without error (``findings_validator.evaluation.read_records``), record ids must be unique across the
   corpus, and a ``group`` name may be used in one source file only (a group is one report and must not be
   split, nor merged with another file's group of the same name).
2. The unit of the split is a record, or a whole group of records (which go to the same part together).
3. Units are stratified by expected verdict (a group's verdict is the one most of its records carry; on a tie,
   the first record's).
4. Within each stratum, units are ordered by ``sha256(SEED + ":" + key)`` (hex), where ``key`` is the record's id
   or ``group:<name>`` for a group; the first ``ceil(TEST_SHARE * n)`` units of a stratum of ``n`` units go to
   the test part, the others to the train part.
5. Each part is written in source order (file, then line), each record as its source line, to
   ``tests/corpus/train.jsonl`` and ``tests/corpus/test.jsonl``.

``SEED`` and ``TEST_SHARE`` are never changed once the corpus is split. Records are added in *waves*: the source
files directly in ``sources/`` are the first wave, each sub-folder of ``sources/`` (in name order, numbers compared
by value: ``wave10`` after ``wave9``) a later one, and
the rule above is applied to each wave on its own (ids stay unique across the whole corpus). A wave is written
whole before it is split and never added to afterwards, so adding a wave leaves the parts of the earlier waves
exactly as they were: no record moves from the test part to the train part. Rules may be changed while looking at
the train part only; figures are reported on the test part.

Run from the repository root: ``python tests/corpus/split.py`` (``--check`` only compares with the committed
parts and exits 1 when they differ).
"""

from __future__ import annotations

import hashlib
import math
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
SOURCES = HERE / "sources"
SEED = "findings-validator corpus split, 2026-12"
TEST_SHARE = 0.35


@dataclass
class Unit:
    key: str
    lines: list[tuple[int, int, str]] = field(default_factory=list)    # (file number, line number, text)
    verdicts: list[str] = field(default_factory=list)

    @property
    def verdict(self) -> str:
        counts = Counter(self.verdicts)
        top = max(counts.values())
        return next(v for v in self.verdicts if counts[v] == top)

    @property
    def order(self) -> str:
        return hashlib.sha256(f"{SEED}:{self.key}".encode()).hexdigest()


class SplitError(Exception):
    """The corpus cannot be split as it is (a record that does not load, a repeated id or group)."""


def units(sources: list[Path]) -> list[Unit]:
    """The corpus's records, as units of the split (see the module docstring)."""
    from findings_validator.evaluation import RecordError, read_records

    problems: list[str] = []
    out: dict[str, Unit] = {}
    ids: dict[str, str] = {}
    group_file: dict[str, str] = {}
    for number, path in enumerate(sources):
        lines = path.read_text(encoding="utf-8").splitlines()
        for item in read_records(path):
            if isinstance(item, RecordError):
                problems.append(str(item))
                continue
            record = item.record
            where = f"{path.name}:{item.line}"
            if record.id in ids:
                problems.append(f"{where}: record id '{record.id}' is also used at {ids[record.id]}")
                continue
            ids[record.id] = where
            key = record.id
            if record.group is not None:
                key = f"group:{record.group}"
                first = group_file.setdefault(record.group, path.name)
                if first != path.name:
                    problems.append(f"{where}: group '{record.group}' is also used in {first}; "
                                    "a group belongs to one source file")
                    continue
            unit = out.setdefault(key, Unit(key))
            unit.lines.append((number, item.line, lines[item.line - 1]))
            unit.verdicts.append(record.expected.verdict.value)
    if problems:
        raise SplitError("\n".join(problems))
    return list(out.values())


def split(all_units: list[Unit]) -> tuple[list[str], list[str]]:
    """The train and test parts' lines, in source order."""
    strata: dict[str, list[Unit]] = {}
    for unit in all_units:
        strata.setdefault(unit.verdict, []).append(unit)
    train: list[tuple[int, int, str]] = []
    test: list[tuple[int, int, str]] = []
    for stratum in strata.values():
        ordered = sorted(stratum, key=lambda u: u.order)
        cut = math.ceil(TEST_SHARE * len(ordered))
        for i, unit in enumerate(ordered):
            (test if i < cut else train).extend(unit.lines)
    return [text for *_, text in sorted(train)], [text for *_, text in sorted(test)]


def waves(sources_dir: Path = SOURCES) -> list[list[Path]]:
    """The corpus's waves of source files: those directly in ``sources_dir``, then each sub-folder's, in name order
    with numbers compared by value (``wave10`` after ``wave9``)."""
    folders = sorted((p for p in sources_dir.iterdir() if p.is_dir()),
                     key=lambda p: [int(t) if t.isdigit() else t for t in re.split(r"(\d+)", p.name)])
    return [files for files in (sorted(sources_dir.glob("*.jsonl")), *(sorted(f.glob("*.jsonl")) for f in folders))
            if files]


def split_waves(groups: list[list[Path]]) -> tuple[list[str], list[str]]:
    """The train and test parts' lines: each wave split on its own, the waves one after another."""
    all_units = units([path for files in groups for path in files])    # ids and groups checked across waves
    train: list[str] = []
    test: list[str] = []
    first = 0
    for files in groups:
        numbers = range(first, first + len(files))
        wave_train, wave_test = split([u for u in all_units if u.lines[0][0] in numbers])
        train += wave_train
        test += wave_test
        first += len(files)
    return train, test


def texts(sources_dir: Path = SOURCES) -> dict[str, str]:
    """``{"train.jsonl": …, "test.jsonl": …}`` as the rule makes them from ``sources_dir``."""
    train, test = split_waves(waves(sources_dir))
    return {"train.jsonl": "".join(line + "\n" for line in train), "test.jsonl": "".join(line + "\n" for line in test)}


def main(argv: list[str]) -> int:
    try:
        parts = texts()
    except SplitError as exc:
        print(f"cannot split the corpus:\n{exc}", file=sys.stderr)
        return 2
    if "--check" in argv:
        stale = [name for name, text in parts.items()
                 if not (HERE / name).is_file() or (HERE / name).read_text(encoding="utf-8") != text]
        for name in stale:
            print(f"tests/corpus/{name} is not what the split rule makes: run python tests/corpus/split.py",
                  file=sys.stderr)
        return 1 if stale else 0
    for name, text in parts.items():
        (HERE / name).write_text(text, encoding="utf-8")
        print(f"wrote tests/corpus/{name}: {text.count(chr(10))} records", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
