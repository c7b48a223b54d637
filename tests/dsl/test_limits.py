"""beyond_limit: a limit the finding states, and whether its own evidence goes beyond it."""

from __future__ import annotations

import pytest

from findings_validator.dsl.limits import beyond_limit

NOTIFY = "Procedure ISMS-PR-06 requires the officer to be notified within 24 h of any incident involving client data."


@pytest.mark.parametrize(("text", "expected"), [
    (NOTIFY + " Incident IR-25-11 (misdirected e-mail, 2025-07-02) was notified on 2025-07-09.", True),
    (NOTIFY + " Incident IR-25-11 (misdirected e-mail, 2025-07-02) was notified on 2025-07-03.", False),
    ("CARs are closed within 30 days. CAR-12 raised 2025-03-01 was closed 2025-03-20.", False),
    ("CARs are closed within 30 days. CAR-12 raised 2025-03-01 was closed 2025-05-20.", True),
    ("Complaints are answered within 5 working days. C-12 received 2 March 2025, answered 9 March 2025.", False),
    ("Complaints are answered within 5 working days. C-12 received 2 March 2025, answered 19 March 2025.", True),
    ("Complaints are answered within five days. C-12 received March 2, 2025, answered March 19, 2025.", True),
    ("Complaints are answered within 5 days.", False),  # a limit with no evidence against it
    ("C-12 received 2025-03-02, answered 2025-05-19.", False),  # evidence with no limit
    ("Night shift had one trained first aider on 2025-05-06; assessment FA-01 sets at least 2 per shift.", True),
    ("Night shift had two trained first aiders on 2025-05-06; assessment FA-01 sets at least 2 per shift.", False),
    ("Records are kept for at least 3 years.", False),
    ("The store had only 1 spill kit. The plan asks for at least 2 spill kits.", False),  # not one sentence
])
def test_beyond_limit(text: str, expected: bool) -> None:
    assert beyond_limit(text) is expected


def test_a_date_without_its_day_is_never_read_as_late() -> None:
    assert not beyond_limit(NOTIFY + " The incident of March 2025 was notified in May 2025.")
