"""A citation written with the title its number had in a withdrawn edition is that edition's citation."""

from __future__ import annotations

import pytest

from findings_validator.catalog import load_catalogs
from findings_validator.citations import Criteria, Status, resolve_field


@pytest.mark.parametrize(("criteria", "field", "status", "successor"), [
    # the 2008 number written with its 2008 title, in a 2015 audit
    ("ISO 9001:2015", "Clause 8.2.2 Internal audit", Status.OBSOLETE_EDITION, "ISO 9001:2015/9.2"),
    ("ISO 9001:2015", "8.2.2 (Internal audit)", Status.OBSOLETE_EDITION, "ISO 9001:2015/9.2"),
    ("ISO/IEC 27001:2022", "A.9.2.6 Removal of access rights", Status.OBSOLETE_EDITION, None),
    # the audited clause's own title, or a title of nothing older
    ("ISO 9001:2015", "8.2.2 Determining the requirements for products and services", Status.EXACT, None),
    ("ISO 9001:2015", "9.2.2 Internal audit programme", Status.EXACT, None),
    ("ISO 9001:2015", "8.5.1 / WI-12 Moulding", Status.EXACT, None),
    # an edition still in its transition: the changed-meaning rules judge the number (FV113, FV120, FV125)
    ("ISO 14001:2026", "6.1.4 Planning action", Status.EXACT, None),
    # a heading of the withdrawn edition that no map carries over is left to the subject rules
    ("ISO/IEC 27001:2022", "A.8.2 Information classification", Status.EXACT, None),
])
def test_a_title_of_a_withdrawn_edition(criteria: str, field: str, status: Status, successor: str | None) -> None:
    first = resolve_field(field, Criteria((criteria,)), load_catalogs())[0]
    assert first.status is status
    if successor:
        assert successor in {s.clause for s in first.suggestions}
