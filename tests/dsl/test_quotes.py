"""text.unquoted: quoted words are someone else's, left out of what the auditor is read to say."""

from __future__ import annotations

import pytest

from findings_validator.dsl.quotes import unquoted


@pytest.mark.parametrize(("text", "expected"), [
    ('WI-12 reads "the team leader should set up a checklist" but none was seen.', "WI-12 reads … but none was seen."),
    ("WI-12 reads “the team leader should set up a checklist”; none seen.", "WI-12 reads …; none seen."),
    ("QP-3 sets «a review every month» for all sites.", "QP-3 sets … for all sites."),
    ("The supervisor said ‘we skip it because of the workload’ on 2025-03-01.", "The supervisor said … on 2025-03-01."),
    ("The operator said 'we skip it because of the workload' on 2025-03-01.", "The operator said … on 2025-03-01."),
    # no quotation: apostrophes, a short label in straight single quotes
    ("The 'cause' field is empty; the operator's log was blank.", "The 'cause' field is empty; the operator's log was blank."),
    ("The auditors' notes and the managers' logs don't match.", "The auditors' notes and the managers' logs don't match."),
    ("Staff don’t know the policy.", "Staff don’t know the policy."),
    # a short phrase right after a word that reports what a record or a person says is their words
    ("The fitter's report records 'operator carelessness' as cause.", "The fitter's report records … as cause."),
    ("Status marked as 'closed' in the workers' log.", "Status marked as … in the workers' log."),
    ("El informe registra 'descuido del operario' como causa.", "El informe registra … como causa."),
    ("", ""),
])
def test_unquoted(text: str, expected: str) -> None:
    assert unquoted(text) == expected
