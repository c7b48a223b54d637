"""Run the same checks inside Dask: a bag of finding records in, a bag of result records out.

The check is a pure function of (finding, audit, compiled rules, catalogs), so each partition builds (once per
worker process) the same checker the CLI uses and maps ``check_records`` over its records. Nothing is shared
between partitions but read-only data; results are plain dicts, as in the JSON output's ``findings`` list.

    import dask.bag as db
    from findings_validator.integrations.dask import check_bag

    records = db.read_text("s3://archive/findings-*.jsonl").map(json.loads)
    results = check_bag(records, audit={"criteria": ["ISO 9001:2015"]})
    results.filter(lambda r: r.get("verdict") != "valid").to_textfiles("s3://archive/needs-review-*.jsonl")
"""

from __future__ import annotations

from typing import Any

from ..batch import BatchOptions, check_records
from ..models import Audit


def _partition(records: list[dict[str, Any]], audit: dict[str, Any], options: BatchOptions) -> list[dict[str, object]]:
    return list(check_records(records, audit, options))


def check_bag(bag: Any, audit: Audit | dict[str, Any], options: BatchOptions = BatchOptions()) -> Any:
    """``bag``: a ``dask.bag.Bag`` of finding records; returns a bag of result records (lazy, like any bag)."""
    audit_data = audit.model_dump(mode="json") if isinstance(audit, Audit) else dict(audit)
    return bag.map_partitions(_partition, audit_data, options)
