"""The labelled corpus: every record loads, the split is the committed one and follows its rule, and (once the
corpus sources have landed beside the worked examples) the corpus meets its counts."""

from __future__ import annotations

import importlib.util
import json
import sys
from collections import Counter
from pathlib import Path

import pytest

from findings_validator.evaluation import RecordError, read_records
from findings_validator.models import Verdict
from findings_validator.reasons import reason_codes

HERE = Path(__file__).resolve().parent
SOURCES = sorted((HERE / "sources").rglob("*.jsonl"))   # every wave's files
PARTS = {name: HERE / f"{name}.jsonl" for name in ("train", "test")}
FULL_CORPUS = any(path.name != "examples.jsonl" for path in SOURCES)
"""Sources beyond the worked examples exist: from then on the corpus must meet its counts."""


def _script(name: str):  # type: ignore[no-untyped-def]
    """A script of tests/corpus loaded as a module (they are run as scripts, not imported as a package)."""
    module_name = f"corpus_{name}"
    if module_name not in sys.modules:
        spec = importlib.util.spec_from_file_location(module_name, HERE / f"{name}.py")
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[module_name] = module  # dataclasses look their module up while the module runs
        spec.loader.exec_module(module)
    return sys.modules[module_name]


def _ids(path: Path) -> list[str]:
    return [json.loads(line)["id"] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.mark.parametrize("path", [*SOURCES, *PARTS.values()], ids=lambda p: p.name)
def test_every_record_loads_without_error(path: Path) -> None:
    items = list(read_records(path))
    errors = [str(i) for i in items if isinstance(i, RecordError)]
    assert not errors, "\n".join(errors)
    assert items
    assert all(i.record.note for i in items), "every corpus record says why its verdict (note)"


def test_examples_are_the_worked_examples() -> None:
    assert _script("from_examples").text() == (HERE / "sources" / "examples.jsonl").read_text(encoding="utf-8"), \
        "run: python tests/corpus/from_examples.py"


def test_the_committed_split_is_what_the_rule_makes() -> None:
    parts = _script("split").texts()
    for name, path in PARTS.items():
        assert path.read_text(encoding="utf-8") == parts[f"{name}.jsonl"], "run: python tests/corpus/split.py"


def test_the_parts_hold_every_record_once_and_the_test_part_is_at_least_30_percent() -> None:
    train, test = _ids(PARTS["train"]), _ids(PARTS["test"])
    every = [rid for path in SOURCES for rid in _ids(path)]
    assert len(every) == len(set(every)), "record ids are unique across the corpus"
    assert not set(train) & set(test)
    assert sorted(train + test) == sorted(every)
    assert len(test) >= 0.30 * len(every)


@pytest.mark.skipif(not FULL_CORPUS, reason="only the worked examples are in tests/corpus/sources yet; the counts "
                                            "apply once the corpus sources land")
def test_the_corpus_meets_its_counts() -> None:
    records = [i.record for part in PARTS.values() for i in read_records(part) if not isinstance(i, RecordError)]
    assert len(records) >= 400
    assert {r.expected.verdict for r in records} == set(Verdict)
    missing = set(reason_codes()) - {code for r in records for code in r.expected.reasons}
    assert not missing, f"no record carries {sorted(missing)}"
    test = _ids(PARTS["test"])
    assert len(test) >= 0.30 * len(records)
    kinds = Counter(r.kind for r in records)
    assert kinds["published"] + kinds["adapted"] > 0, "the corpus holds published or adapted findings"


def test_the_split_rule(tmp_path: Path) -> None:
    split = _script("split")
    base = json.loads((HERE / "sources" / "examples.jsonl").read_text(encoding="utf-8").splitlines()[0])

    def row(rid: str, verdict: str, group: str | None = None) -> str:
        data = {**base, "id": rid, "expected": {"verdict": verdict, "reasons": [] if verdict == "valid" else ["systemic"]}}
        data.pop("group", None)
        if group:
            data["group"] = group
        return json.dumps(data)

    rows = [row(f"v{i}", "valid") for i in range(10)] + [row(f"i{i}", "invalid") for i in range(7)]
    rows += [row(f"g{i}", "upgrade_to_major", "sys") for i in range(3)]
    (tmp_path / "a.jsonl").write_text("\n".join(rows) + "\n", encoding="utf-8")
    train, test = split.split(split.units([tmp_path / "a.jsonl"]))
    again = split.split(split.units([tmp_path / "a.jsonl"]))
    assert (train, test) == again
    test_ids = [json.loads(line)["id"] for line in test]
    assert sum(rid.startswith("v") for rid in test_ids) == 4       # ceil(0.35 * 10)
    assert sum(rid.startswith("i") for rid in test_ids) == 3       # ceil(0.35 * 7)
    assert {"g0", "g1", "g2"} <= set(test_ids)                     # one unit of 3 records: ceil(0.35 * 1) = 1
    (tmp_path / "b.jsonl").write_text(row("v0", "valid") + "\n" + row("x", "upgrade_to_major", "sys") + "\n",
                                      encoding="utf-8")
    with pytest.raises(split.SplitError) as info:
        split.units([tmp_path / "a.jsonl", tmp_path / "b.jsonl"])
    assert "record id 'v0' is also used at a.jsonl:1" in str(info.value)
    assert "group 'sys' is also used in a.jsonl" in str(info.value)


def test_a_later_wave_leaves_the_earlier_parts_as_they_were(tmp_path: Path) -> None:
    split = _script("split")
    base = json.loads((HERE / "sources" / "examples.jsonl").read_text(encoding="utf-8").splitlines()[0])

    def rows(prefix: str, n: int) -> str:
        verdicts = ["valid", "invalid", "downgrade_to_ofi"]
        return "".join(json.dumps({**base, "id": f"{prefix}{i}", "expected": {
            "verdict": verdicts[i % 3], "reasons": [] if i % 3 == 0 else ["preference"]}}) + "\n" for i in range(n))

    (tmp_path / "first.jsonl").write_text(rows("a", 30), encoding="utf-8")
    before = split.texts(tmp_path)
    (tmp_path / "wave2").mkdir()
    (tmp_path / "wave2" / "more.jsonl").write_text(rows("b", 30), encoding="utf-8")
    after = split.texts(tmp_path)
    for name, text in before.items():
        assert after[name].startswith(text), f"the first wave's {name} changed when a wave was added"
    added = {json.loads(line)["id"] for line in after["test.jsonl"].splitlines()} - \
        {json.loads(line)["id"] for line in before["test.jsonl"].splitlines()}
    assert added and all(rid.startswith("b") for rid in added)
    assert len(added) == 3 * 4                                  # ceil(0.35 * 10) in each of three strata
    (tmp_path / "wave2" / "more.jsonl").write_text(rows("a", 1), encoding="utf-8")
    with pytest.raises(split.SplitError, match="record id 'a0' is also used"):
        split.texts(tmp_path)
