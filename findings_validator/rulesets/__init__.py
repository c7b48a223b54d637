"""The built-in rule pack: the ISO/IEC 17021-1 checks, written in the rules language."""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).resolve().parent


def core_pack() -> list[Path]:
    """Entry point of the built-in pack (group ``findings_validator.rules``): its rule files, in load order."""
    return sorted(HERE.glob("*.rules"))
