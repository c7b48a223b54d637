"""Layers: the core never imports the command line or the writers; heavy libraries load only when used."""

from __future__ import annotations

import subprocess
import sys

import pytest

CHECK = r'''
import sys
import {module}
loaded = set(sys.modules)
print(",".join(sorted(name for name in {forbidden} if name in loaded)))
'''


@pytest.mark.parametrize(
    ("module", "forbidden"),
    [
        ("findings_validator.engine", ["findings_validator.cli", "findings_validator.writers", "click", "networkx",
                                       "openpyxl"]),
        ("findings_validator.models", ["lark", "findings_validator.citations.parser", "yaml"]),
        ("findings_validator.catalog", ["networkx", "pydantic", "yaml"]),
        ("findings_validator.readers", ["findings_validator.engine", "findings_validator.dsl", "openpyxl",
                                        "findings_validator.writers"]),
        ("findings_validator.writers", ["findings_validator.writers.html_writer", "findings_validator.engine",
                                        "jinja2"]),
        ("findings_validator.cli", ["jinja2", "findings_validator.writers.html_writer"]),
        ("findings_validator.evaluation", ["findings_validator.cli", "findings_validator.writers", "click"]),
    ],
)
def test_module_does_not_load(module: str, forbidden: list[str]) -> None:
    code = CHECK.format(module=module, forbidden=forbidden)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "", f"{module} loads {done.stdout.strip()}"


def test_the_public_names_are_the_lazy_exports_and_all_resolve() -> None:
    import findings_validator

    assert sorted(findings_validator.__all__) == sorted(findings_validator._EXPORTS)
    for name in findings_validator.__all__:
        assert getattr(findings_validator, name) is not None
