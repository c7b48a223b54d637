"""Shared fixtures: the bundled examples and reference data, the loaded catalogs and rules (loaded once)."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest

with warnings.catch_warnings():
    # Hypothesis imports this module only when a property fails (to write a patch); its import warns, and
    # filterwarnings=error would turn that warning into an INTERNALERROR that hides the failure itself.
    warnings.simplefilter("ignore", DeprecationWarning)
    try:
        import hypothesis.extra._patching  # noqa: F401
    except ImportError:  # pragma: no cover - an older or newer hypothesis
        pass

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
DATA = Path(__file__).resolve().parent / "data"
REFERENCE = DATA / "reference"


@pytest.fixture(scope="session")
def catalogs():  # type: ignore[no-untyped-def]
    from findings_validator.catalog import load_catalogs

    return load_catalogs()


@pytest.fixture(scope="session")
def rules():  # type: ignore[no-untyped-def]
    from findings_validator.dsl import load_rules

    return load_rules()


@pytest.fixture(scope="session")
def checker(rules, catalogs):  # type: ignore[no-untyped-def]
    from findings_validator.engine import Checker

    return Checker(rules, catalogs)


@pytest.fixture(autouse=True, scope="session")
def _private_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Tests never read or write the user's cache directory."""
    import os

    os.environ.setdefault("FINDINGS_VALIDATOR_CACHE", str(tmp_path_factory.mktemp("cache")))
