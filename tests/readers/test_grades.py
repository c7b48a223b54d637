"""The grade spellings readers accept (findings_validator/grades.yaml)."""

from __future__ import annotations

import pytest

from findings_validator.catalog.yamlread import read_data_file
from findings_validator.models import GRADES_FILE, Grade, normalise_grade


@pytest.mark.parametrize(("written", "grade"), [
    ("Minor NC", Grade.MINOR), ("Cat 2", Grade.MINOR), ("Area of concern", Grade.OBSERVATION),
    ("major_nonconformity", Grade.MAJOR), ("OFI.", Grade.OFI),
    # the grade words of reports written in other languages
    ("Menor", Grade.MINOR), ("No conformidad mayor", Grade.MAJOR), ("Mineure", Grade.MINOR),
    ("Oportunidade de melhoria", Grade.OFI), ("Hauptabweichung", Grade.MAJOR), ("Osservazione", Grade.OBSERVATION),
    ("Point fort", Grade.POSITIVE),
])
def test_usual_spellings_are_read(written: str, grade: Grade) -> None:
    assert normalise_grade(written) is grade


def test_an_unknown_grade_names_the_accepted_ones() -> None:
    with pytest.raises(ValueError, match="accepted: major, minor"):
        normalise_grade("severe")


def test_each_spelling_belongs_to_one_grade() -> None:
    data = read_data_file(GRADES_FILE)
    assert set(data) == {g.value for g in Grade}
    spellings = [" ".join(str(s).lower().split()) for values in data.values() for s in values]
    assert len(spellings) == len(set(spellings))
