"""departs(text): a departure shown by contrast (revisions, a part of a whole, none, a time over its limit)."""

from __future__ import annotations

import pytest

from findings_validator.dsl.departure import Contrast
from findings_validator.dsl.ruleset import load_rules


@pytest.fixture(scope="module")
def contrast() -> Contrast:
    return Contrast(dict((name, phrases) for name, (_, phrases) in load_rules().lexicons.items()))


@pytest.mark.parametrize("text", [
    "The register lists TW-045 rev A; rev C was in use on the falsework.",
    "WI-FAB-014 revision 3 at the press; the index holds revision 4.",
    "Evaluation of compliance covered 11 of the 17 obligations.",
    "2 out of the 5 drivers sampled.",
    "0 checks were recorded for week 14.",
    "Access must be revoked within one business day; it was revoked after 1, 3 and 4 business days.",
    "Notification is required within 24 h; the incident was notified after 72 h.",
    "The incident was reported after 5 days; the contract requires within 2 days.",
])
def test_departs(contrast: Contrast, text: str) -> None:
    assert contrast.departs(text)


@pytest.mark.parametrize("text", [
    "The register lists TW-045 rev C, the revision on the falsework.",
    "Evaluation of compliance covered 17 of the 17 obligations.",
    "10 checks were recorded; 0.5 mm tolerance; at 10:20.",
    "Access must be revoked within one business day; it was revoked after 1 business day.",
    "Notification is required within 24 h; records are kept for 3 years.",
    "Reported after 1 day; the contract requires within 2 days.",
    "The issue a reviewer raised was closed on 2025-10-14.",
])
def test_does_not_depart(contrast: Contrast, text: str) -> None:
    assert not contrast.departs(text)
