"""Shared fixtures of the citation tests: the bundled catalogs, loaded once and without the user cache."""

from __future__ import annotations

import warnings

import pytest

with warnings.catch_warnings():
    # Hypothesis imports this module only when a property fails (to write a patch); its import warns, and
    # filterwarnings=error would turn that warning into an INTERNALERROR that hides the failure itself.
    warnings.simplefilter("ignore", DeprecationWarning)
    try:
        import hypothesis.extra._patching  # noqa: F401
    except ImportError:  # pragma: no cover - an older or newer hypothesis
        pass

from findings_validator.catalog import Catalogs, load_catalogs


@pytest.fixture(scope="session")
def catalogs() -> Catalogs:
    return load_catalogs(use_cache=False)
