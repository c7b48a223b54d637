"""The dispatcher: formats, lazy imports, unknown formats, determinism."""

from __future__ import annotations

import subprocess
import sys

import pytest

from findings_validator.errors import ConfigError
from findings_validator.models import ReportResult, RuleInfo
from findings_validator.writers import FORMATS, render


def test_formats() -> None:
    assert FORMATS == ("text", "json", "sarif", "junit", "github", "html", "oscal", "oscal-yaml")


def test_unknown_format_is_a_usage_error_with_a_hint(result: ReportResult, rules: list[RuleInfo]) -> None:
    with pytest.raises(ConfigError) as info:
        render("sarf", [result], rules)
    assert info.value.message == "unknown output format 'sarf'"
    assert info.value.hint == "did you mean 'sarif'? known formats: text, json, sarif, junit, github, html, oscal, oscal-yaml"


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_is_deterministic_and_ends_with_a_newline(fmt: str, result: ReportResult,
                                                               rules: list[RuleInfo]) -> None:
    first = render(fmt, [result], rules)
    assert first == render(fmt, [result], rules)
    assert first.endswith("\n") and not first.endswith("\n\n")


@pytest.mark.parametrize("fmt", FORMATS)
def test_no_results_still_renders(fmt: str, rules: list[RuleInfo]) -> None:
    assert render(fmt, [], rules)


def test_writers_are_imported_only_when_used() -> None:
    code = ("import sys, findings_validator.writers as w; "
            "print(sorted(m for m in sys.modules if m.startswith('findings_validator.writers.')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
