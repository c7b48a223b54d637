"""Shared fixtures: the bundled examples and reference data, the loaded catalogs and rules (loaded once)."""

from __future__ import annotations

import shutil
import warnings
from pathlib import Path

import pytest
from hypothesis import settings

with warnings.catch_warnings():
    # Hypothesis imports this module only when a property fails (to write a patch); its import warns, and
    # filterwarnings=error would turn that warning into an INTERNALERROR that hides the failure itself.
    warnings.simplefilter("ignore", DeprecationWarning)
    try:
        import hypothesis.extra._patching  # noqa: F401
    except ImportError:  # pragma: no cover - an older or newer hypothesis
        pass

settings.register_profile("repeatable", derandomize=True, database=None, deadline=None)
settings.register_profile("explore", deadline=None)

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


def pytest_configure(config: pytest.Config) -> None:
    """Before any test module is imported: a cache directory of this session's own, so that no test reads or
    writes the user's cache (nor one named by their FINDINGS_VALIDATOR_CACHE), and property tests that draw the
    same examples on every run (``--hypothesis-profile=explore`` draws new ones, and keeps failures in
    ``.hypothesis/``)."""
    import os
    import tempfile

    cache = tempfile.mkdtemp(prefix="findings-validator-cache-")
    config.add_cleanup(lambda: shutil.rmtree(cache, ignore_errors=True))
    os.environ["FINDINGS_VALIDATOR_CACHE"] = cache
    if not config.getoption("hypothesis_profile", None):
        settings.load_profile("repeatable")
