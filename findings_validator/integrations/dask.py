"""Run the same checks inside Dask: finding records in (a bag, or a data frame read from JSON Lines or Parquet),
a bag of result records out, each naming where its finding came from.

The check is a pure function of (finding, audit, compiled rules, catalogs), so each partition builds (once per
worker process) the same checker ``batch`` uses and checks its records one at a time (``check_records``): a
worker holds one partition's records and results, as a ``batch`` worker holds one block. Only finding rules run,
as in ``batch``: report rules need a whole report in one place.

Every result carries ``source``: the partition and the record's number in it (from 1), and, when the records
came with it, the file and line (``read_jsonl``) or the file column of a data frame (``include_path_column``).

    from findings_validator.integrations.dask import check_bag, check_dataframe, read_frame, read_jsonl

    results = check_bag(read_jsonl("s3://archive/findings-*.jsonl"), audit={"criteria": ["ISO 9001:2015"]})
    frame = read_frame("s3://archive/findings/*.parquet", storage_options={"anon": False})
    results = check_dataframe(frame, audit={"criteria": ["ISO 9001:2015"]})
    results.filter(lambda r: r.get("verdict") != "valid").map(json.dumps).to_textfiles("s3://out/review-*.jsonl")

Data frames hold a column per field and a missing value (NaN, None, NA) where a finding has none; those are left
out, as if the field were not written. A list-valued field (``clause``, ``evidence``) is read back as a list
whether the frame holds it as a list, a NumPy array or a pyarrow list, never as the text of a list.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from typing import Any

import orjson

from ..batch import BatchOptions, check_records
from ..models import Audit

Source = dict[str, object]


def _audit_data(audit: Audit | dict[str, Any]) -> dict[str, Any]:
    return audit.model_dump(mode="json") if isinstance(audit, Audit) else dict(audit)


def _with_sources(records: Iterable[tuple[object, Source]], audit: dict[str, Any],
                  options: BatchOptions) -> Iterator[dict[str, object]]:
    """``check_records`` over (record, source) pairs: every result names its source. A record yields its
    problems (``{"problem": …}``), then its result, so each is matched to the record that was just read."""
    sources: list[Source] = []

    def plain() -> Iterator[object]:
        for record, source in records:
            sources.append(source)
            yield record

    for result in check_records(plain(), audit, options):
        result["source"] = sources[-1]
        yield result


# ---- bags --------------------------------------------------------------------------------------------------
def _bag_partition(records: list[object], number: int, audit: dict[str, Any],
                   options: BatchOptions) -> list[dict[str, object]]:
    pairs = []
    for i, record in enumerate(records, 1):
        source: Source = {"partition": number, "record": i}
        if isinstance(record, tuple) and len(record) == 3:   # (record, file, line) from read_jsonl
            record, source["file"], source["line"] = record
        pairs.append((record, source))
    return list(_with_sources(pairs, audit, options))


def check_bag(bag: Any, audit: Audit | dict[str, Any], options: BatchOptions = BatchOptions()) -> Any:
    """``bag``: a ``dask.bag.Bag`` of finding records (dicts), or of ``read_jsonl``'s; returns a bag of result
    records, each with its ``source`` (lazy, like any bag)."""
    import dask
    import dask.bag as db

    audit_data = _audit_data(audit)
    work = dask.delayed(_bag_partition, pure=True)
    return db.from_delayed([work(part, number, audit_data, options)
                            for number, part in enumerate(bag.to_delayed())])


def _jsonl_lines(lines: Iterable[tuple[str, str]]) -> Iterator[tuple[object, str, int]]:
    number = 0
    for line, path in lines:
        number += 1
        text = line.strip()
        if not text:
            continue
        try:
            record = orjson.loads(text)
        except orjson.JSONDecodeError as err:
            record = f"not JSON: {err}"  # checked as a record that cannot be read: a problem naming its line
        if isinstance(record, dict) and set(record) == {"audit"}:  # the file's metadata line
            continue
        yield record, path, number


def read_jsonl(urlpath: str | list[str], **storage_options: Any) -> Any:
    """A bag of the finding records of JSON Lines files (local paths or any fsspec URL: ``s3://…``,
    ``gs://…``), one partition per file, each record with its file and line (a file's first line of metadata
    ``{"audit": …}`` is skipped: give the audit to ``check_bag``)."""
    import dask.bag as db

    lines = db.read_text(urlpath, include_path=True, blocksize=None, storage_options=storage_options or None)
    return lines.map_partitions(lambda part: list(_jsonl_lines(part)))


# ---- data frames -------------------------------------------------------------------------------------------
def _missing(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, float):
        return math.isnan(value)
    try:
        import pandas as pd

        return value is pd.NA or value is pd.NaT
    except ImportError:  # pragma: no cover - a frame is pandas
        return False


def _plain(value: object) -> object:
    """A cell as the report format writes the value: lists (NumPy arrays, pyarrow lists, tuples) as lists of plain
    values, NumPy scalars as Python ones."""
    if isinstance(value, str | bool | int | float | dict):
        return value
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value if not _missing(v)]
    tolist = getattr(value, "tolist", None)  # NumPy arrays and scalars
    if callable(tolist):
        return _plain(tolist())
    as_py = getattr(value, "as_py", None)    # pyarrow scalars
    if callable(as_py):
        return _plain(as_py())
    return value


def _frame_partition(frame: Any, number: int, audit: dict[str, Any], options: BatchOptions,
                     path_column: str | None) -> list[dict[str, object]]:
    columns = [str(c) for c in frame.columns]
    pairs = []
    for i, row in enumerate(frame.itertuples(index=False, name=None), 1):
        record = {name: _plain(value) for name, value in zip(columns, row)
                  if name != path_column and not (_scalar(value) and _missing(value))}
        source: Source = {"partition": number, "record": i}
        if path_column is not None:
            source["file"] = str(row[columns.index(path_column)])
        pairs.append((record, source))
    return list(_with_sources(pairs, audit, options))


def _text_column(dtype: object) -> bool:
    """Whether a column's type is a string type (pandas' ``string``/``str``, pyarrow strings), not ``object``."""
    return str(dtype) in ("string", "str") or "string" in type(dtype).__name__.lower()


def _scalar(value: object) -> bool:
    """Whether ``value`` is a scalar (a missing-value test on an array would test every element)."""
    return not hasattr(value, "__len__") or isinstance(value, str)


def read_frame(urlpath: str | list[str], **options: Any) -> Any:
    """A data frame of finding records from JSON Lines (``.jsonl``, ``.ndjson``, ``.json``: one partition per
    file, with a ``path`` column naming it) or Parquet files, local or at any fsspec URL, read so that list
    values stay lists: with dask's ``dataframe.convert-string`` off (on, it turns a column holding texts and lists
    into text). ``options`` go to ``dd.read_json`` or ``dd.read_parquet`` (``storage_options=…``)."""
    import dask
    import dask.dataframe as dd

    first = urlpath if isinstance(urlpath, str) else urlpath[0]
    with dask.config.set({"dataframe.convert-string": False}):
        if first.rstrip("/").lower().endswith((".jsonl", ".ndjson", ".json")):
            options = {"lines": True, "blocksize": None, "include_path_column": True, **options}
            return dd.read_json(urlpath, **options)
        return dd.read_parquet(urlpath, **options)


LIST_FIELDS = ("clause", "evidence")


def check_dataframe(frame: Any, audit: Audit | dict[str, Any], options: BatchOptions = BatchOptions(), *,
                    path_column: str | None = None) -> Any:
    """``frame``: a ``dask.dataframe.DataFrame`` with a column per finding field (``read_frame``, or
    ``dd.read_json(…, lines=True)`` and ``dd.read_parquet(…)`` with ``dataframe.convert-string`` off); returns a
    bag of result records, each with its ``source`` (partition, row number in it, and the file from
    ``path_column``, by default a ``path`` column, as ``read_frame`` and ``include_path_column`` make).

    Raises ``ValueError`` when ``clause`` or ``evidence`` is a column of strings: dask converts a column that
    holds texts and lists into text (``"['7.1', '8.2']"``), which would change what the findings cite."""
    import dask
    import dask.bag as db

    for name in LIST_FIELDS:
        if name in frame.columns and _text_column(frame.dtypes[name]):
            raise ValueError(f"column {name!r} is a column of strings, so any list in it has become its text; read "
                             "the frame with findings_validator.integrations.dask.read_frame, or inside "
                             "dask.config.set({'dataframe.convert-string': False})")
    if path_column is None and "path" in frame.columns:  # as read_frame and include_path_column name it
        path_column = "path"
    audit_data = _audit_data(audit)
    work = dask.delayed(_frame_partition, pure=True)
    return db.from_delayed([work(part, number, audit_data, options, path_column)
                            for number, part in enumerate(frame.to_delayed())])


__all__ = ["check_bag", "check_dataframe", "read_frame", "read_jsonl"]
