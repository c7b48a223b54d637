"""open_past_limit(): something still open since a date, longer before the audit than a stated time limit."""

from __future__ import annotations

import pytest

from findings_validator.dsl.breach import reading
from findings_validator.engine import build_checker


@pytest.fixture(scope="module")
def found():  # type: ignore[no-untyped-def]
    return reading(build_checker().rules.labels)


@pytest.mark.parametrize(("text", "dates", "expected"), [
    # open longer before the audit than the limit allows, up to three words between the phrase and the date
    ("4 critical CVEs open since scan of 2026-05-02. ISP-VM-01 requires patching within 15 days.", ("2026-07-30",),
     True),
    ("Two NCRs outstanding since 2026-06-01; QP-10 requires closure within 30 days.", ("2026-09-10",), True),
    # within the limit, no limit stated, no audit date and no later date, a date not said open since
    ("4 critical CVEs open since 2026-07-20. ISP-VM-01 requires patching within 15 days.", ("2026-07-30",), False),
    ("4 critical CVEs open since 2026-05-02.", ("2026-07-30",), False),
    ("4 critical CVEs open since 2026-05-02. ISP-VM-01 requires patching within 15 days.", (), False),
    ("Scan of 2026-05-02 found 4 critical CVEs. ISP-VM-01 requires patching within 15 days.", ("2026-07-30",), False),
])
def test_open_since_a_date_against_a_time_limit(found, text: str, dates: tuple[str, ...], expected: bool) -> None:  # type: ignore[no-untyped-def]
    assert found.open_past_limit(text, dates) is expected


def test_without_audit_dates_nothing_is_read(found) -> None:  # type: ignore[no-untyped-def]
    # a later date of the text may be a plan ("target closure"), not when the thing was seen open
    text = "CVE-1 open since 2026-05-02; target closure 2026-09-30. ISP-VM-01 requires patching within 15 days."
    assert not found.open_past_limit(text, ())
    assert found.open_past_limit(text.replace("since ", "since: "), ("2026-07-30",))
