"""Reason codes: the defects a rule can detect and a labelled finding can carry (``reason_codes.yaml``)."""

from __future__ import annotations

import difflib
from functools import lru_cache
from pathlib import Path


FILE = Path(__file__).resolve().parent / "reason_codes.yaml"


@lru_cache(maxsize=1)
def reason_codes() -> dict[str, str]:
    """Every reason code and its one-line meaning, in the file's order."""
    from .catalog.yamlread import read_data_file  # only when rules or labelled findings are checked

    data = read_data_file(FILE)
    return {str(code): str(meaning) for code, meaning in data.items()}


def unknown_code_hint(code: str) -> str:
    """What to say about a code that is not in the list: the closest known code, or the whole list."""
    codes = list(reason_codes())
    close = difflib.get_close_matches(code, codes, n=1)
    return f"did you mean '{close[0]}'?" if close else f"known codes: {', '.join(codes)}"


def codes_markdown() -> str:
    """The codes as a Markdown table (docs/dsl.md and docs/eval.md hold it; tests keep them current)."""
    rows = [f"| `{code}` | {meaning} |" for code, meaning in reason_codes().items()]
    return "\n".join(["| code | meaning |", "| --- | --- |", *rows])
